// The build's own copy of the dashboard database: the published (disclosure-controlled) extracts
// loaded into DuckDB-WASM's Node build with the same preparation as the browser, so prerendered
// charts match live ones and can show nothing the live pages could not.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AreaIndex } from '../areas';
import type { PublishedManifest } from '../contract/manifest';
import { fromArrowIpc } from '../contract/arrow';
import { TABLE_NAMES } from '../contract/schema';
import { metricsFromRows, useMetrics, type Metric } from '../definitions';
import { buildMetricValues, loadTables, type Engine } from '../db/prepare';
import { homeAreaProblem } from '../selection';
import { nodeDuckDb } from './node-duckdb';

export interface ExtractDb {
  db: Engine;
  areas: AreaIndex;
  manifest: PublishedManifest;
  /**
   * The ICBs with a board pack: those with figures. An ICB is the sum of all of its councils, so
   * one whose councils the data set holds only some of (a council's own data alone) has none, and
   * a pack of empty pages would tell its board nothing.
   */
  packIcbs: Set<string>;
}

/** Where the build finds the publication it is made from (pipelines/build.ts says; site-data.ts wrote it). */
const PUBLISHED = process.env.BCF_PUBLISHED_DIR ?? 'static/data';

export function publishedManifest(dir = PUBLISHED): PublishedManifest {
  return JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as PublishedManifest;
}

/** The metric definitions published with the data (built-in and the data team's), put in force. */
export function publishedMetrics(dir = PUBLISHED): Metric[] {
  const file = publishedManifest(dir).extracts.metrics?.file;
  const metrics = file ? metricsFromRows(fromArrowIpc('metrics', readFileSync(path.join(dir, file)))) : [];
  useMetrics(metrics);
  return metrics;
}

let prepared: Promise<ExtractDb> | undefined;

export function extractDb(dir = PUBLISHED): Promise<ExtractDb> {
  prepared ??= (async () => {
    const manifest = publishedManifest(dir);
    publishedMetrics(dir);
    const db = await nodeDuckDb();
    await loadTables(db, TABLE_NAMES.map((name) => ({ name, bytes: readFileSync(path.join(dir, manifest.extracts[name].file)) })));
    const areas = await buildMetricValues(db, null, true);
    const problem = homeAreaProblem(areas, manifest.settings.home_area);
    if (problem) throw new Error(problem);
    const icbs = await db.query<{ area_code: string }>(`SELECT DISTINCT area_code FROM metric_values WHERE area_code IN (SELECT area_code FROM all_areas WHERE area_type = 'icb')`);
    return { db, areas, manifest, packIcbs: new Set(icbs.map((r) => r.area_code)) };
  })();
  return prepared;
}

/**
 * The areas whose embeds and board packs are prerendered: all of them, or only those listed in
 * BCF_PRERENDER_AREAS (the benchmark's national-size build, whose timings do not depend on them).
 */
export function prerenderedAreas<A extends { area_code: string }>(areas: A[]): A[] {
  const only = process.env.BCF_PRERENDER_AREAS?.split(',');
  return only ? areas.filter((a) => only.includes(a.area_code)) : areas;
}
