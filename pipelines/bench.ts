// npm run bench [-- --runs N --path /url --no-build --only views|page|embed|pipeline|upload|records|records-upload|ingest-merge|build --rows N,N]
//                 [--national-data DIR]
// Not a test: it asserts nothing, it measures. Builds the demo site and serves it, then:
//  views    - the overview and the metric page, on the demo site and on a national-size site (a
//             generated extract of every council, month, breakdown and hub, about 1.2M
//             observations, published and built with the project's own pipeline; its prerendering
//             limited to the home area's embeds and pack). Per page: first contentful paint, when
//             every chart is interactive (drawn, from the build's data or DuckDB's), when DuckDB
//             took over, then 20 changes of area timed until every chart is drawn anew (p50/p95),
//             and 7 of each other kind the page offers (the overview's BCF year; the metric page's
//             metric, breakdown, period type, periods shown, comparators and SPC settings), each
//             timed until the charts it redraws are drawn anew; pooled over 3 visits,
//             the page's main-thread processor time per change (little affected by a busy machine,
//             unlike the times waited; the load average is printed with each run), and long tasks
//             (> 50 ms) on the main thread during those changes. "Cold" is a fresh
//             browser profile; "warm" the next page of the same visit (a full load, HTTP cache
//             kept). --national-data reuses a folder an earlier run published (printed by it).
//  page     - loads a page (default the overview) N times in headless Chromium, each in a fresh
//             profile (cold cache): time to the first chart drawn from data, to every chart, and
//             bytes transferred (as sent, gzip) by kind;
//  pipeline - `npm run ingest` (a process of its own: wall, processor time, peak memory) of a
//             generated 1M-row canonical CSV (about 56 MB), beside native DuckDB's bare read_csv
//             of the same file in the same run; alone, it needs no site build or browser;
//  upload   - in Chromium, the time from dropping that CSV on the upload page to its report, to
//             its rows being added, and to a chart drawn from them: in the same visit (the menu's
//             link to the hub page), then after a fresh page load (restoring the upload from
//             browser storage, once the page has kept its build: that wait not counted), with
//             the browser's processor time to each, beside
//             DuckDB-WASM's bare read_csv of the same file (its Node build) in the same run;
//  embed    - an embedded chart (prerendered at build time): time to first contentful paint (the
//             chart is the page's content), bytes transferred before it, and time until the live
//             chart from the page's own DuckDB has taken over.
//  records  - record-level files (generated for the 19 demo places, 1M and 10M rows): `npm run
//             ingest` aggregating them (in a child process, whose peak memory is measured), beside
//             DuckDB's bare read_csv of the same files into a table (native DuckDB, the pipeline's
//             engine), in the same run, and the ratio: the whole process (start to exit, as the
//             data team waits for it), its processor time after its code was loaded, and the
//             aggregation alone (as the ingest prints it). Needs no site build or browser.
//  records-upload - in Chromium, a generated record set of the first --rows size (spells and CLD
//             events, with its hub map) chosen on the upload page: the time to its report (DuckDB-WASM
//             reading the files and aggregating them, the aggregates checked), to the aggregates
//             added, and to every chart of the place page drawn from them (in the same visit; and
//             reloaded, which restores the upload from browser storage, once the page has kept its
//             build: that wait not counted), with the browser's processor
//             time to each and the load average, and DuckDB-WASM's bare read_csv of the same files (its
//             Node build) in the same run.
//  ingest-merge - `npm run ingest` (a process of its own, peak memory measured) of a 100k-row
//             canonical CSV into existing extracts of 1M observations (the pipeline bench's file):
//             half its rows revise existing ones, half are new. Each run starts from a copy of the
//             same extracts. Needs no site build or browser.
//  build    - with the real national files at hand (../shared/data/real or BCF_REAL_DATA), the
//             site of every English council: ingest, publish and build times, and prerendered
//             pages per second (runs at most 3 times: each is a whole build).
// Prints each run and the median (min–max).
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { DEFAULT_SETTINGS } from '../src/lib/contract/settings';
import { buildSite } from './build';
import { writeDemoCsvs } from './demo-data';
import { launchChromium } from './chromium';
import { generateRecords } from './demo/records';
import { ingest } from './ingest';
import { buildNationalSite } from './national';
import { recordFile } from './records';
import { readCsvSql } from '../src/lib/records/layouts';
import { nativeDuckDb } from '../src/lib/server/native-duckdb';
import { nodeDuckDb } from '../src/lib/server/node-duckdb';
import { publish } from './publish';
import { serve } from './serve';
import { nationalSyntheticFiles, syntheticFiles } from './synthetic';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    path: { type: 'string', default: '/' },
    'no-build': { type: 'boolean', default: false },
    // upload: press Add as soon as the report is shown (else once DuckDB's bare read_csv is timed, a second or so later).
    'at-once': { type: 'boolean', default: false },
    only: { type: 'string' }, // views | page | embed | pipeline | upload | records | records-upload | ingest-merge | build
    rows: { type: 'string', default: '1000000,10000000' }, // records: the sizes generated
    'national-data': { type: 'string' },
  },
});
const runs = Number(values.runs);
const wanted = (section: string) => !values.only || values.only === section;

const stat = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[(s.length - 1) >> 1]!, min: s[0]!, max: s.at(-1)! };
};
function line(label: string, xs: number[], unit: string, scale = 1, dp = 0) {
  const { median, min, max } = stat(xs.map((x) => x / scale));
  console.log(`${label.padEnd(34)} median ${median.toFixed(dp)} ${unit} (min ${min.toFixed(dp)}, max ${max.toFixed(dp)})`);
}

async function benchPage(browser: Browser, base: string) {
  const watchCharts = () => {
    const w = window as unknown as { __first?: number; __all?: number };
    new MutationObserver(() => {
      const figures = [...document.querySelectorAll<HTMLElement>('figure[data-chart]')];
      const ready = figures.filter((f) => f.dataset.state === 'ready').length;
      if (ready > 0 && w.__first === undefined) w.__first = performance.now();
      if (figures.length > 0 && ready === figures.length && w.__all === undefined) w.__all = performance.now();
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
  };
  const kind = (url: string) => (/\.wasm$/.test(url) ? 'wasm' : /\.js$/.test(url) ? 'js' : /\.(arrow|json)$/.test(url) ? 'data' : 'other');
  const results: { first: number; all: number; js: number; wasm: number; data: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    await context.addInitScript(watchCharts);
    const page = await context.newPage();
    const bytes = { js: 0, wasm: 0, data: 0, other: 0 };
    page.on('requestfinished', async (req) => {
      const sizes = await req.sizes().catch(() => null);
      if (sizes) bytes[kind(new URL(req.url()).pathname)] += sizes.responseBodySize;
    });
    await page.goto(`${base}${values.path}`);
    await page.waitForFunction(() => (window as unknown as { __all?: number }).__all !== undefined, null, { timeout: 60_000 });
    const t = await page.evaluate(() => {
      const w = window as unknown as { __first: number; __all: number };
      return { first: w.__first, all: w.__all, charts: document.querySelectorAll('figure[data-chart]').length };
    });
    await page.waitForLoadState('networkidle');
    results.push({ ...t, ...bytes });
    console.log(`run ${i + 1}: first chart ${t.first.toFixed(0)} ms, all ${t.charts} charts ${t.all.toFixed(0)} ms, JS ${(bytes.js / 1e3).toFixed(0)} kB, wasm ${(bytes.wasm / 1e6).toFixed(2)} MB, data ${(bytes.data / 1e3).toFixed(0)} kB`);
    await context.close();
  }
  console.log(`\n${values.path}, ${results.length} cold runs, headless Chromium:`);
  line('first chart ready', results.map((r) => r.first), 'ms');
  line('every chart ready', results.map((r) => r.all), 'ms');
  line('JS transferred', results.map((r) => r.js), 'kB', 1e3);
  line('wasm transferred', results.map((r) => r.wasm), 'MB', 1e6, 2);
  line('data transferred', results.map((r) => r.data), 'kB', 1e3);
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};

/** In every page of a benchmarked visit: long tasks, when the charts became interactive, and when a change began. */
function watchViews() {
  const b = { longtasks: [] as { start: number; duration: number }[], interactive: undefined as number | undefined, t0: 0 };
  (window as unknown as { __bench: typeof b }).__bench = b;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) b.longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  // Interactive: every chart drawn by Plot (from the build's data or the page's DuckDB), so it can
  // be hovered and read from the keyboard; the static SVG before hydration is not.
  new MutationObserver(() => {
    const f = [...document.querySelectorAll<HTMLElement>('figure[data-chart]')];
    if (b.interactive === undefined && f.length > 0 && f.every((x) => ['prerendered', 'ready', 'empty'].includes(x.dataset.state ?? ''))) b.interactive = performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
  document.addEventListener('input', (e) => { b.t0 = e.timeStamp; }, true);
}

interface Timed { changes: number[]; cpu: number[]; longtasks: number[] }
interface ViewLoad extends Timed { paint: number; interactive: number; duckdb: number; started: number; engine: number; tables: number; kinds: Map<string, Timed> }
type Page = import('playwright-core').Page;

/**
 * A kind of change of view other than the place's: `ready` readies the page for it (untimed; false
 * when the page offers no such change), `act` makes the i-th change, `charts` the charts it
 * redraws (every chart on the page unless named).
 */
interface ChangeKind { name: string; ready?: (page: Page) => Promise<boolean>; act: (page: Page, i: number) => Promise<void>; charts?: string[] }

const radios = (page: Page, name: string) => page.locator(`main input[type=radio][name=${name}]`);
/** Clicks the radio buttons of `name` in turn, skipping the one checked. */
const nextRadio = (name: string) => async (page: Page, i: number) => {
  const all = radios(page, name);
  const n = await all.count();
  const checked = await all.evaluateAll((rs) => rs.findIndex((r) => (r as HTMLInputElement).checked));
  await all.nth((checked + 1 + (i % Math.max(1, n - 1))) % n).click();
};
/** Readies the metric page for a choice of `name` among at least two, choosing the first metric that offers one. */
const metricOffering = (name: string) => async (page: Page) => {
  for (let m = 0; m < (await radios(page, 'metric').count()); m++) {
    if ((await radios(page, name).count()) > 1) return true;
    await radios(page, 'metric').nth(m).click();
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('figure[data-chart]')].every((f) => f.getAttribute('aria-busy') !== 'true' && ['ready', 'empty'].includes(f.dataset.state ?? '')), null, { timeout: 60_000 });
  }
  return (await radios(page, name).count()) > 1;
};

/** Every kind of change of view a page offers besides its place (issue 14: "any change of view"). */
const CHANGE_KINDS: Record<string, ChangeKind[]> = {
  '/': [{ name: 'BCF year', ready: async (page) => (await page.locator('select#bcf-year option').count()) > 1, act: async (page, i) => {
    const year = page.locator('select#bcf-year');
    const years = await year.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    await year.selectOption(years[(years.indexOf(await year.inputValue()) + 1) % years.length]!);
  } }],
  '/metric': [
    { name: 'metric', act: nextRadio('metric') },
    { name: 'breakdown', ready: metricOffering('breakdown'), act: nextRadio('breakdown') },
    { name: 'period type', ready: metricOffering('period'), act: nextRadio('period') },
    { name: 'periods shown', ready: async (page) => (await page.locator('.range select').count()) === 2, act: async (page, i) => {
      // From the first period and from a later one in turn, so that each is a change.
      const from = page.locator('.range select').first();
      const later = Math.max(1, Math.min(5, (await from.locator('option').count()) - 1));
      await from.selectOption({ index: i % 2 === 1 ? 0 : 1 + ((i / 2) % later) });
    } },
    { name: 'comparators', ready: async (page) => (await page.locator('details.compare input[type=checkbox][value]').count()) > 0, act: async (page, i) => {
      // Adds a place, then takes it away again, and so on (the list folds when none is chosen).
      await page.locator('details.compare').evaluate((d) => ((d as HTMLDetailsElement).open = true));
      const places = page.locator('details.compare input[type=checkbox][value]');
      await places.nth(Math.floor(i / 2) % Math.min(10, await places.count())).click();
    }, charts: ['trend'] },
    { name: 'SPC settings', ready: async (page) => {
      // The settings show for a series of several points: every period of the first metric.
      if ((await page.locator('.spc-controls input[type=number]').count()) === 0) {
        await radios(page, 'metric').first().click();
        await page.waitForFunction(() => document.querySelectorAll('.spc-controls input[type=number]').length > 0, null, { timeout: 60_000 }).catch(() => {});
      }
      return (await page.locator('.spc-controls input[type=number]').count()) > 0;
    }, act: async (page, i) => {
      await page.locator('.spc-controls input[type=number]').first().evaluate((input, run) => {
        (input as HTMLInputElement).value = String(run);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        input.dispatchEvent(new Event('change', { bubbles: true }));
      }, 5 + ((i + 1) % 6));
    }, charts: ['spc'] },
  ],
};

/**
 * Makes `count` changes with `act`, each timed from its input event until the charts it redraws
 * (`charts`, or every chart on the page) are drawn anew and none is busy, with the main thread's
 * processor time and long tasks meanwhile.
 */
async function timeChanges(page: Page, count: number, act: (i: number) => Promise<void>, charts?: string[]): Promise<Timed> {
  // The page's main thread's processor time (Chromium's ThreadTime): unlike the time waited, it
  // hardly depends on what else the machine is doing.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const threadMs = async () => 1000 * (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')!.value;
  const timed: Timed = { changes: [], cpu: [], longtasks: [] };
  for (let i = 0; i < count; i++) {
    await page.evaluate(() => document.querySelectorAll('figure[data-chart] svg[class^="plot"]').forEach((s) => { (s as unknown as { __old: boolean }).__old = true; }));
    const cpu0 = await threadMs();
    await act(i);
    // Polled each animation frame, as a reader sees it: the charts drawn anew from the new view.
    await page.waitForFunction((named) => {
      const f = [...document.querySelectorAll<HTMLElement>('figure[data-chart]')];
      // (No function of its own in here: the bench's compiler would wrap it in a helper the page lacks.)
      const done = f.length > 0 && f.every((x) => x.getAttribute('aria-busy') !== 'true' && ((x.dataset.state === 'ready'
        && ((named && !named.includes(x.dataset.chart!)) || [...x.querySelectorAll('svg[class^="plot"]')].every((s) => !(s as unknown as { __old?: boolean }).__old))) || x.dataset.state === 'empty'));
      if (done) (window as unknown as { __bench: { t1: number } }).__bench.t1 = performance.now();
      return done;
    }, charts ?? null, { timeout: 60_000, polling: 'raf' });
    timed.cpu.push((await threadMs()) - cpu0);
    const r = await page.evaluate(() => {
      const b = (window as unknown as { __bench: { t0: number; t1: number; longtasks: { start: number; duration: number }[] } }).__bench;
      return { ms: b.t1 - b.t0, long: b.longtasks.filter((l) => l.start + l.duration > b.t0 && l.start < b.t1).map((l) => l.duration) };
    });
    timed.changes.push(r.ms);
    timed.longtasks.push(...r.long);
  }
  await cdp.detach();
  return timed;
}

/**
 * Opens `url` in `context`'s page, waits for DuckDB, then changes the area `changes` times, and
 * makes `others` changes of each other kind the page offers.
 */
async function loadAndChange(page: Page, url: string, changes: number, others: number): Promise<ViewLoad> {
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('bcf:duckdb-ready').length > 0, null, { timeout: 120_000 });
  await page.waitForFunction(() => {
    const f = [...document.querySelectorAll<HTMLElement>('figure[data-chart]')];
    return f.length > 0 && f.every((x) => x.dataset.state === 'ready' || x.dataset.state === 'empty');
  }, null, { timeout: 120_000, polling: 'raf' });
  const load = await page.evaluate(() => ({
    paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    interactive: (window as unknown as { __bench: { interactive: number } }).__bench.interactive,
    duckdb: performance.getEntriesByName('bcf:duckdb-ready')[0]!.startTime,
    // Where the wait for DuckDB goes: the page began loading it, its engine started, the extracts loaded.
    started: performance.getEntriesByName('bcf:load-started')[0]!.startTime,
    engine: performance.getEntriesByName('bcf:engine-started')[0]!.startTime,
    tables: performance.getEntriesByName('bcf:tables-loaded')[0]!.startTime,
  }));
  const select = page.locator('select#place');
  const codes = await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  const places = await timeChanges(page, changes, async (i) => void (await select.selectOption(codes[(i * 7 + 1) % codes.length]!)));
  const kinds = new Map<string, Timed>();
  for (const kind of CHANGE_KINDS[new URL(url).pathname] ?? []) {
    if (kind.ready && !(await kind.ready(page))) continue;
    kinds.set(kind.name, await timeChanges(page, others, (i) => kind.act(page, i), kind.charts));
  }
  return { ...load, ...places, kinds };
}

/**
 * The overview and the metric page of one site, each opened cold (fresh profile) and warm (next
 * page of the visit): changes of place, then `others` changes of each other kind the page offers.
 */
async function benchViews(browser: Browser, label: string, base: string, changes = 20, others = 7) {
  const pages = ['/', '/metric'];
  const results = new Map<string, ViewLoad[]>();
  const visits = Math.min(runs, 3);
  for (let i = 0; i < visits; i++) {
    for (const [first, second] of [pages, [...pages].reverse()]) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addInitScript(watchViews);
      const page = await context.newPage();
      for (const [url, temp] of [[first, 'cold'], [second, 'warm']] as const) {
        const r = await loadAndChange(page, `${base}${url}`, changes, others);
        const key = `${url} ${temp}`;
        results.set(key, [...(results.get(key) ?? []), r]);
        const otherText = [...r.kinds].map(([k, t]) => `${k} ${pct(t.changes, 0.5).toFixed(0)} / ${pct(t.changes, 0.95).toFixed(0)} ms`).join(', ');
        console.log(`${label} ${key} run ${i + 1}: paint ${r.paint.toFixed(0)} ms, interactive ${r.interactive.toFixed(0)} ms, DuckDB ready ${r.duckdb.toFixed(0)} ms (load started ${r.started.toFixed(0)}, engine started ${r.engine.toFixed(0)}, tables loaded ${r.tables.toFixed(0)}), change of place p50 ${pct(r.changes, 0.5).toFixed(0)} / p95 ${pct(r.changes, 0.95).toFixed(0)} ms (main-thread processor ${pct(r.cpu, 0.5).toFixed(0)} / ${pct(r.cpu, 0.95).toFixed(0)} ms), ${r.longtasks.length} long tasks${otherText ? `; other changes p50 / p95: ${otherText}` : ''}; load average ${os.loadavg()[0]!.toFixed(1)}`);
      }
      await context.close();
    }
  }
  const row = (name: string, ts: Timed[]) => {
    const all = ts.flatMap((t) => t.changes);
    const cpu = ts.flatMap((t) => t.cpu);
    const long = ts.flatMap((t) => t.longtasks);
    return `${name.padEnd(30)} ${all.length.toString().padStart(7)}  ${pct(all, 0.5).toFixed(0).padStart(6)} ms  ${pct(all, 0.95).toFixed(0).padStart(6)} ms  ${pct(cpu, 0.5).toFixed(0).padStart(5)} / ${pct(cpu, 0.95).toFixed(0).padStart(4)} ms  ${long.length} (longest ${long.length ? Math.max(...long).toFixed(0) : 0} ms)`;
  };
  console.log(`\n${label}: medians over ${visits} visits; headless Chromium`);
  console.log('page             first paint  interactive  DuckDB ready');
  for (const [key, rs] of [...results].sort()) {
    const med = (f: (r: ViewLoad) => number) => stat(rs.map(f)).median.toFixed(0).padStart(7);
    console.log(`${key.padEnd(16)} ${med((r) => r.paint)} ms  ${med((r) => r.interactive)} ms  ${med((r) => r.duckdb)} ms`);
  }
  console.log(`\n${label}: changes of view, pooled over the visits (each timed until the charts it redraws are drawn anew)`);
  console.log('page and change                changes  p50        p95        processor p50/p95  long tasks (> 50 ms)');
  for (const [key, rs] of [...results].sort()) {
    console.log(row(`${key}: place`, rs));
    for (const kind of new Set(rs.flatMap((r) => [...r.kinds.keys()]))) console.log(row(`${key}: ${kind}`, rs.flatMap((r) => r.kinds.get(kind) ?? [])));
  }
  console.log(`load average (1, 5, 15 min) at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(', ')}`);
}

/**
 * Generates the national-size extract, ingests and publishes it with the project's pipeline and
 * builds a site from it. A whole national build prerenders thousands of embeds (minutes on this
 * machine): the bench prerenders only the home area's, which the timings here do not depend on.
 */
async function nationalSite(work: string): Promise<{ site: string; observations: number }> {
  let published = values['national-data'];
  if (!published) {
    const dir = path.join(work, 'national');
    mkdirSync(dir, { recursive: true });
    const t0 = performance.now();
    const gen = nationalSyntheticFiles(dir);
    const outcome = await ingest(gen.files, { out: path.join(dir, 'extracts'), fresh: true, log: () => {} });
    if (!outcome.written) throw new Error(`national extract not ingested: ${outcome.errors[0]?.message}`);
    published = path.join(os.tmpdir(), `bcf-bench-national-published-${process.pid}`);
    await publish(path.join(dir, 'extracts'), published, { ...DEFAULT_SETTINGS, data_set: 'own' });
    console.log(`National-size extract: ${gen.rows} generated observations, ingested and published in ${((performance.now() - t0) / 1000).toFixed(0)} s to ${published} (reuse with --national-data)`);
  }
  const site = path.join(work, 'national-site');
  const t0 = performance.now();
  await buildSite(published, site, null, { prerenderAreas: [DEFAULT_SETTINGS.home_area] });
  const manifest = JSON.parse(readFileSync(path.join(published, 'manifest.json'), 'utf8')) as { extracts: { observations: { rows: number } } };
  console.log(`National-size site built in ${((performance.now() - t0) / 1000).toFixed(0)} s (prerendering limited to ${DEFAULT_SETTINGS.home_area}): ${manifest.extracts.observations.rows} published observations`);
  return { site, observations: manifest.extracts.observations.rows };
}

async function benchEmbed(browser: Browser, base: string, embedPath = '/embed/trend/dtoc/E06000006') {
  const results: { paint: number; bytesBefore: number; live: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}${embedPath}`);
    await page.waitForSelector('main[data-live="yes"]', { timeout: 60_000 });
    const t = await page.evaluate(() => {
      const paint = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const before = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((r) => r.responseEnd <= paint);
      return { paint, bytesBefore: nav.transferSize + before.reduce((s, r) => s + r.transferSize, 0), live: performance.now() };
    });
    results.push(t);
    console.log(`run ${i + 1}: chart painted ${t.paint.toFixed(0)} ms (${(t.bytesBefore / 1e3).toFixed(0)} kB before it), live chart by ${t.live.toFixed(0)} ms`);
    await context.close();
  }
  console.log(`\n${embedPath}, ${results.length} cold runs, headless Chromium:`);
  line('prerendered chart painted (FCP)', results.map((r) => r.paint), 'ms');
  line('bytes before the chart', results.map((r) => r.bytesBefore), 'kB', 1e3);
  line('live chart (DuckDB) by', results.map((r) => r.live), 'ms');
}

async function benchPipeline(files: ReturnType<typeof syntheticFiles>, dir: string) {
  const mb = statSync(files.obsFile).size / 1e6;
  console.log(`load average before: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')} (${os.cpus().length} cores)`);
  const results: { wall: number; cpu: number; peakMb: number; bare: number; bareCpu: number }[] = [];
  for (let i = 0; i < Math.min(runs, 5); i++) {
    const out = path.join(dir, `out-${i}`);
    // A process of its own, as the data team runs it: processor time and peak memory from GNU time.
    const r = timedIngest(`--fresh --out ${out} ${files.areasFile} ${files.obsFile}`);
    const { bare, bareCpu } = await bareReadCsv([files.obsFile], 'native');
    results.push({ wall: r.wallAll, cpu: r.cpu, peakMb: r.peakMb, bare, bareCpu });
    console.log(`run ${i + 1}: ${files.rows} rows (${mb.toFixed(0)} MB) in ${r.wallAll} ms, start to exit (processor ${r.cpu.toFixed(0)} ms, of which ${r.workCpu} ms after its code was loaded; peak memory ${r.peakMb.toFixed(0)} MB); native DuckDB's bare read_csv of the same file ${bare.toFixed(0)} ms (processor ${bareCpu.toFixed(0)} ms); load average ${os.loadavg()[0]!.toFixed(2)}`);
    rmSync(out, { recursive: true, force: true });
  }
  console.log(`\nnpm run ingest on a ${mb.toFixed(0)} MB, ${files.rows}-row canonical CSV (read, validate, merge, write Arrow):`);
  line('time (wall, start to exit)', results.map((r) => r.wall), 'ms');
  line('processor time', results.map((r) => r.cpu), 'ms');
  line('rows per second (wall)', results.map((r) => files.rows / (r.wall / 1000)), 'rows/s');
  line('rows per processor-second', results.map((r) => files.rows / (r.cpu / 1000)), 'rows/s');
  line('peak memory', results.map((r) => r.peakMb), 'MB');
  line('bare read_csv (native), wall', results.map((r) => r.bare), 'ms');
  line('bare read_csv (native), processor', results.map((r) => r.bareCpu), 'ms');
  line('ratio (bare read_csv / ingest, wall)', results.map((r) => r.bare / r.wall), '', 1, 2);
  line('ratio (bare read_csv / ingest, processor)', results.map((r) => r.bareCpu / r.cpu), '', 1, 2);
  console.log(`load average after: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`);
}

/**
 * Processor time (user + system, ms) of this process's descendants that are running now: the
 * headless Chromium the benchmark launched (its renderers, with DuckDB's and the page's workers as
 * their threads). A process that ends between two readings takes its time with it.
 */
function browserCpuMs(): number {
  const stats = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).flatMap((pid) => {
    try {
      // Fields after the command's closing parenthesis: state, ppid, … utime (14th), stime (15th).
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return [{ pid: Number(pid), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) }];
    } catch {
      return [];
    }
  });
  const mine = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const s of stats) {
      if (mine.has(s.pid) || !mine.has(s.ppid)) continue;
      mine.add(s.pid);
      grew = true;
    }
  }
  // Clock ticks are 1/100 s on Linux (getconf CLK_TCK).
  return stats.filter((s) => s.pid !== process.pid && mine.has(s.pid)).reduce((t, s) => t + s.ticks * 10, 0);
}

/**
 * Where an upload's time went in the page, from its performance marks (the last of each name), as
 * "name +ms" from the first: adding (stored, metric_values made, suppressed, shown) or a page load
 * (engine started, extracts loaded, uploads restored, metric_values made, suppressed, DuckDB ready).
 */
async function marksSplit(page: Page, names: string[]): Promise<string> {
  const at = await page.evaluate((ns) => ns.map((n) => performance.getEntriesByName(n).at(-1)?.startTime ?? NaN), names);
  return names.slice(1).map((n, i) => `${n.replace('bcf:', '')} +${Math.round(at[i + 1]! - at[i]!)}`).join(', ');
}
/**
 * Waits for the upload's report, looking each animation frame. Not waitForSelector: Playwright
 * looks for a selector after 20, 50, 100, 100 ms and then every 500 ms, so a report that took 2 s
 * was timed at 2.34 s, whatever the code (every run of main and of the last changes at 17:31-17:42
 * gave 2,337-2,360 ms), and every chart after it inherited the error.
 */
const reportShown = (page: Page) => page.waitForFunction(() => document.querySelector('[data-report]') !== null, null, { polling: 'raf', timeout: 300_000 });
const READ_MARKS = ['bcf:upload-chosen', 'bcf:records-aggregated', 'bcf:upload-read', 'bcf:upload-compared', 'bcf:upload-report'];
const CANONICAL_READ_MARKS = READ_MARKS.filter((m) => m !== 'bcf:records-aggregated');
/** An upload's rows added to metric_values while its report is read (upload/prepared-add.ts), from the report on. */
const PREPARE_MARKS = ['bcf:upload-report', 'bcf:metric-values-made', 'bcf:counts-fetched', 'bcf:suppression-decided', 'bcf:suppressed', 'bcf:add-prepared'];
/** Adding what was prepared: waiting for the rest of it, putting it in place, keeping the build and storing the upload. */
const ADOPT_MARKS = ['bcf:upload-add', 'bcf:add-adopted', 'bcf:upload-shown'];
const ADD_MARKS = ['bcf:upload-add', 'bcf:upload-stored', 'bcf:metric-values-made', 'bcf:counts-fetched', 'bcf:suppression-decided', 'bcf:suppressed', 'bcf:metric-values-kept', 'bcf:upload-shown'];
const LOAD_MARKS = ['bcf:load-started', 'bcf:engine-started', 'bcf:tables-loaded', 'bcf:uploads-restored', 'bcf:kept-build-read', 'bcf:metric-values-made', 'bcf:suppressed', 'bcf:duckdb-ready'];

async function benchUpload(browser: Browser, base: string, files: ReturnType<typeof syntheticFiles>) {
  const results: { report: number; added: number; visit: number; chart: number; reportCpu: number; addedCpu: number; visitCpu: number; chartCpu: number; bare: number; bareCpu: number }[] = [];
  for (let i = 0; i < Math.min(runs, 3); i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/upload`);
    await page.waitForSelector('.provenance');
    await page.setInputFiles('#file-input', files.areasFile);
    await page.getByRole('button', { name: /^Add / }).click();
    await page.waitForSelector('table.uploads');
    const t0 = Date.now();
    const c0 = browserCpuMs();
    await page.setInputFiles('#file-input', files.obsFile);
    await reportShown(page);
    const report = Date.now() - t0;
    const reportCpu = browserCpuMs() - c0;
    const timeBare = () => bareReadCsv([files.obsFile], 'wasm');
    // (The reader's pause before Add: what the page does meanwhile is counted in its processor time.)
    let measured = values['at-once'] ? null : await timeBare();
    const keptBefore = await page.evaluate(() => performance.getEntriesByName('bcf:metric-values-kept').length);
    const t1 = Date.now();
    await page.getByRole('button', { name: /^Add / }).click();
    await page.waitForFunction(() => document.querySelectorAll('table.uploads tbody tr').length === 2, null, { timeout: 300_000 });
    const added = report + Date.now() - t1;
    // From the drop: the page's work while the report is read counts too.
    const addedCpu = browserCpuMs() - c0;
    const adopted = await page.evaluate(() => performance.getEntriesByName('bcf:add-adopted').length > 0);
    const addSplit = `${await marksSplit(page, CANONICAL_READ_MARKS)}; ${adopted ? `prepared from the report: ${await marksSplit(page, PREPARE_MARKS)}; Add: ${await marksSplit(page, ADOPT_MARKS)}` : await marksSplit(page, ADD_MARKS)}`;
    const dtocReady = () => page.waitForFunction(() => document.querySelector('figure[data-chart="trend-dtoc"]')?.getAttribute('data-state') === 'ready', null, { timeout: 300_000 });
    // The hub page in the same visit (the menu's link: the page's DuckDB holds the rows added; its
    // first hub is of the home area, Halton, whose hubs the upload's are) ...
    await page.click('nav a[href*="/hub"]');
    await dtocReady();
    const visit = report + Date.now() - t1;
    const visitCpu = browserCpuMs() - c0;
    // ... and a fresh page load, which restores the upload from browser storage (timed from Add, as
    // before: the visit's chart is counted in it). An add prepared while the report was read keeps
    // its build for the next page load once the page has drawn it (db/data.svelte.ts showAdopted),
    // two seconds later: the reload waits for that, and the wait is not counted.
    const k0 = Date.now();
    await page.waitForFunction((n) => performance.getEntriesByName('bcf:metric-values-kept').length > n, keptBefore, { timeout: 300_000 });
    const keptWait = Date.now() - k0;
    const r0 = Date.now();
    await page.goto(`${base}/hub?area=${files.firstArea}`);
    await dtocReady();
    console.log(`  reading and adding: ${addSplit}; kept for a page load ${keptWait} ms after the visit's chart; the page load: ${await marksSplit(page, LOAD_MARKS)} ms`);
    const chart = visit + Date.now() - r0;
    const chartCpu = browserCpuMs() - c0;
    measured ??= await timeBare();
    const { bare, bareCpu } = measured;
    results.push({ report, added, visit, chart, reportCpu, addedCpu, visitCpu, chartCpu, bare, bareCpu });
    console.log(`run ${i + 1}: report ${report} ms, rows added ${added} ms, chart from them in the same visit ${visit} ms, after a fresh page load (which restores the upload from browser storage) ${chart} ms; the browser's processor time to each ${reportCpu} / ${addedCpu} / ${visitCpu} / ${chartCpu} ms; DuckDB-WASM's bare read_csv of the same file (Node build, same engine, between the two) ${bare.toFixed(0)} ms (processor ${bareCpu.toFixed(0)} ms); load average ${os.loadavg()[0]!.toFixed(2)}`);
    await context.close();
  }
  console.log(`\nDropping a ${files.rows}-row CSV on the upload page, headless Chromium:`);
  line('to the report', results.map((r) => r.report), 'ms');
  line('to the rows added', results.map((r) => r.added), 'ms');
  line('to a chart, the same visit', results.map((r) => r.visit), 'ms');
  line('to a chart drawn from them', results.map((r) => r.chart), 'ms');
  line('  of which the reload', results.map((r) => r.chart - r.visit), 'ms');
  line('browser processor, to the report', results.map((r) => r.reportCpu), 'ms');
  line('browser processor, to rows added', results.map((r) => r.addedCpu), 'ms');
  line('browser processor, to the visit chart', results.map((r) => r.visitCpu), 'ms');
  line('browser processor, to the chart', results.map((r) => r.chartCpu), 'ms');
  line("bare read_csv (Node build), wall", results.map((r) => r.bare), 'ms');
  line("bare read_csv (Node build), processor", results.map((r) => r.bareCpu), 'ms');
  line('ratio (bare read_csv wall / report)', results.map((r) => r.bare / r.report), '', 1, 2);
}

async function benchRecordsUpload(browser: Browser, base: string, work: string) {
  const asked = Number(values.rows!.split(',')[0]);
  const files = generateRecords(path.join(work, 'records-upload'), asked);
  const mb = (statSync(files.spells).size + statSync(files.events).size) / 1e6;
  const results: { report: number; added: number; charts: number; reload: number; reportCpu: number; chartsCpu: number; reloadCpu: number; bare: number; bareCpu: number }[] = [];
  for (let i = 0; i < Math.min(runs, 3); i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/upload`);
    // Timed from a page whose own data are in (loading them is the page bench's measure).
    await page.waitForSelector('.provenance');
    await page.waitForSelector('.status p.loading', { state: 'detached', timeout: 120_000 });
    const t0 = Date.now();
    const c0 = browserCpuMs();
    await page.setInputFiles('#file-input', [files.spells, files.events, files.hubMap]);
    await reportShown(page);
    const report = Date.now() - t0;
    const reportCpu = browserCpuMs() - c0;
    const { bare, bareCpu } = await bareReadCsv([files.spells, files.events], 'wasm');
    const keptBefore = await page.evaluate(() => performance.getEntriesByName('bcf:metric-values-kept').length);
    const t1 = Date.now();
    const c1 = browserCpuMs();
    await page.getByRole('button', { name: /^Add / }).click();
    await page.waitForFunction(() => document.querySelectorAll('table.uploads tbody tr').length === 1, null, { timeout: 300_000 });
    const added = report + Date.now() - t1;
    // Built while the report was read (upload/prepared-add.ts), or after Add.
    const adopted = await page.evaluate(() => performance.getEntriesByName('bcf:add-adopted').length > 0);
    const addSplit = `${await marksSplit(page, READ_MARKS)}; ${adopted ? `prepared from the report: ${await marksSplit(page, PREPARE_MARKS)}; Add: ${await marksSplit(page, ADOPT_MARKS)}` : await marksSplit(page, ADD_MARKS)}`;
    const chartsReady = () =>
      page.waitForFunction(
        () => {
          const figures = [...document.querySelectorAll<HTMLElement>('figure[data-chart]')];
          return figures.length > 0 && figures.every((f) => f.dataset.state === 'ready');
        },
        null,
        { timeout: 300_000 },
      );
    // The place page in the same visit (the menu's link: the page's DuckDB already holds the aggregates) ...
    await page.click('nav a[href*="/place"]');
    await chartsReady();
    const charts = report + Date.now() - t1;
    const chartsCpu = reportCpu + browserCpuMs() - c1;
    // ... and on a fresh load, which restores the upload from browser storage. A build prepared
    // while the report was read is kept for it once the page has drawn it, two seconds later
    // (db/data.svelte.ts showAdopted): the reload waits for that, and the wait is not counted.
    const k0 = Date.now();
    await page.waitForFunction((n) => performance.getEntriesByName('bcf:metric-values-kept').length > n, keptBefore, { timeout: 300_000 });
    const keptWait = Date.now() - k0;
    const t2 = Date.now();
    const c2 = browserCpuMs();
    await page.goto(`${base}/place?area=E06000006`);
    await chartsReady();
    const reload = Date.now() - t2;
    const reloadCpu = browserCpuMs() - c2;
    console.log(`  reading: ${addSplit}; kept for a page load ${keptWait} ms after every chart; the reload: ${await marksSplit(page, LOAD_MARKS)} ms`);
    results.push({ report, added, charts, reload, reportCpu, chartsCpu, reloadCpu, bare, bareCpu });
    console.log(
      `run ${i + 1}: report ${report} ms, aggregates added ${added} ms, every chart of the place page in the same visit ${charts} ms, after a reload ${reload} ms; the browser's processor time to the report ${reportCpu}, to every chart ${chartsCpu}, for the reload ${reloadCpu} ms; DuckDB-WASM's bare read_csv of the same files (Node build, same engine, between the two) ${bare.toFixed(0)} ms (processor ${bareCpu.toFixed(0)} ms); load average ${os.loadavg()[0]!.toFixed(2)}`,
    );
    await context.close();
  }
  console.log(`\nChoosing ${files.rows.toLocaleString('en-GB')} record-level rows (${mb.toFixed(0)} MB of spells and CLD events, with the hub map) on the upload page, headless Chromium (${os.cpus().length} cores):`);
  line('to the report (aggregated, checked)', results.map((r) => r.report), 'ms');
  line('to the aggregates added', results.map((r) => r.added), 'ms');
  line('to every chart of the place page', results.map((r) => r.charts), 'ms');
  line('place page reloaded, to every chart', results.map((r) => r.reload), 'ms');
  line('browser processor, to the report', results.map((r) => r.reportCpu), 'ms');
  line('browser processor, to every chart', results.map((r) => r.chartsCpu), 'ms');
  line('browser processor, the reload', results.map((r) => r.reloadCpu), 'ms');
  line("bare read_csv (Node build), wall", results.map((r) => r.bare), 'ms');
  line("bare read_csv (Node build), processor", results.map((r) => r.bareCpu), 'ms');
  line('ratio (bare read_csv wall / report)', results.map((r) => r.bare / r.report), '', 1, 2);
}

async function benchNationalBuild(work: string) {
  const real = path.resolve(process.env.BCF_REAL_DATA ?? '../shared/data/real');
  if (!existsSync(path.join(real, 'README.md'))) return console.log(`\nNational build: skipped, no real data at ${real}`);
  const results: { ingest: number; publish: number; build: number; pages: number }[] = [];
  for (let i = 0; i < Math.min(runs, 3); i++) {
    const site = path.join(work, `national-${i}`);
    const r = await buildNationalSite(real, site);
    const pages = readdirSync(site, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html')).length;
    results.push({ ingest: r.ingestMs, publish: r.publishMs, build: r.buildMs, pages });
    console.log(`run ${i + 1}: ${r.observations} observations; ingest ${Math.round(r.ingestMs)} ms, publish ${Math.round(r.publishMs)} ms, build ${Math.round(r.buildMs)} ms, ${pages} pages (${(pages / (r.buildMs / 1000)).toFixed(1)} pages/s)`);
  }
  console.log('\nThe site of every English council from the national files:');
  line('ingest (national files)', results.map((r) => r.ingest), 's', 1000, 1);
  line('publish (disclosure control)', results.map((r) => r.publish), 's', 1000, 1);
  line('build (vite + prerender)', results.map((r) => r.build), 's', 1000, 1);
  line('pages prerendered per second', results.map((r) => r.pages / (r.build / 1000)), 'pages/s', 1, 1);
  line('total', results.map((r) => r.ingest + r.publish + r.build), 's', 1000, 1);
}

/**
 * DuckDB's own read_csv of files into tables, nothing else: a record-level file as the aggregation
 * reads it (typed columns; refused rows kept only by the upload page's engine), any other with
 * read_csv's own detection. Wall and processor ms. `native` is the pipeline's engine; `wasm` the
 * upload page's (its Node build).
 */
async function bareReadCsv(files: string[], engine: 'native' | 'wasm'): Promise<{ bare: number; bareCpu: number }> {
  const given = Object.fromEntries(files.map((file, i) => [`bare-${i}.csv`, file]));
  const native = engine === 'native' ? await nativeDuckDb(given) : null;
  const db = native ?? (await nodeDuckDb(given));
  try {
    const b0 = performance.now();
    const c0 = process.cpuUsage();
    for (const [i, [name, file]] of Object.entries(given).entries()) {
      const at = native?.path(name) ?? name;
      const r = recordFile(file);
      await db.query(`CREATE TABLE bare_${i} AS SELECT * FROM ${r ? readCsvSql(r.layout, at, r.header, r.dateFormat, !native) : `read_csv('${at}')`}`);
    }
    const c1 = process.cpuUsage(c0);
    return { bare: performance.now() - b0, bareCpu: (c1.user + c1.system) / 1000 };
  } finally {
    native?.close();
  }
}

async function benchRecords(work: string) {
  console.log(`load average before: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')} (${os.cpus().length} cores)`);
  for (const asked of values.rows!.split(',').map(Number)) {
    const t0 = performance.now();
    const files = generateRecords(path.join(work, `records-${asked}`), asked);
    const mb = (statSync(files.spells).size + statSync(files.events).size) / 1e6;
    console.log(`\n${files.rows.toLocaleString('en-GB')} rows (${mb.toFixed(0)} MB, ${files.years} financial year(s)) generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    // On a shared machine wall time says more about the neighbours than the code: processor time
    // (user + system) is printed beside it, and rows per processor-second is what one idle core does.
    const results: { bare: number; bareCpu: number; pipeline: number; pipelineCpu: number; workCpu: number; aggregation: number; aggregationCpu: number; peakMb: number }[] = [];
    for (let i = 0; i < (asked > 1_000_000 ? 1 : Math.min(runs, 3)); i++) {
      const { bare, bareCpu } = await bareReadCsv([files.spells, files.events], 'native');
      const out = path.join(work, `records-out-${i}`);
      const r = timedIngest(`--fresh --out ${out} --hub-map ${files.hubMap} ${files.spells} ${files.events}`);
      rmSync(out, { recursive: true, force: true });
      const [, aggregation, aggregationCpu] = /aggregated in (\d+) ms \(processor (\d+) ms/.exec(r.output) ?? [];
      if (!aggregation) throw new Error(`the ingest did not say how long the aggregation took:\n${r.output}`);
      results.push({ bare, bareCpu, pipeline: r.wallAll, pipelineCpu: r.cpu, workCpu: r.workCpu, aggregation: Number(aggregation), aggregationCpu: Number(aggregationCpu), peakMb: r.peakMb });
      console.log(
        `run ${i + 1}: bare read_csv ${bare.toFixed(0)} ms (processor ${bareCpu.toFixed(0)} ms); npm run ingest ${r.wallAll} ms, start to exit (the whole process's processor time ${r.cpu.toFixed(0)} ms, of which ${r.workCpu.toFixed(0)} ms after its code was loaded), of which the aggregation ${aggregation} ms (processor ${aggregationCpu} ms); peak memory ${r.peakMb.toFixed(0)} MB; load average ${os.loadavg()[0]!.toFixed(2)}`,
      );
    }
    const perSecond = (ms: number) => files.rows / (ms / 1000);
    line('bare read_csv, rows/s (wall)', results.map((r) => perSecond(r.bare)), 'rows/s');
    line('bare read_csv, rows/processor-s', results.map((r) => perSecond(r.bareCpu)), 'rows/s');
    line('npm run ingest (whole process), rows/s (wall)', results.map((r) => perSecond(r.pipeline)), 'rows/s');
    line('npm run ingest (whole process), rows/processor-s', results.map((r) => perSecond(r.pipelineCpu)), 'rows/s');
    line('ratio (read_csv / whole ingest, wall)', results.map((r) => r.bare / r.pipeline), '', 1, 2);
    line('ratio (read_csv / whole ingest, processor)', results.map((r) => r.bareCpu / r.pipelineCpu), '', 1, 2);
    line('  code loaded: rows/processor-s', results.map((r) => perSecond(r.workCpu)), 'rows/s');
    line('  code loaded: ratio to read_csv', results.map((r) => r.bareCpu / r.workCpu), '', 1, 2);
    line('aggregation alone, rows/s (wall)', results.map((r) => perSecond(r.aggregation)), 'rows/s');
    line('aggregation alone, rows/processor-s', results.map((r) => perSecond(r.aggregationCpu)), 'rows/s');
    line('ratio (read_csv / aggregation, wall)', results.map((r) => r.bare / r.aggregation), '', 1, 2);
    line('peak memory of the ingest', results.map((r) => r.peakMb), 'MB');
    rmSync(path.join(work, `records-${asked}`), { recursive: true, force: true });
  }
}

/**
 * GNU time's processor time and peak memory (DuckDB's included) of a child `npm run ingest`, with
 * its own "Done in" time and the processor time it gives for after its code was loaded.
 */
function timedIngest(args: string): { wall: number; wallAll: number; cpu: number; workCpu: number; peakMb: number; output: string } {
  const output = execSync(`/usr/bin/time -f 'wall %e cpu %U %S peak %M' node pipelines/run.mjs pipelines/ingest.ts ${args} 2>&1`, { encoding: 'utf8' });
  const [, wall, workCpu] = /Done in (\d+) ms \(processor (\d+) ms/.exec(output) ?? [];
  const [, wallAll, user, system, peak] = /wall ([\d.]+) cpu ([\d.]+) ([\d.]+) peak (\d+)/.exec(output) ?? [];
  if (!wall || !peak) throw new Error(`the ingest failed:\n${output}`);
  return { wall: Number(wall), wallAll: Math.round(Number(wallAll) * 1000), cpu: (Number(user) + Number(system)) * 1000, workCpu: Number(workCpu), peakMb: Number(peak) / 1024, output };
}

async function benchIngestMerge(work: string, newRows = 100_000) {
  console.log(`load average before: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')} (${os.cpus().length} cores)`);
  const files = syntheticFiles(work);
  writeDemoCsvs(path.join(work, 'demo')); // its areas.csv holds Halton, the synthetic hubs' parent
  const base = path.join(work, 'base', 'extracts');
  timedIngest(`--fresh --out ${base} ${path.join(work, 'demo', 'areas.csv')} ${files.areasFile} ${files.obsFile}`);
  // Half revise rows of the extracts (their numerator plus one), half are new keys (reasons for delay).
  const lines = readFileSync(files.obsFile, 'utf8').split('\n');
  const header = lines[0]!;
  const revised = lines.slice(1, 1 + newRows / 2).map((l) => {
    const cells = l.split(',');
    cells[5] = String(Number(cells[5]) + 1);
    return cells.join(',');
  });
  const reason: Record<string, string> = { total: 'reason_a', nhs: 'reason_b', social_care: 'reason_c', both: 'reason_di' };
  const added = lines.slice(1, 1 + newRows / 2).map((l) => l.replace(/,month,(\w+),/, (_, b: string) => `,month,${reason[b]},`));
  const incoming = path.join(work, 'incoming.csv');
  writeFileSync(incoming, [header, ...revised, ...added].join('\n') + '\n');
  const results: { wall: number; cpu: number; peakMb: number }[] = [];
  for (let i = 0; i < Math.min(runs, 3); i++) {
    const run = path.join(work, `run-${i}`);
    execSync(`cp -a ${path.dirname(base)} ${run}`);
    const r = timedIngest(`--out ${path.join(run, 'extracts')} ${incoming}`);
    if (!r.output.includes(`${newRows / 2} accepted, ${newRows / 2} revised, 0 unchanged, 0 rejected`)) throw new Error(`unexpected ingest output:\n${r.output}`);
    results.push(r);
    console.log(`run ${i + 1}: ${r.wall} ms (the whole process's processor time ${r.cpu.toFixed(0)} ms), peak memory ${r.peakMb.toFixed(0)} MB; load average ${os.loadavg()[0]!.toFixed(2)}`);
    if (i === 0) console.log(r.output.split('\n').filter((l) => /accepted|revised|Wrote/.test(l)).map((l) => `  ${l}`).join('\n'));
    rmSync(run, { recursive: true, force: true });
  }
  console.log(`\nnpm run ingest of ${newRows.toLocaleString('en-GB')} rows (half revisions) into extracts of ${files.rows.toLocaleString('en-GB')} observations:`);
  line('time (wall)', results.map((r) => r.wall), 'ms');
  line('processor time', results.map((r) => r.cpu), 'ms');
  line('existing + new rows per second (wall)', results.map((r) => (files.rows + newRows) / (r.wall / 1000)), 'rows/s');
  line('peak memory', results.map((r) => r.peakMb), 'MB');
  console.log(`load average after: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`);
}

// Parts that need no site build or browser.
if (values.only === 'records' || values.only === 'ingest-merge' || values.only === 'pipeline') {
  const work = mkdtempSync(path.join(os.tmpdir(), 'bcf-bench-'));
  try {
    if (values.only === 'records') await benchRecords(work);
    else if (values.only === 'pipeline') await benchPipeline(syntheticFiles(work), work);
    else await benchIngestMerge(work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  process.exit(0);
}

if (!values['no-build'] && values.only !== 'build') execSync('npm run --silent build', { stdio: 'inherit' });
const server = await serve('build', 0);
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const browser = await launchChromium();
const work = mkdtempSync(path.join(os.tmpdir(), 'bcf-bench-'));
try {
  if (wanted('views')) {
    await benchViews(browser, 'demo', base);
    const national = await nationalSite(work);
    const server2 = await serve(national.site, 0);
    try {
      await benchViews(browser, `national (${national.observations.toLocaleString('en-GB')} obs)`, `http://127.0.0.1:${(server2.address() as AddressInfo).port}`);
    } finally {
      server2.close();
    }
  }
  if (wanted('page')) await benchPage(browser, base);
  if (wanted('embed')) await benchEmbed(browser, base);
  if (wanted('pipeline') || wanted('upload')) {
    const files = syntheticFiles(work);
    if (wanted('pipeline')) await benchPipeline(files, work);
    if (wanted('upload')) await benchUpload(browser, base, files);
  }
  if (wanted('records-upload')) await benchRecordsUpload(browser, base, work);
  if (wanted('build')) await benchNationalBuild(work);
} finally {
  await browser.close();
  server.close();
  rmSync(work, { recursive: true, force: true });
}
