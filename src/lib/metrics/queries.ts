// The SQL the dashboard runs. Values from users are always bound as parameters; only the number
// of placeholders depends on input.
import { MONTHS_IN } from '../contract/periods';
import { KEY_COLUMNS, PERIOD_TYPES, TABLE_NAMES, type TableName } from '../contract/schema';
import { COUNCILS } from '../geography/councils';
import { continuedBy } from '../geography/reference';
import { bandsWithin, DSR_MIN_COUNT, ESP_2013 } from '../stats/dsr';
import { onOneScale, type Metric } from '../definitions';


/**
 * A table as the dashboard sees it: rows uploaded in this browser (local) replacing bundled rows
 * of the same key.
 */
export const layered = (table: Exclude<TableName, 'areas'>, local = `local_${table}`) =>
  `SELECT *, true AS local FROM ${local}
   UNION ALL
   SELECT b.*, false AS local FROM ${table} b ANTI JOIN ${local} l USING (${KEY_COLUMNS[table].join(', ')})`;

/** Empty tables for rows uploaded in this browser, layered over the bundled extracts. */
export const CREATE_LOCAL_LAYER = TABLE_NAMES.map(
  (t) => `CREATE TABLE IF NOT EXISTS local_${t} AS SELECT * FROM ${t} LIMIT 0`,
);

// Codes that began or ended since 2011 (the reference geography); other places are always in use,
// as is a code that continues an older one's series (its data run from before it began).
const day = (iso: string | undefined) => (iso ? `DATE '${iso}'` : 'NULL::DATE');
// (This and the other pieces below are exported for the query as first written, which the tests keep as
// the reference: tests/helpers/metric-values-reference.ts.)
export const codePeriods = COUNCILS.filter((c) => (c.from && !c.continues) || c.until).map((c) => `('${c.code}', ${day(c.continues ? undefined : c.from)}, ${day(c.until)})`).join(', ');

// Every council an ICB is the sum of, by the reference geography (a code that another continues is
// counted as its successor, which carries its data), beside the places the data set holds: an ICB
// is summed only where all of them report, so a data set holding some of its places (a council's
// own records alone) gives the ICB no figure rather than that part's sum under the ICB's name.
const icbCouncils = COUNCILS.filter((c) => !continuedBy.has(c.code)).map((c) => `('${c.code}', '${c.icb}')`).join(', ');
export const icbMembers = (allAreas: string) => `
    SELECT area_code, parent_code FROM ${allAreas} WHERE area_type = 'place'
    UNION ALL
    SELECT * FROM (VALUES ${icbCouncils}) r(area_code, parent_code)
    WHERE area_code NOT IN (SELECT area_code FROM ${allAreas} WHERE area_type = 'place')`;

const periodRanks = PERIOD_TYPES.map((t, i) => `('${t}', ${i}, ${MONTHS_IN[t]})`).join(', ');

/** A VALUES list of typed rows, or an empty relation of those columns (VALUES may not be empty). */
export function valuesOf(rows: string[], columns: Record<string, string>): string {
  if (rows.length) return `SELECT * FROM (VALUES ${rows.join(', ')}) t(${Object.keys(columns).join(', ')})`;
  return `SELECT ${Object.entries(columns).map(([c, type]) => `NULL::${type} AS ${c}`).join(', ')} WHERE false`;
}

/** How far population year `p` is from financial year `n` (SQL), to take the nearest held, the earlier on a tie. */
export const nearness = (p: string, n: string) => `abs(${p} - ${n}) * 2 + (${p} > ${n})::INTEGER`;

/** The financial year (by its first calendar year) of row `t`'s period_start (SQL). */
export const financialYearOf = (t: string) => `year(${t}.period_start) - (month(${t}.period_start) < 4)::INTEGER`;

/** Each metric whose denominator is a population, with its age band (SQL rows metric, band). */
export const populationBands = (metrics: readonly Metric[]) =>
  valuesOf(metrics.filter((m) => m.denominatorBand).map((m) => `('${m.id}', '${m.denominatorBand}')`), { metric: 'VARCHAR', band: 'VARCHAR' });

/** The five-year bands of each DSR metric with their ESP 2013 weights (CTEs dsr_bands, dsr_band_count). */
export function dsrBandsCtes(metrics: readonly Metric[]): string {
  const rows = metrics.filter((m) => m.kind === 'dsr').flatMap((m) => bandsWithin(m.denominatorBand ?? 'all').map((b) => `('${m.id}', '${b}', ${ESP_2013[b]}, ${m.multiplier})`));
  return `dsr_bands AS (${valuesOf(rows, { metric: 'VARCHAR', band: 'VARCHAR', weight: 'DOUBLE', multiplier: 'DOUBLE' })}),
dsr_band_count AS (SELECT metric, count(*) AS bands, any_value(multiplier) AS multiplier FROM dsr_bands GROUP BY metric)`;
}

/**
 * A DSR total's sums over its age-band rows in `source`, where every band is held and shown:
 * count and population summed, `standardised_rate` (Σ w·O/n ÷ Σ w) and `standardised_variance`
 * (Σ w²·O/n² ÷ (Σ w)²), from which stats/dsr.ts gives the rate and its Dobson interval.
 */
export const standardisedSums = (source: string) => `
  SELECT s.metric, s.area_code, s.period_start, s.period_type, sum(s.numerator) AS numerator,
         sum(s.denominator) AS denominator, bool_or(s.local) AS local, any_value(k.multiplier) AS multiplier,
         sum(d.weight * s.numerator / s.denominator) / sum(d.weight) AS standardised_rate,
         sum(d.weight * d.weight * s.numerator / (s.denominator * s.denominator)) / (sum(d.weight) * sum(d.weight)) AS standardised_variance
  FROM ${source} s JOIN dsr_bands d ON d.metric = s.metric AND d.band = s.breakdown JOIN dsr_band_count k ON k.metric = s.metric
  WHERE NOT s.suppressed AND s.numerator >= 0 AND s.denominator > 0
  GROUP BY s.metric, s.area_code, s.period_start, s.period_type, k.bands
  HAVING count(*) = k.bands`;

/**
 * The target in force for each total of `values` (CTEs ranks and in_force): the one set for the
 * shortest period that contains it; a longer period's only where the metric is on one scale.
 */
export function inForce(values: string, metrics: readonly Metric[], targets = 'metric_targets'): string {
  const sameScale = valuesOf(metrics.filter(onOneScale).map((m) => `('${m.id}')`), { metric: 'VARCHAR' });
  return `ranks(period_type, rank, months) AS (VALUES ${periodRanks}),
in_force AS (
  SELECT v.metric, v.area_code, v.period_start, v.period_type, arg_min(t.target, tr.rank) AS target,
         arg_min(t.local, tr.rank) AS target_local
  FROM ${values} v JOIN ranks vr USING (period_type)
  JOIN ${targets} t ON t.metric = v.metric AND t.area_code = v.area_code AND t.period_start <= v.period_start
  JOIN ranks tr ON tr.period_type = t.period_type AND tr.rank >= vr.rank
    AND (tr.rank = vr.rank OR v.metric IN (${sameScale}))
    AND v.period_start < t.period_start + to_months(tr.months)
  WHERE v.breakdown = 'total'
  GROUP BY ALL
)`;
}

/**
 * `metric_values`: every observation (local uploads replacing bundled rows of the same key),
 * denominators the source left empty filled from the population of the metric's age band for
 * the financial year (the nearest year held, earlier on a tie) — a DSR metric's age-band rows from
 * their own five-year band's; not a suppressed row's, which the published extract empties on
 * purpose (and which was filled only where another row of its area, band and year needed it) —
 * plus each ICB as the sum of its places for the periods where all of its places report (a
 * partial sum would understate it): all of its places whose code was in use then, so
 * Buckinghamshire County Council counts until March 2020 and Buckinghamshire Council after.
 * A DSR metric's total (for places and ICBs alike) is made from its age-band rows wherever every
 * band is held and shown: the count and population summed, and `standardised_rate` (Σ w·O/n ÷ Σ w,
 * ESP 2013 weights w) and `standardised_variance` (Σ w²·O/n² ÷ (Σ w)²), from which stats/dsr.ts
 * gives the rate and its Dobson interval (the arithmetic past these sums is done once, there).
 * The rate itself (10 events or more) is kept as the row's published_value when the source gave
 * none, so a page still has it where publishing hides a small band; a source's total row stands
 * where the bands are not all held.
 * Each total carries the target in force: the one set for the shortest period that contains it
 * (a target for March 2019 over one for 2018-19); a longer period's only where the metric is
 * on one scale whatever the period's length (onOneScale).
 * Every join here matches on columns of both sides only: a condition on one side alone in an ON
 * (`o.denominator IS NULL`, `s.breakdown = 'total'`) made DuckDB join by nested loops over every
 * pair of rows, 16 s instead of 0.4 s for the demo's 172,765 rows.
 * `scope`: only the observations of the metrics, period types and period starts listed in table
 * `scope.buckets`, made into table `scope.into` (db/prepare.ts's partial rebuild). Every row here
 * depends only on observations of its own metric, period type and period start, but for one thing:
 * an ICB is summed from its places only where it has no rows of its own in any of them, so that
 * test still reads every observation's area.
 */
export function createMetricValues(metrics: readonly Metric[], scope?: { buckets: string; into: string }, names: BuildNames = BUILD_NAMES, split?: BuildSplit): string {
  const bands = populationBands(metrics);
  const local = names.localObservations;
  const keys = KEY_COLUMNS.observations.join(', ');
  // The published rows read: every one, or (scope) those of the buckets listed, found once (a few,
  // or partialScope would build the whole: each of the four reads below finding them took longer).
  const published = scope ? 'scoped_published' : 'observations';
  // The observations (layered: local rows replacing published rows of the same key) that `where`
  // keeps, a condition on a row's key columns alone, so that it keeps a replaced row's replacement
  // with it; with each row's age band (`band`) and its denominator filled where it was left empty.
  // Written out wherever it is read rather than as one CTE: DuckDB makes a table of a CTE read
  // more than once, and writing a million uploaded rows' copy four times over (obs, values, summed
  // and standardised) was most of this query's time.
  // `rows(table)`: the rows of `table` kept (every column). The local rows that replace published
  // ones are looked for only among those of an area the published rows hold (a semi join on one
  // column): the anti join otherwise hashed every uploaded row's five keys, and a million hub rows,
  // which no published row can match, took 0.3 s of it.
  // `part`: of the rows made from the uploaded ones, only the own (split.own) or the others. The
  // own rows are of no DSR metric (BuildSplit), so no age band of one is looked for among them (its
  // join and, below, the test for a DSR total: 60 of the 600 processor-ms putting a million in).
  const values = (rows: (table: string) => string, part?: BuildSplit['part']) => `
  SELECT o.metric, o.area_code, o.period_start, o.period_type, o.breakdown, o.numerator,
         coalesce(o.denominator, CASE WHEN NOT o.suppressed THEN f.population END) AS denominator, o.published_value, o.suppressed, o.local,
         o.source_file, o.source_row
  FROM (
    SELECT o.*, ${part === 'own' ? 'b.band' : 'coalesce(d.band, b.band)'} AS band
    FROM (SELECT *, true AS local FROM (${rows(local)})${part ? ` WHERE ${part === 'own' ? '' : 'NOT '}${split!.own}` : ''}
          ${part === 'own' ? '' : `UNION ALL
          SELECT p.*, false AS local FROM (${rows(published)}) p
            ANTI JOIN (SELECT ${keys} FROM (${rows(local)}) SEMI JOIN (SELECT DISTINCT area_code FROM ${published}) USING (area_code)) l USING (${keys})`}) o
    LEFT JOIN bands b USING (metric)${part === 'own' ? '' : ' LEFT JOIN dsr_bands d ON d.metric = o.metric AND d.band = o.breakdown'}
  ) o
  LEFT JOIN filled f ON f.area_code = o.area_code AND f.band = o.band AND f.year = ${financialYearOf('o')}`;
  // The rows of the places under an ICB and of the DSR metrics, as two semi joins rather than one
  // condition with OR: DuckDB then filters the uploaded rows while reading them (by the range of
  // the few codes joined) instead of reading every column of every row first (0.5-0.7 s of a
  // million uploaded hub rows' build, for none kept).
  const summedRows = (t: string) => `
    SELECT * FROM ${t} SEMI JOIN icb_place_codes USING (area_code)
    UNION ALL
    SELECT * FROM ${t} SEMI JOIN dsr_band_count USING (metric) ANTI JOIN icb_place_codes USING (area_code)`;
  const dsr = 'metric IN (SELECT metric FROM dsr_band_count)';
  const unlessDsrTotal = `breakdown <> 'total' OR metric NOT IN (SELECT metric FROM dsr_band_count)`;
  const part = split?.part;
  // The own rows are put into the table the others were made into: those statements were run then.
  return `${part === 'own' ? '' : `
CREATE OR REPLACE TABLE ${names.allAreas} AS
SELECT area_code, coalesce(l.area_name, b.area_name) AS area_name, coalesce(l.area_type, b.area_type) AS area_type,
       coalesce(l.parent_code, b.parent_code) AS parent_code, l.area_code IS NOT NULL AS local
FROM ${names.localAreas ?? 'local_areas'} l FULL OUTER JOIN areas b USING (area_code);

CREATE OR REPLACE TABLE ${names.metricTargets} AS ${layered('targets')};
`}
${part === 'own' ? `INSERT INTO ${names.metricValues}` : `CREATE OR REPLACE TABLE ${scope?.into ?? names.metricValues} AS`}
WITH ${scope ? `scoped_published AS MATERIALIZED (SELECT * FROM observations SEMI JOIN ${scope.buckets} USING (metric, period_type, period_start)),
` : ''}pops AS (${layered('populations')}),
bands AS MATERIALIZED (${bands}),
${dsrBandsCtes(metrics)},
-- The populations wanted: every row's but a suppressed one's with its denominator left empty
-- (read from every observation, a replaced one's included: a population found that no row takes
-- changes nothing, each row taking its own area's, band's and year's).
needed AS (
  SELECT DISTINCT o.area_code, o.band, ${financialYearOf('o')} AS year
  FROM (
    SELECT o.area_code, o.period_start, coalesce(d.band, b.band) AS band
    FROM (SELECT metric, area_code, period_start, breakdown FROM ${local} WHERE denominator IS NULL AND NOT suppressed
          UNION ALL
          SELECT metric, area_code, period_start, breakdown FROM ${published} WHERE denominator IS NULL AND NOT suppressed) o
    LEFT JOIN bands b USING (metric) LEFT JOIN dsr_bands d ON d.metric = o.metric AND d.band = o.breakdown
  ) o WHERE o.band IS NOT NULL
),
filled AS MATERIALIZED (
  SELECT n.area_code, n.band, n.year,
         arg_min(p.population, ${nearness('p.year', 'n.year')}) AS population
  FROM needed n JOIN pops p ON p.area_code = n.area_code AND p.age_band = n.band
  GROUP BY ALL
),
icb_place_codes AS MATERIALIZED (
  SELECT a.area_code FROM ${names.allAreas} a JOIN ${names.allAreas} p ON p.area_code = a.parent_code AND p.area_type = 'icb'
  WHERE a.area_type = 'place'
),
-- The rows an ICB's sums and a DSR's totals are made of: those of the places under an ICB and of
-- the DSR metrics (a few of a million uploaded hub rows).
summed_from AS MATERIALIZED (${values(summedRows)}),
code_periods(area_code, valid_from, valid_until) AS (VALUES ${codePeriods}),
icb_places AS (
  SELECT a.parent_code AS icb, p.period_start, count(*) AS places
  FROM (${icbMembers(names.allAreas)}) a LEFT JOIN code_periods c USING (area_code)
  JOIN (SELECT DISTINCT period_start FROM summed_from) p
    ON (c.valid_from IS NULL OR c.valid_from <= p.period_start) AND (c.valid_until IS NULL OR p.period_start < c.valid_until)
  GROUP BY ALL
),
icb_sums AS (
  SELECT a.parent_code AS area_code, v.metric, v.period_start, v.period_type, v.breakdown,
         sum(v.numerator) AS numerator, sum(v.denominator) AS denominator, bool_or(v.suppressed) AS suppressed,
         bool_or(v.local) AS local, count(*) AS places, count(v.denominator) AS with_denominator
  FROM summed_from v JOIN ${names.allAreas} a ON a.area_code = v.area_code
  JOIN ${names.allAreas} p ON p.area_code = a.parent_code AND p.area_type = 'icb'
  WHERE a.area_type = 'place'
  GROUP BY ALL
),
icb_rows AS MATERIALIZED (
  SELECT s.metric, s.area_code, s.period_start, s.period_type, s.breakdown, s.numerator, s.denominator,
         NULL AS published_value, s.suppressed, s.local, 'sum of the ICB''s places' AS source_file, NULL AS source_row
  FROM icb_sums s JOIN icb_places c ON c.icb = s.area_code AND c.period_start = s.period_start
  WHERE s.places = c.places AND s.with_denominator = s.places
    AND s.area_code NOT IN (SELECT area_code FROM ${local} UNION SELECT area_code FROM observations)
),
summed_dsr AS MATERIALIZED (
  SELECT * FROM summed_from WHERE ${dsr}
  UNION ALL
  SELECT * FROM icb_rows WHERE ${dsr}
),
dsr_totals AS MATERIALIZED (${standardisedSums('summed_dsr')}),
-- A DSR metric's totals: a source's where its bands are not all held and shown, else their sums.
standardised_dsr AS (
  SELECT s.*, NULL::DOUBLE AS standardised_rate, NULL::DOUBLE AS standardised_variance
  FROM (SELECT * FROM summed_dsr WHERE breakdown = 'total') s
    ANTI JOIN (SELECT metric, area_code, period_start, period_type FROM dsr_totals) t USING (metric, area_code, period_start, period_type)
  UNION ALL
  SELECT t.metric, t.area_code, t.period_start, t.period_type, 'total' AS breakdown, t.numerator, t.denominator,
         coalesce(s.published_value, CASE WHEN t.numerator >= ${DSR_MIN_COUNT} THEN t.standardised_rate * t.multiplier END) AS published_value,
         coalesce(s.suppressed, false) AS suppressed, t.local OR coalesce(s.local, false) AS local,
         'sum of the age bands' AS source_file, NULL AS source_row, t.standardised_rate, t.standardised_variance
  FROM dsr_totals t LEFT JOIN summed_dsr s ON s.breakdown = 'total' AND s.metric = t.metric AND s.area_code = t.area_code
    AND s.period_start = t.period_start AND s.period_type = t.period_type
),
standardised AS (
  SELECT *, NULL::DOUBLE AS standardised_rate, NULL::DOUBLE AS standardised_variance FROM (${values((t) => `SELECT * FROM ${t}`, part)}) v${part === 'own' ? '' : ` WHERE ${unlessDsrTotal}`}
  ${part === 'own' ? '' : `UNION ALL
  SELECT *, NULL::DOUBLE AS standardised_rate, NULL::DOUBLE AS standardised_variance FROM icb_rows WHERE ${unlessDsrTotal}
  UNION ALL
  SELECT * FROM standardised_dsr`}
),
-- Every total's key (some twice, some of rows replaced or no longer a total: the targets in force
-- are worked out for each key alone, and only those of the rows made are taken), read from the
-- tables rather than from the rows made, which would then be read twice.
totals AS (
  SELECT metric, area_code, period_start, period_type, breakdown FROM ${local} WHERE breakdown = 'total'${part === 'own' ? ` AND ${split!.own}` : `
  UNION ALL
  SELECT metric, area_code, period_start, period_type, breakdown FROM ${published} WHERE breakdown = 'total'
  UNION ALL
  SELECT metric, area_code, period_start, period_type, breakdown FROM icb_rows WHERE breakdown = 'total'
  UNION ALL
  SELECT metric, area_code, period_start, period_type, 'total' AS breakdown FROM dsr_totals`}
),
${inForce('totals', metrics, names.metricTargets)}
SELECT v.*, CASE WHEN v.breakdown = 'total' THEN i.target END AS target,
       v.breakdown = 'total' AND coalesce(i.target_local, false) AS target_local
FROM standardised v LEFT JOIN in_force i USING (metric, area_code, period_start, period_type)`;
}

/**
 * `metric_values` when the tables loaded are the published extract and nothing was uploaded: the
 * publishing step built metric_values already (ICB sums, filled denominators, suppression) and
 * published exactly those rows, so building it again would copy over a million rows at national
 * size to the same result. Only the targets in force (a small table) and the DSR totals' sums over
 * their published bands are worked out; metric_values is a view of the observations as loaded.
 */
export function createPublishedMetricValues(metrics: readonly Metric[]): string {
  return `
CREATE OR REPLACE TABLE all_areas AS SELECT area_code, area_name, area_type, parent_code, false AS local FROM areas;

CREATE OR REPLACE TABLE metric_targets AS SELECT *, false AS local FROM targets;
${publishedSums(metrics)}
CREATE OR REPLACE VIEW metric_values AS ${publishedRows()}`;
}

/**
 * The tables publishedRows reads beside the published observations: the targets in force for
 * their totals (from metric_targets) and the DSR totals' sums over their published bands.
 */
export function publishedSums(metrics: readonly Metric[]): string {
  return `
CREATE OR REPLACE TABLE metric_targets_in_force AS
WITH ${inForce('observations', metrics)}
SELECT * FROM in_force;

CREATE OR REPLACE TABLE metric_standardised AS
WITH ${dsrBandsCtes(metrics)},
published AS (SELECT *, false AS local FROM observations)
${standardisedSums('published')};
`;
}

/**
 * The published observations as metric_values rows (after publishedSums), but those of the
 * metrics, period types and period starts in table `except` (db/prepare.ts's partial rebuild).
 */
export const publishedRows = (except?: string) => `
SELECT o.metric, o.area_code, o.period_start, o.period_type, o.breakdown, o.numerator, o.denominator, o.published_value,
       o.suppressed, false AS local, o.source_file, o.source_row, d.standardised_rate, d.standardised_variance,
       i.target, coalesce(i.target_local, false) AS target_local
FROM observations o
${except ? `ANTI JOIN ${except} x USING (metric, period_type, period_start)\n` : ''}LEFT JOIN (SELECT *, 'total' AS breakdown FROM metric_targets_in_force) i USING (metric, area_code, period_start, period_type, breakdown)
LEFT JOIN (SELECT *, 'total' AS breakdown FROM metric_standardised) d USING (metric, area_code, period_start, period_type, breakdown)`;

export const AREAS_SQL = `SELECT area_code, area_name, area_type, parent_code FROM all_areas ORDER BY area_name`;

/**
 * Where createMetricValues reads the uploads' observations and writes what it makes: the page's own
 * tables, or (upload/prepared-add.ts) an upload's rows prepared beside them, made into tables of
 * their own that take the others' places only when the upload is added.
 */
export interface BuildNames {
  localObservations: string;
  /** The uploads' areas (default local_areas): an upload's hubs prepared beside them (upload/prepared-add.ts's partial build). */
  localAreas?: string;
  allAreas: string;
  metricTargets: string;
  metricValues: string;
}

/**
 * A build made in two statements (upload/prepared-add.ts): 'others', every row of metric_values
 * but those made from the uploaded rows `own` keeps (a condition on observations' columns), into
 * a new table; then 'own', those rows put into it. Together the very rows of one build: every
 * figure made from other rows (ICB sums, DSR totals, a published row replaced) still reads the
 * own rows, and no row made from an own row is made from any other. `own` may keep only rows that
 * become one row of metric_values each (not a DSR metric's).
 */
export interface BuildSplit {
  own: string;
  part: 'others' | 'own';
}

export const BUILD_NAMES: BuildNames = { localObservations: 'local_observations', allAreas: 'all_areas', metricTargets: 'metric_targets', metricValues: 'metric_values' };

export interface SeriesRow extends Record<string, unknown> {
  metric: string;
  breakdown: string;
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
  /** A DSR total's Σ w·O/n ÷ Σ w and its variance over its age bands (null for other rows). */
  standardised_rate: number | null;
  standardised_variance: number | null;
}

/** One series a view asks for: a metric, by one breakdown and period type. */
export interface SeriesAsk {
  metric: string;
  breakdown: string;
  periodType: string;
}

// The queries below order rows by the table's date (metric_values.period_start), not by the text
// seriesQuery sends it as: the same order, and faster (everyAreaQuery for DToC by month at national
// size, 82,404 rows, took 38–39 ms rather than 44 when it too sent text; Node build, medians of 7).

/** A series row's columns but those naming its series (metric, breakdown, period type) and its period. */
const VALUE_COLUMNS = 'numerator, denominator, published_value, suppressed, local, target, target_local, standardised_rate, standardised_variance';
const AREA_COLUMNS = `area_code, strftime(period_start, '%Y-%m-%d') AS period_start, ${VALUE_COLUMNS}`;
const SERIES_COLUMNS = `metric, breakdown, period_type, ${AREA_COLUMNS}`;
// Rows kept in the page (db/series-index.ts) carry their period's start as a date, written as text
// only for the few rows a view takes: at national size everyAreaQuery for DToC by month took 37 ms
// rather than 52, and indexing it 11 ms rather than 15 (Node build, medians of 15, alternated, load 12).
const KEPT_AREA_COLUMNS = `area_code, period_start, ${VALUE_COLUMNS}`;

/** A list padded (with its last item again) to a power of two, at least 8. */
function padded<T>(items: T[]): T[] {
  const slots = Math.max(8, 2 ** Math.ceil(Math.log2(items.length)));
  return [...items, ...Array<T>(slots - items.length).fill(items.at(-1)!)];
}

/**
 * The condition keeping some areas' rows of metric_values. DuckDB answers \`area_code IN (…)\` of
 * more than a few codes by a join after reading every row of every column; ranges of codes it
 * filters while reading, fetching the other columns only for rows kept. So the codes also go as
 * ranges, one per code and the codes under it (a place and its hubs, "E09000002" to
 * "E09000002-N4"), and the list keeps the answer to exactly the codes asked. At national size
 * every series of a place's 8 areas took 43 ms rather than 81 (Node build, medians of 9).
 * Lists and ranges are padded to a power of two (repeating the last), so that one query text
 * serves every place with about as many areas: a page keeps it prepared and sends a change's query
 * at once, rather than preparing a new text first whenever a place has one more hub or neighbour.
 */
export function areasWhere(areaCodes: string[]): { sql: string; params: string[] } {
  if (areaCodes.length === 0) throw new Error('areasWhere needs at least one area');
  const codes = [...new Set(areaCodes)].sort();
  // JavaScript orders text as DuckDB does only for plain ASCII; other codes each go as their own range.
  const ascii = codes.every((c) => /^[\x20-\x7e]*$/.test(c));
  const ranges: [string, string][] = [];
  for (const code of codes) {
    const last = ranges.at(-1);
    if (ascii && last && code.startsWith(last[0])) last[1] = code;
    else ranges.push([code, code]);
  }
  const list = padded(codes);
  const spans = padded(ranges);
  return {
    sql: `(${spans.map(() => '(area_code >= ? AND area_code <= ?)').join(' OR ')}) AND area_code IN (${list.map(() => '?').join(', ')})`,
    params: [...spans.flat(), ...list],
  };
}

/**
 * Series for some areas, in one query however many a view asks for (one round trip to the page's
 * worker per view rather than one per chart): each row names its series (metric, breakdown, period
 * type); rows come by series, then area, oldest period first.
 */
export function seriesQuery(asked: SeriesAsk[], areaCodes: string[]): { sql: string; params: string[] } {
  if (asked.length === 0) throw new Error('seriesQuery needs at least one series');
  if (areaCodes.length === 0) throw new Error('seriesQuery needs at least one area');
  const areas = areasWhere(areaCodes);
  const lists = [[...new Set(asked.map((a) => a.metric))], [...new Set(asked.map((a) => a.breakdown))], [...new Set(asked.map((a) => a.periodType))]];
  const places = (xs: string[]) => xs.map(() => '?').join(', ');
  // DuckDB filters its scan by the lists (at national size about twice as fast as by the
  // combinations alone); the combinations then keep only the series asked.
  const each = asked.length > 1 ? ` AND (${asked.map(() => '(metric = ? AND breakdown = ? AND period_type = ?)').join(' OR ')})` : '';
  return {
    sql: `SELECT ${SERIES_COLUMNS}
          FROM metric_values
          WHERE metric IN (${places(lists[0]!)}) AND breakdown IN (${places(lists[1]!)}) AND period_type IN (${places(lists[2]!)})
            AND ${areas.sql}${each}
          ORDER BY metric, breakdown, period_type, area_code, metric_values.period_start`,
    params: [...lists.flat(), ...areas.params, ...(asked.length > 1 ? asked.flatMap((a) => [a.metric, a.breakdown, a.periodType]) : [])],
  };
}

/**
 * One series for every area, its rows in seriesQuery's order (each period's start a date, not
 * text, as in everySeriesQuery): what a page keeps to answer changes of area itself
 * (db/series-index.ts). The metric, breakdown and period type every row shares are left out: as
 * text in each of 82,404 rows (DToC by month at national size) they were a third of the query's time.
 */
export const everyAreaQuery = (ask: SeriesAsk): { sql: string; params: string[] } => ({
  sql: `SELECT ${KEPT_AREA_COLUMNS} FROM metric_values WHERE metric = ? AND breakdown = ? AND period_type = ? ORDER BY area_code, period_start`,
  params: [ask.metric, ask.breakdown, ask.periodType],
});

/**
 * Every series of some areas, in seriesQuery's order: what a page keeps to answer a change of
 * metric, breakdown, period type or BCF year for the areas it shows (db/series-index.ts).
 */
export function everySeriesQuery(areaCodes: string[]): { sql: string; params: string[] } {
  if (areaCodes.length === 0) throw new Error('everySeriesQuery needs at least one area');
  const areas = areasWhere(areaCodes);
  return {
    sql: `SELECT metric, breakdown, period_type, ${KEPT_AREA_COLUMNS} FROM metric_values WHERE ${areas.sql}
          ORDER BY metric, breakdown, period_type, area_code, period_start`,
    params: areas.params,
  };
}
