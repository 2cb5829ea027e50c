// Turns loaded extracts into what pages query: metric_values with ICB sums, filled denominators
// and small numbers suppressed. Shared by the browser and the build (prerendered charts), so both
// show the very same figures.
import { indexAreas, type AreaIndex } from '../areas';
import { toArrowIpc } from '../contract/arrow';
import type { Area, Observation } from '../contract/schema';
import { rowsToSuppress, type CountRow } from '../metrics/disclosure';
import { AREAS_SQL, CREATE_LOCAL_LAYER, CREATE_METRIC_VALUES, seriesQuery, type SeriesRow } from '../metrics/queries';
import type { Metric } from '../metrics/catalogue';
import { toPoints, type Point } from '../metrics/series';
import type { Connector } from './connector';

export interface Engine extends Connector {
  insertArrow(table: string, ipc: Uint8Array): Promise<void>;
}

export async function loadTables(db: Engine, tables: { name: string; bytes: Uint8Array }[]): Promise<void> {
  for (const { name, bytes } of tables) {
    await db.query(`DROP TABLE IF EXISTS ${name}`);
    await db.insertArrow(name, bytes);
  }
  for (const sql of CREATE_LOCAL_LAYER) await db.query(sql);
}

/** The build's suppression of the bundled extract (routes/data/suppressed.json). */
export interface PrecomputedSuppression {
  built_at: string;
  threshold: number;
  /** metric, area_code, period_start, period_type, breakdown */
  rows: [string, string, string, string, string][];
}

/**
 * Marks the small counts (and those that would reveal them) as suppressed in metric_values: from
 * the build's list when it was made for exactly these rows, otherwise worked out here.
 */
async function suppressSmallCounts(db: Engine, areas: AreaIndex, precomputed: PrecomputedSuppression | null): Promise<void> {
  let hidden: Observation[];
  if (precomputed) {
    hidden = precomputed.rows.map(([metric, area_code, period_start, period_type, breakdown]) => ({
      metric, area_code, period_start, period_type: period_type as Observation['period_type'], breakdown,
      numerator: 0, denominator: null, published_value: null, suppressed: true, source: 'suppression',
    }));
  } else {
    const rows = await db.query<CountRow>(
      `SELECT metric, area_code, strftime(period_start, '%Y-%m-%d') AS period_start, period_type, breakdown, numerator, denominator, suppressed FROM metric_values`,
    );
    hidden = rowsToSuppress(rows, areas).map((r) => ({ ...r, source: 'suppression', published_value: null }) as unknown as Observation);
  }
  if (hidden.length === 0) return;
  await db.query('DROP TABLE IF EXISTS suppressed_rows');
  await db.insertArrow('suppressed_rows', toArrowIpc('observations', hidden));
  await db.query(`UPDATE metric_values m SET suppressed = true FROM suppressed_rows s
    WHERE m.metric = s.metric AND m.area_code = s.area_code AND m.period_start = s.period_start
      AND m.period_type = s.period_type AND m.breakdown = s.breakdown`);
  await db.query('DROP TABLE suppressed_rows');
}

/**
 * Builds metric_values from the loaded tables and returns the area hierarchy. `precomputed` is
 * the build's suppression, for callers that know it matches what is loaded.
 */
export async function buildMetricValues(db: Engine, precomputed: PrecomputedSuppression | null = null): Promise<AreaIndex> {
  await db.query(CREATE_METRIC_VALUES);
  const areas = indexAreas(await db.query<Area & Record<string, unknown>>(AREAS_SQL));
  await suppressSmallCounts(db, areas, precomputed);
  return areas;
}

export async function querySeries(db: Connector, metric: Metric, breakdown: string, periodType: string, areaCodes: string[]): Promise<Point[]> {
  if (areaCodes.length === 0) return [];
  const { sql, params } = seriesQuery(metric.id, breakdown, periodType, areaCodes);
  return toPoints(metric, await db.query<SeriesRow>(sql, params));
}
