import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { baseUrl, chartsReady, tableOf, useBrowser } from './browser';
import { count, expected, oneDp, target } from './expected';
import { prerenderBands } from '../../src/lib/charts/prerender';

const browser = useBrowser();

describe('embedded charts for board papers and intranets', () => {
  it('show the chart, headline, data and source with JavaScript switched off', async () => {
    const context = await browser().newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const response = await page.goto(`${baseUrl()}/embed/trend/dtoc/E06000006`);
    expect(response?.status()).toBe(200);
    const figure = page.locator('figure[data-chart="embed-trend"]');
    // Drawn at several widths; the box shows one (the one whose text is readable at its width).
    expect(await figure.locator('[data-prerendered] svg').count()).toBe(prerenderBands().length);
    expect(await figure.locator('[data-prerendered] svg:visible').count()).toBe(1);
    const feb = expected('dtoc', ['E06000006'], '2020-02-01', 'month');
    const england = expected('dtoc', ['E92000001'], '2020-02-01', 'month');
    expect(await page.locator('[data-headline]').textContent()).toMatch(new RegExp(`^Halton: ${feb.shown} delayed days per day per 100,000 aged 18\\+ in Feb 2020; (up|down) from [\\d.]+ in Feb 2019, (no significant change|significantly (better|worse)) \\(the 95% intervals (overlap|do not overlap)\\); .*England \\(${england.shown}\\)\\.$`));
    const row = await figure.locator('tbody tr', { hasText: 'Feb 2020' }).first().evaluate((r) => [...r.children].map((c) => c.textContent!.trim()));
    expect(row).toEqual(['Halton', 'Feb 2020', feb.shown, expect.any(String), count(feb.numerator), count(feb.denominator), oneDp(target('dtoc', 'E06000006', '2019-04-01'))]);
    // Against target and SPC assurance, in words, for a board paper printed without JavaScript.
    expect(await page.locator('[data-rag]').textContent()).toContain(`Feb 2020: ${feb.shown} against a target of ${oneDp(target('dtoc', 'E06000006', '2019-04-01'))}`);
    expect(await page.locator('[data-assurance]').textContent()).toMatch(/Assurance: (consistently passing the target|consistently failing the target|hit and miss)\. The /);
    expect(await page.locator('.source').textContent()).toMatch(/Source: NHS England.*Open\s+Government\s+Licence\s+v3\.0/s);
    expect(await page.locator('header, nav').count()).toBe(0);
    await context.close();
  });

  // An intranet page of several embeds would start a query engine in each (5 MB compressed, 34 MB
  // to compile, and the extracts): an embed queries only where its build's figures no longer hold.
  it("starts no query engine while its build's figures are the ones served, and draws them itself, readable from the keyboard", async () => {
    const context = await browser().newContext({ viewport: { width: 390, height: 800 } });
    const page = await context.newPage();
    const asked: string[] = [];
    page.on('request', (r) => asked.push(new URL(r.url()).pathname));
    await page.goto(`${baseUrl()}/embed/trend/dtoc/E06000006`);
    await chartsReady(page, 1);
    await page.waitForLoadState('networkidle');
    expect(asked.filter((p) => /duckdb|\.wasm$|\.arrow$/.test(p))).toEqual([]);
    expect(await page.locator('link[rel="preload"]').count()).toBe(0);
    expect(await page.locator('main.embed').getAttribute('data-live')).toBe('no');
    await page.focus('figure[data-chart="embed-trend"] .canvas[tabindex]');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.locator('.keyboard-tip').textContent()).toMatch(/Halton.*\d/);
    await context.close();
  });

  it('is replaced by the live chart where newer data were published, without changing its figures, and fits 320 px', async () => {
    const context = await browser().newContext({ viewport: { width: 320, height: 800 } });
    const page = await context.newPage();
    // The publication served is newer than the build's (its extracts are the same here).
    await page.route('**/data/manifest.json', async (route) => {
      const published = await (await route.fetch()).json();
      await route.fulfill({ json: { ...published, built_at: '2099-01-01T00:00:00.000Z' } });
    });
    await page.goto(`${baseUrl()}/embed/compare/ascof_2b1/E08000015`);
    expect(await page.locator('figure svg').count()).toBeGreaterThan(0);
    await chartsReady(page, 1);
    expect(await page.locator('main.embed').getAttribute('data-live')).toBe('yes');
    const rows = await tableOf(page, 'embed-compare');
    const wirral = expected('ascof_2b1', ['E08000015'], '2023-04-01', 'financial_year');
    expect(rows.find((r) => r[0] === 'Wirral')?.[1]).toBe(wirral.shown);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await page.unroute('**/data/manifest.json');
    await context.close();
  });

  it("names only the bar colours it draws: a measure without intervals says its grey bars are not tested", async () => {
    const context = await browser().newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    // Average discharge delay has no interval, so every bar is grey; care home admissions are tested.
    await page.goto(`${baseUrl()}/embed/compare/discharge_delay/E06000006`);
    const delay = (await page.locator('.legend li').allTextContents()).join(' | ');
    expect(delay).toContain('no 95% interval for this measure, so not tested against England');
    expect(delay).not.toMatch(/significantly (better|worse)/);
    await page.goto(`${baseUrl()}/embed/compare/ascof_2a2/E06000006`);
    const tested = (await page.locator('.legend li').allTextContents()).join(' | ');
    expect(tested).toMatch(/✓ significantly better than England.*≈ not significantly different from England.*✗ significantly worse than England/);
    expect(tested).not.toContain('not tested');
    await context.close();
  });

  it('copies an iframe snippet that shows the chart at once in a plain page', async () => {
    const context = await browser().newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl() });
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/place?area=E06000006`);
    await chartsReady(page, 5);
    await page.locator('figure[data-chart="trend-dtoc"]').getByRole('button', { name: 'Copy embed code' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Embed code copied' }).count()).toBe(1);
    const snippet = await page.evaluate(() => navigator.clipboard.readText());
    expect(snippet).toBe(`<iframe src="${baseUrl()}/embed/trend/dtoc/E06000006" title="Delayed transfers of care" width="100%" height="560" style="border:0;max-width:100%" loading="lazy"></iframe>`);
    const host = await context.newPage();
    // A plain page on another site (an intranet's), served by the test on another port.
    const intranet = http.createServer((_, res) => res.end(`<!doctype html><title>Board paper</title><h1>Board paper</h1>${snippet}`));
    await new Promise<void>((ok) => intranet.listen(0, '127.0.0.1', ok));
    await host.goto(`http://127.0.0.1:${(intranet.address() as AddressInfo).port}/board-paper.html`);
    const frame = host.frameLocator('iframe');
    await expect.poll(() => frame.locator('figure[data-chart] svg').count(), { timeout: 5_000 }).toBeGreaterThan(0);
    expect(await frame.locator('[data-headline]').textContent()).toMatch(/^Halton: /);
    intranet.close();
    await context.close();
  });
});
