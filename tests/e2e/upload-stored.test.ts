// A canonical observations file read by the page's DuckDB has its report shown before its rows to
// store are made from DuckDB's table (read-file.ts HeldRead.stored): Add pressed as the report
// appears stores every row, as the JavaScript reader keeps them; Discard, or another file chosen,
// while they are being made leaves nothing of the first file behind.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { builtinDefinitions } from '../../pipelines/definitions';
import { fromArrowIpc } from '../../src/lib/contract/arrow';
import { metricsFromRows } from '../../src/lib/definitions';
import { readText } from '../../src/lib/upload/read-file';
import { ask, open, storedObservations, useBrowser } from './browser';
import { areas } from './expected';

const browser = useBrowser();

const HEADER = 'metric,area_code,period_start,period_type,breakdown,numerator,denominator,published_value,suppressed';
const BREAKDOWNS = ['total', 'nhs', 'social_care', 'both', ...['a', 'b', 'c', 'di', 'dii', 'e', 'f', 'g', 'h', 'i', 'o'].map((l) => `reason_${l}`)];
/** Halton and its four hubs, every DToC breakdown, 93 months (6,975 rows, each key once), in plain form. */
const many = (shift: number) =>
  [
    HEADER,
    ...['E06000006', 'E06000006-N1', 'E06000006-N2', 'E06000006-N3', 'E06000006-N4'].flatMap((area, a) =>
      Array.from({ length: 93 }, (_, m) => new Date(Date.UTC(2012, 3 + m, 1)).toISOString().slice(0, 10)).flatMap((month, m) =>
        BREAKDOWNS.map((b, i) => `dtoc,${area},${month},month,${b},${(a * 31 + m * 7 + i + shift) % 60},100000,,false`),
      ),
    ),
  ].join('\n') + '\n';
const SMALL = `${HEADER}\ndtoc,E06000006,2019-04-01,month,total,12,100000,,false\n`;

const PREPARED_TABLES = `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE 'prepared%' OR table_name LIKE 'upload_observations%' OR table_name LIKE 'obs_held%' OR table_name LIKE 'obs_raw%'`;


/** What is left of files read, once the work under way (a discarded file's stored rows, then its table dropped) is done. */
async function leftOver(page: Page): Promise<string[]> {
  let left: string[] = [];
  for (let i = 0; i < 10 && left.join() !== '0'; i++) {
    if (i > 0) await page.waitForTimeout(500);
    left = await ask(page, PREPARED_TABLES);
  }
  return left;
}

/** Chooses a file on the upload page (reached by the menu) and waits for its report. */
async function choose(page: Page, name: string, text: string, menu = true) {
  if (menu) await page.click('nav a[href*="/upload"]');
  await page.setInputFiles('#file-input', { name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.waitForFunction((n) => document.querySelector('#report-heading')?.textContent === `Report on ${n}`, name, { timeout: 60_000 });
}


describe('a canonical observations file read by the page\'s DuckDB, its rows stored after its report', () => {
  it('is stored whole when Add is pressed as its report appears; discarded, or left for another file, leaves nothing behind', async () => {
    const { page, problems } = await open(browser(), '/upload');
    await page.waitForSelector('.provenance');

    // Add pressed as the report appears: every row stored, as the JavaScript reader keeps them.
    await choose(page, 'many.csv', many(0), false);
    expect(await page.locator('[data-report] [data-count="rejected"]').textContent()).toBe('0');
    await page.getByRole('button', { name: /^Add / }).click();
    await page.waitForFunction(() => document.querySelectorAll('table.uploads tbody tr').length === 1, null, { timeout: 60_000 });
    const known = areas().map((a) => ({ area_code: a.area_code!, area_name: a.area_name!, area_type: a.area_type as 'place', parent_code: a.parent_code ?? null }));
    const js = readText('many.csv', many(0), null, known, metricsFromRows(builtinDefinitions()));
    const expected = fromArrowIpc('observations', js.ipc.observations);
    expect(expected).toHaveLength(6_975);
    expect((await storedObservations(page))['many.csv']).toEqual(expected);
    expect(await leftOver(page)).toEqual(['0']);

    // Discarded as its report appears.
    await choose(page, 'discarded.csv', many(1));
    await page.getByRole('button', { name: 'Discard' }).click();
    await page.waitForFunction(() => !document.querySelector('[data-report]'));
    expect(await leftOver(page)).toEqual(['0']);

    // Another file chosen as its report appears: that file's report, and of the first nothing.
    await choose(page, 'left.csv', many(2));
    await choose(page, 'small.csv', SMALL, false);
    await page.getByRole('button', { name: 'Discard' }).click();
    await page.waitForFunction(() => !document.querySelector('[data-report]'));
    expect(await leftOver(page)).toEqual(['0']);
    expect(Object.keys(await storedObservations(page))).toEqual(['many.csv']);
    expect(problems).toEqual([]);
    await page.close();
  }, 240_000);
});
