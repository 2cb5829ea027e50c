import * as Plot from '@observablehq/plot';
import { axisFormat, formatCounts, formatInterval, formatTarget, formatValue, periodLabel } from '../format';
import type { Metric } from '../metrics/catalogue';
import { intervalOf, withGaps, type Point } from '../metrics/series';
import { TARGET_STYLE, type LineStyle } from './palette';

export interface Line {
  key: string;
  label: string;
  style: LineStyle;
  points: Point[];
}

export const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

export function tipText(metric: Metric, label: string, p: Point): string {
  const c = formatCounts(metric, p);
  const counts = p.denominator == null ? c.numerator : `${c.numerator} / ${c.denominator}`;
  const interval = intervalOf(metric, p);
  const ci = interval ? `\n95% CI ${formatInterval(metric, interval)}` : '';
  const target = p.target != null ? `\ntarget ${formatTarget(metric, p)}` : '';
  return `${label}\n${periodLabel(p.period_start, p.period_type)}: ${p.suppressed ? 'suppressed' : formatValue(metric, p.value)}${ci}\n${counts}${target}${p.local ? '\n◇ uploaded in this browser' : ''}`;
}

/** A short level stroke as a symbol: a target marked at its period even where it stands alone. */
const LEVEL = {
  draw(context: CanvasPath, size: number) {
    const half = Math.sqrt(size);
    context.moveTo(-half, 0);
    context.lineTo(half, 0);
  },
};

/**
 * The target in force per period: a level stroke at each period, joined by a stepped line
 * (steps midway between periods) that breaks where no target is set.
 */
export function targetMarks(rows: { date: Date; target: number | null }[]) {
  const style = { stroke: TARGET_STYLE.color, strokeWidth: TARGET_STYLE.width };
  return [
    Plot.line(rows, { x: 'date', y: 'target', curve: 'step', strokeDasharray: TARGET_STYLE.dash, ...style }),
    Plot.dot(rows.filter((r) => r.target != null), { x: 'date', y: 'target', symbol: LEVEL, r: 5, fill: 'none', ...style }),
  ];
}

/** Each line's points for reading from the keyboard. */
export const lineTips = (metric: Metric, lines: { label: string; points: Point[] }[]) =>
  lines.map((l) => ({ label: l.label, points: l.points.map((p) => ({ x: toDate(p.period_start), y: p.value, text: tipText(metric, l.label, p) })) }));

/** A line per area over time, labelled by an HTML legend beside the chart. */
export function trendPlot(metric: Metric, lines: Line[], height = 320) {
  const tips = lines.flatMap((l) => l.points.filter((p) => p.value != null).map((p) => ({ ...p, tip: tipText(metric, l.label, p) })));
  return (width: number): Plot.PlotOptions => ({
    width,
    height,
    marginLeft: 48,
    // Yearly series get a tick a year, not Plot's quarterly ticks.
    x: { type: 'utc', label: null, ticks: lines[0]?.points[0]?.period_type === 'financial_year' ? 'year' : undefined },
    y: { grid: true, zero: true, label: metric.unit, tickFormat: axisFormat(metric) },
    marks: [
      Plot.ruleY([0]),
      ...lines.map((l) =>
        Plot.line(withGaps(l.points), {
          x: (p: Point) => toDate(p.period_start),
          y: 'value',
          stroke: l.style.color,
          strokeWidth: l.style.width,
          strokeDasharray: l.style.dash,
          curve: 'linear',
        }),
      ),
      ...lines.slice(0, 1).map((l) => Plot.dot(l.points, { x: (p: Point) => toDate(p.period_start), y: 'value', r: 2.5, fill: l.style.color })),
      // The target of the area the chart is about.
      ...lines.slice(0, 1).flatMap((l) => targetMarks(withGaps(l.points).map((p) => ({ date: toDate(p.period_start), target: p.target })))),
      // Rows uploaded in this browser: an open diamond, named in the legend and the table.
      ...lines.map((l) => Plot.dot(l.points.filter((p) => p.local), { x: (p: Point) => toDate(p.period_start), y: 'value', symbol: 'diamond', r: 6, stroke: l.style.color, strokeWidth: 2, fill: 'white' })),
      Plot.tip(tips, Plot.pointer({ x: (p: Point) => toDate(p.period_start), y: 'value', title: 'tip' })),
    ],
  });
}
