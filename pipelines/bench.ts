// npm run bench [-- --runs N --path /url --no-build]: builds the demo site, serves it, and loads a
// page in headless Chromium N times, each in a fresh profile (cold cache). Prints, per run and
// as median (min–max): time to the first chart drawn from data, time until every chart is drawn,
// and bytes transferred (as sent, i.e. gzip) by kind. A benchmark, not a test: it asserts nothing.
import { execSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { serve } from './serve';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    path: { type: 'string', default: '/' },
    'no-build': { type: 'boolean', default: false },
  },
});

if (!values['no-build']) execSync('npm run --silent demo-data && npm run --silent ingest && npm run --silent build', { stdio: 'inherit' });
const server = await serve('build', 0);
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

// Records, inside the page, when the first and the last chart become ready (ms since navigation).
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
type Run = { first: number; all: number; charts: number; js: number; wasm: number; data: number; other: number };
const runs: Run[] = [];
for (let i = 0; i < Number(values.runs); i++) {
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
  runs.push({ ...t, ...bytes });
  console.log(`run ${i + 1}: first chart ${t.first.toFixed(0)} ms, all ${t.charts} charts ${t.all.toFixed(0)} ms, JS ${(bytes.js / 1e3).toFixed(0)} kB, wasm ${(bytes.wasm / 1e6).toFixed(2)} MB, data ${(bytes.data / 1e3).toFixed(0)} kB`);
  await context.close();
}
await browser.close();
server.close();

const stat = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[(s.length - 1) >> 1]!, min: s[0]!, max: s.at(-1)! };
};
const line = (label: string, xs: number[], unit: string, scale = 1, dp = 0) => {
  const { median, min, max } = stat(xs.map((x) => x / scale));
  console.log(`${label.padEnd(28)} median ${median.toFixed(dp)} ${unit} (min ${min.toFixed(dp)}, max ${max.toFixed(dp)})`);
};
console.log(`\n${values.path} on ${base}, ${runs.length} cold runs, headless Chromium:`);
line('first chart ready', runs.map((r) => r.first), 'ms');
line('every chart ready', runs.map((r) => r.all), 'ms');
line('JS transferred', runs.map((r) => r.js), 'kB', 1e3);
line('wasm transferred', runs.map((r) => r.wasm), 'MB', 1e6, 2);
line('data transferred', runs.map((r) => r.data), 'kB', 1e3);
