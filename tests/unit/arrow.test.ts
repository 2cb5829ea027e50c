import { describe, expect, it } from 'vitest';
import { columnsToArrowIpc, columnsToArrowIpcParts, extractColumns, fromArrowIpc, rowsToColumns, toArrowIpc } from '../../src/lib/contract/arrow';
import { generateDemo } from '../../pipelines/demo/generate';

describe('Arrow extracts', () => {
  it('read back exactly what was written, dates and nulls included', () => {
    const demo = generateDemo();
    const obs = demo.observations.slice(0, 500).map((o, i) => (i % 7 === 0 ? { ...o, denominator: null, published_value: 12.3, suppressed: true } : o));
    expect(fromArrowIpc('observations', toArrowIpc('observations', obs))).toEqual(obs);
    expect(fromArrowIpc('areas', toArrowIpc('areas', demo.areas))).toEqual(demo.areas);
    expect(fromArrowIpc('populations', toArrowIpc('populations', demo.populations))).toEqual(demo.populations);
    expect(fromArrowIpc('populations', toArrowIpc('populations', []))).toEqual([]);
    const targets = demo.targets.slice(0, 50).map((t, i) => ({ ...t, source: `targets.csv:${i + 2}` }));
    expect(fromArrowIpc('targets', toArrowIpc('targets', targets))).toEqual(targets);
  });

  it('come as pieces (the columns\' own buffers among them) that joined are the stream written whole', async () => {
    const demo = generateDemo();
    const obs = demo.observations.slice(0, 3000).map((o, i) => (i % 5 === 0 ? { ...o, denominator: null, published_value: 4.5, suppressed: true } : o));
    for (const [name, rows] of [['observations', obs], ['areas', demo.areas], ['populations', []]] as const) {
      const columns = rowsToColumns(name, rows as never);
      const parts = await columnsToArrowIpcParts(name, columns);
      const whole = columnsToArrowIpc(name, columns);
      expect(parts.length).toBeGreaterThan(2);
      expect(fromArrowIpc(name, Buffer.concat(parts))).toEqual(rows);
      // Byte for byte but for Arrow's dictionary ids, which each table built takes afresh (a count kept per process).
      expect(Buffer.concat(parts).length).toBe(whole.length);
      expect(extractColumns(name, Buffer.concat(parts))).toEqual(extractColumns(name, whole));
    }
  });
});
