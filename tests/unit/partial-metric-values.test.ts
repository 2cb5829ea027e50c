// A page with uploads builds metric_values afresh only for the metrics, period types and period
// starts the uploads hold, the other rows being the published ones as they are (db/prepare.ts's
// partialScope): every column of every row, and what suppression hides, must be exactly what
// building and suppressing all of it again gives. Checked on the published demo with seeded uploads.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { toArrowIpc } from '../../src/lib/contract/arrow';
import type { PublishedManifest } from '../../src/lib/contract/manifest';
import { TABLE_NAMES, type Area, type Observation, type Population } from '../../src/lib/contract/schema';
import { DEFAULT_SETTINGS } from '../../src/lib/contract/settings';
import type { Connector } from '../../src/lib/db/connector';
import { buildMetricValues, loadTables, queryHeld, type Engine, type KeptBuild } from '../../src/lib/db/prepare';
import { allMetrics } from '../../src/lib/definitions';
import { nodeDuckDb } from '../../src/lib/server/node-duckdb';
import { addToLocalLayer } from '../../src/lib/upload/local-layer';
import { generateDemo } from '../../pipelines/demo/generate';
import { mulberry32 } from '../../pipelines/demo/random';
import { writeExtracts } from '../../pipelines/extracts';
import { publish } from '../../pipelines/publish';
import { tempDir } from '../helpers/temp';

const KEYS = `metric, area_code, strftime(period_start, '%Y-%m-%d') AS period_start, period_type, breakdown`;
// DuckDB sums doubles in no fixed order, so the DSR sums of two builds may differ in their last bits.
const close = (x: unknown) => (typeof x === 'number' ? Number(x.toPrecision(12)) + 0 : x);
/** Every column of every row, in key order, doubles to 12 significant digits. */
const everyRow = async (db: Engine) =>
  (await db.query(`SELECT ${KEYS}, * EXCLUDE (metric, area_code, period_start, period_type, breakdown) FROM metric_values ORDER BY ALL`)).map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, close(v)])),
  );

type PublishedRow = Observation & Record<string, unknown>;

describe('metric_values rebuilt only where uploads hold rows', () => {
  let dir = '';
  let manifest: PublishedManifest;
  let published: PublishedRow[] = [];
  beforeAll(async () => {
    const work = tempDir('bcf-partial-mv-');
    writeExtracts(path.join(work, 'extracts'), generateDemo(), { illustrative: true, sources: [], revisions: [] });
    dir = path.join(work, 'site');
    manifest = await publish(path.join(work, 'extracts'), dir, DEFAULT_SETTINGS);
    const db = await loaded();
    published = await db.query<PublishedRow>(`SELECT ${KEYS}, numerator, denominator, published_value, suppressed FROM observations`);
  }, 240_000);

  async function loaded() {
    const db = await nodeDuckDb();
    await loadTables(db, TABLE_NAMES.map((name) => ({ name, bytes: readFileSync(path.join(dir, manifest.extracts[name].file)) })));
    return db;
  }

  /** metric_values with these uploads, built in part (as a page does) and whole, every row of each. */
  async function both(uploads: { areas?: Area[]; observations: Observation[]; populations?: Population[] }[]) {
    const db = await loaded();
    for (const u of uploads)
      await addToLocalLayer(db, {
        ipc: {
          observations: toArrowIpc('observations', u.observations),
          ...(u.areas ? { areas: toArrowIpc('areas', u.areas) } : {}),
          ...(u.populations ? { populations: toArrowIpc('populations', u.populations) } : {}),
        },
      });
    let kept: KeptBuild | null = null;
    await buildMetricValues(db, 7, true, allMetrics(), { recalled: null, remember: async (build) => void (kept = build) });
    const kindOf = async () => (await db.query<{ kind: string }>(`SELECT CASE WHEN EXISTS (SELECT 1 FROM duckdb_views() WHERE view_name = 'metric_values') THEN 'view' ELSE 'table' END AS kind`))[0]!.kind;
    const kind = await kindOf();
    const types = await db.query('DESCRIBE metric_values');
    const part = await everyRow(db);
    // What metric_values holds (worked out afresh, not by the engine that built it).
    const held = () => queryHeld({ query: (sql: string, params?: (string | number)[]) => db.query(sql, params) } as Connector);
    // A page load with the same uploads takes the build kept from this one, rather than building:
    // the same rows, columns and column types, and the same kind of relation.
    expect(kept).not.toBeNull();
    expect(kept!.held).toEqual(await held());
    await buildMetricValues(db, 7, true, allMetrics(), { recalled: kept, remember: async () => expect.fail('a kept build is not kept again') });
    expect(await kindOf()).toBe(kind);
    expect(await db.query('DESCRIBE metric_values')).toEqual(types);
    // And what it holds with it: the same, without asking the engine.
    const asked: string[] = [];
    const query = db.query.bind(db);
    db.query = ((sql: string, params?: (string | number)[]) => (asked.push(sql), query(sql, params))) as typeof db.query;
    expect(await queryHeld(db)).toEqual(await held());
    db.query = query;
    expect(asked.filter((q) => q.includes('GROUP BY ALL'))).toHaveLength(1);
    const recalled = await everyRow(db);
    await buildMetricValues(db, 7, false, allMetrics());
    const whole = await everyRow(db);
    return { part, recalled, whole, kind };
  }

  /** Published rows of these buckets with new counts (small ones among them), as a data team's revision. */
  function revised(filter: (r: PublishedRow) => boolean, seed: number): Observation[] {
    const next = mulberry32(seed);
    return published.filter(filter).flatMap((r) => {
      if (next() < 0.3) return [];
      const numerator = Math.floor(next() * (next() < 0.3 ? 9 : 400));
      return [{ metric: r.metric, area_code: r.area_code, period_start: r.period_start, period_type: r.period_type, breakdown: r.breakdown, numerator,
        denominator: r.denominator == null ? null : Math.max(numerator, r.denominator) + (next() < 0.3 ? Math.floor(next() * 8) : 0),
        published_value: null, suppressed: false, source: 'revised.csv:2' }];
    });
  }

  it('equals the whole build with hubs of its own and revisions of published rows (rates, a DSR by age band, a proportion of people, a mean)', async () => {
    const hubs = Array.from({ length: 12 }, (_, i): Area => ({ area_code: `T${i}`, area_name: `Test hub ${i}`, area_type: 'hub', parent_code: i % 2 ? 'E06000006' : 'E08000005' }));
    const next = mulberry32(7);
    const own: Observation[] = [];
    for (const h of hubs)
      for (const period of ['2019-01-01', '2019-02-01', '2019-03-01'])
        for (const breakdown of ['total', 'nhs', 'social_care', 'both'])
          own.push({ metric: 'dtoc', area_code: h.area_code, period_start: period, period_type: 'month', breakdown, numerator: Math.floor(next() * 30), denominator: 40_000, published_value: null, suppressed: false, source: 'hubs.csv:2' });
    const picked = (r: PublishedRow) =>
      (r.metric === 'falls_65' && r.period_type === 'quarter' && r.period_start >= '2024-04-01') ||
      (r.metric === 'ascof_2b1' && r.period_start >= '2020-04-01') ||
      (r.metric === 'discharge_delay' && r.period_start < '2024-01-01') ||
      (r.metric === 'dtoc' && r.period_start === '2019-02-01');
    const { part, recalled, whole, kind } = await both([{ areas: hubs, observations: own }, { observations: revised(picked, 3) }]);
    expect(kind).toBe('view');
    expect(part.length).toBe(whole.length);
    expect(part.filter((r) => r.local).length).toBeGreaterThan(1000);
    // The uploads hid cells of their own, beyond those the published extract hides.
    expect(part.filter((r) => r.suppressed && r.local).length).toBeGreaterThan(100);
    expect(part).toEqual(whole);
    expect(recalled).toEqual(whole);
  }, 240_000);

  it('equals the whole build with an upload that revises a whole metric of every area (the demo falls DSR)', async () => {
    const { part, recalled, whole, kind } = await both([{ observations: revised((r) => r.metric === 'falls_65', 11) }]);
    expect(kind).toBe('view');
    expect(part.filter((r) => r.local).length).toBeGreaterThan(15_000);
    expect(part).toEqual(whole);
    expect(recalled).toEqual(whole);
  }, 240_000);

  it('builds the whole of it when the metrics and periods uploaded hold most of the rows', async () => {
    const { part, recalled, whole, kind } = await both([{ observations: revised((r) => r.metric === 'avoidable_admissions', 11) }]);
    expect(kind).toBe('table');
    expect(part).toEqual(whole);
    expect(recalled).toEqual(whole);
  }, 240_000);

  it('builds the whole of it when an upload brings populations (denominators of every metric may change)', async () => {
    const populations: Population[] = [{ area_code: 'E06000006', year: 2019, age_band: '18+', population: 99_999 }];
    const { part, recalled, whole, kind } = await both([{ observations: revised((r) => r.metric === 'ascof_2b1', 5), populations }]);
    expect(kind).toBe('table');
    expect(part).toEqual(whole);
    expect(recalled).toEqual(whole);
  }, 240_000);

  it('builds the whole of it when an upload moves a published area elsewhere', async () => {
    const moved: Area[] = [{ area_code: 'E06000006-N1', area_name: 'Halton hub 1, moved', area_type: 'hub', parent_code: 'E08000005' }];
    const { part, recalled, whole, kind } = await both([{ areas: moved, observations: revised((r) => r.metric === 'ascof_2a2', 5) }]);
    expect(kind).toBe('table');
    expect(part).toEqual(whole);
    expect(recalled).toEqual(whole);
  }, 240_000);
});

describe('denominators filled from populations', () => {
  it("fills a shown row's, never a suppressed row's (which the published extract empties), even where another row of its area, band and year needs one", async () => {
    const db = await nodeDuckDb();
    const areas: Area[] = [
      { area_code: 'I1', area_name: 'An ICB', area_type: 'icb', parent_code: null },
      { area_code: 'P1', area_name: 'A place', area_type: 'place', parent_code: 'I1' },
    ];
    const row = (period_start: string, numerator: number, suppressed: boolean): Observation => ({
      metric: 'emergency_admissions_65', area_code: 'P1', period_start, period_type: 'month', breakdown: 'total', numerator, denominator: null, published_value: null, suppressed, source: 'test.csv:2',
    });
    const tables = { observations: [row('2019-05-01', 40, false), row('2019-06-01', 0, true)], areas, populations: [{ area_code: 'P1', year: 2019, age_band: '65+', population: 25_000 }], targets: [], metrics: [] };
    await loadTables(db, TABLE_NAMES.map((name) => ({ name, bytes: toArrowIpc(name, tables[name] as never[]) })));
    await buildMetricValues(db, null);
    const rows = await db.query(`SELECT strftime(period_start, '%Y-%m-%d') AS period_start, denominator FROM metric_values WHERE area_code = 'P1' ORDER BY 1`);
    expect(rows).toEqual([{ period_start: '2019-05-01', denominator: 25_000 }, { period_start: '2019-06-01', denominator: null }]);
  });
});
