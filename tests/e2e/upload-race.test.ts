// A file chosen while another is still being read: the report shown is the last file's, and
// nothing of the first stays behind. A data team that picks the wrong file and at once the right
// one must not find the wrong one's report replacing the right one's a moment later (and Add
// then adding it), nor its rows and prepared build kept in the page's DuckDB until it is closed.
// And a file being added cannot also be discarded.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hubMapCsv } from '../../src/lib/records/hub-map';
import { tempDir } from '../helpers/temp';
import { HUB_MAP, writeSet } from '../unit/records-fixture';
import { ask, open, useBrowser } from './browser';

const browser = useBrowser();

const HEADER = 'metric,area_code,period_start,period_type,breakdown,numerator,denominator,published_value,suppressed';
const BREAKDOWNS = ['total', 'nhs', 'social_care', 'both', ...['a', 'b', 'c', 'di', 'dii', 'e', 'f', 'g', 'h', 'i', 'o'].map((l) => `reason_${l}`)];
/**
 * A long read: Halton and its four hubs, every DToC breakdown, 93 months (6,975 rows accepted),
 * and 60,000 rows of hubs no page knows (refused one by one by the JavaScript checks).
 */
const LONG = [
  HEADER,
  ...['E06000006', 'E06000006-N1', 'E06000006-N2', 'E06000006-N3', 'E06000006-N4'].flatMap((area, a) =>
    Array.from({ length: 93 }, (_, m) => new Date(Date.UTC(2012, 3 + m, 1)).toISOString().slice(0, 10)).flatMap((month, m) =>
      BREAKDOWNS.map((b, i) => `dtoc,${area},${month},month,${b},${(a * 31 + m * 7 + i) % 60},100000,,false`),
    ),
  ),
  ...Array.from({ length: 60_000 }, (_, i) => `dtoc,E06000006-X${i},2019-04-01,month,total,${i % 60},100000,,false`),
].join('\n') + '\n';
const SMALL = `${HEADER}\ndtoc,E06000006,2019-04-01,month,total,12,100000,,false\n`;
const LEFT = `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE 'prepared%' OR table_name LIKE 'upload_observations%' OR table_name LIKE 'obs_held%' OR table_name LIKE 'obs_raw%'`;

/** The report headings seen, every half second `times` times: a reading overtaken may not show its own. */
async function headingsSeen(page: Page, times: number): Promise<(string | null)[]> {
  const seen = new Set<string | null>();
  for (let i = 0; i < times; i++) {
    seen.add(await page.evaluate(() => document.querySelector('#report-heading')?.textContent ?? null));
    await page.waitForTimeout(500);
  }
  return [...seen];
}

/**
 * Presses Discard, and gives the readings' tables left in the page's DuckDB, waited for up to 30 s
 * (an overtaken reading may still be ending, its table then dropped).
 */
async function discarded(page: Page): Promise<string[]> {
  await page.getByRole('button', { name: 'Discard' }).click();
  await page.waitForFunction(() => !document.querySelector('[data-report]'));
  let left: string[] = [];
  for (let i = 0; i < 60 && left.join() !== '0'; i++) {
    if (i > 0) await page.waitForTimeout(500);
    left = await ask(page, LEFT);
  }
  return left;
}

describe('a file chosen while another is being read', () => {
  it('shows the report of the file chosen last, and leaves nothing of the first behind', async () => {
    const { page, problems } = await open(browser(), '/upload');
    await page.waitForSelector('.provenance');
    await page.setInputFiles('#file-input', { name: 'long.csv', mimeType: 'text/csv', buffer: Buffer.from(LONG) });
    await page.waitForFunction(() => document.querySelector('[role="status"]')?.textContent?.startsWith('Reading'));
    await page.setInputFiles('#file-input', { name: 'small.csv', mimeType: 'text/csv', buffer: Buffer.from(SMALL) });
    await page.waitForFunction(() => document.querySelector('#report-heading')?.textContent === 'Report on small.csv', null, { timeout: 60_000 });
    // Long enough for the first file's reading to end here (the old page showed its report within
    // that time): the report stays the last file's.
    expect(await headingsSeen(page, 40)).toEqual(['Report on small.csv']);
    // The last file's one row, to add.
    expect(await page.getByRole('button', { name: /^Add / }).textContent()).toBe('Add 1 rows to the dashboard');
    expect(await discarded(page)).toEqual(['0']);
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);

  it('record-level files, then a canonical file chosen while they are aggregated: the canonical file\'s report, and no status of the first', async () => {
    const dir = tempDir('upload-race-records-');
    const { spells, events } = writeSet(dir);
    const hubMap = path.join(dir, 'hub-map.csv');
    writeFileSync(hubMap, hubMapCsv(HUB_MAP));
    const { page, problems } = await open(browser(), '/upload');
    await page.waitForSelector('.provenance');
    await page.setInputFiles('#file-input', [spells, events, hubMap]);
    await page.setInputFiles('#file-input', { name: 'small.csv', mimeType: 'text/csv', buffer: Buffer.from(SMALL) });
    await page.waitForFunction(() => document.querySelector('#report-heading')?.textContent === 'Report on small.csv', null, { timeout: 60_000 });
    expect(await headingsSeen(page, 20)).toEqual(['Report on small.csv']);
    // No status of the first files' reading left over the report.
    expect(await page.locator('p[role="status"]', { hasText: /Aggregating|Reading/ }).allTextContents()).toEqual([]);
    expect(await discarded(page)).toEqual(['0']);
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);
});

describe('a file being added', () => {
  it('Discard cannot be pressed while Add is storing the file (the upload was added, its report gone, as though discarded)', async () => {
    const { page, problems } = await open(browser(), '/upload');
    await page.waitForSelector('.provenance');
    await page.setInputFiles('#file-input', { name: 'many.csv', mimeType: 'text/csv', buffer: Buffer.from(LONG.split('\n').slice(0, 6_976).join('\n') + '\n') });
    await page.waitForFunction(() => document.querySelector('#report-heading')?.textContent === 'Report on many.csv', null, { timeout: 60_000 });
    // Add pressed as the report appears (Add then waits for the rows to store): Discard, a frame later, is not to be pressed.
    const discardable = await page.evaluate(async () => {
      const buttons = [...document.querySelectorAll<HTMLButtonElement>('button')];
      buttons.find((b) => b.textContent?.trim().startsWith('Add '))!.click();
      await new Promise((done) => requestAnimationFrame(() => done(null)));
      const discard = buttons.find((b) => b.textContent?.trim() === 'Discard')!;
      return { connected: discard.isConnected, disabled: discard.disabled };
    });
    expect(discardable).toEqual({ connected: true, disabled: true });
    await page.waitForFunction(() => document.querySelectorAll('table.uploads tbody tr').length === 1, null, { timeout: 60_000 });
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);
});
