import { readFileSync, readdirSync } from 'node:fs';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chartsReady, open, sharedPage, useBrowser } from './browser';
import { count, expected } from './expected';

const browser = useBrowser();
const at = sharedPage((path, width) => open(browser(), path, width));

const HALTON = `SELECT period_start, numerator, denominator
FROM metric_values
WHERE area_code = 'E06000006' AND metric = 'ascof_2a2'
  AND period_type = 'financial_year' AND breakdown = 'total'
ORDER BY period_start`;

/** Halton's 2A(2) financial years in the demo CSVs, and their figures as expected.ts computes them. */
function haltonYears(): string[][] {
  const starts = readdirSync('data')
    .filter((f) => f.startsWith('observations'))
    .flatMap((f) => Papa.parse<Record<string, string>>(readFileSync(`data/${f}`, 'utf8'), { header: true, skipEmptyLines: true }).data)
    .filter((o) => o.metric === 'ascof_2a2' && o.area_code === 'E06000006' && o.period_type === 'financial_year' && o.breakdown === 'total')
    .map((o) => o.period_start!)
    .sort();
  return starts.map((start) => {
    const e = expected('ascof_2a2', ['E06000006'], start, 'financial_year');
    return [start, String(e.numerator), String(e.denominator)];
  });
}

async function runQuery(page: Page, sql: string) {
  await page.getByLabel('SQL query').fill(sql);
  await page.getByRole('button', { name: 'Run query' }).click();
}

const resultRows = (page: Page) =>
  page.locator('[data-results] tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent!.trim())));

describe('SQL page', () => {
  it('runs a query over metric_values, tables and charts it, downloads it, and refuses writes', async () => {
    const years = haltonYears();
    expect(years.length).toBeGreaterThan(3);
    const { page, problems } = await at('/sql');

    // The default query runs once the data are in.
    await expect.poll(() => page.locator('[data-results] tbody tr').count(), { timeout: 60_000 }).toBeGreaterThan(0);

    await runQuery(page, HALTON);
    // Numbers in the table with thousands separators, as a reader expects them; the CSV keeps them plain.
    const shown = years.map(([start, n, d]) => [start, count(Number(n)), count(Number(d))]);
    await expect.poll(() => resultRows(page), { timeout: 30_000 }).toEqual(shown);
    expect(years.some(([, , d]) => Number(d) >= 1000)).toBe(true);
    expect(await page.locator('[data-status]').textContent()).toMatch(new RegExp(`${years.length} rows in \\d+ ms`));
    await page.waitForURL(/[?&]q=/);

    // A date first and numbers after: a line chart.
    expect(await chartsReady(page, 1)).toEqual(['sql-chart']);
    expect(await page.locator('figure[data-chart="sql-chart"] [role="img"]').getAttribute('aria-label')).toMatch(/^Line chart of numerator over period_start/);

    // The CSV of the result.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /as CSV$/ }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8').split('\n');
    expect(csv[0]).toBe('period_start,numerator,denominator');
    expect(csv.slice(1, 1 + years.length)).toEqual(years.map((y) => y.join(',')));

    // The link reproduces the query, once the reader presses Run.
    const again = await open(browser(), page.url().slice(page.url().indexOf('/sql')));
    // The prerendered page shows the default query until it has read the link's.
    await expect.poll(() => again.page.getByLabel('SQL query').inputValue(), { timeout: 30_000 }).toBe(HALTON);
    await expect.poll(() => again.page.locator('[data-status]').textContent()).toContain('This query came with the link and has not run');
    await again.page.getByRole('button', { name: 'Run query' }).click();
    await expect.poll(() => resultRows(again.page), { timeout: 30_000 }).toEqual(shown);

    // One line per group, told apart by dash as well as colour, and named in the key.
    await runQuery(page, "SELECT period_start, area_code, numerator FROM metric_values WHERE metric = 'ascof_2a2' AND period_type = 'financial_year' AND area_code IN ('E06000006', 'E08000015', 'E92000001')");
    await page.getByLabel('One line for each', { exact: true }).selectOption('area_code');
    await expect.poll(() => page.locator('figure[data-chart="sql-chart"] .legend li').allTextContents(), { timeout: 30_000 }).toEqual(['E06000006', 'E08000015', 'E92000001']);
    const dashes = await page.locator('figure[data-chart="sql-chart"] .legend line').evaluateAll((ls) => ls.map((l) => l.getAttribute('stroke-dasharray')));
    expect(new Set(dashes).size).toBe(3);

    // The limit cuts the result and says so.
    await runQuery(page, 'SELECT * FROM observations');
    await page.getByLabel('Rows to show at most').selectOption('100');
    await expect.poll(() => page.locator('[data-status]').textContent(), { timeout: 30_000 }).toMatch(/Showing the first 100 rows: the query returned more/);
    expect(await page.locator('[data-results] tbody tr').count()).toBe(100);

    // A write is refused with the reason, and changes nothing.
    await runQuery(page, 'SELECT count(*) AS n FROM observations');
    await expect.poll(() => resultRows(page)).toEqual([[expect.stringMatching(/^\d{1,3}(,\d{3})*$/)]]);
    const before = (await resultRows(page))[0]![0]!;
    await runQuery(page, 'DELETE FROM observations');
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.isVisible()).toBe(true);
    expect(await alert.textContent()).toContain('Only queries that read data can run here: DELETE changes a table.');
    await runQuery(page, 'SELECT count(*) AS n FROM observations');
    await expect.poll(() => resultRows(page)).toEqual([[before]]);
    expect(await alert.count()).toBe(0);

    // DuckDB's own message for a mistake.
    await runQuery(page, 'SELECT nope FROM areas');
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/Binder Error: Referenced column "nope" not found/);

    // The rest of the dashboard still works on the same engine (client-side navigation).
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    await chartsReady(page, 6);
    await expect.poll(() => page.locator('article[data-metric="ascof_2a2"] [data-value]').textContent()).toBe(expected('ascof_2a2', ['E06000006'], '2023-04-01', 'financial_year').shown);
    expect([...problems, ...again.problems]).toEqual([]);
  }, 180_000);

  it('never runs a query from a link by itself; Cancel stops one that never ends, and the dashboard still works', async () => {
    const endless = 'SELECT count(*) AS n FROM range(1000000000000)';
    const { page, problems } = await at(`/sql?q=${encodeURIComponent(endless)}`);
    const status = page.locator('[data-status]');
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toContain('This query came with the link and has not run: read it, then press Run query to run it.');
    expect(await page.getByLabel('SQL query').inputValue()).toBe(endless);
    expect(await page.locator('[data-results]').count()).toBe(0);

    await page.getByRole('button', { name: 'Run query' }).click();
    await expect.poll(() => status.textContent(), { timeout: 90_000 }).toContain('Running the query… Press Cancel to stop it; it stops by itself after 30 seconds.');
    await page.waitForTimeout(1500);
    const started = Date.now();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toContain('The query was stopped: you pressed Cancel.');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await page.getByRole('button', { name: 'Cancel' }).count()).toBe(0);

    // The next query runs at once.
    await runQuery(page, 'SELECT count(*) AS n FROM range(1000)');
    await expect.poll(() => resultRows(page), { timeout: 30_000 }).toEqual([['1,000']]);

    // A query run while another is running replaces it.
    await runQuery(page, endless);
    await expect.poll(() => page.getByRole('button', { name: 'Cancel' }).count(), { timeout: 30_000 }).toBe(1);
    await runQuery(page, 'SELECT 42 AS answer');
    await expect.poll(() => resultRows(page), { timeout: 30_000 }).toEqual([['42']]);
    expect(await page.getByRole('button', { name: 'Cancel' }).count()).toBe(0);

    // A huge cell is cut and says so; the tab lives on.
    await runQuery(page, "SELECT repeat('x', 100000000) AS x");
    await expect.poll(() => status.textContent(), { timeout: 60_000 }).toContain('1 cell is longer than 2,000 characters, the most a cell may bring back here: it is cut short, ending with a note of the full length.');
    expect(await resultRows(page)).toEqual([[`${'x'.repeat(2000)} … [cut: 100,000,000 characters in all, 2,000 shown]`]]);

    // Running it again and leaving the page stops it: the overview's live charts draw.
    await runQuery(page, endless);
    await expect.poll(() => page.getByRole('button', { name: 'Cancel' }).count(), { timeout: 30_000 }).toBe(1);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    await chartsReady(page, 6);
    await expect.poll(() => page.locator('article[data-metric="ascof_2a2"] [data-value]').textContent()).toBe(expected('ascof_2a2', ['E06000006'], '2023-04-01', 'financial_year').shown);
    expect(problems).toEqual([]);
  }, 240_000);
});
