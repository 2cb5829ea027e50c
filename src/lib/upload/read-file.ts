// A file chosen on the upload page, read and checked as the pipeline reads it, one of two ways
// that give the same report and the same rows (tests/unit/upload-read.test.ts):
//  - a canonical observations file in plain form is read by the page's DuckDB, as the pipeline
//    reads one (ingest/canonical-sql.ts): the rows plainly right stay in DuckDB, typed, and come
//    back as the columns of the stored Arrow IPC without becoming JavaScript objects; the rest
//    go to the JavaScript reader and checks, so each refusal names its file, row and column;
//  - every other file (the published layouts, and whatever DuckDB leaves) is read in JavaScript,
//    in the page's worker (read.worker.ts).
import type { AdapterContext } from '../adapters/types';
import { columnsToArrowIpc, extractColumnSpecs, toArrowIpc, type ExtractColumn } from '../contract/arrow';
import type { CsvRow } from '../contract/csv';
import { TABLE_NAMES, type Area, type TableName } from '../contract/schema';
import { columnsOf } from '../db/arrow-columns';
import { enumCode } from '../sql/literal';
import type { Engine } from '../db/prepare';
import type { Metric } from '../definitions/metric';
import { metricsFromRows } from '../definitions/parse';
import { groupingOf, readObservationsInDuckDb, readingTables } from '../ingest/canonical-sql';
import { reportFor, type FileReport, type HeldRows } from '../ingest/ingest';
import { checkRows } from '../ingest/merge';
import { noteEncoding, readRecognised, recogniseText, type SourceRead } from '../ingest/read-source';

/** What the page shows and keeps of a file: its report and its accepted rows, a table each. */
export interface FileRead {
  report: FileReport;
  ipc: Record<TableName, Uint8Array>;
}

/** The areas and definitions a file's rows are checked against: the page's and the file's own. */
function known(read: SourceRead, areas: Area[], metrics: readonly Metric[]) {
  const codes = new Set([...areas, ...read.result.tables.areas].map((a) => a.area_code));
  // A definitions file's own metrics join those in force, for the rows beside them.
  const definitions = new Map([...metrics, ...metricsFromRows(read.result.tables.metrics)].map((m) => [m.id, m]));
  return { codes, definitions };
}

/**
 * The file's report and its accepted rows as Arrow IPC, once checked. `observations`: the
 * observations' IPC and count where DuckDB holds them, with `held`, what the rows it held cover.
 */
function fileRead(read: SourceRead, { batch, errors }: ReturnType<typeof checkRows>, observations?: { ipc: Uint8Array; rows: number; held: HeldRows }): FileRead {
  const ipc = Object.fromEntries(TABLE_NAMES.map((n) => [n, n === 'observations' && observations ? observations.ipc : toArrowIpc(n, batch.tables[n])])) as Record<TableName, Uint8Array>;
  const rows = TABLE_NAMES.reduce((n, t) => n + (t === 'observations' && observations ? observations.rows : batch.tables[t].length), 0);
  // Revised and unchanged rows are told apart on the page, against what DuckDB holds.
  const report = reportFor(read, batch, [...read.result.errors, ...errors], { accepted: rows, revised: 0, unchanged: 0 }, observations?.held);
  return { report, ipc };
}

/** Reads a file's text in JavaScript (`split`: the worker's PapaParse, in chunks). `note`: how it was decoded. */
export function readText(name: string, text: string, note: string | null, areas: Area[], metrics: readonly Metric[], split?: (text: string) => CsvRow[]): FileRead {
  const read = readRecognised(recogniseText(name, text, split), { areas });
  noteEncoding(read, note);
  const { codes, definitions } = known(read, areas, metrics);
  return fileRead(read, checkRows({ file: name, tables: read.result.tables }, codes, definitions));
}

/**
 * A file DuckDB read (readInDuckDb): its report, and its accepted observations left in table
 * `table` (the extract's columns, and maybe more). The observations' stored Arrow IPC is made only
 * when asked (`stored`), so that the report need not wait for it: a million rows' took DuckDB-WASM
 * 0.5-1 processor-s, which the reader of the report does not need and Add does.
 */
export interface HeldRead {
  report: FileReport;
  /** Every table's IPC but the observations': those of a file DuckDB reads are empty. */
  ipc: Omit<Record<TableName, Uint8Array>, 'observations'>;
  table: string;
  /** How many rows `table` holds, and every area code among them. */
  rows: number;
  areaCodes: string[];
  /**
   * Asks DuckDB at once for `table`'s rows (or those of `from`, where they were moved: the same
   * rows in the same order, its other columns maybe dropped) as the extract stores them; once
   * answered, nothing more is read from it (the caller may take or drop it), and `ipc()` writes
   * the very bytes toArrowIpc would write for the same rows read in JavaScript. Asked once,
   * before anything changes the rows.
   */
  stored(from?: string): Promise<StoredRows>;
}

/**
 * An upload's observations as stored: `ipc()` writes them, and `columns` are those very columns
 * (text as codes into each one's dictionary), for a caller that reads them without the bytes.
 */
export interface StoredRows {
  ipc: () => Uint8Array;
  columns: Record<string, ExtractColumn>;
}

/** Every table's IPC, the observations' made from a HeldRead's table (for tests and callers that want it all at once). */
export async function allIpc(read: HeldRead): Promise<Record<TableName, Uint8Array>> {
  const rows = await read.stored();
  return { ...read.ipc, observations: rows.ipc() };
}

/**
 * Reads a canonical observations file (`header`: plainObservationsHeader's) with `db`'s CSV reader
 * from `path`, as the pipeline does (`bytes`: the file, or its start with the whole in `whole`:
 * ReadOptions.whole). The accepted observations are left in table `table`, for the
 * page to compare with what it holds, store (HeldRead.stored) and then take or drop. Null when
 * DuckDB leaves the whole file to JavaScript (readObservationsInDuckDb).
 */
export async function readInDuckDb(
  db: Engine, n: number, name: string, path: string, header: string[], bytes: Uint8Array, areas: Area[], metrics: readonly Metric[], whole?: Promise<Uint8Array>,
): Promise<HeldRead | null> {
  try {
    return await readHeld(db, n, name, path, header, bytes, areas, metrics, whole);
  } catch (e) {
    // The page's engine outlives a failed reading: nothing of it is left behind.
    for (const t of [...readingTables(n), `upload_observations_${n}`, `upload_observations_${n}_js`]) await db.query(`DROP TABLE IF EXISTS ${t}`).catch(() => {});
    throw e;
  }
}

async function readHeld(
  db: Engine, n: number, name: string, path: string, header: string[], bytes: Uint8Array, areas: Area[], metrics: readonly Metric[], whole?: Promise<Uint8Array>,
): Promise<HeldRead | null> {
  const held = await readObservationsInDuckDb(db, n, name, path, header, bytes, { whole });
  if (!held) return null;
  const context: AdapterContext = { areas: [...areas] };
  const read = held.reader.read(context);
  const { codes, definitions } = known(read, areas, metrics);
  read.result.tables.observations = await held.check({ codes, metrics: definitions }, read.result.tables.observations);
  const rows = checkRows({ file: name, tables: read.result.tables }, codes, definitions);
  // The rows the JavaScript checks accepted (if any) join those DuckDB holds.
  let table = held.table;
  const joined = rows.batch.tables.observations.length > 0;
  if (joined) {
    table = `upload_observations_${n}`;
    const columns = extractColumnSpecs('observations').map((s) => s.name).join(', ');
    await db.query(`DROP TABLE IF EXISTS ${table}_js`);
    await db.insertArrow(`${table}_js`, toArrowIpc('observations', rows.batch.tables.observations));
    await db.query(`CREATE OR REPLACE TABLE ${table} AS SELECT ${columns} FROM ${held.table} UNION ALL BY NAME SELECT ${columns} FROM ${table}_js`);
    await db.query(`DROP TABLE ${table}_js`);
    await db.query(`DROP TABLE ${held.table}`);
  }
  const [{ count }] = (await db.query<{ count: number }>(`SELECT count(*) AS count FROM ${table}`)) as [{ count: number }];
  const { report, ipc } = fileRead(read, rows, { ipc: new Uint8Array(0), rows: Number(count), held: held.reader.held! });
  const { observations: _, ...others } = ipc;
  // Where the rows DuckDB held are all there is, the reading knows each word's first row already.
  const firstSeen = joined ? null : held.firstSeen;
  let asked = false;
  return {
    report,
    ipc: others,
    table,
    rows: Number(count),
    areaCodes: [...new Set([...held.reader.held!.areaCodes, ...rows.batch.tables.observations.map((o) => o.area_code)])],
    stored(from = table) {
      if (asked) throw new Error(`${name}: its stored rows were asked for twice`);
      asked = true;
      return storedRows(db, from, firstSeen, !joined);
    },
  };
}

/** The most words of one column written into a query as an ENUM (storedRows). */
const ENUM_WORDS = 20_000;

/**
 * A table of observations (source_row the line) as the extract's Arrow IPC, rows in the file's
 * order and text coded by first appearance: the very bytes toArrowIpc writes for the same rows
 * read in JavaScript. Text crosses over once per distinct word; the rest as memory. `firstSeen`:
 * each text column's words in the order of the rows that first give them, where known;
 * `inFileOrder`: whether the table was made with its rows in the file's order.
 */
async function storedRows(db: Engine, table: string, firstSeen: Record<string, string[]> | null, inFileOrder: boolean): Promise<StoredRows> {
  const specs = extractColumnSpecs('observations');
  const texts = specs.filter((s) => s.kind === 'text').map((s) => s.name);
  const columns: Record<string, ExtractColumn> = {};
  const joins: string[] = [];
  const dicts: string[] = [];
  const codes: Record<string, string> = {};
  // Each text column's words with the line each first comes on, from one scan of the rows (a query
  // of its own for each column was a scan each: 50-130 processor-ms more at 1M rows), unless the
  // reading knows them (0.2 processor-s at 1M rows).
  const firsts = firstSeen ? null : await db.query<Record<string, string | null> & { g: number; first: number }>(
    `SELECT grouping(${texts.join(', ')}) AS g, ${texts.join(', ')}, min(source_row) AS first FROM ${table} GROUP BY GROUPING SETS (${texts.map((c) => `(${c})`).join(', ')})`,
  );
  // Text columns whose every row is known to hold the one word (code 0): not asked for.
  const single = new Set<string>();
  for (const name of texts) {
    const g = groupingOf([name], texts);
    const words = firstSeen?.[name] ?? firsts!.filter((r) => Number(r.g) === g && r[name] != null).sort((a, b) => Number(a.first) - Number(b.first)).map((r) => r[name]!);
    columns[name] = { values: new Int32Array(0), valid: null, dictionary: words };
    // Where the reading knows the words (firstSeen: every row it read is held, and a held row has
    // every key and its file's name), a column of one word is that word in every row: each text
    // column asked for cost DuckDB-WASM 40-50 ms at 1M rows (a file's metric, period type and name).
    if (firstSeen && words.length === 1) single.add(name);
    // A cast to an ENUM of the words in code order gives each row its code without a join over
    // every row (a million rows: five hash joins); a dictionary too long to write into the query
    // is joined.
    else if (words.length === 0) codes[name] = 'NULL::INTEGER';
    else if (words.length <= ENUM_WORDS) codes[name] = enumCode(`o.${name}`, words);
    else {
      const dict = `${table}_dict_${name}`;
      dicts.push(dict);
      await db.query(`CREATE OR REPLACE TABLE ${dict} AS SELECT ${name} AS word, CAST(row_number() OVER (ORDER BY min(source_row)) - 1 AS INTEGER) AS code FROM ${table} WHERE ${name} IS NOT NULL GROUP BY ${name}`);
      joins.push(`LEFT JOIN ${dict} d_${name} ON d_${name}.word = o.${name}`);
      codes[name] = `d_${name}.code`;
    }
  }
  const select = `SELECT ${specs.filter((s) => !single.has(s.name)).map((s) => (s.kind === 'text' ? `${codes[s.name]} AS ${s.name}` : `o.${s.name}`)).join(', ')} FROM ${table} o ${joins.join(' ')}`;
  // A table made in the file's order (the rows DuckDB held alone, read in order and deleted from)
  // gives its rows in that order unless joined: then they are not sorted again (ORDER BY cost
  // 0.15-0.5 processor-s at 1M rows). The lines tell: rows that came otherwise are asked for sorted.
  const unsorted = inFileOrder && dicts.length === 0;
  let read = columnsOf(await db.queryTable(unsorted ? select : `${select} ORDER BY o.source_row`));
  if (unsorted && !ascending(read.source_row!.values as Int32Array)) read = columnsOf(await db.queryTable(`${select} ORDER BY o.source_row`));
  for (const dict of dicts) await db.query(`DROP TABLE ${dict}`);
  const rows = read.source_row!.values.length;
  for (const s of specs) columns[s.name] = single.has(s.name) ? { ...columns[s.name]!, values: new Int32Array(rows) } : { ...columns[s.name], values: read[s.name]!.values, valid: read[s.name]!.valid };
  return { ipc: () => columnsToArrowIpc('observations', columns), columns };
}

/** Whether lines come in rising order (each row's line is its own). */
function ascending(lines: Int32Array): boolean {
  for (let i = 1; i < lines.length; i++) if (lines[i]! <= lines[i - 1]!) return false;
  return true;
}
