// Native DuckDB (@duckdb/node-api: every core, no WebAssembly) for the pipelines' record-level
// aggregation, where millions of rows are read. It runs the very SQL the browser's DuckDB-WASM runs
// (records/aggregate.ts takes either as a Connector) and hands values back as DuckDB-WASM does with
// castBigIntToDouble: numbers, and dates as milliseconds since 1970 (UTC midnight).
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ENGINE_SETTINGS, type Connector } from '../db/connector';

export interface NativeDb extends Connector {
  /** The path a query reads a file by, for the name it was given under. */
  path(name: string): string;
  /** Ends the engine and removes its private folder (the links to the files, anything spilled). */
  close(): void;
}

const plain = (v: unknown): unknown => (typeof v === 'bigint' ? Number(v) : v instanceof Date ? v.getTime() : v);

/**
 * `files`: local files DuckDB may read, by a plain name of ours (name → path on disk). Each is
 * read through a link of that name in a private folder, so the person's file name (quotes, glob
 * characters) never reaches SQL, and only those links may be read: every other file, URL and
 * extension stays switched off (ENGINE_SETTINGS), as in the browser.
 */
export async function nativeDuckDb(files: Record<string, string> = {}): Promise<NativeDb> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bcf-duckdb-'));
  try {
    const links = new Map<string, string>();
    for (const [name, disk] of Object.entries(files)) {
      if (!/^[\w.-]+$/.test(name)) throw new Error(`a file for DuckDB needs a plain name, not ${JSON.stringify(name)}`);
      links.set(name, path.join(dir, name));
      symlinkSync(path.resolve(disk), links.get(name)!);
    }
    // Rows are counted, never listed in file order: not keeping that order saves memory at 10M rows.
    const instance = await DuckDBInstance.create(':memory:', { temp_directory: path.join(dir, 'spill'), preserve_insertion_order: 'false' });
    const conn = await instance.connect();
    const quoted = [...links.values()].map((l) => `'${l.replaceAll("'", "''")}'`);
    if (quoted.length > 0) await conn.run(`SET allowed_paths = [${quoted.join(', ')}]`);
    for (const setting of ENGINE_SETTINGS) await conn.run(setting);
    return {
      async query<T extends Record<string, unknown>>(sql: string, params: (string | number)[] = []) {
        const reader = await conn.runAndReadAll(sql, params.length > 0 ? params : undefined);
        return reader.getRowObjectsJS().map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)])) as T);
      },
      path(name: string) {
        const link = links.get(name);
        if (!link) throw new Error(`${name} was not given to DuckDB to read`);
        return link;
      },
      close() {
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
