// "Is Halton's delayed-days rate special-cause improvement, and is it significantly better than
// England and the Cheshire and Merseyside average?" answered in three clicks, every figure traceable.
import { describe, expect, it } from 'vitest';
import { chartsReady, open, tableOf, useBrowser } from './browser';
import { areas, dtocRate, expected, monthOf, xmrLimits } from './expected';

const browser = useBrowser();
const number = (text: string) => Number(text.replace(/[,%]/g, ''));

describe('an analyst’s question in three clicks', () => {
  it('overview → delayed transfers → SPC and significance, consistent with the counts', async () => {
    const { page, problems } = await open(browser(), '/?area=E06000006');
    await chartsReady(page, 6);
    const card = page.locator('article[data-metric="dtoc"]');
    // Click 1 is the place (Halton is chosen); the card already answers "compared with England / the ICS".
    const ci = (await card.locator('dt:text("95% confidence interval") + dd').textContent())!.split(' to ').map(number);
    const englandValue = number((await card.locator('[data-england]').textContent())!);
    const vsEngland = await card.locator('[data-significance]').getAttribute('data-significance');
    expect(vsEngland).toBe(ci[0]! > englandValue ? 'worse' : ci[1]! < englandValue ? 'better' : 'similar');
    const groupValue = number((await card.locator('[data-group]').textContent())!);
    const vsGroup = await card.locator('[data-group-significance]').getAttribute('data-group-significance');
    expect(vsGroup).toBe(ci[0]! > groupValue ? 'worse' : ci[1]! < groupValue ? 'better' : 'similar');
    const cm = areas().filter((a) => a.parent_code === 'E54000008').map((a) => a.area_code!);
    expect(groupValue.toFixed(1)).toBe(expected('dtoc', cm, '2020-02-01', 'month').shown);

    // Click 2: the metric; the SPC chart says whether the variation is special cause.
    await card.getByRole('link', { name: 'Delayed transfers of care' }).click();
    await page.waitForURL(/\/metric\?metric=dtoc&area=E06000006/);
    await chartsReady(page, 4);
    const variation = page.locator('[data-variation]');
    expect(await variation.getAttribute('data-variation')).toMatch(/^(common cause|special cause (improvement|concern) \((high|low)\))$/);
    expect(await variation.textContent()).toMatch(/Variation: .+\./);

    // Click 3: the SPC data, checked against limits computed here from the demo CSV.
    const trend = (await tableOf(page, 'trend')).filter((r) => r[0] === 'Halton');
    expect(trend).toHaveLength(59);
    const limits = xmrLimits(trend.map((r) => dtocRate('E06000006', monthOf(r[1]!))));
    const spcRows = await tableOf(page, 'spc');
    expect(spcRows).toHaveLength(59);
    expect(spcRows[0]!.slice(2, 5)).toEqual([limits.mean, limits.lower, limits.upper].map((v) => v.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })));
    expect(problems).toEqual([]);
  });
});
