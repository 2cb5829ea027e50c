import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { describe, expect, it, vi } from 'vitest';
import { toArrowIpc } from '../../src/lib/contract/arrow';
import { emptyTables } from '../../src/lib/contract/canonical';
import { TABLE_NAMES, type Observation } from '../../src/lib/contract/schema';
import { loadTables, type Engine } from '../../src/lib/db/prepare';
import { nodeDuckDb } from '../../src/lib/server/node-duckdb';
import { addToLocalLayer, compareWithLoaded, pendingRows, restoreUploads, uploadsInLayer, whenLayered } from '../../src/lib/upload/local-layer';
import type { StoredUpload } from '../../src/lib/upload/store';

/** An engine with every published table loaded empty, as a page's is before its first upload. */
async function emptyDb() {
  const db = await nodeDuckDb();
  await loadTables(db, TABLE_NAMES.map((name) => ({ name, bytes: toArrowIpc(name, emptyTables()[name]) })));
  return db;
}

describe('the local layer of uploads', () => {
  it('takes an upload saved before targets joined the contract (it has no targets) as it was', async () => {
    const db = await emptyDb();
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
    const db = await emptyDb();
    // An areas table as an older version might have saved it: no parent_code column, columns in another order.
    const older = tableToIPC(tableFromArrays({ area_type: ['hub'], area_name: ['Widnes'], area_code: ['E06000006-N1'] }), 'stream');
    await addToLocalLayer(db, { ipc: { areas: older } });
    expect(await db.query('SELECT area_code, area_name, area_type, parent_code FROM local_areas')).toEqual([
      { area_code: 'E06000006-N1', area_name: 'Widnes', area_type: 'hub', parent_code: null },
    ]);
  }, 30_000);

  it('loads an upload all or nothing: one table that no longer fits leaves none of its rows behind', async () => {
    const db = await emptyDb();
    const row: Observation = {
      metric: 'ascof_2a2', area_code: 'E06000006', period_start: '2020-04-01', period_type: 'financial_year', breakdown: 'total',
      numerator: 34, denominator: 24_105, published_value: null, suppressed: false, source: 'old.csv:2',
    };
    const unfit = tableToIPC(tableFromArrays({ area_code: ['E06000006'], colour: ['blue'] }), 'stream');
    const before = await db.query('DESCRIBE local_observations');
    await expect(addToLocalLayer(db, { ipc: { observations: toArrowIpc('observations', [row]), populations: unfit } })).rejects.toThrow(/Table "local_populations" does not have a column/);
    expect(await db.query('SELECT count(*)::INTEGER AS n FROM local_observations')).toEqual([{ n: 0 }]);
    // The observations' Arrow had become the empty table: the table as it was is back.
    expect(await db.query('DESCRIBE local_observations')).toEqual(before);
    expect(await db.query(`SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = 'upload_rows'`)).toEqual([{ n: 0 }]);
  }, 30_000);

  it("makes a first upload whose columns are the table's own the table itself, with the rows and types a copy would give", async () => {
    const rows: Observation[] = Array.from({ length: 3000 }, (_, i) => ({
      metric: 'dtoc', area_code: `E06000006-N${1 + (i % 4)}`, period_start: `20${10 + Math.floor(i / 400)}-0${1 + (Math.floor(i / 4) % 9)}-01`, period_type: 'month',
      breakdown: ['total', 'nhs', 'social_care', 'both'][Math.floor(i / 36) % 4]!, numerator: i % 11, denominator: i % 7 === 0 ? null : 5000 + i,
      published_value: i % 5 === 0 ? 1.5 : null, suppressed: i % 13 === 0, source: `big.csv:${i + 2}`,
    }));
    const layered = async (first: 'copied' | 'whole') => {
      const db = await emptyDb();
      // A row already held makes the layer copy the upload's rows in, as every later upload is.
      if (first === 'copied') await db.query(`INSERT INTO local_observations BY NAME SELECT 'x' AS metric, 'x' AS area_code`);
      const columns = await db.query('DESCRIBE local_observations');
      const sent: string[] = [];
      const query = db.query.bind(db);
      db.query = ((sql: string, params?: (string | number)[]) => (sent.push(sql), query(sql, params))) as typeof db.query;
      await addToLocalLayer(db, { ipc: { observations: toArrowIpc('observations', rows) } });
      expect(await db.query('DESCRIBE local_observations')).toEqual(columns);
      // Not copied row by row into the empty table.
      expect(sent.some((q) => q.startsWith('INSERT INTO local_observations'))).toBe(first === 'copied');
      return db.query(`SELECT * EXCLUDE (source_file, source_row), source_file, source_row FROM local_observations WHERE metric <> 'x' ORDER BY source_row`);
    };
    const [copied, whole] = await Promise.all([layered('copied'), layered('whole')]);
    expect(whole).toHaveLength(3000);
    expect(whole).toEqual(copied);
  }, 60_000);

  it('sends nothing for a table an upload holds no rows of, and adds its other tables as before', async () => {
    const db = await emptyDb();
    const row: Observation = {
      metric: 'ascof_2a2', area_code: 'E06000006-N1', period_start: '2020-04-01', period_type: 'financial_year', breakdown: 'total',
      numerator: 34, denominator: 24_105, published_value: null, suppressed: false, source: 'records.csv:2',
    };
    const sent: string[] = [];
    const query = db.query.bind(db);
    db.query = ((sql: string, params?: (string | number)[]) => (sent.push(sql), query(sql, params))) as typeof db.query;
    // As a record-level upload comes: observations and hubs, the other tables empty.
    const ipc = Object.fromEntries(TABLE_NAMES.map((name) => [name, toArrowIpc(name, emptyTables()[name])]));
    ipc.observations = toArrowIpc('observations', [row]);
    ipc.areas = toArrowIpc('areas', [{ area_code: 'E06000006-N1', area_name: 'Widnes', area_type: 'hub', parent_code: 'E06000006' }]);
    await addToLocalLayer(db, { ipc });
    expect(sent.filter((q) => /local_(populations|targets|metrics)/.test(q))).toEqual([]);
    expect(await db.query('SELECT area_code, numerator FROM local_observations')).toEqual([{ area_code: 'E06000006-N1', numerator: 34 }]);
    expect(await db.query('SELECT area_code, parent_code FROM local_areas')).toEqual([{ area_code: 'E06000006-N1', parent_code: 'E06000006' }]);
  }, 30_000);

  it('on a page load leaves the observations for later: counted, their columns checked at once, put in (in order) before the layer is read', async () => {
    const db = await emptyDb();
    const row = (area: string, numerator: number, source: string): Observation => ({
      metric: 'ascof_2a2', area_code: area, period_start: '2020-04-01', period_type: 'financial_year', breakdown: 'total',
      numerator, denominator: 24_105, published_value: null, suppressed: false, source,
    });
    const stored = (id: string, ipc: StoredUpload['ipc']) => ({ id, name: `${id}.csv`, uploaded_at: '', report: {}, ipc }) as unknown as StoredUpload;
    const uploads = [
      stored('a', { observations: toArrowIpc('observations', [row('E06000006-N1', 34, 'a.csv:2'), row('E06000006-N2', 9, 'a.csv:3')]), areas: toArrowIpc('areas', [{ area_code: 'E06000006-N1', area_name: 'Widnes', area_type: 'hub', parent_code: 'E06000006' }]) }),
      // Its row replaces the first upload's of the same key, as if it had gone in at once.
      stored('b', { observations: toArrowIpc('observations', [row('E06000006-N1', 35, 'b.csv:2')]) }),
      // Observations that no longer fit the table: set aside now, not found out later.
      stored('c', { observations: tableToIPC(tableFromArrays({ metric: ['ascof_2a2'], colour: ['blue'] }), 'stream') }),
    ];
    const { setAside } = await restoreUploads(db, { later: true, stored: Promise.resolve(uploads) });
    expect(setAside.map((u) => u.name)).toEqual(['c.csv']);
    expect(uploadsInLayer()).toEqual(['a', 'b']);
    expect(pendingRows()).toBe(3);
    expect(await db.query('SELECT count(*)::INTEGER AS n FROM local_observations')).toEqual([{ n: 0 }]);
    expect(await db.query('SELECT area_code FROM local_areas')).toEqual([{ area_code: 'E06000006-N1' }]);
    // Comparing a file with what is loaded waits for them.
    expect(await compareWithLoaded(db, toArrowIpc('observations', [row('E06000006-N1', 35, 'd.csv:2')]))).toEqual({ accepted: 0, revised: 0, unchanged: 1 });
    expect(pendingRows()).toBe(0);
    expect(await db.query('SELECT area_code, numerator FROM local_observations ORDER BY area_code')).toEqual([
      { area_code: 'E06000006-N1', numerator: 35 },
      { area_code: 'E06000006-N2', numerator: 9 },
    ]);
  }, 30_000);

  it('puts observations left for later in whole or not at all: an engine failing midway leaves the layer as it was', async () => {
    const db = await emptyDb();
    // The engine fails (out of memory, say) at one statement, the one matching `failAt`, having
    // run those sent before it (in the same query, too).
    let failAt: RegExp | null = null;
    const failing = new Proxy(db, {
      get(target, name) {
        if (name === 'query') {
          return async (sql: string, params?: (string | number)[]) => {
            const at = failAt ? sql.search(failAt) : -1;
            if (at < 0) return target.query(sql, params);
            if (sql.slice(0, at).trim()) await target.query(sql.slice(0, at));
            throw new Error('Out of Memory Error');
          };
        }
        const value = Reflect.get(target, name) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as Engine;
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const row = (area: string, numerator: number, source: string): Observation => ({
      metric: 'ascof_2a2', area_code: area, period_start: '2020-04-01', period_type: 'financial_year', breakdown: 'total',
      numerator, denominator: 24_105, published_value: null, suppressed: false, source,
    });
    const stored = (id: string, rows: Observation[]) => ({ id, name: `${id}.csv`, uploaded_at: '', report: {}, ipc: { observations: toArrowIpc('observations', rows) } }) as unknown as StoredUpload;
    const local = () => db.query('SELECT area_code, numerator FROM local_observations ORDER BY area_code');
    try {
      // Into the empty table, the upload becomes the table: failing as it is renamed, the table stays.
      await restoreUploads(failing, { later: true, stored: Promise.resolve([stored('a', [row('E06000006-N1', 34, 'a.csv:2')])]) });
      failAt = /ALTER TABLE upload_rows RENAME/;
      await whenLayered(failing);
      expect(await local()).toEqual([]);
      // Over rows held, the upload's replace those of its keys: failing as they go in, none is lost.
      failAt = null;
      const again = await restoreUploads(failing, { later: true, stored: Promise.resolve([stored('a', [row('E06000006-N1', 34, 'a.csv:2'), row('E06000006-N2', 9, 'a.csv:3')]), stored('b', [row('E06000006-N1', 35, 'b.csv:2')])]) });
      expect(again.setAside).toEqual([]);
      failAt = /INSERT INTO local_observations BY NAME/;
      await whenLayered(failing);
      expect(await local()).toEqual([{ area_code: 'E06000006-N1', numerator: 34 }, { area_code: 'E06000006-N2', numerator: 9 }]);
      expect(warned).toHaveBeenCalledTimes(2);
    } finally {
      warned.mockRestore();
    }
  }, 30_000);
});
