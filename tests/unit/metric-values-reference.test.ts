// createMetricValues reads each observation where it is needed rather than making a table of every
// row at each step (a million uploaded rows were copied four times over: 0.35 s of the build's
// 1.5 s in the Node build). It must make exactly what the query written step by step made
// (tests/helpers/metric-values-reference.ts): every column of every row, and the columns' types,
// over the private demo (the publishing step's build: ICB sums, DSR totals, filled denominators),
// and over the published one with uploads of every kind, whole and scoped to some buckets.
import { beforeAll, describe, expect, it } from 'vitest';
import { toArrowIpc } from '../../src/lib/contract/arrow';
import { TABLE_NAMES, type Area, type Observation, type Population, type Target } from '../../src/lib/contract/schema';
import { loadTables, type Engine } from '../../src/lib/db/prepare';
import { allMetrics } from '../../src/lib/definitions';
import { createMetricValues, type BuildNames } from '../../src/lib/metrics/queries';
import { nodeDuckDb } from '../../src/lib/server/node-duckdb';
import { addToLocalLayer } from '../../src/lib/upload/local-layer';
import { generateDemo } from '../../pipelines/demo/generate';
import { mulberry32 } from '../../pipelines/demo/random';
import { referenceMetricValues } from '../helpers/metric-values-reference';
import { KEYS, publishDemo, type PublishedDemo } from '../helpers/published-demo';

const everyRow = async (db: Engine, table: string) =>
  db.query(`SELECT ${KEYS}, * EXCLUDE (metric, area_code, period_start, period_type, breakdown) FROM ${table} ORDER BY ALL`);
/**
 * `made`'s rows with each number within a billionth of the reference's (in the same row and
 * column) taken as the reference's: DuckDB sums doubles in no fixed order, so the DSR sums of two
 * builds may differ in their last bits (rounding both to 12 digits failed where they fell either
 * side of a rounding step, 0.00482850566732 for one).
 */
const asReference = (made: Record<string, unknown>[], reference: Record<string, unknown>[]) =>
  made.map((r, i) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => {
        const w = reference[i]?.[k];
        return [k, typeof v === 'number' && typeof w === 'number' && Math.abs(v - w) <= 1e-9 * Math.abs(w) ? w : v];
      }),
    ),
  );
const names = (metricValues: string): BuildNames => ({ localObservations: 'local_observations', allAreas: 'all_areas', metricTargets: 'metric_targets', metricValues });

/** Both queries' metric_values over the tables `db` holds, every row of each, with the columns' types. */
async function both(db: Engine, scope?: string) {
  const made: Record<string, unknown> = {};
  for (const [name, query] of [['reference', referenceMetricValues], ['made', createMetricValues]] as const) {
    await db.query(query(allMetrics(), scope ? { buckets: scope, into: `mv_${name}` } : undefined, names(`mv_${name}`)));
    made[name] = { rows: await everyRow(db, `mv_${name}`), types: await db.query(`DESCRIBE mv_${name}`) };
  }
  return made as Record<'reference' | 'made', { rows: Record<string, unknown>[]; types: unknown[] }>;
}

describe('metric_values as the query written step by step makes it', () => {
  let demo: PublishedDemo;
  beforeAll(async () => {
    demo = await publishDemo('bcf-mv-reference-');
  }, 240_000);
  const loaded = () => demo.loaded();

  it('over the private demo, as the publishing step builds it (ICB sums, DSR totals, denominators filled)', async () => {
    const db = await nodeDuckDb();
    const tables = generateDemo();
    await loadTables(db, TABLE_NAMES.map((name) => ({ name, bytes: toArrowIpc(name, tables[name] as never[]) })));
    const { reference, made } = await both(db);
    expect(reference.rows.filter((r) => r.source_file === "sum of the ICB's places").length).toBeGreaterThan(1000);
    expect(reference.rows.filter((r) => r.standardised_rate !== null).length).toBeGreaterThan(1000);
    expect(reference.rows.filter((r) => r.target !== null).length).toBeGreaterThan(100);
    expect(made.types).toEqual(reference.types);
    expect(asReference(made.rows, reference.rows)).toEqual(reference.rows);
  }, 120_000);

  it('over the published demo with uploads of every kind: hubs, revised places and ICBs, DSR bands, empty denominators, populations and targets', async () => {
    const db = await loaded();
    const next = mulberry32(17);
    const hubs = Array.from({ length: 8 }, (_, i): Area => ({ area_code: `T${i}`, area_name: `Test hub ${i}`, area_type: 'hub', parent_code: i % 2 ? 'E06000006' : 'E08000005' }));
    const own: Observation[] = hubs.flatMap((h) =>
      ['2019-01-01', '2019-02-01'].flatMap((period) =>
        ['total', 'nhs', 'social_care', 'both'].map((breakdown): Observation => ({
          metric: 'dtoc', area_code: h.area_code, period_start: period, period_type: 'month', breakdown, numerator: Math.floor(next() * 30),
          denominator: next() < 0.5 ? null : 40_000, published_value: null, suppressed: next() < 0.1, source: 'hubs.csv:2',
        })),
      ),
    );
    // Revisions of published rows: places (an ICB's sums), ICBs' own rows, a DSR's bands and totals, some denominators emptied.
    const revised = demo.published.flatMap((r) => {
      if (!['falls_65', 'ascof_2b1', 'emergency_admissions_65', 'dtoc'].includes(r.metric) || next() < 0.6) return [];
      const numerator = Math.floor(next() * (next() < 0.3 ? 9 : 400));
      return [{ ...r, numerator, denominator: next() < 0.2 ? null : r.denominator == null ? null : Math.max(numerator, r.denominator), published_value: null, suppressed: next() < 0.05, source: 'revised.csv:2' } as Observation];
    });
    const populations: Population[] = [
      { area_code: 'E06000006', year: 2019, age_band: '65+', population: 21_000 },
      { area_code: 'T1', year: 2018, age_band: '18+', population: 9_000 },
    ];
    const targets: Target[] = [{ metric: 'dtoc', area_code: 'T0', period_start: '2019-01-01', period_type: 'month', target: 12, source: 'targets.csv:2' }];
    await addToLocalLayer(db, { id: 'hubs', ipc: { areas: toArrowIpc('areas', hubs), populations: toArrowIpc('populations', populations), targets: toArrowIpc('targets', targets) } });
    await addToLocalLayer(db, { id: 'rows', ipc: { observations: toArrowIpc('observations', [...own, ...revised]) } });
    const { reference, made } = await both(db);
    expect(reference.rows.filter((r) => r.local).length).toBeGreaterThan(5000);
    expect(reference.rows.filter((r) => r.local && r.source_file === 'sum of the age bands').length).toBeGreaterThan(100);
    expect(reference.rows.filter((r) => r.target_local).length).toBeGreaterThan(0);
    expect(made.types).toEqual(reference.types);
    expect(asReference(made.rows, reference.rows)).toEqual(reference.rows);
    // And scoped to the buckets the uploads hold (a page's partial rebuild).
    await db.query('CREATE TABLE scope AS SELECT DISTINCT metric, period_type, period_start FROM local_observations');
    const scoped = await both(db, 'scope');
    expect(scoped.reference.rows.length).toBeLessThan(reference.rows.length);
    expect(scoped.made.types).toEqual(scoped.reference.types);
    expect(asReference(scoped.made.rows, scoped.reference.rows)).toEqual(scoped.reference.rows);
  }, 120_000);

  it('over uploads of places of an ICB the published extract has no rows for (its sums made afresh)', async () => {
    const db = await nodeDuckDb();
    const tables = generateDemo();
    // The private demo without its ICBs' rows, then its places' rows uploaded again: every ICB sum from local rows.
    const places = new Set(tables.areas.filter((a) => a.area_type === 'place').map((a) => a.area_code));
    const icbs = new Set(tables.areas.filter((a) => a.area_type === 'icb').map((a) => a.area_code));
    const bundled = { ...tables, observations: tables.observations.filter((o) => !icbs.has(o.area_code)) };
    await loadTables(db, TABLE_NAMES.map((name) => ({ name, bytes: toArrowIpc(name, bundled[name] as never[]) })));
    const next = mulberry32(3);
    const upload = bundled.observations.filter((o) => places.has(o.area_code) && next() < 0.5).map((o) => ({ ...o, numerator: o.numerator + 1, source: 'places.csv:2' }));
    await addToLocalLayer(db, { id: 'places', ipc: { observations: toArrowIpc('observations', upload) } });
    const { reference, made } = await both(db);
    expect(reference.rows.filter((r) => r.local && r.source_file === "sum of the ICB's places").length).toBeGreaterThan(100);
    expect(made.types).toEqual(reference.types);
    expect(asReference(made.rows, reference.rows)).toEqual(reference.rows);
  }, 120_000);
});
