// A data team defines a metric the project has never seen (a definitions CSV beside its
// observations, no code changed) and names it core for 2025-26: every page picks it up.
import type { Browser } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { chartsReady, useBrowser, visitSite } from './browser';

const browser = useBrowser();
const ownUrl = inject('ownUrl');
const METRIC = 'falls_response_2h';
const TITLE = 'Falls responses within two hours';

const visit = (b: Browser, path: string, javaScript = true) => visitSite(b, ownUrl, path, javaScript);

describe('a metric a data team defined', () => {
  it('is on the overview as one of the year’s core metrics, with its latest value and counts', async () => {
    const v = await visit(browser(), '/');
    await chartsReady(v.page);
    const card = v.page.locator(`article[data-metric="${METRIC}"]`);
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.innerText()).toContain(TITLE);
    // Halton, September 2025: 130 of 157 calls (the fixture's last row for E06000006), 82.8%.
    expect(await card.locator('[data-counts]').textContent()).toBe('(130 answered within two hours of 157 calls)');
    expect(await card.locator('[data-value]').textContent()).toBe('82.8%');
    expect(await v.page.locator('.lede').innerText()).toContain('for 2025-26');
    expect(v.problems).toEqual([]);
    await v.close();
  }, 90_000);

  it('has its own metric page, trend and definition, and is among the metrics offered', async () => {
    const v = await visit(browser(), `/metric?metric=${METRIC}&area=E06000006`);
    // Halton's hubs have records of emergency admissions only (compare-icb.test.ts): their panels for
    // this metric are empty, so only the place's own charts come to be drawn.
    for (const chart of ['trend', 'spc']) await v.page.locator(`figure[data-chart="${chart}"][data-state="ready"]`).waitFor({ timeout: 60_000 });
    // Both hub charts say so: the ranking beside the empty panels was "ready" with no bar (compare12).
    for (const chart of ['hubs', 'hub-ranking']) await v.page.locator(`figure[data-chart="${chart}"][data-state="empty"]`).waitFor({ timeout: 10_000 });
    expect(await v.page.locator('figure[data-chart="hub-ranking"] .chart-note').textContent()).toBe("No figure for Halton's hubs in Sep 2025, so nothing to rank.");
    expect(await v.page.getByRole('radio', { name: 'Falls response 2h' }).isChecked()).toBe(true);
    expect(await v.page.locator('figure[data-chart="trend"]').count()).toBe(1);
    expect(await v.page.locator('main').innerText()).toContain('answered by a visit within two hours');
    expect(v.problems).toEqual([]);
    await v.close();
  }, 90_000);

  it('is embedded and in the board pack, drawn at build time, without JavaScript', async () => {
    const embed = await visit(browser(), `/embed/trend/${METRIC}/E06000006`, false);
    expect(await embed.page.locator('main svg').count()).toBeGreaterThan(0);
    expect(await embed.page.locator('main').innerText()).toContain(TITLE);
    const pack = await visit(browser(), '/pack/E06000006', false);
    expect(await pack.page.locator(`#h-${METRIC}`).innerText()).toBe(TITLE);
    for (const v of [embed, pack]) {
      expect(v.problems).toEqual([]);
      await v.close();
    }
  }, 90_000);
});
