// The build's own copy of the dashboard database: the bundled extracts loaded into DuckDB-WASM's
// Node build with the same preparation as the browser, so prerendered charts match live ones.
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { AreaIndex } from '../areas';
import type { Manifest } from '../contract/manifest';
import { TABLE_NAMES } from '../contract/schema';
import { buildMetricValues, loadTables, type Engine } from '../db/prepare';
import { nodeDuckDb } from './node-duckdb';

export interface ExtractDb {
  db: Engine;
  areas: AreaIndex;
  manifest: Manifest;
}

let prepared: Promise<ExtractDb> | undefined;

export function extractDb(dir = 'static/data'): Promise<ExtractDb> {
  prepared ??= (async () => {
    // The folder is a link an ingest may swap: follow it once, so every file comes from one set.
    const current = realpathSync(dir);
    const manifest = JSON.parse(readFileSync(path.join(current, 'manifest.json'), 'utf8')) as Manifest;
    const db = await nodeDuckDb();
    await loadTables(db, TABLE_NAMES.map((name) => ({ name, bytes: readFileSync(path.join(current, `${name}.arrow`)) })));
    return { db, areas: await buildMetricValues(db), manifest };
  })();
  return prepared;
}
