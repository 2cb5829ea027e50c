// createMetricValues as it was written before it stopped making a table of its big CTEs (each row
// of metric_values from one CTE to the next, as the definition reads): the reference the tests
// hold the query pages run to (tests/unit/metric-values-reference.test.ts). Not run by any page.
import { DSR_MIN_COUNT } from '../../src/lib/stats/dsr';
import type { Metric } from '../../src/lib/definitions';
import { KEY_COLUMNS } from '../../src/lib/contract/schema';
import { BUILD_NAMES, codePeriods, dsrBandsCtes, icbMembers, inForce, layered, standardisedSums, valuesOf, type BuildNames } from '../../src/lib/metrics/queries';

/**
 * layered('observations') of the buckets (metric, period type and period start) in table `buckets`,
 * which holds every bucket of the local rows: those all, and the bundled rows of those buckets that
 * no local row replaces.
 */
const scopedObservations = (buckets: string, local = 'local_observations') =>
  `SELECT *, true AS local FROM ${local}
   UNION ALL
   SELECT b.*, false AS local FROM observations b SEMI JOIN ${buckets} USING (metric, period_type, period_start)
     ANTI JOIN ${local} l USING (${KEY_COLUMNS.observations.join(', ')})`;

export function referenceMetricValues(metrics: readonly Metric[], scope?: { buckets: string; into: string }, names: BuildNames = BUILD_NAMES): string {
  const bands = valuesOf(
    metrics.filter((m) => m.denominatorBand).map((m) => `('${m.id}', '${m.denominatorBand}')`),
    { metric: 'VARCHAR', band: 'VARCHAR' },
  );
  const year = (t: string) => `year(${t}.period_start) - (month(${t}.period_start) < 4)::INTEGER`;
  return `
CREATE OR REPLACE TABLE ${names.allAreas} AS
SELECT area_code, coalesce(l.area_name, b.area_name) AS area_name, coalesce(l.area_type, b.area_type) AS area_type,
       coalesce(l.parent_code, b.parent_code) AS parent_code, l.area_code IS NOT NULL AS local
FROM local_areas l FULL OUTER JOIN areas b USING (area_code);

CREATE OR REPLACE TABLE ${names.metricTargets} AS ${layered('targets')};

CREATE OR REPLACE TABLE ${scope?.into ?? names.metricValues} AS
WITH obs AS (${scope ? scopedObservations(scope.buckets, names.localObservations) : layered('observations', names.localObservations)}),
pops AS (${layered('populations')}),
bands AS (${bands}),
${dsrBandsCtes(metrics)},
banded AS (
  SELECT o.*, coalesce(d.band, b.band) AS band
  FROM obs o LEFT JOIN bands b USING (metric) LEFT JOIN dsr_bands d ON d.metric = o.metric AND d.band = o.breakdown
),
needed AS (
  SELECT DISTINCT o.area_code, o.band, ${year('o')} AS year
  FROM banded o WHERE o.band IS NOT NULL AND o.denominator IS NULL AND NOT o.suppressed
),
filled AS (
  SELECT n.area_code, n.band, n.year,
         arg_min(p.population, abs(p.year - n.year) * 2 + (p.year > n.year)::INTEGER) AS population
  FROM needed n JOIN pops p ON p.area_code = n.area_code AND p.age_band = n.band
  GROUP BY ALL
),
values AS (
  SELECT o.metric, o.area_code, o.period_start, o.period_type, o.breakdown, o.numerator,
         coalesce(o.denominator, CASE WHEN NOT o.suppressed THEN f.population END) AS denominator, o.published_value, o.suppressed, o.local,
         o.source_file, o.source_row
  FROM banded o
  LEFT JOIN filled f ON f.area_code = o.area_code AND f.band = o.band AND f.year = ${year('o')}
),
code_periods(area_code, valid_from, valid_until) AS (VALUES ${codePeriods}),
icb_places AS (
  SELECT a.parent_code AS icb, p.period_start, count(*) AS places
  FROM (${icbMembers(names.allAreas)}) a LEFT JOIN code_periods c USING (area_code)
  JOIN (SELECT DISTINCT period_start FROM values) p
    ON (c.valid_from IS NULL OR c.valid_from <= p.period_start) AND (c.valid_until IS NULL OR p.period_start < c.valid_until)
  GROUP BY ALL
),
icb_sums AS (
  SELECT a.parent_code AS area_code, v.metric, v.period_start, v.period_type, v.breakdown,
         sum(v.numerator) AS numerator, sum(v.denominator) AS denominator, bool_or(v.suppressed) AS suppressed,
         bool_or(v.local) AS local, count(*) AS places, count(v.denominator) AS with_denominator
  FROM values v JOIN ${names.allAreas} a ON a.area_code = v.area_code
  JOIN ${names.allAreas} p ON p.area_code = a.parent_code AND p.area_type = 'icb'
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
    AND s.area_code NOT IN (${scope ? `SELECT area_code FROM ${names.localObservations} UNION SELECT area_code FROM observations` : 'SELECT DISTINCT area_code FROM values'})
),
dsr_totals AS (${standardisedSums('summed')}),
standardised AS (
  SELECT s.*, NULL::DOUBLE AS standardised_rate, NULL::DOUBLE AS standardised_variance
  FROM summed s WHERE s.breakdown <> 'total' OR s.metric NOT IN (SELECT metric FROM dsr_band_count)
  UNION ALL
  -- Only a DSR metric's totals can be replaced by their sums: the rows were all joined against
  -- them, DuckDB building its table of a million uploaded rows to do so (0.25 s in the Node build).
  SELECT s.*, NULL::DOUBLE AS standardised_rate, NULL::DOUBLE AS standardised_variance
  FROM (SELECT * FROM summed WHERE breakdown = 'total' AND metric IN (SELECT metric FROM dsr_band_count)) s
    ANTI JOIN (SELECT metric, area_code, period_start, period_type FROM dsr_totals) t USING (metric, area_code, period_start, period_type)
  UNION ALL
  SELECT t.metric, t.area_code, t.period_start, t.period_type, 'total' AS breakdown, t.numerator, t.denominator,
         coalesce(s.published_value, CASE WHEN t.numerator >= ${DSR_MIN_COUNT} THEN t.standardised_rate * t.multiplier END) AS published_value,
         coalesce(s.suppressed, false) AS suppressed, t.local OR coalesce(s.local, false) AS local,
         'sum of the age bands' AS source_file, NULL AS source_row, t.standardised_rate, t.standardised_variance
  FROM dsr_totals t LEFT JOIN summed s ON s.breakdown = 'total' AND s.metric = t.metric AND s.area_code = t.area_code
    AND s.period_start = t.period_start AND s.period_type = t.period_type
),
${inForce('standardised', metrics, names.metricTargets)}
SELECT v.*, CASE WHEN v.breakdown = 'total' THEN i.target END AS target,
       v.breakdown = 'total' AND coalesce(i.target_local, false) AS target_local
FROM standardised v LEFT JOIN in_force i USING (metric, area_code, period_start, period_type)`;
}

