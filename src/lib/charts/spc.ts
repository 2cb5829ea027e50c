import * as Plot from '@observablehq/plot';
import { axisFormat, formatTarget, formatValue, periodLabel } from '../format';
import type { Metric } from '../definitions';
import type { Point } from '../metrics/series';
import type { PointClass, SpcChart, XmrResult, XmrRunChart } from '../stats/spc';
import type { KeyboardTips } from './keyboard-tips';
import type { LegendItem } from './palette';
import { lazyTitle, targetMarks } from './trend';
import { timeAxis, timeAxisMargin, toDate } from './time-axis';
import { ticksFor, yAxisMargin } from './axis-margin';
import { unitLabel } from './unit-label';

/** Making Data Count colours: blue improvement, orange concern, grey common cause; shapes differ too. */
export const SPC_STYLE: Record<PointClass, { color: string; symbol: string; label: string }> = {
  improvement: { color: '#005eb8', symbol: 'triangle', label: 'Special cause: improvement' },
  concern: { color: '#c05600', symbol: 'diamond', label: 'Special cause: concern' },
  neutral: { color: '#768692', symbol: 'circle', label: 'Common cause' },
};

/** The key to an XmR chart's marks (the target, when there is one, is added by the caller). */
export const SPC_LEGEND: LegendItem[] = [
  ...Object.values(SPC_STYLE).map((s) => ({ label: s.label, symbol: s.symbol === 'triangle' ? '▲' : s.symbol === 'diamond' ? '◆' : '●', kind: 'symbol' as const, style: { color: s.color, width: 0 } })),
  { label: 'Mean', style: { color: '#212b32', width: 1.5 } },
  { label: 'Process limits', style: { color: '#425563', dash: '5 3', width: 1 } },
  { label: 'Two-thirds lines', style: { color: '#768692', dash: '1 3', width: 1 } },
];

/** The key to a run chart's marks: the values and their mean, nothing judged. */
export const RUN_CHART_LEGEND: LegendItem[] = [
  { label: 'Value', symbol: '●', kind: 'symbol', style: { color: SPC_STYLE.neutral.color, width: 0 } },
  { label: 'Mean', style: { color: '#212b32', width: 1.5 } },
];

/** The key to what spcPlot draws for the chart. */
export const spcLegend = (chart: SpcChart) => (chart.ok ? SPC_LEGEND : RUN_CHART_LEGEND);

/** A run chart's points: each value about the mean, with no limits and no signal. */
const runChartPoints = (points: Point[], mean: number) =>
  points.map((p, index) => ({ index, value: p.value!, segment: 0, mean, classification: 'neutral' as PointClass, text: '', upper: null, lower: null }));

/** The chart's rows: each point's SPC result (limits null on a run chart) with its date, label and target. */
export const spcRows = (points: Point[], result: Drawn) =>
  (result.ok ? result.points : runChartPoints(points, result.runChart.mean)).map((p, i) => ({
    ...p,
    date: toDate(points[i]!.period_start),
    period: periodLabel(points[i]!.period_start, points[i]!.period_type),
    target: points[i]!.target,
    target_local: points[i]!.target_local,
  }));
type SpcRow = ReturnType<typeof spcRows>[number];
/** An XmR chart, or a run chart of a series too short for limits. */
type Drawn = XmrResult | XmrRunChart;

const spcTip = (metric: Metric, r: SpcRow) =>
  `${r.period}: ${formatValue(metric, r.value)}${r.target != null ? `, target ${formatTarget(metric, r)}` : ''}\nmean ${formatValue(metric, r.mean)}` +
  (r.upper != null && r.lower != null ? `, limits ${formatValue(metric, r.lower)} to ${formatValue(metric, r.upper)}\n${r.text}` : '');

/** The series for reading from the keyboard: value, target, limits and signal per period. */
export function spcTips(metric: Metric, label: string, points: Point[], result: Drawn): KeyboardTips {
  return {
    // A period's words are worked out when a key reaches it, as for the trend's lines.
    lines: [{ label, points: spcRows(points, result).map((r) => ({ x: r.date, y: r.value, get text() { return spcTip(metric, r); } })) }],
    intro: 'Use the left and right arrow keys to read each period.',
  };
}

/**
 * An XmR chart: the series, its mean, process limits and two-thirds lines, signals marked, and the
 * target in force; or, for a run chart, the series, its mean and the target alone.
 */
export function spcPlot(metric: Metric, points: Point[], result: Drawn) {
  const rows = spcRows(points, result);
  // Lines step at each recalculation, and break between segments rather than join across them.
  const line = (y: 'mean' | 'upper' | 'lower' | 'upperTwoThirds' | 'lowerTwoThirds', stroke: string, strokeDasharray?: string, strokeWidth = 1) =>
    Plot.line(rows, { x: 'date', y, z: 'segment', curve: 'step-after', stroke, strokeDasharray, strokeWidth });
  const [lo, hi] = spcDomain(rows);
  const height = 340;
  const marginBottom = timeAxisMargin(points);
  return (width: number): Plot.PlotOptions => {
    const unit = unitLabel(metric.unit, width);
    const marginLeft = yAxisMargin(axisFormat(metric), lo, hi, ticksFor(height - unit.marginTop - marginBottom));
    return {
      width,
      height,
      marginLeft,
      marginBottom,
      // Inset, so the first and last points (up to 10 px across) are drawn whole inside the frame.
      x: { ...timeAxis(points, width - marginLeft - 20), inset: 8 },
      marginTop: unit.marginTop,
      // Inset too, so that no point stands on the time axis or against the unit above.
      y: { grid: true, domain: [lo, hi], nice: true, inset: 6, label: unit.label, tickFormat: axisFormat(metric) },
      marks: [
        ...(result.ok
          ? [
              line('upper', '#425563', '5 3'),
              line('lower', '#425563', '5 3'),
              // Grey at 3.75:1 on white (WCAG 1.4.11); dotted, unlike the solid line of the values.
              line('upperTwoThirds', '#768692', '1 3'),
              line('lowerTwoThirds', '#768692', '1 3'),
            ]
          : []),
        line('mean', '#212b32', undefined, 1.5),
        ...targetMarks(rows),
        Plot.line(rows, { x: 'date', y: 'value', stroke: '#768692', strokeWidth: 1.25 }),
        Plot.dot(rows, {
          x: 'date',
          y: 'value',
          r: (r: SpcRow) => (r.classification === 'neutral' ? 3 : 5),
          fill: (r: SpcRow) => SPC_STYLE[r.classification].color,
          symbol: (r: SpcRow) => SPC_STYLE[r.classification].symbol,
        }),
        Plot.tip(rows, Plot.pointerX({ x: 'date', y: 'value', ...lazyTitle((r: SpcRow) => spcTip(metric, r), width) })),
      ],
      symbol: { type: 'identity' },
      color: { type: 'identity' },
    };
  };
}

/**
 * The SPC chart's value range: every point, limit, line and target, with a fortieth of the range
 * again above and below (Plot then makes it nice, and insets it by a point's size), so that the
 * highest and lowest points stand clear of the chart's edges (the extremes were the domain's ends:
 * a point beyond the limits was drawn across the time axis). A range none of whose values or
 * limits is below 0 is not taken below 0 for the room.
 */
export function spcDomain(rows: { value: number; upper: number | null; lower: number | null; mean: number; target: number | null }[]): [number, number] {
  const all = rows.flatMap((r) => [r.value, r.upper, r.lower, r.mean, r.target]).filter((v): v is number => v != null && Number.isFinite(v));
  if (all.length === 0) return [0, 1];
  const [min, max] = [Math.min(...all), Math.max(...all)];
  const room = (max - min || Math.abs(max) || 1) / 40;
  return [min >= 0 ? Math.max(0, min - room) : min - room, max + room];
}
