// While an upload's report is read, the page adds its rows to metric_values in tables beside its
// own (upload/prepared-add.ts): Add then only puts them in place, with the same cells hidden, kept
// for a reload once the page has drawn them (a reload before then builds them afresh); Discard
// leaves nothing of them behind, and the page's figures as they were.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addUpload, ask, open, useBrowser } from './browser';

const browser = useBrowser();

// A population uploaded first makes every later build of metric_values whole (the only kind
// prepared): any denominator may come from it.
const POPULATIONS = `area_code,year,age_band,population
E06000006,2009,65+,30000
`;
// Halton's four hubs in a year the demo does not hold: N1's 3 is small, and N2 (the next smallest)
// is hidden with it, or Halton's total less the others would give the 3 back.
const csv = (year: number) => `metric,area_code,period_start,period_type,breakdown,numerator,denominator,published_value,suppressed
ascof_2a2,E06000006-N1,${year}-04-01,financial_year,total,3,4000,,
ascof_2a2,E06000006-N2,${year}-04-01,financial_year,total,40,5000,,
ascof_2a2,E06000006-N3,${year}-04-01,financial_year,total,50,6000,,
ascof_2a2,E06000006-N4,${year}-04-01,financial_year,total,60,7000,,
ascof_2a2,E06000006,${year}-04-01,financial_year,total,153,22000,,
`;


const hiddenIn = (year: number) =>
  `SELECT area_code FROM metric_values WHERE metric = 'ascof_2a2' AND period_start = DATE '${year}-04-01' AND suppressed UNION ALL SELECT 'none' ORDER BY 1`;
const PREPARED_TABLES = `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE 'prepared%' OR table_name LIKE 'upload_observations%' OR table_name LIKE 'obs_held%'`;
const marked = (page: Page, name: string) => page.evaluate((n) => performance.getEntriesByName(n).length, name);

/** Drops a file on the upload page (reached by the menu) and waits for its report, and for its rows to be prepared (the `nth` of this visit). */
async function report(page: Page, name: string, text: string, nth: number) {
  await page.click('nav a[href*="/upload"]');
  await page.setInputFiles('#file-input', { name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.waitForSelector('[data-report]', { timeout: 60_000 });
  await page.waitForFunction((n) => performance.getEntriesByName('bcf:add-prepared').length === n, nth, { timeout: 60_000 });
}

describe('an upload prepared while its report is read', () => {
  it('is added with the same cells hidden, kept for a reload once drawn; discarded, leaves nothing behind', async () => {
    const { page, problems } = await open(browser(), '/upload');
    await page.waitForSelector('.provenance');
    await addUpload(page, { name: 'populations.csv', text: POPULATIONS });
    const ready = () => page.waitForFunction(() => performance.getEntriesByName('bcf:duckdb-ready').length > 0, null, { timeout: 60_000 });

    await report(page, 'hubs-2009.csv', csv(2009), 1);
    const kept = await marked(page, 'bcf:metric-values-kept');
    await addUpload(page, null, 'hubs-2009.csv');
    // Added by putting what was prepared in place, not built again; its build is kept for the next
    // page load only once the page has drawn it (two seconds later), not before Add is done.
    expect(await marked(page, 'bcf:add-adopted')).toBe(1);
    expect(await marked(page, 'bcf:metric-values-kept')).toBe(kept);
    // A reload before then builds it afresh: the same cells hidden.
    await page.reload();
    await ready();
    expect(await marked(page, 'bcf:kept-build-read')).toBe(1);
    expect(await marked(page, 'bcf:counts-fetched')).toBe(1);
    expect(await ask(page, hiddenIn(2009))).toEqual(['E06000006-N1', 'E06000006-N2', 'none']);
    expect(await ask(page, PREPARED_TABLES)).toEqual(['0']);

    // Discarded: nothing of it stays in the page's DuckDB, and its figures are as they were.
    await report(page, 'hubs-2010.csv', csv(2010), 1);
    await page.getByRole('button', { name: 'Discard' }).click();
    await page.waitForFunction(() => !document.querySelector('[data-report]'));
    expect(await ask(page, hiddenIn(2010))).toEqual(['none']);
    expect(await ask(page, PREPARED_TABLES)).toEqual(['0']);
    expect(await ask(page, hiddenIn(2009))).toEqual(['E06000006-N1', 'E06000006-N2', 'none']);

    // Added, and given the time to keep its build: a reload takes it, the same cells hidden, nothing built.
    await report(page, 'hubs-2011.csv', csv(2011), 2);
    const keptBefore = await marked(page, 'bcf:metric-values-kept');
    await addUpload(page, null, 'hubs-2011.csv');
    expect(await marked(page, 'bcf:add-adopted')).toBe(1);
    await page.waitForFunction((n) => performance.getEntriesByName('bcf:metric-values-kept').length > n, keptBefore, { timeout: 60_000 });
    await page.reload();
    await ready();
    expect(await marked(page, 'bcf:kept-build-read')).toBe(1);
    expect(await marked(page, 'bcf:counts-fetched')).toBe(0);
    expect(await ask(page, hiddenIn(2009))).toEqual(['E06000006-N1', 'E06000006-N2', 'none']);
    expect(await ask(page, hiddenIn(2011))).toEqual(['E06000006-N1', 'E06000006-N2', 'none']);
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);
});
