import { describe, expect, it } from 'vitest';
import { chartsReady, open, tableOf, useBrowser } from './browser';
import { areas, expected } from './expected';

const browser = useBrowser();

describe('place and hub pages', () => {
  it('shows every metric for a place with its ICS, and leads to its hubs', async () => {
    const { page, problems } = await open(browser(), '/place?area=E08000002');
    // This year's core metrics and those the demo's settings also embed (DToC, 2B(1)).
    expect(await chartsReady(page, 5)).toEqual(['trend-dtoc', 'trend-ascof_2a2', 'trend-ascof_2b1', 'trend-emergency_admissions_65', 'trend-discharge_delay']);
    expect(await page.locator('h1').textContent()).toBe('Bury');
    expect(await page.locator('figure[data-chart="trend-dtoc"] .legend li').allTextContents()).toEqual(['Bury', 'Greater Manchester ICB (sum of places)', 'England', 'Target (Bury)']);
    const bury2b1 = expected('ascof_2b1', ['E08000002'], '2020-04-01', 'financial_year');
    expect((await tableOf(page, 'trend-ascof_2b1')).find((r) => r[0] === 'Bury' && r[1] === '2020-21')?.[2]).toBe(bury2b1.shown);

    const hubs = areas().filter((a) => a.parent_code === 'E08000002');
    const links = page.locator('.hub-list a');
    expect(await links.allTextContents()).toEqual(hubs.map((h) => h.area_name).sort((a, b) => a!.localeCompare(b!, 'en-GB')));
    await links.filter({ hasText: 'Radcliffe' }).click();
    await page.waitForURL(/\/hub\?area=/);
    await chartsReady(page, 5);
    expect(await page.locator('h1').textContent()).toBe('Radcliffe');
    expect(await page.locator('figure[data-chart="trend-ascof_2a2"] .legend li').allTextContents()).toEqual(['Radcliffe', 'Bury', 'England']);
    const radcliffe = hubs.find((h) => h.area_name === 'Radcliffe')!;
    const value = expected('ascof_2a2', [radcliffe.area_code!], '2022-04-01', 'financial_year');
    expect((await tableOf(page, 'trend-ascof_2a2')).find((r) => r[0] === 'Radcliffe' && r[1] === '2022-23')?.[2]).toBe(value.shown);
    expect(problems).toEqual([]);
  });
});
