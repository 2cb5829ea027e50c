// The overview's default view works before DuckDB-WASM has started, from the figures the build
// drew: a chart reads its values from the keyboard, and choosing another place of the same
// integrated care system redraws every chart. DuckDB is held back by holding its wasm download.
import type { Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseUrl, open, tableOf, useBrowser } from './browser';
import { areas, expected, latest } from './expected';

const browser = useBrowser();

/** Holds every request for DuckDB's wasm until the returned function is called. */
async function holdDuckDb(page: Page): Promise<() => Promise<void>> {
  const held: Route[] = [];
  await page.route(/duckdb-(eh|mvp)\.[^/]*\.wasm$/, (route) => void held.push(route));
  return async () => {
    await page.unroute(/duckdb-(eh|mvp)\.[^/]*\.wasm$/);
    // A request the page gave up on meanwhile (a navigation) is already settled.
    await Promise.all(held.map((r) => r.continue().catch(() => {})));
  };
}

const states = (page: Page) => page.$$eval('figure[data-chart]', (fs) => fs.map((f) => (f as HTMLElement).dataset.state));

describe('the overview before DuckDB is ready', () => {
  it('reads a bar from the keyboard and redraws every chart for another place of the ICS, then hands over to DuckDB', async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 900 } });
    const release = await holdDuckDb(page);
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${baseUrl()}/`);
    // Drawn in the page from the build's figures (not DuckDB's, which are "ready").
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('figure[data-chart]')].every((f) => f.dataset.state === 'prerendered' && f.querySelector('.canvas svg')));
    expect(await states(page)).toEqual(Array(6).fill('prerendered'));

    const halton = expected('ascof_2a2', ['E06000006'], '2023-04-01', 'financial_year');
    const bars = await tableOf(page, 'ics-ascof_2a2');
    expect(bars.find((r) => r[0]!.endsWith('Halton'))?.[1]).toBe(halton.shown);
    await page.locator('figure[data-chart="ics-ascof_2a2"] .canvas').last().focus();
    const readout = page.locator('figure[data-chart="ics-ascof_2a2"] > .keyboard-tip');
    await page.keyboard.press('ArrowDown');
    // The bar read out is one of the table's places, with the value the table gives it.
    await expect.poll(() => readout.textContent()).toMatch(/^[^:]+: [\d,.]+, 95% CI /);
    const [, name, value] = /^([^:]+): ([\d,.]+),/.exec((await readout.textContent())!)!;
    expect(bars.find((r) => r[0]!.replace('▶ ', '') === name)?.[1]).toBe(value);

    // Wirral is in Cheshire and Merseyside too: its figures are among the build's.
    const wirral = areas().find((a) => a.area_name === 'Wirral')!.area_code!;
    await page.locator('select#place').selectOption(wirral);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Better Care Fund outcomes: Wirral');
    await expect.poll(() => page.locator('article[data-metric="ascof_2a2"] [data-value]').textContent()).toBe(expected('ascof_2a2', [wirral], '2023-04-01', 'financial_year').shown);
    expect(await page.locator('article[data-metric="discharge_delay"] [data-value]').textContent()).toBe(expected('discharge_delay', [wirral], latest('discharge_delay', wirral, 'month'), 'month').shown);
    expect(await states(page)).toEqual(Array(6).fill('prerendered'));
    expect(await page.locator('role=status').textContent()).toMatch(/Starting the query engine/);

    // A place the build did not draw (Greater Manchester) waits for DuckDB rather than showing another's figures.
    const bolton = areas().find((a) => a.area_name === 'Bolton')!.area_code!;
    await page.locator('select#place').selectOption(bolton);
    await expect.poll(() => page.locator('article[data-metric="ascof_2a2"] [data-value]').count()).toBe(0);

    await release();
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('figure[data-chart]')].every((f) => f.dataset.state === 'ready'), null, { timeout: 30_000 });
    expect(await page.locator('article[data-metric="ascof_2a2"] [data-value]').textContent()).toBe(expected('ascof_2a2', [bolton], '2023-04-01', 'financial_year').shown);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('waits for DuckDB when this browser holds uploads, which the build’s figures leave out', async () => {
    const context = await browser().newContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/accessibility`);
    // An upload as the upload page keeps it (only its presence matters here: DuckDB is held back).
    await page.evaluate(() => new Promise<void>((done, fail) => {
      const req = indexedDB.open('bcf-dashboard', 1);
      req.onupgradeneeded = () => req.result.createObjectStore('uploads', { keyPath: 'id' });
      req.onsuccess = () => {
        const tx = req.result.transaction('uploads', 'readwrite');
        tx.objectStore('uploads').put({ id: 'u1', uploaded_at: '2026-11-29T10:00:00Z', ipc: {} });
        tx.oncomplete = () => done();
        tx.onerror = () => fail(tx.error);
      };
    }));
    const release = await holdDuckDb(page);
    await page.goto(`${baseUrl()}/`);
    await page.waitForTimeout(1500);
    // Nothing is drawn (or readable) from the build's figures.
    expect(await states(page)).not.toContain('prerendered');
    expect(await states(page)).not.toContain('ready');
    await release();
    await context.close();
  });
});
