// The DuckDB-WASM engine for a page: self-hosted bundles (never a CDN), one worker, started once.
// Import this module only in the browser; it touches Worker and WebAssembly.
import * as duckdb from '@duckdb/duckdb-wasm';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import type { StoppableConnector } from '../sql/run';
import { ENGINE_SETTINGS } from './connector';
import { ehWasm, ehWorker } from './engine-files';
import type { Engine } from './prepare';
import { rowsOf } from './arrow-rows';

let started: Promise<Engine> | undefined;
let database: duckdb.AsyncDuckDB | undefined;
let analyst: Promise<StoppableConnector> | undefined;
/** Statements kept prepared (one per query text; the text varies only with the number of areas). */
const MAX_PREPARED = 32;
let handed = 0;

/**
 * The one place DuckDB may read files from: files a person drops on the upload page, each only
 * while it is aggregated (withFiles). No other file or URL, and this cannot be widened later.
 */
const DROPPED = '/dropped/';

/** The page's one engine; later callers share the first start. */
export function engine(): Promise<Engine> {
  started ??= start().catch((e) => {
    started = undefined;
    throw e;
  });
  return started;
}

async function start(): Promise<Engine> {
  const bundle = await duckdb.selectBundle({
    mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
    eh: { mainModule: ehWasm, mainWorker: ehWorker },
  });
  const worker = new Worker(bundle.mainWorker!);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
  await db.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true } });
  database = db;
  const conn = await db.connect();
  await conn.query(`SET allowed_directories = ['${DROPPED}']`);
  for (const setting of ENGINE_SETTINGS) await conn.query(setting);
  const prepared = new Map<string, KeptStatement>();
  const engine: Engine = {
    async query<T extends Record<string, unknown>>(sql: string, params: (string | number)[] = []) {
      // Not awaited before it is sent (queryTable sends a kept statement at once).
      const answer = engine.queryTable(sql, params);
      return rowsOf<T>(await answer);
    },
    async queryTable(sql: string, params: (string | number)[] = []) {
      // Statements without parameters (schema set-up, several statements at once) run directly;
      // they may replace the tables a kept statement was prepared over, so those are let go.
      if (params.length === 0) {
        for (const kept of prepared.values()) void kept.statement.then((s) => s.close()).catch(() => {});
        prepared.clear();
        return conn.query(sql);
      }
      // Each change of view asks the same few statements again: prepared once, each is then one
      // round trip to the worker rather than three (prepare, query, close).
      let kept = prepared.get(sql);
      if (!kept) {
        const statement = conn.prepare(sql);
        const entry: KeptStatement = { statement };
        statement.then((s) => (entry.ready = s), () => prepared.delete(sql));
        prepared.set(sql, (kept = entry));
        if (prepared.size > MAX_PREPARED) {
          const [oldest, old] = prepared.entries().next().value!;
          prepared.delete(oldest);
          void old.statement.then((s) => s.close()).catch(() => {});
        }
      }
      // A statement already prepared is sent in this very call, not after an await: a page asks
      // for its view before updating the DOM for the change, so the worker answers meanwhile.
      return (kept.ready ?? (await kept.statement)).query(...params);
    },
    async insertArrow(table: string, ipc: Uint8Array, give = false) {
      // DuckDB transfers the buffer to its worker, detaching it; callers keep their own copy, but
      // for bytes they give (a whole buffer of their own, else copied all the same).
      const own = give && ipc.byteOffset === 0 && ipc.byteLength === ipc.buffer.byteLength;
      await conn.insertArrowFromIPCStream(own ? ipc : ipc.slice(), { name: table, create: true });
    },
  };
  return engine;
}

/** A statement kept prepared, and the statement itself once the worker has prepared it. */
interface KeptStatement {
  statement: Promise<duckdb.AsyncPreparedStatement>;
  ready?: duckdb.AsyncPreparedStatement;
}

/**
 * Lets the engine read `files` by the names handed to `work`, then forgets them. DuckDB reads each
 * File in slices where it lies (nothing is copied into the page or the engine's memory first).
 */
export async function withFiles<T>(files: File[], work: (names: string[]) => Promise<T>): Promise<T> {
  await engine();
  const names = files.map(() => `${DROPPED}${++handed}.csv`);
  try {
    for (const [i, file] of files.entries()) await database!.registerFileHandle(names[i]!, file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
    return await work(names);
  } finally {
    for (const name of names) await database!.dropFile(name).catch(() => {});
  }
}

/**
 * The SQL page's own connection. Its query is sent as a pending query, which the worker runs in
 * slices and answers other connections' queries between, so the charts keep working while it
 * runs, and cancel() ends it at the next slice.
 */
export function stoppableConnection(): Promise<StoppableConnector> {
  analyst ??= engine().then(async () => {
    const conn = await database!.connect();
    return {
      async query<T extends Record<string, unknown>>(sql: string, params: (string | number)[] = []) {
        if (params.length > 0) throw new Error('a stoppable query is sent whole: write values into it');
        // Uploads' observations a page load left for later are in local_observations first.
        await import('../upload/local-layer').then(async (m) => m.whenLayered(await engine()));
        const reader = await conn.send(sql);
        const rows: T[] = [];
        if (reader) for await (const batch of reader) for (const row of batch) rows.push(row.toJSON() as T);
        return rows;
      },
      async cancel() {
        await conn.cancelSent();
      },
    };
  });
  return analyst;
}
