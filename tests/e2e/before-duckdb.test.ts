// The overview's and the metric page's default views work before DuckDB-WASM has started, from the
// figures the build drew: a chart reads its values from the keyboard, and choosing another place of
// the same integrated care system redraws every chart. DuckDB is held back by holding its wasm download.
import { Float64, Table, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import type { Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addUpload, baseUrl, chartsReady, follow, open, tableOf, useBrowser, watchQueries } from './browser';
import { areas, count, expected, latest, oneDp } from './expected';

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

/** Keeps an upload in this browser as the upload page does (only its presence matters while DuckDB is held back). */
const holdUpload = (page: Page) =>
  page.evaluate(() => new Promise<void>((done, fail) => {
    const req = indexedDB.open('bcf-dashboard', 1);
    req.onupgradeneeded = () => req.result.createObjectStore('uploads', { keyPath: 'id' });
    req.onsuccess = () => {
      const tx = req.result.transaction('uploads', 'readwrite');
      tx.objectStore('uploads').put({ id: 'u1', uploaded_at: '2026-11-29T10:00:00Z', ipc: {} });
      tx.oncomplete = () => done();
      tx.onerror = () => fail(tx.error);
    };
  }));

/** From the next page loaded on, counts the drawings put in `chart`'s live canvas (each one a new <svg>). */
const countDrawings = (page: Page, chart: string) =>
  page.addInitScript((id) => {
    const w = window as unknown as { drawings: number };
    w.drawings = 0;
    new MutationObserver((ms) => {
      for (const m of ms) for (const n of m.addedNodes) if (n instanceof SVGSVGElement && (m.target as Element).closest?.(`figure[data-chart="${id}"] .canvas:not([data-prerendered])`)) w.drawings++;
    }).observe(document, { subtree: true, childList: true });
  }, chart);
const drawings = (page: Page) => page.evaluate(() => (window as unknown as { drawings: number }).drawings);

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

    // A place of another system (Bolton, in Greater Manchester): its cards and its system's bars
    // come from every area's rows of the view's series, which the build wrote too.
    const bolton = areas().find((a) => a.area_name === 'Bolton')!.area_code!;
    await page.locator('select#place').selectOption(bolton);
    const boltonFigure = expected('ascof_2a2', [bolton], '2023-04-01', 'financial_year').shown;
    await expect.poll(() => page.locator('article[data-metric="ascof_2a2"] [data-value]').textContent()).toBe(boltonFigure);
    expect((await tableOf(page, 'ics-ascof_2a2')).find((r) => r[0]!.endsWith('Bolton'))?.[1]).toBe(boltonFigure);
    expect(await states(page)).toEqual(Array(6).fill('prerendered'));
    // Another BCF year's figures: before DuckDB, nothing (the page knows the areas only from the
    // default view's build).
    await page.goto(`${baseUrl()}/?year=2019-20`);
    await expect.poll(() => page.locator('.lede').textContent()).toContain('2019-20');
    expect(await page.locator('article[data-metric] [data-value]').count()).toBe(0);

    await release();
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('figure[data-chart]')].every((f) => f.dataset.state === 'ready'), null, { timeout: 30_000 });
    expect(await page.locator('article[data-metric="dtoc"] [data-value]').textContent()).toBe(expected('dtoc', ['E06000006'], '2020-02-01', 'month').shown);
    // Once it is up, a change of place in that year's view, and back to this year's, ask nothing of
    // DuckDB (its worker held back): the build wrote every area's rows of every year's core
    // metrics' series, those of other years than this one fetched only once a view asks for them.
    const queries = await watchQueries(page, 'article[data-metric="dtoc"]', { hold: true });
    await page.locator('select#place').selectOption(wirral);
    await expect.poll(() => page.locator('article[data-metric="dtoc"] [data-value]').textContent()).toBe(expected('dtoc', [wirral], '2020-02-01', 'month').shown);
    await page.locator('select#bcf-year').selectOption('2025-26');
    await expect.poll(() => page.locator('article[data-metric="ascof_2a2"] [data-value]').textContent()).toBe(expected('ascof_2a2', [wirral], '2023-04-01', 'financial_year').shown);
    expect(await queries.sent()).toEqual([]);
    await queries.release();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('draws each view once from the build; DuckDB takes over without drawing it again, and a place of another system is drawn from the build’s rows of every area', async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 900 } });
    const release = await holdDuckDb(page);
    await countDrawings(page, 'ics-ascof_2a2');
    await page.goto(`${baseUrl()}/`);
    await everyChart(page, 'prerendered', 6);
    // Wirral is drawn only once the build's figures are known to be usable (null to true), which
    // drew nothing anew for Halton: one drawing each.
    await page.locator('select#place').selectOption(areas().find((a) => a.area_name === 'Wirral')!.area_code!);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Better Care Fund outcomes: Wirral');
    await everyChart(page, 'prerendered', 6);
    expect(await drawings(page)).toBe(2);
    // A place of another system (Bolton): from every area's rows of the view's series, which the build wrote too.
    await page.locator('select#place').selectOption(areas().find((a) => a.area_name === 'Bolton')!.area_code!);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Better Care Fund outcomes: Bolton');
    await everyChart(page, 'prerendered', 6);
    expect(await drawings(page)).toBe(3);
    await release();
    await chartsReady(page, 6);
    // DuckDB holds the same figures: nothing is drawn again.
    expect(await drawings(page)).toBe(3);
    // Another place of another system, with DuckDB's worker held back.
    const queries = await watchQueries(page, 'article[data-metric="ascof_2a2"]', { hold: true });
    const bury = areas().find((a) => a.area_name === 'Bury')!.area_code!;
    await page.locator('select#place').selectOption(bury);
    await expect.poll(() => page.locator('article[data-metric="ascof_2a2"] [data-value]').textContent()).toBe(expected('ascof_2a2', [bury], '2023-04-01', 'financial_year').shown);
    await chartsReady(page, 6);
    expect(await drawings(page)).toBe(4);
    await queries.release();
    await page.close();
  });

  it('waits for DuckDB when this browser holds uploads, which the build’s figures leave out', async () => {
    const context = await browser().newContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/accessibility`);
    await holdUpload(page);
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

describe('the build’s figures after an upload on this visit', () => {
  it('are no longer drawn: the next page shows DuckDB’s, the upload included', async () => {
    const { page, problems } = await open(browser(), '/upload');
    await page.waitForSelector('.provenance');
    // Halton's 2023-24 admissions revised: 999 in 20,000 aged 65+.
    const csv = 'metric,area_code,period_start,period_type,breakdown,numerator,denominator,published_value,suppressed\nascof_2a2,E06000006,2023-04-01,financial_year,total,999,20000,,\n';
    await addUpload(page, { name: 'revision.csv', text: csv });
    await follow(page, '/');
    await chartsReady(page, 6);
    const revised = oneDp((999 / 20_000) * 100_000);
    expect(revised).not.toBe(expected('ascof_2a2', ['E06000006'], '2023-04-01', 'financial_year').shown);
    await expect.poll(() => page.locator('article[data-metric="ascof_2a2"] [data-value]').textContent()).toBe(revised);
    expect((await tableOf(page, 'ics-ascof_2a2')).find((r) => r[0]!.endsWith('Halton'))?.[1]).toBe(revised);
    expect(problems).toEqual([]);
    await page.close();
  });
});

/** Serves the build's every-area files with every numerator doubled, so a figure drawn from them can be told apart. */
const alterViews = (page: Page) =>
  page.route(/\/views\/[^/]+\.arrow$/, async (route) => {
    const t = tableFromIPC(new Uint8Array(await (await route.fetch()).body()));
    const columns = Object.fromEntries(t.schema.fields.map((f) => [f.name, t.getChild(f.name)!]));
    const doubled = vectorFromArray([...columns.numerator!].map((n) => (n == null ? null : Number(n) * 2)), new Float64());
    await route.fulfill({ body: Buffer.from(tableToIPC(new Table({ ...columns, numerator: doubled }), 'stream')), contentType: 'application/vnd.apache.arrow.stream' });
  });

describe('the build’s every-area rows after DuckDB’s start', () => {
  const bolton = () => areas().find((a) => a.area_name === 'Bolton')!.area_code!;
  const boltonFeb = () => expected('dtoc', [bolton()], '2020-02-01', 'month').shown;
  const boltonFebTrend = async (page: Page) => {
    await page.locator('select#place').selectOption(bolton());
    await expect.poll(() => page.locator('figure[data-chart="trend"] .chart-title').textContent()).toBe('Bolton: Delayed days (monthly)');
    await chartsReady(page, 4);
    return (await tableOf(page, 'trend')).find((r) => r[0] === 'Bolton' && r[1] === 'Feb 2020')?.[2];
  };

  it('answer a change of place while they are what is served (numerators doubled in them here, so it shows)', async () => {
    const context = await browser().newContext();
    const page = await context.newPage();
    await alterViews(page);
    await page.goto(`${baseUrl()}/metric`);
    await chartsReady(page, 4);
    expect(await boltonFebTrend(page)).not.toBe(boltonFeb());
    await context.close();
  });

  it('are not used once the extracts served are not those the build drew from', async () => {
    const context = await browser().newContext();
    const page = await context.newPage();
    await alterViews(page);
    await page.route(/\/data\/manifest\.json$/, async (route) => {
      const served = await (await route.fetch()).json();
      await route.fulfill({ json: { ...served, built_at: '2099-01-01T00:00:00.000Z' } });
    });
    await page.goto(`${baseUrl()}/metric`);
    await chartsReady(page, 4);
    expect(await boltonFebTrend(page)).toBe(boltonFeb());
    await context.close();
  });
});

const figures = ['trend', 'spc', 'hubs', 'hub-ranking'];
/** The chart's keyboard reading once focused (the trend's: the place's latest period). */
async function readOut(page: Page, chart: string): Promise<string> {
  await page.locator(`figure[data-chart="${chart}"] .canvas`).last().focus();
  const readout = page.locator(`figure[data-chart="${chart}"] > .keyboard-tip`);
  await expect.poll(() => readout.textContent()).not.toBe('');
  return (await readout.textContent())!;
}
/** Waits until every chart is in `state` (drawn, unless loading); `count`: how many charts, if known. */
const everyChart = (page: Page, state: string, count: number | null = 4) =>
  page.waitForFunction(([s, n]) => {
    const f = [...document.querySelectorAll<HTMLElement>('figure[data-chart]')];
    return f.length > 0 && (n === null || f.length === n) && f.every((x) => x.dataset.state === s && (s === 'loading' || x.querySelector('.canvas svg')));
  }, [state, count] as const, { timeout: 30_000 });

describe('the metric page before DuckDB is ready', () => {
  // The default view: the first metric held (delayed transfers of care), in total, by month, for the home place (Halton).
  const hubNames = (code: string) => areas().filter((a) => a.parent_code === code).map((a) => a.area_name!).sort();

  it('hovers and reads the trend, and redraws every chart for another place of the ICS, then hands over to DuckDB', async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 900 } });
    const release = await holdDuckDb(page);
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${baseUrl()}/metric`);
    // Drawn in the page from the build's figures (not DuckDB's, which are "ready").
    await everyChart(page, 'prerendered');
    expect(await page.$$eval('figure[data-chart]', (fs) => fs.map((f) => (f as HTMLElement).dataset.chart))).toEqual(figures);
    expect(await page.locator('h1').textContent()).toBe('Delayed transfers of care');

    const halton = expected('dtoc', ['E06000006'], '2020-02-01', 'month');
    expect(await readOut(page, 'trend')).toMatch(new RegExp(`^Halton; Feb 2020: ${halton.shown}; 95% CI .+; ${count(halton.numerator)} / ${count(halton.denominator)}`));
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('figure[data-chart="trend"] > .keyboard-tip').textContent()).toMatch(/^Cheshire and Merseyside ICB \(sum of places\); Feb 2020: [\d.]+; /);
    // Hovering shows Plot's tip for the nearest point.
    const box = (await page.locator('figure[data-chart="trend"] .canvas svg').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5);
    await expect.poll(() => page.locator('figure[data-chart="trend"] svg [aria-label="tip"]').textContent()).toMatch(/^\u200b(Halton|Cheshire and Merseyside ICB \(sum of places\)|England)\u200b[A-Z][a-z]{2} \d{4}: [\d.]+\u200b95% CI /);

    // Wirral is in Cheshire and Merseyside too: its figures, and its hubs', are among the build's.
    const wirral = areas().find((a) => a.area_name === 'Wirral')!.area_code!;
    await page.locator('select#place').selectOption(wirral);
    await expect.poll(() => page.locator('figure[data-chart="trend"] .chart-title').textContent()).toBe('Wirral: Delayed days (monthly)');
    await everyChart(page, 'prerendered');
    const feb = expected('dtoc', [wirral], '2020-02-01', 'month');
    expect(await readOut(page, 'trend')).toMatch(new RegExp(`^Wirral; Feb 2020: ${feb.shown}; 95% CI .+; ${count(feb.numerator)} / ${count(feb.denominator)}`));
    const march = expected('dtoc', [wirral], '2019-03-01', 'month');
    expect((await tableOf(page, 'trend')).find((r) => r[0] === 'Wirral' && r[1] === 'Mar 2019')?.[2]).toBe(march.shown);
    expect(await readOut(page, 'spc')).toMatch(new RegExp(`^Feb 2020: ${feb.shown}, target [\\d.]+; mean [\\d.]+, limits `));
    expect(await page.locator('figure[data-chart="spc"] .chart-title').textContent()).toBe('Is it changing? Statistical process control for Wirral');
    expect([...new Set((await tableOf(page, 'hubs')).map((r) => r[0]))].sort()).toEqual(hubNames(wirral));
    expect((await tableOf(page, 'hub-ranking')).map((r) => r[0]!.replace('▶ ', '')).sort()).toEqual(hubNames(wirral));
    expect(await states(page)).toEqual(Array(4).fill('prerendered'));
    expect(await page.locator('role=status').textContent()).toMatch(/Starting the query engine/);

    // A place of another system (Bolton, in Greater Manchester): drawn from every area's rows of
    // the view's series, which the build wrote too.
    const bolton = areas().find((a) => a.area_name === 'Bolton')!.area_code!;
    await page.locator('select#place').selectOption(bolton);
    await expect.poll(() => page.locator('figure[data-chart="trend"] .chart-title').textContent()).toBe('Bolton: Delayed days (monthly)');
    await everyChart(page, 'prerendered');
    const boltonFeb = expected('dtoc', [bolton], '2020-02-01', 'month');
    expect(await readOut(page, 'trend')).toMatch(new RegExp(`^Bolton; Feb 2020: ${boltonFeb.shown}; `));
    expect([...new Set((await tableOf(page, 'hubs')).map((r) => r[0]))].sort()).toEqual(hubNames(bolton));

    // Another breakdown's rows were not written by the build: nothing until DuckDB has them.
    await page.getByRole('radio', { name: 'Attributable to social care' }).check();
    await expect.poll(() => page.locator('figure[data-chart="trend"] .chart-title').textContent()).toContain('attributable to social care');
    await everyChart(page, 'loading');
    expect(await page.locator('figure[data-chart] .canvas svg').count()).toBe(0);
    expect(await page.locator('figure[data-chart] tbody tr').count()).toBe(0);

    await release();
    await chartsReady(page, 4);
    const social = expected('dtoc', [bolton], '2020-02-01', 'month', 'social_care');
    expect(await readOut(page, 'trend')).toMatch(new RegExp(`^Bolton; Feb 2020: ${social.shown}; `));
    expect(problems).toEqual([]);
    await page.close();
  });

  it('draws each view once, DuckDB taking over drawing nothing again, and a reader on the trend keeps focus and is read the figures', async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 900 } });
    const release = await holdDuckDb(page);
    await countDrawings(page, 'trend');
    await page.goto(`${baseUrl()}/metric`);
    await everyChart(page, 'prerendered');
    // Wirral is drawn only once the build's figures are known to be usable (null to true), which
    // drew nothing anew for Halton: one drawing each.
    const wirral = areas().find((a) => a.area_name === 'Wirral')!.area_code!;
    await page.locator('select#place').selectOption(wirral);
    await expect.poll(() => page.locator('figure[data-chart="trend"] .chart-title').textContent()).toBe('Wirral: Delayed days (monthly)');
    await everyChart(page, 'prerendered');
    expect(await drawings(page)).toBe(2);

    const feb = expected('dtoc', [wirral], '2020-02-01', 'month');
    expect(await readOut(page, 'trend')).toMatch(new RegExp(`^Wirral; Feb 2020: ${feb.shown}; `));
    await release();
    await chartsReady(page, 4);
    expect(await drawings(page)).toBe(2);
    // Under the keyboard, DuckDB's start changed nothing: still focused, still read, and the keys work.
    expect(await page.evaluate(() => document.activeElement?.closest('figure')?.getAttribute('data-chart'))).toBe('trend');
    const readout = page.locator('figure[data-chart="trend"] > .keyboard-tip');
    expect(await readout.textContent()).toMatch(new RegExp(`^Wirral; Feb 2020: ${feb.shown}; `));
    await page.keyboard.press('ArrowLeft');
    expect(await readout.textContent()).toMatch(/^Wirral; Jan 2020: /);
    await page.close();
  });

  it('asks DuckDB, once it is up, to keep rows for the view only after the reader has stayed on it, and for none left at once', async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 900 } });
    const release = await holdDuckDb(page);
    await page.goto(`${baseUrl()}/metric`);
    await everyChart(page, 'prerendered');
    const queries = await watchQueries(page, 'figure[data-chart="trend"]');
    // The reader changes place the moment DuckDB is ready, well within the 300 ms a view must stay.
    const wirral = areas().find((a) => a.area_name === 'Wirral')!.area_code!;
    await page.evaluate((code) => {
      const mark = performance.mark.bind(performance);
      performance.mark = (name, options) => {
        const made = mark(name, options);
        if (name === 'bcf:duckdb-ready') queueMicrotask(() => {
          const select = document.querySelector<HTMLSelectElement>('select#place')!;
          select.value = code;
          select.dispatchEvent(new Event('change', { bubbles: true }));
        });
        return made;
      };
    }, wirral);
    await release();
    await page.waitForFunction(() => performance.getEntriesByName('bcf:duckdb-ready').length > 0, null, { timeout: 60_000 });
    await expect.poll(() => page.locator('figure[data-chart="trend"] .chart-title').textContent()).toBe('Wirral: Delayed days (monthly)');
    await chartsReady(page, 4);
    // Every series' rows of the areas a view shows are asked for with the place's code first.
    const keeps = async (place: string) => (await queries.asked()).filter((q) => q.params[0] === place);
    await expect.poll(() => keeps(wirral), { timeout: 10_000 }).toHaveLength(1);
    const ready = await page.evaluate(() => performance.getEntriesByName('bcf:duckdb-ready')[0]!.startTime);
    expect((await keeps(wirral))[0]!.at - ready).toBeGreaterThanOrEqual(250);
    // Halton's, the view left, were never asked for: asked at DuckDB's start, they had kept its
    // worker busy, and the page's thread indexing them, as the reader's first changes came.
    expect(await keeps('E06000006')).toEqual([]);
    // Nor was anything for the view itself: the build's rows answered it.
    expect((await queries.asked()).filter((q) => q.params.includes(wirral) && q.params[0] !== wirral)).toEqual([]);
    await page.close();
  });

  it.each([
    ['this browser holds uploads, which the build’s figures leave out', async (page: Page) => {
      await holdUpload(page);
    }],
    ['the extracts served are not those the build drew from', async (page: Page) => {
      await page.route(/\/data\/manifest\.json$/, async (route) => {
        const served = await (await route.fetch()).json();
        await route.fulfill({ json: { ...served, built_at: '2099-01-01T00:00:00.000Z' } });
      });
    }],
  ])('waits for DuckDB when %s', async (_, change) => {
    const context = await browser().newContext();
    const page = await context.newPage();
    const release = await holdDuckDb(page);
    // As served and with nothing uploaded, the build's figures are drawn...
    await page.goto(`${baseUrl()}/metric`);
    await everyChart(page, 'prerendered');
    // ...but not once they may differ from what DuckDB will show.
    await change(page);
    await page.reload();
    // Until the page knows (a moment), the home place is drawn as the HTML showed it; then the
    // build's areas go with its figures (no place list until DuckDB has the areas).
    await page.locator('select#place').waitFor({ state: 'detached', timeout: 30_000 });
    await everyChart(page, 'loading', null);
    await page.waitForTimeout(1000);
    expect(new Set(await states(page))).toEqual(new Set(['loading']));
    expect(await page.locator('figure[data-chart] .canvas svg').count()).toBe(0);
    // Nor words about the place's hubs, which are not known yet to be none.
    await expect(page.locator('main').innerText()).resolves.not.toContain('No neighbourhood hubs');
    await release();
    await context.close();
  });
});
