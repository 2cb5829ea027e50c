// Turns loaded extracts into what pages query: metric_values with ICB sums, filled denominators
// and small numbers suppressed. Shared by the publishing step, the build (prerendered charts) and
// the browser, so all show the very same figures.
import type { Table } from 'apache-arrow';
import { indexAreas, type AreaIndex } from '../areas';
import { toArrowIpc } from '../contract/arrow';
import type { Area, Observation } from '../contract/schema';
import { rowsToSuppress, type CountRow } from '../metrics/disclosure';
import { AREAS_SQL, CREATE_LOCAL_LAYER, createMetricValues, createPublishedMetricValues, seriesQuery, type SeriesRow } from '../metrics/queries';
import { allMetrics, type Metric } from '../definitions';
import { toPoints, type Point } from '../metrics/series';
import type { Coverage } from '../metrics/metric-choices';
import type { Connector } from './connector';

export interface Engine extends Connector {
  insertArrow(table: string, ipc: Uint8Array): Promise<void>;
  /** A query's answer as DuckDB sends it, for a caller that keeps many rows and reads few (db/series-index.ts). */
  queryTable(sql: string, params?: (string | number)[]): Promise<Table>;
}

export async function loadTables(db: Engine, tables: { name: string; bytes: Uint8Array }[]): Promise<void> {
  for (const { name, bytes } of tables) {
    await db.query(`DROP TABLE IF EXISTS ${name}`);
    await db.insertArrow(name, bytes);
  }
  for (const sql of CREATE_LOCAL_LAYER) await db.query(sql);
}

/**
 * Marks the small counts (and those that would reveal them) as suppressed in metric_values. The
 * publishing step runs it over the full-precision extracts; a page runs it again only over its own
 * uploads layered on the published extract (whose suppressed cells already hold no counts).
 */
async function suppressSmallCounts(db: Engine, areas: AreaIndex, threshold: number, metrics: readonly Metric[]): Promise<void> {
  const rows = await db.query<CountRow>(
    `SELECT metric, area_code, strftime(period_start, '%Y-%m-%d') AS period_start, period_type, breakdown, numerator, denominator, suppressed FROM metric_values`,
  );
  const hidden = rowsToSuppress(rows, areas, threshold, (id) => metrics.find((m) => m.id === id)).map((r) => ({ ...r, numerator: 0, source: 'suppression', published_value: null }) as unknown as Observation);
  if (hidden.length === 0) return;
  await db.query('DROP TABLE IF EXISTS suppressed_rows');
  await db.insertArrow('suppressed_rows', toArrowIpc('observations', hidden));
  await db.query(`UPDATE metric_values m SET suppressed = true FROM suppressed_rows s
    WHERE m.metric = s.metric AND m.area_code = s.area_code AND m.period_start = s.period_start
      AND m.period_type = s.period_type AND m.breakdown = s.breakdown`);
  await db.query('DROP TABLE suppressed_rows');
  // A DSR's sums over its bands are further equations in them: with a band hidden only the rate
  // itself stays (published_value), with no interval, as the published extract will have it.
  await db.query(`UPDATE metric_values t SET standardised_rate = NULL, standardised_variance = NULL
    WHERE t.standardised_rate IS NOT NULL AND EXISTS (SELECT 1 FROM metric_values b
      WHERE b.metric = t.metric AND b.area_code = t.area_code AND b.period_start = t.period_start
        AND b.period_type = t.period_type AND b.breakdown <> 'total' AND b.suppressed)`);
}

/**
 * Builds metric_values from the loaded tables and returns the area hierarchy. With a threshold,
 * small numbers are suppressed over the whole set; null leaves the `suppressed` flags as loaded.
 * `published`: the tables are the published extract as it is, with nothing uploaded over it, so
 * metric_values is what was published (a view, nothing recomputed or copied).
 */
export async function buildMetricValues(db: Engine, threshold: number | null, published = false, metrics: readonly Metric[] = allMetrics()): Promise<AreaIndex> {
  // One is a view, the other a table, and neither CREATE OR REPLACE replaces the other kind.
  const [was] = await db.query<{ kind: string }>(
    `SELECT 'VIEW' AS kind FROM duckdb_views() WHERE view_name = 'metric_values' UNION ALL SELECT 'TABLE' FROM duckdb_tables() WHERE table_name = 'metric_values'`,
  );
  if (was) await db.query(`DROP ${was.kind} metric_values`);
  await db.query(published ? createPublishedMetricValues(metrics) : createMetricValues(metrics));
  const areas = indexAreas(await db.query<Area & Record<string, unknown>>(AREAS_SQL));
  if (threshold !== null) await suppressSmallCounts(db, areas, threshold, metrics);
  return areas;
}

/** A series a page draws: a metric, by one breakdown and period type. */
export interface SeriesWanted {
  metric: Metric;
  breakdown: string;
  periodType: string;
}

/**
 * Several series for the same areas from one query (a view's every chart in one round trip to the
 * page's worker), each series' points in the order asked.
 */
export async function querySeriesSet(db: Connector, wanted: SeriesWanted[], areaCodes: string[]): Promise<Point[][]> {
  if (wanted.length === 0 || areaCodes.length === 0) return wanted.map(() => []);
  const { sql, params } = seriesQuery(wanted.map((w) => ({ metric: w.metric.id, breakdown: w.breakdown, periodType: w.periodType })), areaCodes);
  const rows = await db.query<SeriesRow>(sql, params);
  // Map.groupBy is not in Node 20, which builds and tests this too.
  const bySeries = new Map<string, SeriesRow[]>();
  for (const r of rows) {
    const key = seriesKey(r.metric, r.breakdown, r.period_type);
    const those = bySeries.get(key);
    if (those) those.push(r);
    else bySeries.set(key, [r]);
  }
  return wanted.map((w) => toPoints(w.metric, bySeries.get(seriesKey(w.metric.id, w.breakdown, w.periodType)) ?? []));
}

export const seriesKey = (metric: string, breakdown: string, periodType: string) => `${metric}\u0000${breakdown}\u0000${periodType}`;

export async function querySeries(db: Connector, metric: Metric, breakdown: string, periodType: string, areaCodes: string[]): Promise<Point[]> {
  return (await querySeriesSet(db, [{ metric, breakdown, periodType }], areaCodes))[0]!;
}

/** The rows behind querySeries, for a build to send to a page (metrics/built-series.ts). */
export async function querySeriesRows(db: Connector, metric: string, breakdown: string, periodType: string, areaCodes: string[]): Promise<SeriesRow[]> {
  if (areaCodes.length === 0) return [];
  const { sql, params } = seriesQuery([{ metric, breakdown, periodType }], areaCodes);
  return db.query<SeriesRow>(sql, params);
}

/** The period types and breakdowns metric_values holds per metric, which pages offer. */
export async function queryCoverage(db: Connector): Promise<Coverage> {
  const rows = await db.query<{ metric: string; period_types: string[]; breakdowns: string[] }>(
    'SELECT metric, list(DISTINCT period_type ORDER BY period_type) AS period_types, list(DISTINCT breakdown ORDER BY breakdown) AS breakdowns FROM metric_values GROUP BY metric',
  );
  return Object.fromEntries(rows.map((c) => [c.metric, { periodTypes: [...c.period_types], breakdowns: [...c.breakdowns] }]));
}
