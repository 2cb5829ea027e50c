// One SQL query per metric over the record-level tables (layouts.ts), each with the national
// definition it follows (the spells metrics over counts by practice that PLACED_SQL makes once
// for each pair of them that counts the same records). Every query gives monthly rows (metric, place_code, hub_code, month,
// breakdown, numerator, denominator), which ROLLUP_SQL sums into the periods each metric is
// published by, for each place and each of its hubs. Counts add up over months because each
// record counts in exactly one month. Kept to SQL that Spark SQL also accepts, but for the
// differences README.md lists ("Beyond one machine"): day arithmetic on dates above all.
import type { Metric } from '../definitions';
import { COUNTY_OF_DISTRICT } from '../geography/districts';
import { UNASSIGNED_NAME } from './hub-map';

/** The first day of a date's month, as a date. */
const month = (d: string) => `CAST(date_trunc('month', ${d}) AS DATE)`;

/** Adults (18+) discharged alive: those a month's Discharge Ready Dates are judged over (discharges_counted). */
const ADULTS_DISCHARGED_ALIVE = 'Age_At_Start_of_Spell_SUS >= 18 AND Discharge_Date IS NOT NULL AND NOT died_in_hospital';
/** Adults (18+) discharged alive with a Discharge Ready Date: the spells the discharge metrics are about. */
export const DISCHARGED_ADULTS = `${ADULTS_DISCHARGED_ALIVE} AND Discharge_Ready_Date IS NOT NULL`;
/** Their ready date within the spell (on or after the admission, on or before the discharge); another is an error of the record. */
export const READY_IN_SPELL = 'Discharge_Ready_Date <= Discharge_Date AND NOT coalesce(Discharge_Ready_Date < Admission_Date, false)';

/**
 * Every district (E07) and its county (E10), as a table: hospital records give a two-tier area's
 * district as the council of residence, and its county council runs adult social care (geography/districts.ts).
 */
export const DISTRICT_COUNTIES_SQL = `
CREATE OR REPLACE TABLE district_counties AS
SELECT * FROM (VALUES ${[...COUNTY_OF_DISTRICT].map(([d, c]) => `('${d}', '${c}')`).join(', ')}) AS d(district, county)`;

/**
 * Where each record counts. The place is the person's council of residence (for a district, its
 * county: table residences); the hub is the one
 * their registered practice maps to within that place, and otherwise the place's "unassigned"
 * hub (practice missing, not in the map, or mapped to a hub of another place), so a place's hubs
 * always add up to the place. Only the places the hub map names are reported. Then the spells
 * that two metrics each count, counted once by place and practice (COUNTED_TABLES).
 */
export const PLACED_SQL = `
CREATE OR REPLACE TABLE residences AS
SELECT place_code AS residence, place_code FROM (SELECT DISTINCT place_code FROM hub_map) p
UNION ALL
SELECT district, county FROM district_counties WHERE county IN (SELECT place_code FROM hub_map);

CREATE OR REPLACE VIEW events_placed AS
SELECT e.*, r.place_code,
  CASE WHEN m.place_code = r.place_code THEN m.hub_code ELSE r.place_code || '-UNASSIGNED' END AS hub_code
FROM cld_events e
JOIN residences r ON r.residence = e.LA_Code
LEFT JOIN hub_map m ON m.practice_code = e.GP_Practice_Code
WHERE e.Client_Type = 'Service User';

CREATE OR REPLACE VIEW spells_in_places AS
SELECT s.*, r.place_code
FROM sus_apc_spells s
JOIN residences r ON r.residence = s.Der_Postcode_Dist_Unitary_Auth;

-- Emergency admissions of residents aged 65+, counted once for the two metrics that count them
-- (all of them, and those due to falls by age band): by place, practice, month of admission, age
-- band and whether a fall caused it (an injury, S00-T98, with a fall, W00-W19, as its external cause).
CREATE OR REPLACE TABLE emergencies_65_counted AS
SELECT place_code, GP_Practice_Code, ${month('Admission_Date')} AS month,
  CASE WHEN Age_At_Start_of_Spell_SUS < 70 THEN '65-69' WHEN Age_At_Start_of_Spell_SUS < 75 THEN '70-74'
       WHEN Age_At_Start_of_Spell_SUS < 80 THEN '75-79' WHEN Age_At_Start_of_Spell_SUS < 85 THEN '80-84'
       WHEN Age_At_Start_of_Spell_SUS < 90 THEN '85-89' ELSE '90+' END AS age_band,
  fall,
  COUNT(*) AS admissions
FROM spells_in_places
WHERE emergency AND Age_At_Start_of_Spell_SUS >= 65 AND Admission_Date IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;

-- Adults (18+) discharged alive in a month who have a Discharge Ready Date within the spell (on
-- or after the admission, on or before the discharge: another is an error of the record, which
-- the report counts): the patients of both discharge metrics, counted once for the two, by place,
-- practice and month of discharge, with their days of delay and how many left on the ready date;
-- beside them, in the same scan, every adult discharged alive (discharged), whom the report
-- compares them with (READY_DATES_SQL). A count with no patient is left out by the metrics.
CREATE OR REPLACE TABLE discharges_counted AS
SELECT place_code, GP_Practice_Code, ${month('Discharge_Date')} AS month,
  SUM(Discharge_Date - Discharge_Ready_Date) FILTER (WHERE ready) AS delay_days,
  SUM(CASE WHEN Discharge_Date = Discharge_Ready_Date THEN 1 ELSE 0 END) FILTER (WHERE ready) AS on_ready_date,
  COUNT(*) FILTER (WHERE ready) AS patients,
  COUNT(*) AS discharged
FROM (SELECT *, coalesce(Discharge_Ready_Date IS NOT NULL AND ${READY_IN_SPELL}, false) AS ready FROM spells_in_places WHERE ${ADULTS_DISCHARGED_ALIVE}) s
GROUP BY 1, 2, 3;
`;

/** The tables PLACED_SQL makes (counts by practice, no record), dropped with the records. */
export const COUNTED_TABLES = ['emergencies_65_counted', 'discharges_counted'];
/** The tables of places and districts made for placing records (no record), dropped with them. */
export const PLACE_TABLES = ['residences', 'district_counties'];

/** The hub of `s` (place_code, GP_Practice_Code: a count, or a spell) joined to the hub map as `m`, as events_placed places an event. */
const HUB_OF = `CASE WHEN m.place_code = s.place_code THEN m.hub_code ELSE s.place_code || '-UNASSIGNED' END`;

/**
 * A spells metric from counts by place, practice, month and breakdown (`counts`, over the tables
 * PLACED_SQL counts once for two metrics each), placed in their hubs only then: the hub map is
 * joined to some thousands of counts instead of to every record, and each table of counts is one
 * pass over the records for two metrics (placing and the six metric queries: about a quarter less processor
 * time at 1M records). The same figures as counting the placed records: a practice maps to one
 * hub, and sums add up over practices as over months.
 */
const countedThenPlaced = (metric: string, counts: string) => `
SELECT '${metric}' AS metric, s.place_code, ${HUB_OF} AS hub_code, s.month, s.breakdown,
  SUM(s.numerator) AS numerator, SUM(s.denominator) AS denominator
FROM (${counts}) s
LEFT JOIN hub_map m ON m.practice_code = s.GP_Practice_Code
GROUP BY s.place_code, ${HUB_OF}, s.month, s.breakdown`;

export interface MetricQuery {
  metric: string;
  /** The national definition, in words, as this query applies it. */
  definition: string;
  /** The record tables it reads. */
  needs: ('sus_apc_spells' | 'cld_events')[];
  sql: string;
}


export const METRIC_QUERIES: MetricQuery[] = [
  {
    metric: 'emergency_admissions_65',
    definition:
      'Emergency admissions of people aged 65 and over (BCF 2025-26): hospital provider spells with an emergency admission method (21-28, 2A-2D) of residents aged 65+ on admission, counted in the month of admission; per 100,000 people aged 65+ (the denominator comes from populations).',
    needs: ['sus_apc_spells'],
    sql: countedThenPlaced('emergency_admissions_65', `
SELECT place_code, GP_Practice_Code, month, 'total' AS breakdown, admissions AS numerator, CAST(NULL AS BIGINT) AS denominator
FROM emergencies_65_counted`),
  },
  {
    metric: 'falls_65',
    definition:
      'Emergency hospital admissions due to falls in people aged 65 and over (OHID Public Health Outcomes Framework C29, BCF 2023-24 and 2024-25): emergency spells of residents aged 65+ with a primary diagnosis of injury (ICD-10 S00-T98) and an external cause of a fall (W00-W19), by five-year age band on admission (65-69 … 90+) for direct age standardisation (2013 European Standard Population).',
    needs: ['sus_apc_spells'],
    sql: countedThenPlaced('falls_65', `
SELECT place_code, GP_Practice_Code, month, age_band AS breakdown, admissions AS numerator, CAST(NULL AS BIGINT) AS denominator
FROM emergencies_65_counted
WHERE fall`),
  },
  {
    metric: 'discharge_delay',
    definition:
      'Average length of discharge delay (BCF 2025-26): for adults (18+) discharged alive in the month who have a Discharge Ready Date, the days from the Discharge Ready Date to the discharge date, summed (numerator) and divided by the number of those patients (denominator); a patient discharged on the ready date adds 0 days.',
    needs: ['sus_apc_spells'],
    sql: countedThenPlaced('discharge_delay', `
SELECT place_code, GP_Practice_Code, month, 'total' AS breakdown, delay_days AS numerator, patients AS denominator
FROM discharges_counted
WHERE patients > 0`),
  },
  {
    metric: 'discharged_on_ready_date',
    definition:
      'Share of patients discharged on their Discharge Ready Date (the component of the BCF 2025-26 discharge metric): of the same patients as discharge_delay, those whose discharge date is their Discharge Ready Date, as a percentage.',
    needs: ['sus_apc_spells'],
    sql: countedThenPlaced('discharged_on_ready_date', `
SELECT place_code, GP_Practice_Code, month, 'total' AS breakdown, on_ready_date AS numerator, patients AS denominator
FROM discharges_counted
WHERE patients > 0`),
  },
  {
    metric: 'ascof_2a2',
    definition:
      'ASCOF 2A(2) (2C from 2023-24): long-term support needs of older adults (65+) met by admission to residential and nursing care homes, per 100,000 population aged 65+. A person counts once, in the month their first long-term residential or nursing care service in the data began, when they were 65 or over then: moving between residential and nursing care, or returning to a care home, is not a new admission. (The data should start at least a year before the first period reported, as the national method looks back.)',
    needs: ['cld_events'],
    sql: `
SELECT 'ascof_2a2' AS metric, place_code, hub_code, ${month('Event_Start_Date')} AS month, 'total' AS breakdown,
  COUNT(*) AS numerator, CAST(NULL AS BIGINT) AS denominator
FROM (
  SELECT place_code, hub_code, Event_Start_Date, Der_Birth_Year, Der_Birth_Month,
    -- Services starting the same day tie: place, hub and birth month break it, so every run counts the same one.
    row_number() OVER (PARTITION BY Der_NHS_Number_Traced_Pseudo
                       ORDER BY Event_Start_Date, Service_Type, place_code, hub_code, Der_Birth_Year, Der_Birth_Month) AS nth
  FROM events_placed
  WHERE Event_Type = 'Service' AND Der_NHS_Number_Traced_Pseudo IS NOT NULL AND Event_Start_Date IS NOT NULL
    AND Service_Type IN ('Long Term Support: Residential Care', 'Long Term Support: Nursing Care')
) admissions
WHERE nth = 1
  AND floor((year(Event_Start_Date) * 12 + month(Event_Start_Date) - Der_Birth_Year * 12 - Der_Birth_Month) / 12) >= 65
GROUP BY place_code, hub_code, ${month('Event_Start_Date')}`,
  },
  {
    metric: 'ascof_2b1',
    definition:
      'ASCOF 2B(1): the proportion of older people (65+) who were still at home 91 days after discharge from hospital into reablement. Denominator: people aged 65+ discharged alive from hospital between 1 October and 31 December whose reablement (CLD service "Short Term Support: ST-Max") began on the day of discharge or within 7 days, each person once (their first such discharge). Numerator: those at home on day 91, that is not dead by then (CLD Date_of_Death, or a later spell ending in death), not in hospital that day (a readmission spanning it) and not in long-term residential or nursing care that day. Reported for the financial year once the data reach 91 days past 31 December.',
    needs: ['sus_apc_spells', 'cld_events'],
    sql: `
WITH cohort AS (
  SELECT * FROM (
    SELECT s.Der_Pseudo_NHS_Number AS person, s.place_code, ${HUB_OF} AS hub_code, s.Discharge_Date,
      CAST(s.Discharge_Date + INTERVAL 91 DAY AS DATE) AS day_91,
      -- Spells ending the same day tie: place and hub break it, so every run counts the same one.
      row_number() OVER (PARTITION BY s.Der_Pseudo_NHS_Number, year(s.Discharge_Date) ORDER BY s.Discharge_Date, s.place_code, ${HUB_OF}) AS nth
    FROM spells_in_places s
    -- A join, not a correlated EXISTS: Spark SQL refuses correlation on anything but equality.
    -- Two reablement starts in the window make two rows, and nth = 1 keeps one.
    JOIN cld_events e ON e.Der_NHS_Number_Traced_Pseudo = s.Der_Pseudo_NHS_Number AND e.Event_Type = 'Service'
      AND e.Service_Type = 'Short Term Support: ST-Max'
      AND e.Event_Start_Date BETWEEN s.Discharge_Date AND CAST(s.Discharge_Date + INTERVAL 7 DAY AS DATE)
    -- Placed in their hubs (as events_placed places events) once linked to a reablement start, not
    -- before: the hub map is joined to a few thousand spells instead of every spell of the 65+.
    LEFT JOIN hub_map m ON m.practice_code = s.GP_Practice_Code
    WHERE s.Age_At_Start_of_Spell_SUS >= 65 AND month(s.Discharge_Date) >= 10
      AND NOT s.died_in_hospital
  ) discharges
  WHERE nth = 1
    AND (SELECT max(Discharge_Date) FROM sus_apc_spells) >= CAST(make_date(year(Discharge_Date), 12, 31) + INTERVAL 91 DAY AS DATE)
),
not_at_home AS (
  SELECT c.person, c.Discharge_Date FROM cohort c
  JOIN cld_events e ON e.Der_NHS_Number_Traced_Pseudo = c.person AND e.Date_of_Death <= c.day_91
  UNION
  SELECT c.person, c.Discharge_Date FROM cohort c
  JOIN sus_apc_spells s ON s.Der_Pseudo_NHS_Number = c.person AND s.Admission_Date > c.Discharge_Date AND (
    (s.Admission_Date <= c.day_91 AND (s.Discharge_Date IS NULL OR s.Discharge_Date > c.day_91))
    OR (s.died_in_hospital AND s.Discharge_Date <= c.day_91))
  -- Implied by the join, but said so that only the spells admitted after the cohort's first
  -- discharge are looked up (about half of a year's: 10-15% of this query's processor time).
  WHERE s.Admission_Date > (SELECT min(Discharge_Date) FROM cohort)
  UNION
  SELECT c.person, c.Discharge_Date FROM cohort c
  JOIN cld_events e ON e.Der_NHS_Number_Traced_Pseudo = c.person AND e.Event_Type = 'Service'
    AND e.Service_Type IN ('Long Term Support: Residential Care', 'Long Term Support: Nursing Care')
    AND e.Event_Start_Date <= c.day_91 AND (e.Event_End_Date IS NULL OR e.Event_End_Date >= c.day_91)
)
SELECT 'ascof_2b1' AS metric, c.place_code, c.hub_code, ${month('c.Discharge_Date')} AS month, 'total' AS breakdown,
  SUM(CASE WHEN n.person IS NULL THEN 1 ELSE 0 END) AS numerator, COUNT(*) AS denominator
FROM cohort c LEFT JOIN not_at_home n ON n.person = c.person AND n.Discharge_Date = c.Discharge_Date
GROUP BY c.place_code, c.hub_code, ${month('c.Discharge_Date')}`,
  },
];

/**
 * A month counts as held by a record table where it holds at least a tenth of a usual month's
 * records (below, record_months): fewer is a gap in the extract or a few mistyped dates.
 */
export const HELD_SHARE = 10;

/**
 * Each record table's months (table record_months): an extract holds the records of a stretch of
 * time, and a month, quarter or year it covers in part would be counted short, a year to date
 * shown as a year. Neither layout says its stretch, so it is read from the dates, month by month:
 * `n`, the fewer of the records that start and that end in the month (spells: admissions and
 * discharges; events: starts and ends), and the days both reach in it. The fewer of the two: a
 * spells extract of discharges from June holds admissions from long before (months with no
 * discharge), as an events extract of services open from April holds services begun years
 * before; an extract of admissions to October holds discharges after it (months with no
 * admission). A month is held where `n` is at least a tenth of the median month's (HELD_SHARE),
 * and `run` numbers the held months without a gap between them (gaps and islands): one mistyped
 * row (a day case of 2099 or 1900, both its dates wrong) once stretched the span to its date, so
 * that every month up to it counted as covered, an extract ending on 15 November gave November,
 * the quarter and the year counted short; and a month with no record at all (a month's file left
 * out) was covered between its neighbours. Counted by day first, four groupings by a date column
 * (about 2 processor-ms more than the old first and last days alone at 1M records; by pairs of
 * months, 14 more; with date_trunc, 70), the rest over a few thousand days: this and
 * RECORD_WINDOWS_SQL 17 processor-ms against the old 7 (medians of 15 at 1M records, load 19).
 */
export const RECORD_MONTHS_SQL = `
CREATE OR REPLACE TABLE record_months AS
WITH days AS (
  SELECT 'sus_apc_spells' AS records, true AS start, Admission_Date AS day, count(*) AS n FROM sus_apc_spells WHERE Admission_Date IS NOT NULL GROUP BY Admission_Date
  UNION ALL SELECT 'sus_apc_spells', false, Discharge_Date, count(*) FROM sus_apc_spells WHERE Discharge_Date IS NOT NULL GROUP BY Discharge_Date
  UNION ALL SELECT 'cld_events', true, Event_Start_Date, count(*) FROM cld_events WHERE Event_Start_Date IS NOT NULL GROUP BY Event_Start_Date
  UNION ALL SELECT 'cld_events', false, Event_End_Date, count(*) FROM cld_events WHERE Event_End_Date IS NOT NULL GROUP BY Event_End_Date
),
months AS (
  SELECT records, year(day) * 12 + month(day) - 1 AS month_no,
    least(sum(CASE WHEN start THEN n ELSE 0 END), sum(CASE WHEN start THEN 0 ELSE n END)) AS n,
    greatest(min(CASE WHEN start THEN day END), min(CASE WHEN start THEN NULL ELSE day END)) AS first_day,
    least(max(CASE WHEN start THEN day END), max(CASE WHEN start THEN NULL ELSE day END)) AS last_day
  FROM days
  GROUP BY records, year(day) * 12 + month(day) - 1
),
-- (The median of the months holding both, as a window over them. None held where no month holds
-- both: records with no end date at all, say.)
marked AS (
  SELECT *, coalesce(n > 0 AND n * ${HELD_SHARE} >= median(CASE WHEN n > 0 THEN n END) OVER (PARTITION BY records), false) AS held
  FROM months
)
SELECT *, CASE WHEN held THEN month_no - row_number() OVER (PARTITION BY records, held ORDER BY month_no) END AS run
FROM marked`;

/**
 * Days at either end of a period a table's records may miss and still cover it. Social care events,
 * three: a month's first or last days may be a weekend and a bank holiday (Easter Monday was 1 April
 * 2024), with no event begun or ended; an extract that stops a week or more short of a month's end
 * still leaves the month out. Hospital spells, none: a council's residents are admitted and
 * discharged every day of the year, and an extract three days short of a month's end (to 28 March,
 * or to 28 February in a leap year) was taken as covering it, the month counted a tenth short.
 */
export const EDGE_DAYS: Record<'sus_apc_spells' | 'cld_events', number> = { sus_apc_spells: 0, cld_events: 3 };
/** The EDGE_DAYS of the record table named in `records`, as an interval. */
const edge = (records: string) => `CASE ${records} ${Object.entries(EDGE_DAYS).map(([t, d]) => `WHEN '${t}' THEN INTERVAL ${d} DAY`).join(' ')} END`;

/**
 * The days each record table covers (table record_windows), a row for each run of held months
 * (record_months): from the first day both its start and its end dates reach in the run's first
 * month to the last they both reach in its last, widened by the table's EDGE_DAYS. None for a table
 * without a record.
 */
export const RECORD_WINDOWS_SQL = `
CREATE OR REPLACE TABLE record_windows AS
SELECT records, CAST(min(first_day) - ${edge('records')} AS DATE) AS first_day, CAST(max(last_day) + ${edge('records')} AS DATE) AS last_day
FROM record_months WHERE held
GROUP BY records, run`;

/** Whether record window `w` (first_day, last_day, its grace included) covers period `p` (period_start, length). */
const covers = (w: string, p: string) =>
  `${p}.period_start >= ${w}.first_day AND CAST(${p}.period_start + ${p}.length - INTERVAL 1 DAY AS DATE) <= ${w}.last_day`;

/**
 * The months, by place, in which fewer than half the adults (18+) discharged alive are among the
 * discharge metrics' patients (a Discharge Ready Date within the spell), of those the spells cover
 * whole (as rollupSql gives them); \`none\` where not one is, and the metrics give no figure. Read
 * from discharges_counted (some thousands of counts), not the records: the scan that counts the
 * patients counts every adult discharged alive beside them.
 */
export const READY_DATES_SQL = `
SELECT d.place_code, CAST(d.period_start AS STRING) AS month, SUM(d.patients) = 0 AS none
FROM (SELECT place_code, month AS period_start, INTERVAL 1 MONTH AS length, patients, discharged FROM discharges_counted) d
JOIN record_windows w ON w.records = 'sus_apc_spells'
WHERE ${covers('w', 'd')}
GROUP BY d.place_code, d.period_start
HAVING SUM(d.patients) * 2 < SUM(d.discharged)
ORDER BY 1, 2`;

/** The record tables each metric reads (METRIC_QUERIES' needs), as rows (metric, records). */
const NEEDS = `(VALUES ${METRIC_QUERIES.flatMap((q) => q.needs.map((t) => `('${q.metric}', '${t}')`)).join(', ')}) AS n(metric, records)`;

/** Each monthly row (table `monthly`) in each period its metric is published by, with the period's length. */
const periodsSql = (metrics: readonly Pick<Metric, 'id' | 'periodTypes'>[]) => `
periods AS (
  SELECT m.metric, m.place_code, m.hub_code, m.breakdown, m.numerator, m.denominator, p.period_type,
    CASE p.period_type WHEN 'month' THEN m.month
      WHEN 'quarter' THEN CAST(date_trunc('quarter', m.month) AS DATE)
      ELSE make_date(year(m.month) - CASE WHEN month(m.month) < 4 THEN 1 ELSE 0 END, 4, 1) END AS period_start,
    CASE p.period_type WHEN 'month' THEN INTERVAL 1 MONTH WHEN 'quarter' THEN INTERVAL 3 MONTH ELSE INTERVAL 12 MONTH END AS length
  FROM monthly m
  JOIN (VALUES ${metrics.flatMap((d) => d.periodTypes.map((t) => `('${d.id}', '${t}')`)).join(', ')}) AS p(metric, period_type) ON p.metric = m.metric
)`;

/**
 * The periods of the monthly rows (periodsSql's) that every record table their metric reads covers
 * whole, but for each table's EDGE_DAYS at either end: each table has a run of months (record_windows) that
 * covers it.
 */
const COVERED = `
covered AS (
  SELECT p.metric, p.period_type, p.period_start
  FROM (SELECT DISTINCT metric, period_type, period_start, length FROM periods) p
  JOIN ${NEEDS} ON n.metric = p.metric
  LEFT JOIN record_windows w ON w.records = n.records AND ${covers('w', 'p')}
  GROUP BY p.metric, p.period_type, p.period_start
  HAVING count(DISTINCT w.records) = count(DISTINCT n.records)
)`;

/**
 * The monthly rows (table `monthly`) summed into the periods each metric's definition is published
 * by, for each place and each hub (GROUPING SETS: the place's row is the sum over its hubs,
 * unassigned included), for the periods every record table the metric reads covers whole only
 * (COVERED). Metrics with no definition in force are left out. Dates come back as 'YYYY-MM-DD'
 * text and counts as doubles (exact to 2^53): the engines hand those over as plain JavaScript
 * values, where a 128-bit sum and a date cost a conversion each.
 */
export const rollupSql = (metrics: readonly Pick<Metric, 'id' | 'periodTypes'>[]) => `
WITH ${periodsSql(metrics)},${COVERED}
SELECT p.metric, CASE WHEN grouping(p.hub_code) = 1 THEN p.place_code ELSE p.hub_code END AS area_code,
  CAST(p.period_start AS STRING) AS period_start, p.period_type, p.breakdown,
  CAST(SUM(p.numerator) AS DOUBLE) AS numerator, CAST(SUM(p.denominator) AS DOUBLE) AS denominator
FROM periods p JOIN covered c ON c.metric = p.metric AND c.period_type = p.period_type AND c.period_start = p.period_start
GROUP BY GROUPING SETS ((p.metric, p.place_code, p.period_type, p.period_start, p.breakdown),
                        (p.metric, p.place_code, p.hub_code, p.period_type, p.period_start, p.breakdown))
ORDER BY 1, 2, 4, 3, 5`;

/** The periods rollupSql leaves out, by each record table that covers them in part (or has no record), oldest first. */
export const uncoveredSql = (metrics: readonly Pick<Metric, 'id' | 'periodTypes'>[]) => `
WITH ${periodsSql(metrics)}
SELECT n.records, p.period_type, CAST(p.period_start AS STRING) AS period_start
FROM (SELECT DISTINCT metric, period_type, period_start, length FROM periods) p
JOIN ${NEEDS} ON n.metric = p.metric
LEFT JOIN record_windows w ON w.records = n.records AND ${covers('w', 'p')}
GROUP BY n.records, p.period_type, p.period_start
HAVING count(w.records) = 0
ORDER BY p.period_start, p.period_type`;

/**
 * A hub placed by residence needs at least 1 in NEIGHBOUR_SHARE of its council's records: a
 * council's own extract holds its residents alone, so every PCN any of them is registered with
 * had most of its patients in these records there (Cheshire East's residents in the 1M demo set,
 * with the real ePCN sheet: its 5 PCNs with 1,518-10,779 emergency admissions of people 65+, and 6
 * of Cheshire West's with 17-50). A PCN of 30,000 patients is about 3% of a council of a million.
 */
export const NEIGHBOUR_SHARE = 200;

/**
 * Hubs the map gives no place (the PCNs of a CCG the dashboard cannot place, ePCN's default map
 * anywhere outside the places ccg-places.ts knows; or a team's row left blank): each goes to the
 * council where most of its registered patients in these records live (people, not records, so
 * a frequent admitter does not move a hub; a record without a person counts as one; a tie to the
 * lower code), and is left out where none of them is in the records, or where they are too few
 * there to be its hub (NEIGHBOUR_SHARE; \`kept\` false). Councils are those that run adult social care, as
 * the map's own place_code: a district's (E07) residents are its county's (E10).
 */
export const PLACE_HUBS_SQL = `
CREATE OR REPLACE TABLE hub_places AS
WITH given AS (
  SELECT GP_Practice_Code AS practice, Der_Postcode_Dist_Unitary_Auth AS residence, Der_Pseudo_NHS_Number AS person FROM sus_apc_spells
  UNION ALL
  SELECT GP_Practice_Code, LA_Code, Der_NHS_Number_Traced_Pseudo FROM cld_events WHERE Client_Type = 'Service User'
),
r AS (
  SELECT g.practice, coalesce(d.county, g.residence) AS place_code, g.person
  FROM given g LEFT JOIN district_counties d ON d.district = g.residence
  WHERE substr(coalesce(d.county, g.residence), 1, 3) IN ('E06', 'E08', 'E09', 'E10') AND length(g.residence) = 9
),
councils AS (SELECT place_code, COUNT(*) AS records FROM r GROUP BY place_code),
counted AS (
  -- A record without a person (no pseudonymised NHS number) is a patient all the same, one of its own.
  SELECT m.hub_code, r.place_code, COUNT(DISTINCT r.person) + SUM(CASE WHEN r.person IS NULL THEN 1 ELSE 0 END) AS people, COUNT(*) AS records
  FROM r JOIN hub_map m ON m.practice_code = r.practice AND m.place_code = ''
  GROUP BY m.hub_code, r.place_code
),
ranked AS (SELECT hub_code, place_code, people, records, row_number() OVER (PARTITION BY hub_code ORDER BY people DESC, place_code) AS rank FROM counted)
SELECT k.hub_code, k.place_code, k.people, k.records * ${NEIGHBOUR_SHARE} >= c.records AS kept
FROM ranked k JOIN councils c ON c.place_code = k.place_code
WHERE k.rank = 1;

UPDATE hub_map SET place_code = (SELECT p.place_code FROM hub_places p WHERE p.hub_code = hub_map.hub_code AND p.kept) WHERE place_code = '';

DELETE FROM hub_map WHERE place_code IS NULL`;

/** The hubs of the places reported, and each place's unassigned hub. */
export const HUB_AREAS_SQL = `
SELECT DISTINCT hub_code AS area_code, hub_name AS area_name, place_code AS parent_code FROM hub_map WHERE hub_code <> ''
UNION
SELECT DISTINCT place_code || '-UNASSIGNED', '${UNASSIGNED_NAME}', place_code FROM hub_map
ORDER BY 3, 1`;
