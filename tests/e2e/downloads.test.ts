// Tables and downloads: a chart's table sorts by any column; its CSV is the table as shown; the
// chart downloads as a standalone SVG and as a PNG. All under the site's Content-Security-Policy.
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import type { Download, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseUrl, chartsReady, sharedPage, tableOf, useBrowser } from './browser';

const browser = useBrowser();
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A page with its CSP violations (events and console) and console errors recorded from the start. */
async function visit(path: string) {
  const context = await browser().newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const problems: string[] = [];
  await context.exposeBinding('__reportCspViolation', (_source, text: string) => void problems.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportCspViolation(text: string): void }).__reportCspViolation(`CSP event: ${e.effectiveDirective} refused ${e.blockedURI || '(inline)'}`);
    });
  });
  const page = await context.newPage();
  page.on('console', (m) => (m.type() === 'error' || /Content.Security.Policy/i.test(m.text())) && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => /BLOCKED_BY_CSP/.test(r.failure()?.errorText ?? '') && problems.push(`blocked request: ${r.url()}`));
  const response = await page.goto(`${baseUrl()}${path}`);
  // The policy is in force: as a header from the server and as SvelteKit's <meta>.
  expect(response?.headers()['content-security-policy']).toMatch(/img-src 'self' data: blob:/);
  return { context, page, problems };
}

/** The metric page both tests read, opened once (see sharedPage). */
const at = sharedPage(visit);

async function download(page: Page, button: Locator): Promise<{ file: Download; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), button.click()]);
  const path = await file.path();
  return { file, bytes: await readFile(path) };
}

/** The number a numeric cell shows, null for "suppressed" and "–". */
const figure = (text: string) => {
  const n = parseFloat(text.replace(/[,%]/g, ''));
  return Number.isFinite(n) ? n : null;
};

describe('tables and downloads', () => {
  it("sorts a chart's table, downloads it as the CSV shown, and the chart as SVG and PNG, under the CSP", async () => {
    const { page, problems } = await at('/metric?metric=ascof_2a2&area=E06000006');
    await page.waitForSelector('figure[data-chart="trend"][data-state="ready"]', { timeout: 30_000 });
    const trend = page.locator('figure[data-chart="trend"]');
    const given = await tableOf(page, 'trend');
    expect(given.length).toBeGreaterThan(5);

    // ---- Sorting: a button in each header, operable from the keyboard; aria-sort on the sorted one.
    const headers = trend.locator('thead th');
    const labels = (await headers.allTextContents()).map((t) => t.replace(/[▲▼↕]/g, '').trim());
    expect(labels).toEqual(['Area', 'Period', 'Value', '95% CI', 'Numerator', 'Denominator', 'Target']);
    expect(await trend.locator('thead th button').count()).toBe(7);
    expect(await trend.locator('thead th[aria-sort]').count()).toBe(0);
    const valueButton = trend.getByRole('button', { name: 'Value', exact: true });
    await valueButton.focus();
    await page.keyboard.press('Enter');
    const valueHeader = headers.nth(2);
    await expect.poll(() => valueHeader.getAttribute('aria-sort')).toBe('ascending');
    const ascending = await tableOf(page, 'trend');
    const numbersUp = ascending.map((r) => figure(r[2]!));
    const shownUp = numbersUp.filter((n) => n !== null);
    expect(shownUp).toEqual([...shownUp].sort((a, b) => a - b));
    expect(numbersUp.slice(shownUp.length).every((n) => n === null)).toBe(true);

    await valueButton.click();
    await expect.poll(() => valueHeader.getAttribute('aria-sort')).toBe('descending');
    expect(await trend.locator('thead th[aria-sort]').count()).toBe(1);
    const rows = await tableOf(page, 'trend');
    const numbers = rows.map((r) => figure(r[2]!));
    const shown = numbers.filter((n) => n !== null);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown).toEqual([...shown].sort((a, b) => b - a));
    // "suppressed" and "–" come last, and no row is lost or changed by sorting.
    expect(numbers.slice(shown.length).every((n) => n === null)).toBe(true);
    expect(rows.map((r) => r.join('|')).sort()).toEqual(given.map((r) => r.join('|')).sort());
    expect(rows).not.toEqual(given);

    // ---- CSV: exactly the table as shown, in the order shown, header first.
    const csv = await download(page, trend.getByRole('button', { name: /^Download CSV/ }));
    expect(csv.file.suggestedFilename()).toMatch(/^halton-.*\.csv$/);
    const text = csv.bytes.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff); // a byte-order mark, so Excel reads it as UTF-8
    const parsed = Papa.parse<string[]>(text.slice(1).trimEnd()).data;
    expect(parsed).toEqual([labels, ...rows]);
    expect(rows.flat().some((c) => /^[=+\-@]/.test(c))).toBe(false); // so nothing here needed neutralising

    // ---- SVG: a document of its own with the chart's title, its source and the date of the data.
    const title = (await trend.locator('.chart-title').textContent())!.trim();
    const svg = await download(page, trend.getByRole('button', { name: /^Download SVG/ }));
    expect(svg.file.suggestedFilename()).toMatch(/^halton-.*\.svg$/);
    const svgText = svg.bytes.toString('utf8');
    expect(svgText.startsWith('<?xml') || svgText.startsWith('<svg')).toBe(true);
    expect(svgText).toContain(title.replace(/&/g, '&amp;'));
    expect(svgText).toMatch(/Source: [^<]+; data as at \d{1,2} [A-Z][a-z]+ \d{4}\./);
    const parsedSvg = await page.evaluate((s) => {
      const doc = new DOMParser().parseFromString(s, 'image/svg+xml');
      const root = doc.documentElement;
      return {
        root: root.nodeName,
        error: doc.querySelector('parsererror')?.textContent ?? null,
        width: Number(root.getAttribute('width')),
        height: Number(root.getAttribute('height')),
        texts: [...doc.querySelectorAll('text')].map((t) => t.textContent),
        charts: root.querySelectorAll('svg').length,
      };
    }, svgText);
    expect(parsedSvg).toMatchObject({ root: 'svg', error: null, charts: 1 });
    expect(parsedSvg.width).toBeGreaterThan(300);
    expect(parsedSvg.height).toBeGreaterThan(300);
    expect(parsedSvg.texts).toContain(title);
    // The key drawn beside the chart on the page goes with it.
    for (const name of ['Halton', 'England']) expect(parsedSvg.texts).toContain(name);

    // ---- PNG: the same picture at twice the size.
    const png = await download(page, trend.getByRole('button', { name: /^Download PNG/ }));
    expect(png.file.suggestedFilename()).toMatch(/\.png$/);
    expect([...png.bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(png.bytes.length).toBeGreaterThan(10_000);
    expect(png.bytes.readUInt32BE(16)).toBe(parsedSvg.width * 2);
    expect(png.bytes.readUInt32BE(20)).toBe(parsedSvg.height * 2);

    expect(problems).toEqual([]);
  });

  it('offers the downloads on every chart of the page once drawn', async () => {
    const { page, problems } = await at('/metric?metric=ascof_2a2&area=E06000006');
    await page.waitForSelector('figure[data-chart="hubs"][data-state="ready"]', { timeout: 30_000 });
    const charts = await chartsReady(page);
    expect(charts).toEqual(expect.arrayContaining(['trend', 'spc', 'hubs']));
    for (const chart of charts) {
      const fig = page.locator(`figure[data-chart="${chart}"]`);
      expect(await fig.getByRole('button', { name: /^Download SVG/ }).count()).toBe(1);
      expect(await fig.getByRole('button', { name: /^Download PNG/ }).count()).toBe(1);
    }
    expect(problems).toEqual([]);
  });

  it('without JavaScript: plain headers, the rows in their given order, and no buttons that would do nothing', async () => {
    const context = await browser().newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/embed/trend/dtoc/E06000006`);
    const fig = page.locator('figure[data-chart="embed-trend"]');
    expect(await fig.locator('tbody tr').count()).toBeGreaterThan(10);
    expect(await fig.locator('thead th').allTextContents()).toEqual(['Area', 'Period', 'Value', '95% CI', 'Numerator', 'Denominator', 'Target']);
    expect(await fig.locator('button').count()).toBe(0);
    await context.close();
  });
});
