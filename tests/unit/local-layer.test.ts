import { describe, expect, it } from 'vitest';
import { toArrowIpc } from '../../src/lib/contract/arrow';
import { emptyTables } from '../../src/lib/contract/canonical';
import { TABLE_NAMES, type Observation } from '../../src/lib/contract/schema';
import { loadTables } from '../../src/lib/db/prepare';
import { nodeDuckDb } from '../../src/lib/server/node-duckdb';
import { addToLocalLayer } from '../../src/lib/upload/local-layer';

describe('the local layer of uploads', () => {
  it('takes an upload saved before targets joined the contract (it has no targets) as it was', async () => {
    const db = await nodeDuckDb();
    await loadTables(db, TABLE_NAMES.map((name) => ({ name, bytes: toArrowIpc(name, emptyTables()[name]) })));
    const row: Observation = {
      metric: 'ascof_2a2', area_code: 'E06000006', period_start: '2020-04-01', period_type: 'financial_year', breakdown: 'total',
      numerator: 34, denominator: 24_105, published_value: null, suppressed: false, source: 'old.csv:2',
    };
    const saved = { ipc: { observations: toArrowIpc('observations', [row]), areas: toArrowIpc('areas', []), populations: toArrowIpc('populations', []) } };
    await addToLocalLayer(db, saved);
    expect(await db.query('SELECT numerator FROM local_observations')).toEqual([{ numerator: 34 }]);
    expect(await db.query('SELECT count(*)::INTEGER AS n FROM local_targets')).toEqual([{ n: 0 }]);
  }, 30_000);
});
