// NHS Digital's "Patients Registered at a GP Practice": a published count of the patients on each
// practice's list, by sex and age, which hub-populations.ts sums into the hubs' populations. Not
// person-level: published figures. Recognised by its header, in every vintage whose columns could
// be established (no real copy was at hand; the column names are those the publication's metadata
// page and the code of others reading it give):
// - five-year bands, gp-reg-pat-prac-quin-age.csv (2017 on): PUBLICATION, EXTRACT_DATE, ORG_TYPE
//   (GP, and CCG, PCN, ICB … totals below it), ORG_CODE, ONS_CODE, POSTCODE, SEX (ALL, MALE,
//   FEMALE), AGE_GROUP_5 (0_4 … 90_94, 95+, ALL), NUMBER_OF_PATIENTS;
// - single years of age, gp-reg-pat-prac-sing-age-male.csv / -female.csv: EXTRACT_DATE, CCG_CODE
//   (from July 2022 SUB_ICB_LOCATION_CODE), ONS_CCG_CODE (ONS_SUB_ICB_LOCATION_CODE), ORG_CODE,
//   POSTCODE, SEX, AGE (0 … 94, 95+, ALL), NUMBER_OF_PATIENTS; and -all (PUBLICATION, EXTRACT_DATE,
//   ORG_TYPE, ORG_CODE, POSTCODE, SEX = ALL, AGE, NUMBER_OF_PATIENTS);
// - totals, gp-reg-pat-prac-all.csv: PUBLICATION, EXTRACT_DATE, TYPE, CCG_CODE or
//   SUB_ICB_LOCATION_CODE, ONS_…, CODE (the practice), POSTCODE, SEX, AGE (ALL), NUMBER_OF_PATIENTS.
// EXTRACT_DATE is written 01JUL2024; 2024-07-01 and 01/07/2024 (a spreadsheet's re-saving) are read
// too. Read by DuckDB's own CSV reader, every cell as text, then checked here in SQL: a bad cell is
// named by file, row and column, never by what it held.
import type { Connector } from '../db/connector';
import type { CellError } from '../contract/errors';
import { parseCsv } from '../contract/csv';
import { blankRows, mixedLineEndsError, type ByteSource } from './checks';
import { firstRecord, headText, namedTwice } from './layouts';
import { unquoted } from './header-cells';
import { PADDING } from './padding';
import { sqlName, sqlText } from '../sql/literal';

/** The header cells that name what is read (as the file writes them). */
export interface RegisteredColumns {
  date: string;
  practice: string;
  sex: string;
  age: string;
  patients: string;
  /** ORG_TYPE (or TYPE): only rows of type GP are practices'. Absent, every row is a practice's. */
  orgType?: string;
}

export interface RegisteredFile {
  /** The name a person knows the file by. */
  file: string;
  /** The name DuckDB reads it by. */
  path: string;
  header: string[];
  columns: RegisteredColumns;
  /** The file's bytes from the start (to number a refused row past blank lines), as RecordFile.bytes. */
  bytes?: () => ByteSource;
  utf16?: true;
}

/** The names each column may have, in the order preferred (AGE_GROUP_5 over AGE where both are). */
const NAMES: Record<keyof RegisteredColumns, string[]> = {
  date: ['EXTRACT_DATE'],
  practice: ['ORG_CODE', 'CODE'],
  sex: ['SEX'],
  age: ['AGE_GROUP_5', 'AGE'],
  patients: ['NUMBER_OF_PATIENTS'],
  orgType: ['ORG_TYPE', 'TYPE'],
};

const key = (cell: string) => unquoted(cell).toUpperCase();

/** The columns a header names (the file's own spelling of each), or null for any other layout. */
export function registeredColumns(header: string[]): RegisteredColumns | null {
  const find = (names: string[]) => names.map((n) => header.find((h) => key(h) === n)).find((h) => h !== undefined);
  const found = Object.fromEntries(Object.entries(NAMES).map(([k, names]) => [k, find(names)]));
  const { orgType, ...required } = found;
  if (Object.values(required).some((v) => v === undefined)) return null;
  return { ...(required as Omit<RegisteredColumns, 'orgType'>), ...(orgType ? { orgType } : {}) };
}

/** A file as a registered-patients list, judged from its first bytes (its header), or null. */
export function registeredFileOf(file: string, path: string, head: string | Uint8Array): RegisteredFile | null {
  const { text, utf16 } = typeof head === 'string' ? { text: head, utf16: false } : headText(head);
  let header: string[];
  try {
    header = parseCsv(firstRecord(text.replace(/^\uFEFF/, '')))[0]?.cells ?? [];
  } catch {
    return null;
  }
  const columns = registeredColumns(header);
  return columns && { file, path, header, columns, ...(utf16 ? { utf16: true as const } : {}) };
}

const ident = (h: string) => sqlName(unquoted(h));

/** A list's date as written, in any of its three formats (NULL for none). */
const LIST_DATE = (t: string) => `CAST(try_strptime(trim(${t}), ['%d%b%Y', '%Y-%m-%d', '%d/%m/%Y']) AS DATE)`;

/**
 * How each cell is read, from its text `t` (never NULL: an empty cell is ''): a value, or NULL for a
 * cell that is wrong. The age as the band it covers: `lo` to `hi` (hi NULL for an open band, 95+),
 * `is_all` for ALL. Sex: ALL, MALE or FEMALE; OTHER for any other word (UNKNOWN, say: left out).
 * Each distinct text is read once (a list repeats a few dates, ages and sexes and some thousands of
 * counts over its rows), not each row: reading every row so (regular expressions, dates in three
 * formats) was most of a list's processor time.
 */
const READ = {
  practice: (t: string) => `nullif(upper(trim(${t}, ${PADDING})), '')`,
  // A year of two digits is read as the first century's (01/07/24 as 0024-07-01), which a list would
  // then serve: a list's date before 2000 (the publication began in the 2010s) is refused as none.
  date: (t: string) => `CASE WHEN ${LIST_DATE(t)} >= DATE '2000-01-01' THEN ${LIST_DATE(t)} END`,
  sex: (t: string) => `CASE upper(trim(${t}, ${PADDING})) WHEN 'ALL' THEN 'ALL' WHEN 'MALE' THEN 'MALE' WHEN 'MALES' THEN 'MALE' WHEN 'FEMALE' THEN 'FEMALE' WHEN 'FEMALES' THEN 'FEMALE' WHEN '' THEN NULL ELSE 'OTHER' END`,
  patients: (t: string) => `CASE WHEN regexp_full_match(trim(${t}), '\\d+|\\d{1,3}(,\\d{3})+') THEN CAST(replace(trim(${t}), ',', '') AS BIGINT) END`,
};
/** An age cell as compared: capitals, no spaces (0, 0_4 or 0-4, 95+, ALL). */
const AGE = (t: string) => `replace(upper(${t}), ' ', '')`;
const AGE_LO = (a: string) => `CASE WHEN ${a} = 'ALL' THEN 0 ELSE TRY_CAST(regexp_extract(${a}, '^(\\d+)([_-](\\d+)|\\+)?$', 1) AS INTEGER) END`;
const AGE_HI = (a: string) => `CASE WHEN regexp_full_match(${a}, '\\d+') THEN TRY_CAST(${a} AS INTEGER) WHEN regexp_full_match(${a}, '\\d+[_-]\\d+') THEN TRY_CAST(regexp_extract(${a}, '(\\d+)$', 1) AS INTEGER) END`;
const AGE_OK = (a: string) => `(${a} = 'ALL' OR (regexp_full_match(${a}, '\\d+|\\d+\\+') AND ${AGE_LO(a)} IS NOT NULL) OR (regexp_full_match(${a}, '\\d+[_-]\\d+') AND ${AGE_HI(a)} >= ${AGE_LO(a)}))`;

/** The checks of a practice's row: its column, whether the row's cell (its text `t`) is wrong, and what is wrong, in words. */
const CHECKS: { column: keyof RegisteredColumns; wrong: (t: string) => string; message: string }[] = [
  { column: 'practice', wrong: (t) => `${READ.practice(t)} IS NULL`, message: 'is empty: the practice\'s code (ODS) is needed' },
  { column: 'date', wrong: (t) => `${READ.date(t)} IS NULL`, message: 'is not a date (01JUL2024, 2024-07-01 or 01/07/2024, its year in four digits)' },
  { column: 'sex', wrong: (t) => `${READ.sex(t)} IS NULL`, message: 'is empty: ALL, MALE or FEMALE is needed' },
  { column: 'age', wrong: (t) => `NOT ${AGE_OK(AGE(t))}`, message: 'is not an age (0 … 94, 95+), a five-year band (0_4 or 0-4 … 90_94) or ALL' },
  { column: 'patients', wrong: (t) => `${READ.patients(t)} IS NULL`, message: 'is not a whole number of patients' },
];

/** Every file's practice rows (ORG_TYPE GP), their cells as text but the practice's code. */
const CREATE_RAW = 'CREATE OR REPLACE TABLE registered_raw (f INTEGER, practice VARCHAR, date VARCHAR, sex VARCHAR, age VARCHAR, patients VARCHAR)';

/** A file's cells as text ('' for an empty one), `k` (with `numbered`) each row's place among the rows the reader gave. */
function cellsSql(f: RegisteredFile, numbered: boolean): string {
  const c = f.columns;
  const columns = f.header.map((h) => `${sqlText(unquoted(h))}: 'VARCHAR'`).join(', ');
  const gp = c.orgType ? `WHERE upper(trim(coalesce(${ident(c.orgType)}, ''), ${PADDING})) = 'GP'` : '';
  const cells = (['practice', 'date', 'sex', 'age', 'patients'] as const).map((k) => `coalesce(${ident(c[k])}, '') AS ${k}`);
  return `SELECT ${numbered ? 'k, ' : ''}${cells.join(', ')}
FROM (SELECT ${numbered ? 'row_number() OVER () - 1 AS k, ' : ''}* FROM read_csv(${sqlText(f.path)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
  columns = {${columns}}, store_rejects = true)) ${gp}`;
}

/**
 * The row in the file of each of the reader's rows `ks` (from 0, in order): the header is row 1,
 * and the rows `skipped` (blank lines, rows the reader refused) are not among the reader's. The
 * k-th row is the smallest r with r = k + 2 + (rows skipped up to r): found by stepping r up to it.
 */
export function fileRows(ks: number[], skipped: number[]): number[] {
  const sorted = [...new Set(skipped)].sort((a, b) => a - b);
  const upTo = (r: number) => {
    let [lo, hi] = [0, sorted.length];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! <= r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return ks.map((k) => {
    let r = k + 2;
    for (let next = k + 2 + upTo(r); next !== r; next = k + 2 + upTo(r)) r = next;
    return r;
  });
}

const READER_WORDS: Record<string, string> = {
  'MISSING COLUMNS': 'has fewer cells than the header',
  'TOO MANY COLUMNS': 'has more cells than the header',
  'INVALID ENCODING': 'is not UTF-8 text (save the file as "CSV UTF-8")',
};

/** Why a list cannot be read at all (saved as UTF-16; a header naming a column twice, which DuckDB cannot read by name), or nothing. */
function unreadable(f: RegisteredFile): CellError[] {
  if (f.utf16) return [{ file: f.file, row: 0, column: '', message: 'is saved as UTF-16 ("Unicode"): save it as UTF-8 ("CSV UTF-8" in Excel); the list was not used' }];
  return namedTwice(f.header).map((column) => ({ file: f.file, row: 1, column, message: 'names two columns of the header: rename or remove one; the list was not used' }));
}

export interface LoadedRegistered {
  errors: CellError[];
  /** Rows of a sex other than ALL, MALE or FEMALE (UNKNOWN, say), per file: left out (ALL includes them). */
  otherSex: Map<string, number>;
  /** Practices (ORG_TYPE GP) of the lists not among `known`'s (the hub map's). */
  others: number;
}

/**
 * Loads the practice rows of the lists into `registered_rows` (f, date, practice, sex, lo, hi,
 * is_all, n): those of the practices `wanted` (a query of one column, practice), checked; `known`
 * (another such query: the hub map's) only to count the lists' practices it does not hold. Every
 * wrong cell of theirs, and every row with no practice, is an error (by file, row and column), and
 * then no row is loaded (hub-populations.ts gives no population: a practice short of a row would
 * be counted short). The files are read once, in parallel, with no row numbers; only a file with a
 * wrong cell is read again, numbering its rows, to name them. Leaves no other table behind.
 */
export async function loadRegistered(db: Connector, files: RegisteredFile[], wanted: string, known: string): Promise<LoadedRegistered> {
  const errors: CellError[] = [];
  await db.query(CREATE_RAW);
  try {
    const refusedRows = new Map<number, number[]>();
    for (const [i, f] of files.entries()) {
      const why = unreadable(f);
      if (why.length > 0) {
        errors.push(...why);
        continue;
      }
      try {
        await db.query(`INSERT INTO registered_raw SELECT ${i}, ${READ.practice('practice')}, date, sex, age, patients FROM (${cellsSql(f, false)})`);
      } catch (e) {
        errors.push(await mixedLineEndsError(f, e, 'list', 'save it again (as "CSV UTF-8" in Excel); the list was not used'));
        continue;
      }
      const rejects = await db.query<{ line: number; error_type: string }>('SELECT DISTINCT line, error_type FROM reject_errors ORDER BY line');
      for (const t of ['reject_errors', 'reject_scans']) await db.query(`DROP TABLE IF EXISTS ${t}`);
      for (const r of rejects) errors.push({ file: f.file, row: Number(r.line), column: '(whole row)', message: `${READER_WORDS[r.error_type] ?? `could not be read (${r.error_type.toLowerCase()})`}; the list was not used` });
      refusedRows.set(i, rejects.map((r) => Number(r.line)));
    }
    // The wanted practices' rows, each distinct text of a column read once.
    const distinct = (column: string, select: string) => `(SELECT ${column}, ${select} FROM (SELECT DISTINCT ${column} FROM registered_in))`;
    await db.query(`CREATE OR REPLACE TABLE registered_in AS SELECT * FROM registered_raw SEMI JOIN (${wanted}) w USING (practice)`);
    await db.query(`CREATE OR REPLACE TABLE registered_read AS
      SELECT r.f, r.practice, d.v AS date, s.v AS sex, a.lo, a.hi, a.is_all, a.ok AS age_ok, p.v AS n
      FROM registered_in r
      JOIN ${distinct('date', `${READ.date('date')} AS v`)} d USING (date)
      JOIN ${distinct('sex', `${READ.sex('sex')} AS v`)} s USING (sex)
      JOIN ${distinct('patients', `${READ.patients('patients')} AS v`)} p USING (patients)
      JOIN ${distinct('age', `${AGE_LO(AGE('age'))} AS lo, ${AGE_HI(AGE('age'))} AS hi, ${AGE('age')} = 'ALL' AS is_all, coalesce(${AGE_OK(AGE('age'))}, false) AS ok`)} a USING (age)`);
    const wrong = await db.query<{ f: number }>(`
      SELECT DISTINCT f FROM registered_read WHERE date IS NULL OR sex IS NULL OR n IS NULL OR NOT age_ok
      UNION SELECT DISTINCT f FROM registered_raw WHERE practice IS NULL`);
    for (const i of wrong.map((w) => Number(w.f)).sort((a, b) => a - b)) errors.push(...(await wrongCells(db, files[i]!, wanted, refusedRows.get(i) ?? [])));
    const otherSex = new Map<string, number>();
    for (const r of await db.query<{ f: number; other: number }>("SELECT f, count(*) AS other FROM registered_read WHERE sex = 'OTHER' GROUP BY f")) otherSex.set(files[Number(r.f)]!.file, Number(r.other));
    const [{ others } = { others: 0 }] = await db.query<{ others: number }>(`SELECT count(DISTINCT practice) AS others FROM registered_raw ANTI JOIN (${known}) w USING (practice) WHERE practice IS NOT NULL`);
    await db.query(`CREATE OR REPLACE TABLE registered_rows AS
      SELECT f, date, practice, sex, lo, hi, is_all, n FROM registered_read WHERE sex IN ('ALL', 'MALE', 'FEMALE')${errors.length > 0 ? ' AND false' : ''}`);
    return { errors, otherSex, others: Number(others) };
  } finally {
    for (const t of ['registered_raw', 'registered_in', 'registered_read', 'reject_errors', 'reject_scans']) await db.query(`DROP TABLE IF EXISTS ${t}`);
  }
}

/**
 * A practice's age and sex that a list gives twice (for the same date and sex): where both rows give
 * the same count, `registered_rows` keeps one (a row repeated says nothing new, and counted twice
 * it would double those patients) and `repeated` counts, per file, the rows so left out; where they
 * differ, each later row is an error naming the first (which count is right cannot be told). Asked
 * only of lists whose ages overlap (hub-populations.ts OVERLAPS_SQL): grouping every list's rows
 * so cost 0.4 processor-s more at 1.26M rows (native, 6,500 practices by single year and sex).
 */
export async function mergeRepeats(db: Connector, files: RegisteredFile[], wanted: string): Promise<{ errors: CellError[]; repeated: Map<string, number> }> {
  await db.query(`CREATE OR REPLACE TABLE registered_rows AS
    SELECT f, date, practice, sex, lo, hi, is_all, min(n) AS n, count(*) AS given, min(n) <> max(n) AS differ
    FROM registered_rows GROUP BY f, date, practice, sex, lo, hi, is_all`);
  const repeats = await db.query<{ f: number; same: number; differ: boolean }>(`
    SELECT f, coalesce(sum(given - 1) FILTER (WHERE NOT differ), 0) AS same, bool_or(differ) AS differ
    FROM registered_rows WHERE given > 1 GROUP BY f ORDER BY f`);
  await db.query('ALTER TABLE registered_rows DROP COLUMN given');
  await db.query('ALTER TABLE registered_rows DROP COLUMN differ');
  const errors: CellError[] = [];
  // (Rows a reader refused are errors already: a list with none gets here.)
  for (const r of repeats.filter((r) => r.differ)) errors.push(...(await repeatedRows(db, files[Number(r.f)]!, wanted, [])));
  return { errors, repeated: new Map(repeats.filter((r) => Number(r.same) > 0).map((r) => [files[Number(r.f)]!.file, Number(r.same)])) };
}

/**
 * A file's wrong cells (of the rows of practices `wanted`, and rows with no practice), by row: the
 * file read again, its rows numbered in order (`readerRefused`: the rows its reader refused, which
 * it does not number).
 */
async function wrongCells(db: Connector, f: RegisteredFile, wanted: string, readerRefused: number[]): Promise<CellError[]> {
  return inFileOrder(db, async () => {
    const found = await db.query<Record<string, unknown>>(`
      SELECT k, ${CHECKS.map((c, j) => `coalesce(${c.wrong(c.column)}, true) AS c${j}`).join(', ')}
      FROM (${cellsSql(f, true)})
      WHERE (${READ.practice('practice')} IS NULL OR ${READ.practice('practice')} IN (SELECT practice FROM (${wanted}) w))
        AND (${CHECKS.map((c) => `coalesce(${c.wrong(c.column)}, true)`).join(' OR ')})
      ORDER BY k`);
    const rows = await rowsInFile(f, found.map((r) => Number(r.k)), readerRefused);
    return found.flatMap((r, j) => CHECKS.filter((_, n) => r[`c${n}`] === true).map((c) => ({ file: f.file, row: rows[j]!, column: f.columns[c.column]!, message: `${c.message}; the list was not used` })));
  });
}

/**
 * The rows of a file (of practices `wanted`) that give a practice's age and sex again, for the same
 * date, with another count than the first row that gave it: named by row, with that first row.
 */
async function repeatedRows(db: Connector, f: RegisteredFile, wanted: string, readerRefused: number[]): Promise<CellError[]> {
  return inFileOrder(db, async () => {
    const found = await db.query<{ k: number; first: number }>(`
      SELECT k, first FROM (
        SELECT k, min(k) OVER w AS first, min(n) OVER w <> max(n) OVER w AS differ FROM (
          SELECT k, ${READ.practice('practice')} AS p, ${READ.date('date')} AS d, ${READ.sex('sex')} AS s, ${AGE_LO(AGE('age'))} AS lo, ${AGE_HI(AGE('age'))} AS hi,
            ${AGE('age')} = 'ALL' AS is_all, ${READ.patients('patients')} AS n
          FROM (${cellsSql(f, true)})
        ) WHERE p IN (SELECT practice FROM (${wanted}) w) AND s IN ('ALL', 'MALE', 'FEMALE')
        WINDOW w AS (PARTITION BY p, d, s, lo, hi, is_all)
      ) WHERE differ AND k > first ORDER BY k`);
    const ks = [...new Set(found.flatMap((r) => [Number(r.k), Number(r.first)]))].sort((a, b) => a - b);
    const rows = new Map((await rowsInFile(f, ks, readerRefused)).map((row, j) => [ks[j]!, row]));
    return found.map((r) => ({
      file: f.file, row: rows.get(Number(r.k))!, column: f.columns.patients,
      message: `gives the practice, date, sex and age of row ${rows.get(Number(r.first))} again with another number of patients: which is right cannot be told; the list was not used`,
    }));
  });
}

/** The rows in the file of the reader's rows `ks` (in order), past the rows it refused and the blank lines. */
async function rowsInFile(f: RegisteredFile, ks: number[], readerRefused: number[]): Promise<number[]> {
  return fileRows(ks, [...readerRefused, ...(f.bytes ? await blankRows(f.bytes()) : [])]);
}

/** Runs `read` (which reads a file again, numbering its rows) with the reader keeping the file's order, and leaves no reject table behind. */
async function inFileOrder<T>(db: Connector, read: () => Promise<T>): Promise<T> {
  const [{ order } = { order: true }] = await db.query<{ order: boolean }>("SELECT current_setting('preserve_insertion_order') AS order");
  await db.query('SET preserve_insertion_order = true');
  try {
    return await read();
  } finally {
    await db.query(`SET preserve_insertion_order = ${order ? 'true' : 'false'}`);
    for (const t of ['reject_errors', 'reject_scans']) await db.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
