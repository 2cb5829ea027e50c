// The room charts make for their text at 12 px: axis margins, units, time ticks and the SPC chart's
// value range, read back from the SVG the build draws (Plot in Node, via linkedom) where they show.
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { tickStep, tickValues, yAxisMargin } from '../../src/lib/charts/axis-margin';
import { barsPlot, type Bar } from '../../src/lib/charts/bars';
import { STYLE } from '../../src/lib/charts/palette';
import { spcDomain } from '../../src/lib/charts/spc';
import { timeAxis } from '../../src/lib/charts/time-axis';
import { trendPlot } from '../../src/lib/charts/trend';
import { unitLabel, xUnitLabel } from '../../src/lib/charts/unit-label';
import type { PeriodType } from '../../src/lib/contract/schema';
import { metric } from '../../src/lib/definitions';
import { axisFormat } from '../../src/lib/format';
import type { Point } from '../../src/lib/metrics/series';
import { renderSvg } from '../../src/lib/server/render-svg';

const point = (period_start: string, period_type: PeriodType, value: number): Point => ({
  area_code: 'E06000006', period_start, period_type, numerator: 100, denominator: 1000, value, published_value: null, suppressed: false, local: false, target: null, target_local: false,
});
const svgOf = (markup: string) => parseHTML(`<!doctype html><html><body>${markup}</body></html>`).document.querySelector('svg')!;
const months = (from: string, n: number) =>
  Array.from({ length: n }, (_, i) => {
    const d = new Date(`${from}T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() + i);
    return d.toISOString().slice(0, 10);
  });

describe('chart text', () => {
  it('is 12 px on every chart drawn, not Plot’s 10 px', () => {
    const svg = svgOf(renderSvg(trendPlot(metric('dtoc'), [{ key: 'a', label: 'Halton', style: STYLE.focus, points: [point('2019-04-01', 'month', 10)] }])(400)));
    expect(svg.getAttribute('style')).toBe('font-size:12px');
  });
});

describe('value axis margins', () => {
  it('take d3’s nice steps: 1, 2 or 5 times a power of ten', () => {
    // 2,760 over about 7.7 ticks: 358 a tick, nearer 500 than 200 (above √10 × 100).
    expect(tickStep(0, 2760, 7.7)).toBe(500);
    expect(tickStep(0, 1.2, 6)).toBe(0.2);
    expect(tickStep(0, 95, 4)).toBe(20);
    expect(tickValues(0, 2760, 7.7)).toEqual([0, 500, 1000, 1500, 2000, 2500, 3000]);
    expect(tickValues(0, 0.3, 3)).toEqual([0, 0.1, 0.2, 0.3]);
  });

  it('fit the longest tick label at 7.2 px a character, with the tick and its padding', () => {
    const rate = axisFormat(metric('ascof_2a2'));
    // "3,000": 5 characters, 36 px, and 12 px of tick, padding and edge.
    expect(yAxisMargin(rate, 0, 2760, 7.7)).toBe(48);
    // "12,000" (non-elective admissions per 100,000 a year) no longer loses its first digit.
    expect(yAxisMargin(rate, 0, 11_800, 7.7)).toBe(56);
    expect(yAxisMargin(rate, 0, 9, 7.7)).toBe(40);
    // Percentages: "100%".
    expect(yAxisMargin(axisFormat(metric('ascof_2b1')), 0, 96, 7.7)).toBe(41);
  });
});

describe('units on the axes', () => {
  it('wrap to the chart’s width at 12 px text, leaving room for the arrow, and make room above or below', () => {
    const unit = 'admissions per 100,000 population, age-standardised';
    expect(unitLabel(unit, 1000)).toEqual({ label: unit, marginTop: 24 });
    // (320 - 6) / 7.2 = 43 characters, less 2 for the arrow.
    expect(unitLabel(unit, 320)).toEqual({ label: 'admissions per 100,000 population,\nage-standardised', marginTop: 37 });
    expect(xUnitLabel(unit, 320)).toEqual({ label: 'admissions per 100,000 population,\nage-standardised', marginBottom: 56 });
    expect(xUnitLabel('%', 320)).toEqual({ label: '%', marginBottom: 43 });
  });

  it('name the bar chart’s axis in the metric’s unit', () => {
    const bars: Bar[] = ['Halton', 'Knowsley'].map((label, i) => ({ code: label, label, value: 100 + 50 * i, focus: i === 0, interval: null, significance: 'not compared' }));
    for (const width of [320, 1000]) {
      const svg = svgOf(renderSvg(barsPlot(metric('ascof_2a2'), bars, [])(width)));
      expect(svg.querySelector('g[aria-label="x-axis label"] text')?.textContent?.replace(/\s+/g, ' ')).toBe('admissions per 100,000 aged 65+ →');
    }
  });
});

describe('time axes of months and quarters', () => {
  const line = (starts: string[], type: PeriodType) => [{ key: 'a', label: 'Halton', style: STYLE.focus, points: starts.map((s, i) => point(s, type, 100 + i)) }];
  const xLabels = (markup: string) => [...svgOf(markup).querySelectorAll('g[aria-label="x-axis tick label"] text')].map((t) => [...t.querySelectorAll('tspan')].map((s) => s.textContent).join(' ') || t.textContent);

  it('label both ends of a series Plot would tick once on a phone', () => {
    // Feb 2025 to Oct 2026 at 300 px: Plot ticks whole years, and only 1 January 2026 falls inside.
    const starts = months('2025-02-01', 21);
    expect(timeAxis(starts.map((s) => point(s, 'month', 1)), 240).ticks).toEqual([new Date('2025-02-01T00:00:00Z'), new Date('2026-10-01T00:00:00Z')]);
    expect(xLabels(renderSvg(trendPlot(metric('emergency_admissions_65'), line(starts, 'month'))(300)))).toEqual(['Feb 2025', 'Oct 2026']);
  });

  it('leave Plot its own ticks where it draws two or more', () => {
    // From 1 January: 2025 and 2026.
    expect(timeAxis(months('2025-01-01', 22).map((s) => point(s, 'month', 1)), 240).ticks).toBeUndefined();
    // Apr 2023 to Oct 2026 on a phone: 2024 and 2026.
    expect(timeAxis(months('2023-04-01', 43).map((s) => point(s, 'month', 1)), 240).ticks).toBeUndefined();
    // Wide enough for months: Plot ticks every few months.
    expect(timeAxis(months('2025-02-01', 21).map((s) => point(s, 'month', 1)), 1000).ticks).toBeUndefined();
    expect(xLabels(renderSvg(trendPlot(metric('emergency_admissions_65'), line(months('2023-04-01', 43), 'month'))(300))).length).toBeGreaterThanOrEqual(2);
  });

  it('name quarters by financial year at the ends', () => {
    const quarters = ['2025-04-01', '2025-07-01', '2025-10-01', '2026-01-01', '2026-04-01', '2026-07-01', '2026-10-01'];
    expect(xLabels(renderSvg(trendPlot(metric('falls_65'), line(quarters, 'quarter'))(300)))).toEqual(['Q1 2025-26', 'Q3 2026-27']);
  });
});

describe('the SPC chart’s value range', () => {
  const row = (value: number, lower: number, upper: number, target: number | null = null) => ({ value, lower, upper, mean: (lower + upper) / 2, target });

  it('reaches a fortieth of the range beyond the lowest and highest of points, limits and targets', () => {
    // 80 to 180: 2.5 more each way.
    expect(spcDomain([row(100, 90, 150), row(80, 90, 150), row(180, 90, 150, 120)])).toEqual([77.5, 182.5]);
  });

  it('does not go below 0 for the room when nothing is below 0, but shows a limit that is', () => {
    // 0.5 to 40: 0.9875 more each way, but not below 0.
    expect(spcDomain([row(2, 0.5, 40), row(30, 0.5, 40)])).toEqual([0, 40.9875]);
    expect(spcDomain([row(2, -10, 40), row(30, -10, 40)])).toEqual([-11.25, 41.25]);
  });
});
