// A data team's own records of a year England's figures do not reach (the own-data test site:
// emergency admissions 65+ for every place of Cheshire and Merseyside and three hubs of Halton,
// Apr 2024 – Mar 2025, no England row): every comparison is with the ICB, named in words wherever it
// is shown; where the ICB has no figure either (the site's own falls metric, for five of its nine
// places), "not compared" with the reason. Expected verdicts are worked out here from the fixture.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { chartsReady, tableOf, useBrowser, visitSite } from './browser';
import { tempDir } from '../helpers/temp';

const browser = useBrowser();
const ownUrl = inject('ownUrl');
const ICB = 'Cheshire and Merseyside ICB';
const MARCH = '2025-03-01';

// The fixture's March 2025 rows: each place's admissions and population 65+, and the ICB's sums.
const rows = readFileSync(path.resolve('tests/fixtures/own-metric/records-2024-25.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
const march = rows.filter((r) => r[2] === MARCH).map((r) => ({ code: r[1]!, count: Number(r[5]), population: Number(r[6]) }));
const places = march.filter((r) => !r.code.includes('-'));
const icbRate = (places.reduce((s, r) => s + r.count, 0) / places.reduce((s, r) => s + r.population, 0)) * 1e5;
/** Byar's 95% interval on a count, per 100,000 of the population. */
const byar = (o: number, population: number) => [o * (1 - 1 / (9 * o) - 1.959964 / (3 * Math.sqrt(o))) ** 3, (o + 1) * (1 - 1 / (9 * (o + 1)) + 1.959964 / (3 * Math.sqrt(o + 1))) ** 3].map((x) => (x / population) * 1e5) as [number, number];
/** Lower is better: an interval wholly below the comparator is better. */
const verdict = (count: number, population: number, against: number) => {
  const [lower, upper] = byar(count, population);
  return upper < against ? 'significantly better than' : lower > against ? 'significantly worse than' : 'not significantly different from';
};
const halton = march.find((r) => r.code === 'E06000006')!;

describe('comparisons where England has no figure (own records of 2024-25)', () => {
  it('the sums the test expects: the ICB 2,200.0 per 100,000, Halton 2,514.3, significantly worse', () => {
    expect(places.length).toBe(9);
    expect(icbRate.toFixed(1)).toBe('2200.0');
    expect(((halton.count / halton.population) * 1e5).toFixed(1)).toBe('2514.3');
    expect(verdict(halton.count, halton.population, icbRate)).toBe('significantly worse than');
    // The fixture gives all three verdicts among the places.
    expect(new Set(places.map((p) => verdict(p.count, p.population, icbRate))).size).toBe(3);
  });

  it('overview: at a glance, the bars and the card name the ICB; the falls metric says why it is not compared', async () => {
    const v = await visitSite(browser(), ownUrl, '/');
    await chartsReady(v.page);
    const main = v.page.locator('main');
    expect(await v.page.locator('#glance-caption').textContent()).toBe(`Every place against England, or ${ICB} where England has no figure for the period, at its latest period: value, then significance in words (95% intervals)`);
    const headers = await v.page.locator('[data-significance-table] thead th').allTextContents();
    const column = headers.findIndex((h) => h.startsWith('Emergency admissions 65+'));
    const falls = headers.findIndex((h) => h.startsWith('Falls response 2h'));
    expect(headers[column]).toBe('Emergency admissions 65+ (Mar 2025)');
    const cells = await v.page.locator('[data-significance-table] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent!.replace(/\s+/g, ' ').trim())));
    expect(cells.length).toBe(9);
    for (const row of cells) {
      const p = places.find((x) => row[0]!.replace('▶ ', '') === NAMES[x.code])!;
      const words = verdict(p.count, p.population, icbRate);
      const mark = words.startsWith('significantly better') ? '✓' : words.startsWith('significantly worse') ? '✗' : '≈';
      expect(row[column]).toBe(`${((p.count / p.population) * 1e5).toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} ${mark} ${words} ${ICB}`);
      // The falls metric: held for five places, tested against nothing.
      if (row[falls] !== '–') expect(row[falls]).toMatch(new RegExp(`^[\\d.]+% not compared \\(no England or ${ICB} figure for Sep 2025\\)$`));
    }
    // No cell claims a comparison with England.
    expect(cells.flat().filter((c) => /England\b(?! or)/.test(c))).toEqual([]);
    expect(await v.page.locator('[data-glance-notes] li').allTextContents()).toEqual([
      `Emergency admissions 65+: compared with ${ICB}, no England figure for Mar 2025.`,
      `Falls response 2h: not compared, no England or ${ICB} figure for Sep 2025.`,
    ]);
    // The bars: the key names the ICB, the subtitle why, the table's column is headed with it.
    const bars = v.page.locator('figure[data-chart="ics-emergency_admissions_65"]');
    expect(await bars.locator('.legend li').allTextContents()).toEqual([
      `${ICB} (sum of places) 2,200.0`,
      `✓ significantly better than ${ICB}`,
      `≈ not significantly different from ${ICB}`,
      `✗ significantly worse than ${ICB}`,
    ]);
    expect(await bars.innerText()).toContain(`compared with ${ICB}: no England figure for Mar 2025`);
    // Its description names the lines drawn: the ICB's, not England's, which has no figure (it named England).
    expect(await bars.locator('.canvas[role="img"]:not(.prerendered)').getAttribute('aria-label')).toMatch(new RegExp(`, Halton highlighted, with ${ICB} as a reference line\\.$`));
    const table = await tableOf(v.page, 'ics-emergency_admissions_65');
    expect((await bars.locator('thead th').allTextContents()).map((h) => h.replace('↕', ''))).toContain(`Against ${ICB}`);
    expect(table.find((r) => r[0] === 'Halton')![3]).toBe('significantly worse');
    const fallsBars = v.page.locator('figure[data-chart="ics-falls_response_2h"]');
    expect(await fallsBars.locator('.legend li').allTextContents()).toEqual([`no England or ${ICB} figure for this period, so not tested`]);
    // The card: not compared with England, and why; compared with the ICB.
    const card = main.locator('article[data-metric="emergency_admissions_65"]');
    expect(await card.locator('[data-significance]').getAttribute('data-significance')).toBe('not compared');
    expect(await card.locator('[data-not-compared]').textContent()).toBe('(no England figure for Mar 2025)');
    expect(await card.locator('[data-group-significance]').getAttribute('data-group-significance')).toBe('worse');
    expect(v.problems).toEqual([]);
    await v.close();
  }, 120_000);

  it('hubs ranked: against Halton, whose figures come from the same records', async () => {
    const v = await visitSite(browser(), ownUrl, '/metric?metric=emergency_admissions_65&area=E06000006');
    await chartsReady(v.page);
    const ranking = v.page.locator('figure[data-chart="hub-ranking"]');
    const legend = await ranking.locator('.legend li').allTextContents();
    expect(legend[0]).toMatch(/^Halton 2,514\.3$/);
    expect(legend.slice(1).every((l) => l.endsWith(' Halton'))).toBe(true);
    expect(await ranking.innerText()).toContain('bars coloured by significance against Halton (no England figure for Mar 2025)');
    expect(await ranking.locator('.canvas[role="img"]:not(.prerendered)').getAttribute('aria-label')).toMatch(/ in Mar 2025, with Halton as a reference line\.$/);
    const table = await tableOf(v.page, 'hub-ranking');
    const haltonRate = (halton.count / halton.population) * 1e5;
    for (const hub of march.filter((r) => r.code.startsWith('E06000006-'))) {
      const row = table.find((r) => r[0] === HUBS[hub.code])!;
      expect(row[3]).toBe(verdict(hub.count, hub.population, haltonRate).replace(/ (than|from)$/, ''));
    }
    expect((await ranking.locator('thead th').allTextContents()).map((h) => h.replace('↕', ''))).toContain('Against Halton');
    expect(v.problems).toEqual([]);
    await v.close();
  }, 120_000);

  it('embeds, without JavaScript: the headline, key and table name the ICB', async () => {
    const headline = `Halton: 2,514.3 admissions per 100,000 aged 65+ in Mar 2025; significantly worse than ${ICB} (2,200.0; no England figure for Mar 2025).`;
    const compare = await visitSite(browser(), ownUrl, '/embed/compare/emergency_admissions_65/E06000006', false);
    // (No change on a year earlier: the records begin in April 2024.)
    expect(await compare.page.locator('[data-headline]').textContent()).toBe(headline);
    expect(await compare.page.locator('.legend li').allTextContents()).toContain(`✗ significantly worse than ${ICB}`);
    expect(await compare.page.locator('main').innerText()).toContain(`compared with ${ICB}: no England figure for Mar 2025`);
    expect((await compare.page.locator('thead th').allTextContents()).map((h) => h.replace('↕', ''))).toContain(`Against ${ICB}`);
    const trend = await visitSite(browser(), ownUrl, '/embed/trend/emergency_admissions_65/E06000006', false);
    expect(await trend.page.locator('[data-headline]').textContent()).toBe(headline);
    for (const v of [compare, trend]) {
      expect(v.problems).toEqual([]);
      await v.close();
    }
  }, 120_000);

  it('the board pack, printed: its summary and compare section name the ICB; the falls metric says why not', async () => {
    const page = await browser().newPage();
    await page.goto(`${ownUrl}/pack/E06000006`);
    const summary = page.locator('[data-summary="emergency_admissions_65"]');
    expect(await summary.locator('dt').allTextContents()).toContain(`Compared with ${ICB}`);
    expect(await summary.locator('[data-pack-comparison]').textContent()).toBe(`significantly worse (${ICB} 2,200.0; no England figure for Mar 2025)`);
    expect(await page.locator('[data-summary="falls_response_2h"] [data-pack-comparison]').textContent()).toBe(`not compared: no England or ${ICB} figure for Sep 2025`);
    await page.emulateMedia({ media: 'print' });
    const file = path.join(tempDir('bcf-compare-pack-'), 'halton.pdf');
    writeFileSync(file, await page.pdf({ format: 'A4', printBackground: true }));
    await page.close();
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain(`Compared with ${ICB} significantly worse (${ICB} 2,200.0; no England figure for Mar 2025)`);
    expect(text).toContain(`Key: bars green and ✓ where significantly better than ${ICB} (no England figure for Mar 2025), amber and ≈ where not significantly different, red and ✗ where significantly worse`);
    expect(text).toContain(`Key: grey bars: no England or ${ICB} figure for this period, so not tested;`);
    expect(text).not.toMatch(/(than|from) England/);
  }, 120_000);

  it('the ICB’s pack: its places against the ICB itself; the ICB against England, then its region, neither held', async () => {
    const v = await visitSite(browser(), ownUrl, '/pack/E54000008', false);
    expect(await v.page.locator('[data-summary="emergency_admissions_65"] [data-pack-comparison]').textContent()).toBe('not compared: no England or North West figure for Mar 2025');
    const captions = await v.page.locator('figure[data-pack-chart="compare"] h3').allTextContents();
    // The falls bars are of its places' latest month (the ICB itself has no figure): the caption says which.
    expect(captions).toEqual(['Its places compared, Mar 2025.', 'Its places compared, Sep 2025.']);
    expect(await v.page.locator('figure[data-pack-chart="compare"] .key').first().textContent()).toContain(`significantly better than ${ICB} (no England figure for Mar 2025)`);
    expect(v.problems).toEqual([]);
    await v.close();
  }, 120_000);
});

const NAMES: Record<string, string> = {
  E06000049: 'Cheshire East', E06000050: 'Cheshire West and Chester', E06000006: 'Halton', E08000011: 'Knowsley', E08000012: 'Liverpool',
  E08000013: 'St. Helens', E08000014: 'Sefton', E06000007: 'Warrington', E08000015: 'Wirral',
};
const HUBS: Record<string, string> = { 'E06000006-N1': 'Widnes North', 'E06000006-N2': 'Widnes South and Hale', 'E06000006-N3': 'Runcorn' };
