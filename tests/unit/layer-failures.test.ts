// An upload kept in this browser whose rows cannot be put back into the page's DuckDB after a
// reload (the deferred layer, which no one waits for): the page is told, by the upload's name and
// in plain words, and what is loaded stays.
import { describe, expect, it, vi } from 'vitest';
import { toArrowIpc } from '../../src/lib/contract/arrow';
import { emptyTables } from '../../src/lib/contract/canonical';
import { TABLE_NAMES, type Observation } from '../../src/lib/contract/schema';
import { loadTables, type Engine } from '../../src/lib/db/prepare';
import { nodeDuckDb } from '../../src/lib/server/node-duckdb';
import { layerFailures, layerFailureText } from '../../src/lib/upload/layer-failures.svelte';
import { restoreUploads, whenLayered } from '../../src/lib/upload/local-layer';
import type { StoredUpload } from '../../src/lib/upload/store';

const row = (area: string, numerator: number): Observation => ({
  metric: 'ascof_2a2', area_code: area, period_start: '2020-04-01', period_type: 'financial_year', breakdown: 'total',
  numerator, denominator: 24_105, published_value: null, suppressed: false, source: 'x.csv:2',
});
const stored = (id: string, rows: Observation[]) => ({ id, name: `${id}.csv`, uploaded_at: '', report: {}, ipc: { observations: toArrowIpc('observations', rows) } }) as unknown as StoredUpload;

describe('an upload whose rows cannot be put back after a reload', () => {
  it('is named to the reader, in plain words, and what is loaded stays', async () => {
    const db = await nodeDuckDb();
    await loadTables(db, TABLE_NAMES.map((name) => ({ name, bytes: toArrowIpc(name, emptyTables()[name]) })));
    // The engine runs out of memory as the second upload's rows go in (a count of 3 in its message: never shown).
    let fail = false;
    const failing = { ...db, query: ((sql: string, params?: (string | number)[]) => (fail && /INSERT INTO local_observations BY NAME/.test(sql) ? Promise.reject(new Error('Out of Memory Error: numerator 3')) : db.query(sql, params))) as Engine['query'] } as Engine;
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await restoreUploads(failing, { later: true, stored: Promise.resolve([stored('first', [row('E06000006-N1', 34)]), stored('second', [row('E06000006-N2', 3)])]) });
      fail = true;
      await whenLayered(failing);
    } finally {
      warned.mockRestore();
    }
    expect(layerFailures).toEqual([{ name: 'second.csv', reason: 'the browser ran out of memory' }]);
    const text = layerFailureText(layerFailures)!;
    expect(text).toBe('Your upload second.csv could not be loaded into this page (the browser ran out of memory): some of its figures may be missing from the charts, tables and comparisons. Everything else is shown as usual. Reload the page to try again.');
    expect(text).not.toMatch(/3|numerator/);
    expect(await db.query('SELECT area_code, numerator FROM local_observations')).toEqual([{ area_code: 'E06000006-N1', numerator: 34 }]);
    // Put back again (the upload page does after an Add or a Remove): the failure is no longer said.
    fail = false;
    await restoreUploads(failing, { later: true, stored: Promise.resolve([stored('first', [row('E06000006-N1', 34)])]) });
    expect(layerFailureText(layerFailures)).toBeNull();
  }, 30_000);
});
