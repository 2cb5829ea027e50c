import { describe, expect, it } from 'vitest';
import { baseUrl, chartsReady, follow, open, sharedPage, tableOf, useBrowser, watchQueries } from './browser';
import { areas, byar, count, dtocRate, expected, latest } from './expected';

const browser = useBrowser();
const at = sharedPage((path, width) => open(browser(), path, width));
const placesOf = (icb: string) => areas().filter((a) => a.parent_code === icb).map((a) => a.area_code!);

describe('overview', () => {
  it('shows this year’s core metrics (2025-26) for Halton, with England, from the extracts', async () => {
    const { page, problems } = await at('/');
    const charts = await chartsReady(page, 6);
    expect(charts).toEqual([
      'sparkline-ascof_2a2', 'sparkline-emergency_admissions_65', 'sparkline-discharge_delay',
      'ics-ascof_2a2', 'ics-emergency_admissions_65', 'ics-discharge_delay',
    ]);
    expect(await page.getByLabel('BCF year').inputValue()).toBe('2025-26');
    const card = (metric: string) => page.locator(`article[data-metric="${metric}"]`);
    for (const [metric, type] of [['ascof_2a2', 'financial_year'], ['emergency_admissions_65', 'month'], ['discharge_delay', 'month']] as const) {
      expect(await card(metric).locator('[data-value]').textContent(), metric).toBe(expected(metric, ['E06000006'], latest(metric, 'E06000006', type), type).shown);
    }
    // A mean per event has no interval: the card says none, and links to the page that says why.
    expect(await card('discharge_delay').locator('[data-interval-note]').textContent()).toBe('none (why)');
    await follow(page, '/metric?metric=discharge_delay&area=E06000006');
    await expect.poll(() => page.locator('ul.lineage').textContent()).toMatch(/no confidence interval can be computed/);
    expect(problems).toEqual([]);
  });

  it('shows an earlier year’s core metrics one choice away, and ended series name what followed', async () => {
    const { page, problems } = await at('/?year=2019-20');
    const charts = await chartsReady(page, 8);
    expect(charts).toEqual([
      'sparkline-dtoc', 'sparkline-non_elective_admissions', 'sparkline-ascof_2a2', 'sparkline-ascof_2b1',
      'ics-dtoc', 'ics-non_elective_admissions', 'ics-ascof_2a2', 'ics-ascof_2b1',
    ]);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Better Care Fund outcomes: Halton');
    expect(await page.locator('article[data-metric="dtoc"] .note').innerText()).toBe(
      'Lower is better. Collection ended after Feb 2020. The current measure is average discharge delay.',
    );
    expect(await page.getByText('Illustrative demo data').isVisible()).toBe(true);
    expect(await page.locator('.provenance').textContent()).toMatch(/Extract built \d{1,2} \w+ 20\d\d/);

    const card = (metric: string) => page.locator(`article[data-metric="${metric}"]`);
    const dtoc = expected('dtoc', ['E06000006'], '2020-02-01', 'month');
    expect(await card('dtoc').locator('[data-value]').textContent()).toBe(dtoc.shown);
    expect(await card('dtoc').textContent()).toContain(`Halton, Feb 2020 (${count(dtoc.numerator)} delayed days among ${count(dtoc.denominator)} people aged 18+)`);
    expect(await card('dtoc').locator('[data-england]').textContent()).toBe(expected('dtoc', ['E92000001'], '2020-02-01', 'month').shown);
    expect(await card('ascof_2a2').locator('[data-value]').textContent()).toBe(expected('ascof_2a2', ['E06000006'], '2023-04-01', 'financial_year').shown);
    expect(await card('ascof_2b1').locator('[data-value]').textContent()).toBe(expected('ascof_2b1', ['E06000006'], '2023-04-01', 'financial_year').shown);

    // Change on the same month a year earlier, significant only when the two 95% intervals are apart.
    const feb19 = expected('dtoc', ['E06000006'], '2019-02-01', 'month');
    const [before, now] = [byar(feb19.numerator, dtocRate('E06000006', '2019-02-01')), byar(dtoc.numerator, dtocRate('E06000006', '2020-02-01'))];
    const apart = before[1] < now[0] || now[1] < before[0];
    const fell = dtocRate('E06000006', '2020-02-01') < dtocRate('E06000006', '2019-02-01');
    expect(await card('dtoc').locator('dt', { hasText: 'Change' }).textContent()).toBe('Change on a year earlier (Feb 2019)');
    expect((await card('dtoc').locator('[data-change]').textContent())!.replace(/\s+/g, ' ').trim()).toBe(
      `${fell ? '▼ down' : '▲ up'} ${Math.abs(dtocRate('E06000006', '2020-02-01') - dtocRate('E06000006', '2019-02-01')).toFixed(1)}, ${apart ? `significantly ${fell ? 'better' : 'worse'}` : 'no significant change'} (the 95% intervals ${apart ? 'do not overlap' : 'overlap'})`,
    );

    // The ICS comparison: every Cheshire and Merseyside place, and the ICS as the sum of its places.
    const rows = await tableOf(page, 'ics-ascof_2a2');
    const cm = placesOf('E54000008');
    expect(rows).toHaveLength(cm.length + 2);
    const ics = expected('ascof_2a2', cm, '2023-04-01', 'financial_year');
    expect(rows.find((r) => r[0] === 'Cheshire and Merseyside ICB (sum of places)')?.[1]).toBe(ics.shown);
    const wirral = expected('ascof_2a2', ['E08000015'], '2023-04-01', 'financial_year');
    const wirralRow = rows.find((r) => r[0] === 'Wirral')!;
    expect(wirralRow).toEqual(['Wirral', wirral.shown, expect.any(String), expect.any(String), count(wirral.numerator), count(wirral.denominator)]);
    // Significance follows from the interval shown and England's value: wholly above, below, or overlapping.
    const [lower, upper] = wirralRow[2]!.split(' to ').map((t) => Number(t.replace(/,/g, '')));
    const england = Number(rows.find((r) => r[0] === 'England')![1]!.replace(/,/g, ''));
    expect(wirralRow[3]).toBe(lower! > england ? 'significantly worse' : upper! < england ? 'significantly better' : 'not significantly different');

    // At a glance: every place of the ICS against England on every metric, in words as well as colour.
    const glance = page.locator('[data-significance-table] tbody tr');
    expect(await glance.count()).toBe(cm.length);
    // Its columns are the set's metrics in order: DToC, non-elective admissions, care home admissions, 2B(1).
    const wirralGlance = await glance.filter({ hasText: 'Wirral' }).locator('td').allTextContents();
    // Each cell names what it was compared with (England here: it has a figure for every period).
    expect(wirralGlance[2]!.replace(/\s+/g, ' ').trim()).toBe(`${wirral.shown} ${wirralRow[3] === 'significantly worse' ? '✗ significantly worse than' : wirralRow[3] === 'significantly better' ? '✓ significantly better than' : '≈ not significantly different from'} England`);
    expect(await page.locator('#glance-caption').textContent()).toMatch(/^Every place against England at its latest period/);
    expect(problems).toEqual([]);
  });

  it('changing the place changes the numbers, the ICS and the URL', async () => {
    const { page, problems } = await at('/?year=2019-20');
    await chartsReady(page, 8);
    const before = await page.locator('article[data-metric="dtoc"] [data-value]').textContent();
    // Once the first view is answered, every area's rows of its eight series are kept in the page
    // (db/series-index.ts), a series per metric card, so a change of place is drawn with DuckDB's
    // worker held back: the one query it sends, once the reader stays on the place, asks for
    // every series of the new place's areas.
    // Each card's series by name (its total), kept from DuckDB's answer or from the build's rows
    // of the default year, which hold some of the same series (and others no card draws).
    await page.waitForFunction(() => {
      const kept = performance.getEntriesByName('bcf:series-kept').map((m) => String((m as PerformanceMark).detail));
      return [...document.querySelectorAll<HTMLElement>('article[data-metric]')].every((a) => kept.some((k) => k.startsWith(`${a.dataset.metric}\u0000total\u0000`)));
    });
    const queries = await watchQueries(page, 'article[data-metric="dtoc"]', { hold: true });
    await page.getByLabel('Place', { exact: true }).selectOption({ label: 'Bury' });
    await page.waitForURL(/area=E08000002/);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Better Care Fund outcomes: Bury');
    await chartsReady(page, 8);
    const bury = expected('dtoc', ['E08000002'], '2020-02-01', 'month').shown;
    await expect.poll(() => page.locator('article[data-metric="dtoc"] [data-value]').textContent()).toBe(bury);
    await expect.poll(() => queries.sent()).toHaveLength(1);
    await queries.release();
    expect(bury).not.toBe(before);
    expect(await page.locator('#ics-heading').textContent()).toBe('Places in NHS Greater Manchester Integrated Care Board');
    const rows = await tableOf(page, 'ics-dtoc');
    expect(rows.map((r) => r[0])).toContain('Trafford');
    expect(rows.find((r) => r[0] === 'Bury')?.[1]).toBe(bury);
    // A folded table builds no rows until it is opened (a change of view would rebuild them all),
    // yet keeps its caption and headers; opened, it has every place.
    const closed = page.locator('figure[data-chart="ics-non_elective_admissions"]');
    expect(await closed.locator('details').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await closed.locator('tbody tr').count()).toBe(0);
    expect(await closed.locator('caption').textContent()).toMatch(/^Non-elective admissions, /);
    expect(await closed.locator('thead th').count()).toBe(6);
    expect((await tableOf(page, 'ics-non_elective_admissions')).map((r) => r[0])).toContain('Bury');

    // The link reproduces the view.
    const again = await open(browser(), '/?area=E08000002&year=2019-20');
    await chartsReady(again.page, 8);
    expect(await again.page.locator('article[data-metric="dtoc"] [data-value]').textContent()).toBe(bury);
    expect([...problems, ...again.problems]).toEqual([]);
  });

  it('says clearly when the data cannot be loaded', async () => {
    const page = await browser().newPage();
    await page.route('**/data/observations.*.arrow', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.goto(`${baseUrl()}/`);
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await alert.textContent()).toMatch(/The data could not be loaded\. could not fetch .*observations\.[0-9a-f]{16}\.arrow \(HTTP 404\)/);
  });
});
