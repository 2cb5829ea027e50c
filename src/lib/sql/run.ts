// Runs an analyst's query on the page's DuckDB, after the guard (guard.ts). The engine itself
// cannot reach files or the network (enable_external_access is off from its start: db/duckdb.ts).
import type { Connector } from '../db/connector';
import { analystQuery } from './guard';


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
}

export type Outcome = { result: AnalystResult } | { refused: string } | { failed: string };

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

const quoteName = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Each column as plain JSON values: dates, timestamps and anything nested become DuckDB's own text. */
function plainColumn(c: ResultColumn): string {
  const ref = quoteName(c.name);
  if (c.kind === 'number') return WIDE_NUMBERS.test(c.type) ? `${ref}::DOUBLE AS ${ref}` : ref;
  if (c.kind === 'boolean' || c.type === 'VARCHAR') return ref;
  return `${ref}::VARCHAR AS ${ref}`;
}

const SINGLE = /Expected a single SELECT statement/;

/** DuckDB's message without its repeats (the WASM build prints the "LINE n" pointer twice). */
export function cleanMessage(message: string): string {
  const parts = message.split(/\n\n+/).map((p) => p.trimEnd());
  return parts.filter((p, i) => p && parts.indexOf(p) === i).join('\n\n');
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Runs the text as the guard allows, at most `limit` rows. DuckDB is asked through its query()
 * table function with the guarded SQL as a bound value: query() parses it and refuses anything
 * but one SELECT statement, so nothing else can run even if the guard were fooled.
 */
export async function runAnalystQuery(db: Connector, userSql: string, limit: number): Promise<Outcome> {
  const guarded = analystQuery(userSql, limit);
  if ('error' in guarded) return { refused: guarded.error };

  // The columns and their types (DESCRIBE binds the query without running it).
  let described: { column_name: string; column_type: string }[];
  const describe = `DESCRIBE ${guarded.sql}`;
  try {
    described = await db.query('SELECT column_name, column_type FROM query(?)', [describe]);
  } catch (e) {
    const message = messageOf(e);
    if (SINGLE.test(message)) return { refused: 'Only one statement that reads data can run at a time.' };
    // A parser or binder error. Asked directly, DuckDB points at the line in the analyst's text
    // rather than at query(?). Safe: this exact text just failed to parse (DuckDB parses all of
    // a text before running any of it) or parsed as one DESCRIBE, which runs nothing.
    try {
      await db.query(describe);
    } catch (direct) {
      return { failed: cleanMessage(messageOf(direct)) };
    }
    return { failed: cleanMessage(message) };
  }

  const columns = described.map((d) => ({ name: d.column_name, type: d.column_type, kind: columnKind(d.column_type) }));
  try {
    const rows = await db.query<ResultRow>(`SELECT ${columns.map(plainColumn).join(', ')} FROM query(?)`, [guarded.sql]);
    return { result: { columns, rows: rows.slice(0, limit), cut: rows.length > limit, limit } };
  } catch (e) {
    return { failed: cleanMessage(messageOf(e)) };
  }
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
