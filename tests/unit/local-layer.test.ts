import { tableFromArrays, tableToIPC } from 'apache-arrow';
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
    expect(await db.query('SELECT count(*)::INTEGER AS n FROM local_metrics')).toEqual([{ n: 0 }]);
  }, 30_000);

  it('matches columns by name, so a table saved without a later column loads with it empty', async () => {
    const db = await nodeDuckDb();
    await loadTables(db, TABLE_NAMES.map((name) => ({ name, bytes: toArrowIpc(name, emptyTables()[name]) })));
    // An areas table as an older version might have saved it: no parent_code column, columns in another order.
    const older = tableToIPC(tableFromArrays({ area_type: ['hub'], area_name: ['Widnes'], area_code: ['E06000006-N1'] }), 'stream');
    await addToLocalLayer(db, { ipc: { areas: older } });
    expect(await db.query('SELECT area_code, area_name, area_type, parent_code FROM local_areas')).toEqual([
      { area_code: 'E06000006-N1', area_name: 'Widnes', area_type: 'hub', parent_code: null },
    ]);
  }, 30_000);

  it('loads an upload all or nothing: one table that no longer fits leaves none of its rows behind', async () => {
    const db = await nodeDuckDb();
    await loadTables(db, TABLE_NAMES.map((name) => ({ name, bytes: toArrowIpc(name, emptyTables()[name]) })));
    const row: Observation = {
      metric: 'ascof_2a2', area_code: 'E06000006', period_start: '2020-04-01', period_type: 'financial_year', breakdown: 'total',
      numerator: 34, denominator: 24_105, published_value: null, suppressed: false, source: 'old.csv:2',
    };
    const unfit = tableToIPC(tableFromArrays({ area_code: ['E06000006'], colour: ['blue'] }), 'stream');
    await expect(addToLocalLayer(db, { ipc: { observations: toArrowIpc('observations', [row]), populations: unfit } })).rejects.toThrow(/Table "local_populations" does not have a column/);
    expect(await db.query('SELECT count(*)::INTEGER AS n FROM local_observations')).toEqual([{ n: 0 }]);
  }, 30_000);
});
