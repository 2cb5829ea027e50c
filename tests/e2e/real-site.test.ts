// The site a data team builds from the real published files alone (global-setup builds it, as
// `npm run build` does with "data_set": "own"): every page, prerendered or live, from that one
// publication, with nothing from the demo and nothing missing.
import type { Browser } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { realDataReason } from '../helpers/real-data';
import { chartsReady, useBrowser, visitSite } from './browser';

const browser = useBrowser();
const realUrl = inject('realUrl');

const visit = (b: Browser, path: string, javaScript = true) => visitSite(b, realUrl, path, javaScript);

// County Durham: a council outside the demo's 19 places.
const DURHAM = 'E06000047';

describe.skipIf(!realUrl)(`the site built from the real files alone${realDataReason}`, () => {
  it('shows a place outside the demo with the same 2020-21 figure on its live page, its board pack and its embed', async () => {
    const live = await visit(browser(), `/?area=${DURHAM}`);
    await chartsReady(live.page, 6);
    const value = (await live.page.locator('article[data-metric="ascof_2a2"] [data-value]').textContent())!.trim();
    expect(value).toMatch(/^\d[\d,]*\.\d$/);
    const pack = await visit(browser(), `/pack/${DURHAM}`, false);
    const packText = await pack.page.locator('main').textContent();
    expect(packText).toContain(value);
    const embed = await visit(browser(), `/embed/trend/ascof_2a2/${DURHAM}`, false);
    expect(await embed.page.locator('main').textContent()).toContain(value);
    for (const v of [live, pack, embed]) {
      // What a reader sees (the page's own data script says illustrative: false).
      expect(await v.page.locator('body').innerText()).not.toMatch(/illustrative/i);
      if (v === live) expect(await v.page.locator('.provenance').innerText()).toMatch(/^Data: \d+ source files\. Extract built /);
      // The real files hold ONS's mid-2018 and mid-2020 estimates only: DToC's rates from 2011-12 took mid-2018's.
      const early = 'Rates per population for 2011-12 to 2016-17 use the mid-2018 estimate (the earliest held), rather than their own year';
      if (v === live) expect(await v.page.locator('[data-population-note]').innerText()).toContain(early);
      if (v === pack) expect(await v.page.locator('[data-as-at]').innerText()).toContain(early);
      // Only the monthly DToC sheets state a publication date (December 2018 the latest): not ASCOF 2020-21's date.
      if (v === pack) expect(await v.page.locator('[data-as-at]').innerText()).toMatch(/\b15 of the 19 source files state when they were published, the latest 13 December 2018\./);
      expect(v.problems).toEqual([]);
      await v.close();
    }
  });

  it("draws a measure published for one year with its comparators, and says why there is no SPC chart (not that there are no data)", async () => {
    // ASCOF 2A(2) in the real files: 2020-21 alone, for County Durham, its ICB and England.
    const v = await visit(browser(), `/metric?metric=ascof_2a2&area=${DURHAM}`);
    const trend = v.page.locator('figure[data-chart="trend"]');
    await expect.poll(() => trend.getAttribute('data-state'), { timeout: 60_000 }).toBe('ready');
    // The ICB's and England's single values, drawn as their lines' swatches (before: the legend named them, the chart did not draw them).
    expect(await trend.locator('svg g[aria-label="dot"] path').count()).toBe(2);
    const spc = v.page.locator('figure[data-chart="spc"]');
    expect(await spc.getAttribute('data-state')).toBe('empty');
    expect(await spc.innerText()).toContain('No SPC chart: Only 1 point, so nothing to chart over time (Making Data Count draws process limits and applies the special-cause rules from 15 points).');
    expect(await spc.innerText()).not.toContain('No data for this selection');
    // Nor a subtitle naming an XmR chart's mean and limits over no chart.
    expect(await spc.locator('.chart-subtitle').innerText()).toBe('No chart of care home admissions 65+ over time, for the reason below; lower is better.');
    // No key to marks that are not drawn (before: triangles, diamonds and limits listed over the notice).
    expect(await spc.locator('.legend').count()).toBe(0);
    expect(v.problems).toEqual([]);
    await v.close();
    // Nor on paper: the board pack's SPC heading (not an XmR chart's) is followed by why there is no chart, not by a key.
    const pack = await visit(browser(), `/pack/${DURHAM}`, false);
    const figure = pack.page.locator('section.metric', { has: pack.page.locator('h2', { hasText: 'Long-term admissions to care homes, aged 65+' }) }).locator('figure[data-pack-chart="spc"]');
    expect((await figure.innerText()).replace(/\s+/g, ' ')).toMatch(/^Statistical process control, 2020-21\. Not enough data for this chart\. Only 1 point, so nothing to chart over time \(Making Data Count draws process limits and applies the special-cause rules from 15 points\)\.$/);
    await pack.close();
  });

  it('says a place has no hubs, and where hub figures come from, on the place, hub and metric pages, rather than showing a heading over nothing', async () => {
    const said = 'No neighbourhood hubs are defined for County Durham in the loaded data. Hub figures come from a data team';
    for (const [path, where] of [
      [`/place?area=${DURHAM}`, 'section[aria-labelledby="hubs-heading"]'],
      [`/hub?area=${DURHAM}`, 'main'],
      [`/metric?metric=dtoc&area=${DURHAM}`, 'section[aria-labelledby="hubs-heading"]'],
    ] as const) {
      const v = await visit(browser(), path);
      const hubs = v.page.locator(where).first();
      await expect.poll(() => hubs.innerText(), { timeout: 60_000 }).toContain(said);
      expect(await hubs.getByRole('link', { name: 'Upload data' }).count()).toBeGreaterThan(0);
      if (path.startsWith('/place')) expect(await hubs.locator('li').count()).toBe(0);
      expect(v.problems).toEqual([]);
      await v.close();
    }
  });

  it.each(['/', `/metric?metric=dtoc&area=${DURHAM}`, `/place?area=${DURHAM}`, '/hub', '/sql', '/upload', '/accessibility', `/embed/spc/dtoc/${DURHAM}`])(
    'answers %s with no missing file and no console error',
    async (path) => {
      const v = await visit(browser(), path);
      await v.page.waitForLoadState('networkidle');
      if (!['/sql', '/upload', '/accessibility', '/hub'].includes(path)) await chartsReady(v.page);
      expect(v.problems).toEqual([]);
      await v.close();
    },
  );
});
