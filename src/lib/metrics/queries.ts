// The SQL the dashboard runs. Values from users are always bound as parameters; only the number
// of placeholders depends on input.

/**
 * `metric_values`: every stored observation, plus each ICB as the sum of its places for the
 * periods where all of its places report (a partial sum would understate the ICS).
 */
export const CREATE_METRIC_VALUES = `
CREATE OR REPLACE TABLE metric_values AS
WITH icb_places AS (
  SELECT parent_code AS icb, count(*) AS places FROM areas WHERE area_type = 'place' GROUP BY parent_code
),
icb_sums AS (
  SELECT a.parent_code AS area_code, o.metric, o.period_start, o.period_type, o.breakdown,
         sum(o.numerator) AS numerator, sum(o.denominator) AS denominator,
         count(*) AS places, count(o.denominator) AS with_denominator
  FROM observations o JOIN areas a ON a.area_code = o.area_code
  JOIN areas p ON p.area_code = a.parent_code AND p.area_type = 'icb'
  WHERE a.area_type = 'place'
  GROUP BY ALL
)
SELECT metric, area_code, period_start, period_type, breakdown, numerator, denominator FROM observations
UNION ALL
SELECT s.metric, s.area_code, s.period_start, s.period_type, s.breakdown, s.numerator, s.denominator
FROM icb_sums s JOIN icb_places c ON c.icb = s.area_code
WHERE s.places = c.places AND s.with_denominator = s.places
  AND s.area_code NOT IN (SELECT DISTINCT area_code FROM observations)`;

export const AREAS_SQL = `SELECT area_code, area_name, area_type, parent_code FROM areas ORDER BY area_name`;

export interface SeriesRow extends Record<string, unknown> {
  area_code: string;
  period_start: string;
  period_type: string;
  numerator: number;
  denominator: number | null;
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
                 numerator, denominator
          FROM metric_values
          WHERE metric = ? AND breakdown = ? AND period_type = ? AND area_code IN (${placeholders})
          ORDER BY area_code, period_start`,
    params: [metric, breakdown, periodType, ...areaCodes],
  };
}
