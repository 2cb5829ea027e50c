// Runs an analyst's query on the page's DuckDB, after the guard (guard.ts). The engine itself
// cannot reach files or the network (enable_external_access is off from its start: db/duckdb.ts).
// A query can be stopped (Cancel, or the time limit), and what it brings back into the page is
// capped (each cell, and the result as a whole), so no query can hang or crash the tab.
import type { Connector } from '../db/connector';
import { analystQuery } from './guard';
import { sqlName, sqlText } from './literal';

/** A connection whose running query can be stopped: the SQL page's own, apart from the charts'. */
export interface StoppableConnector extends Connector {
  /** Stops the query running on this connection, if any; that query then fails. */
  cancel(): Promise<void>;
}

/** Longest a query may run before it is stopped. */
export const TIME_LIMIT_MS = 30_000;
/** Characters of a cell brought back; the rest is cut, and the cell says so. */
export const CELL_CHARS = 2_000;
/** Bytes a result may bring back (counting text as UTF-8, any other value as 8). */
export const RESULT_BYTES = 5_000_000;

export type ColumnKind = 'number' | 'date' | 'timestamp' | 'text' | 'boolean' | 'other';
export interface ResultColumn {
  name: string;
  /** DuckDB's type name, as DESCRIBE gives it. */
  type: string;
  kind: ColumnKind;
}
export type Cell = string | number | boolean | null;
export type ResultRow = Record<string, Cell>;

export interface AnalystResult {
  columns: ResultColumn[];
  /** At most `limit` rows. */
  rows: ResultRow[];
  /** The query returned more rows than the limit: only the first `limit` are here. */
  cut: boolean;
  limit: number;
  /** The rows stopped short of the limit because the next would bring back more than RESULT_BYTES. */
  bytesCut: boolean;
  /** Cells longer than CELL_CHARS, cut to that length (their text ends with a note of the full length). */
  cellsCut: number;
}

export type Outcome = { result: AnalystResult } | { refused: string } | { failed: string } | { stopped: string };

export interface RunOptions {
  /** Stops the query when it fires (the page's Cancel button). */
  signal?: AbortSignal;
  timeLimitMs?: number;
}

/** Numbers that arrive in JavaScript as numbers as they are; other numeric types are made DOUBLE. */
const PLAIN_NUMBERS = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'FLOAT', 'DOUBLE']);
const WIDE_NUMBERS = /^(BIGINT|HUGEINT|UBIGINT|UHUGEINT|DECIMAL.*)$/;

export function columnKind(type: string): ColumnKind {
  if (PLAIN_NUMBERS.has(type) || WIDE_NUMBERS.test(type)) return 'number';
  if (type === 'DATE') return 'date';
  if (type.startsWith('TIMESTAMP')) return 'timestamp';
  if (/^VARCHAR( COLLATE .*)?$/.test(type) || type.startsWith('ENUM(') || type === 'UUID') return 'text';
  if (type === 'BOOLEAN') return 'boolean';
  return 'other';
}

const count = (n: number) => n.toLocaleString('en-GB');
/** Names of the columns added beside the analyst's (a column's full length; a row's bytes). */
const lengthOf = (i: number) => sqlName(`__length_${i}`);
const ROW_BYTES = '"__row_bytes"';
const BYTES_SO_FAR = '"__bytes_so_far"';

/** A column's text (dates, timestamps and anything nested as DuckDB's own text), or null for numbers and booleans. */
function textOf(c: ResultColumn): string | null {
  const ref = sqlName(c.name);
  if (c.kind === 'number' || c.kind === 'boolean') return null;
  return c.type === 'VARCHAR' ? ref : `${ref}::VARCHAR`;
}

/** Each column as plain JSON values, text cut to CELL_CHARS, with its full length beside it. */
function plainColumns(columns: ResultColumn[]): { select: string[]; bytes: string } {
  const select: string[] = [];
  const bytes: string[] = [];
  columns.forEach((c, i) => {
    const ref = sqlName(c.name);
    const text = textOf(c);
    if (text === null) {
      select.push(c.kind === 'number' && WIDE_NUMBERS.test(c.type) ? `${ref}::DOUBLE AS ${ref}` : ref);
      bytes.push('8');
    } else {
      select.push(`left(${text}, ${CELL_CHARS}) AS ${ref}`, `length(${text}) AS ${lengthOf(i)}`);
      bytes.push(`coalesce(strlen(left(${text}, ${CELL_CHARS})), 0)`);
    }
  });
  return { select, bytes: bytes.join(' + ') || '0' };
}

/**
 * The rows DuckDB hands back: the analyst's columns capped, and rows only while the bytes before
 * them stay under RESULT_BYTES (so the first row always comes, and at most one past the cap).
 * The running sum is a streaming window (no ORDER BY, no PARTITION), which keeps the query's order.
 */
function cappedQuery(columns: ResultColumn[], guardedSql: string): string {
  const { select, bytes } = plainColumns(columns);
  return `SELECT * EXCLUDE (${ROW_BYTES}) FROM (
    SELECT *, sum(${ROW_BYTES}) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS ${BYTES_SO_FAR} FROM (
      SELECT ${select.join(', ')}, ${bytes} AS ${ROW_BYTES} FROM query(${sqlText(guardedSql)})
    )
  ) WHERE ${BYTES_SO_FAR} - ${ROW_BYTES} < ${RESULT_BYTES}`;
}

/** The note that ends a cut cell. */
export const cutNote = (length: number) => ` … [cut: ${count(length)} characters in all, ${count(CELL_CHARS)} shown]`;

const SINGLE = /Expected a single SELECT statement/;

/** DuckDB's message without its repeats (the WASM build prints the "LINE n" pointer twice). */
export function cleanMessage(message: string): string {
  const parts = message.split(/\n\n+/).map((p) => p.trimEnd());
  return parts.filter((p, i) => p && parts.indexOf(p) === i).join('\n\n');
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Runs the text as the guard allows, at most `limit` rows. DuckDB is asked through its query()
 * table function with the guarded SQL as a string constant: query() parses it and refuses
 * anything but one SELECT statement, so nothing else can run even if the guard were fooled.
 * (A constant, not a bound value, because a query that can be stopped is sent whole, unprepared.)
 * On a connector that can stop, the query is stopped when `signal` fires or the time limit passes.
 */
export async function runAnalystQuery(db: Connector | StoppableConnector, userSql: string, limit: number, options: RunOptions = {}): Promise<Outcome> {
  const guarded = analystQuery(userSql, limit);
  if ('error' in guarded) return { refused: guarded.error };
  const { signal, timeLimitMs = TIME_LIMIT_MS } = options;
  let stopped: string | null = null;
  const stop = (why: string) => {
    stopped ??= why;
    if ('cancel' in db) void db.cancel();
  };
  const byUser = () => stop('The query was stopped: you pressed Cancel.');
  if (signal?.aborted) return { stopped: 'The query was stopped: you pressed Cancel.' };
  signal?.addEventListener('abort', byUser, { once: true });
  const timer = setTimeout(
    () => stop(`The query was stopped after ${count(timeLimitMs / 1000)} seconds, the longest a query may run here. Narrow it (a WHERE clause, fewer rows or joins) and run it again.`),
    timeLimitMs,
  );
  try {
    const outcome = await describeAndRun(db, guarded.sql, limit, () => stopped !== null);
    return stopped !== null && !('result' in outcome) ? { stopped } : outcome;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', byUser);
  }
}

async function describeAndRun(db: Connector, guardedSql: string, limit: number, isStopped: () => boolean): Promise<Outcome> {
  // The columns and their types (DESCRIBE binds the query without running it).
  let described: { column_name: string; column_type: string }[];
  const describe = `DESCRIBE ${guardedSql}`;
  try {
    described = await db.query(`SELECT column_name, column_type FROM query(${sqlText(describe)})`);
  } catch (e) {
    const message = messageOf(e);
    if (SINGLE.test(message)) return { refused: 'Only one statement that reads data can run at a time.' };
    // A parser or binder error. Asked directly, DuckDB points at the line in the analyst's text
    // rather than at query(). Safe: this exact text just failed to parse (DuckDB parses all of
    // a text before running any of it) or parsed as one DESCRIBE, which runs nothing.
    try {
      await db.query(describe);
    } catch (direct) {
      return { failed: cleanMessage(messageOf(direct)) };
    }
    return { failed: cleanMessage(message) };
  }

  const columns = described.map((d) => ({ name: d.column_name, type: d.column_type, kind: columnKind(d.column_type) }));
  // Stopped while the columns were asked for: there is no pending query to cancel, so do not start one.
  if (isStopped()) return { failed: 'stopped' };
  if (columns.length === 0) return { failed: 'DuckDB gave the query no columns: run it again.' };
  let fetched: Record<string, Cell>[];
  try {
    fetched = await db.query<Record<string, Cell>>(cappedQuery(columns, guardedSql));
  } catch (e) {
    return { failed: cleanMessage(messageOf(e)) };
  }
  // A row past the byte cap is left out, unless it is the only one (its size is bounded by its cells).
  const overCap = fetched.length > 1 && Number(fetched.at(-1)![BYTES_SO_FAR.slice(1, -1)]) > RESULT_BYTES;
  if (overCap) fetched.pop();
  let cellsCut = 0;
  const rows = fetched.slice(0, limit).map((f) => {
    const row: ResultRow = {};
    columns.forEach((c, i) => {
      const value = f[c.name] ?? null;
      const length = Number(f[lengthOf(i).slice(1, -1)] ?? 0);
      if (typeof value === 'string' && length > CELL_CHARS) {
        cellsCut++;
        row[c.name] = value + cutNote(length);
      } else row[c.name] = value;
    });
    return row;
  });
  return { result: { columns, rows, cut: fetched.length > limit, limit, bytesCut: overCap, cellsCut } };
}

/** A cell as the table and the CSV print it: numbers in full, nulls empty. */
export function cellText(value: Cell | undefined): string {
  if (value == null) return '';
  return String(value);
}

export interface TableColumns {
  table: string;
  columns: { name: string; type: string }[];
}

/** The columns of the tables analysts query, as DuckDB holds them now. */
export async function describeTables(db: Connector, tables: string[]): Promise<TableColumns[]> {
  const rows = await db.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
     WHERE table_schema = 'main' AND table_name IN (${tables.map(() => '?').join(', ')})
     ORDER BY table_name, ordinal_position`,
    tables,
  );
  return tables
    .map((table) => ({ table, columns: rows.filter((r) => r.table_name === table).map((r) => ({ name: r.column_name, type: r.data_type })) }))
    .filter((t) => t.columns.length > 0);
}
