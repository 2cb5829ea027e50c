// Hubs with counts but no population: a data team's own records give its hubs counts alone, and
// a rate per 100,000 needs the hub's population. Found on a clone set to Bury with the real
// published files and generated records: the metric page's hub panels and ranking stood blank
// without a word, and the hub page did not open at all (two places named Buckinghamshire in the
// real files; tests/unit/hub-groups.test.ts). Here a hub is uploaded with counts and no population.
import { describe, expect, it } from 'vitest';
import { addUpload, baseUrl, follow, useBrowser } from './browser';

const browser = useBrowser();
const HUB = 'U00077';
const SAID = 'No rate for Test Hub: its admissions are counted, but its population aged 65+ is not held, and a rate needs it. The counts are in the data table.';

describe('a hub with counts but no population', () => {
  it('is said to have no rate, and why, on the metric page and its own hub page', async () => {
    const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(`${baseUrl()}/upload`);
    await addUpload(page, { name: 'hub.csv', text: `area_code,area_name,area_type,parent_code\n${HUB},Test Hub,hub,E06000006\n` });
    await addUpload(page, {
      name: 'hub-counts.csv',
      text: `metric,area_code,period_start,period_type,breakdown,numerator,denominator\nascof_2a2,${HUB},2023-04-01,financial_year,total,40,\n`,
    });

    await follow(page, '/metric?metric=ascof_2a2&area=E06000006');
    const hubs = page.locator('figure[data-chart="hubs"]');
    await expect.poll(() => hubs.locator('[data-hub-unrated]').textContent(), { timeout: 60_000 }).toBe(SAID);
    // The other hubs have populations, so the panels are drawn, and the ranking names no empty bar.
    await expect.poll(() => hubs.getAttribute('data-state'), { timeout: 60_000 }).toBe('ready');

    await follow(page, `/hub?area=${HUB}`);
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 60_000 }).toBe('Test Hub');
    const card = page.locator('figure[data-chart="trend-ascof_2a2"]');
    await expect.poll(() => card.locator('[data-unrated-note]').textContent(), { timeout: 60_000 }).toBe(SAID);
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);
});
