// Native DuckDB (@duckdb/node-api: every core, no WebAssembly) for the pipelines' record-level
// aggregation, where millions of rows are read. It runs the very SQL the browser's DuckDB-WASM runs
// (records/aggregate.ts takes either as a Connector) and hands values back as DuckDB-WASM does with
// castBigIntToDouble: numbers, and dates as milliseconds since 1970 (UTC midnight).
import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BOOLEAN, DATE, DOUBLE, DuckDBDataChunk, DuckDBInstance, DuckDBTypeId, INTEGER, type DuckDBConnection, type DuckDBMaterializedResult } from '@duckdb/node-api';
import bindings from '@duckdb/node-bindings';
import { bitAt, takeValidity } from '../contract/arrow';
import { ENGINE_SETTINGS, type Connector } from '../db/connector';
import { sqlText } from '../sql/literal';
import { privateDir } from './private-dir';

/**
 * A column of plain values, as Arrow lays them out: INTEGER and DATE (days since 1970) as Int32,
 * DOUBLE as Float64, BOOLEAN one byte each; `valid` is Arrow's validity bitmap (bit set = not
 * null; null means none is null).
 */
export interface Column {
  type: 'INTEGER' | 'DATE' | 'DOUBLE' | 'BOOLEAN';
  values: Int32Array | Float64Array | Uint8Array;
  valid: Uint8Array | null;
}

export interface NativeDb extends Connector {
  /**
   * Appends columns (by position, all of one length) to an existing table, a vector of rows at a
   * time, copied as memory: no value becomes a JavaScript value on the way.
   */
  appendColumns(table: string, columns: Column[]): Promise<void>;
  /**
   * A query's result as columns (INTEGER, DATE, DOUBLE and BOOLEAN only), copied as memory;
   * `rows`, when the caller knows how many the query gives, lets it stream them.
   */
  queryColumns(sql: string, rows?: number): Promise<Record<string, Column>>;
  /** The path a query reads a file by, for the name it was given under. */
  path(name: string): string;
  /**
   * Gives the engine, once made, a file to read by a plain name of ours (as `files` does): only a
   * file named in `later.readable` when the engine was made, whose reading was allowed then. False
   * for any other (a caller then makes an engine of its own for it).
   */
  link(name: string, disk: string): boolean;
  /**
   * Writes bytes (a file given as bytes, or made by the run) into the engine's private folder, to
   * be read by a plain name of ours: one of `later.written` places allowed when the engine was
   * made. False once none is left.
   */
  write(name: string, bytes: Uint8Array): boolean;
  /** Another connection to the engine: its queries run beside this one's (on a thread of their own). Closed with the engine. */
  connect(): Promise<Connector>;
  /** Ends the engine and removes its private folder (the links to the files, anything spilled). */
  close(): void;
  /**
   * For a process about to exit (process.exit next): removes the private folder, and leaves the
   * engine's memory to go back with the process, not freed piece by piece (15-30 ms at 1M rows).
   */
  closeAtExit(): void;
}

const TYPES = { INTEGER, DATE, DOUBLE, BOOLEAN };
const WIDTH = { INTEGER: 4, DATE: 4, DOUBLE: 8, BOOLEAN: 1 };
const ARRAYS = { INTEGER: Int32Array, DATE: Int32Array, DOUBLE: Float64Array, BOOLEAN: Uint8Array };
const BY_ID: Partial<Record<DuckDBTypeId, Column['type']>> = {
  [DuckDBTypeId.INTEGER]: 'INTEGER', [DuckDBTypeId.DATE]: 'DATE', [DuckDBTypeId.DOUBLE]: 'DOUBLE', [DuckDBTypeId.BOOLEAN]: 'BOOLEAN',
};

/** Copies `count` bits from `from` (starting at bit `start`) into `to` at bit `at`. */
function copyBits(from: Uint8Array, start: number, to: Uint8Array, at: number, count: number): void {
  if (start % 8 === 0 && at % 8 === 0) {
    to.set(from.subarray(start / 8, (start + count + 7) >> 3), at / 8);
    return;
  }
  for (let i = 0; i < count; i++) {
    if (bitAt(from, start + i)) to[(at + i) >> 3]! |= 1 << ((at + i) & 7);
    else to[(at + i) >> 3]! &= ~(1 << ((at + i) & 7));
  }
}

async function appendColumns(conn: DuckDBConnection, table: string, columns: Column[]): Promise<void> {
  const length = columns[0]?.values.length ?? 0;
  const size = bindings.vector_size();
  const appender = await conn.createAppender(table);
  try {
    for (let start = 0; start < length; start += size) {
      const n = Math.min(size, length - start);
      const chunk = DuckDBDataChunk.create(columns.map((c) => TYPES[c.type]), n);
      columns.forEach((c, i) => {
        const vector = bindings.data_chunk_get_vector(chunk.chunk, i);
        const part = c.values.subarray(start, start + n);
        bindings.copy_data_to_vector(vector, 0, part.buffer as ArrayBuffer, part.byteOffset, part.byteLength);
        if (!c.valid) return;
        // DuckDB's validity mask is Arrow's bitmap in 64-bit words.
        const mask = new Uint8Array(Math.ceil(n / 64) * 8);
        copyBits(c.valid, start, mask, 0, n);
        bindings.vector_ensure_validity_writable(vector);
        bindings.copy_data_to_vector_validity(vector, 0, mask.buffer, 0, mask.byteLength);
      });
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

async function queryColumns(conn: DuckDBConnection, sql: string, rows?: number): Promise<Record<string, Column>> {
  // With the number of rows known, the result is streamed a chunk at a time into columns of that
  // length: never held whole twice (DuckDB's copy and ours), which at ten million rows is 0.6 GB.
  const result = rows === undefined ? await conn.run(sql) : await conn.stream(sql);
  const length = rows ?? (result as DuckDBMaterializedResult).rowCount;
  const names = result.columnNames();
  const types = names.map((name, i) => {
    const type = BY_ID[result.columnTypeId(i)];
    if (!type) throw new Error(`queryColumns reads INTEGER, DATE, DOUBLE and BOOLEAN columns only; ${name} is ${result.columnType(i).toString()}`);
    return type;
  });
  const columns = types.map((type): Column => ({ type, values: new ARRAYS[type](length), valid: null }));
  let at = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const n = chunk.rowCount;
    if (at + n > length) throw new Error(`queryColumns was told of ${length} rows, and found more`);
    columns.forEach((c, i) => {
      const vector = bindings.data_chunk_get_vector(chunk.chunk, i);
      const data = bindings.vector_get_data(vector, n * WIDTH[c.type]);
      c.values.set(new ARRAYS[c.type](data.buffer as ArrayBuffer, data.byteOffset, n), at);
      // What sits under a null is left unspecified by DuckDB: takeValidity zeroes it.
      takeValidity(c, at, n, bindings.vector_get_validity(vector, Math.ceil(n / 64) * 8));
    });
    at += n;
  }
  if (at !== length) throw new Error(`queryColumns was told of ${length} rows, and found ${at}`);
  return Object.fromEntries(names.map((name, i) => [name, columns[i]!]));
}

const plain = (v: unknown): unknown => (typeof v === 'bigint' ? Number(v) : v instanceof Date ? v.getTime() : v);

/**
 * A result's rows as plain objects (values as `plain` makes them), built from its columns: about
 * half the time of taking row objects from DuckDB's API and then remaking each (96,000 rows shaped
 * as the record-level rollup's at 10M records: 0.47 -> 0.26 s). `names` as DuckDB's API deduplicates them.
 */
export function rowsFromColumns<T>(names: string[], columns: unknown[][]): T[] {
  const length = columns[0]?.length ?? 0;
  const rows = new Array<T>(length);
  for (let i = 0; i < length; i++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < names.length; c++) row[names[c]!] = plain(columns[c]![i]);
    rows[i] = row as T;
  }
  return rows;
}

async function queryRows<T extends Record<string, unknown>>(conn: DuckDBConnection, sql: string, params: (string | number)[] = []): Promise<T[]> {
  const reader = await conn.runAndReadAll(sql, params.length > 0 ? params : undefined);
  return rowsFromColumns<T>(reader.deduplicatedColumnNames(), reader.getColumnsJS());
}

/**
 * `files`: local files DuckDB may read, by a plain name of ours (name → path on disk). Each is
 * read through a link of that name in a private folder, so the person's file name (quotes, glob
 * characters) never reaches SQL, and only those links may be read: every other file, URL and
 * extension stays switched off (ENGINE_SETTINGS), as in the browser. `later`: for one engine
 * serving a whole run (the record-level aggregation, then the ingest of its aggregates and of the
 * other files), what it may read once made, which has to be said before external access is
 * switched off: the files it may be given (`readable`, see `link`) and how many it may be handed
 * as bytes (`written`, see `write`).
 */
export async function nativeDuckDb(files: Record<string, string> = {}, later: { readable?: string[]; written?: number } = {}): Promise<NativeDb> {
  // (Named for this process: a run killed before close() leaves it, and the next removes it.)
  const dir = privateDir('bcf-duckdb-');
  try {
    const links = new Map<string, string>();
    const linkAs = (name: string, disk: string) => {
      if (!/^[\w.-]+$/.test(name)) throw new Error(`a file for DuckDB needs a plain name, not ${JSON.stringify(name)}`);
      if (links.has(name)) throw new Error(`DuckDB was already given a file named ${name}`);
      symlinkSync(path.resolve(disk), path.join(dir, name));
      links.set(name, path.join(dir, name));
    };
    for (const [name, disk] of Object.entries(files)) linkAs(name, disk);
    // DuckDB allows a link as the file it leads to (so a later link to that file is read too), and
    // refuses a link made later to any file not allowed now; a path where nothing is yet, as it is.
    const readable = new Set((later.readable ?? []).map((disk) => path.resolve(disk)));
    for (const [i, disk] of [...readable].entries()) linkAs(`readable-${i}`, disk);
    const places = Array.from({ length: later.written ?? 0 }, (_, i) => path.join(dir, `written-${i}`));
    // Rows are counted, never listed in file order: not keeping that order saves memory at 10M rows.
    const instance = await DuckDBInstance.create(':memory:', { temp_directory: path.join(dir, 'spill'), preserve_insertion_order: 'false' });
    const conn = await instance.connect();
    const quoted = [...links.values(), ...places].map(sqlText);
    if (quoted.length > 0) await conn.run(`SET allowed_paths = [${quoted.join(', ')}]`);
    for (const setting of ENGINE_SETTINGS) await conn.run(setting);
    const others: DuckDBConnection[] = [];
    return {
      query: (sql, params) => queryRows(conn, sql, params),
      async connect() {
        const other = await instance.connect();
        others.push(other);
        return { query: (sql, params) => queryRows(other, sql, params) };
      },
      appendColumns: (table, columns) => appendColumns(conn, table, columns),
      queryColumns: (sql, rows) => queryColumns(conn, sql, rows),
      path(name: string) {
        const link = links.get(name);
        if (!link) throw new Error(`${name} was not given to DuckDB to read`);
        return link;
      },
      link(name: string, disk: string) {
        if (!readable.has(path.resolve(disk)) || links.has(name)) return false;
        linkAs(name, disk);
        return true;
      },
      write(name: string, bytes: Uint8Array) {
        if (!/^[\w.-]+$/.test(name)) throw new Error(`a file for DuckDB needs a plain name, not ${JSON.stringify(name)}`);
        const place = links.has(name) ? undefined : places.shift();
        if (!place) return false;
        writeFileSync(place, bytes);
        links.set(name, place);
        return true;
      },
      closeAtExit() {
        rmSync(dir, { recursive: true, force: true });
      },
      close() {
        for (const other of others) other.closeSync();
        conn.closeSync();
        instance.closeSync();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
