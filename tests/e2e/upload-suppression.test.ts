// Small numbers in an upload are hidden on the page, and stay hidden after a reload, which applies
// what suppression decided over the same tables (kept in IndexedDB, cell keys only) instead of
// working it out again; kept for other tables, it is not used.
import { DateDay, tableFromIPC, tableToIPC, Table, vectorFromArray } from 'apache-arrow';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseUrl, open, useBrowser } from './browser';

const browser = useBrowser();

// Halton's four hubs in a year the demo does not hold: N1's 3 is small, and N2 (the next smallest)
// is hidden with it, or Halton's total less the others would give the 3 back.
const CSV = `metric,area_code,period_start,period_type,breakdown,numerator,denominator,published_value,suppressed
ascof_2a2,E06000006-N1,2009-04-01,financial_year,total,3,4000,,
ascof_2a2,E06000006-N2,2009-04-01,financial_year,total,40,5000,,
ascof_2a2,E06000006-N3,2009-04-01,financial_year,total,50,6000,,
ascof_2a2,E06000006-N4,2009-04-01,financial_year,total,60,7000,,
ascof_2a2,E06000006,2009-04-01,financial_year,total,153,22000,,
`;

const HIDDEN = `SELECT area_code FROM metric_values WHERE metric = 'ascof_2a2' AND period_start = DATE '2009-04-01' AND suppressed ORDER BY area_code`;

/** The areas the page's metric_values hides in that year, asked on the SQL page once its data are in. */
async function hidden(page: Page): Promise<string[]> {
  await page.goto(`${baseUrl()}/sql`);
  await page.getByLabel('SQL query').fill(HIDDEN);
  await page.getByRole('button', { name: 'Run query' }).click();
  await page.waitForSelector('[data-results] tbody tr', { timeout: 60_000 });
  return page.locator('[data-results] tbody tr').evaluateAll((rows) => rows.map((r) => r.textContent!.trim()));
}

type Kept = { key: string; cells: number[] };

/** The memo as kept in this browser (or null), or writes one. */
const memo = (page: Page, write?: Kept) =>
  page.evaluate(async (write) => {
    const db = await new Promise<IDBDatabase>((done, fail) => {
      const req = indexedDB.open('bcf-dashboard-suppression', 1);
      req.onupgradeneeded = () => req.result.createObjectStore('hidden', { keyPath: 'id' });
      req.onsuccess = () => done(req.result);
      req.onerror = () => fail(req.error);
    });
    return new Promise<Kept | null>((done, fail) => {
      const tx = db.transaction('hidden', write ? 'readwrite' : 'readonly');
      const req = write ? tx.objectStore('hidden').put({ id: 'latest', key: write.key, cells: new Uint8Array(write.cells) }) : tx.objectStore('hidden').get('latest');
      tx.oncomplete = () => {
        db.close();
        const kept = write ? null : (req.result as { key: string; cells: Uint8Array } | undefined);
        done(kept ? { key: kept.key, cells: [...kept.cells] } : null);
      };
      tx.onerror = () => fail(tx.error);
    });
  }, write);

describe('small numbers in an upload, after a reload', () => {
  it('are hidden as when added, by applying what was kept for the same tables, and worked out again for others', async () => {
    // A page of its own (its own browser storage), every error and request off the site listed.
    const { page, problems } = await open(browser(), '/upload');
    await page.waitForSelector('.provenance');
    await page.setInputFiles('#file-input', { name: 'hubs-2009.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await page.getByRole('button', { name: /^Add / }).click();
    await page.waitForFunction(() => document.querySelectorAll('table.uploads tbody tr').length === 1, null, { timeout: 60_000 });
    expect(await hidden(page)).toEqual(['E06000006-N1', 'E06000006-N2']);

    // What was hidden is kept: cell keys only.
    const kept = await memo(page);
    expect(kept).not.toBeNull();
    const cells = tableFromIPC(new Uint8Array(kept!.cells));
    expect(cells.schema.fields.map((f) => f.name)).toEqual(['metric', 'area_code', 'period_start', 'period_type', 'breakdown']);
    const keys = cells.toArray().map((r) => `${r.area_code}|${r.breakdown}|${r.period_type}`);
    expect(keys).toEqual(expect.arrayContaining(['E06000006-N1|total|financial_year', 'E06000006-N2|total|financial_year']));

    // A reload with the same tables applies the memo as kept: a cell added to it (N3) is hidden too,
    // so the page did not work suppression out again.
    const more = new Table({
      metric: vectorFromArray([...cells.getChild('metric')!.toArray(), 'ascof_2a2']),
      area_code: vectorFromArray([...cells.getChild('area_code')!.toArray(), 'E06000006-N3']),
      period_start: vectorFromArray([...cells.getChild('period_start')!.toArray(), new Date(Date.UTC(2009, 3, 1))].map((d) => new Date(d)), new DateDay()),
      period_type: vectorFromArray([...cells.getChild('period_type')!.toArray(), 'financial_year']),
      breakdown: vectorFromArray([...cells.getChild('breakdown')!.toArray(), 'total']),
    });
    await memo(page, { key: kept!.key, cells: [...tableToIPC(more, 'stream')] });
    expect(await hidden(page)).toEqual(['E06000006-N1', 'E06000006-N2', 'E06000006-N3']);

    // Kept for other tables (another key), it is not used: worked out again, and kept in its place.
    await memo(page, { key: 'another publication or other uploads', cells: [...tableToIPC(more, 'stream')] });
    expect(await hidden(page)).toEqual(['E06000006-N1', 'E06000006-N2']);
    expect((await memo(page))!.key).toBe(kept!.key);
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);
});
