import { describe, expect, it } from 'vitest';
import { baseUrl, chartsReady, follow, open, sharedPage, tableOf, useBrowser, watchKeeps, watchQueries } from './browser';
import { areas, count, expected, oneDp, target } from './expected';

const browser = useBrowser();
const at = sharedPage((path, width) => open(browser(), path, width));
const childrenOf = (code: string) => areas().filter((a) => a.parent_code === code);

describe('metric page', () => {
  it('draws a place against its ICS and England, with its hubs, rates from summed counts', async () => {
    const { page, problems } = await at('/metric?metric=ascof_2a2&area=E06000006');
    expect(await chartsReady(page, 4)).toEqual(['trend', 'spc', 'hubs', 'hub-ranking']);
    expect(await page.locator('h1').textContent()).toBe('Long-term admissions to care homes, aged 65+');
    const legend = await page.locator('figure[data-chart="trend"] .legend li').allTextContents();
    expect(legend).toEqual(['Halton', 'Cheshire and Merseyside ICB (sum of places)', 'England', 'Target (Halton)']);

    const rows = await tableOf(page, 'trend');
    const halton = expected('ascof_2a2', ['E06000006'], '2020-04-01', 'financial_year');
    expect(rows).toContainEqual(['Halton', '2020-21', halton.shown, expect.any(String), count(halton.numerator), count(halton.denominator), oneDp(target('ascof_2a2', 'E06000006', '2020-04-01'))]);
    const cm = childrenOf('E54000008').map((a) => a.area_code!);
    const ics = expected('ascof_2a2', cm, '2020-04-01', 'financial_year');
    expect(rows).toContainEqual(['Cheshire and Merseyside ICB (sum of places)', '2020-21', ics.shown, expect.any(String), count(ics.numerator), count(ics.denominator), '–']);

    const hubRows = await tableOf(page, 'hubs');
    const hubs = childrenOf('E06000006');
    expect(new Set(hubRows.map((r) => r[0]))).toEqual(new Set(hubs.map((h) => h.area_name)));
    // Hubs' counts of 1 to 7 are suppressed (and another hub's where one alone would show by
    // subtraction from Halton's total); larger ones are shown with their counts.
    const hubFigures = hubs.map((h) => ({ name: h.area_name!, ...expected('ascof_2a2', [h.area_code!], '2020-04-01', 'financial_year') }));
    const small = hubFigures.filter((h) => h.numerator >= 1 && h.numerator <= 7);
    expect(small.length).toBeGreaterThan(0);
    for (const h of hubFigures) {
      const row = hubRows.find((r) => r[0] === h.name && r[1] === '2020-21');
      // A suppressed cell is published with no counts at all, its population included.
      if (small.includes(h)) expect(row).toEqual([h.name, '2020-21', 'suppressed', '–', 'suppressed', '–']);
      else if (small.length !== 1) expect(row).toEqual([h.name, '2020-21', h.shown, expect.any(String), count(h.numerator), count(h.denominator)]);
    }
    const shownSum = hubRows.filter((r) => r[1] === '2020-21' && r[4] !== 'suppressed').reduce((s, r) => s + Number(r[4]!.replace(/,/g, '')), 0);
    const hiddenCount = hubRows.filter((r) => r[1] === '2020-21' && r[4] === 'suppressed').length;
    // What is left of Halton's total cannot be pinned on one hub, nor read as all ones.
    expect(hiddenCount).toBeGreaterThanOrEqual(2);
    expect(halton.numerator - shownSum).toBeGreaterThan(hiddenCount);

    // The hubs ranked at the latest period, suppressed ones without a value.
    const ranking = await tableOf(page, 'hub-ranking');
    expect(ranking.map((r) => r[0]).sort()).toEqual(hubs.map((h) => h.area_name!).sort());
    expect(problems).toEqual([]);
  });

  it('switches the DToC breakdown and keeps it in the URL', async () => {
    const { page, problems } = await at('/metric?metric=dtoc&area=E06000006');
    await chartsReady(page, 4);
    const total = expected('dtoc', ['E06000006'], '2019-03-01', 'month');
    expect(await tableOf(page, 'trend')).toContainEqual(['Halton', 'Mar 2019', total.shown, expect.any(String), count(total.numerator), count(total.denominator), oneDp(target('dtoc', 'E06000006', '2018-04-01'))]);
    // Once the first view is answered, every series' rows of its areas are kept in the page
    // (db/series-index.ts): another breakdown is drawn with DuckDB's worker held back, and the only
    // query the change sends, once the reader stays on it, asks for every area's rows of the new
    // series, kept for changes of area.
    await page.waitForFunction(() => performance.getEntriesByName('bcf:areas-kept').length >= 1 && performance.getEntriesByName('bcf:series-kept').length >= 1);
    const queries = await watchQueries(page, 'figure[data-chart="trend"]', { hold: true });
    await page.getByRole('radio', { name: 'Attributable to social care' }).check();
    await page.waitForURL(/breakdown=social_care/);
    const social = expected('dtoc', ['E06000006'], '2019-03-01', 'month', 'social_care');
    await expect.poll(async () => (await tableOf(page, 'trend')).find((r) => r[0] === 'Halton' && r[1] === 'Mar 2019')).toEqual(
      ['Halton', 'Mar 2019', social.shown, expect.any(String), count(social.numerator), count(social.denominator)],
    );
    expect(await page.locator('figure[data-chart="trend"] .chart-title').textContent()).toContain('attributable to social care');
    await expect.poll(() => queries.sent()).toHaveLength(1);
    await queries.release();
    await page.waitForFunction(() => performance.getEntriesByName('bcf:series-kept').length >= 2);
    expect(problems).toEqual([]);
  });

  it('keeps rows for a view DuckDB answered only once the reader stays on it, not beside their next change', async () => {
    const { page, problems } = await at('/metric?metric=dtoc&area=E06000006');
    await chartsReady(page, 4);
    // A breakdown and a place nothing kept or built holds: DuckDB answers the view.
    const queries = await watchQueries(page, 'figure[data-chart="trend"]');
    await follow(page, '/metric?metric=dtoc&breakdown=nhs&area=E08000002');
    await chartsReady(page, 4);
    // The breakdown named in the chart's title as a sentence reads it: "the NHS", not "the nhs".
    expect(await page.locator('figure[data-chart="trend"] .chart-title').textContent()).toContain('attributable to the NHS (monthly)');
    // The view's own query (its series by name, then its areas), and every series of its areas, kept
    // (the areas alone, the place's code first).
    const view = async () => (await queries.asked()).find((q) => q.params.includes('nhs') && q.params.includes('E08000002'));
    const keep = async () => (await queries.asked()).find((q) => q.params[0] === 'E08000002');
    await expect.poll(keep, { timeout: 10_000 }).toBeDefined();
    // Asked at once, the rows kept went a query's time after the view's.
    expect((await keep())!.at - (await view())!.at).toBeGreaterThanOrEqual(250);
    expect(problems).toEqual([]);
  });

  it('answers going back to a breakdown just seen from its answer, without asking DuckDB again', async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 900 } });
    // The rows a page keeps for a view's next change would answer it too: every query that keeps
    // rows is kept from the worker.
    await watchKeeps(page, { drop: true });
    await page.goto(`${baseUrl()}/metric?metric=dtoc&area=E06000006`);
    await chartsReady(page, 4);
    const queries = await watchQueries(page, 'figure[data-chart="trend"]');
    // A view's own query names its series, then its areas (a query keeping every area's rows names only the series).
    const asked = async (breakdown: string) => (await queries.asked()).filter((q) => q.params[0] === 'dtoc' && q.params[1] === breakdown && q.params.length > 3);
    const title = () => page.locator('figure[data-chart="trend"] .chart-title').textContent();
    for (const [label, shown] of [['Attributable to the NHS', 'the NHS'], ['Attributable to social care', 'social care'], ['Attributable to the NHS', 'the NHS']]) {
      await page.getByRole('radio', { name: label }).check();
      await expect.poll(title).toContain(`attributable to ${shown}`);
      await chartsReady(page, 4);
    }
    const nhs = expected('dtoc', ['E06000006'], '2019-03-01', 'month', 'nhs');
    expect((await tableOf(page, 'trend')).find((r) => r[0] === 'Halton' && r[1] === 'Mar 2019')).toEqual(['Halton', 'Mar 2019', nhs.shown, expect.any(String), count(nhs.numerator), count(nhs.denominator)]);
    // One query for each breakdown: the second visit to the NHS's was answered in the page.
    expect(await asked('nhs')).toHaveLength(1);
    expect(await asked('social_care')).toHaveLength(1);
    await page.close();
  });

  it('keeps rows for a view only once the reader has changed nothing for a while, even changes that ask nothing of DuckDB', async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 900 } });
    // When each query that keeps rows went, and when the reader changed something.
    const keepsSent = await watchKeeps(page);
    await page.addInitScript(() => {
      const w = window as unknown as { changes: number[] };
      w.changes = [];
      addEventListener('change', () => w.changes.push(performance.now()), true);
    });
    await page.goto(`${baseUrl()}/metric?metric=dtoc&area=E06000006`);
    await chartsReady(page, 4);
    const seen = async () => ({ keeps: await keepsSent(), changes: await page.evaluate(() => (window as unknown as { changes: number[] }).changes) });
    // The first view's rows are kept (the reader has been still).
    await expect.poll(async () => (await seen()).keeps.length, { timeout: 10_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(1000);
    const before = (await seen()).keeps.length;
    // The reader chooses a breakdown, then narrows the periods shown every 100 ms for 1.5 s:
    // changes that ask DuckDB nothing, but that they are still making.
    await page.evaluate(() => new Promise<void>((done) => {
      document.querySelector<HTMLInputElement>('input[type=radio][name=breakdown][value=nhs]')!.click();
      let n = 0;
      const tick = setInterval(() => {
        const from = document.querySelector<HTMLSelectElement>('.range select')!;
        from.selectedIndex = 1 + (n % 4);
        from.dispatchEvent(new Event('change', { bubbles: true }));
        if (++n === 15) {
          clearInterval(tick);
          done();
        }
      }, 100);
    }));
    await expect.poll(async () => (await seen()).keeps.length, { timeout: 10_000 }).toBeGreaterThan(before);
    // Each query keeping rows went once the reader had changed nothing for a while (however the
    // page's own work spaced their changes), one after their last.
    const { keeps, changes } = await seen();
    for (const at of keeps.slice(before)) expect(at - Math.max(...changes.filter((c) => c <= at)), `rows kept at ${Math.round(at)} ms, changes at ${changes.map(Math.round)}`).toBeGreaterThanOrEqual(250);
    expect(keeps.at(-1)!).toBeGreaterThan(changes.at(-1)!);
    await page.close();
  });

  it('shows a change at once and writes the view into the address once the reader pauses: one entry in the history for several changes; Back undoes a change not yet written', async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${baseUrl()}/metric?metric=dtoc&area=E06000006`);
    await chartsReady(page, 4);
    // When the page writes into the history, and when the reader last changed something.
    await page.evaluate(() => {
      const w = window as unknown as { written: [number, string][]; changed: number };
      w.written = [];
      const push = history.pushState.bind(history);
      history.pushState = (state, unused, url) => (w.written.push([performance.now(), String(url)]), push(state, unused, url));
      addEventListener('change', () => (w.changed = performance.now()), true);
    });
    const title = () => page.locator('figure[data-chart="trend"] .chart-title').textContent();
    const codeOf = (name: string) => areas().find((a) => a.area_name === name)!.area_code!;
    const [wirral, sefton] = [codeOf('Wirral'), codeOf('Sefton')];
    /** Changes the place (and the breakdown), 50 ms apart, as a reader quick with the keyboard would. */
    const change = (steps: { place?: string; breakdown?: string }[]) => page.evaluate((all) => new Promise<void>((done) => {
      const next = (i: number) => {
        if (i === all.length) return done();
        const { place, breakdown } = all[i]!;
        if (breakdown) document.querySelector<HTMLInputElement>(`input[type=radio][name=breakdown][value=${breakdown}]`)!.click();
        if (place) {
          const select = document.querySelector<HTMLSelectElement>('select#place')!;
          select.value = place;
          select.dispatchEvent(new Event('change', { bubbles: true }));
        }
        setTimeout(() => next(i + 1), 50);
      };
      next(0);
    }), steps);
    await change([{ place: wirral }, { breakdown: 'social_care' }, { place: sefton }]);
    await expect.poll(title).toMatch(/^Sefton: .*attributable to social care/);
    await page.waitForURL(new RegExp(`area=${sefton}`));
    const { written, changed } = await page.evaluate(() => {
      const w = window as unknown as { written: [number, string][]; changed: number };
      return { written: w.written, changed: w.changed };
    });
    expect(written.map(([, url]) => new URL(url).search)).toEqual([`?metric=dtoc&area=${sefton}&breakdown=social_care`]);
    expect(written[0]![0] - changed).toBeGreaterThanOrEqual(250);
    // Back is the view before the three changes; Forward the view they settled on.
    await page.goBack();
    await expect.poll(title).toBe('Halton: Delayed days (monthly)');
    expect(new URL(page.url()).search).toBe('?metric=dtoc&area=E06000006');
    await page.goForward();
    await expect.poll(title).toMatch(/^Sefton: .*attributable to social care/);
    // A jump within the page (the skip link) keeps a change not yet written, which is then written.
    await change([{ place: wirral }]);
    await page.locator('a.skip-link').evaluate((a) => (a as HTMLAnchorElement).click());
    await expect.poll(title).toMatch(/^Wirral: .*attributable to social care/);
    await page.waitForURL(new RegExp(`area=${wirral}`));
    // Back just after a change takes back that change: the view written before it, still in the address.
    await change([{ place: sefton }]);
    await expect.poll(title).toMatch(/^Sefton: /);
    await page.evaluate(() => history.back());
    await expect.poll(title).toMatch(/^Wirral: .*attributable to social care/);
    await page.waitForTimeout(600);
    expect(new URL(page.url()).searchParams.get('area')).toBe(wirral);
    expect(await title()).toMatch(/^Wirral: /);
    await page.close();
  });

  it('compares places, and the link reproduces the comparison', async () => {
    const { page, problems } = await at('/metric?metric=ascof_2b1&area=E06000006');
    await chartsReady(page, 4);
    await page.getByText('Compare Halton with other places').click();
    const drawing = (chart: string) => page.locator(`figure[data-chart="${chart}"] svg[class^="plot"]`);
    for (const chart of ['trend', 'spc', 'hubs', 'hub-ranking']) await drawing(chart).evaluate((svg) => svg.setAttribute('data-before', ''));
    await page.getByRole('checkbox', { name: 'Wirral' }).check();
    await page.waitForURL(/compare=E08000015/);
    await expect.poll(() => page.locator('figure[data-chart="trend"] .legend li').allTextContents()).toContain('Wirral');
    // The trend is drawn anew; Halton's own SPC, hub and ranking charts, the same numbers, are not.
    expect(await drawing('trend').getAttribute('data-before')).toBeNull();
    for (const chart of ['spc', 'hubs', 'hub-ranking']) expect(await drawing(chart).getAttribute('data-before')).toBe('');
    const wirral = expected('ascof_2b1', ['E08000015'], '2020-04-01', 'financial_year');
    await expect.poll(async () => (await tableOf(page, 'trend')).find((r) => r[0] === 'Wirral' && r[1] === '2020-21')?.[2]).toBe(wirral.shown);

    const link = page.url();
    const again = await open(browser(), link.slice(link.indexOf('/metric')));
    await chartsReady(again.page, 4);
    expect(await again.page.getByRole('checkbox', { name: 'Wirral' }).isChecked()).toBe(true);
    expect(await again.page.getByRole('radio', { name: 'At home after 91 days' }).isChecked()).toBe(true);
    expect(await again.page.locator('figure[data-chart="trend"] .legend li').allTextContents()).toContain('Wirral');
    expect([...problems, ...again.problems]).toEqual([]);
  });

  it('treats chosen places as one comparator group from summed counts, kept in the URL', async () => {
    const { page, problems } = await at('/metric?metric=ascof_2a2&area=E06000006&compare=E08000015,E08000011&grouped=1');
    await chartsReady(page, 4);
    const legend = await page.locator('figure[data-chart="trend"] .legend li').allTextContents();
    expect(legend).toEqual(['Halton', 'Chosen group (sum of 2 places)', 'Cheshire and Merseyside ICB (sum of places)', 'England', 'Target (Halton)']);
    const sum = expected('ascof_2a2', ['E08000015', 'E08000011'], '2020-04-01', 'financial_year');
    const row = (await tableOf(page, 'trend')).find((r) => r[0] === 'Chosen group (sum of 2 places)' && r[1] === '2020-21');
    expect(row).toEqual(['Chosen group (sum of 2 places)', '2020-21', sum.shown, expect.any(String), count(sum.numerator), count(sum.denominator), '–']);
    expect(await page.locator('[data-vs-group]').textContent()).toMatch(/the chosen group \(.+\), on its 95% interval/);
    await page.getByRole('checkbox', { name: /one comparator group/ }).uncheck();
    await page.waitForURL((url) => !url.searchParams.has('grouped'));
    await expect.poll(() => page.locator('figure[data-chart="trend"] .legend li').allTextContents()).toContain('Wirral');
    expect(problems).toEqual([]);
  });

  it('narrows every chart and table to the periods chosen with the form, kept in the URL', async () => {
    const { page, problems } = await at('/metric?metric=dtoc&area=E06000006');
    await chartsReady(page, 4);
    await page.getByRole('combobox', { name: 'From', exact: true }).selectOption({ label: 'Apr 2018' });
    await page.waitForURL(/from=2018-04-01/);
    await page.getByRole('combobox', { name: 'To', exact: true }).selectOption({ label: 'Mar 2019' });
    await page.waitForURL(/to=2019-03-01/);
    await chartsReady(page, 4);
    await expect.poll(async () => (await tableOf(page, 'trend')).filter((r) => r[0] === 'Halton').map((r) => r[1])).toEqual(
      ['Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map((m) => `${m} 2018`).concat(['Jan 2019', 'Feb 2019', 'Mar 2019']),
    );
    expect(await tableOf(page, 'spc')).toHaveLength(12);
    expect(new Set((await tableOf(page, 'hubs')).map((r) => r[1]))).toEqual(new Set((await tableOf(page, 'trend')).map((r) => r[1])));
    expect((await tableOf(page, 'hub-ranking'))).toHaveLength(4);
    expect(await page.locator('figure[data-chart="hub-ranking"] .chart-title').textContent()).toContain('Mar 2019');
    await page.getByRole('button', { name: 'Show all periods' }).click();
    await page.waitForURL((url) => !url.searchParams.has('from') && !url.searchParams.has('to'));
    // Drawn anew for every period before the drag, or the pointer would land on the old drawing.
    await expect.poll(async () => (await tableOf(page, 'trend')).filter((r) => r[0] === 'Halton').length).toBeGreaterThan(30);

    // The same selection by dragging across the trend (the pointer's shortcut for From and To).
    await chartsReady(page, 4);
    // In view first: the pointer reaches only what is on the screen.
    const trendSvg = page.locator('figure[data-chart="trend"] .canvas svg').last();
    await trendSvg.scrollIntoViewIfNeeded();
    const box = (await trendSvg.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 5 });
    await page.mouse.up();
    await page.waitForURL((url) => url.searchParams.has('from') && url.searchParams.has('to'));
    const url = new URL(page.url());
    expect(url.searchParams.get('from')! < url.searchParams.get('to')!).toBe(true);
    await chartsReady(page, 4);
    const shown = (await tableOf(page, 'trend')).filter((r) => r[0] === 'Halton');
    expect(shown.length).toBeGreaterThan(10);
    expect(shown.length).toBeLessThan(30);
    expect(problems).toEqual([]);
  });

  it('reads the chart from the keyboard: focus it, then arrow keys move through periods and lines', async () => {
    const { page, problems } = await at('/metric?metric=ascof_2a2&area=E06000006');
    await chartsReady(page, 4);
    const canvas = page.locator('figure[data-chart="trend"] .canvas').last();
    await canvas.focus();
    const readout = page.locator('figure[data-chart="trend"] > .keyboard-tip');
    // A live region a screen reader announces: not inside the chart's image role, where it would be hidden.
    expect([await readout.getAttribute('aria-live'), await readout.evaluate((el) => el.closest('[role="img"]'))]).toEqual(['polite', null]);
    const latest = expected('ascof_2a2', ['E06000006'], '2023-04-01', 'financial_year');
    const plan = oneDp(target('ascof_2a2', 'E06000006', '2023-04-01'));
    await expect.poll(() => readout.textContent()).toMatch(new RegExp(`^Halton; 2023-24: ${latest.shown}; 95% CI .+; ${count(latest.numerator)} / ${count(latest.denominator)}; target ${plan}$`));
    await page.keyboard.press('ArrowLeft');
    const before = expected('ascof_2a2', ['E06000006'], '2022-04-01', 'financial_year');
    expect(await readout.textContent()).toContain(`Halton; 2022-23: ${before.shown}`);
    await page.keyboard.press('ArrowDown');
    expect(await readout.textContent()).toMatch(/^Cheshire and Merseyside ICB \(sum of places\); 2022-23: /);
    expect(await page.locator('figure[data-chart="trend"] svg circle[r="7"]').count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it('reads the SPC, hub and ranking charts from the keyboard too', async () => {
    const { page, problems } = await at('/metric?metric=dtoc&area=E06000006');
    await chartsReady(page, 4);
    const focus = async (chart: string) => {
      const canvas = page.locator(`figure[data-chart="${chart}"] .canvas`).last();
      await canvas.focus();
      return page.locator(`figure[data-chart="${chart}"] > .keyboard-tip`);
    };
    const marks = (chart: string) => page.locator(`figure[data-chart="${chart}"] svg circle[r="7"]`).count();

    const spc = await focus('spc');
    const feb = expected('dtoc', ['E06000006'], '2020-02-01', 'month');
    await expect.poll(() => spc.textContent()).toMatch(new RegExp(`^Feb 2020: ${feb.shown}, target ${oneDp(target('dtoc', 'E06000006', '2019-04-01'))}; mean [\\d.]+, limits [\\d.]+ to [\\d.]+; .+`));
    await page.keyboard.press('Home');
    expect(await spc.textContent()).toMatch(/^Apr 2015: [\d.]+; mean /);
    expect(await marks('spc')).toBe(1);

    // Small multiples: ↑ ↓ go from hub to hub; their panels have no shared scale, so no marker.
    const hubs = childrenOf('E06000006').map((h) => h.area_name!).sort();
    const hub = await focus('hubs');
    await expect.poll(() => hub.textContent()).toMatch(new RegExp(`^${hubs[0]}; Feb 2020: `));
    await page.keyboard.press('ArrowDown');
    expect(await hub.textContent()).toMatch(new RegExp(`^${hubs[1]}; Feb 2020: `));
    expect(await marks('hubs')).toBe(0);

    // The ranking: ↓ goes to the next bar, best first, with its interval and significance in words.
    const rows = (await tableOf(page, 'hub-ranking')).sort((a, b) => Number(a[1]) - Number(b[1])); // lower is better
    const bar = await focus('hub-ranking');
    await expect.poll(() => bar.textContent()).toMatch(new RegExp(`^${rows[0]![0]!.replace('▶ ', '')}: ${rows[0]![1]}, 95% CI .+; (significantly (better|worse) than|not significantly different from) England$`));
    await page.keyboard.press('ArrowDown');
    expect(await bar.textContent()).toMatch(new RegExp(`^${rows[1]![0]!.replace('▶ ', '')}: ${rows[1]![1]}`));
    expect(await marks('hub-ranking')).toBe(1);
    expect(problems).toEqual([]);
  });
});
