// Uploads kept in a browser outlive the version of the dashboard that saved them. One whose tables
// no longer fit is set aside with a message saying what to do; every other upload still loads.
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { toArrowIpc } from '../../src/lib/contract/arrow';
import type { Observation } from '../../src/lib/contract/schema';
import { open, useBrowser } from './browser';

const browser = useBrowser();

const row: Observation = {
  metric: 'ascof_2a2', area_code: 'E06000006', period_start: '2010-04-01', period_type: 'financial_year', breakdown: 'total',
  numerator: 41, denominator: 20_000, published_value: null, suppressed: false, source: 'kept.csv:2',
};
const report = (file: string) => ({ file, layout: 'Canonical long format', periods: [], skipped: [], areasCovered: 1, accepted: 1, revised: 0, unchanged: 0, rejected: 0, errors: [] });

describe('uploads saved by an earlier version', () => {
  it('load where their columns still fit, and are set aside with a message where they do not', async () => {
    // A page of its own (its own browser storage), every error and request off the site listed.
    const { page, problems } = await open(browser(), '/upload');
    await page.waitForSelector('.provenance');
    const uploads = [
      { id: 'a', name: 'kept.csv', uploaded_at: '2024-01-01T00:00:00Z', report: report('kept.csv'), ipc: { observations: [...toArrowIpc('observations', [row])] } },
      // A populations table in a shape no version of the contract had.
      { id: 'b', name: 'old-shape.csv', uploaded_at: '2024-01-02T00:00:00Z', report: report('old-shape.csv'), ipc: { populations: [...tableToIPC(tableFromArrays({ area_code: ['E06000006'], colour: ['blue'] }), 'stream')] } },
    ];
    await page.evaluate(async (saved) => {
      await new Promise<void>((done, fail) => {
        const req = indexedDB.open('bcf-dashboard', 1);
        req.onupgradeneeded = () => req.result.createObjectStore('uploads', { keyPath: 'id' });
        req.onsuccess = () => {
          const tx = req.result.transaction('uploads', 'readwrite');
          for (const u of saved) tx.objectStore('uploads').put({ ...u, ipc: Object.fromEntries(Object.entries(u.ipc).map(([k, v]) => [k, new Uint8Array(v)])) });
          tx.oncomplete = () => (req.result.close(), done());
          tx.onerror = () => fail(tx.error);
        };
      });
    }, uploads);
    await page.reload();
    const notice = page.locator('[data-set-aside]');
    await expect.poll(() => notice.count(), { timeout: 60_000 }).toBe(1);
    expect(await notice.innerText()).toBe(
      'One upload was saved by an earlier version of the dashboard and could not be loaded, so it is not shown: old-shape.csv. Remove it below and upload the file again; everything else is shown as usual.',
    );
    // The other upload's row is shown over the published data.
    expect(await page.locator('.local').innerText()).toContain('1 rows from files uploaded in this browser');
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
