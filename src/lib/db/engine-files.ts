// The DuckDB-WASM bundle a page will start (the one with WebAssembly exceptions, which every current
// browser has): its wasm and worker, self-hosted. duckdb.ts starts it; the layout asks for both
// files from the head of every page, so they download while the page's own scripts load.
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';

export { ehWasm, ehWorker };
export const ENGINE_FILES = [ehWasm, ehWorker];
