// DuckDB-WASM's own blocking Node build: the browser's engine and SQL dialect, in unit tests.
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Connector } from '../../src/lib/db/connector';

const require = createRequire(import.meta.url);
const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));

export interface NodeDb extends Connector {
  insertArrow(table: string, ipc: Uint8Array): void;
}

export async function nodeDuckDb(): Promise<NodeDb> {
  const bundles = {
    mvp: { mainModule: path.join(dist, 'duckdb-mvp.wasm'), mainWorker: path.join(dist, 'duckdb-node-mvp.worker.cjs') },
    eh: { mainModule: path.join(dist, 'duckdb-eh.wasm'), mainWorker: path.join(dist, 'duckdb-node-eh.worker.cjs') },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  db.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true } });
  const conn = db.connect();
  conn.query('SET autoinstall_known_extensions = false');
  conn.query('SET autoload_known_extensions = false');
  return {
    async query<T extends Record<string, unknown>>(sql: string, params: (string | number)[] = []) {
      if (params.length === 0) return conn.query(sql).toArray().map((r: { toJSON(): T }) => r.toJSON());
      const stmt = conn.prepare(sql);
      try {
        return stmt.query(...params).toArray().map((r: { toJSON(): T }) => r.toJSON());
      } finally {
        stmt.close();
      }
    },
    insertArrow(table: string, ipc: Uint8Array) {
      conn.insertArrowFromIPCStream(ipc, { name: table, create: true });
    },
  };
}
