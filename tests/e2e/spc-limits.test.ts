// SPC limits past what a measure can be are held at its bounds and said in words: the demo's
// Rochdale, ASCOF 2B(1), computes an upper process limit of 100.5% (drawn above 100% before).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chartsReady, open, tableOf, useBrowser } from './browser';

const browser = useBrowser();
const NOTE = 'The process limits are held to what a percentage can be, 0% to 100%: the upper limit of 100.5% is drawn at 100%.';

async function noteOf(page: Page, chart: string): Promise<string[]> {
  await chartsReady(page);
  return page.locator(`figure[data-chart="${chart}"] [data-spc-clipped]`).allTextContents();
}

describe('the process limits of a percentage', () => {
  it('are held at 100% on the metric page, whose table and text say so', async () => {
    const { page, problems } = await open(browser(), '/metric?metric=ascof_2b1&area=E08000005');
    expect(await noteOf(page, 'spc')).toEqual([NOTE]);
    // Each period's row gives the limits it is judged by (period, value, mean, lower, upper, …).
    const rows = await tableOf(page, 'spc');
    // (A sortable column's header ends in its sort arrow.)
    const upper = (await page.locator('figure[data-chart="spc"] thead th').allTextContents()).findIndex((h) => h.trim().startsWith('Upper limit'));
    expect(new Set(rows.map((r) => r[upper]))).toEqual(new Set(['100.0%']));
    expect(problems).toEqual([]);
    await page.close();
  });

  it('are held at 100% in the embed, which says so', async () => {
    const { page, problems } = await open(browser(), '/embed/spc/ascof_2b1/E08000005');
    expect(await noteOf(page, 'embed-spc')).toEqual([NOTE]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
