// The overview's metric cards read the same from a phone to a desktop: values on a line or two,
// units said once, counts labelled, and each icon's meaning in words beside it.
import { describe, expect, it } from 'vitest';
import { chartsReady, open, sharedPage, useBrowser } from './browser';
import { areas, count, expected } from './expected';

const browser = useBrowser();
const at = sharedPage((path, width) => open(browser(), path, width));

describe('metric cards', () => {
  it('keep each value and change to at most two lines at every width from 320 to 1280 px', async () => {
    // One load, then the viewport resized: the cards' layout is all that changes with width.
    const { page, problems } = await at('/', 320);
    await chartsReady(page, 6);
    for (const width of [320, 390, 768, 1024, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      // Lines a piece of text takes: the distinct tops of its line boxes.
      const lines = await page.$$eval('article.card :is([data-value], .unit, [data-change-text], [data-change] .verdict, dd:not([data-change]))', (els) =>
        els.map((el) => {
          const range = document.createRange();
          range.selectNodeContents(el);
          const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          return { text: el.textContent!.replace(/\s+/g, ' ').trim(), lines: tops.size };
        }),
      );
      expect(lines.length).toBeGreaterThan(12);
      expect(lines.filter((l) => l.lines > 2), `at ${width} px`).toEqual([]);
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('say the unit once, label the counts and explain the assurance icon in words', async () => {
    const { page } = await at('/?year=2019-20', 390);
    await chartsReady(page, 8);
    const card = (metric: string) => page.locator(`article[data-metric="${metric}"]`);
    const b1 = expected('ascof_2b1', ['E06000006'], '2023-04-01', 'financial_year');
    expect((await card('ascof_2b1').locator('.value').textContent())!.replace(/\s+/g, ' ').trim()).toBe(`${b1.shown} at home after 91 days`);
    expect(await card('ascof_2b1').locator('[data-counts]').textContent()).toBe(`(${count(b1.numerator)} at home after 91 days of ${count(b1.denominator)} discharged into reablement)`);
    const a2 = expected('ascof_2a2', ['E06000006'], '2023-04-01', 'financial_year');
    expect(await card('ascof_2a2').locator('[data-counts]').textContent()).toBe(`(${count(a2.numerator)} admissions of ${count(a2.denominator)} people aged 65+)`);
    expect(await page.locator('main').textContent()).not.toMatch(/% %|inconsistent/);
    // Every card with a target says what its assurance icon means.
    const assurance = await page.locator('article.card [data-assurance]').allTextContents();
    expect(assurance.length).toBeGreaterThan(0);
    for (const text of assurance) {
      expect(text.replace(/\s+/g, ' ')).toMatch(
        /^P\/F Assurance: hit and miss\. The target lies within the process limits, so the system may achieve or fail the target subject to random variation\.$|^P Assurance: consistently passing the target\. The process limits lie wholly (above|below) the target|^F Assurance: consistently failing the target\. The process limits lie wholly/,
      );
    }
  }, 120_000);

  it('say where the place sits among the places of its ICS, counted from the nearer end', async () => {
    const { page } = await at('/?year=2019-20', 390);
    await chartsReady(page, 8);
    const cm = areas().filter((a) => a.parent_code === 'E54000008').map((a) => a.area_code!);
    for (const metric of ['ascof_2a2', 'ascof_2b1']) {
      const value = (code: string) => {
        const f = expected(metric, [code], '2023-04-01', 'financial_year');
        return f.numerator / f.denominator;
      };
      const halton = value('E06000006');
      const below = cm.filter((c) => value(c) < halton).length;
      const above = cm.filter((c) => value(c) > halton).length;
      const [rank, end] = below <= above ? [below + 1, 'lowest'] : [above + 1, 'highest'];
      const words = `${rank === 1 ? end[0]!.toUpperCase() + end.slice(1) : `${rank}${['th', 'st', 'nd', 'rd'][rank] ?? 'th'} ${end}`} of ${cm.length}`;
      const card = page.locator(`article[data-metric="${metric}"]`);
      expect(await card.locator('dt', { hasText: 'Among' }).textContent()).toBe('Among the places in Cheshire and Merseyside ICB');
      expect(await card.locator('[data-peers]').textContent(), metric).toBe(words);
    }
  }, 120_000);
});
