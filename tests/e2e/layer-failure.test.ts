// An upload kept in this browser whose rows cannot be put back into the page's DuckDB after a
// reload (the deferred layer, which nothing waits for): the data banner names it in plain words,
// and the page goes on with what it holds.
import { describe, expect, it } from 'vitest';
import { addUpload, open, useBrowser } from './browser';

const browser = useBrowser();

describe('an upload whose rows cannot be put back after a reload', () => {
  it('is named in the data banner, plainly, and the page goes on', async () => {
    const { page, problems } = await open(browser(), '/upload');
    await page.waitForSelector('.provenance');
    const csv = 'metric,area_code,period_start,period_type,breakdown,numerator,denominator,published_value,suppressed\nascof_2a2,E06000006,2010-04-01,financial_year,total,41,20000,,\n';
    await addUpload(page, { name: 'kept.csv', text: csv });
    expect(await page.locator('.layer-failed').count()).toBe(0);
    // From the reload on, the engine fails the one query that puts an upload's rows back (as when
    // out of memory): its text is swapped, on the way to DuckDB's worker, for one that fails.
    await page.addInitScript(() => {
      const post = Worker.prototype.postMessage;
      Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: [StructuredSerializeOptions?]) {
        const m = message as { type?: string; data?: unknown[] } | null;
        if (m?.type === 'RUN_QUERY' && Array.isArray(m.data)) {
          const i = m.data.findIndex((d) => typeof d === 'string' && d.startsWith('BEGIN TRANSACTION') && d.includes('local_observations'));
          if (i >= 0) m.data[i] = "SELECT error('Out of Memory Error: could not allocate')";
        }
        return post.call(this, message, ...rest);
      } as Worker['postMessage'];
    });
    await page.reload();
    const banner = page.locator('.layer-failed');
    await expect.poll(() => banner.textContent(), { timeout: 60_000 }).toBe(
      'Your upload kept.csv could not be loaded into this page (the browser ran out of memory): some of its figures may be missing from the charts, tables and comparisons. Everything else is shown as usual. Reload the page to try again. Your uploads.',
    );
    expect(await banner.getAttribute('role')).toBe('alert');
    // What is loaded stays: the list of uploads, and the page's own figures.
    await expect.poll(() => page.locator('table.uploads tbody th').allTextContents(), { timeout: 30_000 }).toEqual(['kept.csv']);
    expect(problems.filter((p) => !p.startsWith('console:'))).toEqual([]);
    await page.close();
  });
});
