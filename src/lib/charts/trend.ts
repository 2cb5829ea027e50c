import * as Plot from '@observablehq/plot';
import { axisFormat, formatCounts, formatInterval, formatTarget, formatValue, periodLabel } from '../format';
import type { Metric } from '../definitions';
import { intervalOf, withGaps, type Point } from '../metrics/series';
import { TARGET_STYLE, type LineStyle } from './palette';
import { unitLabel } from './unit-label';
import { ticksFor, yAxisMargin } from './axis-margin';
import { CHART_TEXT } from './text';
import { timeAxis, timeAxisMargin, toDate } from './time-axis';

export interface Line {
  key: string;
  label: string;
  style: LineStyle;
  points: Point[];
}


export function tipText(metric: Metric, label: string, p: Point): string {
  const c = formatCounts(metric, p);
  const counts = p.denominator == null ? c.numerator : `${c.numerator} / ${c.denominator}`;
  const interval = intervalOf(metric, p);
  const ci = interval ? `\n95% CI ${formatInterval(metric, interval)}` : '';
  const target = p.target != null ? `\ntarget ${formatTarget(metric, p)}` : '';
  return `${label}\n${periodLabel(p.period_start, p.period_type)}: ${p.suppressed ? 'suppressed' : formatValue(metric, p.value)}${ci}\n${counts}${target}${p.local ? '\n◇ uploaded in this browser' : ''}`;
}

/**
 * A short level stroke as a symbol, from the point rightwards (a target holds from its period's
 * start to the next's) or, at the last point, leftwards, so that no target runs past the data.
 */
const level = (direction: 1 | -1) => ({
  draw(context: CanvasPath, size: number) {
    context.moveTo(0, 0);
    context.lineTo(direction * Math.sqrt(size), 0);
  },
});

/**
 * The target in force per period: a level stroke at each period (so a target shows even where it
 * stands alone), joined by a line that steps where a new target starts, at that period's own point
 * (a financial year's target from April, not midway between years), and breaks where none is set.
 */
export function targetMarks(rows: { date: Date; target: number | null }[]) {
  const style = { stroke: TARGET_STYLE.color, strokeWidth: TARGET_STYLE.width, className: 'target' };
  const last = rows.at(-1);
  const stroke = (these: typeof rows, direction: 1 | -1) => Plot.dot(these.filter((r) => r.target != null), { x: 'date', y: 'target', symbol: level(direction), r: 5, fill: 'none', ...style });
  return [
    Plot.line(rows, { x: 'date', y: 'target', curve: 'step-after', strokeDasharray: TARGET_STYLE.dash, ...style }),
    stroke(rows.slice(0, -1), 1),
    stroke(last ? [last] : [], -1),
  ];
}

/**
 * Each line's points for reading from the keyboard. A point's words are worked out when a key
 * reaches it: every change of view made them for every point of every line, read or not.
 */
export const lineTips = (metric: Metric, lines: { label: string; points: Point[] }[]) =>
  lines.map((l) => ({
    label: l.label,
    points: l.points.map((p) => ({
      x: toDate(p.period_start),
      y: p.value,
      get text() {
        return tipText(metric, l.label, p);
      },
    })),
  }));

/**
 * Tooltip options whose words are worked out for the point hovered only: given as a title
 * channel, Plot works out every point's words at each drawing, hovered or not (hundreds of
 * intervals and dates per change of view). Lines wrap so that the tip fits beside any point of a
 * chart (or facet) `width` px wide: Plot puts it on the side with more room only when it fits
 * there, and otherwise to the left, off the screen on a phone (the SPC chart's tips, 20 ems wide,
 * ran 100 px past the edge of a 320 px screen).
 */
export const lazyTitle = <T>(text: (d: T) => string, width: number) => ({
  title: (d: T) => d,
  format: { title: text },
  // Half the width, less the tip's pointer and padding (about 46 px), in ems of its text.
  lineWidth: Math.max(6, Math.min(20, (width / 2 - 46) / CHART_TEXT)),
});

const SVG = 'http://www.w3.org/2000/svg';

/**
 * A line's points as dots of radius `r` px, drawn by the line itself (an SVG marker at each
 * point, a lone point between gaps included): one element per line rather than a circle per point,
 * which on the metric page were a third of its SVG elements to style and paint at each change of view.
 */
export const dotMarker = (r: number) => (color: string, context: { document: Document }) => {
  const marker = context.document.createElementNS(SVG, 'marker');
  const attrs = { viewBox: `${-r} ${-r} ${2 * r} ${2 * r}`, markerUnits: 'userSpaceOnUse', markerWidth: 2 * r, markerHeight: 2 * r, fill: color, stroke: 'none' };
  for (const [name, value] of Object.entries(attrs)) marker.setAttribute(name, String(value));
  const dot = context.document.createElementNS(SVG, 'circle');
  dot.setAttribute('r', String(r));
  marker.append(dot);
  return marker;
};

/** A short level stroke across the point, both ways: a line's swatch, as the legend draws it. */
const swatch = {
  draw(context: CanvasPath, size: number) {
    const half = Math.sqrt(size);
    context.moveTo(-half, 0);
    context.lineTo(half, 0);
  },
};

/** A line's values that no neighbour joins (one period alone, or between gaps): a line draws nothing of them. */
export function lonePoints<P extends { value: number | null }>(gapped: P[]): P[] {
  return gapped.filter((p, i) => p.value != null && gapped[i - 1]?.value == null && gapped[i + 1]?.value == null);
}

/**
 * The lone values (lonePoints) of the area a chart is about, each a dot larger than its line's
 * markers: a data team's first year of records is one value a panel, and a 2 px marker alone read
 * as an empty chart.
 */
export function loneDots<P extends { value: number | null }>(lone: P[], color: string, channels: Plot.DotOptions) {
  return Plot.dot(lone, { ...channels, y: 'value', r: 4.5, fill: color, stroke: 'white', strokeWidth: 1 });
}

/**
 * A comparison line's lone values (lonePoints), each drawn as the line's swatch across the point:
 * England's single year of a measure published once was in the legend and nowhere in the chart.
 * (The area the chart is about has a dot at every value.)
 */
export function swatchDots<P extends { value: number | null }>(lone: P[], style: LineStyle, channels: Plot.DotOptions) {
  return Plot.dot(lone, { ...channels, y: 'value', symbol: swatch, r: 5, fill: 'none', stroke: style.color, strokeWidth: style.width, strokeDasharray: style.dash });
}

/** A line per area over time, labelled by an HTML legend beside the chart. */
export function trendPlot(metric: Metric, lines: Line[], height = 320) {
  const tips = lines.flatMap((l) => l.points.filter((p) => p.value != null).map((p) => ({ ...p, line: l.label })));
  const highest = Math.max(0, ...lines.flatMap((l) => l.points.flatMap((p) => [p.value ?? 0, p.target ?? 0])));
  const marginBottom = timeAxisMargin(lines.flatMap((l) => l.points));
  return (width: number): Plot.PlotOptions => {
    const unit = unitLabel(metric.unit, width);
    const marginLeft = yAxisMargin(axisFormat(metric), 0, highest, ticksFor(height - unit.marginTop - marginBottom));
    return {
      width,
      height,
      marginLeft,
      marginTop: unit.marginTop,
      marginBottom,
      x: { ...timeAxis(lines.flatMap((l) => l.points), width - marginLeft - 20), inset: 8 },
      // Nice: the highest value under a labelled gridline, not above the last one.
      y: { grid: true, zero: true, nice: true, label: unit.label, tickFormat: axisFormat(metric) },
      marks: [
        Plot.ruleY([0]),
        // The area the chart is about has a dot at each period.
        ...lines.flatMap((l, i) => {
          const gapped = withGaps(l.points);
          const x = (p: Point) => toDate(p.period_start);
          const line = Plot.line(gapped, { x, y: 'value', stroke: l.style.color, strokeWidth: l.style.width, strokeDasharray: l.style.dash, curve: 'linear', marker: i === 0 ? dotMarker(2.5) : undefined });
          return [line, i === 0 ? loneDots(lonePoints(gapped), l.style.color, { x }) : swatchDots(lonePoints(gapped), l.style, { x })];
        }),
        // The target of the area the chart is about.
        ...lines.slice(0, 1).flatMap((l) => targetMarks(withGaps(l.points).map((p) => ({ date: toDate(p.period_start), target: p.target })))),
        // Rows uploaded in this browser: an open diamond, named in the legend and the table.
        ...lines.map((l) => Plot.dot(l.points.filter((p) => p.local), { x: (p: Point) => toDate(p.period_start), y: 'value', symbol: 'diamond', r: 6, stroke: l.style.color, strokeWidth: 2, fill: 'white' })),
        Plot.tip(tips, Plot.pointer({ x: (p: Point) => toDate(p.period_start), y: 'value', ...lazyTitle((p: (typeof tips)[number]) => tipText(metric, p.line, p), width) })),
      ],
    };
  };
}
