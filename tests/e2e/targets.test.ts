// Targets from the targets CSV on the trend and SPC charts, judged RAG against the 95% interval and
// read together with SPC assurance; every expected figure worked out here from the demo CSVs.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addUpload, baseUrl, chartsReady, follow, open, sharedPage, tableOf, useBrowser } from './browser';
import { byar, dtocRate, expected, oneDp, target, xmrLimits } from './expected';

const browser = useBrowser();
const at = sharedPage((path, width) => open(browser(), path, width));
const HALTON = 'E06000006';

/** Halton's delayed days in Feb 2020 and its 59 monthly rates (the SPC chart's series). */
function haltonDtoc() {
  const feb = expected('dtoc', [HALTON], '2020-02-01', 'month');
  const rate = dtocRate(HALTON, '2020-02-01');
  const months = Array.from({ length: 59 }, (_, i) => new Date(Date.UTC(2015, 3 + i, 1)).toISOString().slice(0, 10));
  const limits = xmrLimits(months.map((m) => dtocRate(HALTON, m)));
  return { feb, rate, interval: byar(feb.numerator, rate), limits };
}

/** RAG and assurance for a lower-is-better value against a target, from first principles. */
function judge(value: number, [lower]: [number, number], limits: { lower: number; upper: number }, goal: number) {
  const rag = value <= goal ? 'green' : lower > goal ? 'red' : 'amber';
  const assurance = goal > limits.upper ? 'pass' : goal < limits.lower ? 'fail' : 'hit and miss';
  return { rag, assurance };
}

async function shown(page: Page, scope: string) {
  const status = page.locator(`${scope} .target-status`);
  return {
    rag: await status.locator('[data-rag]').getAttribute('data-rag'),
    ragText: await status.locator('[data-rag]').textContent(),
    assurance: await status.locator('[data-assurance]').getAttribute('data-assurance'),
  };
}

async function columnOf(page: Page, chart: string, header: string): Promise<string[]> {
  const rows = await tableOf(page, chart);
  const headers = await page.locator(`figure[data-chart="${chart}"] thead th`).allTextContents();
  const at = headers.findIndex((h) => h.startsWith(header));
  expect(at).toBeGreaterThan(-1);
  return rows.map((r) => r[at]!);
}

describe('targets', () => {
  it('draws Halton’s planned target on the trend and SPC charts and judges February 2020 against it, beside assurance', async () => {
    const { page, problems } = await at(`/metric?metric=dtoc&area=${HALTON}`);
    await chartsReady(page, 4);
    const plan = target('dtoc', HALTON, '2019-04-01');
    const { feb, rate, interval, limits } = haltonDtoc();

    await expect.poll(() => page.locator('figure[data-chart="trend"] .legend').textContent()).toContain('Target (Halton)');
    await expect.poll(() => page.locator('figure[data-chart="spc"] .legend').textContent()).toContain('Target');
    // Every 2019-20 month carries the year's target; 2015-16 and 2016-17 had none.
    const targets = await columnOf(page, 'spc', 'Target');
    expect(targets.slice(-11)).toEqual(Array(11).fill(oneDp(plan)));
    expect(targets.slice(0, 24)).toEqual(Array(24).fill('–'));

    const want = judge(rate, interval, limits, plan);
    const got = await shown(page, 'figure[data-chart="spc"]');
    expect([got.rag, got.assurance]).toEqual([want.rag, want.assurance]);
    expect(got.ragText).toContain(`Feb 2020: ${feb.shown} against a target of ${oneDp(plan)}`);

    // The overview card says the same of the same month.
    await follow(page, `/?area=${HALTON}&year=2019-20`);
    await chartsReady(page, 8);
    const card = await shown(page, 'article[data-metric="dtoc"]');
    expect([card.rag, card.assurance]).toEqual([want.rag, want.assurance]);
    expect(card.ragText).toContain(`${feb.shown} against ${oneDp(plan)}, Feb 2020`);
    expect(problems).toEqual([]);
  });

  it('lets the analyst try another target in the SPC settings, kept in the URL', async () => {
    const { page, problems } = await at(`/metric?metric=dtoc&area=${HALTON}`);
    await chartsReady(page, 4);
    const { rate, interval, limits } = haltonDtoc();
    const tried = Math.ceil(limits.upper) + 1;
    await page.getByLabel('Try a target').fill(String(tried));
    await page.getByLabel('Try a target').press('Enter');
    await page.waitForURL(new RegExp(`target=${tried}`));
    await expect.poll(() => page.locator('figure[data-chart="spc"] .legend').textContent()).toContain(`Target ${oneDp(tried)} (set here)`);
    const want = judge(rate, interval, limits, tried);
    expect(want).toEqual({ rag: 'green', assurance: 'pass' });
    await expect.poll(() => shown(page, 'figure[data-chart="spc"]').then((s) => [s.rag, s.assurance])).toEqual([want.rag, want.assurance]);
    expect(problems).toEqual([]);
  });

  it('reads a targets CSV chosen on the upload page before the page’s script has taken over', async () => {
    const page = await browser().newPage();
    // The page's script held back (its styles not): the file is chosen in the page's HTML, as on a slow connection.
    let release = () => {};
    const released = new Promise<void>((done) => (release = done));
    await page.route(/\/_app\/immutable\/.*\.js$/, async (route) => {
      await released;
      await route.continue();
    });
    await page.goto(`${baseUrl()}/upload`, { waitUntil: 'domcontentloaded' });
    const csv = `metric,area_code,period_start,period_type,target\ndtoc,${HALTON},2020-02-01,month,4.5\n`;
    await page.setInputFiles('#file-input', { name: 'early-targets.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    release();
    await expect.poll(() => page.locator('[data-report] dt:text("Areas / population / target rows") + dd').textContent(), { timeout: 30_000 }).toBe('0 / 0 / 1');
    await page.close();
  });

  it('takes a targets CSV through the upload page, and the charts judge against it at once', async () => {
    const { page, problems } = await open(browser(), '/upload');
    const csv = `metric,area_code,period_start,period_type,target\ndtoc,${HALTON},2019-04-01,financial_year,5\ndtoc,${HALTON},2020-02-01,month,4.5\n`;
    await page.setInputFiles('#file-input', { name: 'halton-targets.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const report = page.locator('[data-report]');
    await expect.poll(() => report.locator('dt:text("Areas / population / target rows") + dd').textContent(), { timeout: 30_000 }).toBe('0 / 0 / 2');
    expect(await report.getByRole('button', { name: /^Add / }).textContent()).toBe('Add 2 rows to the dashboard');
    await addUpload(page, null, 'halton-targets.csv');

    await follow(page, `/metric?metric=dtoc&area=${HALTON}`);
    await chartsReady(page, 4);
    const { rate, interval, limits } = haltonDtoc();
    // February's own target (4.5) wins over the year's (5); both lie far below the process.
    const want = judge(rate, interval, limits, 4.5);
    expect(want).toEqual({ rag: 'red', assurance: 'fail' });
    await expect.poll(() => shown(page, 'figure[data-chart="spc"]').then((s) => [s.rag, s.assurance])).toEqual([want.rag, want.assurance]);
    // Marked as uploaded wherever they are shown, and counted in the page's local-data note.
    const targets = await columnOf(page, 'spc', 'Target');
    expect(targets.slice(-11)).toEqual([...Array(10).fill('5.0 ◇'), '4.5 ◇']);
    expect(await page.locator('figure[data-chart="spc"] [data-rag]').textContent()).toContain('against a target of 4.5 (◇ uploaded in this browser)');
    expect((await page.locator('.status .local').textContent())!.replace(/\s+/g, ' ')).toMatch(/Local data: 2 targets from files uploaded in this browser/);
    expect(problems).toEqual([]);
  });
});
