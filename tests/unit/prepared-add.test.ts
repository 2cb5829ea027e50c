// An upload's rows added to metric_values while its report is read (upload/prepared-add.ts), in
// tables beside the page's own, then put in their place on Add: the page must end with exactly the
// tables adding it then would have made (every row of metric_values, what suppression hid, the
// areas, targets and local rows), keep the same build for the next page load, and change nothing
// before Add, nor leave anything behind on Discard or where its tables changed meanwhile.
import { tableFromIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractColumns, toArrowIpc } from '../../src/lib/contract/arrow';
import { ownRowSql, rebuiltMetrics } from '../../src/lib/metrics/rule-rows';
import type { Area, Observation, Population } from '../../src/lib/contract/schema';
import { buildMetricValues, queryHeld, tablesChanged, type Engine, type KeptBuild } from '../../src/lib/db/prepare';
import { allMetrics } from '../../src/lib/definitions';
import { nodeDuckDb } from '../../src/lib/server/node-duckdb';
import { addToLocalLayer } from '../../src/lib/upload/local-layer';
import { prepareAdd } from '../../src/lib/upload/prepared-add';
import { mulberry32 } from '../../pipelines/demo/random';
import { KEYS, publishDemo, type PublishedDemo } from '../helpers/published-demo';

// DuckDB sums doubles in no fixed order, so the DSR sums of two builds may differ in their last bits.
const close = (x: unknown) => (typeof x === 'number' ? Number(x.toPrecision(12)) + 0 : x);
const rowsOf = async (db: Engine, sql: string) => (await db.query(sql)).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, close(v)])));
/** Every table a page reads of an add, every row of each in key order. */
const everything = async (db: Engine) => ({
  values: await rowsOf(db, `SELECT ${KEYS}, * EXCLUDE (metric, area_code, period_start, period_type, breakdown) FROM metric_values ORDER BY ALL`),
  areas: await rowsOf(db, 'SELECT * FROM all_areas ORDER BY ALL'),
  targets: await rowsOf(db, 'SELECT * FROM metric_targets ORDER BY ALL'),
  local: await rowsOf(db, `SELECT ${KEYS}, * EXCLUDE (metric, area_code, period_start, period_type, breakdown) FROM local_observations ORDER BY ALL`),
  types: await db.query('DESCRIBE metric_values'),
});
/** `db`, with every query it is sent written down in `asked`. */
const logged = (db: Engine, asked: string[]): Engine => ({
  ...db,
  query: (sql, params) => (asked.push(sql), db.query(sql, params)),
  queryTable: (sql, params) => (asked.push(sql), db.queryTable(sql, params)),
});
const tablesOf = async (db: Engine) => (await db.query<{ name: string }>('SELECT table_name AS name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1')).map((t) => t.name);

describe('an upload added while its report is read', () => {
  let demo: PublishedDemo;
  beforeAll(async () => {
    demo = await publishDemo('bcf-prepared-add-');
  }, 240_000);
  const loaded = () => demo.loaded();

  const hubs = Array.from({ length: 12 }, (_, i): Area => ({ area_code: `T${i}`, area_name: `Test hub ${i}`, area_type: 'hub', parent_code: i % 2 ? 'E06000006' : 'E08000005' }));
  /** Hub rows (small counts among them) and revisions of published rows: an upload of observations only. */
  function observations(seed: number): Observation[] {
    const next = mulberry32(seed);
    const own: Observation[] = [];
    for (const h of hubs)
      for (const period of ['2019-01-01', '2019-02-01', '2019-03-01'])
        for (const breakdown of ['total', 'nhs', 'social_care', 'both'])
          own.push({ metric: 'dtoc', area_code: h.area_code, period_start: period, period_type: 'month', breakdown, numerator: Math.floor(next() * 30), denominator: 40_000, published_value: null, suppressed: false, source: 'hubs.csv:2' });
    const revised = demo.published.filter((r) => r.metric === 'falls_65' || r.metric === 'ascof_2b1').flatMap((r) => {
      if (next() < 0.3) return [];
      const numerator = Math.floor(next() * (next() < 0.3 ? 9 : 400));
      return [{ ...r, numerator, denominator: r.denominator == null ? null : Math.max(numerator, r.denominator), published_value: null, suppressed: false, source: 'revised.csv:2' } as Observation];
    });
    // A place's total with no denominator: filled from the place's population (18+, 2019).
    own.push({ metric: 'dtoc', area_code: 'E06000006', period_start: '2019-05-01', period_type: 'month', breakdown: 'total', numerator: 12, denominator: null, published_value: null, suppressed: false, source: 'hubs.csv:2' });
    // Each row on a line of its own, as a file's rows are.
    return [...own, ...revised].map((r, i) => ({ ...r, source: `${r.source.split(':')[0]}:${i + 2}` }));
  }

  /** A page holding hubs and populations of its own (so metric_values is built whole), and `earlier` observations. */
  async function page(earlier: readonly Observation[] = []) {
    const db = await loaded();
    const populations: Population[] = [{ area_code: 'E06000006', year: 2019, age_band: '18+', population: 99_999 }];
    await addToLocalLayer(db, { id: 'hubs', ipc: { areas: toArrowIpc('areas', hubs), populations: toArrowIpc('populations', populations) } });
    if (earlier.length) await addToLocalLayer(db, { id: 'earlier', ipc: { observations: toArrowIpc('observations', [...earlier]) } });
    await buildMetricValues(db, 7, true, allMetrics());
    return db;
  }

  /** Added as ever (addToLocalLayer, then a build), with the build kept. */
  async function addedAsEver(db: Engine, ipc: Uint8Array) {
    let kept: KeptBuild | null = null;
    await addToLocalLayer(db, { id: 'new', ipc: { observations: ipc } });
    await buildMetricValues(db, 7, true, allMetrics(), { recalled: null, remember: async (b) => void (kept = b) });
    return kept!;
  }

  /** A kept build as a page load takes it, in a page holding the same tables. */
  async function restored(kept: KeptBuild, earlier: readonly Observation[], ipc: Uint8Array) {
    const db = await page(earlier);
    await addToLocalLayer(db, { id: 'new', ipc: { observations: ipc } });
    await buildMetricValues(db, 7, true, allMetrics(), { recalled: kept, remember: async () => expect.fail('a kept build is not kept again') });
    return everything(db);
  }

  // (The earlier upload is made in the test: the published rows it revises are read in beforeAll.)
  for (const [name, earlierSeed, fromTable] of [
    ['into an empty layer, its rows sent again', null, false],
    ['into an empty layer, from the table DuckDB read them into', null, true],
    ['over an earlier upload whose rows it replaces', 5, true],
  ] as const) {
    it(`leaves the very tables adding it then makes: ${name}`, async () => {
      const earlier = earlierSeed === null ? [] : observations(earlierSeed);
      const ipc = toArrowIpc('observations', observations(9));
      const before = await page(earlier);
      const shown = await everything(before);
      const names = await tablesOf(before);
      let table: string | null = null;
      if (fromTable) {
        // As the page's reading leaves it: the extract's columns, and its own (line numbers).
        table = 'upload_observations_1';
        await before.insertArrow(`${table}_read`, ipc);
        await before.query(`CREATE TABLE ${table} AS SELECT *, source_row AS pos, 0 AS batch FROM ${table}_read; DROP TABLE ${table}_read`);
      }
      const asked: string[] = [];
      // The rows to store, made from the table the preparing hands over (the upload's rows alone,
      // in order): into an empty layer before metric_values is built (their columns are then the
      // rule's for them), else after it, while the page runs the rule.
      let storedAfter: string[] | null = null;
      let storedRows: unknown[] = [];
      const store = async (from: string) => {
        storedAfter = [...asked];
        storedRows = await before.query(`SELECT ${KEYS}, numerator, denominator, published_value, suppressed, source_file, source_row FROM ${from}`);
        // (The columns the page's reading gives for them: the upload's own, in the same order.)
        return { columns: extractColumns('observations', ipc).columns };
      };
      const prepared = prepareAdd(logged(before, asked), { id: 'new', ipc: { observations: ipc } }, table, 7, allMetrics(), store);
      // Nothing the pages read changes before Add (the work done meanwhile, then compared).
      await before.query('SELECT 1');
      const adopted = await prepared.adopt();
      expect(adopted).not.toBeNull();
      // Where the upload's rows alone are the layer, the rule takes them from the stored columns and
      // fetches only the build's other rows.
      const intoEmpty = fromTable && earlierSeed === null;
      const fetchedOthers = asked.some((sql) => sql.startsWith('SELECT rowid::INTEGER AS r') && sql.includes(`WHERE NOT ${ownRowSql(rebuiltMetrics(allMetrics()))}`));
      expect(fetchedOthers).toBe(intoEmpty);
      // ... and the own rows are put into the build only after that fetch, while the rule runs.
      const fetchAt = asked.findIndex((sql) => sql.startsWith('SELECT rowid::INTEGER AS r'));
      const ownAt = asked.findIndex((sql) => sql.includes('INSERT INTO prepared_metric_values'));
      expect(ownAt > fetchAt).toBe(intoEmpty);
      if (fromTable) {
        expect(storedAfter!.some((sql) => sql.includes('CREATE OR REPLACE TABLE prepared_metric_values'))).toBe(!intoEmpty);
        await before.insertArrow('sent_rows', ipc);
        const sent = await before.query(`SELECT ${KEYS}, numerator, denominator, published_value, suppressed, source_file, source_row FROM sent_rows`);
        await before.query('DROP TABLE sent_rows');
        expect(sent.length).toBeGreaterThan(100);
        expect(storedRows).toEqual(sent);
      } else expect(storedAfter).toBeNull();
      // Only the rule's columns were fetched before it was in place: the copy to keep (every
      // column) is made after, when the page has drawn it.
      expect(asked.filter((sql) => sql.includes('"source_file"'))).toEqual([]);
      let keptNow: KeptBuild | null = null;
      expect(await adopted!.keep(async (b) => void (keptNow = b))).toBe(true);
      expect(asked.filter((sql) => sql.includes('"source_file"')).length).toBeGreaterThan(0);
      const after = await everything(before);
      expect(after.values).not.toEqual(shown.values);
      expect(await tablesOf(before)).toEqual(names);
      // What the page holds of it without asking the engine again is what the engine holds.
      const held = await queryHeld(before);

      const asEver = await page(earlier);
      const kept = await addedAsEver(asEver, ipc);
      const expected = await everything(asEver);
      expect(after.values.filter((r) => r.local && r.suppressed).length).toBeGreaterThan(20);
      expect(after).toEqual(expected);
      expect(held).toEqual(await queryHeld({ query: (sql: string, params?: (string | number)[]) => asEver.query(sql, params) } as Engine));
      // The build kept for the next page load: the same tables, and the same rows hidden.
      const shut = (b: KeptBuild) => b.tables.map((t) => [t.name, t.columns, tableFromIPC(t.ipc).toArray().filter((r) => r.suppressed).length]);
      expect(shut(keptNow!)).toEqual(shut(kept));
      expect(await restored(keptNow!, earlier, ipc)).toEqual(expected);
      // Kept with suppression applied (a page load marks nothing): its rows as they are.
      for (const b of [kept, keptNow!]) {
        const bare = await nodeDuckDb();
        await bare.insertArrow('metric_values', b.tables.find((t) => t.name === 'metric_values')!.ipc);
        expect(await rowsOf(bare, `SELECT ${KEYS}, * EXCLUDE (metric, area_code, period_start, period_type, breakdown) FROM metric_values ORDER BY ALL`)).toEqual(expected.values);
      }
    }, 240_000);
  }

  it('keeps no build once the tables changed after it was put in place (another upload added, or one removed)', async () => {
    for (const change of ['added', 'removed'] as const) {
      const db = await page();
      const adopted = await prepareAdd(db, { id: 'new', ipc: { observations: toArrowIpc('observations', observations(9)) } }, null, 7, allMetrics()).adopt();
      expect(adopted).not.toBeNull();
      if (change === 'added') await addToLocalLayer(db, { id: 'other', ipc: { observations: toArrowIpc('observations', observations(3)) } });
      // (The upload page marks its tables changed as it starts removing an upload.)
      else tablesChanged();
      expect(await adopted!.keep(async () => expect.fail(`a build is kept after an upload was ${change}`))).toBe(false);
    }
  }, 240_000);

  it('changes nothing before Add, and leaves nothing behind on Discard', async () => {
    const ipc = toArrowIpc('observations', observations(9));
    const db = await page();
    const shown = await everything(db);
    const names = await tablesOf(db);
    await db.insertArrow('upload_observations_2', ipc);
    const prepared = prepareAdd(db, { id: 'new', ipc: { observations: ipc } }, 'upload_observations_2', 7, allMetrics());
    await prepared.discard();
    expect(await tablesOf(db)).toEqual(names);
    expect(await everything(db)).toEqual(shown);
    expect(await prepared.adopt()).toBeNull();
  }, 240_000);

  it('is not put in place where the tables changed meanwhile (another upload added), and leaves nothing behind', async () => {
    const ipc = toArrowIpc('observations', observations(9));
    const db = await page();
    const names = await tablesOf(db);
    const prepared = prepareAdd(db, { id: 'new', ipc: { observations: ipc } }, null, 7, allMetrics());
    await addToLocalLayer(db, { id: 'other', ipc: { observations: toArrowIpc('observations', observations(3)) } });
    await buildMetricValues(db, 7, true, allMetrics());
    const shown = await everything(db);
    expect(await prepared.adopt()).toBeNull();
    expect(await tablesOf(db)).toEqual(names);
    expect(await everything(db)).toEqual(shown);
  }, 240_000);

  // (One whose build would be partial is prepared as such: tests/unit/prepared-part-add.test.ts.)
  it('is not prepared for an upload with more than observations and areas', async () => {
    const db = await loaded();
    await buildMetricValues(db, null, true, allMetrics());
    const names = await tablesOf(db);
    const small = toArrowIpc('observations', observations(9).slice(0, 40));
    const populations = toArrowIpc('populations', [{ area_code: 'E06000006', year: 2019, age_band: '18+', population: 99_999 }]);
    expect(await prepareAdd(db, { id: 'a', ipc: { observations: small, populations } }, null, 7, allMetrics()).adopt()).toBeNull();
    expect(await prepareAdd(db, { id: 'b', ipc: { observations: small, areas: toArrowIpc('areas', hubs), populations } }, null, 7, allMetrics()).adopt()).toBeNull();
    expect(await tablesOf(db)).toEqual(names);
  }, 240_000);
});
