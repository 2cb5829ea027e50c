// The DuckDB-WASM bundle a page will start (the one with WebAssembly exceptions, which every current
// browser has): its wasm and worker, self-hosted. duckdb.ts starts it; the layout asks for both
// files from the head of every page that queries it, so they download while the page's own scripts load.
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';

export { ehWasm, ehWorker };
export const ENGINE_FILES = [ehWasm, ehWorker];

/**
 * What a page (by its route) needs of DuckDB: 'always' for the pages that query it; 'if-stale' for
 * an embed, drawn from its build's figures, which queries it only where those no longer hold (newer
 * data published since, or uploads held in this browser): a board paper or intranet page holding
 * several embeds would otherwise start an engine in each (5 MB compressed, 34 MB to compile, and
 * the extracts); 'never' for a board pack, drawn whole at build time, which reads only the
 * manifest, to say whether newer data were published since it was built.
 */
export type EngineUse = 'always' | 'if-stale' | 'never';
export function engineUse(routeId: string | null): EngineUse {
  if (routeId?.startsWith('/pack/')) return 'never';
  if (routeId?.startsWith('/embed/')) return 'if-stale';
  return 'always';
}
