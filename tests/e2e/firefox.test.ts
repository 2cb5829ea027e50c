// The overview, an embed and the upload page in Firefox too (Gecko: board members open embeds in
// whatever their intranet uses). Debian's firefox-esr, headless, driven over WebDriver BiDi by
// puppeteer-core, which never downloads a browser. Without Firefox the tests say they are skipped
// and why; under CI (CI=true) its absence fails the run, as .ci/run installs it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAD_FILES } from '../bad-files/expected';
import { baseUrl } from './browser';
import { count, expected } from './expected';

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const hasFirefox = existsSync(FIREFOX);
if (!hasFirefox && process.env.CI === 'true') throw new Error(`Firefox is missing from ${FIREFOX}; CI must have it (.ci/run installs firefox-esr).`);
const reason = hasFirefox ? '' : ` (skipped: no Firefox at ${FIREFOX}; apt-get install firefox-esr, or set FIREFOX_PATH)`;

describe.skipIf(!hasFirefox)(`in Firefox${reason}`, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, protocol: 'webDriverBiDi' });
  }, 120_000);
  afterAll(async () => browser?.close());

  async function open(pathname: string, width = 1280): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e instanceof Error ? e.message : String(e)}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    await page.setViewport({ width, height: 900 });
    await page.goto(`${baseUrl()}${pathname}`);
    return { page, problems };
  }
  const chartsReady = (page: Page, n: number) =>
    page.waitForFunction((k) => [...document.querySelectorAll<HTMLElement>('figure[data-chart]')].filter((f) => f.dataset.state === 'ready').length === k, { timeout: 90_000 }, n);
  const text = (page: Page, selector: string) => page.$eval(selector, (e) => e.textContent!.trim());

  it('shows the overview with its figures from the extracts, and no sideways scroll at 320 px', async () => {
    const { page, problems } = await open('/?year=2019-20', 320);
    await chartsReady(page, 8);
    expect(await text(page, 'h1')).toBe('Better Care Fund outcomes: Halton');
    expect(await text(page, 'article[data-metric="dtoc"] [data-value]')).toBe(expected('dtoc', ['E06000006'], '2020-02-01', 'month').shown);
    expect(await text(page, 'article[data-metric="ascof_2b1"] [data-value]')).toBe(expected('ascof_2b1', ['E06000006'], '2023-04-01', 'financial_year').shown);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it('draws an embed in the page and reads it from the keyboard', async () => {
    const { page, problems } = await open('/embed/compare/ascof_2a2/E06000006', 390);
    await chartsReady(page, 1);
    const halton = expected('ascof_2a2', ['E06000006'], '2023-04-01', 'financial_year');
    const values = await page.$$eval('figure[data-chart="embed-compare"] g.bar-values text', (ts) => ts.map((t) => t.textContent!));
    expect(values.some((v) => v.startsWith(`${halton.shown} `))).toBe(true);
    await page.focus('figure[data-chart="embed-compare"] .canvas[tabindex]');
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => (document.querySelector('.keyboard-tip')?.textContent ?? '') !== '', { timeout: 10_000 });
    expect(await text(page, '.keyboard-tip')).toMatch(/: [\d,.]+, 95% CI /);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it('reads an uploaded file and names each problem by file, row and column', async () => {
    const { page, problems } = await open('/upload');
    await page.waitForSelector('.provenance', { timeout: 90_000 });
    const input = (await page.$('#file-input')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(path.join(fileURLToPath(new URL('../bad-files/', import.meta.url)), 'negative-count.csv'));
    await page.waitForSelector('[data-errors] li', { timeout: 60_000 });
    const entry = BAD_FILES.find((f) => f.file === 'negative-count.csv')!;
    expect(await page.$$eval('[data-errors] li', (ls) => ls.map((l) => l.textContent!.trim()))).toEqual(entry.errors);
    expect(await text(page, '[data-count="rejected"]')).toBe(count(entry.rejected));
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
