// The browser the end-to-end tests drive, and what they wait for and read on its pages.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../pipelines/chromium';
import { fromArrowIpc } from '../../src/lib/contract/arrow';
import { afterAll, beforeAll, expect, inject } from 'vitest';

export const baseUrl = () => inject('baseUrl');

export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium({ baselineWasm: true });
  });
  afterAll(async () => browser?.close());
  return () => browser!;
}

export interface Visit {
  page: Page;
  /** Console errors, page errors and any request that left this machine's test server. */
  problems: string[];
}

export async function open(browser: Browser, path: string, width = 1280): Promise<Visit> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => !r.url().startsWith(baseUrl()) && !r.url().startsWith('blob:') && !r.url().startsWith('data:') && problems.push(`left the site: ${r.url()}`));
  await page.goto(`${baseUrl()}${path}`);
  return { page, problems };
}

/**
 * Goes to `path` as a reader following one of the site's links does: within the same page, so the
 * DuckDB it started stays up (starting one costs seconds of both cores). It passes through the
 * accessibility statement, a page without charts, so that every chart waited for afterwards is a
 * new one drawn for `path`.
 */
export async function follow(page: Page, path: string): Promise<void> {
  for (const href of ['/accessibility', path]) {
    // Inside the app's own element, where SvelteKit's router listens for clicks on links.
    await page.evaluate((h) => {
      const link = Object.assign(document.createElement('a'), { href: h });
      document.body.firstElementChild!.append(link);
      link.click();
      link.remove();
    }, href);
    await page.waitForURL((url) => url.pathname + url.search === href);
    if (href !== path) await page.waitForFunction(() => !document.querySelector('figure[data-chart]'));
  }
}

/**
 * One page for the tests of a file: the first opens it at its path and width (with `first`), and
 * each later one follows a link to its own (see `follow`) at its own width, so the file starts
 * DuckDB once rather than once per test. Each test gets the page's problems from its own start.
 */
export function sharedPage(first: (path: string, width: number) => Promise<Visit>): (path: string, width?: number) => Promise<Visit> {
  let visit: Visit | undefined;
  return async (path, width = 1280) => {
    if (visit) {
      visit.problems.length = 0;
      // Before leaving, so that the next page is drawn at its width from the start.
      await visit.page.setViewportSize({ width, height: 900 });
      await follow(visit.page, path);
    } else visit = await first(path, width);
    return visit;
  };
}

/**
 * Opens a page of the site at `site` in a context of its own (JavaScript on or off), collecting
 * every console error, page error and response of 400 or more.
 */
export async function visitSite(browser: Browser, site: string, path: string, javaScript = true) {
  const context = await browser.newContext({ javaScriptEnabled: javaScript });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
  await page.goto(`${site}${path}`);
  return { page, problems, close: () => context.close() };
}

/** A file chosen on the upload page: a path on disk, or a name and its text. */
export type UploadFile = string | { name: string; text: string };

/**
 * On the upload page: chooses `files` (null: chosen already, their report read), presses Add on
 * their report, and waits until the list of uploads shows them, by `listed` (the name the list
 * gives them; for one file, its own name), beside those it listed before.
 */
export async function addUpload(page: Page, files: UploadFile | UploadFile[] | null, listed?: string): Promise<void> {
  const chosen = files === null ? [] : [files].flat();
  const name = listed ?? (chosen.length === 1 ? (typeof chosen[0] === 'string' ? path.basename(chosen[0]) : chosen[0]!.name) : undefined);
  if (name === undefined) throw new Error('addUpload: name the upload as the list gives it');
  const uploads = page.locator('table.uploads tbody th');
  const before = await uploads.allTextContents();
  if (chosen.length > 0) {
    const payload = (f: UploadFile) => (typeof f === 'string' ? { name: path.basename(f), mimeType: 'text/csv', buffer: readFileSync(f) } : { name: f.name, mimeType: 'text/csv', buffer: Buffer.from(f.text) });
    await page.setInputFiles('#file-input', chosen.every((f) => typeof f === 'string') ? (chosen as string[]) : chosen.map(payload));
  }
  // The report comes once the files are read (a few seconds on this machine, more for records).
  await page.locator('[data-report]').getByRole('button', { name: /^Add / }).click({ timeout: 60_000 });
  await expect.poll(async () => (await uploads.allTextContents()).sort(), { timeout: 60_000 }).toEqual([...before, name].sort());
}

/**
 * Waits until every chart on the page has been drawn from data, or found to have nothing to draw
 * (Rochdale's hubs ranked for 2B(1), every hub's latest figure suppressed, says so and is 'empty').
 */
export async function chartsReady(page: Page, count?: number): Promise<string[]> {
  await page.waitForFunction(
    (n) => {
      const figures = [...document.querySelectorAll<HTMLElement>('figure[data-chart]')];
      return figures.length > 0 && (n === null || figures.length === n) && figures.every((f) => f.dataset.state === 'ready' || f.dataset.state === 'empty') && figures.some((f) => f.dataset.state === 'ready');
    },
    count ?? null,
    { timeout: 60_000 },
  );
  return page.$$eval('figure[data-chart]', (fs) => fs.map((f) => (f as HTMLElement).dataset.chart!));
}

/** The body rows of the table inside a chart's figure, opening it first as a reader would. */
export async function tableOf(page: Page, chart: string): Promise<string[][]> {
  const figure = page.locator(`figure[data-chart="${chart}"]`);
  const summary = figure.locator('summary');
  if ((await summary.count()) > 0 && !(await figure.locator('details').evaluate((d) => (d as HTMLDetailsElement).open))) await summary.click();
  await expect.poll(() => figure.locator('tbody tr').first().isVisible()).toBe(true);
  return figure.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent!.trim())));
}

/**
 * From the next page loaded on, notes when each query that keeps rows went to the page's DuckDB
 * worker (every area's rows of a series, which names only the series; or every series of some
 * areas, which names an area first), read with the function returned. `drop`: those queries are
 * kept from the worker instead, so that only views' own queries, and answers held in the page, answer.
 */
export async function watchKeeps(page: Page, { drop = false } = {}): Promise<() => Promise<number[]>> {
  await page.addInitScript((dropping) => {
    const w = window as unknown as { keeps: number[] };
    w.keeps = [];
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: [StructuredSerializeOptions?]) {
      const { type, data } = (message as { type?: string; data?: unknown[] } | null) ?? {};
      const params = type === 'RUN_PREPARED' ? (data?.[2] as string[]) : [];
      if (params.length === 3 || /^E\d{8}/.test(params[0] ?? '')) {
        w.keeps.push(performance.now());
        if (dropping) return;
      }
      return post.call(this, message, ...rest);
    } as Worker['postMessage'];
  }, drop);
  return () => page.evaluate(() => (window as unknown as { keeps: number[] }).keeps);
}

/** A query a page sent its DuckDB worker: when (the page's clock, ms), and its parameters (none for SQL text). */
export interface SentQuery {
  at: number;
  params: unknown[];
}

/**
 * Lists, from now on, every query the page sends its DuckDB worker, each with whether the element
 * `busy` names was marked busy as it went; `sent` reads the list, `asked` when each went and its
 * parameters. `hold`: the queries are kept from the worker until `release` (what the page
 * shows meanwhile needed no query).
 */
export async function watchQueries(page: Page, busy: string, { hold = false } = {}): Promise<{ sent: () => Promise<string[]>; asked: () => Promise<SentQuery[]>; release: () => Promise<void> }> {
  type Watched = { __queries: (SentQuery & { text: string })[]; __held: (() => void)[] | null; __post?: Worker['postMessage'] };
  await page.evaluate(([selector, holding]) => {
    const w = window as unknown as Watched;
    w.__queries = [];
    w.__held = holding ? [] : null;
    // Watching again on the same page replaces the last watch rather than wrapping it.
    const post = (w.__post ??= Worker.prototype.postMessage);
    Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: [StructuredSerializeOptions?]) {
      const { type, data } = (message as { type?: string; data?: unknown[] } | null) ?? {};
      if (type === 'RUN_PREPARED' || type === 'RUN_QUERY') {
        // The element may not be on the page (on the way through another page of the visit).
        const text = `${type}, busy: ${document.querySelector(selector)?.getAttribute('aria-busy')}`;
        w.__queries.push({ text, at: performance.now(), params: type === 'RUN_PREPARED' ? [...(data?.[2] as unknown[])] : [] });
        if (w.__held) return void w.__held.push(() => post.call(this, message, ...rest));
      }
      return post.call(this, message, ...rest);
    } as Worker['postMessage'];
  }, [busy, hold] as const);
  return {
    sent: () => page.evaluate(() => (window as unknown as Watched).__queries.map((q) => q.text)),
    asked: () => page.evaluate(() => (window as unknown as Watched).__queries.map(({ at, params }) => ({ at, params }))),
    release: () => page.evaluate(() => {
      const w = window as unknown as Watched;
      const held = w.__held ?? [];
      w.__held = null;
      for (const send of held) send();
    }),
  };
}

let asked = 0;
/**
 * A one-column query's rows on the SQL page, reached by the menu (the same visit: the page's DuckDB
 * as it stands), its column named anew each time so that its answer is told from the page's last.
 */
export async function ask(page: Page, sql: string): Promise<string[]> {
  const column = `answer_${++asked}`;
  await page.click('nav a[href*="/sql"]');
  // The page's own query first (run as it opens), so that its answer comes before this one's.
  await page.waitForSelector('[data-results]', { timeout: 60_000 });
  await page.getByLabel('SQL query').fill(`SELECT x AS ${column} FROM (${sql}) t(x)`);
  await page.getByRole('button', { name: 'Run query' }).click();
  await page.waitForFunction((c) => [...document.querySelectorAll('[data-results] th')].some((th) => th.textContent?.includes(c)), column, { timeout: 60_000 });
  return page.locator('[data-results] tbody tr').evaluateAll((rows) => rows.map((r) => r.textContent!.trim()));
}

/** The observations of the uploads this browser keeps, decoded, by upload name. */
export async function storedObservations(page: Page): Promise<Record<string, ReturnType<typeof fromArrowIpc<'observations'>>>> {
  const saved = await page.evaluate(
    () =>
      new Promise<{ name: string; observations: number[] }[]>((done, fail) => {
        const req = indexedDB.open('bcf-dashboard', 1);
        req.onsuccess = () => {
          const all = req.result.transaction('uploads').objectStore('uploads').getAll();
          all.onsuccess = () => done(all.result.map((u: { name: string; ipc: { observations: Uint8Array } }) => ({ name: u.name, observations: [...u.ipc.observations] })));
          all.onerror = () => fail(all.error);
        };
      }),
  );
  return Object.fromEntries(saved.map((u) => [u.name, fromArrowIpc('observations', new Uint8Array(u.observations))]));
}
