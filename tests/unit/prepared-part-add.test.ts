// A record set's aggregates added while their report is read (upload/prepared-add.ts's part build):
// a few thousand rows over the published extract rebuild only the metrics, period types and
// periods they hold (db/prepare.ts partialScope), and that build is prepared beside the page's own
// tables and put in place on Add. The page must end with exactly the tables adding them then would
// have made (every row of metric_values and what suppression hid in it, the areas, targets and the
// local layer), keep the same build for the next page load, and change nothing before Add, nor
// leave anything behind on Discard or where its tables changed meanwhile.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinDefinitions } from '../../pipelines/definitions';
import { generateRecords } from '../../pipelines/demo/records';
import { aggregateRecordFiles, readHubMapFile, recordFile } from '../../pipelines/records';
import { fromArrowIpc, toArrowIpc } from '../../src/lib/contract/arrow';
import type { Area, Observation, TableName } from '../../src/lib/contract/schema';
import { buildMetricValues, queryHeld, tablesChanged, type Engine, type KeptBuild } from '../../src/lib/db/prepare';
import { metricsFromRows } from '../../src/lib/definitions/parse';
import { aggregateInputs } from '../../src/lib/records/inputs';
import { addToLocalLayer } from '../../src/lib/upload/local-layer';
import { prepareAdd } from '../../src/lib/upload/prepared-add';
import type { FileRead } from '../../src/lib/upload/read-file';
import { readAggregates } from '../../src/lib/upload/records';
import { KEYS, publishDemo, type PublishedDemo } from '../helpers/published-demo';
import { tempDir } from '../helpers/temp';

const METRICS = metricsFromRows(builtinDefinitions());
// DuckDB sums doubles in no fixed order, so the DSR sums of two builds may differ in their last bits.
const close = (x: unknown) => (typeof x === 'number' ? Number(x.toPrecision(12)) + 0 : x);
const rowsOf = async (db: Engine, sql: string) => (await db.query(sql)).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, close(v)])));
const ROWS = `${KEYS}, * EXCLUDE (metric, area_code, period_start, period_type, breakdown)`;
/** Every table a page reads of an add, every row of each in key order, and whether metric_values is a part build (a view). */
const everything = async (db: Engine) => ({
  values: await rowsOf(db, `SELECT ${ROWS} FROM metric_values ORDER BY ALL`),
  rebuilt: (await tablesOf(db)).includes('metric_values_rebuilt') ? await rowsOf(db, `SELECT ${ROWS} FROM metric_values_rebuilt ORDER BY ALL`) : null,
  scope: (await tablesOf(db)).includes('metric_values_scope') ? await rowsOf(db, 'SELECT * FROM metric_values_scope ORDER BY ALL') : null,
  areas: await rowsOf(db, 'SELECT * FROM all_areas ORDER BY ALL'),
  targets: await rowsOf(db, 'SELECT * FROM metric_targets ORDER BY ALL'),
  local: await rowsOf(db, `SELECT ${ROWS} FROM local_observations ORDER BY ALL`),
  localAreas: await rowsOf(db, 'SELECT * FROM local_areas ORDER BY ALL'),
  view: (await db.query("SELECT 1 FROM duckdb_views() WHERE view_name = 'metric_values'")).length === 1,
  types: await db.query('DESCRIBE metric_values'),
});
const tablesOf = async (db: Engine) => (await db.query<{ name: string }>('SELECT table_name AS name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1')).map((t) => t.name);
/** `db` itself (what prepare.ts knows of an engine is by the engine), every query it is sent from now on written down in `asked`. */
function logged(db: Engine, asked: string[]): Engine {
  const { query, queryTable } = db;
  db.query = (sql, params) => (asked.push(sql), query(sql, params));
  db.queryTable = (sql, params) => (asked.push(sql), queryTable(sql, params));
  return db;
}

describe("a record set's aggregates added while their report is read", () => {
  let demo: PublishedDemo;
  /** The upload as the page makes it of a generated record set: its aggregates as read and checked, with its hubs. */
  let upload: Partial<Record<TableName, Uint8Array>>;
  let hubs: Area[];
  beforeAll(async () => {
    demo = await publishDemo('bcf-prepared-part-');
    const dir = tempDir('bcf-prepared-part-records-');
    const files = generateRecords(dir, 40_000);
    const aggregates = await aggregateRecordFiles([recordFile(files.spells)!, recordFile(files.events)!], readHubMapFile(files.hubMap));
    hubs = aggregates.hubs;
    const [, input] = aggregateInputs(['spells.csv', 'cld-events.csv'], aggregates);
    const observations = { ...input!, rows: aggregates.observations.length };
    writeFileSync(path.join(dir, observations.name), observations.bytes);
    const db = await demo.loaded();
    const areas = [...(await db.query<Area & Record<string, unknown>>('SELECT area_code, area_name, area_type, parent_code FROM areas')), ...hubs];
    const read = (await readAggregates(db, observations, areas, METRICS)) as FileRead;
    upload = { ...read.ipc, areas: toArrowIpc('areas', hubs) };
  }, 240_000);

  /**
   * An earlier upload of some of the same keys (other counts) and hubs, which the new one replaces.
   * (The hubs as named before: the demo publishes them, and a published area named otherwise
   * makes the build whole.)
   */
  const earlierUpload = () => {
    const rows = fromArrowIpc('observations', upload.observations!) as Observation[];
    const some = rows.filter((_, i) => i % 3 === 0).map((r) => ({ ...r, numerator: r.numerator + 3 }));
    return { observations: toArrowIpc('observations', some), areas: toArrowIpc('areas', hubs.filter((_, i) => i % 2 === 0)) };
  };

  /** A page as loaded with nothing uploaded, or with `earlier` uploaded (its build made as a page load makes it). */
  async function page(earlier?: Partial<Record<TableName, Uint8Array>>) {
    const db = await demo.loaded();
    if (earlier) await addToLocalLayer(db, { id: 'earlier', ipc: earlier });
    await buildMetricValues(db, earlier ? 7 : null, true, METRICS);
    return db;
  }

  /** Added as ever (addToLocalLayer, then a build), with the build kept. */
  async function addedAsEver(db: Engine) {
    let kept: KeptBuild | null = null;
    await addToLocalLayer(db, { id: 'new', ipc: upload });
    await buildMetricValues(db, 7, true, METRICS, { recalled: null, remember: async (b) => void (kept = b) });
    return kept!;
  }

  for (const [name, earlier] of [
    ['over the published extract alone', false],
    ['over an earlier upload whose rows and hubs it replaces', true],
  ] as const) {
    it(`leaves the very tables adding them then makes, suppression and all: ${name}`, async () => {
      const before = await page(earlier ? earlierUpload() : undefined);
      const shown = await everything(before);
      const names = await tablesOf(before);
      const asked: string[] = [];
      const prepared = prepareAdd(logged(before, asked), { id: 'new', ipc: upload }, null, 7, METRICS);
      // Nothing the pages read changes before Add.
      const meanwhile = await everything(before);
      const adopted = await prepared.adopt();
      expect(adopted).not.toBeNull();
      // The build was made beside the page's own before Add: adopting it made nothing anew.
      expect(asked.some((sql) => sql.includes('CREATE OR REPLACE TABLE prepared_part_metric_values AS'))).toBe(true);
      expect(meanwhile).toEqual(shown);
      let keptNow: KeptBuild | null = null;
      expect(await adopted!.keep(async (b) => void (keptNow = b))).toBe(true);
      const after = await everything(before);
      const held = await queryHeld(before);
      expect(await tablesOf(before)).toEqual([...new Set([...names, 'metric_values_rebuilt', 'metric_values_scope'])].sort());

      const asEver = await page(earlier ? earlierUpload() : undefined);
      const kept = await addedAsEver(asEver);
      const expected = await everything(asEver);
      // A part build, whose rebuilt rows hide some of the upload's small counts.
      expect(expected.view).toBe(true);
      expect(expected.rebuilt!.filter((r) => r.local && r.suppressed).length).toBeGreaterThan(20);
      expect(expected.rebuilt!.filter((r) => r.local && !r.suppressed).length).toBeGreaterThan(20);
      expect(after).toEqual(expected);
      expect(held).toEqual(await queryHeld({ query: (sql: string, params?: (string | number)[]) => asEver.query(sql, params) } as Engine));
      // The build kept for the next page load: the same tables, each with the same rows.
      const rowsKept = (b: KeptBuild) => ({ scope: b.scope, held: b.held, tables: b.tables.map((t) => [t.name, t.columns, tableFromIPC(t.ipc).toArray().map((r) => JSON.stringify(r.toJSON(), (_, v) => close(v)))]) });
      expect(rowsKept(keptNow!)).toEqual(rowsKept(kept));
      // ... which a page load takes as it is.
      const reloaded = await page(earlier ? earlierUpload() : undefined);
      await addToLocalLayer(reloaded, { id: 'new', ipc: upload });
      await buildMetricValues(reloaded, 7, true, METRICS, { recalled: keptNow, remember: async () => expect.fail('a kept build is not kept again') });
      expect(await everything(reloaded)).toEqual(expected);
    }, 240_000);
  }

  it('changes nothing before Add, and leaves nothing behind on Discard', async () => {
    const db = await page();
    const shown = await everything(db);
    const names = await tablesOf(db);
    const prepared = prepareAdd(db, { id: 'new', ipc: upload }, null, 7, METRICS);
    await prepared.discard();
    expect(await tablesOf(db)).toEqual(names);
    expect(await everything(db)).toEqual(shown);
    expect(await prepared.adopt()).toBeNull();
  }, 240_000);

  it('is not put in place where the tables changed meanwhile, and leaves nothing behind; keeps no build once they changed after', async () => {
    const db = await page();
    const names = await tablesOf(db);
    const prepared = prepareAdd(db, { id: 'new', ipc: upload }, null, 7, METRICS);
    // Another upload added while the report is read.
    await addToLocalLayer(db, { id: 'other', ipc: earlierUpload() });
    expect(await prepared.adopt()).toBeNull();
    expect(await tablesOf(db)).toEqual(names);
    const again = await page();
    const adopted = await prepareAdd(again, { id: 'new', ipc: upload }, null, 7, METRICS).adopt();
    expect(adopted).not.toBeNull();
    tablesChanged();
    expect(await adopted!.keep(async () => expect.fail('a build is kept after the tables changed'))).toBe(false);
  }, 240_000);
});
