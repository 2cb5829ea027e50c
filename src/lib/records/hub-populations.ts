// The hubs' populations (the denominators of their rates): the patients registered at their
// practices, from NHS Digital's lists (registered.ts), summed practice → hub through the same hub
// map the records are placed by. A place's population is ONS's residents; a hub's is registered
// patients, so a place's hubs' rates do not average to the place's (the report says so). Run on the
// engine that holds the records (their views, spells_in_places and events_placed, and hub_map as
// placed), before they are dropped: a practice's share of its hub's records decides whether the hub
// can be given a population without it.
import type { Connector } from '../db/connector';
import type { CellError } from '../contract/errors';
import { FIVE_YEAR_BANDS, type AgeBand, type Area, type Population } from '../contract/schema';
import { unassignedHub } from './hub-map';
import { loadRegistered, mergeRepeats, type RegisteredFile } from './registered';
import { sqlText } from '../sql/literal';

/**
 * A hub whose practices missing from the list hold more than 1 in MISSING_SHARE of its records is
 * given no population. Without them its population is short while its counts are not, so its
 * rates are overstated by about their share (their lists in proportion to their records): up to 2%
 * here, within the 95% interval of every hub figure (a hub's most numerous count, emergency
 * admissions 65+, about 1,000 a year for a 40,000-patient PCN, has an interval of about ±6%), and
 * below what registered lists themselves overstate residents by (list inflation: more patients
 * registered than ONS counts living in England). A practice missing that holds more could move a
 * hub past its comparators: no rate rather than a wrong one.
 */
export const MISSING_SHARE = 50;

export interface HubPopulations {
  rows: Population[];
  /** What was read and given, and why not, in words: practice and hub codes and counts of practices only. */
  notes: string[];
  errors: CellError[];
  /** The lists' file names. */
  files: string[];
}

/** The contract's bands a hub is given, each the ages it covers (to null: open). */
const BANDS: [AgeBand, number, number | null][] = [
  ...FIVE_YEAR_BANDS.filter((b) => b !== '90+').map((b): [AgeBand, number, number] => [b, Number(b.split('-')[0]), Number(b.split('-')[1])]),
  ['90+', 90, null], ['18+', 18, null], ['18-64', 18, 64], ['65+', 65, null], ['all', 0, null],
];

/** Above every age: the top of an open band (95+) in comparisons. */
const NO_TOP = 1_000_000;
const TABLES = ['registered_rows', 'registered_lists', 'registered_used', 'registered_years', 'registered_persons', 'registered_status', 'registered_hubs', 'pop_hubs'];

// The finest lists of each extract date (single years of age before five-year bands, before
// totals), so that a team giving the whole publication (the male and female single-year lists, the
// five-year one and the totals) has each practice counted once. A list serves the financial year
// its extract date falls in, held as that year's first calendar year (as ONS mid-2023 serves
// 2023-24, so is the population of 2023): a January list serves the year it ends, as QOF's list
// sizes of 1 January do (taken as the calendar year's, it served the next financial year, 9 months
// from its own). Of a year's lists, the one nearest its middle (1 October); of a July and a
// January list (as near), the July one, as ONS's estimates are of mid-year.
const LISTS_SQL = `
CREATE OR REPLACE TABLE registered_lists AS
SELECT f, date, min(hi - lo + 1) FILTER (WHERE NOT is_all AND hi IS NOT NULL) AS grain, count(DISTINCT practice) AS practices
FROM registered_rows GROUP BY f, date;
CREATE OR REPLACE TABLE registered_used AS
SELECT r.* FROM registered_rows r
SEMI JOIN (SELECT f, date FROM registered_lists QUALIFY grain IS NOT DISTINCT FROM min(grain) OVER (PARTITION BY date)) u USING (f, date);
CREATE OR REPLACE TABLE registered_years AS
SELECT date, year FROM (SELECT DISTINCT date, year(date) - (month(date) < 4)::INTEGER AS year FROM registered_used)
QUALIFY row_number() OVER (PARTITION BY year ORDER BY abs(date - make_date(year, 10, 1)), date) = 1`;

/** Practices whose ages a list gives again for a date and sex another list (or itself) gave already: each practice is counted once. */
const OVERLAPS_SQL = `
SELECT f, string_agg(DISTINCT practice, ', ' ORDER BY practice) AS practices FROM (
  SELECT f, practice, lo,
    max(coalesce(hi, ${NO_TOP})) OVER (PARTITION BY date, practice, sex, is_all ORDER BY lo, f ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
  FROM registered_used
) WHERE lo <= reach GROUP BY f ORDER BY f`;

/**
 * Each practice of the hubs, each year: its patients for each age its list gives, SEX = ALL where
 * its list gives it for that age, else MALE and FEMALE summed (never both); NULL where its list gives
 * one sex alone. Whether both sexes are listed is the practice's, not each age's: a list leaves out
 * an age of one sex that has no patient (no woman of 94), and that age is no woman then, not a
 * practice of men. Whether SEX = ALL is read is each age's: a five-year list may give a practice's
 * bands by sex and only its total as ALL, and read practice-wide every band took an ALL it lacked.
 */
const PERSONS_SQL = `
CREATE OR REPLACE TABLE registered_persons AS
WITH rows AS (
  SELECT y.year, r.*, bool_or(r.sex = 'MALE') OVER w AND bool_or(r.sex = 'FEMALE') OVER w AS has_both
  FROM registered_used r JOIN registered_years y USING (date)
  SEMI JOIN (SELECT practice_code AS practice FROM hub_map SEMI JOIN pop_hubs USING (hub_code)) p USING (practice)
  WINDOW w AS (PARTITION BY y.year, r.practice)
)
SELECT year, practice, lo, hi, is_all,
  CASE WHEN bool_or(sex = 'ALL') THEN sum(n) FILTER (WHERE sex = 'ALL')
       WHEN any_value(has_both) THEN sum(n) END AS n
FROM rows GROUP BY year, practice, lo, hi, is_all`;

/**
 * Each practice of each hub, each year: whether the list gives it whole, and its records (the rows
 * of spells and service users' events counted in the hub: residents of its place registered there).
 * Then each hub: its records, those of its practices the list lacks, and whether it is given a
 * population (MISSING_SHARE).
 */
const STATUS_SQL = `
CREATE OR REPLACE TABLE registered_status AS
WITH hub_practices AS (SELECT DISTINCT hub_code, practice_code FROM hub_map SEMI JOIN pop_hubs USING (hub_code) WHERE practice_code IS NOT NULL),
records AS (
  SELECT m.hub_code, m.practice_code, count(*) AS records
  FROM (SELECT place_code, GP_Practice_Code AS practice FROM spells_in_places UNION ALL SELECT place_code, GP_Practice_Code FROM events_placed) r
  JOIN hub_map m ON m.practice_code = r.practice AND m.place_code = r.place_code
  GROUP BY ALL
),
held AS (SELECT year, practice, bool_and(n IS NOT NULL) AS whole FROM registered_persons GROUP BY ALL)
SELECT y.year, p.hub_code, p.practice_code, coalesce(h.whole, false) AS given, coalesce(NOT h.whole, false) AS one_sex, coalesce(r.records, 0) AS records
FROM (SELECT DISTINCT year FROM registered_years) y CROSS JOIN hub_practices p
LEFT JOIN held h ON h.year = y.year AND h.practice = p.practice_code
LEFT JOIN records r ON r.hub_code = p.hub_code AND r.practice_code = p.practice_code;
CREATE OR REPLACE TABLE registered_hubs AS
SELECT *, given > 0 AND missing_records * ${MISSING_SHARE} <= records AS written FROM (
  SELECT year, hub_code, sum(records) AS records, coalesce(sum(records) FILTER (WHERE NOT given), 0) AS missing_records,
    count(*) FILTER (WHERE given) AS given,
    string_agg(practice_code, ', ' ORDER BY practice_code) FILTER (WHERE NOT given AND NOT one_sex) AS missing,
    string_agg(practice_code, ', ' ORDER BY practice_code) FILTER (WHERE one_sex) AS one_sex
  FROM registered_status GROUP BY year, hub_code
)`;

/**
 * The hubs' populations by band: a band is the sum of the ages within it, given for a practice only
 * where no age of its list straddles the band (five-year 15-19 straddles 18+), and for a hub only
 * where every practice given gives it. An age a list leaves out is no patient of that age. 'all'
 * is the list's ALL row where it has one.
 */
const POPULATIONS_SQL = `
WITH bands(band, blo, bhi) AS (VALUES ${BANDS.map(([b, lo, hi]) => `(${sqlText(b)}, ${lo}, ${hi ?? 'NULL'})`).join(', ')}),
by_band AS (
  SELECT p.year, p.practice, b.band,
    CASE WHEN b.band = 'all' AND bool_or(p.is_all) THEN max(p.n) FILTER (WHERE p.is_all)
         WHEN NOT bool_or(NOT p.is_all) THEN NULL
         WHEN bool_or(NOT p.is_all AND p.lo <= coalesce(b.bhi, ${NO_TOP}) AND coalesce(p.hi, ${NO_TOP}) >= b.blo
                      AND NOT (p.lo >= b.blo AND coalesce(p.hi, ${NO_TOP}) <= coalesce(b.bhi, ${NO_TOP}))) THEN NULL
         ELSE coalesce(sum(p.n) FILTER (WHERE NOT p.is_all AND p.lo >= b.blo AND coalesce(p.hi, ${NO_TOP}) <= coalesce(b.bhi, ${NO_TOP})), 0) END AS n
  FROM registered_persons p CROSS JOIN bands b
  GROUP BY p.year, p.practice, b.band
)
SELECT s.hub_code AS area_code, s.year, pb.band AS age_band, CAST(sum(pb.n) AS BIGINT) AS population
FROM registered_status s JOIN registered_hubs h USING (year, hub_code)
JOIN by_band pb ON pb.year = s.year AND pb.practice = s.practice_code
WHERE s.given AND h.written
GROUP BY ALL HAVING count(pb.n) = count(*)
ORDER BY 1, 2, 3`;

const n = (x: unknown) => Number(x).toLocaleString('en-GB');
/** Financial year `y` (by its first calendar year) as written: 2023-24. */
const fy = (y: unknown) => `${Number(y)}-${String((Number(y) + 1) % 100).padStart(2, '0')}`;
const howMany = (x: unknown, one: string, many: string) => `${n(x)} ${Number(x) === 1 ? one : many}`;
/** Up to five codes, and how many more. */
const someOf = (codes: string[]) => (codes.length <= 5 ? codes.join(', ') : `${codes.slice(0, 5).join(', ')} and ${n(codes.length - 5)} more`);
const GRAIN_WORDS: Record<string, string> = { '1': 'single year of age', '5': 'five-year age band' };

/**
 * The populations of `hubs` (a place's unassigned hub gets none: its people are those with no
 * practice of the place, whom no list describes) from the lists `files`, readable by `db` by their
 * paths, with the records and hub_map on it. Leaves no table of its own behind.
 */
export async function hubPopulations(db: Connector, files: RegisteredFile[], hubAreas: Area[]): Promise<HubPopulations> {
  const names = files.map((f) => f.file);
  const isUnassigned = (h: Area) => h.area_code === unassignedHub(h.parent_code ?? '');
  const [hubs, unassigned] = [hubAreas.filter((h) => !isUnassigned(h)), hubAreas.filter(isUnassigned)].map((hs) => hs.map((h) => h.area_code)) as [string[], string[]];
  const refused = (errors: CellError[]): HubPopulations => ({
    rows: [], errors, files: names,
    notes: [`Registered patients (${names.join(', ')}): refused (the rows are listed), so no hub is given a population from them; populations already held are kept.`],
  });
  try {
    await db.query('CREATE OR REPLACE TABLE pop_hubs (hub_code VARCHAR)');
    if (hubs.length > 0) await db.query(`INSERT INTO pop_hubs VALUES ${hubs.map((h) => `(${sqlText(h)})`).join(', ')}`);
    const wanted = 'SELECT DISTINCT practice_code AS practice FROM hub_map SEMI JOIN pop_hubs USING (hub_code) WHERE practice_code IS NOT NULL';
    const { errors, otherSex, others } = await loadRegistered(db, files, wanted, 'SELECT practice_code AS practice FROM hub_map WHERE practice_code IS NOT NULL');
    if (errors.length > 0) return refused(errors);
    for (const statement of LISTS_SQL.split(';')) await db.query(statement);
    let overlaps = await db.query<{ f: number; practices: string }>(OVERLAPS_SQL);
    // Rows a list repeats are read once (or refused by row where their counts differ), then the lists looked at again.
    let repeated = new Map<string, number>();
    if (overlaps.length > 0) {
      const merged = await mergeRepeats(db, files, wanted);
      if (merged.errors.length > 0) return refused(merged.errors);
      repeated = merged.repeated;
      for (const statement of LISTS_SQL.split(';')) await db.query(statement);
      overlaps = await db.query<{ f: number; practices: string }>(OVERLAPS_SQL);
    }
    if (overlaps.length > 0) {
      return refused(overlaps.map((o) => ({
        file: files[Number(o.f)]!.file, row: 0, column: '',
        message: `gives again ages of practices (${someOf(o.practices.split(', '))}) that a list of the same date gives already, for the same sex (a list given twice?): the list was not used`,
      })));
    }
    await db.query(PERSONS_SQL);
    for (const statement of STATUS_SQL.split(';')) await db.query(statement);
    const rows = (await db.query<{ area_code: string; year: number; age_band: AgeBand; population: number }>(POPULATIONS_SQL))
      .map((r) => ({ area_code: r.area_code, year: Number(r.year), age_band: r.age_band, population: Number(r.population) }));
    return { rows, errors: [], files: names, notes: await notesOf(db, files, rows, otherSex, repeated, others, unassigned) };
  } finally {
    for (const t of TABLES) await db.query(`DROP TABLE IF EXISTS ${t}`);
  }
}

async function notesOf(db: Connector, files: RegisteredFile[], rows: Population[], otherSex: Map<string, number>, repeated: Map<string, number>, outside: number, unassigned: string[]): Promise<string[]> {
  const lists = await db.query<{ f: number; date: string; date_year: number; grain: number | null; practices: number; year: number | null; finest: boolean; tied: boolean }>(`
    WITH l AS (SELECT *, year(date) - (month(date) < 4)::INTEGER AS date_year FROM registered_lists)
    SELECT l.f, strftime(l.date, '%-d %B %Y') AS date, l.date_year, l.grain, l.practices, y.year,
      EXISTS (SELECT 1 FROM registered_used u WHERE u.f = l.f AND u.date = l.date) AS finest,
      EXISTS (SELECT 1 FROM registered_years t WHERE t.year = l.date_year AND abs(t.date - make_date(t.year, 10, 1)) = abs(l.date - make_date(l.date_year, 10, 1))) AS tied
    FROM l LEFT JOIN registered_years y USING (date) ORDER BY l.f, l.date`);
  const notes = files.flatMap((f, i) => {
    const mine = lists.filter((l) => Number(l.f) === i);
    if (mine.length === 0) return [`${f.file}: registered patients, but no row is a GP practice's (ORG_TYPE GP): not used.`];
    return mine.map((l) => {
      const what = `${f.file}: registered patients at GP practices (NHS Digital) on ${l.date}, by ${GRAIN_WORDS[String(l.grain)] ?? (l.grain === null ? 'all ages only' : `age band of ${l.grain} years`)}, listing ${n(l.practices)} of the hubs' practices`;
      if (!l.finest) return `${what}: not used, as a list of the same date by finer ages is given.`;
      if (l.year === null) return `${what}: not used, as another list of ${fy(l.date_year)} is ${l.tied ? 'as near' : 'nearer'} its middle (1 October ${l.date_year})${l.tied ? ' and earlier' : ''}.`;
      return `${what}: the hubs' populations for ${fy(l.year)} (a list serves the financial year its extract date falls in, as ONS's mid-${l.year} estimate serves ${fy(l.year)}; of several, the one nearest the year's middle). SEX = ALL is read where given, otherwise MALE and FEMALE summed.`;
    });
  });
  for (const [file, twice] of repeated) notes.push(`${file}: ${howMany(twice, 'row gives', 'rows give')} a practice's date, sex, age and number of patients exactly as another row does (a row repeated): each read once, not counted twice.`);
  for (const [file, other] of otherSex) notes.push(`${file}: ${howMany(other, 'row is', 'rows are')} of a SEX other than ALL, MALE or FEMALE: not read (SEX = ALL counts them where given).`);
  if (Number(outside) > 0) notes.push(`Registered patients: ${howMany(outside, 'practice of the lists is', 'practices of the lists are')} not in the hub map: not used.`);
  const hubs = await db.query<{ year: number; hub_code: string; records: number; missing_records: number; given: number; missing: string | null; one_sex: string | null; written: boolean }>(
    'SELECT * FROM registered_hubs WHERE missing IS NOT NULL OR one_sex IS NOT NULL ORDER BY hub_code, year',
  );
  for (const h of hubs) {
    const lacking = [h.missing && `not in the list (${h.missing})`, h.one_sex && `listed for one sex only (${h.one_sex})`].filter(Boolean).join(' and ');
    const share = Number(h.records) > 0 ? `${((100 * Number(h.missing_records)) / Number(h.records)).toFixed(1)}% of its records` : 'none of its records, as it has none';
    const why = Number(h.given) === 0 ? 'none of its practices is given' : `more than 1 in ${MISSING_SHARE}`;
    notes.push(h.written
      ? `Hub ${h.hub_code}, ${fy(h.year)}: practices ${lacking}, holding ${share}: its population is of its other practices, a little short (up to 1 in ${MISSING_SHARE} of its records is allowed).`
      : `Hub ${h.hub_code}, ${fy(h.year)}: practices ${lacking}, holding ${share} (${why}): it is given no population, so its rates are not given.`);
  }
  for (const year of [...new Set(rows.map((r) => r.year))]) {
    const wanted = BANDS.map(([b]) => b).filter((b) => !rows.some((r) => r.year === year && r.age_band === b));
    const fiveYear = lists.some((l) => Number(l.year) === year && l.finest && Number(l.grain) === 5);
    if (fiveYear && wanted.join() === '18+,18-64') {
      notes.push(`Registered patients, ${fy(year)}: 18+ and 18-64 are not given, as a list by five-year band cannot make them (15-19 straddles 18); give the single-year-of-age lists (gp-reg-pat-prac-sing-age-male.csv and -female.csv) for them.`);
    } else if (wanted.length > 0) notes.push(`Registered patients, ${fy(year)}: not given, as the lists' ages do not make them up: ${wanted.join(', ')}.`);
  }
  if (unassigned.length > 0) notes.push(`${unassigned.join(', ')}: no population (the unassigned hubs' people are those whose practice is missing, not in the hub map or in another place, and no list describes them), so their rates are not given.`);
  if (rows.length > 0) notes.push('Hub rates are per registered patient (the practices\' lists), place rates per ONS resident: a place\'s hubs\' rates do not average to the place\'s.');
  return notes;
}
