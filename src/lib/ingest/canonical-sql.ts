// The pipeline's reading of a canonical observations file: DuckDB's own CSV reader takes every
// cell as text (and each number cell written plainly as its number too, in the same pass; or, where
// every number cell of the file is written plainly, the number columns as numbers only), SQL
// keeps the rows whose cells are in the contract's plain form and pass its checks, typed, for the
// merge to read (merge-sql.ts; the upload page's comparison). The few rows it does not keep (a
// number with a thousands separator, a padded code, an unknown area, a repeated key …) are handed
// to the JavaScript reader and checks (readCanonicalRows, checkRows), which refuse or read them
// with the same messages, naming file, row and column, as every other file gets. SQL only ever
// decides that a row is plainly right; what is wrong, and why, is always JavaScript's to say.
import { canonicalAdapter } from '../adapters/canonical';
import { detectTable, emptyTables } from '../contract/canonical';
import { hasInvisible, parseBoolean, parseIsoDate, withoutInvisible } from '../contract/cells';
import { parseCsv, type CsvRow } from '../contract/csv';
import { observationProblems, type Definitions } from '../contract/rules';
import { COLUMNS, PERIOD_TYPES, type Observation } from '../contract/schema';
import type { Connector } from '../db/connector';
import type { AdapterContext } from '../adapters/types';
import type { HeldRows, SourceReader } from './ingest';
import { sqlText } from '../sql/literal';
import { incomingSql } from './merge-sql';
import { readRecognised, type SourceRead } from './read-source';
import { withReferenceAreas } from './reference-areas';

const OBSERVATION_COLUMNS = COLUMNS.observations.map((c) => c.name);

/**
 * The header of a file DuckDB can read as the JavaScript reader would, or null: UTF-8 text (no
 * NUL byte) whose first line is a canonical observations header and nothing else (no title above
 * it, no column the table does not have, none twice). Anything else is read in JavaScript.
 */
export function plainObservationsHeader(bytes: Uint8Array): string[] | null {
  if (bytes.indexOf(0) >= 0) return null;
  const end = bytes.indexOf(10);
  const first = new TextDecoder().decode(bytes.subarray(0, end < 0 ? bytes.length : end)).replace(/^\uFEFF/, '');
  // A first line that opens a quoted cell (a line break inside it, or a quote never closed) is the
  // JavaScript reader's to read or refuse, by row.
  let rows: CsvRow[];
  try {
    rows = parseCsv(first);
  } catch {
    return null;
  }
  if (rows.length !== 1) return null;
  const header = rows[0]!.cells;
  const found = detectTable(header);
  if (!('table' in found) || found.table !== 'observations') return null;
  const names = header.map((h) => h.trim().toLowerCase());
  if (new Set(names).size !== names.length || names.some((n) => !OBSERVATION_COLUMNS.includes(n))) return null;
  return names;
}

/** Whether bytes[from, to) is a number cell as the contract writes it plainly (NUMBER), or empty. */
function plainNumberCell(bytes: Uint8Array, from: number, to: number): boolean {
  let at = from;
  while (at < to && bytes[at]! >= 48 && bytes[at]! <= 57) at++;
  const whole = at - from;
  if (at === to) return whole <= 15;
  if (whole === 0 || whole > 15 || bytes[at] !== 46) return false;
  const point = ++at;
  while (at < to && bytes[at]! >= 48 && bytes[at]! <= 57) at++;
  return at === to && at > point && at - point <= 15;
}

/**
 * The file's lines (a last one without its line break counts too) and which are empty: DuckDB's
 * reader skips those, as the JavaScript reader drops them (still counting them). `plainNumbers`:
 * whether every number cell of every other line after the header is empty or written plainly
 * (digits, maybe a point and more digits, as NUMBER), in a file with no quote at all, so that each
 * cell is the bytes between two commas. Then DuckDB's typed reading of those columns holds exactly
 * the numbers the text would have been read as, and nothing it would refuse: `+5`, `1e3`, ` 5`,
 * `inf`, `-1` and every other form its number parser takes and the contract does not, or not
 * alike, never reach it. A row of the wrong length need not be found here: DuckDB drops it either
 * way, and the file, no longer one row a line, is read in JavaScript; but for one thing: DuckDB
 * reads a row with empty cells past the header's (`…,false,`, `…,false,,`) as though they were not
 * there, where the JavaScript reader refuses it ("has 10 cells but the header has 9"). `longRow`:
 * whether a line ending in a comma has more cells than the header (commas in quotes aside), which
 * leaves the file to JavaScript. Each line is looked at from its end back to its first number cell
 * only (the canonical order ends with the counts), and a line ending in a comma whole.
 */
export function scanLines(bytes: Uint8Array, header: readonly string[]): { lines: number; empty: number[]; plainNumbers: boolean; longRow: boolean } {
  const numbers = header.flatMap((h, i) => (NUMBERS.includes(h) ? [i] : []));
  const first = numbers.length > 0 ? Math.min(...numbers) : header.length;
  const isNumber = header.map((h) => NUMBERS.includes(h));
  const empty: number[] = [];
  let plainNumbers = bytes.indexOf(34) < 0;
  let longRow = false;
  let lines = 0;
  for (let start = 0; start < bytes.length; ) {
    const at = bytes.indexOf(10, start);
    const end = at < 0 ? bytes.length : at;
    lines++;
    let last = end > start && bytes[end - 1] === 13 ? end - 1 : end;
    if (!longRow && lines > 1 && last > start && bytes[last - 1] === 44) {
      let commas = 0;
      for (let i = start, quoted = false; i < last; i++) {
        if (bytes[i] === 34) quoted = !quoted;
        else if (bytes[i] === 44 && !quoted) commas++;
      }
      longRow = commas >= header.length;
    }
    if (last === start) {
      if (at >= 0) empty.push(lines);
    } else if (plainNumbers && lines > 1) {
      for (let column = header.length - 1; column >= first; column--) {
        let from = last;
        while (from > start && bytes[from - 1] !== 44) from--;
        if ((from === start && column > 0) || (isNumber[column] && !plainNumberCell(bytes, from, last))) {
          plainNumbers = false;
          break;
        }
        last = from - 1;
      }
    }
    if (at < 0) break;
    start = at + 1;
  }
  return { lines, empty, plainNumbers, longRow };
}

/** The columns of an observation's key. */
const KEY = ['metric', 'area_code', 'period_start', 'period_type', 'breakdown'];

/**
 * Whether no two lines after the header give the same key cells, as DuckDB would find by grouping
 * its rows (0.25-0.3 processor-s at 1M rows in DuckDB-WASM, which the page's engine works through
 * on its one thread while this runs beside it). In a file with no quote a cell is the bytes between
 * two commas, and the same text the same bytes: lines are told apart by a hash of their key cells
 * (and the commas between them), and two of the same hash by their bytes. False where two lines
 * give the same key or the file has a quote: then DuckDB groups the rows, as ever. Empty lines are
 * skipped, as DuckDB's reader skips them. `lines`: about how many lines (scanLines'), to size the table.
 */
export function keysOnce(bytes: Uint8Array, header: readonly string[], lines: number): boolean {
  if (bytes.indexOf(34) >= 0) return false;
  const isKey = Uint8Array.from(header, (h) => (KEY.includes(h) ? 1 : 0));
  const last = isKey.lastIndexOf(1);
  if (last < 0) return false;
  let size = 1024;
  while (size < lines * 2) size *= 2;
  const mask = size - 1;
  // Open addressing: a line's hash picks its slot, which keeps the hash and where the line starts
  // (plus 1: 0 is an empty slot) side by side (in two arrays, twice the cache misses). No closure
  // here: variables a closure shares are slower to reach in the loop.
  const slots = new Int32Array(size * 2);
  const headerEnd = bytes.indexOf(10);
  for (let start = headerEnd < 0 ? bytes.length : headerEnd + 1; start < bytes.length; ) {
    const at = bytes.indexOf(10, start);
    const end = lineEndOf(bytes, start, at);
    if (end > start) {
      const h = keyHash(bytes, start, end, isKey, last);
      let slot = (h ^ (h >>> 15)) & mask;
      while (slots[2 * slot + 1] !== 0) {
        if (slots[2 * slot] === h && sameKey(bytes, slots[2 * slot + 1]! - 1, start, isKey, last)) return false;
        slot = (slot + 1) & mask;
      }
      slots[2 * slot] = h;
      slots[2 * slot + 1] = start + 1;
    }
    if (at < 0) break;
    start = at + 1;
  }
  return true;
}

/** Where the line from `start` ends, its CR aside (`at`: its LF, or -1). */
const lineEndOf = (bytes: Uint8Array, start: number, at: number) => {
  const end = at < 0 ? bytes.length : at;
  return end > start && bytes[end - 1] === 13 ? end - 1 : end;
};

/** FNV-1a of a line's key cells (those `isKey` marks, up to column `last`) and the commas between them. */
function keyHash(bytes: Uint8Array, start: number, end: number, isKey: Uint8Array, last: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start, column = 0; i < end; i++) {
    const b = bytes[i]!;
    if (b === 44) {
      if (++column > last) break;
    } else if (isKey[column] === 0) continue;
    h = Math.imul(h ^ b, 0x01000193);
  }
  return h;
}

/** Whether the lines from `a` and `b` give the same key cells. */
function sameKey(bytes: Uint8Array, a: number, b: number, isKey: Uint8Array, last: number): boolean {
  const cells = (start: number) => {
    const key: number[] = [];
    for (let i = start, end = lineEndOf(bytes, start, bytes.indexOf(10, start)), column = 0; i < end; i++) {
      const byte = bytes[i]!;
      if (byte === 44) {
        if (++column > last) break;
        key.push(-1);
      } else if (isKey[column] === 1) key.push(byte);
    }
    return key;
  };
  const [x, y] = [cells(a), cells(b)];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** How many bytes of a file's first lines decide how DuckDB reads it (about 4,000 rows). */
const SAMPLE = 256 * 1024;
/** How much of a file's start readObservationsInDuckDb needs at once when it is given the whole file later (ReadOptions.whole): the sample, and the line it ends in. */
export const READ_HEAD = SAMPLE + 64 * 1024;
/** Where the line that holds byte `at` ends (past its line break), or the file's end. */
function lineEnd(bytes: Uint8Array, at: number): number {
  const end = at < bytes.length ? bytes.indexOf(10, at) : -1;
  return end < 0 ? bytes.length : end + 1;
}

/** Runs of empty lines beyond which a file is read in JavaScript (each is a branch of the line's CASE). */
const MAX_GAPS = 1000;

/** What JavaScript's trim() removes: a cell of these only is empty. */
const EDGE = String.raw`[\s\x0B\p{Z}\x{FEFF}]`;
/** A count as written plainly: digits, maybe a decimal part; short enough to be exact and finite. */
const NUMBER = String.raw`[0-9]{1,15}(\.[0-9]{1,15})?`;

/**
 * A text column as it comes back to JavaScript with a character before it, which `unmarked` takes
 * off: decoding a value that starts with U+FEFF (a byte order mark) drops that character, in both
 * engines' hands, so a code written with one came back plain, was judged plain and held with it.
 */
const marked = (column: string) => `'~' || ${column} AS ${column}`;
function unmarked<R extends Record<string, unknown>>(row: R, columns: readonly string[]): R {
  for (const c of columns) if (typeof row[c] === 'string') (row as Record<string, unknown>)[c] = (row[c] as string).slice(1);
  return row;
}

const sqlList = (xs: readonly string[]) => xs.map(sqlText).join(', ');
/**
 * A list handed to SQL as one text parameter, read back by `listSql` (DuckDB-WASM, the upload
 * page's engine, has no JSON functions built in): items joined by U+001F, an item's fields by
 * U+001E. No item holds either: each is a cell that passed hasInvisible, a key with invisible
 * characters taken out, a date, a number or a boolean. An empty text is an empty list.
 */
const listed = (items: readonly (string | number | boolean | readonly (string | number | boolean)[])[]) =>
  items.map((i) => (Array.isArray(i) ? i.join('\x1e') : String(i))).join('\x1f');
/** The rows of a `listed` parameter, its fields typed and named as `columns` (name → SQL type). */
const listSql = (param: string, columns: Record<string, string>) =>
  `(SELECT ${Object.entries(columns).map(([c, type], i) => `string_split(item, chr(30))[${i + 1}]::${type} AS ${c}`).join(', ')}
    FROM (SELECT unnest(string_split(nullif(${param}, ''), chr(31))) AS item))`;

/** A canonical observations file read by DuckDB, its plain rows in `table` (the extract's columns). */
export interface HeldObservations {
  /** Where the rows ready to merge are: the observations extract's columns, `source_row` their line. */
  table: string;
  /** What drops `table` and what it reads from, once merged. */
  drops: string[];
  /** What readFiles reads for the file: the header and the rows left to JavaScript. */
  reader: SourceReader;
  /**
   * Once every file is read (the areas and definitions known): moves the held rows that fail a
   * check into the file's rows read in JavaScript, in file order, so checkRows refuses each with
   * its own message; and says what the rows held cover.
   */
  check(reads: { codes: Set<string>; metrics: Definitions }, rows: Observation[]): Promise<Observation[]>;
  /**
   * Once checked, each text column's words among the rows held, when no held row failed (then the
   * summary of the rows read gives them): what the merge numbers, without a query of its own. Null otherwise.
   */
  words: Record<string, string[]> | null;
  /**
   * Once checked, when every row of the file is held and none failed: each text column of the
   * extract's words in the order the file first gives them (the summary of the rows read gives them,
   * each group's first row): the upload page's stored dictionaries, without a scan of their own.
   * Null otherwise.
   */
  firstSeen: Record<string, string[]> | null;
}

/** The tables readObservationsInDuckDb(n) makes, for an engine that outlives a failed reading to drop. */
export const readingTables = (n: number) => [`obs_raw_${n}`, `obs_held_${n}`, `obs_held_${n}_failing`, `obs_held_${n}_twice`] as const;

/** How the rows held are kept (readObservationsInDuckDb). */
export interface ReadOptions {
  /**
   * 'table' (the upload page's): the rows held are copied, typed, into table `obs_held_<n>`.
   * 'view' (the pipeline's): they stay where DuckDB read them, and `obs_held_<n>` is a view that
   * types them as they are read: the merge copies them once, numbering their words as it goes.
   */
  keep?: 'table' | 'view';
  /**
   * Whether keys given twice are looked for in JavaScript while DuckDB reads (keysOnce), a grouping
   * in DuckDB left only to files where it finds one (or a quote): the page's engine reads on one
   * thread, beside this. Default: where the rows held are kept as a table (the page's).
   */
  scanKeys?: boolean;
  /**
   * The whole file, where `bytes` is only its start (READ_HEAD bytes, or all of a shorter file):
   * awaited once DuckDB has begun reading, so that reading the file into memory (0.15-0.45 s for
   * 56 MB in Chromium) is not waited for first. A NUL byte in it leaves the file to JavaScript, as
   * plainObservationsHeader would have.
   */
  whole?: Promise<Uint8Array>;
  /** Work for the caller to do while DuckDB reads the file on its own threads (the pipeline hashes its files). */
  whileReading?: () => void;
}

const NUMBERS = ['numerator', 'denominator', 'published_value'];
/** The text columns the reader's own rules judge, over their distinct values. */
const JUDGED = ['metric', 'area_code', 'breakdown', 'period_type', 'period_start', 'suppressed'] as const;
/** The grouping sets of the reading's one summary: what the checks judge, and what the rows cover. */
const SETS = [['area_code'], ['metric', 'breakdown'], ['metric', 'period_type'], ['period_type', 'period_start'], ['suppressed'], []];
/** The columns of SETS but the area, grouped together by the reading's summary (each other set summed from them). */
const FINE = ['metric', 'breakdown', 'period_type', 'period_start', 'suppressed'];
/** grouping()'s number for a set: a bit for each column it leaves out, the first column the highest. */
export const groupingOf = (set: readonly string[], of: readonly string[]) => of.reduce((bits, c) => (bits << 1) | (set.includes(c) ? 0 : 1), 0);

type Summary = { g: number; area_code: string | null; metric: string | null; breakdown: string | null; period_type: Observation['period_type'] | null; period_start: string | null; suppressed: string | null; rows: number; plain: number; first: number };

/** Rows of the summary grouped by `set` (a subset of FINE): rows and plain summed, the first row the least; the other columns null, as GROUPING SETS gives them. */
function summed(rows: Summary[], set: readonly string[]): Summary[] {
  const groups = new Map<string, Summary>();
  for (const r of rows) {
    const key = JSON.stringify(set.map((c) => r[c as keyof Summary]));
    const g = groups.get(key);
    if (!g) {
      groups.set(key, {
        g: 0, area_code: null, metric: null, breakdown: null, period_type: null, period_start: null, suppressed: null,
        ...Object.fromEntries(set.map((c) => [c, r[c as keyof Summary]])),
        rows: Number(r.rows), plain: Number(r.plain), first: Number(r.first),
      });
    } else {
      g.rows += Number(r.rows);
      g.plain += Number(r.plain);
      g.first = Math.min(g.first, Number(r.first));
    }
  }
  // The whole file's (the empty set) even when it has no row.
  return groups.size === 0 && set.length === 0 ? [{ g: 0, area_code: null, metric: null, breakdown: null, period_type: null, period_start: null, suppressed: null, rows: 0, plain: 0, first: 0 }] : [...groups.values()];
}

/**
 * Reads `file` (the path DuckDB reads it by) with DuckDB's CSV reader, its plain rows held in
 * `obs_held_<n>` (see ReadOptions). Null when DuckDB does not find one row per line after the header, empty lines
 * aside (a line break inside a quoted cell, a row of the wrong length, bytes that are not UTF-8):
 * line numbers would not be the file's, so the file is read in JavaScript instead. `db`: the
 * pipeline's native DuckDB or the upload page's DuckDB-WASM.
 */
export async function readObservationsInDuckDb(
  db: Connector, n: number, name: string, file: string, header: string[], bytes: Uint8Array, options: ReadOptions = {},
): Promise<HeldObservations | null> {
  const [raw, table, failingTable, twiceTable] = readingTables(n);
  const asView = options.keep === 'view';
  // Where every number cell is plain (scanLines; most files), DuckDB reads those columns typed, as
  // numbers only (its parser: 0.2-0.3 processor-s less at 1M rows than a pattern and a cast over the
  // text, in either engine); otherwise as text, each plain one typed by NUMBER, the rest left, as
  // written, to the JavaScript reader. The file's first lines decide, so that DuckDB starts at once;
  // the whole file is looked at (and its lines counted) while it reads, and one found otherwise
  // further on (seldom: a file's bad cells are seldom all past its first thousands of rows) is read
  // again, as text.
  let typedNumbers = scanLines(bytes.subarray(0, lineEnd(bytes, SAMPLE)), header).plainNumbers;
  const isTyped = (c: string) => typedNumbers && NUMBERS.includes(c);
  // One pass over the file: every cell as written (what the checks judge and the reader reads),
  // and each number cell written plainly as its number too (null otherwise), so the rows held need
  // no second, typed copy of the text (0.4 processor-s at 1M rows). Rows are numbered by where they
  // are in the file: the reader must keep their order (a row's rowid, which deleting others keeps).
  // (Put back as it was after: the page's engine, which keeps order, lives on after an upload's reading.)
  const [{ order } = { order: false }] = await db.query<{ order: boolean }>("SELECT current_setting('preserve_insertion_order') AS order");
  await db.query('SET preserve_insertion_order = true');
  // Whatever DuckDB's reader cannot read (mixed line endings, in strict mode), JavaScript reads.
  // Columns in the extract's order; a table of its own (the page's) also gets the file's name and
  // each row's place as read (`held_file`, `held_line`), for the rows held to become it (below).
  const readRaw = () => db.query(
    `CREATE OR REPLACE TABLE ${raw} AS SELECT ${OBSERVATION_COLUMNS.flatMap((c) => [
      ...(isTyped(c) ? [] : [header.includes(c) ? c : `NULL::VARCHAR AS ${c}`]),
      ...(NUMBERS.includes(c) ? [`${!header.includes(c) ? 'NULL::DOUBLE' : isTyped(c) ? c : `CASE WHEN regexp_full_match(${c}, '${NUMBER}') THEN ${c}::DOUBLE END`} AS ${c}_number`] : []),
    ]).join(', ')}${asView ? '' : `, ${sqlText(name)}::VARCHAR AS held_file, row_number() OVER () AS held_line`}
     FROM read_csv(${sqlText(file)}, header = false, skip = 1, auto_detect = false,
       delim = ',', quote = '"', escape = '"', columns = {${header.map((h) => `'${h}': '${isTyped(h) ? 'DOUBLE' : 'VARCHAR'}'`).join(', ')}}, ignore_errors = true)`,
  ).then(() => true, () => false);
  const reading = readRaw();
  // The file is looked at, and the caller's work done, while DuckDB reads.
  let read = false;
  let counted: ReturnType<typeof scanLines> = { lines: 0, empty: [], plainNumbers: false, longRow: false };
  let everyKeyOnce = false;
  let whole = bytes;
  try {
    try {
      whole = options.whole ? await options.whole : bytes;
      counted = scanLines(whole, header);
      everyKeyOnce = (options.scanKeys ?? !asView) && keysOnce(whole, header, counted.lines);
      options.whileReading?.();
    } finally {
      read = await reading;
    }
    if (typedNumbers && !(read && counted.plainNumbers)) {
      typedNumbers = false;
      read = await readRaw();
    }
  } finally {
    if (!order) await db.query('SET preserve_insertion_order = false');
  }
  // A NUL byte past the start the caller looked at: the file is the JavaScript reader's (plainObservationsHeader).
  if (read && whole.indexOf(0) >= 0) {
    await db.query(`DROP TABLE ${raw}`);
    return null;
  }
  if (!read) return null;
  // The columns of text kept (a typed number column keeps its number only).
  const texts = OBSERVATION_COLUMNS.filter((c) => !isTyped(c));
  // Each number cell plain: what the contract's form is, and the JavaScript reader reads alike.
  // (Typed, an empty cell is the only one without its number.)
  const plainNumbers = typedNumbers ? 'numerator_number IS NOT NULL' : 'numerator_number IS NOT NULL AND (denominator IS NULL OR denominator_number IS NOT NULL) AND (published_value IS NULL OR published_value_number IS NOT NULL)';
  // One scan of every row gives the text columns' distinct values (a few thousand codes, dates and
  // words, judged by the JavaScript reader's own rules), how many rows there are and how many have
  // plain numbers, and what the rows cover (the areas, each metric's breakdowns and period types,
  // the periods with their rows): when every row is held, that is the summary of the rows held.
  const summary = (await db.query<Summary>(
    `SELECT g, ${JUDGED.map(marked).join(', ')}, rows, plain, first FROM (
       SELECT grouping(${JUDGED.join(', ')}) AS g, ${JUDGED.join(', ')}, count(*) AS rows, count(*) FILTER (WHERE ${plainNumbers}) AS plain, min(rowid) AS first
       FROM ${raw} GROUP BY GROUPING SETS ((area_code), (${FINE.join(', ')})))`,
  )).map((r) => unmarked(r, JUDGED));
  // DuckDB groups the rows twice, by area and by the other five columns together (a few hundred
  // groups in most files): each of the other sets is summed from the second here (six groupings of
  // a million rows took DuckDB-WASM 0.3-0.43 processor-s, two 0.22-0.31).
  const byFine = summary.filter((r) => Number(r.g) === groupingOf(FINE, JUDGED));
  const [readByArea, readByBreakdown, readByType, readByPeriod, bySuppressed, [all]] = SETS.map((set) =>
    set.length === 1 && set[0] === 'area_code' ? summary.filter((r) => Number(r.g) === groupingOf(set, JUDGED)) : summed(byFine, set),
  ) as Summary[][] as [Summary[], Summary[], Summary[], Summary[], Summary[], [Summary]];
  const rows = Number(all.rows);
  const { lines, empty } = counted;
  // Each row's line: after the header, one a row, and one more for each empty line before it (the
  // j-th empty line, from 0, comes after `line - 2 - j` rows; empty lines together, after as many).
  const shifts = [...new Map(empty.map((line, j) => [line - 2 - j, j + 1])).entries()].reverse();
  if (rows === 0 || rows !== lines - 1 - empty.length || counted.longRow || shifts.length > MAX_GAPS) {
    await db.query(`DROP TABLE ${raw}`);
    return null;
  }
  /** The line of the row at `place` (its rowid, from 0). */
  const lineOf = (place: string) => `${place}::INTEGER + 2 + ${shifts.length ? `CASE ${shifts.map(([after, by]) => `WHEN ${place} >= ${after} THEN ${by}`).join(' ')} ELSE 0 END` : '0'}`;
  const lineSql = lineOf('rowid');
  const distinct = (rs: Summary[], column: (typeof JUDGED)[number] & keyof Summary) => [...new Set(rs.map((r) => r[column]))];
  const found: Record<string, (string | null)[]> = {
    metric: distinct(readByBreakdown, 'metric'), area_code: distinct(readByArea, 'area_code'), breakdown: distinct(readByBreakdown, 'breakdown'),
    period_type: distinct(readByType, 'period_type'), period_start: distinct(readByPeriod, 'period_start'), suppressed: distinct(bySuppressed, 'suppressed'),
  };
  const values = (column: string) => found[column]!.filter((v): v is string => v !== null);
  const plain = (column: string, judge: (value: string) => boolean) => values(column).filter(judge);
  const word = (v: string) => v !== '' && v === v.trim() && !hasInvisible(v);
  const sets = {
    metric: plain('metric', word),
    area_code: plain('area_code', word),
    breakdown: plain('breakdown', word),
    period_type: plain('period_type', (v) => (PERIOD_TYPES as readonly string[]).includes(v)),
    period_start: plain('period_start', (v) => { const c = parseIsoDate(v); return c.ok && c.value === v; }),
    suppressed: plain('suppressed', (v) => v === v.trim().toLowerCase() && parseBoolean(v).ok),
  };
  const truths = sets.suppressed.filter((v) => {
    const c = parseBoolean(v);
    return c.ok && c.value;
  });
  // A column every value of which is plain needs no list (its semi join cost 0.2 processor-s at 1M
  // rows): being there is enough. Only the others are checked against theirs, lists handed over as
  // parameters from `first` on.
  const names = Object.keys(sets).filter((c) => sets[c as keyof typeof sets].length < values(c).length);
  const lists = names.map((c) => listed(sets[c as keyof typeof sets]));
  const plainSql = (first: number) => [
    ...Object.keys(sets).map((c) => (c === 'suppressed' ? 'true' : `${c} IS NOT NULL`)),
    ...names.map((c, i) => {
      const inSet = `${c} IN (SELECT v FROM ${listSql(`$${first + i}`, { v: 'VARCHAR' })})`;
      return c === 'suppressed' ? `(suppressed IS NULL OR ${inSet})` : inSet;
    }),
    plainNumbers,
  ].join(' AND ');
  // Every row plain: no value of a judged column is missing or not plain, and every number is plain.
  const everyPlain = names.length === 0 && Number(all.plain) === rows && JUDGED.filter((c) => c !== 'suppressed').every((c) => !found[c]!.includes(null));
  const kept = everyPlain ? rows : Number(((await db.query<{ kept: number }>(`SELECT count(*) AS kept FROM ${raw} WHERE ${plainSql(1)}`, lists)) as [{ kept: number }])[0].kept);
  // No plain row: nothing gained by holding none, and a file of blank rows alone is the reader's
  // to refuse ("has a header but no data rows").
  if (kept === 0) {
    await db.query(`DROP TABLE ${raw}`);
    return null;
  }
  // Every row plain (the checks of rows and keys below then look at no row but all).
  const allPlain = kept === rows;
  // Rows with their place in the table read, their line, their cells as written, and whether they are plain (`held`).
  // (A typed number column's cells are its numbers, which the reader reads as the plain text they were.)
  const numbered = (first: number) => `SELECT rowid AS place, ${lineSql} AS line, ${OBSERVATION_COLUMNS.map((c) => (isTyped(c) ? `${c}_number AS ${c}` : c)).join(', ')}, coalesce(${plainSql(first)}, false) AS held, * EXCLUDE (${texts.join(', ')}) FROM ${raw}`;
  // The rest, but rows of empty cells (commas, spaces), which the JavaScript reader drops too;
  // `removed`: lines of plain rows that go to the reader too.
  const blank = header.map((h) => (isTyped(h) ? `${h}_number IS NULL` : `(${h} IS NULL OR regexp_full_match(${h}, '${EDGE}*'))`)).join(' AND ');
  const leftOver = (removed: number[]) => db.query<Record<string, string | number | null> & { line: number }>(
    `SELECT line, ${OBSERVATION_COLUMNS.map((c) => (isTyped(c) ? c : marked(c))).join(', ')} FROM (${numbered(2)}) WHERE (NOT held OR line IN (SELECT v FROM ${listSql('$1', { v: 'INTEGER' })})) AND NOT (${blank}) ORDER BY line`,
    [listed(removed), ...lists],
  ).then((rs) => rs.map((r) => unmarked(r, texts)));
  let left = allPlain ? [] : await leftOver([]);
  // A key given twice is the reader's to refuse (naming the first row): both rows go to it, as do
  // rows whose key only trimming (JavaScript's) would make the same as a row left to it (its
  // period start read as a date by DuckDB: any that reads as the same date goes too). Keys are
  // compared by the hash of their columns (a smaller table to group than the columns, at 10M rows):
  // two keys that merely share one go to the reader too. A plain period start is the date as
  // written, so its text tells the same rows apart as the date.
  const key = KEY;
  const leftKeys = left.map((r) => key.map((c) => withoutInvisible(String(r[c] ?? '')).text.trim()));
  // The keys that come twice are found by one grouping, kept (a few, or none) for the lookup. Most
  // files repeat no key and leave no row to the reader: then the rows need not be looked up by hash.
  // A key column of one value in the whole file (often the metric and the period type) tells no two
  // rows apart: the grouping hashes the others only (a quarter less processor time at 1M rows).
  const varying = key.filter((c) => values(c).length !== 1);
  const grouping = (varying.length > 0 ? varying : key).join(', ');
  // (None where the scan found every line's key once: no row's key comes twice.)
  if (!everyKeyOnce) await db.query(`CREATE OR REPLACE TABLE ${twiceTable} AS SELECT hash(${grouping}) AS h FROM ${raw} ${allPlain ? '' : `WHERE ${plainSql(1)}`} GROUP BY 1 HAVING count(*) > 1`, allPlain ? [] : lists);
  const [{ twice }] = everyKeyOnce ? [{ twice: 0 }] : ((await db.query<{ twice: number }>(`SELECT count(*) AS twice FROM ${twiceTable}`)) as [{ twice: number }]);
  const heldKey = `hash(metric, area_code, TRY_CAST(period_start AS DATE), period_type, breakdown)`;
  const removed = Number(twice) === 0 && leftKeys.length === 0 ? [] : (await db.query<{ line: number }>(
    `SELECT line FROM (${numbered(2)}) WHERE held AND (${everyKeyOnce ? 'false' : `hash(${grouping}) IN (SELECT h FROM ${twiceTable})`} OR ${heldKey} IN (SELECT ${heldKey} FROM ${listSql('$1', Object.fromEntries(key.map((c) => [c, 'VARCHAR'])))}))`,
    [listed(leftKeys), ...lists],
  )).map((r) => r.line);
  if (!everyKeyOnce) await db.query(`DROP TABLE ${twiceTable}`);
  if (removed.length > 0) left = await leftOver(removed);
  const everyHeld = allPlain && removed.length === 0;
  // The plain rows, typed, with their line, key and source: as the merge takes a file's rows (incomingSql).
  const suppressedSql = truths.length ? `coalesce(suppressed IN (${sqlList(truths)}), false)` : 'false';
  const typed = (source: string) => `metric, area_code, period_start::DATE AS period_start, period_type, breakdown,
    numerator_number AS numerator, denominator_number AS denominator, published_value_number AS published_value,
    ${suppressedSql} AS suppressed, ${source} AS source_file, line AS source_row, ${incomingSql('observations', n)}`;
  // Every row held and its numbers read typed (most files): the table read becomes the rows held,
  // column by column (a date, a boolean and the lines, 10-60 ms each at 1M rows), rather than being
  // copied (0.45-0.7 processor-s in DuckDB-WASM, most of it its four text columns), once each row's
  // place as read is known to be its rowid, which gives the copy its lines. Columns, names and types
  // as the copy's.
  const inPlace = !asView && everyHeld && typedNumbers
    && Number(((await db.query<{ off: number }>(`SELECT count(*) FILTER (WHERE held_line IS DISTINCT FROM rowid + 1) AS off FROM ${raw}`)) as [{ off: number }])[0].off) === 0;
  if (asView) {
    // The rows not held leave the table read (their places, and so their rows' lines, stay).
    if (!everyHeld) await db.query(`DELETE FROM ${raw} WHERE rowid IN (SELECT place FROM (${numbered(2)}) WHERE NOT held OR line IN (SELECT v FROM ${listSql('$1', { v: 'INTEGER' })}))`, [listed(removed), ...lists]);
    // (A view takes no parameters: the file's name is written in, quoted.)
    await db.query(`CREATE OR REPLACE VIEW ${table} AS SELECT ${typed(`${sqlText(name)}::VARCHAR`)} FROM (SELECT ${lineSql} AS line, * FROM ${raw})`);
  } else if (inPlace) {
    for (const step of [
      `ALTER ${raw} ALTER period_start TYPE DATE`,
      `ALTER ${raw} ALTER suppressed TYPE BOOLEAN USING ${suppressedSql}`,
      `ALTER ${raw} ALTER held_line TYPE INTEGER USING ${lineOf('(held_line - 1)')}`,
      ...NUMBERS.map((c) => `ALTER ${raw} RENAME ${c}_number TO ${c}`),
      `ALTER ${raw} RENAME held_file TO source_file`,
      `ALTER ${raw} RENAME held_line TO source_row`,
      // incomingSql's two columns: the row's place in the file, and the file's number.
      `ALTER ${raw} ADD COLUMN pos INTEGER`,
      `ALTER ${raw} ALTER pos TYPE INTEGER USING source_row`,
      `ALTER ${raw} ADD COLUMN batch INTEGER DEFAULT ${n}`,
      `ALTER ${raw} RENAME TO ${table}`,
    ]) await db.query(step.replace(/^ALTER /, 'ALTER TABLE '));
  } else {
    await db.query(
      `CREATE OR REPLACE TABLE ${table} AS SELECT ${typed('$1::VARCHAR')} FROM (${numbered(3)}) WHERE held AND line NOT IN (SELECT v FROM ${listSql('$2', { v: 'INTEGER' })})`,
      [name, listed(removed), ...lists],
    );
    await db.query(`DROP TABLE ${raw}`);
  }
  /** Deletes held rows by line. */
  const remove = (lines: string) => db.query(asView ? `DELETE FROM ${raw} WHERE ${lineSql} IN (${lines})` : `DELETE FROM ${table} WHERE source_row IN (${lines})`);
  const leftRows: CsvRow[] = [{ line: 1, cells: header }, ...left.map((r) => ({ line: r.line, cells: header.map((h) => String(r[h] ?? '')) }))];
  // What the rows held name, and what the checks judge: the summary above when every row is held;
  // otherwise from one scan of the rows held (a query each was a scan each). Dates are written as
  // text once each, after grouping: not once a row.
  type Held = { area_code: string; metric: string; breakdown: string; period_type: Observation['period_type']; period_start: string; rows: number };
  const [byArea, byBreakdown, byType, byPeriod] = (everyHeld ? [readByArea, readByBreakdown, readByType, readByPeriod] : await (async () => {
    const of = JUDGED.slice(0, 5);
    const counted = await db.query<Summary>(
      `SELECT grouping(${of.join(', ')}) AS g, ${of.filter((c) => c !== 'period_start').join(', ')}, strftime(period_start, '%Y-%m-%d') AS period_start, count(*) AS rows
       FROM ${table} GROUP BY GROUPING SETS (${SETS.slice(0, 4).map((s) => `(${s.join(', ')})`).join(', ')})`,
    );
    return SETS.slice(0, 4).map((set) => counted.filter((r) => Number(r.g) === groupingOf(set, of)));
  })()) as Held[][] as [Held[], Held[], Held[], Held[]];
  const named = byArea.map((r) => r.area_code);
  const periods = byPeriod.map((r) => `${r.period_type} ${r.period_start}`);
  const held: HeldRows = { areaCodes: [], periodStarts: [] };

  const reader: SourceReader = {
    name,
    held,
    read(context: AdapterContext): SourceRead {
      if (left.length === 0) {
        // Nothing left to the reader (which would refuse a header alone): only the areas the rows name.
        const { tables, notes } = withReferenceAreas(emptyTables(), new Set(context.areas.map((a) => a.area_code)), named);
        return { file: name, adapter: canonicalAdapter, result: { tables, errors: [], skipped: notes, periods: [...periods].sort() } };
      }
      const read = readRecognised({ file: name, adapter: canonicalAdapter, rows: leftRows }, context, named);
      read.result.periods = [...new Set([...read.result.periods, ...periods])].sort();
      return read;
    },
  };

  const distinctOf = <R,>(rows: R[], column: keyof R) => [...new Set(rows.map((r) => String(r[column])))];
  /** A column's words by the first row of the file that gives each (rows read in the file's order: rowid). */
  const firstOf = (rows: Summary[], column: 'metric' | 'area_code' | 'breakdown' | 'period_type') => {
    const first = new Map<string, number>();
    for (const r of rows) if (!(first.get(r[column]!)! <= Number(r.first))) first.set(r[column]!, Number(r.first));
    return [...first].sort((a, b) => a[1] - b[1]).map(([word]) => word);
  };
  const result: HeldObservations = {
    table,
    drops: asView ? [`DROP VIEW ${table}`, `DROP TABLE ${raw}`] : [`DROP TABLE ${table}`],
    reader,
    words: null,
    firstSeen: null,
    async check({ codes, metrics }, rows) {
      // observationProblems judges each part of a row it looks at, over that part's distinct values
      // (a few, but a period start with its type, one a month or quarter): the metric and breakdown,
      // the metric and period type, the period.
      const judge = (o: Partial<Observation>, columns: string[]) =>
        observationProblems({ metric: '', area_code: '', period_start: '', period_type: 'month', breakdown: '', numerator: 0, denominator: null, published_value: null, suppressed: false, source: '', ...o }, metrics)
          .every((p) => !columns.includes(p.column));
      // The rows held are those summarised above: nothing has left them since.
      const pairs = byBreakdown.map(({ metric, breakdown }) => ({ metric, breakdown }))
        .filter((r) => judge(r, ['metric', 'breakdown']))
        .map((r) => ({ ...r, proportion: metrics.get(r.metric)!.kind === 'proportion' }));
      const types = byType.map(({ metric, period_type }) => ({ metric, period_type })).filter((r) => judge(r, ['metric', 'period_type']));
      const known = [...metrics.keys()][0]!;
      const starts = byPeriod.map(({ period_start, period_type }) => ({ period_start, period_type }))
        .filter((r) => judge({ ...r, metric: known }, ['period_start']));
      // A check that every row held passes is left out (each was a join of every row): then a metric
      // that is a proportion is known by its name alone. Lists go in as parameters in the order written.
      const allPairs = pairs.length === byBreakdown.length;
      const allTypes = types.length === byType.length;
      const allStarts = starts.length === byPeriod.length;
      const allAreas = named.every((c) => codes.has(c));
      const proportions = [...new Set(pairs.filter((p) => p.proportion).map((p) => p.metric))];
      const params: string[] = [];
      const list = (items: Parameters<typeof listed>[0], columns: Record<string, string>) => listSql((params.push(listed(items)), '?'), columns);
      await db.query(
        `CREATE OR REPLACE TABLE ${failingTable} AS
         SELECT h.metric, h.area_code, strftime(h.period_start, '%Y-%m-%d') AS period_start, h.period_type, h.breakdown, h.numerator, h.denominator, h.published_value, h.suppressed, h.source_row
         FROM ${table} h
         ${allPairs ? '' : `LEFT JOIN ${list(pairs.map((p) => [p.metric, p.breakdown, p.proportion]), { metric: 'VARCHAR', breakdown: 'VARCHAR', proportion: 'BOOLEAN' })} p ON p.metric = h.metric AND p.breakdown = h.breakdown`}
         ${allTypes ? '' : `LEFT JOIN ${list(types.map((t) => [t.metric, t.period_type]), { metric: 'VARCHAR', period_type: 'VARCHAR' })} t ON t.metric = h.metric AND t.period_type = h.period_type`}
         ${allStarts ? '' : `LEFT JOIN ${list(starts.map((s) => [s.period_start, s.period_type]), { period_start: 'DATE', period_type: 'VARCHAR' })} q ON q.period_start = h.period_start AND q.period_type = h.period_type`}
         WHERE NOT (${[
           ...(allPairs ? [] : ['p.metric IS NOT NULL']),
           ...(allTypes ? [] : ['t.metric IS NOT NULL']),
           ...(allStarts ? [] : ['q.period_type IS NOT NULL']),
           ...(allAreas ? [] : [`h.area_code IN (SELECT v FROM ${list([...codes], { v: 'VARCHAR' })})`]),
           'NOT (h.denominator = 0 AND h.numerator > 0)',
           `NOT coalesce(${allPairs ? (proportions.length ? `h.metric IN (SELECT v FROM ${list(proportions, { v: 'VARCHAR' })})` : 'false') : 'p.proportion'} AND h.numerator > h.denominator, false)`,
         ].join(' AND ')})`,
        params,
      );
      const failing = await db.query<Omit<Observation, 'source'> & { source_row: number }>(`SELECT * FROM ${failingTable}`);
      if (failing.length > 0) await remove(`SELECT source_row FROM ${failingTable}`);
      await db.query(`DROP TABLE ${failingTable}`);
      // With no row failing, what the rows held cover is what the summary found; otherwise it is counted again.
      if (failing.length === 0) {
        result.words = { metric: distinctOf(byBreakdown, 'metric'), area_code: named, period_type: distinctOf(byType, 'period_type'), breakdown: distinctOf(byBreakdown, 'breakdown'), source_file: [name] };
        if (everyHeld) {
          result.firstSeen = {
            metric: firstOf(readByBreakdown, 'metric'), area_code: firstOf(readByArea, 'area_code'), period_type: firstOf(readByType, 'period_type'),
            breakdown: firstOf(readByBreakdown, 'breakdown'), source_file: [name],
          };
        }
      }
      held.areaCodes = failing.length === 0 ? named : (await db.query<{ code: string }>(`SELECT DISTINCT area_code AS code FROM ${table}`)).map((r) => r.code);
      held.periodStarts = (failing.length === 0
        ? byPeriod.map((r) => ({ start: r.period_start, rows: r.rows })) // (a start's rows are summed)
        : await db.query<{ start: string; rows: number }>(`SELECT strftime(period_start, '%Y-%m-%d') AS start, rows FROM (SELECT period_start, count(*) AS rows FROM ${table} GROUP BY period_start)`)).map((r) => [r.start, Number(r.rows)]);
      const line = (source: string) => Number(source.slice(source.lastIndexOf(':') + 1));
      return [...rows, ...failing.map(({ source_row, ...o }) => ({ ...o, source: `${name}:${source_row}` }))].sort((a, b) => line(a.source) - line(b.source));
    },
  };
  return result;
}
