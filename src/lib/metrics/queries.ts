// The SQL the dashboard runs. Values from users are always bound as parameters; only the number
// of placeholders depends on input.
import { MONTHS_IN } from '../contract/periods';
import { KEY_COLUMNS, PERIOD_TYPES, TABLE_NAMES, type TableName } from '../contract/schema';
import { COUNCILS } from '../geography/councils';
import { METRICS, onOneScale } from './catalogue';


/**
 * A table as the dashboard sees it: rows uploaded in this browser (local) replacing bundled rows
 * of the same key.
 */
export const layered = (table: Exclude<TableName, 'areas'>) =>
  `SELECT *, true AS local FROM local_${table}
   UNION ALL
   SELECT b.*, false AS local FROM ${table} b ANTI JOIN local_${table} l USING (${KEY_COLUMNS[table].join(', ')})`;

/** Empty tables for rows uploaded in this browser, layered over the bundled extracts. */
export const CREATE_LOCAL_LAYER = TABLE_NAMES.map(
  (t) => `CREATE TABLE IF NOT EXISTS local_${t} AS SELECT * FROM ${t} LIMIT 0`,
);

// Codes that began or ended since 2011 (the reference geography); other places are always in use,
// as is a code that continues an older one's series (its data run from before it began).
const day = (iso: string | undefined) => (iso ? `DATE '${iso}'` : 'NULL::DATE');
const codePeriods = COUNCILS.filter((c) => (c.from && !c.continues) || c.until).map((c) => `('${c.code}', ${day(c.continues ? undefined : c.from)}, ${day(c.until)})`).join(', ');

const bands = METRICS.filter((m) => m.denominatorBand)
  .map((m) => `('${m.id}', '${m.denominatorBand}')`)
  .join(', ');

const periodRanks = PERIOD_TYPES.map((t, i) => `('${t}', ${i}, ${MONTHS_IN[t]})`).join(', ');
const sameScale = METRICS.filter(onOneScale).map((m) => `'${m.id}'`).join(', ');

/** The target in force for each total of `values` (the CTEs ranks and in_force; see below). */
const inForce = (values: string) => `ranks(period_type, rank, months) AS (VALUES ${periodRanks}),
in_force AS (
  SELECT v.metric, v.area_code, v.period_start, v.period_type, arg_min(t.target, tr.rank) AS target,
         arg_min(t.local, tr.rank) AS target_local
  FROM ${values} v JOIN ranks vr USING (period_type)
  JOIN metric_targets t ON t.metric = v.metric AND t.area_code = v.area_code AND t.period_start <= v.period_start
  JOIN ranks tr ON tr.period_type = t.period_type AND tr.rank >= vr.rank
    AND (tr.rank = vr.rank OR v.metric IN (${sameScale}))
    AND v.period_start < t.period_start + to_months(tr.months)
  WHERE v.breakdown = 'total'
  GROUP BY ALL
)`;

/**
 * `metric_values`: every observation (local uploads replacing bundled rows of the same key),
 * denominators the source left empty filled from the population of the metric's age band for
 * the financial year (the nearest year held, earlier on a tie), plus each ICB as the sum of its
 * places for the periods where all of its places report (a partial sum would understate it):
 * all of its places whose code was in use then, so Buckinghamshire County Council counts until
 * March 2020 and Buckinghamshire Council after.
 * Each total carries the target in force: the one set for the shortest period that contains it
 * (a target for March 2019 over one for 2018-19); a longer period's only where the metric is
 * on one scale whatever the period's length (onOneScale).
 */
export const CREATE_METRIC_VALUES = `
CREATE OR REPLACE TABLE all_areas AS
SELECT area_code, coalesce(l.area_name, b.area_name) AS area_name, coalesce(l.area_type, b.area_type) AS area_type,
       coalesce(l.parent_code, b.parent_code) AS parent_code, l.area_code IS NOT NULL AS local
FROM local_areas l FULL OUTER JOIN areas b USING (area_code);

CREATE OR REPLACE TABLE metric_targets AS ${layered('targets')};

CREATE OR REPLACE TABLE metric_values AS
WITH obs AS (${layered('observations')}),
pops AS (${layered('populations')}),
bands(metric, band) AS (VALUES ${bands}),
needed AS (
  SELECT DISTINCT o.area_code, b.band, year(o.period_start) - (month(o.period_start) < 4)::INTEGER AS year
  FROM obs o JOIN bands b USING (metric) WHERE o.denominator IS NULL AND NOT o.suppressed
),
filled AS (
  SELECT n.area_code, n.band, n.year,
         arg_min(p.population, abs(p.year - n.year) * 2 + (p.year > n.year)::INTEGER) AS population
  FROM needed n JOIN pops p ON p.area_code = n.area_code AND p.age_band = n.band
  GROUP BY ALL
),
values AS (
  SELECT o.metric, o.area_code, o.period_start, o.period_type, o.breakdown, o.numerator,
         coalesce(o.denominator, f.population) AS denominator, o.published_value, o.suppressed, o.local,
         o.source_file, o.source_row
  FROM obs o LEFT JOIN bands b USING (metric)
  LEFT JOIN filled f ON o.denominator IS NULL AND f.area_code = o.area_code AND f.band = b.band
    AND f.year = year(o.period_start) - (month(o.period_start) < 4)::INTEGER
),
code_periods(area_code, valid_from, valid_until) AS (VALUES ${codePeriods}),
icb_places AS (
  SELECT a.parent_code AS icb, p.period_start, count(*) AS places
  FROM all_areas a LEFT JOIN code_periods c USING (area_code)
  JOIN (SELECT DISTINCT period_start FROM values) p
    ON (c.valid_from IS NULL OR c.valid_from <= p.period_start) AND (c.valid_until IS NULL OR p.period_start < c.valid_until)
  WHERE a.area_type = 'place'
  GROUP BY ALL
),
icb_sums AS (
  SELECT a.parent_code AS area_code, v.metric, v.period_start, v.period_type, v.breakdown,
         sum(v.numerator) AS numerator, sum(v.denominator) AS denominator, bool_or(v.suppressed) AS suppressed,
         bool_or(v.local) AS local, count(*) AS places, count(v.denominator) AS with_denominator
  FROM values v JOIN all_areas a ON a.area_code = v.area_code
  JOIN all_areas p ON p.area_code = a.parent_code AND p.area_type = 'icb'
  WHERE a.area_type = 'place'
  GROUP BY ALL
),
summed AS (
  SELECT * FROM values
  UNION ALL
  SELECT s.metric, s.area_code, s.period_start, s.period_type, s.breakdown, s.numerator, s.denominator,
         NULL AS published_value, s.suppressed, s.local, 'sum of the ICB''s places' AS source_file, NULL AS source_row
  FROM icb_sums s JOIN icb_places c ON c.icb = s.area_code AND c.period_start = s.period_start
  WHERE s.places = c.places AND s.with_denominator = s.places
    AND s.area_code NOT IN (SELECT DISTINCT area_code FROM values)
),
${inForce('summed')}
SELECT v.*, CASE WHEN v.breakdown = 'total' THEN i.target END AS target,
       v.breakdown = 'total' AND coalesce(i.target_local, false) AS target_local
FROM summed v LEFT JOIN in_force i USING (metric, area_code, period_start, period_type)`;

/**
 * `metric_values` when the tables loaded are the published extract and nothing was uploaded: the
 * publishing step built metric_values already (ICB sums, filled denominators, suppression) and
 * published exactly those rows, so running CREATE_METRIC_VALUES again would copy over a million
 * rows at national size to the same result. Only the targets in force are worked out (a small
 * table); metric_values is then a view of the observations as loaded, so no row is copied.
 */
export const CREATE_PUBLISHED_METRIC_VALUES = `
CREATE OR REPLACE TABLE all_areas AS SELECT area_code, area_name, area_type, parent_code, false AS local FROM areas;

CREATE OR REPLACE TABLE metric_targets AS SELECT *, false AS local FROM targets;

CREATE OR REPLACE TABLE metric_targets_in_force AS
WITH ${inForce('observations')}
SELECT * FROM in_force;

CREATE OR REPLACE VIEW metric_values AS
SELECT o.metric, o.area_code, o.period_start, o.period_type, o.breakdown, o.numerator, o.denominator, o.published_value,
       o.suppressed, false AS local, o.source_file, o.source_row, i.target, coalesce(i.target_local, false) AS target_local
FROM observations o LEFT JOIN metric_targets_in_force i
  ON o.breakdown = 'total' AND i.metric = o.metric AND i.area_code = o.area_code AND i.period_start = o.period_start AND i.period_type = o.period_type`;

export const AREAS_SQL = `SELECT area_code, area_name, area_type, parent_code FROM all_areas ORDER BY area_name`;

export interface SeriesRow extends Record<string, unknown> {
  area_code: string;
  period_start: string;
  period_type: string;
  /** Null for a cell the published extract suppresses. */
  numerator: number | null;
  denominator: number | null;
  published_value: number | null;
  suppressed: boolean;
  /** From a file uploaded in this browser rather than the bundled extracts. */
  local: boolean;
  /** The target in force for the period (totals only), in the metric's unit. */
  target: number | null;
  /** That target came from a file uploaded in this browser. */
  target_local: boolean;
}

/** One metric's series for some areas, oldest period first. */
export function seriesQuery(
  metric: string,
  breakdown: string,
  periodType: string,
  areaCodes: string[],
): { sql: string; params: string[] } {
  if (areaCodes.length === 0) throw new Error('seriesQuery needs at least one area');
  const placeholders = areaCodes.map(() => '?').join(', ');
  return {
    sql: `SELECT area_code, strftime(period_start, '%Y-%m-%d') AS period_start, period_type,
                 numerator, denominator, published_value, suppressed, local, target, target_local
          FROM metric_values
          WHERE metric = ? AND breakdown = ? AND period_type = ? AND area_code IN (${placeholders})
          ORDER BY area_code, period_start`,
    params: [metric, breakdown, periodType, ...areaCodes],
  };
}
