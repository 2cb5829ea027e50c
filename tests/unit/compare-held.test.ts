// A file the upload page's DuckDB read is compared with what is loaded (new, revised, unchanged
// rows) without joining every row where no loaded row is of its areas (compareHeld): the same
// counts as the join (compareTableWithLoaded) in every case.
import { describe, expect, it } from 'vitest';
import { toArrowIpc } from '../../src/lib/contract/arrow';
import { emptyTables } from '../../src/lib/contract/canonical';
import { TABLE_NAMES, type Observation } from '../../src/lib/contract/schema';
import { loadTables } from '../../src/lib/db/prepare';
import { nodeDuckDb } from '../../src/lib/server/node-duckdb';
import { compareHeld } from '../../src/lib/upload/compare-held';
import { addToLocalLayer, compareTableWithLoaded } from '../../src/lib/upload/local-layer';

const row = (area_code: string, period_start: string, numerator: number): Observation => ({
  metric: 'dtoc', area_code, period_start, period_type: 'month', breakdown: 'total', numerator, denominator: 100_000, published_value: null, suppressed: false, source: 'x.csv:2',
});

describe('comparing the rows a file left in DuckDB with what is loaded', () => {
  it('gives the counts the join gives, without the join where no loaded row is of their areas', async () => {
    const db = await nodeDuckDb();
    // Published: Halton's April and May; uploaded before: Wirral's April.
    const published = [row('E06000006', '2019-04-01', 10), row('E06000006', '2019-05-01', 11)];
    await loadTables(db, TABLE_NAMES.map((name) => ({ name, bytes: toArrowIpc(name, name === 'observations' ? published : emptyTables()[name]) })));
    await addToLocalLayer(db, { ipc: { observations: toArrowIpc('observations', [row('E08000015', '2019-04-01', 20)]) } });
    const sent: string[] = [];
    const watched = { ...db, query: ((sql: string, params?: (string | number)[]) => (sent.push(sql), db.query(sql, params))) as typeof db.query };
    const cases: [string, Observation[], { accepted: number; revised: number; unchanged: number }][] = [
      // Hubs nothing loaded holds: every row new.
      ['hubs', [row('E06000006-N1', '2019-04-01', 1), row('E06000006-N2', '2019-04-01', 2), row('E06000006-N1', '2019-05-01', 3)], { accepted: 3, revised: 0, unchanged: 0 }],
      // Halton's published rows: one revised, one as it is, one new month.
      ['published', [row('E06000006', '2019-04-01', 12), row('E06000006', '2019-05-01', 11), row('E06000006', '2019-06-01', 5), row('E06000006-N1', '2019-04-01', 1)], { accepted: 2, revised: 1, unchanged: 1 }],
      // Wirral's uploaded row, as it is.
      ['uploaded', [row('E08000015', '2019-04-01', 20)], { accepted: 0, revised: 0, unchanged: 1 }],
    ];
    for (const [name, rows, counts] of cases) {
      await db.insertArrow(`held_${name}`, toArrowIpc('observations', rows));
      sent.length = 0;
      const fast = await compareHeld(watched, `held_${name}`, rows.length, [...new Set(rows.map((r) => r.area_code))]);
      const joined = sent.some((q) => q.includes('LEFT JOIN current'));
      expect([name, fast, joined]).toEqual([name, counts, name !== 'hubs']);
      expect(await compareTableWithLoaded(db, `held_${name}`)).toEqual(counts);
    }
  }, 60_000);
});
