// An SPC chart of too few points for limits is a run chart, and says why: the demo's Rochdale,
// ASCOF 2B(1), ten years, computed an upper process limit of 100.5% when limits were drawn from
// any number of points (held at 100% and said so: tests/unit/spc-limits.test.ts holds that). Making
// Data Count draws limits from 15 points, so now none is drawn, held or said.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chartsReady, open, tableOf, useBrowser } from './browser';

const browser = useBrowser();
const WHY = 'Only 10 points: Making Data Count draws process limits and applies the special-cause rules from 15 points, so this is a run chart of the values about their mean, with no verdict on variation or assurance.';

async function notesOf(page: Page, chart: string) {
  await chartsReady(page);
  const figure = page.locator(`figure[data-chart="${chart}"]`);
  return { why: await figure.locator('[data-run-chart]').allTextContents(), clipped: await figure.locator('[data-spc-clipped]').count(), variation: await figure.locator('[data-variation]').count() };
}

describe('ten years of a percentage', () => {
  it('are a run chart on the metric page, which says why, with no limits in its table', async () => {
    const { page, problems } = await open(browser(), '/metric?metric=ascof_2b1&area=E08000005');
    expect(await notesOf(page, 'spc')).toEqual({ why: [WHY], clipped: 0, variation: 0 });
    // (A sortable column's header ends in its sort arrow.)
    const headers = (await page.locator('figure[data-chart="spc"] thead th').allTextContents()).map((h) => h.trim().replace(/\W+$/, ''));
    expect(headers).toEqual(['Period', 'Value', 'Mean', 'Target']);
    expect(await tableOf(page, 'spc')).toHaveLength(10);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('are a run chart in the embed, which says why', async () => {
    const { page, problems } = await open(browser(), '/embed/spc/ascof_2b1/E08000005');
    expect(await notesOf(page, 'embed-spc')).toEqual({ why: [WHY], clipped: 0, variation: 0 });
    // Titled as what it is, not "statistical process control".
    expect(await page.locator('h1').textContent()).toBe('Older people at home 91 days after reablement: Rochdale, run chart');
    expect(problems).toEqual([]);
    await page.close();
  });
});
