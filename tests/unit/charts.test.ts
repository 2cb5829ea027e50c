// The charts' own arrangement, read back from the SVG the build draws (Plot in Node, via linkedom).
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { hubSuppressionNote, hubsPlot } from '../../src/lib/charts/hubs';
import { STYLE, TARGET_STYLE } from '../../src/lib/charts/palette';
import { TEXT_RANGE, WIDEST, prerenderBands } from '../../src/lib/charts/prerender';
import { spcDomain, spcPlot } from '../../src/lib/charts/spc';
import { CHART_TEXT } from '../../src/lib/charts/text';
import { lazyTitle, lineTips, tipText, trendPlot, type Line } from '../../src/lib/charts/trend';
import { indexAreas } from '../../src/lib/areas';
import type { PeriodType } from '../../src/lib/contract/schema';
import { metric } from '../../src/lib/definitions';
import type { Point } from '../../src/lib/metrics/series';
import { renderSvg } from '../../src/lib/server/render-svg';
import { unmatchedArea } from '../../src/lib/selection';
import { spcChart, xmr } from '../../src/lib/stats/spc';

const point = (period_start: string, period_type: PeriodType, value: number | null, target: number | null = null, suppressed = false): Point => ({
  area_code: 'E06000006', period_start, period_type, numerator: 100, denominator: 1000, value, published_value: null, suppressed, local: false, target, target_local: false,
});

const svgOf = (markup: string) => parseHTML(`<!doctype html><html><body>${markup}</body></html>`).document.querySelector('svg')!;
const tickLabels = (svg: Element, axis: 'x' | 'y') => [...svg.querySelectorAll(`g[aria-label="${axis}-axis tick label"] text`)].map((t) => t.textContent);
/** The x of each vertex of a path drawn with M/L commands (Plot's lines and steps). */
const vertices = (d: string) => [...d.matchAll(/[ML]([-\d.]+),([-\d.]+)/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }));
const translateX = (el: Element) => Number(/translate\(([-\d.]+)/.exec(el.getAttribute('transform') ?? '')?.[1]);

const ascof2a2 = metric('ascof_2a2');
const dtoc = metric('dtoc');

describe('financial years on a time axis', () => {
  const years = ['2018-04-01', '2019-04-01', '2020-04-01', '2021-04-01', '2022-04-01', '2023-04-01'];
  const line: Line = { key: 'E06000006', label: 'Halton', style: STYLE.focus, points: years.map((y, i) => point(y, 'financial_year', 600 + 10 * i, 650 - 5 * i)) };

  it('are named as published, "2019-20", not as calendar years', () => {
    const svg = svgOf(renderSvg(trendPlot(ascof2a2, [line])(640)));
    expect(tickLabels(svg, 'x')).toEqual(['2018-19', '2019-20', '2020-21', '2021-22', '2022-23', '2023-24']);
  });

  it('are thinned to fit a phone, keeping the latest year', () => {
    const svg = svgOf(renderSvg(trendPlot(ascof2a2, [line])(300)));
    const labels = tickLabels(svg, 'x');
    expect(labels.length).toBeLessThan(years.length);
    expect(labels.at(-1)).toBe('2023-24');
  });

  it('name the SPC chart of a yearly series too', () => {
    const values = [600, 610, 620, 615, 630, 640, 650, 655, 660, 670, 665, 680];
    const points = values.map((v, i) => point(`${2012 + i}-04-01`, 'financial_year', v));
    const result = xmr(values, { polarity: 'lower' });
    if (!result.ok) throw new Error('12 points give an XmR chart');
    const svg = svgOf(renderSvg(spcPlot(ascof2a2, points, result)(1000)));
    expect(tickLabels(svg, 'x')).toContain('2019-20');
    expect(tickLabels(svg, 'x').every((l) => /^\d{4}-\d{2}$/.test(l!))).toBe(true);
  });

  it('draw a run chart of a series too short for limits: the values and their mean, no limit or two-thirds line', () => {
    const values = [600, 610, 620, 615, 630, 640];
    const points = values.map((v, i) => point(`${2018 + i}-04-01`, 'financial_year', v));
    const result = spcChart(values, { polarity: 'lower' });
    if (result.ok || !result.runChart) throw new Error('6 points give a run chart');
    const svg = svgOf(renderSvg(spcPlot(ascof2a2, points, result)(700)));
    // The limits are dashed 5 3, the two-thirds lines dotted 1 3 (the XmR chart's).
    const dashes = [...svg.querySelectorAll('g[stroke-dasharray]')].map((g) => g.getAttribute('stroke-dasharray'));
    expect(dashes.filter((d) => d === '5 3' || d === '1 3')).toEqual([]);
    // The mean (3715 / 6 = 619.17) as one flat line, and six grey common-cause dots.
    const mean = [...svg.querySelectorAll('g[stroke="#212b32"] path')].map((p) => vertices(p.getAttribute('d')!));
    expect(mean).toHaveLength(1);
    expect(new Set(mean[0]!.map((v) => v.y)).size).toBe(1);
    expect([...svg.querySelectorAll('path[fill="#768692"], circle[fill="#768692"]')]).toHaveLength(6);
  });
});

describe('targets', () => {
  // Monthly DToC, Jan 2019 to Jun 2019, with the plan's 2018-19 target until March and 2019-20's from April.
  const months = ['2019-01-01', '2019-02-01', '2019-03-01', '2019-04-01', '2019-05-01', '2019-06-01'];
  const line: Line = { key: 'E06000006', label: 'Halton', style: STYLE.focus, points: months.map((m) => point(m, 'month', 12, m < '2019-04-01' ? 10 : 8)) };
  const svg = svgOf(renderSvg(trendPlot(dtoc, [line])(640)));
  // The points are drawn at the vertices of the area's line (its markers).
  const pointX = vertices(svg.querySelector(`g[stroke="${STYLE.focus.color}"] path[marker-mid]`)!.getAttribute('d')!).map((v) => v.x);
  const targetG = [...svg.querySelectorAll(`g[stroke="${TARGET_STYLE.color}"]`)];

  it('step where the new target starts, at April’s own point, not midway between periods', () => {
    expect(pointX).toHaveLength(6);
    const path = targetG.map((g) => g.querySelector('path[d^="M"]')).find((p) => p && vertices(p.getAttribute('d')!).length > 2)!;
    const v = vertices(path.getAttribute('d')!);
    const risers = v.slice(1).filter((p, i) => p.x === v[i]!.x && p.y !== v[i]!.y).map((p) => p.x);
    expect(risers).toHaveLength(1);
    expect(risers[0]).toBeCloseTo(pointX[3]!, 2);
  });

  it('never run past the last point', () => {
    const last = pointX.at(-1)!;
    for (const g of targetG) {
      for (const p of g.querySelectorAll('path')) {
        const dx = translateX(p) || 0;
        for (const v of vertices(p.getAttribute('d')!)) expect(dx + v.x).toBeLessThanOrEqual(last + 0.01);
      }
    }
  });
});

describe('comparison lines with values no neighbour joins', () => {
  // A measure published for one year (ASCOF 2B(1) in the real 2020-21 file): Halton and England.
  const year = (area: string, style: Line['style'], value: number): Line => ({ key: area, label: area, style, points: [point('2020-04-01', 'financial_year', value)] });
  const translateY = (el: Element) => Number(/translate\([-\d.]+,([-\d.]+)/.exec(el.getAttribute('transform') ?? '')?.[1]);
  const swatches = (svg: Element, color: string) => [...svg.querySelectorAll(`g[aria-label="dot"][stroke="${color}"] path`)];

  it("draw each lone value as the line's swatch across it (England's one year was in the legend only)", () => {
    const svg = svgOf(renderSvg(trendPlot(metric('ascof_2b1'), [year('Halton', STYLE.focus, 84.6), year('England', STYLE.england, 79.1)])(640)));
    const england = swatches(svg, STYLE.england.color);
    expect(england).toHaveLength(1);
    expect(england[0]!.closest('g')!.getAttribute('stroke-dasharray')).toBe(STYLE.england.dash);
    // Drawn level, across the point, below Halton's (a higher value is drawn higher up).
    const [start, end] = vertices(england[0]!.getAttribute('d')!);
    expect([start!.y, end!.y, start!.x + end!.x]).toEqual([0, 0, 0]);
    const halton = svg.querySelector(`g[stroke="${STYLE.focus.color}"] path[marker-mid]`)!;
    expect(translateY(england[0]!)).toBeGreaterThan(vertices(halton.getAttribute('d')!)[0]!.y);
    // The area's own values keep their dots, with no swatch; one standing alone a larger dot
    // (4.5 px), not only its line's 2.5 px marker (a data team's one year of records).
    expect(swatches(svg, STYLE.focus.color)).toHaveLength(0);
    expect([...svg.querySelectorAll(`g[aria-label="dot"][fill="${STYLE.focus.color}"] circle`)].map((c) => c.getAttribute('r'))).toEqual(['4.5']);
    // Every value lies under a labelled gridline (the scale is nice), not above the last.
    expect(tickLabels(svg, 'y').at(-1)).toBe('90%');
  });

  it('draw only the values standing alone, around gaps; the rest are on the line', () => {
    const months = ['2019-01-01', '2019-02-01', '2019-03-01', '2019-04-01', '2019-06-01'];
    const values = [70, null, 74, 75, 76]; // 70 before a suppressed month, 76 after a missing one
    const england: Line = { key: 'E92000001', label: 'England', style: STYLE.england, points: months.map((m, i) => point(m, 'month', values[i]!, null, values[i] == null)) };
    const svg = svgOf(renderSvg(trendPlot(dtoc, [year('Halton', STYLE.focus, 12), england])(640)));
    expect(swatches(svg, STYLE.england.color)).toHaveLength(2);
  });
});

describe('hub small multiples', () => {
  const months = ['2019-01-01', '2019-02-01', '2019-03-01', '2019-04-01'];
  const hub = (label: string, values: (number | null)[]): Line => ({
    key: label, label, style: STYLE.focus, points: months.map((m, i) => point(m, 'month', values[i]!, null, values[i] == null)),
  });
  const hubs = [hub('Radcliffe', [70, null, 74, 75]), hub('Pennines (Littleborough, Milnrow and Wardle)', [80, 81, null, null]), hub('Whitefield', [72, 73, 76, 77])];
  const place: Line = { key: 'E08000002', label: 'Bury', style: STYLE.parent, points: months.map((m) => point(m, 'month', 76)) };

  it('draw a hub value standing alone as a larger dot, where its line draws only a 2 px marker', () => {
    const svg = svgOf(renderSvg(hubsPlot(metric('ascof_2b1'), hubs, place)(800)));
    // Radcliffe's January (before a suppressed month) and nothing else: Pennines' two values are joined.
    const dots = [...svg.querySelectorAll('circle')].filter((c) => !c.closest('marker'));
    expect(dots.map((c) => [c.getAttribute('r'), c.closest('[fill]')?.getAttribute('fill')])).toEqual([['4.5', STYLE.focus.color]]);
  });

  it("wrap a long hub name in its strip, made as tall as the name needs (a place's unassigned hub ran onto its panel)", () => {
    const unassigned = hub('Unassigned (practice missing, not mapped or outside the place)', [70, 71, 72, 73]);
    const narrow = hubsPlot(metric('ascof_2b1'), [unassigned], place)(320);
    const svg = svgOf(renderSvg(narrow));
    const lines = [...svg.querySelectorAll('.hub-name tspan')].map((t) => t.textContent);
    expect(lines.join(' ')).toBe('Unassigned (practice missing, not mapped or outside the place)');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    // No line wider than the panel at a bold character's width, and the strip holds every line.
    const room = 320 - (narrow.marginLeft ?? 0) - (narrow.marginRight ?? 0);
    for (const line of lines) expect(line!.length * 12 * 0.6 * 1.1).toBeLessThanOrEqual(room);
    expect(narrow.marginTop).toBeGreaterThanOrEqual(lines.length * 12 * 1.1);
  });

  it('share one scale spanning the hubs’ and the place’s values, not stretched to zero', () => {
    const options = hubsPlot(metric('ascof_2b1'), hubs, place)(800);
    expect(options.y?.domain).toEqual([70, 81]);
  });

  it('mark every value, a lone one between suppressed periods too, on the hubs’ lines rather than with a circle each', () => {
    const svg = svgOf(renderSvg(hubsPlot(metric('ascof_2b1'), hubs, place)(800)));
    const marked = [...svg.querySelectorAll(`g[stroke="${STYLE.focus.color}"] path[marker-mid]`)];
    // Radcliffe's 70 (alone before a suppressed month), 74, 75; Pennines' 80, 81; Whitefield's four.
    expect(marked.flatMap((p) => vertices(p.getAttribute('d')!))).toHaveLength(9);
    expect(marked.every((p) => p.getAttribute('marker-start') && p.getAttribute('marker-end'))).toBe(true);
    // The dots are the markers' (one per panel), not one element per value.
    const markers = [...svg.querySelectorAll('marker')];
    expect(markers).toHaveLength(3);
    expect(markers.every((m) => m.getAttribute('fill') === STYLE.focus.color && m.querySelectorAll('circle').length === 1)).toBe(true);
    // And Radcliffe's lone 70 a larger dot of its own (the test above).
    expect(svg.querySelectorAll('circle')).toHaveLength(4);
  });

  it("draw the place's lone value in every panel", () => {
    const one: Line = { ...place, points: [point('2019-01-01', 'month', 76)] };
    const svg = svgOf(renderSvg(hubsPlot(metric('ascof_2b1'), hubs, one)(800)));
    expect(svg.querySelectorAll('g[aria-label="dot"] path')).toHaveLength(3);
  });

  it('say how many values are suppressed, where and why', () => {
    expect(hubSuppressionNote(hubs, 7)).toBe(
      '3 of 12 hub values are suppressed and not drawn (Radcliffe 1, Pennines (Littleborough, Milnrow and Wardle) 2), which breaks their lines. ' +
        'Counts of 1 to 7 are suppressed, and where needed another count too, so that they cannot be worked out by subtraction from a total.',
    );
    expect(hubSuppressionNote([hubs[2]!], 7)).toBeNull();
  });
});

describe('prerendered widths', () => {
  it('keep text between 12 and 15 px in every box from a phone up', () => {
    expect(TEXT_RANGE).toEqual({ min: 12, max: 15 });
    const bands = prerenderBands();
    for (let box = 280; box <= 2400; box += 0.5) {
      const shown = bands.filter((b) => box >= b.from && (b.to == null || box < b.to));
      expect(shown, `box ${box}`).toHaveLength(1);
      // The drawing stops growing at WIDEST.
      const text = (CHART_TEXT * Math.min(box, WIDEST)) / shown[0]!.drawn;
      expect(text, `box ${box}`).toBeGreaterThanOrEqual(TEXT_RANGE.min);
      expect(text, `box ${box}`).toBeLessThanOrEqual(TEXT_RANGE.max);
    }
  });

  it("stop at the widest box a page gives: the board pack's 686 px column takes five drawings", () => {
    // Drawn at d for boxes from f: d = ⌈f ÷ (12.05 / 12)⌉, up to ⌊d × 14.95 / 12⌋, from 280 px.
    expect(prerenderBands(686)).toEqual([
      { drawn: 279, from: 0, to: 347 },
      { drawn: 346, from: 347, to: 431 },
      { drawn: 430, from: 431, to: 535 },
      { drawn: 533, from: 535, to: 664 },
      { drawn: 662, from: 664, to: null },
    ]);
  });
});

describe('links naming an area a page cannot show', () => {
  const areas = indexAreas([
    { area_code: 'E92000001', area_name: 'England', area_type: 'england', parent_code: null },
    { area_code: 'E54000008', area_name: 'NHS Cheshire and Merseyside ICB', area_type: 'icb', parent_code: 'E92000001' },
    { area_code: 'E06000006', area_name: 'Halton', area_type: 'place', parent_code: 'E54000008' },
  ]);
  it('say what was asked for and why it cannot be shown', () => {
    expect(unmatchedArea(areas, 'E99999999', ['place', 'hub'])).toBe('No area has the code “E99999999”.');
    expect(unmatchedArea(areas, 'E54000008', ['place', 'hub'])).toBe('“E54000008” is NHS Cheshire and Merseyside ICB, an integrated care board, not a place or a neighbourhood hub.');
    expect(unmatchedArea(areas, 'E06000006', ['place', 'hub'])).toBeNull();
    expect(unmatchedArea(areas, null, ['place'])).toBeNull();
  });
});

describe('keyboard tips of a line chart', () => {
  it('read each point in words, with its line, period, value, interval and counts', () => {
    const lines = [
      { label: 'Halton', points: [point('2020-01-01', 'month', 10), point('2020-02-01', 'month', null, null, true)] },
      { label: 'England', points: [point('2020-01-01', 'month', 12.5)] },
    ];
    const tips = lineTips(dtoc, lines);
    expect(tips.map((l) => [l.label, l.points.length])).toEqual([['Halton', 2], ['England', 1]]);
    expect(tips[0]!.points[0]!.x).toEqual(new Date('2020-01-01T00:00:00Z'));
    // DToC is delayed days per 100,000 aged 18+: 100 days among 1,000 people.
    expect(tips[0]!.points[0]!.text).toBe(tipText(dtoc, 'Halton', lines[0]!.points[0]!));
    expect(tips[0]!.points[0]!.text).toMatch(/^Halton\nJan 2020: 10\.0\n95% CI [\d.,]+ to [\d.,]+\n100 \/ 1,000$/);
    expect(tips[0]!.points[1]!.text).toMatch(/^Halton\nFeb 2020: suppressed\n/);
    expect(tips[1]!.points[0]!.text).toMatch(/^England\nJan 2020: 12\.5\n/);
  });
});

describe('tooltips worked out when shown', () => {
  const rows = [{ at: 1, v: 10, name: 'Halton' }, { at: 2, v: 20, name: 'Widnes' }, { at: 3, v: 30, name: 'Runcorn' }];
  const asked: string[] = [];
  const words = (r: (typeof rows)[number]) => {
    asked.push(r.name);
    return `${r.name}\nvalue ${r.v}`;
  };

  it('wrap to fit beside a point anywhere in a chart of the width given: half of it, less pointer and padding, in ems', () => {
    // (160 - 46) / 12 px.
    expect(lazyTitle(words, 320).lineWidth).toBeCloseTo(9.5);
    expect(lazyTitle(words, 1280).lineWidth).toBe(20);
    expect(lazyTitle(words, 100).lineWidth).toBe(6);
  });

  it('show the words of the point they are for, line by line', () => {
    const svg = svgOf(renderSvg({ width: 400, height: 200, marks: [Plot.tip(rows, { x: 'at', y: 'v', ...lazyTitle(words, 400) })] }));
    const tips = [...svg.querySelectorAll('g[aria-label="tip"] text')].map((t) => [...t.querySelectorAll('tspan')].map((s) => s.textContent?.replace('\u200b', '')));
    expect(tips).toEqual([['Halton', 'value 10'], ['Widnes', 'value 20'], ['Runcorn', 'value 30']]);
  });

  // As a title channel, Plot works out every point's words at each drawing.
  it('work out no words for a point not shown (a pointer tip shows none until hovered)', () => {
    asked.length = 0;
    renderSvg({ width: 400, height: 200, marks: [Plot.tip(rows, Plot.pointer({ x: 'at', y: 'v', ...lazyTitle(words, 400) }))] });
    expect(asked).toEqual([]);
  });
});
