import { describe, expect, it } from 'vitest';
import { fromArrowIpc, toArrowIpc } from '../../src/lib/contract/arrow';
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
});
