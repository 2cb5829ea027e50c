// DuckDB-WASM's own blocking Node build: the browser's engine and SQL dialect, for prerendering
// charts at build time and for unit tests.
import { createRequire } from 'node:module';
import path from 'node:path';
import { RecordBatchReader, tableFromIPC, type Table } from 'apache-arrow';
import { rowsOf } from '../db/arrow-rows';
import { ENGINE_SETTINGS } from '../db/connector';
import type { Engine } from '../db/prepare';
import { sqlText } from '../sql/literal';
import type { StoppableConnector } from '../sql/run';

const require = createRequire(import.meta.url);
const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));

/** What queryTable uses of the engine's bindings: answers as Arrow IPC bytes. */
interface IpcBindings {
  runQuery(conn: number, sql: string): Uint8Array;
  createPrepared(conn: number, sql: string): number;
  runPrepared(conn: number, statement: number, params: unknown[]): Uint8Array;
  closePrepared(conn: number, statement: number): void;
}

export interface NodeDb extends Engine {
  /** A second connection whose query can be stopped, as the browser's SQL page has (db/duckdb.ts). */
  stoppable(): StoppableConnector;
}

/**
 * `files`: local files DuckDB may read, by the name a query uses for each (name → path on disk).
 * Only these: reading any other file or URL stays switched off (ENGINE_SETTINGS).
 */
export async function nodeDuckDb(files: Record<string, string> = {}): Promise<NodeDb> {
  const bundles = {
    mvp: { mainModule: path.join(dist, 'duckdb-mvp.wasm'), mainWorker: path.join(dist, 'duckdb-node-mvp.worker.cjs') },
    eh: { mainModule: path.join(dist, 'duckdb-eh.wasm'), mainWorker: path.join(dist, 'duckdb-node-eh.worker.cjs') },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  db.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true } });
  const conn = db.connect();
  for (const [name, file] of Object.entries(files)) db.registerFileURL(name, file, duckdb.DuckDBDataProtocol.NODE_FS, false);
  if (Object.keys(files).length > 0) conn.query(`SET allowed_paths = [${Object.keys(files).map(sqlText).join(', ')}]`);
  for (const setting of ENGINE_SETTINGS) conn.query(setting);
  // The answer's bytes read with the app's own Arrow rather than the copy bundled in DuckDB's
  // Node build, whose tables the app's Arrow functions (rowsOf) do not take.
  const queryTable = async (sql: string, params: (string | number)[] = []): Promise<Table> =>
    tableFromIPC(
      conn.useUnsafe((bindings: IpcBindings, id: number) => {
        if (params.length === 0) return bindings.runQuery(id, sql);
        const statement = bindings.createPrepared(id, sql);
        try {
          return bindings.runPrepared(id, statement, params);
        } finally {
          bindings.closePrepared(id, statement);
        }
      }),
    );
  return {
    // As the browser's (db/duckdb.ts): the same answer, made into rows the same way.
    query: async <T extends Record<string, unknown>>(sql: string, params: (string | number)[] = []) => rowsOf<T>(await queryTable(sql, params)),
    queryTable,
    async insertArrow(table: string, ipc: Uint8Array) {
      conn.insertArrowFromIPCStream(ipc, { name: table, create: true });
    },
    stoppable() {
      const [bindings, id] = db.connect().useUnsafe((b: unknown, c: number) => [b, c]);
      return {
        async query<T extends Record<string, unknown>>(sql: string, params: (string | number)[] = []) {
          if (params.length > 0) throw new Error('a stoppable query is sent whole: write values into it');
          // Work in slices, letting timers (Cancel, the time limit) run between them, as the browser's worker does.
          let header: Uint8Array | null = bindings.startPendingQuery(id, sql, false);
          while (header === null) {
            await new Promise((resolve) => setTimeout(resolve, 0));
            header = bindings.pollPendingQuery(id);
          }
          const first = header;
          function* chunks() {
            yield first;
            for (let chunk: Uint8Array | null; (chunk = bindings.fetchQueryResults(id)) === null || chunk.length > 0; ) if (chunk) yield chunk;
          }
          return [...RecordBatchReader.from(chunks())].flatMap((batch) => batch.toArray().map((r) => r.toJSON() as T));
        },
        async cancel() {
          bindings.cancelPendingQuery(id);
        },
      };
    },
  };
}
