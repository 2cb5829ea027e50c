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
import { blankRows, type ByteSource } from './checks';
import { firstRecord, headText, namedTwice } from './layouts';

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

const key = (cell: string) => cell.trim().replace(/^"|"$/g, '').toUpperCase();

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

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;
const ident = (h: string) => `"${h.trim().replace(/^"|"$/g, '').replaceAll('"', '""')}"`;

/** Above every age: the top of an open band (95+) in comparisons. */
export const NO_TOP = 1_000_000;

/**
 * The cells read, as text: trimmed, codes and words in capitals. `age` parsed into the band it
 * covers: `lo` to `hi` (hi NULL for an open band, 95+), `is_all` for ALL.
 */
const CLEAN = {
  practice: (c: string) => `nullif(upper(trim(${c}, ' ' || chr(9))), '')`,
  date: (c: string) => `CAST(try_strptime(trim(${c}), ['%d%b%Y', '%Y-%m-%d', '%d/%m/%Y']) AS DATE)`,
  sex: (c: string) => `CASE upper(trim(${c})) WHEN 'ALL' THEN 'ALL' WHEN 'MALE' THEN 'MALE' WHEN 'MALES' THEN 'MALE' WHEN 'FEMALE' THEN 'FEMALE' WHEN 'FEMALES' THEN 'FEMALE' WHEN '' THEN NULL ELSE 'OTHER' END`,
  // 0, 0_4 or 0-4, 95+, ALL (spaces aside).
  age: (c: string) => `replace(upper(${c}), ' ', '')`,
  patients: (c: string) => `CASE WHEN regexp_full_match(trim(${c}), '\\d+|\\d{1,3}(,\\d{3})+') THEN CAST(replace(trim(${c}), ',', '') AS BIGINT) END`,
};
const AGE_LO = (a: string) => `CASE WHEN ${a} = 'ALL' THEN 0 ELSE TRY_CAST(regexp_extract(${a}, '^(\\d+)([_-](\\d+)|\\+)?$', 1) AS INTEGER) END`;
const AGE_HI = (a: string) => `CASE WHEN regexp_full_match(${a}, '\\d+') THEN TRY_CAST(${a} AS INTEGER) WHEN regexp_full_match(${a}, '\\d+[_-]\\d+') THEN TRY_CAST(regexp_extract(${a}, '(\\d+)$', 1) AS INTEGER) END`;
const AGE_OK = (a: string) => `(${a} = 'ALL' OR (regexp_full_match(${a}, '\\d+|\\d+\\+') AND ${AGE_LO(a)} IS NOT NULL) OR (regexp_full_match(${a}, '\\d+[_-]\\d+') AND ${AGE_HI(a)} >= ${AGE_LO(a)}))`;

/**
 * The checks of a practice's row: each a column, a condition that refuses the row (over the
 * cleaned cells of registered_raw) and what is wrong, in words.
 */
const CHECKS: { column: keyof RegisteredColumns; refuses: string; message: string }[] = [
  { column: 'practice', refuses: 'practice IS NULL', message: 'is empty: the practice\'s code (ODS) is needed' },
  { column: 'date', refuses: 'date IS NULL', message: 'is not a date (01JUL2024, 2024-07-01 or 01/07/2024)' },
  { column: 'sex', refuses: 'sex IS NULL', message: 'is empty: ALL, MALE or FEMALE is needed' },
  { column: 'age', refuses: `NOT ${AGE_OK('age')}`, message: 'is not an age (0 … 94, 95+), a five-year band (0_4 or 0-4 … 90_94) or ALL' },
  { column: 'patients', refuses: 'patients IS NULL', message: 'is not a whole number of patients' },
];

/** The table every file's practice rows are loaded into (its cells cleaned, not yet checked). */
const CREATE_RAW = 'CREATE OR REPLACE TABLE registered_raw (f INTEGER, k BIGINT, practice VARCHAR, date DATE, sex VARCHAR, age VARCHAR, patients BIGINT)';

/** One file's practice rows (ORG_TYPE GP, or every row without it), each with its place `k` among the rows the reader gave. */
function loadSql(f: RegisteredFile, index: number): string {
  const c = f.columns;
  const columns = f.header.map((h) => `${sqlString(h.trim().replace(/^"|"$/g, ''))}: 'VARCHAR'`).join(', ');
  const gp = c.orgType ? `WHERE upper(trim(coalesce(${ident(c.orgType)}, ''))) = 'GP'` : '';
  return `INSERT INTO registered_raw
SELECT ${index}, k, ${CLEAN.practice(ident(c.practice))}, ${CLEAN.date(ident(c.date))}, ${CLEAN.sex(ident(c.sex))}, ${CLEAN.age(`coalesce(${ident(c.age)}, '')`)},
  ${CLEAN.patients(`coalesce(${ident(c.patients)}, '')`)}
FROM (SELECT row_number() OVER () - 1 AS k, * FROM read_csv(${sqlString(f.path)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
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

export interface LoadedRegistered {
  errors: CellError[];
  /** Rows of a sex other than ALL, MALE or FEMALE (UNKNOWN, say), per file: left out (ALL includes them). */
  otherSex: Map<string, number>;
}

/**
 * Loads the files' practice rows into `registered_rows` (f, k, date, practice, sex, lo, hi, is_all,
 * n), checked: every refused cell is an error (by file, row and column), and a file with one is
 * not used at all (hub-populations.ts then gives no population: a practice short of a row would
 * be counted short). Leaves no other table behind.
 */
export async function loadRegistered(db: Connector, files: RegisteredFile[]): Promise<LoadedRegistered> {
  const errors: CellError[] = [];
  const otherSex = new Map<string, number>();
  await db.query(CREATE_RAW);
  const [{ order } = { order: true }] = await db.query<{ order: boolean }>("SELECT current_setting('preserve_insertion_order') AS order");
  await db.query('SET preserve_insertion_order = true');
  try {
    for (const [i, f] of files.entries()) {
      if (f.utf16) {
        errors.push({ file: f.file, row: 0, column: '', message: 'is saved as UTF-16 ("Unicode"): save it as UTF-8 ("CSV UTF-8" in Excel); the list was not used' });
        continue;
      }
      const twice = namedTwice(f.header);
      if (twice.length > 0) {
        errors.push(...twice.map((column) => ({ file: f.file, row: 1, column, message: 'names two columns of the header: rename or remove one; the list was not used' })));
        continue;
      }
      await db.query(loadSql(f, i));
      const rejects = await db.query<{ line: number; error_type: string }>('SELECT DISTINCT line, error_type FROM reject_errors ORDER BY line');
      for (const t of ['reject_errors', 'reject_scans']) await db.query(`DROP TABLE IF EXISTS ${t}`);
      for (const r of rejects) errors.push({ file: f.file, row: Number(r.line), column: '(whole row)', message: `${READER_WORDS[r.error_type] ?? `could not be read (${r.error_type.toLowerCase()})`}; the list was not used` });
      const refused = await db.query<Record<string, unknown>>(
        `SELECT k, ${CHECKS.map((c, j) => `coalesce(${c.refuses}, true) AS c${j}`).join(', ')} FROM registered_raw
         WHERE f = ${i} AND (${CHECKS.map((c) => `coalesce(${c.refuses}, true)`).join(' OR ')}) ORDER BY k`,
      );
      if (refused.length > 0) {
        const rows = fileRows(refused.map((r) => Number(r.k)), [...rejects.map((r) => Number(r.line)), ...(f.bytes ? await blankRows(f.bytes()) : [])]);
        refused.forEach((r, j) => CHECKS.forEach((c, n) => {
          if (r[`c${n}`] === true) errors.push({ file: f.file, row: rows[j]!, column: f.columns[c.column]!, message: `${c.message}; the list was not used` });
        }));
      }
      const [{ other } = { other: 0 }] = await db.query<{ other: number }>(`SELECT count(*) AS other FROM registered_raw WHERE f = ${i} AND sex = 'OTHER'`);
      if (Number(other) > 0) otherSex.set(f.file, Number(other));
    }
    await db.query(`CREATE OR REPLACE TABLE registered_rows AS
      SELECT f, k, date, practice, sex, ${AGE_LO('age')} AS lo, ${AGE_HI('age')} AS hi, age = 'ALL' AS is_all, patients AS n
      FROM registered_raw WHERE sex IN ('ALL', 'MALE', 'FEMALE')${errors.length > 0 ? ' AND false' : ''}`);
    return { errors, otherSex };
  } finally {
    await db.query(`SET preserve_insertion_order = ${order ? 'true' : 'false'}`);
    for (const t of ['registered_raw', 'reject_errors', 'reject_scans']) await db.query(`DROP TABLE IF EXISTS ${t}`);
  }
}

/** The rows in `file` of its reader's rows `ks` (a file that was read whole: only blank lines are skipped). */
export async function rowsIn(file: RegisteredFile, ks: number[]): Promise<number[]> {
  return fileRows(ks, file.bytes ? await blankRows(file.bytes()) : []);
}
