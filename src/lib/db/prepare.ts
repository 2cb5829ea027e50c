// Turns loaded extracts into what pages query: metric_values with ICB sums, filled denominators
// and small numbers suppressed. Shared by the publishing step, the build (prerendered charts) and
// the browser, so all show the very same figures.
import { Bool, Float64, makeData, RecordBatch, Struct, Table, tableFromArrays, tableToIPC, type Data } from 'apache-arrow';
import { indexAreas, type AreaIndex } from '../areas';
import type { Area } from '../contract/schema';
import { bitAt, fixedValues, type ExtractColumn } from '../contract/arrow';
import { rowsToSuppressColumns, type CountColumns } from '../metrics/suppress-columns';
import { AREAS_SQL, BUILD_NAMES, CREATE_LOCAL_LAYER, type BuildSplit, createMetricValues, createPublishedMetricValues, publishedRows, publishedSums, seriesQuery, type BuildNames, type SeriesRow } from '../metrics/queries';
import { allMetrics, type Metric } from '../definitions';
import { toPoints, type Point } from '../metrics/series';
import type { Coverage } from '../metrics/metric-choices';
import type { PeriodsHeld } from '../metrics/bcf-year';
import type { Connector } from './connector';
import { columnsOf } from './arrow-columns';
import { sqlName, sqlText } from '../sql/literal';
import { countColumnsOf, heldOfRows, joinRuleRows, ownObservationSql, ownRowSql, ownRuleRows, type RuleRows } from '../metrics/rule-rows';

export interface Engine extends Connector {
  /** `give`: the caller is done with these bytes, which may go to the engine without a copy (74 MB for a kept build). */
  insertArrow(table: string, ipc: Uint8Array, give?: boolean): Promise<void>;
  /** A query's answer as DuckDB sends it, for a caller that keeps many rows and reads few (db/series-index.ts). */
  queryTable(sql: string, params?: (string | number)[]): Promise<Table>;
}

/**
 * Bumped whenever the tables metric_values is built from, or metric_values itself, change: an
 * upload's rows prepared beside them (upload/prepared-add.ts) stand only while this stays as it was.
 */
let changes = 0;
export const tablesVersion = (): number => changes;
export const tablesChanged = (): void => void changes++;

export async function loadTables(db: Engine, tables: { name: string; bytes: Uint8Array }[]): Promise<void> {
  changes++;
  sumsNow.delete(db);
  // Each step for every table in one query (one round trip to the page's worker, not five).
  await db.query(tables.map(({ name }) => `DROP TABLE IF EXISTS ${name}`).join(';\n'));
  for (const { name, bytes } of tables) await db.insertArrow(name, bytes, true);
  await db.query(CREATE_LOCAL_LAYER.join(';\n'));
}

/**
 * Marks the small counts (and those that would reveal them) as suppressed in metric_values. The
 * publishing step runs it over the full-precision extracts; a page runs it again only over its own
 * uploads layered on the published extract (whose suppressed cells already hold no counts).
 * The rows go to the rule as columns of codes (countColumns), not as row objects, and come back as
 * row ids: a million uploaded rows took seconds as objects. `keep`: the rows are fetched with
 * every column, as they stand before suppression, and handed back to be kept (KeptBuild) with the
 * rule's answer written into that copy (markedCopy): one copy out of DuckDB serves both (a million
 * rows: 0.65-0.9 s for the rule's columns alone, then about as much again for keeping every
 * column), and a page load marks nothing (four queries, one an UPDATE of 170,000 of 1.17M rows,
 * each load). `stop`: throws
 * where the work is no longer wanted (a prepared add discarded), between its steps; `meanwhile`
 * is called once the rows are fetched, to send DuckDB work it does while the page runs the rule.
 * `own`: an upload's own rows in `table`, as the rule reads them, which are then not fetched
 * (prepareWholeBuild). `read`: given the rule's rows before the rule runs.
 */
async function suppressSmallCounts(
  db: Engine, areas: AreaIndex, threshold: number, metrics: readonly Metric[], table = 'metric_values', keep = false, stop: () => void = () => {}, meanwhile = () => {},
  own?: OwnRows, read: (rows: RuleRows) => void = () => {},
): Promise<KeptTable | undefined> {
  // With an upload's own rows in hand, only the others are fetched.
  const fetched = await countColumns(db, table, keep && !own, own ? `NOT ${ownRowSql(own.rebuilt)}` : '');
  stop();
  meanwhile();
  // For the benchmark: how suppressing splits between fetching the rows, the rule and marking them.
  performance.mark('bcf:counts-fetched');
  const ruleRows = fetched && own ? joinRuleRows(fetched.rows, own.rows) : (fetched?.rows ?? own?.rows);
  if (ruleRows) read(ruleRows);
  const columns = ruleRows ? countColumnsOf(ruleRows) : null;
  const hidden = columns ? rowsToSuppressColumns(columns, areas, threshold, (id) => metrics.find((m) => m.id === id)) : new Int32Array(0);
  performance.mark('bcf:suppression-decided');
  // Rows before `others` are the fetched ones (by rowid), the rest the upload's own (by line).
  const others = fetched?.rows.length ?? 0;
  const rowids = fetched ? Int32Array.from(hidden.filter((i) => i < others), (i) => fetched.rowids[i]!) : new Int32Array(0);
  const lines = own ? Int32Array.from(hidden.filter((i) => i >= others), (i) => own.lines[i - others]!) : undefined;
  // DuckDB marks the table while the page marks its copy (0.1 and 0.3 s for a million rows).
  const marking = markSuppressed(db, table, rowids, own && lines ? { lines, rebuilt: own.rebuilt } : undefined);
  const kept = keep && fetched?.kept && columns ? { name: table, columns: fetched.kept.columns, ipc: markedCopy(fetched.kept.table, columns, hidden) } : undefined;
  await marking;
  if (!keep) return undefined;
  // No rows: nothing was fetched to keep (the table, marked, is kept as it stands).
  return kept ?? keepTable(db, table);
}

/** A column's validity as a byte a row (1: a value), its `length` rows all valid where it has no bitmap. */
function validFlags(col: { valid: Uint8Array | null }, length: number): Uint8Array {
  const out = new Uint8Array(length).fill(1);
  if (col.valid) for (let i = 0; i < length; i++) out[i] = bitAt(col.valid, i);
  return out;
}

/**
 * The rows of `table` (countColumns' copy, in its order) as markSuppressed leaves them once it has
 * marked rows `hidden` (positions in it): those suppressed, and the DSR sums of a total dropped
 * where a band of its area and period is suppressed (its breakdown other than 'total'), as Arrow
 * IPC. Only those three columns are made anew; the others are sent as they came.
 */
function markedCopy(table: Table, cols: CountColumns & { suppressedValid: Uint8Array }, hidden: Int32Array): Uint8Array {
  const n = table.numRows;
  const shut = new Uint8Array(n);
  const shownValid = Uint8Array.from(cols.suppressedValid);
  for (let i = 0; i < n; i++) shut[i] = cols.suppressedValid[i] && cols.suppressed[i] ? 1 : 0;
  for (const i of hidden) shut[i] = shownValid[i] = 1;
  // Each bucket and area with a band suppressed (keys well inside 2^53: buckets and areas < 2^26).
  const total = cols.breakdownIds.indexOf('total');
  const banded = new Set<number>();
  for (let i = 0; i < n; i++) if (shut[i] && cols.breakdown[i] !== total) banded.add(cols.bucket[i]! * cols.areaCodes.length + cols.area[i]!);
  const sums = columnsOf(table.select(['standardised_rate', 'standardised_variance']));
  const [rate, variance] = [sums.standardised_rate!, sums.standardised_variance!];
  const rateValid = validFlags(rate, n), varianceValid = validFlags(variance, n);
  if (banded.size > 0)
    for (let i = 0; i < n; i++)
      if (rateValid[i] && banded.has(cols.bucket[i]! * cols.areaCodes.length + cols.area[i]!)) {
        rateValid[i] = varianceValid[i] = 0;
        rate.values[i] = variance.values[i] = 0;
      }
  const bits = (flags: Uint8Array) => {
    const out = new Uint8Array(((flags.length + 63) >> 6) << 3);
    for (let i = 0; i < flags.length; i++) if (flags[i]) out[i >> 3]! |= 1 << (i & 7);
    return out;
  };
  const nulls = (flags: Uint8Array) => {
    let k = 0;
    for (let i = 0; i < flags.length; i++) k += flags[i] ? 0 : 1;
    return k;
  };
  // Each batch's three columns made anew, its others as they came: a table of new columns
  // (Table.setChildAt) wrote every text column's dictionary again with every batch, 325 MB for 74.
  const made: Record<string, (from: number, to: number) => Data> = {
    suppressed: (from, to) => makeData({ type: new Bool(), length: to - from, nullCount: nulls(shownValid.subarray(from, to)), nullBitmap: bits(shownValid.subarray(from, to)), data: bits(shut.subarray(from, to)) }),
    standardised_rate: (from, to) =>
      makeData({ type: new Float64(), length: to - from, nullCount: nulls(rateValid.subarray(from, to)), nullBitmap: bits(rateValid.subarray(from, to)), data: (rate.values as Float64Array).subarray(from, to) }),
    standardised_variance: (from, to) =>
      makeData({ type: new Float64(), length: to - from, nullCount: nulls(varianceValid.subarray(from, to)), nullBitmap: bits(varianceValid.subarray(from, to)), data: (variance.values as Float64Array).subarray(from, to) }),
  };
  let at = 0;
  const batches = table.batches.map((batch) => {
    const from = at;
    at += batch.numRows;
    const children = table.schema.fields.map((f, j) => made[f.name]?.(from, at) ?? batch.data.children[j]!);
    return new RecordBatch(table.schema, makeData({ type: new Struct(table.schema.fields), length: batch.numRows, nullCount: 0, children }));
  });
  return tableToIPC(new Table(table.schema, batches), 'stream');
}

/**
 * Marks these rows (by rowid, and `own`: an upload's own rows, ownRowSql's, by line) suppressed,
 * and drops the DSR sums that would give them away.
 */
async function markSuppressed(db: Engine, table: string, rowids: Int32Array, own?: { lines: Int32Array; rebuilt: readonly string[] }): Promise<void> {
  if (rowids.length === 0 && !own?.lines.length) return;
  for (const [name, ids, where] of [
    ['suppressed_rows', rowids, 'rowid IN (SELECT r FROM suppressed_rows)'],
    ['suppressed_lines', own?.lines ?? new Int32Array(0), `source_row IN (SELECT r FROM suppressed_lines) AND ${ownRowSql(own?.rebuilt ?? [])}`],
  ] as const) {
    if (ids.length === 0) continue;
    await db.query(`DROP TABLE IF EXISTS ${name}`);
    await db.insertArrow(name, tableToIPC(tableFromArrays({ r: ids }), 'stream'));
    await db.query(`UPDATE ${table} SET suppressed = true WHERE ${where}`);
    await db.query(`DROP TABLE ${name}`);
  }
  // A DSR's sums over its bands are further equations in them: with a band hidden only the rate
  // itself stays (published_value), with no interval, as the published extract will have it.
  await db.query(`UPDATE ${table} t SET standardised_rate = NULL, standardised_variance = NULL
    WHERE t.standardised_rate IS NOT NULL AND EXISTS (SELECT 1 FROM ${table} b
      WHERE b.metric = t.metric AND b.area_code = t.area_code AND b.period_start = t.period_start
        AND b.period_type = t.period_type AND b.breakdown <> 'total' AND b.suppressed)`);
}

/** A text column's codes into the words of the ENUM it was cast to (the Arrow dictionary's indices). */
function codesOf(table: Table, name: string): Int32Array {
  const out = new Int32Array(table.numRows);
  let at = 0;
  for (const d of table.getChild(name)!.data) {
    out.set(fixedValues<Uint8Array | Uint16Array | Uint32Array>(d), at);
    at += d.length;
  }
  return out;
}

/**
 * The rows of `table` (those `where` keeps, SQL) as suppression reads them, in the table's own
 * order (which the rule's answer does not depend on): text columns as codes (cast to an ENUM of
 * their values, which DuckDB sends as an Arrow dictionary), with each row's rowid. `every`: with
 * every column too, as kept (text as dictionaries, keptSelect), in the same order. Null: no rows.
 */
async function countColumns(
  db: Engine, table: string, every = false, where = '',
): Promise<{ rows: RuleRows; rowids: Int32Array; kept?: { columns: string; table: Table } } | null> {
  const keys = ['metric', 'area_code', 'breakdown', 'period_type'];
  const filter = where ? ` WHERE ${where}` : '';
  // The keys as codes whatever their type; to keep, every other text column as a dictionary too.
  const kept = every ? await keptSelect(db, table, keys) : null;
  const words = kept?.words ?? (await wordsOf(db, `${table}${filter}`, keys));
  if (!words.metric?.length) return null;
  const read = kept?.select ?? [...keys.map((k) => asEnum(k, words[k]!)), 'period_start', 'numerator', 'denominator', 'suppressed'];
  const answer = await db.queryTable(`SELECT rowid::INTEGER AS r, ${read.join(', ')} FROM ${table}${filter}`);
  const c = columnsOf(answer.select(['r', 'period_start', 'numerator', 'denominator', 'suppressed']));
  const [metric, area, breakdown, type] = keys.map((k) => codesOf(answer, k));
  const length = c.r!.values.length;
  const validity = (col: (typeof c)[string]) => validFlags(col, length);
  return {
    rowids: c.r!.values as Int32Array,
    rows: {
      length,
      metric: metric!, metricIds: words.metric, periodType: type!, periodTypes: words.period_type!,
      area: area!, areaCodes: words.area_code!, breakdown: breakdown!, breakdownIds: words.breakdown!,
      day: c.period_start!.values as Int32Array,
      numerator: c.numerator!.values as Float64Array, numeratorValid: validity(c.numerator!),
      denominator: c.denominator!.values as Float64Array, denominatorValid: validity(c.denominator!),
      suppressed: c.suppressed!.values as Uint8Array, suppressedValid: validity(c.suppressed!),
    },
    kept: kept ? { columns: kept.columns, table: answer.select(kept.names) } : undefined,
  };
}

/** Each of these text columns' words (nulls aside), from one scan of the table. */
async function wordsOf(db: Engine, table: string, text: string[]): Promise<Record<string, string[]>> {
  if (text.length === 0) return {};
  const [lists] = await db.query<Record<string, string[] | null>>(
    `SELECT ${text.map((c, i) => `list(DISTINCT ${sqlName(c)}) FILTER (WHERE ${sqlName(c)} IS NOT NULL) AS w${i}`).join(', ')} FROM ${table}`,
  );
  return Object.fromEntries(text.map((c, i) => [c, [...(lists?.[`w${i}`] ?? [])]]));
}

/**
 * metric_values as a build over the very same tables left it (suppression applied), kept so that a
 * page load takes it rather than building and suppressing it again (seconds for a million uploaded
 * rows): `recalled`, the tables that build made, or null to build them and hand them to `remember`.
 * Whoever keeps it must give it back only for the same published extract, uploads (in the same
 * order), definitions, threshold and code (upload/suppression-memo.ts's key).
 */
export interface SuppressionMemo {
  recalled: KeptBuild | null;
  remember(build: KeptBuild): Promise<void>;
}

/** The tables a build of metric_values made, suppression applied, each as Arrow IPC with its columns' names and types. */
export interface KeptBuild {
  scope: 'whole' | 'part';
  tables: KeptTable[];
  /** What metric_values holds (queryHeld), which a page load then need not work out again (0.2-0.3 s for a million rows). */
  held?: Held;
}

export interface KeptTable {
  name: string;
  columns: string;
  ipc: Uint8Array;
}

/**
 * What metric_values holds (queryHeld), where the build that made it worked it out to keep it or
 * took it as kept, until metric_values is built again.
 */
const heldNow = new WeakMap<Connector, Held>();

/**
 * Engines whose published sums (publishedSums: the targets in force and DSR sums of the published
 * rows, which the part build's view reads) were made over the tables loaded now. They depend on
 * the published extract and definitions alone, so a part build prepared beside the page's own
 * (preparePartBuild) reads them as they are.
 */
const sumsNow = new WeakSet<Connector>();

/** What each scope of build makes (besides, in part, the published sums it reads: publishedSums). */
const BUILT: Record<KeptBuild['scope'], string[]> = {
  whole: ['all_areas', 'metric_targets', 'metric_values'],
  part: ['all_areas', 'metric_targets', 'metric_values_rebuilt', 'metric_values_scope'],
};

/** metric_values where only part was built again: those rows, and the published ones of every other bucket. */
const PART_METRIC_VALUES = `CREATE VIEW metric_values AS SELECT * FROM metric_values_rebuilt UNION ALL ${publishedRows('metric_values_scope')}`;

/** A table's column names and types, in order, as one text. */
export const columnTypes = async (db: Engine, table: string) =>
  JSON.stringify((await db.query<{ column_name: string; column_type: string }>(`DESCRIBE ${table}`)).map((c) => [c.column_name, c.column_type]));


/** A column as DuckDB is to send it: text cast to an ENUM of its words, which comes as an Arrow dictionary (codes: the words' indices). */
const asEnum = (column: string, words: readonly string[]) => (words.length ? `${sqlName(column)}::ENUM(${words.map(sqlText).join(', ')}) AS ${sqlName(column)}` : sqlName(column));

/**
 * How a table is sent to be kept: its columns' names and types (columnTypes), and a SELECT list of
 * every column, text columns (and `also`, whatever their type) cast to an ENUM of their words. Text
 * as Arrow dictionaries: a million rows of metric_values came to half the bytes (74 MB), and went
 * into DuckDB again faster.
 */
async function keptSelect(db: Engine, table: string, also: readonly string[] = []): Promise<{ columns: string; names: string[]; select: string[]; words: Record<string, string[]> }> {
  const columns = await columnTypes(db, table);
  const all = JSON.parse(columns) as [string, string][];
  const words = await wordsOf(db, table, [...new Set([...also, ...all.filter(([, type]) => type === 'VARCHAR').map(([c]) => c)])]);
  return { columns, names: all.map(([c]) => c), select: all.map(([c]) => (words[c] ? asEnum(c, words[c]) : sqlName(c))), words };
}

/** A table as kept (keptSelect). */
async function keepTable(db: Engine, name: string): Promise<KeptTable> {
  const { columns, select } = await keptSelect(db, name);
  return { name, columns, ipc: tableToIPC(await db.queryTable(`SELECT ${select.join(', ')} FROM ${name}`), 'stream') };
}

/**
 * Puts a kept build's tables back, each with the columns' types it had (Arrow carries most of them;
 * a type it does not, BIGINT sent as DOUBLE say, is cast back), and makes metric_values of them as
 * the build did.
 */
async function restoreBuild(db: Engine, build: KeptBuild, metrics: readonly Metric[]): Promise<void> {
  for (const { name, columns, ipc } of build.tables) {
    await db.query(`DROP TABLE IF EXISTS ${name}`);
    // Put back once: the bytes are not needed after (and went to the worker copied, 74 MB for a million rows).
    await db.insertArrow(name, ipc, true);
    if ((await columnTypes(db, name)) !== columns) {
      const typed = (JSON.parse(columns) as [string, string][]).map(([c, type]) => `${sqlName(c)}::${type} AS ${sqlName(c)}`).join(', ');
      await db.query(`ALTER TABLE ${name} RENAME TO ${name}_kept`);
      await db.query(`CREATE TABLE ${name} AS SELECT ${typed} FROM ${name}_kept; DROP TABLE ${name}_kept`);
    }
  }
  if (build.scope === 'part') {
    await db.query(publishedSums(metrics));
    sumsNow.add(db);
    await db.query(PART_METRIC_VALUES);
  } else sumsNow.delete(db);
}

/**
 * The statement that drops metric_values, whichever it is now (one is a view, the other a table,
 * and neither CREATE OR REPLACE replaces the other kind), or null where there is none.
 */
async function dropMetricValues(db: Connector): Promise<string | null> {
  const [was] = await db.query<{ kind: string }>(
    `SELECT 'VIEW' AS kind FROM duckdb_views() WHERE view_name = 'metric_values' UNION ALL SELECT 'TABLE' FROM duckdb_tables() WHERE table_name = 'metric_values'`,
  );
  return was ? `DROP ${was.kind} metric_values` : null;
}

/**
 * Builds metric_values from the loaded tables and returns the area hierarchy. With a threshold,
 * small numbers are suppressed over the whole set; null leaves the `suppressed` flags as loaded.
 * `published`: the bundled tables are the published extract as it is (a page's), uploads perhaps
 * in the local tables over it. With nothing uploaded metric_values is what was published (a view,
 * nothing recomputed or copied); with uploads that only bring observations (and hubs of their
 * own), only the metrics, period types and period starts they hold are built and suppressed
 * afresh (partialScope), the other rows being the published ones as they are. `memo`: a build kept
 * for these very tables, taken instead of building (with a threshold only), or kept once built.
 */
export async function buildMetricValues(db: Engine, threshold: number | null, published = false, metrics: readonly Metric[] = allMetrics(), memo?: SuppressionMemo): Promise<AreaIndex> {
  changes++;
  const drop = await dropMetricValues(db);
  if (drop) await db.query(drop);
  heldNow.delete(db);
  if (threshold !== null && memo?.recalled) {
    await restoreBuild(db, memo.recalled, metrics);
    if (memo.recalled.held) heldNow.set(db, memo.recalled.held);
    const areas = indexAreas(await db.query<Area & Record<string, unknown>>(AREAS_SQL));
    // For the benchmark (as below): the kept build in place stands for both.
    performance.mark('bcf:metric-values-made');
    performance.mark('bcf:suppressed');
    return areas;
  }
  const scope = published ? await partialScope(db) : 'whole';
  if (scope === 'none') await db.query(createPublishedMetricValues(metrics));
  else if (scope === 'whole') await db.query(createMetricValues(metrics));
  else {
    await db.query(createMetricValues(metrics, { buckets: 'metric_values_scope', into: 'metric_values_rebuilt' }));
    await db.query(publishedSums(metrics));
  }
  if (scope === 'whole') sumsNow.delete(db);
  else sumsNow.add(db);
  const areas = indexAreas(await db.query<Area & Record<string, unknown>>(AREAS_SQL));
  // For the benchmark: how a refresh splits between making metric_values and suppressing in it.
  performance.mark('bcf:metric-values-made');
  const keep = threshold !== null && memo !== undefined && scope !== 'none';
  const built = scope === 'part' ? 'metric_values_rebuilt' : 'metric_values';
  const kept = threshold !== null ? await suppressSmallCounts(db, areas, threshold, metrics, built, keep) : undefined;
  if (scope === 'part') {
    // A view, as with nothing uploaded: copying the published rows into one table took longer than
    // building the rest (0.3-0.5 s for the demo's 172,765 rows in Node).
    await db.query(PART_METRIC_VALUES);
  }
  performance.mark('bcf:suppressed');
  if (keep && kept) {
    const tables: KeptTable[] = [];
    for (const name of BUILT[scope]) tables.push(name === built ? kept : await keepTable(db, name));
    // Worked out now rather than just after (the page asks for it at once), to be kept with the build.
    const held = await queryHeld(db);
    heldNow.set(db, held);
    await memo.remember({ scope, tables, held });
    // For the benchmark: keeping it for the next page load.
    performance.mark('bcf:metric-values-kept');
  }
  return areas;
}

/** An upload's own rows (ownRuleRows'), and the metrics whose rows of it are not among them (rebuiltMetrics'). */
export interface OwnRows {
  rows: RuleRows;
  lines: Int32Array;
  rebuilt: readonly string[];
}

/** An upload's stored columns (read-file.ts' StoredRows), and the metrics whose rows of it are not its own (rebuiltMetrics'). */
export interface OwnColumns {
  columns: Record<string, ExtractColumn>;
  rebuilt: readonly string[];
}

/**
 * A whole build of metric_values (suppression applied) made beside the page's own, into tables
 * of other names (`names`, reading the uploads' observations from names.localObservations), with
 * what it holds, for adoptBuild to put in place. The same tables as buildMetricValues makes with
 * those observations in local_observations (tests/unit/prepared-add.test.ts). Only the rule's
 * columns are fetched: the build is kept for the next page load (keepWholeBuild) once it is in
 * place and the page has drawn it, not before (every column of a million rows: 0.4-0.8 s more
 * before Add could put it in place). `stop`: as suppressSmallCounts'; `meanwhile`: called once
 * the rule's columns are fetched, to send DuckDB work it does while the page runs the rule.
 * `ownColumns`: where names.localObservations holds one upload's rows alone, their stored
 * columns: those rows the build takes as they are (ownRowSql) are read from them by the rule, and
 * only the others are made and fetched before the rule, the own rows being put in while it runs
 * (BuildSplit).
 */
export interface PreparedBuild {
  names: BuildNames;
  areas: AreaIndex;
  held: Held;
}

export async function prepareWholeBuild(
  db: Engine, threshold: number, metrics: readonly Metric[], names: BuildNames, stop: () => void = () => {}, meanwhile: () => void = () => {}, ownColumns?: OwnColumns,
): Promise<PreparedBuild> {
  // With the own rows in hand, the others are made first, fetched for the rule and the own rows
  // put in beside them while the page runs the rule (copying a million rows: most of the build).
  const split = (part: BuildSplit['part']) => (ownColumns ? { own: ownObservationSql(ownColumns.rebuilt), part } : undefined);
  const made = db.query(createMetricValues(metrics, undefined, names, split('others')));
  // The own rows picked out of the stored columns while DuckDB makes the others.
  const picked = ownColumns ? ownRuleRows(ownColumns.columns, ownColumns.rebuilt) : null;
  const own = picked && ownColumns ? { ...picked, rebuilt: ownColumns.rebuilt } : undefined;
  await made;
  stop();
  // Rows that cannot be told apart by line: in with the others, and fetched with them.
  if (ownColumns && !own) await db.query(createMetricValues(metrics, undefined, names, split('own')));
  const areas = indexAreas(await db.query<Area & Record<string, unknown>>(AREAS_SQL.replace('FROM all_areas', `FROM ${names.allAreas}`)));
  performance.mark('bcf:metric-values-made');
  // What metric_values holds (which suppression does not change), asked of DuckDB while the page runs the rule.
  let held: Promise<Held> | undefined;
  let ownIn: Promise<unknown> = Promise.resolve();
  const ask = () => {
    if (own) (ownIn = db.query(createMetricValues(metrics, undefined, names, split('own')))).catch(() => {});
    // (With the own rows, the rule's rows are every row of the build: what they hold is worked out from them.)
    else (held = heldIn(db, names.metricValues)).catch(() => {});
    meanwhile();
  };
  await suppressSmallCounts(db, areas, threshold, metrics, names.metricValues, false, stop, ask, own, (rows) => {
    if (own) held = Promise.resolve(heldOfRows(rows));
  });
  await ownIn;
  performance.mark('bcf:suppressed');
  const built = { names, areas, held: await held! };
  stop();
  return built;
}

/**
 * A whole build in place (adoptBuild's, suppression applied) as kept for the next page load: the
 * same tables as buildMetricValues keeps (BUILT.whole), each as it stands. `held`: what it holds.
 */
export async function keepWholeBuild(db: Engine, held: Held): Promise<KeptBuild> {
  const tables: KeptTable[] = [];
  for (const name of BUILT.whole) tables.push(await keepTable(db, name));
  return { scope: 'whole', tables, held };
}

/**
 * Puts a prepared build in the place of the page's own tables (and first runs `before`, the local
 * layer's own change, upload/local-layer.ts), all in one transaction sent as one query, so the
 * charts' queries are answered either before or after it, never in between; a failure leaves
 * everything as it was.
 */
export async function adoptBuild(db: Engine, build: PreparedBuild, before: string[] = []): Promise<void> {
  const drop = await dropMetricValues(db);
  const steps = [
    ...before,
    ...(drop ? [drop] : []),
    ...(['allAreas', 'metricTargets', 'metricValues'] as const).flatMap((n) => [
      ...(n === 'metricValues' ? [] : [`DROP TABLE IF EXISTS ${BUILD_NAMES[n]}`]),
      `ALTER TABLE ${build.names[n]} RENAME TO ${BUILD_NAMES[n]}`,
    ]),
  ];
  await putInPlace(db, steps, build.held);
}

/** Runs a prepared build's `steps` (the renames putting it in place) in one transaction, sent as one query; a failure leaves everything as it was. */
async function putInPlace(db: Engine, steps: string[], held: Held): Promise<void> {
  try {
    await db.query(['BEGIN TRANSACTION', ...steps, 'COMMIT'].join(';\n'));
  } catch (e) {
    await db.query('ROLLBACK').catch(() => {});
    throw e;
  }
  changes++;
  heldNow.set(db, held);
}

/** The tables a part build prepared beside the page's own makes (and reads: the uploads' observations and areas, and the buckets they hold). */
export interface PartNames extends BuildNames {
  localAreas: string;
  scope: string;
}

/** A part build prepared beside the page's own (preparePartBuild's), for adoptPartBuild. */
export interface PreparedPart {
  names: PartNames;
  areas: AreaIndex;
  held: Held;
}

/** metric_values of a part build whose rebuilt rows and buckets are in these tables (PART_METRIC_VALUES, before they are renamed). */
const partValues = (names: PartNames) => `SELECT * FROM ${names.metricValues} UNION ALL ${publishedRows(names.scope)}`;

/**
 * The part build buildMetricValues makes (suppression applied) with the uploads' observations and
 * areas in names.localObservations and names.localAreas, made beside the page's own tables, into
 * tables of other names (the rebuilt rows into names.metricValues), with what it holds, for
 * adoptPartBuild to put in place; null, with nothing made, where those tables make a whole build
 * (partialScope), or the page's published sums were not made over the tables loaded now. A
 * record set's 10,000 aggregates over the published extract are such a build (0.3-0.5 s after Add
 * in the page). The same tables as buildMetricValues makes (tests/unit/prepared-part-add.test.ts).
 * `stop`: as suppressSmallCounts'.
 */
export async function preparePartBuild(db: Engine, threshold: number, metrics: readonly Metric[], names: PartNames, stop: () => void = () => {}): Promise<PreparedPart | null> {
  if (!sumsNow.has(db)) return null;
  const scope = await partialScope(db, { observations: names.localObservations, areas: names.localAreas, scope: names.scope });
  if (scope !== 'part') return null;
  stop();
  await db.query(createMetricValues(metrics, { buckets: names.scope, into: names.metricValues }, names));
  stop();
  const areas = indexAreas(await db.query<Area & Record<string, unknown>>(AREAS_SQL.replace('FROM all_areas', `FROM ${names.allAreas}`)));
  performance.mark('bcf:metric-values-made');
  // What it holds (which suppression does not change), asked of DuckDB while the page runs the rule.
  let held: Promise<Held> | undefined;
  await suppressSmallCounts(db, areas, threshold, metrics, names.metricValues, false, stop, () => (held = heldIn(db, `(${partValues(names)})`)).catch(() => {}));
  performance.mark('bcf:suppressed');
  const built = { names, areas, held: await (held ?? heldIn(db, `(${partValues(names)})`)) };
  stop();
  return built;
}

/**
 * Puts a prepared part build in the place of the page's own tables (after `before`, the local
 * layer's own change), as adoptBuild does a whole one: one transaction, sent as one query.
 */
export async function adoptPartBuild(db: Engine, build: PreparedPart, before: string[]): Promise<void> {
  const drop = await dropMetricValues(db);
  const made: [keyof PartNames, string][] = [['allAreas', 'all_areas'], ['metricTargets', 'metric_targets'], ['metricValues', 'metric_values_rebuilt'], ['scope', 'metric_values_scope']];
  const steps = [
    ...before,
    ...(drop ? [drop] : []),
    ...made.flatMap(([n, table]) => [`DROP TABLE IF EXISTS ${table}`, `ALTER TABLE ${build.names[n]} RENAME TO ${table}`]),
    PART_METRIC_VALUES,
  ];
  await putInPlace(db, steps, build.held);
}

/** A part build in place (adoptPartBuild's) as kept for the next page load: the tables buildMetricValues keeps of one (BUILT.part). */
export async function keepPartBuild(db: Engine, held: Held): Promise<KeptBuild> {
  const tables: KeptTable[] = [];
  for (const name of BUILT.part) tables.push(await keepTable(db, name));
  return { scope: 'part', tables, held };
}

/**
 * How much of metric_values to build over the published extract: 'none' with nothing uploaded (a
 * view of the published rows); 'part' where the uploads bring only observations, and areas that
 * are the published ones or hubs of their own, left in table metric_values_scope as the metrics,
 * period types and period starts they hold, and those hold under half of all rows; else 'whole'.
 * Every metric_values row, and what suppression hides in it, depends only on the observations of
 * its own metric, period type and period start (its bucket), given the areas, populations, targets
 * and definitions, but for one thing: an ICB is summed from its places only where it has no rows of
 * its own (createMetricValues). So where the uploads change none of those, bring no rows for an
 * ICB the published extract has none for, and no hub of theirs has published rows, a bucket they
 * hold no rows of is built from the published rows alone: which gives the published rows back
 * (the publishing step made them so, with this very rule; tests/unit/partial-metric-values.test.ts
 * holds the two builds together), and they are taken as they are.
 */
async function partialScope(db: Engine, at: ScopeTables = LOCAL_SCOPE): Promise<'none' | 'part' | 'whole'> {
  const [held] = await db.query<{ observations: number; published: number; other: number; areas: number }>(`
    SELECT (SELECT count(*) FROM ${at.observations})::INTEGER AS observations, (SELECT count(*) FROM observations)::INTEGER AS published,
           ((SELECT count(*) FROM local_populations) + (SELECT count(*) FROM local_targets) + (SELECT count(*) FROM local_metrics))::INTEGER AS other,
           (SELECT count(*) FROM ${at.areas})::INTEGER AS areas`);
  if (held!.observations + held!.other + held!.areas === 0) return 'none';
  // More rows uploaded than published: whatever buckets they hold, they are over half of the whole
  // (known before the areas are compared, which read every uploaded row: 0.3-0.4 s for a million).
  if (held!.other > 0 || held!.observations > held!.published) return 'whole';
  const [areas] = await db.query<{ foreign: number }>(`
    SELECT ((SELECT count(*) FROM ${at.areas} l LEFT JOIN areas b USING (area_code)
             WHERE (b.area_code IS NULL AND (l.area_type IS DISTINCT FROM 'hub' OR l.area_code IN (SELECT area_code FROM observations)))
                OR (b.area_code IS NOT NULL AND (l.area_name, l.area_type, l.parent_code) IS DISTINCT FROM (b.area_name, b.area_type, b.parent_code)))
            + (SELECT count(*) FROM (SELECT DISTINCT area_code FROM ${at.observations}) o
               JOIN (SELECT area_code, area_type FROM areas UNION ALL SELECT area_code, area_type FROM ${at.areas}) a USING (area_code)
               WHERE a.area_type = 'icb' AND o.area_code NOT IN (SELECT area_code FROM observations)))::INTEGER AS foreign`);
  if (areas!.foreign > 0) return 'whole';
  await db.query(`CREATE OR REPLACE TABLE ${at.scope} AS SELECT DISTINCT metric, period_type, period_start FROM ${at.observations}`);
  // Where the uploads' buckets hold most of the rows (a million uploaded rows over a published
  // extract of 172,765), building them all costs as much and leaves one table, which every later
  // query reads faster than a view over two.
  const [rows] = await db.query<{ scoped: number }>(
    `SELECT count(*)::INTEGER AS scoped FROM observations SEMI JOIN ${at.scope} USING (metric, period_type, period_start)`,
  );
  if ((held!.observations + rows!.scoped) * 2 > held!.observations + held!.published) {
    await db.query(`DROP TABLE ${at.scope}`);
    return 'whole';
  }
  return 'part';
}

/** Where partialScope reads the uploads' observations and areas, and writes the buckets they hold. */
interface ScopeTables {
  observations: string;
  areas: string;
  scope: string;
}

const LOCAL_SCOPE: ScopeTables = { observations: 'local_observations', areas: 'local_areas', scope: 'metric_values_scope' };

/** A series a page draws: a metric, by one breakdown and period type. */
export interface SeriesWanted {
  metric: Metric;
  breakdown: string;
  periodType: string;
}

/**
 * Several series for the same areas from one query (a view's every chart in one round trip to the
 * page's worker), each series' points in the order asked.
 */
export async function querySeriesSet(db: Connector, wanted: SeriesWanted[], areaCodes: string[]): Promise<Point[][]> {
  if (wanted.length === 0 || areaCodes.length === 0) return wanted.map(() => []);
  const { sql, params } = seriesQuery(wanted.map((w) => ({ metric: w.metric.id, breakdown: w.breakdown, periodType: w.periodType })), areaCodes);
  const rows = await db.query<SeriesRow>(sql, params);
  // Map.groupBy is not in Node 20, which builds and tests this too.
  const bySeries = new Map<string, SeriesRow[]>();
  for (const r of rows) {
    const key = seriesKey(r.metric, r.breakdown, r.period_type);
    const those = bySeries.get(key);
    if (those) those.push(r);
    else bySeries.set(key, [r]);
  }
  return wanted.map((w) => toPoints(w.metric, bySeries.get(seriesKey(w.metric.id, w.breakdown, w.periodType)) ?? []));
}

export const seriesKey = (metric: string, breakdown: string, periodType: string) => `${metric}\u0000${breakdown}\u0000${periodType}`;

export async function querySeries(db: Connector, metric: Metric, breakdown: string, periodType: string, areaCodes: string[]): Promise<Point[]> {
  return (await querySeriesSet(db, [{ metric, breakdown, periodType }], areaCodes))[0]!;
}

/** The rows behind querySeries, for a build to send to a page (metrics/built-series.ts). */
export async function querySeriesRows(db: Connector, metric: string, breakdown: string, periodType: string, areaCodes: string[]): Promise<SeriesRow[]> {
  if (areaCodes.length === 0) return [];
  const { sql, params } = seriesQuery([{ metric, breakdown, periodType }], areaCodes);
  return db.query<SeriesRow>(sql, params);
}

/**
 * What metric_values holds, from one scan of it: per metric, the period types and breakdowns pages
 * offer; per metric and period type, the first and last period (BCF years offered). Two queries,
 * one for each, took 457 ms at national size, and this one 236 (Node build, medians of 7, load 7).
 */
export async function queryHeld(db: Connector): Promise<Held> {
  return heldNow.get(db) ?? heldIn(db, 'metric_values');
}

/** queryHeld of a table of metric_values' columns, asked of the engine. */
async function heldIn(db: Connector, table: string): Promise<Held> {
  const rows = await db.query<{ metric: string; period_type: string; breakdown: string; first: string; last: string }>(
    `SELECT metric, period_type, breakdown, strftime(min(period_start), '%Y-%m-%d') AS first, strftime(max(period_start), '%Y-%m-%d') AS last
     FROM ${table} GROUP BY ALL`,
  );
  const held = new Map<string, { periodTypes: Set<string>; breakdowns: Set<string> }>();
  const periods: PeriodsHeld = {};
  for (const r of rows) {
    const m = held.get(r.metric) ?? held.set(r.metric, { periodTypes: new Set(), breakdowns: new Set() }).get(r.metric)!;
    m.periodTypes.add(r.period_type);
    m.breakdowns.add(r.breakdown);
    const span = (periods[`${r.metric}/${r.period_type}`] ??= { first: r.first, last: r.last });
    if (r.first < span.first) span.first = r.first;
    if (r.last > span.last) span.last = r.last;
  }
  // Ids are ASCII: JavaScript's sort is DuckDB's order.
  const coverage = Object.fromEntries([...held].map(([metric, m]) => [metric, { periodTypes: [...m.periodTypes].sort(), breakdowns: [...m.breakdowns].sort() }]));
  return { coverage, periods };
}

/** What metric_values holds, for the pages to offer: per metric, period types and breakdowns; per metric and period type, the first and last period. */
export interface Held {
  coverage: Coverage;
  periods: PeriodsHeld;
}
