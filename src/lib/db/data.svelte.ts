// Loads the extracts into the page's DuckDB once per visit and exposes what pages need.
import { base } from '$app/paths';
import { indexAreas, type AreaIndex } from '../areas';
import type { Manifest } from '../contract/manifest';
import { TABLE_NAMES, type Area } from '../contract/schema';
import type { Metric } from '../metrics/catalogue';
import { AREAS_SQL, CREATE_METRIC_VALUES, seriesQuery, type SeriesRow } from '../metrics/queries';
import { toPoints, type Point } from '../metrics/series';
import type { Connector } from './connector';

type Phase = 'idle' | 'engine' | 'data' | 'ready' | 'error';

export const data = $state<{ phase: Phase; error: string | null; manifest: Manifest | null; areas: AreaIndex | null }>({
  phase: 'idle',
  error: null,
  manifest: null,
  areas: null,
});

let loading: Promise<Connector> | undefined;

async function fetchBytes(file: string): Promise<Uint8Array> {
  const url = `${base}/data/${file}`;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not fetch ${url} (HTTP ${res.status})`);
  return new Uint8Array(await res.arrayBuffer());
}

async function load(): Promise<Connector> {
  data.phase = 'engine';
  // Fetch the extracts while the engine starts: neither waits for the other.
  const manifest = fetchBytes('manifest.json').then((b) => JSON.parse(new TextDecoder().decode(b)) as Manifest);
  const extracts = TABLE_NAMES.map((name) => fetchBytes(`${name}.arrow`).then((bytes) => ({ name, bytes })));
  const { engine } = await import('./duckdb');
  const db = await engine();
  data.phase = 'data';
  data.manifest = await manifest;
  for (const { name, bytes } of await Promise.all(extracts)) await db.insertArrow(name, bytes);
  await db.query(CREATE_METRIC_VALUES);
  data.areas = indexAreas(await db.query<Area & Record<string, unknown>>(AREAS_SQL));
  data.phase = 'ready';
  return db;
}

/** Starts loading (once per page visit) and resolves with the database when the data are in. */
export function loadData(): Promise<Connector> {
  loading ??= load().catch((e: unknown) => {
    data.phase = 'error';
    data.error = e instanceof Error ? e.message : String(e);
    loading = undefined;
    throw e;
  });
  return loading;
}

export async function fetchSeries(metric: Metric, breakdown: string, periodType: string, areaCodes: string[]): Promise<Point[]> {
  if (areaCodes.length === 0) return [];
  const db = await loadData();
  const { sql, params } = seriesQuery(metric.id, breakdown, periodType, areaCodes);
  return toPoints(metric, await db.query<SeriesRow>(sql, params));
}
