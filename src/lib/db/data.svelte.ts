// Loads the extracts into the page's DuckDB once per visit, keeps them fresh, and exposes what
// pages need. Uploads made in this browser sit in a local layer over the bundled extracts.
import { base } from '$app/paths';
import { indexAreas, type AreaIndex } from '../areas';
import type { Manifest } from '../contract/manifest';
import { toArrowIpc } from '../contract/arrow';
import { TABLE_NAMES, type Area, type Observation } from '../contract/schema';
import { rowsToSuppress, type CountRow } from '../metrics/disclosure';
import type { Metric } from '../metrics/catalogue';
import { AREAS_SQL, CREATE_LOCAL_LAYER, CREATE_METRIC_VALUES, seriesQuery, type SeriesRow } from '../metrics/queries';
import { toPoints, type Point } from '../metrics/series';
import type { Engine } from './duckdb';

type Phase = 'idle' | 'engine' | 'data' | 'ready' | 'error';

export const data = $state<{
  phase: Phase;
  error: string | null;
  manifest: Manifest | null;
  areas: AreaIndex | null;
  /** Bumped whenever the loaded rows change (fresh extracts, an upload added or removed). */
  version: number;
  /** Observation rows uploaded in this browser and shown over the bundled extracts. */
  localRows: number;
  /** Period types and breakdowns held per metric (extracts and uploads), so pages offer only those. */
  coverage: Record<string, { periodTypes: string[]; breakdowns: string[] }>;
}>({ phase: 'idle', error: null, manifest: null, areas: null, version: 0, localRows: 0, coverage: {} });

/** How often an open page checks whether the extracts were rebuilt. */
const REFRESH_MS = 5000;

let loading: Promise<Engine> | undefined;

async function fetchBytes(file: string, fresh = false): Promise<Uint8Array> {
  const url = `${base}/data/${file}`;
  const res = await fetch(url, fresh ? { cache: 'no-store' } : undefined);
  if (!res.ok) throw new Error(`could not fetch ${url} (HTTP ${res.status})`);
  return new Uint8Array(await res.arrayBuffer());
}

const parseManifest = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as Manifest;

async function loadExtracts(db: Engine, extracts: Promise<{ name: string; bytes: Uint8Array }>[]): Promise<void> {
  for (const { name, bytes } of await Promise.all(extracts)) {
    await db.query(`DROP TABLE IF EXISTS ${name}`);
    await db.insertArrow(name, bytes);
  }
}

/** Marks the small counts (and those that would reveal them) as suppressed in metric_values. */
async function suppressSmallCounts(db: Engine, areas: AreaIndex): Promise<void> {
  const rows = await db.query<CountRow>(
    `SELECT metric, area_code, strftime(period_start, '%Y-%m-%d') AS period_start, period_type, breakdown, numerator, denominator, suppressed FROM metric_values`,
  );
  const hidden = rowsToSuppress(rows, areas).map((r) => ({ ...r, source: 'suppression', published_value: null }));
  if (hidden.length === 0) return;
  await db.query('DROP TABLE IF EXISTS suppressed_rows');
  await db.insertArrow('suppressed_rows', toArrowIpc('observations', hidden as unknown as Observation[]));
  await db.query(`UPDATE metric_values m SET suppressed = true FROM suppressed_rows s
    WHERE m.metric = s.metric AND m.area_code = s.area_code AND m.period_start = s.period_start
      AND m.period_type = s.period_type AND m.breakdown = s.breakdown`);
  await db.query('DROP TABLE suppressed_rows');
}

/** Rebuilds what the pages query from the loaded tables, and tells them to ask again. */
export async function refreshViews(db: Engine): Promise<void> {
  await db.query(CREATE_METRIC_VALUES);
  const areas = indexAreas(await db.query<Area & Record<string, unknown>>(AREAS_SQL));
  await suppressSmallCounts(db, areas);
  data.areas = areas;
  const [local] = await db.query<{ n: number }>('SELECT count(*) AS n FROM local_observations');
  data.localRows = local?.n ?? 0;
  const coverage = await db.query<{ metric: string; period_types: string[]; breakdowns: string[] }>(
    'SELECT metric, list(DISTINCT period_type) AS period_types, list(DISTINCT breakdown) AS breakdowns FROM metric_values GROUP BY metric',
  );
  data.coverage = Object.fromEntries(coverage.map((c) => [c.metric, { periodTypes: [...c.period_types], breakdowns: [...c.breakdowns] }]));
  data.version++;
}

async function load(): Promise<Engine> {
  data.phase = 'engine';
  // Fetch the extracts while the engine starts: neither waits for the other.
  const manifest = fetchBytes('manifest.json', true).then(parseManifest);
  const extracts = TABLE_NAMES.map((name) => fetchBytes(`${name}.arrow`).then((bytes) => ({ name, bytes })));
  const { engine } = await import('./duckdb');
  const db = await engine();
  data.phase = 'data';
  data.manifest = await manifest;
  await loadExtracts(db, extracts);
  for (const sql of CREATE_LOCAL_LAYER) await db.query(sql);
  const { restoreUploads } = await import('../upload/local-layer');
  await restoreUploads(db);
  await refreshViews(db);
  data.phase = 'ready';
  setInterval(() => void checkForNewExtracts(db).catch(() => {}), REFRESH_MS);
  return db;
}

async function checkForNewExtracts(db: Engine): Promise<void> {
  const latest = parseManifest(await fetchBytes('manifest.json', true));
  if (latest.built_at === data.manifest?.built_at) return;
  await loadExtracts(db, TABLE_NAMES.map((name) => fetchBytes(`${name}.arrow`, true).then((bytes) => ({ name, bytes }))));
  data.manifest = latest;
  await refreshViews(db);
}

/** Starts loading (once per page visit) and resolves with the database when the data are in. */
export function loadData(): Promise<Engine> {
  loading ??= load().catch((e: unknown) => {
    data.phase = 'error';
    data.error = e instanceof Error ? e.message : String(e);
    loading = undefined;
    throw e;
  });
  return loading;
}

export async function fetchSeries(metric: Metric, breakdown: string, periodType: string, areaCodes: string[]): Promise<Point[]> {
  // Read before any await, so a page effect calling this re-runs when the data change.
  void data.version;
  if (areaCodes.length === 0) return [];
  const db = await loadData();
  const { sql, params } = seriesQuery(metric.id, breakdown, periodType, areaCodes);
  return toPoints(metric, await db.query<SeriesRow>(sql, params));
}
