// Loads the extracts into the page's DuckDB once per visit, keeps them fresh, and exposes what
// pages need. Uploads made in this browser sit in a local layer over the bundled extracts.
import { base } from '$app/paths';
import type { AreaIndex } from '../areas';
import type { PublishedManifest } from '../contract/manifest';
import type { EngineUse } from './engine-files';
import { toArrowIpc } from '../contract/arrow';
import { TABLE_NAMES } from '../contract/schema';
import { allMetrics, metricsFromRows, useMetrics, type DefinitionRow, type Metric } from '../definitions';
import type { PeriodsHeld } from '../metrics/bcf-year';
import type { Coverage } from '../metrics/metric-choices';
import type { SetAside } from '../upload/local-layer';
import { toPoints, type Point } from '../metrics/series';
import { everyAreaQuery, everySeriesQuery } from '../metrics/queries';
import { indexSeries, keptIndexes, type SeriesIndex } from './series-index';
import { recentAnswers } from './recent-answers';
import { whenQuiet } from '../quiet';
import type { BuiltSeriesFile } from '../metrics/built-series';
import { tableFromIPC } from 'apache-arrow';
import { buildMetricValues, loadTables, queryHeld, querySeriesSet, seriesKey, type Engine, type Held, type SeriesWanted } from './prepare';
import type { Keep } from '../upload/prepared-add';

type Phase = 'idle' | 'engine' | 'data' | 'ready' | 'error';

export const data = $state<{
  phase: Phase;
  error: string | null;
  manifest: PublishedManifest | null;
  areas: AreaIndex | null;
  /** Bumped whenever the loaded rows change (fresh extracts, an upload added or removed). */
  version: number;
  /** Observation rows uploaded in this browser and shown over the bundled extracts. */
  localRows: number;
  /** Targets uploaded in this browser, judged against in place of the bundled ones. */
  localTargets: number;
  /** Period types and breakdowns held per metric (extracts and uploads), so pages offer only those. */
  coverage: Coverage;
  /** First and last period held per metric and period type, uploads included (null: not loaded yet). */
  periods: PeriodsHeld | null;
  /** Uploads kept in this browser that no longer load (saved by an older version), by name. */
  setAside: SetAside[];
  /** Whether uploads are held over the published extract: from this browser's store before DuckDB has started, then from what DuckDB loaded; null until looked. */
  uploadsHeld: boolean | null;
}>({ phase: 'idle', error: null, manifest: null, areas: null, version: 0, localRows: 0, localTargets: 0, coverage: {}, periods: null, setAside: [], uploadsHeld: null });

/** How often an open page checks whether the extracts were rebuilt. */
const REFRESH_MS = 5000;
/** How long after DuckDB is ready a page load puts the uploads' observations into the local layer. */
const LAYER_AFTER_MS = 2000;
/**
 * How long after an upload prepared while its report was read is shown its build is kept
 * (showAdopted): time for a page the reader goes to next to ask for its charts first (at 1 s, the
 * loaded runs of the upload bench drew the hub page's chart 0.45-1.24 s after the rows were added,
 * against 0.50-0.74 s when the build was kept before).
 */
const KEEP_AFTER_MS = 2000;

let loading: Promise<Engine> | undefined;
/**
 * Rows the overview and the metric page answer later views from themselves (db/series-index.ts):
 * every area's rows of a view's series (one per card on the overview) and of those asked just
 * before, for a change of area; every series' rows of the areas of the last few views, for a
 * change of metric, breakdown, period type or year.
 */
const everyArea = keptIndexes<string>(16);
const everySeries = keptIndexes<Set<string>>(8);
// The engine once its data are in, so that a page's query can be sent without an await first.
let loaded: Engine | null = null;

/**
 * Every area's rows of the default views' series, as the build wrote them from the publication of
 * `builtAt` (server/built-views.ts): indexed once fetched, and used only while buildDataUsable
 * (and let go whenever it is not); a series whose file could not be fetched is left to DuckDB.
 */
let built: { builtAt: string; files: Map<string, BuiltSeriesFile>; indexes: Map<string, Promise<SeriesIndex>>; failed: Set<string> } | null = null;

/**
 * Tells the page's data which series files its build wrote. Those of the default views are fetched
 * at once, before it is known whether they will serve (82,404 rows, 420 kB gzipped, for the largest
 * at national size): a first change of place should not wait for them. Those of other BCF years,
 * once a view asks for them.
 */
export function useBuiltSeries(builtAt: string, files: BuiltSeriesFile[]): void {
  if (built?.builtAt === builtAt) return;
  built = { builtAt, files: new Map(files.map((f) => [seriesKey(f.metric, f.breakdown, f.periodType), f])), indexes: new Map(), failed: new Set() };
  for (const [series, f] of built.files) if (!f.later) void builtIndex(series, true)?.catch(() => {});
}

/** Whether the build's rows answer these series for every area, now (before DuckDB is up, too). */
export function builtHolds(wanted: SeriesWanted[]): boolean {
  const b = built;
  return !!b && buildDataUsable(b.builtAt) === true && wanted.every((w) => b.files.has(indexKey(w)) && !b.failed.has(indexKey(w)));
}

/**
 * The build's index of every area's rows of `series`, held or on its way, while the figures the
 * build drew are those served (`early`: fetch it before that is known).
 */
function builtIndex(series: string, early = false): Promise<SeriesIndex> | undefined {
  const b = built;
  const usable = b && buildDataUsable(b.builtAt);
  if (b && usable === false) b.indexes.clear();
  if (!b || !(usable || (early && usable === null)) || b.failed.has(series)) return undefined;
  const f = b.files.get(series);
  if (!f) return undefined;
  const shared = { metric: f.metric, breakdown: f.breakdown, period_type: f.periodType };
  let index = b.indexes.get(series);
  if (!index) {
    index = fetchBytes(`views/${f.file}`).then((bytes) => {
      const got = indexSeries(tableFromIPC(bytes), shared);
      // As for rows DuckDB gave (nextToKeep): a change of area for this series asks nothing of it.
      performance.mark('bcf:series-kept', { detail: series });
      return got;
    });
    b.indexes.set(series, index);
    // Not asked for again: DuckDB answers the views, and its rows are kept instead (nextToKeep).
    index.catch((e: unknown) => {
      b.indexes.delete(series);
      b.failed.add(series);
      console.warn(`The build's rows of ${f.metric} (${f.breakdown}, ${f.periodType}) could not be fetched; DuckDB will answer:`, e);
    });
  }
  return index;
}

/** A file of the site (`path` from its root, e.g. `data/manifest.json`). */
async function fetchBytes(path: string, fresh = false): Promise<Uint8Array> {
  const url = `${base}/${path}`;
  const res = await fetch(url, fresh ? { cache: 'no-store' } : undefined);
  if (!res.ok) throw new Error(`could not fetch ${url} (HTTP ${res.status})`);
  return new Uint8Array(await res.arrayBuffer());
}

const fetchJson = <T>(file: string): Promise<T> => fetchBytes(`data/${file}`, true).then((b) => JSON.parse(new TextDecoder().decode(b)) as T);

/** Every extract the manifest names (by content hash, so the browser may keep them), fetched at once. */
const fetchExtracts = (manifest: PublishedManifest) =>
  Promise.all(
    TABLE_NAMES.map(async (name) => ({ name, bytes: manifest.extracts[name] ? await fetchBytes(`data/${manifest.extracts[name].file}`) : toArrowIpc(name, []) })),
  );

/**
 * Rebuilds what the pages query from the loaded tables, and tells them to ask again. `later`: the
 * uploads' observations may still be on their way into the local layer (a page load's restore),
 * waited for only where metric_values is built rather than taken as kept.
 */
export async function refreshViews(db: Engine, later = false): Promise<void> {
  const layer = await import('../upload/local-layer');
  if (!later) await layer.whenLayered(db);
  const local = await countLocal(db, layer.pendingRows());
  // The published extract is already disclosure-controlled; only rows uploaded here need it again.
  const uploaded = data.localRows > 0 || data.localTargets > 0;
  // Once the layer is loaded, it says (an upload made or removed on this visit included) whether
  // the build's figures still hold: held at once, and not held only once the rebuild below is done.
  const held = uploaded || local.other > 0;
  if (held) data.uploadsHeld = true;
  const threshold = uploaded ? data.manifest!.settings.suppression_threshold : null;
  // Definitions uploaded here join the published ones (and replace any of the same id).
  const defs = await Promise.all(['metrics', 'local_metrics'].map((t) => db.query<DefinitionRow>(`SELECT * FROM ${t}`)));
  useMetrics(metricsFromRows(...defs));
  // What suppression hid over these same uploads at the last load, applied rather than worked out again.
  const memo = uploaded ? await import('../upload/suppression-memo').then((m) => m.suppressionMemo(m.memoKey(data.manifest!, layer.uploadsInLayer()))) : undefined;
  if (!memo?.recalled) await layer.whenLayered(db);
  // The bundled tables are the published extract: only what uploads touch is built again.
  const areas = await buildMetricValues(db, threshold, true, allMetrics(), memo);
  show(areas, await queryHeld(db), held);
}

/** The local layer's rows (and `pending`, those still on their way into it), as data tells them. */
async function countLocal(db: Engine, pending: number): Promise<{ rows: number; targets: number; other: number }> {
  const [local] = await db.query<{ rows: number; targets: number; other: number }>(
    `SELECT (SELECT count(*) FROM local_observations)::INTEGER AS rows, (SELECT count(*) FROM local_targets)::INTEGER AS targets,
            (SELECT count(*) FROM local_areas)::INTEGER + (SELECT count(*) FROM local_populations)::INTEGER
              + (SELECT count(*) FROM local_metrics)::INTEGER AS other`,
  );
  data.localRows = (local?.rows ?? 0) + pending;
  data.localTargets = local?.targets ?? 0;
  return local ?? { rows: 0, targets: 0, other: 0 };
}

/**
 * Shows an upload whose rows and metric_values were prepared while its report was read, once put
 * in place (upload/prepared-add.ts): as refreshViews after building. The build is kept for the
 * next page load (an upload of observations only: the definitions are those in use) `KEEP_AFTER_MS`
 * later, once the page is idle: copying it out of DuckDB (a million rows: 0.5-0.8 s in its one
 * worker) would otherwise hold up Add, and then the charts drawn from it. A page load before then
 * builds metric_values afresh (and keeps that build), as it does whenever none is kept.
 */
export async function showAdopted(db: Engine, areas: AreaIndex, keep: Keep): Promise<void> {
  const layer = await import('../upload/local-layer');
  const memo = import('../upload/suppression-memo').then((m) => m.suppressionMemo(m.memoKey(data.manifest!, layer.uploadsInLayer())));
  memo.catch(() => {});
  await countLocal(db, layer.pendingRows());
  data.uploadsHeld = true;
  show(areas, await queryHeld(db), true);
  const idle = globalThis.requestIdleCallback ?? ((then: () => void) => setTimeout(then, 0));
  setTimeout(
    () =>
      idle(async () => {
        const m = await memo;
        // For the benchmark: kept for the next page load.
        if (m && (await keep((kept) => m.remember(kept)).catch(() => false))) performance.mark('bcf:metric-values-kept');
      }),
    KEEP_AFTER_MS,
  );
}

/** What the pages read of metric_values, made anew. */
function show(areas: AreaIndex, { coverage, periods }: Held, held: boolean): void {
  // All at once: pages read the areas and what they hold together, and a page shown with the new
  // areas but not yet their coverage took its view for one with no data, emptying every chart.
  data.areas = areas;
  data.coverage = coverage;
  data.periods = periods;
  data.uploadsHeld = held;
  data.version++;
  everyArea.forgetBefore(data.version);
  everySeries.forgetBefore(data.version);
  recentViews.forgetBefore(data.version);
}

async function load(): Promise<Engine> {
  performance.mark('bcf:load-started');
  data.phase = 'engine';
  // Fetch the extracts while the engine starts: neither waits for the other.
  const manifest = fetchManifest();
  void countUploads().then((n) => {
    // The metric_values kept from them, which the page will most likely take.
    if (n > 0) void import('../upload/suppression-memo').then((m) => m.readKeptEarly());
  });
  // The uploads themselves read from this browser's storage meanwhile too (a million rows: tens of MB).
  const stored = import('../upload/store').then((s) => s.allUploads());
  stored.catch(() => {});
  const extracts = manifest.then(fetchExtracts);
  const { engine } = await import('./duckdb');
  const db = await engine();
  // For the benchmark, with bcf:load-started, bcf:tables-loaded and bcf:duckdb-ready: how the
  // wait splits between starting the engine and loading the data into it.
  performance.mark('bcf:engine-started');
  data.phase = 'data';
  data.manifest = await manifest;
  await loadTables(db, await extracts);
  performance.mark('bcf:tables-loaded');
  const { restoreUploads, whenLayered } = await import('../upload/local-layer');
  // Their observations go into the local layer once the page is drawn (or as soon as something
  // reads the layer or builds metric_values): a page load that takes the kept metric_values,
  // which holds them, does not wait for them (0.7 s for a million rows).
  data.setAside = (await restoreUploads(db, { later: true, stored })).setAside;
  performance.mark('bcf:uploads-restored');
  await refreshViews(db, true);
  data.phase = 'ready';
  // Once the page's first views have asked DuckDB for their charts (sent at once, they would have
  // waited behind the million rows), and it is idle.
  const idle = globalThis.requestIdleCallback ?? ((then: () => void) => setTimeout(then, 0));
  setTimeout(() => idle(() => void whenLayered(db)), LAYER_AFTER_MS);
  // For the benchmark: when the page's own DuckDB took over (apart from when it was interactive).
  performance.mark('bcf:duckdb-ready');
  setInterval(() => void checkForNewExtracts(db).catch(() => {}), REFRESH_MS);
  loaded = db;
  return db;
}

async function checkForNewExtracts(db: Engine): Promise<void> {
  const latest = await fetchJson<PublishedManifest>('manifest.json');
  if (latest.built_at === data.manifest?.built_at) return;
  await loadTables(db, await fetchExtracts(latest));
  data.manifest = latest;
  await refreshViews(db);
}

/**
 * Whether figures a build drew from the publication of `builtAt` may stand in for the page's own
 * DuckDB's: only while that publication is the one served and this browser holds no uploads
 * (which the build's figures would leave out). Null until both are known.
 */
export function buildDataUsable(builtAt: string): boolean | null {
  if (data.uploadsHeld || (data.manifest && data.manifest.built_at !== builtAt)) return false;
  return data.uploadsHeld === false && data.manifest ? true : null;
}

/**
 * The manifest of the publication the site serves now, into data.manifest unless DuckDB has said
 * already: what a page needs, before DuckDB is up or without it, to know whether figures its build
 * drew still hold (StaleNotice).
 */
export function fetchManifest(): Promise<PublishedManifest> {
  const manifest = fetchJson<PublishedManifest>('manifest.json');
  void manifest.then(
    (m) => {
      data.manifest ??= m;
    },
    () => {},
  );
  return manifest;
}

/** How many uploads this browser holds, into data.uploadsHeld (unless DuckDB has already said, from what it loaded). */
function countUploads(): Promise<number> {
  return import('../upload/store').then((s) => s.countUploads()).then(
    (n) => {
      data.uploadsHeld ??= n > 0;
      return n;
    },
    () => {
      data.uploadsHeld ??= false;
      return 0;
    },
  );
}

/**
 * Starts what a page needs of the data (`use`, engineUse's): DuckDB and the extracts; or, for a
 * page drawn from its build's figures (`builtAt`'s publication), DuckDB only where those no longer
 * hold (buildDataUsable), else the manifest alone and the count of uploads held.
 */
export async function startData(use: EngineUse, builtAt: string): Promise<void> {
  if (use === 'always') return void (await loadData());
  await Promise.all([fetchManifest(), use === 'if-stale' ? countUploads() : null]);
  if (use === 'if-stale' && buildDataUsable(builtAt) === false) await loadData();
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

export async function fetchSeries(metric: Metric, breakdown: string, periodType: string, areaCodes: string[], options: FetchOptions = {}): Promise<Point[]> {
  return (await fetchSeriesSet([{ metric, breakdown, periodType }], areaCodes, options))[0]!;
}

interface FetchOptions {
  index?: boolean;
  signal?: AbortSignal;
}

/** Resolves in a task of its own (one channel for every caller, each message resolving the first waiting). */
const nextTask = (() => {
  const waiting: (() => void)[] = [];
  let channel: MessageChannel | null = null;
  return () =>
    new Promise<void>((resolve) => {
      if (!channel) {
        channel = new MessageChannel();
        channel.port1.onmessage = () => waiting.shift()?.();
      }
      waiting.push(resolve);
      channel.port2.postMessage(null);
    });
})();

/** The keeping of rows waiting for the reader to pause (quiet.ts). */
const keepLater: { timer?: ReturnType<typeof setTimeout> } = {};

const indexKey = (w: SeriesWanted) => seriesKey(w.metric.id, w.breakdown, w.periodType);
/** The latest series DuckDB answered for a view, by series and areas (db/recent-answers.ts). */
const recentViews = recentAnswers<Point[]>(32);
const recentKey = (w: SeriesWanted, areaCodes: string[]) => `${indexKey(w)}\u0001${[...new Set(areaCodes)].sort().join(' ')}`;
/** Whether a kept set of areas holds every one of these. */
const holdsAll = (areaCodes: string[]) => (held: Set<string>) => areaCodes.every((c) => held.has(c));

/**
 * An index that answers series `series` for these areas (held, or else on its way: a change made
 * just after a view waits for it, as DuckDB's worker would answer a query only after it): kept
 * from DuckDB's answers, or the build's.
 */
function keptFor(series: string, areaCodes: string[], version: number): SeriesIndex | Promise<SeriesIndex> | undefined {
  const isIt = (s: string) => s === series;
  const areas = holdsAll(areaCodes);
  return everyArea.get(version, isIt) ?? everySeries.get(version, areas) ?? builtIndex(series) ?? everyArea.coming(version, isIt) ?? everySeries.coming(version, areas);
}

/**
 * Every series a view draws, for the same areas, in one query (one round trip to the worker).
 * `index`: for a page whose reader changes the view, the rows of those series for every area,
 * and of every series for those areas, are then fetched too and kept (db/series-index.ts), and
 * a later call they answer is answered without DuckDB. `signal`: once aborted (the view left),
 * nothing more is asked of DuckDB for this call.
 */
export async function fetchSeriesSet(wanted: SeriesWanted[], areaCodes: string[], { index = false, signal }: FetchOptions = {}): Promise<Point[][]> {
  // Read before any await, so a page effect calling this re-runs when the data change.
  void data.version;
  if (areaCodes.length === 0) return wanted.map(() => []);
  // Before DuckDB is up, the build's rows may answer.
  const early = index && !loaded ? await fromKept(wanted, areaCodes, signal) : null;
  if (early) return early;
  await (loaded ?? loadData());
  // A view left while the engine started: at DuckDB's start, a page's first question was sent
  // twice (once as asked, once again for the new data), ahead of the rows kept for the next change.
  signal?.throwIfAborted();
  const db = loaded!;
  const version = data.version;
  if (!index) return querySeriesSet(db, wanted, areaCodes);
  // A view answered a moment ago first: kept rows may still be on their way (fromKept waits for them).
  const keys = wanted.map((w) => recentKey(w, areaCodes));
  const recent = keys.map((k) => recentViews.get(version, k));
  if (recent.every(Boolean)) {
    // In a task of its own, as an answer from kept rows is.
    await nextTask();
    signal?.throwIfAborted();
    keepSoon({ db, wanted, areaCodes, version }, signal);
    return recent as Point[][];
  }
  const kept = await fromKept(wanted, areaCodes, signal);
  if (kept) return kept;
  const answer = querySeriesSet(db, wanted, areaCodes);
  // Rows are kept once the view's own answer is in (the view is never kept waiting behind them),
  // and, as for a view answered from kept rows, once the reader stays on it: asked at once, every
  // series of the areas (150–220 ms in the worker at national size) ran beside the reader's next
  // change of breakdown, which waited for it.
  clearTimeout(keepLater.timer);
  void answer.then((points) => {
    points.forEach((p, i) => recentViews.set(version, keys[i]!, p));
    if (!signal?.aborted) keepSoon({ db, wanted, areaCodes, version }, signal);
  }, () => {});
  return answer;
}

/** The view's series from rows kept in the page, if they hold them all (then keeping rows for the view's next change in turn). */
async function fromKept(wanted: SeriesWanted[], areaCodes: string[], signal?: AbortSignal): Promise<Point[][] | null> {
  const kept = wanted.map((w) => keptFor(indexKey(w), areaCodes, data.version));
  if (!kept.every(Boolean)) return null;
  // Answered in a task of its own: in the same one as the page's update for the change, the two
  // made one task of 50–70 ms at national size, in which a reader's next input waited.
  const [got] = await Promise.all([Promise.all(kept), nextTask()]).catch(() => [null]);
  signal?.throwIfAborted();
  if (!got) return null;
  void keepRowsFor(wanted, areaCodes, signal);
  return wanted.map((w, i) => toPoints(w.metric, got[i]!.rowsFor(indexKey(w), areaCodes)));
}

/**
 * For a view a page answered itself, from the figures its build drew (while those are what is
 * served): keeps rows for the view's next change as for one fetchSeriesSet answered, once DuckDB
 * is up and the reader has stayed on the view. Asking DuckDB for the view itself too, to draw the
 * same figures again, delayed the first change after DuckDB's start by that query; so did keeping
 * the view's rows at once at DuckDB's start (every series of its areas: the worker busy for
 * 150–220 ms at national size, and their indexing on the page's thread, as the reader's first
 * changes came).
 */
export async function keepRowsFor(wanted: SeriesWanted[], areaCodes: string[], signal?: AbortSignal): Promise<void> {
  if (areaCodes.length === 0) return;
  const db = loaded ?? (await loadData().catch(() => null));
  if (!db || signal?.aborted) return;
  keepSoon({ db, wanted, areaCodes, version: data.version }, signal);
}

/**
 * Keeps rows for a view only once the reader stays on it (`signal`: aborted once the view is
 * left) and has paused (quiet.ts): one going through places or metrics one after another left
 * DuckDB's worker a queue of fetches for views already left, which at national size took a core
 * from the page's own changes; and one narrowing the periods shown (which asks nothing) had the
 * fetch start in the middle of their next change.
 */
function keepSoon(view: KeptView, signal?: AbortSignal): void {
  whenQuiet(keepLater, () => signal?.aborted || keepFor(view));
}

/** A view to keep rows for: its series, and its areas, for one version of the data. */
interface KeptView {
  db: Engine;
  wanted: SeriesWanted[];
  areaCodes: string[];
  version: number;
}

/**
 * The view rows are being kept for (the latest answered, or that stayed), whether its series are
 * fetched before its areas, and whether the fetching is under way.
 */
let toKeep: (KeptView & { seriesFirst: boolean }) | null = null;
let keeping = false;

/**
 * Keeps, for `view`, every area's rows of each of its series (up to 82,404 rows each at national
 * size), which answer a change of area, and every series' rows of its areas (about 1,600 rows an
 * area), which answer a change of metric, breakdown, period type or year. One query at a time,
 * always for the latest view: the worker answers one query at a time, so a change these cannot
 * answer waits behind at most one of them, and nothing is fetched for views already left. After a
 * change of area (the same series) the series come first, as the next change is likely another
 * place; after a change of series, the areas.
 */
function keepFor(view: KeptView): void {
  const key = (v: KeptView) => v.wanted.map(indexKey).join('\u0001');
  toKeep = { ...view, seriesFirst: !toKeep || key(toKeep) === key(view) };
  if (!keeping) void keepRows();
}

async function keepRows(): Promise<void> {
  keeping = true;
  try {
    for (let next = nextToKeep(); next; next = nextToKeep()) await next();
  } finally {
    keeping = false;
  }
}

/** The next fetch for the view being kept, or null once everything it needs is held, on its way or failed. */
function nextToKeep(): (() => Promise<unknown>) | null {
  // Rows of older data are neither fetched nor kept (the indexes would refuse them, again and again).
  if (!toKeep || toKeep.version !== data.version) return null;
  const { db, wanted, areaCodes, version, seriesFirst } = toKeep;
  // (Nor those the build's rows hold.)
  const w = wanted.find((w) => !everyArea.knows(indexKey(w), version) && !builtIndex(indexKey(w)));
  const series = w && (() => {
    const { sql, params } = everyAreaQuery({ metric: w.metric.id, breakdown: w.breakdown, periodType: w.periodType });
    const shared = { metric: w.metric.id, breakdown: w.breakdown, period_type: w.periodType };
    return everyArea.fill(indexKey(w), indexKey(w), version, async () => indexSeries(await db.queryTable(sql, params), shared)).then(
      // Marked (with the series) for tests and the benchmark: from here a change of area for this series asks nothing of DuckDB.
      (kept) => kept && performance.mark('bcf:series-kept', { detail: indexKey(w) }),
      (e: unknown) => console.warn(`Every area's rows of ${w.metric.id} (${w.breakdown}, ${w.periodType}) could not be kept; changes of area will ask DuckDB:`, e),
    );
  });
  const areas = new Set(areaCodes);
  const areasKey = [...areas].sort().join(' ');
  const covered = everySeries.knows(areasKey, version) || everySeries.get(version, holdsAll(areaCodes)) || everySeries.coming(version, holdsAll(areaCodes));
  const ofAreas = !covered && (() => {
    const { sql, params } = everySeriesQuery([...areas]);
    return everySeries.fill(areasKey, areas, version, async () => indexSeries(await db.queryTable(sql, params))).then(
      // Marked for tests and the benchmark: from here a change of metric for these areas asks nothing of DuckDB.
      (kept) => kept && performance.mark('bcf:areas-kept'),
      (e: unknown) => console.warn(`Every series' rows of ${areas.size} areas could not be kept; changes of metric will ask DuckDB:`, e),
    );
  });
  return (seriesFirst ? series || ofAreas : ofAreas || series) || null;
}
