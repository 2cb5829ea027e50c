// Record-level files to the contract's observations and hub areas, all in DuckDB: the files are
// read by its CSV reader into typed tables, the metric queries (queries.ts) count them by place,
// hub and month, and only those counts come back. Engine-agnostic (native DuckDB in the
// pipeline, DuckDB-WASM on the upload page): the caller makes the files readable by the names
// given here.
import type { Connector } from '../db/connector';
import type { CellError } from '../contract/errors';
import type { Area, Observation } from '../contract/schema';
import { HUB_MAP_COLUMNS, type HubMapRow } from './hub-map';
import { hubPopulations, type HubPopulations } from './hub-populations';
import type { RegisteredFile } from './registered';
import { createSql, loadSql, namedTwice, recordsSql, EVENTS, RECORD_LAYOUTS, SPELLS, type RecordFile, type RecordLayout } from './layouts';
import { dateFormWords } from './date-forms';
import { blankRows, checkErrors, mixedLineEndsError, refusedRowsSql, refusedWhere } from './checks';
import { toCanonicalCsv } from '../contract/write-csv';
import { COLUMNS } from '../contract/schema';

export type { RecordFile };
import type { Metric } from '../definitions';
import { COUNTED_TABLES, DISCHARGED_ADULTS, DISTRICT_COUNTIES_SQL, HUB_AREAS_SQL, METRIC_QUERIES, NEIGHBOUR_SHARE, PLACE_HUBS_SQL, PLACE_TABLES, PLACED_SQL, READY_DATES_SQL, READY_IN_SPELL, RECORD_MONTHS_SQL, RECORD_WINDOWS_SQL, HELD_SHARE, rollupSql, uncoveredSql } from './queries';
import { periodLabel } from '../format';
import { sqlText } from '../sql/literal';

export interface RecordAggregates {
  /** Empty when `observationsCsv` holds them (AggregateOptions.csv). */
  observations: Omit<Observation, 'source'>[];
  /**
   * With AggregateOptions.csv: the observations (empty age bands added, withEmptyBands) as the
   * canonical CSV, the very bytes toCanonicalCsv writes of them with `source` empty.
   */
  observationsCsv?: string;
  hubs: Area[];
  /** Per file: what was read and where its records went, in words (no identifier, no value). */
  notes: Map<string, string[]>;
  /** What the hub map left to the records (hubs given no place), in words: codes and counts of hubs only. */
  mapNotes: string[];
  errors: CellError[];
  /** With AggregateOptions.beside: resolves once `notes` is complete and the records' tables are dropped. */
  noted?: Promise<void>;
  /** With AggregateOptions.registered: the hubs' populations from the lists of registered patients. */
  populations?: HubPopulations;
}

const n = (x: unknown) => Number(x).toLocaleString('en-GB');
/** A count and its noun, singular for one: "1 row is", "2 rows are". */
const howMany = (x: unknown, one: string, many: string) => `${n(x)} ${Number(x) === 1 ? one : many}`;

const TYPE_WORDS: Record<string, string> = { DATE: 'a date', INTEGER: 'a whole number', VARCHAR: 'text' };

/** A refused cell in words that never repeat what the cell held (it may be an identifier). */
function rejectMessage(layout: RecordLayout, column: string | null, errorType: string, dateFormat: string): string {
  const field = layout.fields.find((f) => f.name.toLowerCase() === (column ?? '').toLowerCase());
  if (errorType === 'CAST' && field) return `is not ${TYPE_WORDS[field.type]}${field.type === 'DATE' ? ` (${dateFormWords(dateFormat)}: the form of the first dates in the file)` : ''}; the row was not counted`;
  if (errorType === 'MISSING COLUMNS') return 'has fewer cells than the header; the row was not counted';
  if (errorType === 'INVALID ENCODING') return 'is not UTF-8 text (save the file as "CSV UTF-8"); the row was not counted';
  if (errorType === 'TOO MANY COLUMNS') return 'has more cells than the header; the row was not counted';
  return `could not be read (${errorType.toLowerCase()}); the row was not counted`;
}

/**
 * Writes the hub map into table hub_map as one text (a row's cells joined by U+001E, rows by U+001F)
 * that DuckDB splits: a statement of VALUES is parsed and bound cell by cell (the ePCN sheet's 6,751
 * practices took 151 processor-ms in native DuckDB and 307 in DuckDB-WASM, as one text 10 and 20).
 * A map with a cell holding either separator, which would not split back as it was, goes as VALUES.
 */
async function insertHubMap(db: Connector, rows: HubMapRow[]): Promise<void> {
  await db.query(`CREATE OR REPLACE TABLE hub_map (${HUB_MAP_COLUMNS.map((c) => `${c} VARCHAR`).join(', ')})`);
  // Practice and council codes in capitals, as the records' are read (layouts.ts RecordField.code).
  // A row with no practice (placesOnlyHubMap's, one per place) holds none (null; '' in the text,
  // where no practice is ''): a record's practice cell of spaces alone is read as '' (upper(trim())),
  // and '' would join every such row, the record counted once per place and in a hub coded ''.
  const cells = rows.map((r) => HUB_MAP_COLUMNS.map((c) => (c === 'practice_code' && r[c].trim() === '' ? null : c === 'practice_code' || c === 'place_code' ? r[c].toUpperCase() : r[c])));
  if (cells.length === 0) return;
  if (!cells.some((row) => row.some((v) => v !== null && /[\x1e\x1f]/.test(v)))) {
    const text = cells.map((row) => row.map((v) => v ?? '').join('\x1e')).join('\x1f');
    const columns = HUB_MAP_COLUMNS.map((c, i) => (c === 'practice_code' ? `nullif(l[${i + 1}], '')` : `l[${i + 1}]`));
    await db.query(`INSERT INTO hub_map SELECT ${columns.join(', ')} FROM (SELECT string_split(unnest(string_split(${sqlText(text)}, chr(31))), chr(30)) AS l)`);
    return;
  }
  for (let i = 0; i < cells.length; i += 1000) {
    const values = cells.slice(i, i + 1000).map((row) => `(${row.map((v) => (v === null ? 'NULL' : sqlText(v))).join(', ')})`);
    await db.query(`INSERT INTO hub_map VALUES ${values.join(', ')}`);
  }
}

type Reject = { line: number; column_name: string | null; error_type: string };

export interface AggregateOptions {
  /**
   * Read each file first without keeping refused rows (about twice as fast), and again keeping
   * them only when a row fails. Only for an engine whose failed query goes nowhere but back here:
   * the browser's DuckDB-WASM worker prints a failed query's error, which quotes the refused row
   * (identifiers and all), to the console.
   */
  quickFirstRead?: boolean;
  /**
   * Another connection to the same engine (the pipeline's): the hub map is written (and its hubs
   * listed) on it while the files are read, and where the rows went (the notes, a scan of every record) is counted on it
   * while the caller goes on with the aggregates (`noted`; the records' tables are dropped once it
   * is done, whatever happens). Without, all of it before this returns.
   */
  beside?: Connector;
  /**
   * The observations wanted only as their canonical CSV (the pipeline's, which ingests them as a
   * file): written by DuckDB, without a JavaScript object for each row (RecordAggregates.observationsCsv).
   */
  csv?: boolean;
  /** Lists of registered patients (registered.ts), readable by their paths: the hubs' populations are made from them. */
  registered?: RegisteredFile[];
}

/** Loads a file into its layout's table: the rows it added (DuckDB's own count) and those it refused. A failed INSERT adds nothing. */
async function load(db: Connector, f: RecordFile, { quickFirstRead = false }: AggregateOptions, early?: Promise<number | null>): Promise<{ read: number; rejects: Reject[] }> {
  const inserted = async (rejects: boolean) => Number((await db.query<{ Count: number }>(loadSql(f, rejects)))[0]?.Count ?? 0);
  if (early) {
    // The quick first read, already started (on either connection): null if it failed.
    const read = await early;
    if (read !== null) return { read, rejects: [] };
  } else if (quickFirstRead) {
    try {
      return { read: await inserted(false), rejects: [] };
    } catch {
      // The message may quote the row: it goes no further, the file is read again keeping refused rows.
    }
  }
  const read = await inserted(true);
  const rejects = await db.query<Reject>('SELECT line, column_name, error_type FROM reject_errors ORDER BY line, column_idx');
  for (const t of ['reject_errors', 'reject_scans']) await db.query(`DROP TABLE IF EXISTS ${t}`);
  return { read, rejects };
}

/**
 * Takes out of the file's just loaded rows those no record can hold (checks.ts), and names them.
 * The table says whether there are any; only then is the file read again, in its order, to find
 * their rows (DuckDB's reader numbers only the rows it refuses itself), and its bytes scanned for
 * the blank lines the reader passed over (each one row more; no bytes given, none is counted).
 */
async function refuseImpossible(db: Connector, f: RecordFile, readerRefused: number[]): Promise<{ rows: number; errors: CellError[] }> {
  const where = refusedWhere(f.layout);
  // Earlier files' rows have been checked already: any row refused now is this file's.
  const rows = Number((await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${f.layout.table} WHERE ${where}`))[0]?.n ?? 0);
  if (rows === 0) return { rows, errors: [] };
  await db.query(`DELETE FROM ${f.layout.table} WHERE ${where}`);
  const [{ order } = { order: true }] = await db.query<{ order: boolean }>("SELECT current_setting('preserve_insertion_order') AS order");
  await db.query('SET preserve_insertion_order = true');
  try {
    const found = await db.query<Record<string, unknown>>(refusedRowsSql(f.layout, `(${recordsSql(f)})`));
    return { rows, errors: checkErrors(f.file, f.layout, found, readerRefused, f.bytes ? await blankRows(f.bytes()) : []) };
  } finally {
    await db.query(`SET preserve_insertion_order = ${order ? 'true' : 'false'}`);
    for (const t of ['reject_errors', 'reject_scans']) await db.query(`DROP TABLE IF EXISTS ${t}`);
  }
}

/**
 * The files' aggregates. Every table and view holding records is dropped before this returns (with
 * `beside`, once `noted` settles), whatever happens: in a page the engine lives on (the SQL page
 * queries it), and the records must not.
 */
export async function aggregateRecords(db: Connector, files: RecordFile[], hubMap: HubMapRow[], metrics: readonly Metric[], options: AggregateOptions = {}): Promise<RecordAggregates> {
  let handedOn = false;
  try {
    const aggregates = await aggregate(db, files, hubMap, metrics, options);
    handedOn = !!aggregates.noted;
    return aggregates;
  } finally {
    if (!handedOn) await dropRecords(db);
  }
}

async function dropRecords(db: Connector): Promise<void> {
  for (const view of ['events_placed', 'spells_in_places']) await db.query(`DROP VIEW IF EXISTS ${view}`);
  for (const table of ['monthly', 'record_months', 'record_windows', ...COUNTED_TABLES, ...PLACE_TABLES, 'rows_by_practice', 'hub_map', 'reject_errors', 'reject_scans', ...RECORD_LAYOUTS.map((l) => l.table)]) await db.query(`DROP TABLE IF EXISTS ${table}`);
}

async function aggregate(db: Connector, files: RecordFile[], hubMap: HubMapRow[], metrics: readonly Metric[], options: AggregateOptions): Promise<RecordAggregates> {
  const notes = new Map<string, string[]>(files.map((f) => [f.file, []]));
  const errors: CellError[] = [];
  for (const layout of RECORD_LAYOUTS) await db.query(createSql(layout));
  type HubArea = { area_code: string; area_name: string; parent_code: string };
  const hubAreas = (on: Connector) => on.query<HubArea>(HUB_AREAS_SQL);
  // Beside the reading of the files, the hub map is written and its hubs listed (a failure is
  // kept to be thrown once the files are read: nothing is left running on the engine).
  const mapping = options.beside ? insertHubMap(options.beside, hubMap).then(() => hubAreas(options.beside!)).then((rows) => ({ rows }), (e: unknown) => ({ e })) : null;
  if (!mapping) await insertHubMap(db, hubMap);
  let listed: HubArea[] | null = null;

  // A spells file and an events file (each read into a table of its own, so each file's checks
  // still see its rows alone) are first read at once, one on each connection, the second once the
  // hub map is written on it: one reader's start and end overlap the other's reading (35-40 ms
  // less at 1M records). What follows (a file read again for its refused rows, the checks, the
  // notes) goes one file at a time, in order, on this connection, as before.
  const early = new Map<RecordFile, Promise<number | null>>();
  const readable = files.filter((f) => namedTwice(f.header).length === 0 && !f.utf16);
  if (options.quickFirstRead && mapping && readable.length === 2 && readable[0]!.layout !== readable[1]!.layout) {
    // (A failed read adds nothing, and its message, which may quote the row, goes no further.)
    const quick = (on: Connector, f: RecordFile) => on.query<{ Count: number }>(loadSql(f, false)).then((r) => Number(r[0]?.Count ?? 0), () => null);
    early.set(readable[0]!, quick(db, readable[0]!));
    early.set(readable[1]!, mapping.then(() => quick(options.beside!, readable[1]!)));
  }

  const firstRows = new Map<RecordFile, number>();
  let reading = true;
  try {
    for (const f of files) {
      if (f.utf16) {
        errors.push({ file: f.file, row: 0, column: '', message: 'is saved as UTF-16 ("Unicode"): save or export it as UTF-8 ("CSV UTF-8" in Excel) and add it again; the file was not read' });
        continue;
      }
      const twice = namedTwice(f.header);
      if (twice.length > 0) {
        errors.push(...twice.map((column) => ({ file: f.file, row: 1, column, message: 'names two columns of the header: rename or remove one; the file was not read' })));
        continue;
      }
      // Where this file's rows begin in its layout's table, when it shares the table with another file (noteWhereRowsWent).
      if (files.filter((g) => g.layout === f.layout).length > 1) firstRows.set(f, Number((await db.query<{ r: number }>(`SELECT coalesce(max(rowid) + 1, 0) AS r FROM ${f.layout.table}`))[0]?.r ?? 0));
      const loaded = await load(db, f, options, early.get(f)).catch((e: unknown) =>
        mixedLineEndsError(f, e, 'file', 'save it again (as "CSV UTF-8" in Excel) and add it again; the file was not read'));
      if ('message' in loaded) {
        errors.push(loaded);
        continue;
      }
      const { read, rejects } = loaded;
      const refusedLines = new Set<string>();
      for (const r of rejects) {
        const whole = r.error_type === 'MISSING COLUMNS' || r.error_type === 'TOO MANY COLUMNS' || !r.column_name;
        const error = { file: f.file, row: Number(r.line), column: whole ? '(whole row)' : r.column_name!, message: rejectMessage(f.layout, r.column_name, r.error_type, f.dateFormat) };
        // DuckDB records a row with too many or too few cells once for each cell it could not place.
        if (refusedLines.size < refusedLines.add(`${error.row}|${error.column}`).size) errors.push(error);
      }
      const refused = await refuseImpossible(db, f, rejects.map((r) => Number(r.line)));
      errors.push(...refused.errors);
      if (read === 0 && rejects.length === 0) errors.push({ file: f.file, row: 0, column: '', message: 'has a header but no data rows' });
      notes.get(f.file)!.push(`Record-level file (${f.layout.label}): ${n(read - refused.rows)} rows read by DuckDB and aggregated; the records themselves are not kept.`);
    }
    reading = false;
  } finally {
    // Nothing is left running on the engine, whatever happened.
    await Promise.all(early.values());
    const mapped = await mapping;
    // A file that failed is the error that goes on (it names the file): the hub map's would hide it.
    if (mapped && 'e' in mapped && !reading) throw mapped.e;
    listed = mapped && 'rows' in mapped ? mapped.rows : null;
  }

  await db.query(DISTRICT_COUNTIES_SQL);
  const mapNotes = hubMap.some((h) => h.place_code === '') ? await placeHubs(db) : [];
  // Hubs placed here were listed beside before they had a place.
  if (mapNotes.length > 0) listed = null;

  const placing = PLACED_SQL.split(';').filter((s) => s.trim());
  const counting = placing.filter((s) => COUNTED_TABLES.some((t) => s.includes(`CREATE OR REPLACE TABLE ${t} AS`)));
  for (const statement of placing.filter((s) => !counting.includes(s))) await db.query(statement);
  if (options.beside && counting.length === 2) {
    // The two tables of counts, one on each connection: each query's start and end overlap the
    // other's scan (about 10 ms less at 1M records). Both are waited for whatever happens.
    const both = await Promise.allSettled([db.query(counting[0]!), options.beside.query(counting[1]!)]);
    for (const r of both) if (r.status === 'rejected') throw r.reason;
  } else for (const statement of counting) await db.query(statement);
  await db.query(`CREATE OR REPLACE TABLE monthly AS ${METRIC_QUERIES.map((q) => `(${q.sql})`).join('\nUNION ALL\n')}`);
  await db.query(RECORD_MONTHS_SQL);
  await db.query(RECORD_WINDOWS_SQL);
  await noteCoverage(db, files, notes, metrics);
  await noteReadyDates(db, files, notes);
  const written = options.csv ? await rolledUpCsv(db, rollupSql(metrics), metrics) : null;
  const observations = written === null ? withEmptyBands(await rolledUp(db, rollupSql(metrics)), metrics) : [];
  // (A rollup DuckDB cannot write as JavaScript would, rare, comes as rows and is written here.)
  const csv = options.csv ? { observationsCsv: written ?? toCanonicalCsv('observations', observations.map((o) => ({ ...o, source: '' }))) } : {};

  // The hubs of the places counted: a map may name many more (the ePCN sheet, every place of the
  // CCGs ccg-places.ts knows), whose hubs would be areas without a figure.
  const places = new Set((await db.query<{ place_code: string }>('SELECT DISTINCT place_code FROM monthly')).map((p) => p.place_code));
  const hubs = (listed ?? (await hubAreas(db)))
    .filter((h) => places.has(h.parent_code))
    .map((h) => ({ area_code: h.area_code, area_name: h.area_name, area_type: 'hub' as const, parent_code: h.parent_code }));
  // (While the records are held: a practice's share of its hub's records decides whether the hub gets a population without it.)
  const populations = options.registered?.length ? { populations: await hubPopulations(db, options.registered, hubs) } : {};

  if (!options.beside) {
    await noteWhereRowsWent(db, files, notes, firstRows);
    return { observations, ...csv, hubs, notes, mapNotes, errors, ...populations };
  }
  const other = options.beside;
  const noted = (async () => {
    try {
      await noteWhereRowsWent(other, files, notes, firstRows);
    } finally {
      await dropRecords(other);
    }
  })();
  // Whoever awaits it sees its failure; until then, it is not a promise nobody handles.
  noted.catch(() => undefined);
  return { observations, ...csv, hubs, notes, mapNotes, errors, noted, ...populations };
}

/**
 * The whole months each layout's records cover (record_windows, as rollupSql judges them, its EDGE_DAYS
 * allowed: each run of months held), the months not held between or beyond them (record_months:
 * none or too few records, a gap or mistyped dates), and the periods of its metrics left out for
 * being covered by it in part (uncoveredSql), added to each file's notes. Months, not days: the
 * first and last days are one record's dates.
 */
async function noteCoverage(db: Connector, files: RecordFile[], notes: Map<string, string[]>, metrics: readonly Metric[]): Promise<void> {
  const windows = await db.query<{ records: string; first: string; last: string }>(`
    SELECT records,
      strftime(CASE WHEN day(s) = 1 THEN date_trunc('month', s) ELSE date_trunc('month', s) + INTERVAL 1 MONTH END, '%Y-%m-%d') AS first,
      strftime(date_trunc('month', e) - INTERVAL 1 MONTH, '%Y-%m-%d') AS last
    FROM (SELECT records, first_day AS s, last_day + INTERVAL 1 DAY AS e FROM record_windows)
    ORDER BY records, s`);
  const months = await db.query<{ records: string; month_no: number; n: number; held: boolean }>('SELECT records, month_no, n, held FROM record_months ORDER BY records, month_no');
  const uncovered = await db.query<{ records: string; period_type: string; period_start: string }>(uncoveredSql(metrics));
  const monthLabel = (m: number) => periodLabel(`${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-01`, 'month');
  for (const f of files) {
    // (A table without a dated record has no month; one whose records all lack an end date, no month held.)
    if (!months.some((m) => m.records === f.layout.table)) continue;
    const mine = windows.filter((x) => x.records === f.layout.table);
    const spans = mine.filter((w) => w.first <= w.last).map((w) => `${periodLabel(w.first, 'month')} to ${periodLabel(w.last, 'month')}`);
    const span = spans.length > 0 ? `cover the months ${[spans.slice(0, -1).join(', '), spans.at(-1)].filter(Boolean).join(' and ')} whole` : 'cover no month whole';
    // Between the first and the last month held, every month not held (a gap); beyond them, those with records.
    const held = months.filter((m) => m.records === f.layout.table && m.held).map((m) => Number(m.month_no));
    const [from, to] = [Math.min(...held), Math.max(...held)];
    const thin = months.filter((m) => m.records === f.layout.table && Number(m.n) > 0 && !m.held).map((m) => Number(m.month_no));
    const gaps = Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i).filter((m) => !held.includes(m));
    const notHeld = [...new Set([...gaps, ...thin])].sort((a, b) => a - b).map(monthLabel);
    const leftOut = uncovered.filter((u) => u.records === f.layout.table).map((u) => periodLabel(u.period_start, u.period_type));
    notes.get(f.file)!.push(
      `The ${f.layout === SPELLS ? 'spells' : 'events'} ${span} (the days both their ${f.layout === SPELLS ? 'admission and discharge' : 'start and end'} dates reach): figures are given only for the months, quarters and years covered whole, since a period covered in part would be counted short.` +
        (notHeld.length > 0 ? ` Not covered for holding no record or under 1 in ${HELD_SHARE} of a usual month's (a gap in the extract, or mistyped dates): ${someOf(notHeld)}.` : '') +
        (leftOut.length > 0 ? ` Left out as covered in part: ${someOf(leftOut)}.` : ''),
    );
  }
}

/**
 * The months, by place, in which fewer than half the adults discharged alive have a Discharge Ready
 * Date within their spell (READY_DATES_SQL), added to each spells file's notes: the discharge
 * metrics count only those, so where trusts were still beginning to record it a month's figure
 * may rest on a few of its discharges; and apart, the months in which none has one (no figure is
 * given there). Places and months only, no count.
 */
async function noteReadyDates(db: Connector, files: RecordFile[], notes: Map<string, string[]>): Promise<void> {
  const spells = files.filter((f) => f.layout === SPELLS);
  if (spells.length === 0) return;
  const months = await db.query<{ place_code: string; month: string; none: boolean }>(READY_DATES_SQL);
  const byPlace = (none: boolean) => {
    const places = new Map<string, string[]>();
    for (const m of months.filter((r) => r.none === none)) places.set(m.place_code, [...(places.get(m.place_code) ?? []), periodLabel(m.month, 'month')]);
    return [...places].map(([place, labels]) => `${place} (${someOf(labels)})`).join('; ');
  };
  const [few, none] = [byPlace(false), byPlace(true)];
  const lines = [
    ...(few ? [`Fewer than half the adults (18+) discharged alive have a Discharge Ready Date within their spell in ${few}. The discharge delay metrics count only those who have one, so there they may not stand for every discharge.`] : []),
    ...(none ? [`No adult (18+) discharged alive has a Discharge Ready Date within their spell in ${none}; the discharge delay metrics give no figure there.`] : []),
  ];
  for (const f of spells) notes.get(f.file)!.push(...lines);
}

/** Up to five codes, and how many more. */
const someOf = (codes: string[]) => (codes.length <= 5 ? codes.join(', ') : `${codes.slice(0, 5).join(', ')} and ${n(codes.length - 5)} more`);

/**
 * Gives the hubs the map left without a place the place where most of their patients in the
 * records live (PLACE_HUBS_SQL), leaves out those with none there, and says which went where.
 */
async function placeHubs(db: Connector): Promise<string[]> {
  const [{ hubs: unplaced } = { hubs: 0 }] = await db.query<{ hubs: number }>("SELECT count(DISTINCT hub_code) AS hubs FROM hub_map WHERE place_code = ''");
  try {
    for (const statement of PLACE_HUBS_SQL.split(';').filter((s) => s.trim())) await db.query(statement);
    const rows = await db.query<{ kept: boolean; place_code: string; hubs: string }>(
      "SELECT kept, place_code, string_agg(hub_code, ', ' ORDER BY hub_code) AS hubs FROM hub_places GROUP BY kept, place_code ORDER BY place_code",
    );
    const listOf = (ps: typeof rows) => ps.map((p) => `${p.place_code}: ${someOf(p.hubs.split(', '))}`).join('; ');
    const [placed, few] = [rows.filter((p) => p.kept), rows.filter((p) => !p.kept)];
    const [count, fewCount] = [placed, few].map((ps) => ps.reduce((k, p) => k + p.hubs.split(', ').length, 0)) as [number, number];
    const left = Number(unplaced) - count - fewCount;
    const parts = [
      ...(count > 0 ? [`${howMany(count, 'was', 'were')} placed in the council where most of ${count === 1 ? 'its' : 'their'} registered patients in these records live (${listOf(placed)})`] : []),
      // A neighbouring council's PCN with a few of this council's residents: counted in its unassigned hub.
      ...(fewCount > 0 ? [`${howMany(fewCount, 'has', 'have')} too few of ${fewCount === 1 ? 'its' : 'their'} patients in the council where most of them live to be one of its hubs (under 1 in ${NEIGHBOUR_SHARE} of its records: another council's PCN, most likely) and ${fewCount === 1 ? 'is' : 'are'} left out, ${fewCount === 1 ? 'its' : 'their'} patients counted in the council's unassigned hub (${listOf(few)})`] : []),
      ...(left > 0 ? [count + fewCount > 0 ? `${howMany(left, 'other has', 'others have')} no patient in these records and ${left === 1 ? 'is' : 'are'} left out` : 'none has a patient in these records'] : []),
    ];
    return [`Hub map: ${howMany(unplaced, 'hub is', 'hubs are')} given no place (PCNs of a CCG this dashboard cannot place, or rows with place_code left blank): ${parts.join('; ')}. Give place_code in your hub map to choose otherwise.`];
  } finally {
    await db.query('DROP TABLE IF EXISTS hub_places');
  }
}

/**
 * Where each file's rows went, and what a run without both layouts cannot count, added to its notes.
 * `firstRows`: where each file's rows begin in a table two files of a layout share (rowids grow
 * with each INSERT and are not used again after a DELETE): each is counted alone.
 */
async function noteWhereRowsWent(db: Connector, files: RecordFile[], notes: Map<string, string[]>, firstRows: Map<RecordFile, number>): Promise<void> {
  // Where the rows went, for the notes: as the metric queries and events_placed place them (the events
  // counted being the service users'), but the rows are first counted by council and practice, and
  // the hub map joined to those counts (one scan with no join, where two scans with joins took
  // about twice the processor time). The spells whose Discharge Ready Date lies outside them are
  // counted in the same scan (a second scan of every spell took 20-30 ms at 1M records).
  const outsideSpell = new Map<RecordFile, number>();
  const layouts = [[SPELLS, 'Der_Postcode_Dist_Unitary_Auth', 'true'], [EVENTS, 'LA_Code', "coalesce(Client_Type = 'Service User', false)"]] as const;
  // Each file's rows, or several files' alone each, by their place in the table (the next one's
  // begin where they end; a file not read, a header naming a column twice, has none).
  const parts = layouts.flatMap(([layout, place, counted]) => {
    const all = files.filter((f) => f.layout === layout);
    const read = all.length > 1 ? all.filter((f) => firstRows.has(f)) : all;
    return read.map((f, i) => {
      const [from, to] = [firstRows.get(f), firstRows.get(read[i + 1]!)];
      return [layout, place, counted, all.length > 1 ? [f] : all, from === undefined ? '' : `WHERE rowid >= ${from}${to === undefined ? '' : ` AND rowid < ${to}`}`] as const;
    });
  });
  for (const [layout, place, counted, mine, rows] of parts) {
    // The spells the discharge metrics leave out for a ready date outside the spell alone.
    const odd = layout === SPELLS ? `, count(*) FILTER (WHERE ${DISCHARGED_ADULTS} AND NOT (${READY_IN_SPELL})) AS odd` : '';
    await db.query(`CREATE OR REPLACE TABLE rows_by_practice AS SELECT ${place} AS place, GP_Practice_Code AS practice, ${counted} AS counted, count(*) AS n${odd} FROM ${layout.table} ${rows} GROUP BY 1, 2, 3`);
    try {
      const placed = await db.query<{ reason: string | null; n: number; in_county: number }>(
        `SELECT CASE WHEN p.place_code IS NULL AND s.place LIKE 'E07%' AND s.place NOT IN (SELECT district FROM district_counties) THEN 'district'
                     WHEN p.place_code IS NULL THEN 'outside' WHEN NOT s.counted THEN NULL WHEN coalesce(s.practice, '') = '' THEN 'missing'
                     WHEN m.place_code IS NULL THEN 'not in the hub map' WHEN m.place_code <> p.place_code THEN 'in another place' END AS reason,
           CAST(sum(s.n) AS BIGINT) AS n, CAST(coalesce(sum(s.n) FILTER (WHERE p.place_code <> s.place AND s.counted), 0) AS BIGINT) AS in_county
         FROM rows_by_practice s
         LEFT JOIN residences p ON p.residence = s.place
         LEFT JOIN hub_map m ON m.practice_code = s.practice AND p.place_code IS NOT NULL
         GROUP BY 1 ORDER BY 1`,
      );
      const outside = Number(placed.find((r) => r.reason === 'outside')?.n ?? 0);
      // SUS writes a two-tier area's district, not the county council that runs social care: a
      // district the dashboard knows counts in its county (its rows that count: a carer's event
      // counts nowhere); another is not counted.
      const district = Number(placed.find((r) => r.reason === 'district')?.n ?? 0);
      const inCounty = placed.reduce((k, r) => k + Number(r.in_county), 0);
      const reasons = placed.filter((r) => r.reason !== null && r.reason !== 'outside' && r.reason !== 'district');
      const unassigned = reasons.map((r) => `${n(r.n)} with the practice ${r.reason}`).join(', ');
      const lines = [
        ...(inCounty > 0 ? [`${howMany(inCounty, 'row gives', 'rows give')} a district (E07) as the council of residence: counted in its county council (E10), which runs adult social care.`] : []),
        ...(district > 0 ? [`${howMany(district, 'row gives', 'rows give')} a district (E07) code that is not one of the districts of April 2019 or April 2021: not counted. Give the code of the council that runs adult social care there: its county council (E10), or the unitary council (E06) that took the district's place (as Dorset's did in April 2019).`] : []),
        ...(outside > 0 ? [`${howMany(outside, 'row is', 'rows are')} of residents of councils the hub map does not name: not counted.`] : []),
        `Rows counted in a place's "unassigned" hub: ${unassigned || 'none'}.`,
      ];
      for (const f of mine) notes.get(f.file)!.push(...lines);
      if (layout === SPELLS) {
        // Of the spells of the places reported, as spells_in_places holds them.
        const [{ n: odd } = { n: 0 }] = await db.query<{ n: number }>('SELECT CAST(coalesce(sum(odd), 0) AS BIGINT) AS n FROM rows_by_practice WHERE place IN (SELECT residence FROM residences)');
        for (const f of mine) outsideSpell.set(f, Number(odd));
      }
    } finally {
      await db.query('DROP TABLE IF EXISTS rows_by_practice');
    }
  }
  for (const [f, odd] of outsideSpell) if (odd) notes.get(f.file)!.push(`${howMany(odd, 'spell has', 'spells have')} a Discharge Ready Date after the discharge or before the admission: left out of the discharge delay metrics.`);
  const hasBoth = [SPELLS, EVENTS].every((l) => files.some((f) => f.layout === l));
  if (!hasBoth) for (const f of files) notes.get(f.file)!.push('ASCOF 2B(1) links spells to social care events by person: give both layouts in the same run to count it.');
}

/**
 * The rollup's rows (in its order), handed over as one text (a row's values joined by U+001E, rows
 * by U+001F) instead of as rows of seven values: converting each value of DuckDB's result to
 * JavaScript was most of the time the rollup took (10,872 rows shaped as the rollup's, in
 * isolation: 22-79 processor-ms, 9-12 as one text; 97,000 rows, the 10M set's: 250-342 against
 * 110-160). Counts come as their text and are read by Number(), which gives the same double; a
 * null count as an empty text (no number is written so). A null code, word or date, or one
 * holding either separator, would not split back as it was: then the rows come as rows, as before.
 */
async function rolledUp(db: Connector, rollup: string): Promise<Omit<Observation, 'source'>[]> {
  const row = (r: Record<string, unknown>): Omit<Observation, 'source'> => ({
    metric: String(r.metric),
    area_code: String(r.area_code),
    period_start: String(r.period_start),
    period_type: r.period_type as Observation['period_type'],
    breakdown: String(r.breakdown),
    numerator: Number(r.numerator),
    denominator: r.denominator == null ? null : Number(r.denominator),
    published_value: null,
    suppressed: false,
  });
  const [joined] = await db.query<{ rows: number; nulls: number; text: string | null }>(
    `SELECT count(*) AS rows, count(*) FILTER (WHERE metric IS NULL OR area_code IS NULL OR period_start IS NULL OR period_type IS NULL OR breakdown IS NULL) AS nulls,
       string_agg(concat_ws(chr(30), metric, area_code, period_start, period_type, breakdown,
         coalesce(CAST(numerator AS VARCHAR), ''), coalesce(CAST(denominator AS VARCHAR), '')), chr(31)
         ORDER BY metric, area_code, period_type, period_start, breakdown) AS text
     FROM (${rollup})`,
  );
  const rows = Number(joined?.rows ?? 0);
  if (rows === 0) return [];
  const lines = Number(joined!.nulls) === 0 ? (joined!.text ?? '').split('\x1f').map((line) => line.split('\x1e')) : [];
  if (lines.length !== rows || lines.some((values) => values.length !== 7)) return (await db.query<Record<string, unknown>>(rollup)).map(row);
  return lines.map(([metric, area_code, period_start, period_type, breakdown, numerator, denominator]) =>
    row({ metric, area_code, period_start, period_type, breakdown, numerator, denominator: denominator === '' ? null : denominator }));
}

/** A text column of the rollup that toCanonicalCsv would write as it is: no null, nothing that makes it quote (write-csv's NEEDS_QUOTES). */
const plainText = (c: string) =>
  `(${c} IS NOT NULL AND NOT (contains(${c}, '"') OR contains(${c}, ',') OR contains(${c}, chr(13)) OR contains(${c}, chr(10)) OR contains(${c}, chr(65279)) OR starts_with(${c}, ' ') OR ends_with(${c}, ' ')))`;
/** A count that JavaScript's String() writes as its digits alone (a whole number below 2^53), or null. */
const wholeNumber = (c: string) => `CASE WHEN isfinite(${c}) AND ${c} = trunc(${c}) AND abs(${c}) < 9007199254740992 THEN CAST(CAST(${c} AS BIGINT) AS VARCHAR) END`;

/**
 * The observations of the rollup, with the empty age bands withEmptyBands adds, as the canonical
 * CSV toCanonicalCsv writes of them (source empty): each line written by DuckDB, and the lines
 * joined by it, in the order of rolledUp's rows, then the added bands in withEmptyBands' order (an
 * area and period's in the order its first row came, the bands in the metric's order). Null when
 * a value would not be written so: a code that is null or needs quotes, a count that is not a whole
 * number (the caller then writes the rows). About 30 ms less than rows, objects and then text at
 * a record set's 10,872 observations.
 */
async function rolledUpCsv(db: Connector, rollup: string, metrics: readonly Pick<Metric, 'id' | 'kind' | 'breakdowns'>[]): Promise<string | null> {
  const bands = metrics.filter((m) => m.kind === 'dsr').flatMap((m) => m.breakdowns.map((b) => b.id).filter((b) => b !== 'total').map((b, i) => `(${sqlText(m.id)}, ${sqlText(b)}, ${i})`));
  const codes = ['metric', 'area_code', 'period_start', 'period_type', 'breakdown'];
  const added = bands.length === 0 ? '' : `
    UNION ALL
    SELECT 1, g.metric, g.area_code, g.period_start, g.period_type, b.band, b.i, 0, NULL
    FROM (SELECT DISTINCT metric, area_code, period_type, period_start FROM r) g
    JOIN (VALUES ${bands.join(', ')}) AS b(metric, band, i) ON b.metric = g.metric
    WHERE NOT EXISTS (SELECT 1 FROM r WHERE r.metric = g.metric AND r.area_code = g.area_code AND r.period_type = g.period_type AND r.period_start = g.period_start AND r.breakdown = b.band)`;
  const [joined] = await db.query<{ rows: number; plain: number; text: string | null }>(
    `WITH r AS (${rollup}),
     lines AS (
       SELECT 0 AS part, metric, area_code, period_start, period_type, breakdown, 0 AS i, numerator, denominator FROM r${added}
     ),
     written AS (SELECT *, ${wholeNumber('numerator')} AS num, ${wholeNumber('denominator')} AS den FROM lines)
     SELECT count(*) AS rows,
       count(*) FILTER (WHERE ${codes.map(plainText).join(' AND ')} AND num IS NOT NULL AND (denominator IS NULL OR den IS NOT NULL)) AS plain,
       string_agg(concat_ws(',', metric, area_code, period_start, period_type, breakdown, num, coalesce(den, ''), '', 'false'), chr(10)
         ORDER BY part, metric, area_code, period_type, period_start, CASE WHEN part = 0 THEN breakdown END, i) AS text
     FROM written`,
  );
  const rows = Number(joined?.rows ?? 0);
  if (Number(joined?.plain ?? 0) !== rows) return null;
  const header = COLUMNS.observations.map((c) => c.name).join(',');
  return rows === 0 ? `${header}\n\n` : `${header}\n${joined!.text}\n`;
}

/**
 * An age-standardised rate needs every age band of an area and period, and records only give the
 * bands where something happened: the others are added as counts of 0 (a zero is not disclosive).
 */
export function withEmptyBands<O extends Omit<Observation, 'source'>>(rows: O[], metrics: readonly Pick<Metric, 'id' | 'kind' | 'breakdowns'>[]): O[] {
  const bandsOf = new Map(metrics.filter((m) => m.kind === 'dsr').map((m) => [m.id, m.breakdowns.map((b) => b.id).filter((b) => b !== 'total')]));
  const held = new Map<string, { first: O; bands: Set<string> }>();
  for (const r of rows) {
    if (!bandsOf.has(r.metric)) continue;
    const k = `${r.metric}|${r.area_code}|${r.period_type}|${r.period_start}`;
    const group = held.get(k) ?? held.set(k, { first: r, bands: new Set() }).get(k)!;
    group.bands.add(r.breakdown);
  }
  const added = [...held.values()].flatMap(({ first, bands }) =>
    bandsOf.get(first.metric)!.filter((b) => !bands.has(b)).map((b) => ({ ...first, breakdown: b, numerator: 0, denominator: null })),
  );
  return [...rows, ...added];
}
