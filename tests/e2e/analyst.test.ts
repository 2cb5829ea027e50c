// "Is Halton's delayed-days rate special-cause improvement, and is it significantly better than
// England and the Cheshire and Merseyside average?" answered in three clicks, every figure traceable.
import { describe, expect, it } from 'vitest';
import { chartsReady, open, sharedPage, tableOf, useBrowser } from './browser';
import { areas, dtocRate, expected, monthOf, oneDp, xmrLimits } from './expected';

const browser = useBrowser();
const at = sharedPage((path, width) => open(browser(), path, width));
const number = (text: string) => Number(text.replace(/[,%]/g, ''));

describe('an analyst’s question in three clicks', () => {
  it('overview → delayed transfers → SPC and significance, consistent with the counts', async () => {
    const { page, problems } = await at('/?area=E06000006&year=2019-20');
    await chartsReady(page, 8);
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

  it('recalculates SPC limits at the points the analyst sets, from a baseline of the first points if asked, kept in the URL', async () => {
    const { page, problems } = await at('/metric?metric=dtoc&area=E06000006');
    await chartsReady(page, 4);
    const recalc = page.getByLabel('Recalculate limits from');
    await recalc.selectOption('2017-04-01');
    await page.waitForURL(/rebase=2017-04-01(&|$)/);
    await recalc.selectOption('2019-04-01');
    await page.waitForURL(/rebase=2017-04-01%2C2019-04-01|rebase=2017-04-01,2019-04-01/);
    await expect.poll(() => page.locator('.rebased li').allTextContents()).toEqual(['Apr 2017 Remove', 'Apr 2019 Remove']);

    // Each segment's limits from its own points (moving ranges inside it only), computed here.
    const rates = (await tableOf(page, 'trend')).filter((r) => r[0] === 'Halton').map((r) => dtocRate('E06000006', monthOf(r[1]!)));
    const limitsAt = async (rows: string[][], starts: number[], limits: (seg: number[]) => ReturnType<typeof xmrLimits>) => {
      const ends = [...starts.slice(1), rates.length];
      for (const [i, start] of starts.entries()) {
        const l = limits(rates.slice(start, ends[i]));
        for (const at of [start, ends[i]! - 1]) expect(rows[at]!.slice(2, 5)).toEqual([l.mean, l.lower, l.upper].map(oneDp));
      }
    };
    await expect.poll(async () => (await tableOf(page, 'spc'))[0]![2]).toBe(oneDp(xmrLimits(rates.slice(0, 24)).mean));
    await limitsAt(await tableOf(page, 'spc'), [0, 24, 48], xmrLimits);

    // Limits from each segment's first 12 points, then held.
    await page.getByLabel('Limits from the first').fill('12');
    await page.getByLabel('Limits from the first').press('Enter');
    await page.waitForURL(/baseline=12/);
    await expect.poll(async () => (await tableOf(page, 'spc'))[0]![2]).toBe(oneDp(xmrLimits(rates.slice(0, 12)).mean));
    await limitsAt(await tableOf(page, 'spc'), [0, 24, 48], (seg) => xmrLimits(seg.slice(0, 12)));

    await page.getByRole('button', { name: 'Remove the recalculation from Apr 2017' }).click();
    await page.waitForURL((url) => url.searchParams.get('rebase') === '2019-04-01');
    await limitsAt(await tableOf(page, 'spc'), [0, 48], (seg) => xmrLimits(seg.slice(0, 12)));
    expect(problems).toEqual([]);
  });
});
