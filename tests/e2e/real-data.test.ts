// The dashboard given extracts ingested from the real published files instead of the demo data.
import { describe, expect, inject, it } from 'vitest';
import { COUNCILS } from '../../src/lib/geography/councils';
import { ICBS } from '../../src/lib/geography/icbs';
import { inUse } from '../../src/lib/geography/reference';
import { realDataReason } from '../helpers/real-data';
import { chartsReady, sharedPage, tableOf, useBrowser } from './browser';

const browser = useBrowser();
const realUrl = inject('realUrl');
const at = sharedPage(async (path, width) => {
  const page = await browser().newPage({ viewport: { width, height: 900 } });
  await page.goto(`${realUrl}${path}`);
  return { page, problems: [] };
});

const PUBLISHED = [
  { code: 'E06000006', name: 'Halton', admissions: '141.0', atHome: '84.6%' },
  { code: 'E08000015', name: 'Wirral', admissions: '680.3', atHome: '83.0%' },
  { code: 'E08000002', name: 'Bury', admissions: '644.7', atHome: '76.9%' },
];

describe.skipIf(!realUrl)(`the dashboard on the real published files${realDataReason}`, () => {
  // One page for them all, choosing from the page's own controls or following a link: every cold
  // start of DuckDB-WASM costs seconds, and these pages are read the same way after a choice as
  // after a load.
  it('shows Halton, Wirral and Bury with their published ASCOF 2020-21 figures and England beside them', async () => {
    const { page } = await at(`/?area=${PUBLISHED[0]!.code}`);
    await chartsReady(page, 6);
    expect(await page.locator('.provenance').textContent()).not.toContain('Illustrative');
    const card = (metric: string) => page.locator(`article[data-metric="${metric}"]`);
    for (const { code, name, admissions, atHome } of PUBLISHED) {
      await page.locator('select#place').selectOption(code);
      await expect.poll(() => page.locator('h1').textContent()).toBe(`Better Care Fund outcomes: ${name}`);
      await chartsReady(page, 6);
      await expect.poll(() => card('ascof_2a2').locator('[data-value]').textContent(), { message: name }).toBe(admissions);
      expect(await card('ascof_2a2').textContent()).toContain(`${name}, 2020-21`);
      expect(await card('ascof_2a2').locator('[data-england]').textContent()).toBe('498.2');
      expect(await card('ascof_2b1').locator('[data-value]').textContent()).toBe(atHome);
      expect(await card('ascof_2b1').locator('[data-england]').textContent()).toBe('79.1%');
      // The compiled series runs to December 2019.
      expect(await card('dtoc').textContent()).toContain(`${name}, Dec 2019`);
    }
  });

  it('shows Halton’s published delayed days for March 2019 by responsible organisation', async () => {
    const { page } = await at(`/metric?metric=dtoc&area=E06000006`);
    await chartsReady(page);
    const march2019 = async () => (await tableOf(page, 'trend')).find((r) => r[0] === 'Halton' && r[1] === 'Mar 2019')?.[4];
    for (const [label, days] of [['Attributable to the NHS', '294'], ['Attributable to social care', '41'], ['Attributable to both', '35'], ['All delays', '370']] as const) {
      await page.getByRole('radio', { name: label }).check();
      await expect.poll(march2019, { message: label }).toBe(days);
    }
  });

  it('shows County Durham, Southend-on-Sea and Medway under their official names, not a source\'s spelling', async () => {
    const { page } = await at(`/?area=E06000047`);
    await chartsReady(page, 6);
    for (const [code, name] of [['E06000047', 'County Durham'], ['E06000033', 'Southend-on-Sea'], ['E06000035', 'Medway']]) {
      await page.locator('select#place').selectOption(code!);
      await expect.poll(() => page.locator('h1').textContent()).toBe(`Better Care Fund outcomes: ${name}`);
    }
  });

  it('shows Buckinghamshire County Council\'s delayed days from April 2011, and each Buckinghamshire once in the picker', async () => {
    const { page } = await at(`/metric?metric=dtoc&area=E10000002`);
    await chartsReady(page);
    const rows = (await tableOf(page, 'trend')).filter((r) => r[0] === 'Buckinghamshire');
    expect([rows.length, rows[0]?.[1], rows.at(-1)?.[1]]).toEqual([105, 'Apr 2011', 'Dec 2019']);
    const options = await page.locator('select option').allTextContents();
    expect(options.filter((o) => o.startsWith('Buckinghamshire'))).toEqual(expect.arrayContaining(['Buckinghamshire (until March 2020)', 'Buckinghamshire (from April 2020)']));
  });

  // Every North West council of the DToC years, with its ICB's line (the sum of its places) beside England's.
  const northWest = COUNCILS.filter((c) => c.region === 'E12000002' && inUse(c, '2019-12-01'));
  it('gives every North West council its ICB line beside England, one place after another from the picker', async () => {
    const { page } = await at(`/metric?metric=dtoc&area=${northWest[0]!.code}`);
    await chartsReady(page);
    const legend = page.locator('figure[data-chart="trend"] .legend li');
    for (const { name, code, icb } of northWest) {
      const icbLine = `${ICBS.find((i) => i.code === icb)!.name.replace(/^NHS /, '').replace(/ Integrated Care Board$/, ' ICB')} (sum of places)`;
      await page.locator('select#place').selectOption(code);
      await expect.poll(async () => (await legend.allTextContents()).slice(0, 3), { message: name }).toEqual([name, icbLine, 'England']);
      expect(await page.locator('figure[data-chart="trend"] .chart-subtitle').textContent()).toContain('Before July 2022, when ICBs began');
    }
    expect(northWest).toHaveLength(23);
  });
});
