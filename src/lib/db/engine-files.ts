// The DuckDB-WASM bundle a page will start (the one with WebAssembly exceptions, which every current
// browser has): its wasm and worker, self-hosted. duckdb.ts starts it; the layout asks for both
// files from the head of every page that queries it, so they download while the page's own scripts load.
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';

export { ehWasm, ehWorker };
export const ENGINE_FILES = [ehWasm, ehWorker];

/**
 * Whether a page (by its route) queries DuckDB. A board pack is drawn whole at build time and
 * queries nothing, so a board member opening one on a phone fetches neither the engine (5 MB
 * compressed, 34 MB to compile) nor the extracts; it reads only the manifest, to say whether newer
 * data were published since it was built.
 */
export const usesEngine = (routeId: string | null): boolean => !routeId?.startsWith('/pack/');
