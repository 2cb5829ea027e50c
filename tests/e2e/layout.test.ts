// Charts and pages as a phone and a desktop show them: measured geometry, no screenshots.
import type { Page } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import { baseUrl, sharedPage, useBrowser } from './browser';
import { metric } from '../../src/lib/definitions';

const browser = useBrowser();
// Each test loads DuckDB-WASM in a fresh context, some twice; on a busy machine that takes a while.
vi.setConfig({ testTimeout: 240_000 });

async function visit(path: string, width: number, javaScriptEnabled = true): Promise<Page> {
  const context = await browser().newContext({ viewport: { width, height: 900 }, javaScriptEnabled });
  const page = await context.newPage();
  // Vitest's transform names the arrow functions in this file (esbuild keepNames) with a helper the
  // page does not have; the functions passed to evaluate() below need it defined.
  await page.addInitScript('window.__name = (f) => f');
  await page.goto(`${baseUrl()}${path}`);
  return page;
}

/** One page for the tests that only read what they open (see sharedPage): one DuckDB start for them all. */
const shared = sharedPage(async (path, width) => ({ page: await visit(path, width), problems: [] }));
const at = async (path: string, width: number) => (await shared(path, width)).page;

interface Box { left: number; right: number; top: number; bottom: number; what: string }

/**
 * Every pair of a text in a chart and another mark (or text) whose boxes overlap. Texts are
 * the value labels, the names and the axes' tick labels; marks are the bars, whiskers and
 * reference lines (a vertical line's box is one x wide, so it overlaps a text it crosses).
 */
function collisions(page: Page, chart: string) {
  return page.locator(`figure[data-chart="${chart}"] .canvas svg`).last().evaluate((svg) => {
    const box = (e: Element, what: string) => {
      const r = e.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, what: `${what} "${e.textContent ?? ''}"` };
    };
    const texts = [...svg.querySelectorAll('g.bar-values text, g.bar-names text, g[aria-label$="tick label"] text, g[aria-label="x-axis label"] text')].map((e) => box(e, 'text'));
    const marks = [...svg.querySelectorAll('g.bar-marks rect, g.bar-intervals line, g[class*="bar-reference"] line')].map((e) => box(e, e.closest('g')!.getAttribute('class')!));
    const overlap = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const found: string[] = [];
    texts.forEach((t, i) => {
      for (const m of marks) if (overlap(t, m)) found.push(`${t.what} × ${m.what}`);
      for (const u of texts.slice(i + 1)) if (overlap(t, u)) found.push(`${t.what} × ${u.what}`);
    });
    // The unit the bars are measured in, under the axis (on paper and in an embed there is no subtitle beside it).
    // A label of several lines is one tspan a line.
    const label = svg.querySelector('g[aria-label="x-axis label"] text');
    const unit = label ? [...label.querySelectorAll('tspan')].map((t) => t.textContent).join(' ') || label.textContent : null;
    // A name above its bar (narrow charts) stands nearer its own bar than the one above it.
    const bars = [...svg.querySelectorAll('g.bar-marks rect')].map((r) => r.getBoundingClientRect());
    const astray = [...svg.querySelectorAll('g.bar-names text')].flatMap((t) => {
      const name = t.getBoundingClientRect();
      const own = bars.filter((r) => r.top >= name.bottom).sort((x, y) => x.top - y.top)[0];
      const above = bars.filter((r) => r.bottom <= name.top).sort((x, y) => y.bottom - x.bottom)[0];
      return own && above && own.top - name.bottom >= name.top - above.bottom ? [`"${t.textContent}" ${(own.top - name.bottom).toFixed(1)} px above its bar, ${(name.top - above.bottom).toFixed(1)} px below the one above`] : [];
    });
    return { found: [...found, ...astray], texts: texts.length, marks: marks.length, unit };
  });
}

describe('bar charts', () => {
  // One overview and one embed, each loaded at the narrowest width and then widened (as a phone
  // turned or a window resized): the charts are drawn anew at each width.
  it('never draw a label over a bar, a whisker, a reference line or another label at 320, 390 and 1280 px, and name their unit', async () => {
    const page = await visit('/?year=2019-20', 320);
    const embed = await visit('/embed/compare/ascof_2b1/E06000006', 320);
    await Promise.all([settled(page), settled(embed)]);
    for (const width of [320, 390, 1280]) {
      await Promise.all([drawnAt(page, width), drawnAt(embed, width)]);
      for (const chart of ['ics-dtoc', 'ics-ascof_2a2', 'ics-ascof_2b1']) {
        const { found, texts, marks, unit } = await collisions(page, chart);
        expect(texts, `${chart} at ${width} px`).toBeGreaterThan(9);
        expect(marks, `${chart} at ${width} px`).toBeGreaterThan(9);
        expect(found, `${chart} at ${width} px`).toEqual([]);
        expect(unit, `${chart} at ${width} px`).toBe(`${metric(chart.slice(4)).unit} →`);
      }
      const { found, unit } = await collisions(embed, 'embed-compare');
      expect(found, `embed at ${width} px`).toEqual([]);
      expect(unit, `embed at ${width} px`).toBe('% at home after 91 days →');
    }
    await page.context().close();
    await embed.context().close();
  });

  it('give the bars most of a phone screen and an axis with real ticks', async () => {
    const page = await at('/embed/compare/dtoc/E06000006', 320);
    await settled(page);
    const svg = page.locator('figure[data-chart="embed-compare"] .canvas svg');
    const { width, bars, ticks } = await svg.evaluate((s) => ({
      width: s.getBoundingClientRect().width,
      bars: [...s.querySelectorAll('g.bar-marks rect')].map((r) => r.getBoundingClientRect()),
      ticks: [...s.querySelectorAll('g[aria-label="x-axis tick label"] text')].map((t) => t.textContent),
    }));
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    // The longest bar reaches across more than half the chart; every bar is at least 16 px tall.
    expect(Math.max(...bars.map((b) => b.width))).toBeGreaterThan(width / 2);
    expect(Math.min(...bars.map((b) => b.height))).toBeGreaterThanOrEqual(16);
  });
});

/** Waits until the page's data are in and every chart on it is drawn (or says it has no data). */
async function settled(page: Page) {
  await page.waitForFunction(
    () =>
      !!document.querySelector('.provenance, main.embed, main.pack') &&
      !document.querySelector('.status .loading') &&
      [...document.querySelectorAll<HTMLElement>('figure[data-chart]')].every((f) => f.dataset.state === 'ready' || f.dataset.state === 'empty'),
    null,
    { timeout: 100_000 },
  );
}

/** Sets the window to `width` and waits until every chart on the page is drawn again at its new size. */
async function drawnAt(page: Page, width: number) {
  await page.setViewportSize({ width, height: 900 });
  await page.waitForFunction(
    (w) =>
      document.documentElement.clientWidth === w &&
      [...document.querySelectorAll<HTMLElement>('figure[data-chart]')].every((f) => {
        // A chart with nothing to draw (Rochdale's hubs ranked for 2B(1): every hub's latest figure suppressed) has no drawing to resize.
        if (f.dataset.state === 'empty') return true;
        const canvas = f.querySelector<HTMLElement>('.canvas');
        const svg = canvas?.querySelector(':scope > svg');
        return f.dataset.state === 'ready' && !!svg && Math.abs(Number(svg.getAttribute('width')) - canvas!.clientWidth) < 1;
      }),
    width,
    { timeout: 60_000 },
  );
}

describe('every page at 320 px (WCAG 1.4.10 reflow)', () => {
  // Rochdale's hubs include the longest name ("Pennines (Littleborough, Milnrow and Wardle)").
  const pages = ['/', '/metric?metric=dtoc&area=E08000005', '/place?area=E08000005', '/hub?area=E08000005-N5', '/sql', '/upload', '/accessibility', '/embed/compare/dtoc/E08000005', '/embed/spc/ascof_2b1/E08000005', '/pack/E08000005'];
  for (const path of pages) {
    it(`${path} does not scroll sideways`, async () => {
      const page = await at(path, 320);
      await settled(page);
      const wide = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        over: [...document.body.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5 && !e.closest('[role="region"]')).map((e) => e.tagName + (e.id ? `#${e.id}` : '')).slice(0, 5),
      }));
      expect(wide).toEqual({ scrollWidth: 320, over: [] });
    });
  }
});

describe('chart text', () => {
  /**
   * Every text of each chart on the page (tooltips aside): its size as drawn, any part of it outside
   * its chart (where the chart's box cuts it off), and any two texts whose boxes overlap.
   */
  async function chartTexts(page: Page, charts = 'figure[data-chart] .canvas:not(.prerendered) > svg') {
    const found: { sizes: number[]; cut: string[]; overlaps: string[] } = { sizes: [], cut: [], overlaps: [] };
    for (const svg of await page.locator(charts).all()) {
      await svg.scrollIntoViewIfNeeded();
      const one = await svg.evaluate((s: SVGSVGElement) => {
        const chart = s.closest('figure')!.dataset.chart ?? s.closest('figure')!.dataset.packChart;
        const frame = s.getBoundingClientRect();
        const scale = frame.width / s.viewBox.baseVal.width;
        const texts = [...s.querySelectorAll('text')].filter((t) => !t.closest('[aria-label="tip"]') && t.textContent!.trim() !== '');
        const boxes = texts.map((t) => ({ what: `${chart}: "${t.textContent}"`, box: t.getBoundingClientRect() }));
        const hit = (a: DOMRect, b: DOMRect) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
        return {
          sizes: texts.map((t) => Number.parseFloat(getComputedStyle(t).fontSize) * scale),
          cut: boxes.filter(({ box }) => box.left < frame.left - 0.5 || box.right > frame.right + 0.5 || box.top < frame.top - 0.5 || box.bottom > frame.bottom + 0.5).map((b) => b.what),
          overlaps: boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) => hit(a.box, b.box)).map((b) => `${a.what} × ${b.what}`)),
        };
      });
      found.sizes.push(...one.sizes);
      found.cut.push(...one.cut);
      found.overlaps.push(...one.overlaps);
    }
    return found;
  }

  // The metric page draws every kind of chart: trend, SPC, the hubs' panels and their ranking; the
  // overview its comparisons; the embed a bar chart alone.
  for (const width of [320, 1280]) {
    it(`is 12 px or more, inside its chart and clear of other text, on every chart at ${width} px`, async () => {
      for (const path of ['/metric?metric=avoidable_admissions&area=E08000005', '/?year=2019-20', '/embed/compare/dtoc/E08000005']) {
        const page = await at(path, width);
        await settled(page);
        const { sizes, cut, overlaps } = await chartTexts(page);
        expect(sizes.length, `${path} at ${width} px`).toBeGreaterThan(20);
        expect(Math.min(...sizes), `${path} at ${width} px`).toBeGreaterThanOrEqual(11.99);
        expect(cut, `${path} at ${width} px`).toEqual([]);
        expect(overlaps, `${path} at ${width} px`).toEqual([]);
      }
    });
  }

  for (const width of [320, 1280]) {
    it(`draws the board pack's charts for the screen at ${width} px: each inside the page, its text 12 px or more, inside its chart and clear of other text`, async () => {
      // Drawn for A4 alone, each chart kept its printed 700 px on a phone, in a box that scrolled sideways.
      const page = await at('/pack/E08000005', width);
      await settled(page);
      const charts = await page.locator('figure[data-pack-chart]').evaluateAll((all) =>
        all.map((f) => ({
          chart: f.dataset.packChart,
          shown: [...f.querySelectorAll('svg')].filter((s) => s.getBoundingClientRect().width > 0 && s.parentElement!.closest('[data-band], .print-drawing')).map((s) => s.getBoundingClientRect().right),
        })),
      );
      expect(charts.length).toBeGreaterThanOrEqual(8);
      // One drawing each (no A4 one beside it), none reaching past the page's right edge.
      expect(charts.filter((c) => c.shown.length !== 1)).toEqual([]);
      expect(Math.max(...charts.map((c) => c.shown[0]!))).toBeLessThanOrEqual(width);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(width);
      const { sizes, cut, overlaps } = await chartTexts(page, 'figure[data-pack-chart] [data-band] > svg:visible');
      expect(sizes.length).toBeGreaterThan(60);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(11.99);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(15);
      expect(cut).toEqual([]);
      expect(overlaps).toEqual([]);
    });
  }

  it('labels a monthly trend at 320 px with at least two ticks, so that its span can be read', async () => {
    // Feb 2025 to Oct 2026: Plot ticked it "2026" alone.
    const page = await at('/metric?metric=discharge_delay&area=E06000006&from=2025-02-01', 320);
    await settled(page);
    const labels = await page.locator('figure[data-chart="trend"] .canvas svg g[aria-label="x-axis tick label"] text').evaluateAll((ts) => ts.map((t) => [...t.querySelectorAll('tspan')].map((s) => s.textContent).join(' ') || t.textContent));
    expect(labels).toEqual(['Feb 2025', 'Oct 2026']);
  });
});

describe('the prerendered embed without JavaScript', () => {
  for (const width of [320, 390, 768, 1280]) {
    it(`keeps its chart text between 12 and 15 px at ${width} px`, async () => {
      const page = await visit('/embed/trend/dtoc/E06000006', width, false);
      const sizes = await page.locator('[data-prerendered]').evaluate((box) => {
        const shown = [...box.querySelectorAll('svg')].filter((s) => s.getBoundingClientRect().width > 0);
        return shown.map((svg) => {
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          return [...svg.querySelectorAll('text')].map((t) => Number.parseFloat(getComputedStyle(t).fontSize) * scale);
        });
      });
      expect(sizes).toHaveLength(1);
      expect(sizes[0]!.length).toBeGreaterThan(5);
      expect(Math.min(...sizes[0]!)).toBeGreaterThanOrEqual(12);
      expect(Math.max(...sizes[0]!)).toBeLessThanOrEqual(15);
      await page.context().close();
    });
  }
});

describe('links that ask for what a page cannot show', () => {
  it('an unknown area: says what was asked for, what is shown instead, and where to choose', async () => {
    const page = await at('/?area=E99999999', 1280);
    await settled(page);
    const notice = page.locator('[data-link-notice]');
    expect(await notice.textContent()).toMatch(/^\s*No area has the code “E99999999”\.\s+Showing Halton instead\.\s+Choose from the 19 places in the list below\.\s*$/);
    expect(await notice.getByRole('link').getAttribute('href')).toBe('#place');
    expect(await page.locator('#place option').count()).toBe(19);
  });

  it('a metric with no data: says so, and draws no empty charts and offers no embed', async () => {
    const page = await at('/metric?metric=ascof_2a1&area=E06000006', 1280);
    await settled(page);
    const asked = metric('ascof_2a1');
    expect((await page.locator('[data-link-notice]').textContent())!.replace(/\s+/g, ' ').trim()).toBe(
      `There are no data for ${asked.title} (${asked.short}) in the loaded extracts, so there is nothing to chart. Choose from the 12 metrics that have data.`,
    );
    expect(await page.locator('figure[data-chart]').count()).toBe(0);
    expect(await page.getByText('Copy embed code').count()).toBe(0);
    // Every built-in metric but 2A(1) has demo data.
    expect(await page.locator('#metric-choices input[type="radio"]').count()).toBe(12);
  });

  it('an unknown metric id: says so and what is shown instead', async () => {
    const page = await at('/metric?metric=dtocc&area=E06000006', 1280);
    await settled(page);
    expect(await page.locator('[data-link-notice]').textContent()).toMatch(/No metric has the id “dtocc”\.\s+Showing Delayed transfers of care instead\./);
  });
});

describe('hub small multiples', () => {
  it("put each hub's name above its panel, clear of every line, at 320, 390 and 1280 px", async () => {
    const page = await at('/metric?metric=ascof_2b1&area=E08000005', 320);
    await settled(page);
    for (const width of [320, 390, 1280]) {
      await drawnAt(page, width);
      const { overlaps, names } = await page.locator('figure[data-chart="hubs"] .canvas svg').evaluate((svg) => {
        const frames = [...svg.querySelectorAll('g[aria-label="frame"] rect')].map((r) => r.getBoundingClientRect());
        const titles = [...svg.querySelectorAll('g.hub-name text')].map((t) => ({ name: t.textContent, box: t.getBoundingClientRect() }));
        const hit = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        return {
          names: titles.length,
          overlaps: titles.flatMap((t, i) => [...frames.filter((f) => hit(t.box, f)).map(() => `${t.name} × a panel`), ...titles.slice(i + 1).filter((u) => hit(t.box, u.box)).map((u) => `${t.name} × ${u.name}`)]),
        };
      });
      expect(names, `at ${width} px`).toBeGreaterThanOrEqual(5);
      expect(overlaps, `at ${width} px`).toEqual([]);
    }
  });

  it("keep each panel's period labels clear of the next panel's at 1280 px", async () => {
    // Halton's four hubs stand three to a row at 1280 px; each panel is labelled 2020-21 to 2025-26.
    const page = await at('/metric?metric=avoidable_admissions&area=E06000006', 1280);
    await settled(page);
    const svg = page.locator('figure[data-chart="hubs"] .canvas svg');
    await svg.scrollIntoViewIfNeeded();
    const { labels, overlaps } = await svg.evaluate((s) => {
      const ticks = [...s.querySelectorAll('g[aria-label="x-axis tick label"] text')].map((t) => ({ text: t.textContent, box: t.getBoundingClientRect() }));
      const hit = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      return { labels: ticks.length, overlaps: ticks.flatMap((t, i) => ticks.slice(i + 1).filter((u) => hit(t.box, u.box)).map((u) => `${t.text} × ${u.text}`)) };
    });
    expect(labels).toBeGreaterThanOrEqual(12);
    expect(overlaps).toEqual([]);
  });

  it('stand apart from the hubs ranked below them, whose subtitle names no colours its bars lack', async () => {
    // Discharge delay has no intervals: the ranking's bars are all grey, and its key says why.
    const page = await at('/metric?metric=discharge_delay&area=E06000006', 1280);
    await settled(page);
    const gap = await page.evaluate(() => {
      const hubs = document.querySelector('figure[data-chart="hubs"]')!.getBoundingClientRect();
      return document.querySelector('figure[data-chart="hub-ranking"] .chart-title')!.getBoundingClientRect().top - hubs.bottom;
    });
    expect(gap).toBeGreaterThanOrEqual(16);
    const ranking = page.locator('figure[data-chart="hub-ranking"]');
    expect(await ranking.locator('.chart-subtitle').textContent()).toBe('days of delay per patient discharged; lower is better.');
    expect(await ranking.locator('.legend li').allTextContents()).toEqual([expect.stringMatching(/^England /), expect.stringMatching(/^Halton /), 'no 95% interval for this measure, so not tested against England']);
  });

  it('say in words what suppression leaves out', async () => {
    const page = await at('/metric?metric=ascof_2b1&area=E08000002', 1280);
    await settled(page);
    expect(await page.locator('[data-hub-suppression]').textContent()).toMatch(/^\d+ of \d+ hub values are suppressed and not drawn \(.+\), which breaks their lines\. Counts of 1 to 7 are suppressed/);
  });
});

describe('the unit on the y axis', () => {
  it('is shown whole, inside its chart, on a 320 px phone (the trend and the SPC chart)', async () => {
    // The longest unit of the built-in metrics.
    const page = await at('/metric?metric=avoidable_admissions&area=E06000006', 320);
    await settled(page);
    for (const chart of ['trend', 'spc']) {
      const svg = page.locator(`figure[data-chart="${chart}"] .canvas svg`);
      await svg.scrollIntoViewIfNeeded();
      const label = await svg.evaluate((s) => {
        const text = s.querySelector('g[aria-label="y-axis label"] text')!;
        const [box, frame] = [text.getBoundingClientRect(), s.getBoundingClientRect()];
        const ticks = [...s.querySelectorAll('g[aria-label="y-axis tick label"] text')].map((t) => t.getBoundingClientRect().top);
        return { words: text.textContent!.replace(/\s+/g, ''), right: box.right <= frame.right, clearOfTicks: box.bottom <= Math.min(...ticks) };
      });
      expect(label, chart).toEqual({ words: '↑admissionsper100,000population,age-standardised', right: true, clearOfTicks: true });
    }
  });
});

describe('SPC charts', () => {
  it('draw the first and last points whole, inside the chart, and every point clear of the time axis and the unit', async () => {
    // Bury's delayed transfers: its lowest point, below the lower limit, was drawn across the time axis.
    const page = await at('/embed/spc/dtoc/E08000002', 390);
    await settled(page);
    const outside = await page.locator('figure[data-chart="embed-spc"] .canvas svg').evaluate((svg) => {
      const frame = svg.getBoundingClientRect();
      const yAxis = Math.max(...[...svg.querySelectorAll('g[aria-label="y-axis tick label"] text')].map((t) => t.getBoundingClientRect().right));
      const timeAxis = Math.min(...[...svg.querySelectorAll('g[aria-label="x-axis tick"] path')].map((t) => t.getBoundingClientRect().top));
      const unit = svg.querySelector('g[aria-label="y-axis label"]')!.getBoundingClientRect().bottom;
      return [...svg.querySelectorAll('g[aria-label="dot"] path, g[aria-label="dot"] circle')]
        .map((d) => d.getBoundingClientRect())
        .filter((b) => b.left < yAxis || b.right > frame.right || b.bottom > timeAxis - 2 || b.top < unit + 2)
        .map((b) => `${b.left}–${b.right} × ${b.top}–${b.bottom} (time axis at ${timeAxis}, unit to ${unit})`);
    });
    expect(outside).toEqual([]);
  });

  it('keep their tooltips on a 320 px screen wherever the pointer is, as do the trend and the hubs', async () => {
    const page = await visit('/metric?metric=dtoc&area=E06000006', 320);
    await settled(page);
    const off: string[] = [];
    for (const chart of ['spc', 'trend', 'hubs']) {
      const svg = page.locator(`figure[data-chart="${chart}"] .canvas svg`);
      await svg.scrollIntoViewIfNeeded();
      const box = (await svg.boundingBox())!;
      for (const at of [0.15, 0.3, 0.5, 0.7, 0.9]) {
        // The hubs' first panel (one column at this width), or the middle of the others.
        await page.mouse.move(box.x + box.width * at, box.y + (chart === 'hubs' ? 60 : box.height * 0.5), { steps: 2 });
        const tip = page.locator(`figure[data-chart="${chart}"] svg [aria-label="tip"]`);
        await expect.poll(() => tip.textContent()).toMatch(/[A-Z][a-z]{2} \d{4}:/);
        const b = (await tip.boundingBox())!;
        if (b.x < 0 || b.x + b.width > 320) off.push(`${chart}, pointer at ${at}: tip ${Math.round(b.x)} to ${Math.round(b.x + b.width)} px`);
      }
    }
    expect(off).toEqual([]);
    await page.context().close();
  });
});

describe('hub charts', () => {
  it('offer embed code, and their embed draws the hub against its place and England', async () => {
    const page = await at('/hub?area=E08000005-N5', 1280);
    await settled(page);
    // This year's three core metrics and the two the demo's settings also embed.
    expect(await page.getByRole('button', { name: 'Copy embed code' }).count()).toBe(5);
    expect(await page.locator('figure[data-chart="trend-dtoc"] a', { hasText: 'Open the embeddable chart' }).getAttribute('href')).toBe('/embed/trend/dtoc/E08000005-N5');
    const embed = await at('/embed/trend/dtoc/E08000005-N5', 390);
    await settled(embed);
    expect(await embed.locator('h1').textContent()).toBe('Delayed transfers of care: Pennines (Littleborough, Milnrow and Wardle), trend');
    expect((await embed.locator('.legend li').allTextContents()).slice(0, 3)).toEqual(['Pennines (Littleborough, Milnrow and Wardle)', 'Rochdale', 'England']);
  });
});
