import * as Plot from '@observablehq/plot';
import { axisFormat, comparedWith, formatInterval, formatValue } from '../format';
import type { Metric } from '../metrics/catalogue';
import type { Comparison } from '../stats/significance';
import { BAR_KEYS, type KeyboardTips } from './keyboard-tips';
import { ENGLAND, FOCUS, PARENT, STYLE, type LineStyle } from './palette';

export interface Bar {
  code: string;
  label: string;
  value: number | null;
  focus: boolean;
  /** 95% confidence interval, when the counts allow one. */
  interval: { lower: number; upper: number } | null;
  /** Against England, judged on the interval. */
  significance: Comparison;
}

/** Fingertips' colours for better / similar / worse than the benchmark, with words in the table. */
export const SIGNIFICANCE_FILL: Record<Comparison, string> = {
  better: '#007f3b',
  similar: '#ffb81c',
  worse: '#d5281b',
  'not compared': '#aeb7bd',
};

/**
 * A sign after each bar's value, so that significance is not told by colour alone (WCAG 1.4.1: red
 * and green look alike to many colour-blind readers); the legend names the signs.
 */
export const SIGNIFICANCE_MARK: Record<Comparison, string> = {
  better: '✓',
  similar: '≈',
  worse: '✗',
  'not compared': '',
};
/** Bar outline: the yellow and grey fills are too pale on white by themselves (WCAG 1.4.11, 3:1). */
const OUTLINE = '#425563';

export interface Reference {
  label: string;
  value: number | null;
  kind: 'england' | 'parent';
}

/** The key to a bar chart's reference lines, each with its value. */
export const referenceLegend = (metric: Metric, refs: Reference[]): { label: string; style: LineStyle }[] =>
  refs.filter((r) => r.value != null).map((r) => ({ label: `${r.label} ${formatValue(metric, r.value)}`, style: r.kind === 'england' ? STYLE.england : STYLE.parent }));

/** The bars that have a value, best first, as the chart draws them. */
const bestFirst = (metric: Metric, bars: Bar[]) =>
  bars.filter((b) => b.value != null).sort((a, b) => (metric.polarity === 'lower' ? a.value! - b.value! : b.value! - a.value!));

/** Each bar for reading from the keyboard: value, interval and significance in words. */
export function barTips(metric: Metric, bars: Bar[]): KeyboardTips {
  return {
    lines: bestFirst(metric, bars).map((b) => ({
      label: b.label,
      points: [{ x: b.value!, y: b.label, text: `${b.label}: ${formatValue(metric, b.value)}${b.interval ? `, 95% CI ${formatInterval(metric, b.interval)}` : ''}${b.significance === 'not compared' ? '' : `; ${comparedWith(b.significance, 'England')}`}` }],
    })),
    intro: BAR_KEYS,
  };
}

/**
 * Areas side by side, best first, each with its 95% interval and coloured by significance against
 * England; England and the ICS are reference lines (named in the legend).
 */
export function barsPlot(metric: Metric, bars: Bar[], references: Reference[]) {
  const sorted = bestFirst(metric, bars);
  const refs = references.filter((r) => r.value != null);
  return (width: number): Plot.PlotOptions => ({
    width,
    height: 44 + 26 * sorted.length,
    // Room for the longest name ("Bury North (Ramsbottom and Tottington)"), within reason.
    marginLeft: Math.min(260, 24 + 5.6 * Math.max(0, ...sorted.map((b) => b.label.length + (b.focus ? 2 : 0)))),
    marginRight: 64,
    x: { grid: true, label: metric.unit, tickFormat: axisFormat(metric) },
    y: { domain: sorted.map((b) => b.label), label: null, tickFormat: (l: string) => (sorted.find((b) => b.label === l)?.focus ? `▶ ${l}` : l) },
    marks: [
      Plot.barX(sorted, { y: 'label', x: 'value', fill: (b: Bar) => SIGNIFICANCE_FILL[b.significance], stroke: (b: Bar) => (b.focus ? FOCUS : OUTLINE), strokeWidth: (b: Bar) => (b.focus ? 3 : 1), insetTop: 3, insetBottom: 3 }),
      Plot.ruleY(sorted.filter((b) => b.interval), { y: 'label', x1: (b: Bar) => b.interval!.lower, x2: (b: Bar) => b.interval!.upper, stroke: '#212b32', strokeWidth: 1.25 }),
      Plot.tickX(sorted.filter((b) => b.interval), { y: 'label', x: (b: Bar) => b.interval!.lower, stroke: '#212b32', insetTop: 8, insetBottom: 8 }),
      Plot.tickX(sorted.filter((b) => b.interval), { y: 'label', x: (b: Bar) => b.interval!.upper, stroke: '#212b32', insetTop: 8, insetBottom: 8 }),
      ...[false, true].map((focus) =>
        Plot.text(sorted.filter((b) => b.focus === focus), { y: 'label', x: (b: Bar) => Math.max(b.value!, b.interval?.upper ?? 0), text: (b: Bar) => `${formatValue(metric, b.value)} ${SIGNIFICANCE_MARK[b.significance]}`.trim(), dx: 4, textAnchor: 'start', fontWeight: focus ? 'bold' : 'normal' }),
      ),
      ...refs.map((r) => Plot.ruleX([r.value], { stroke: r.kind === 'england' ? ENGLAND : PARENT, strokeWidth: 2, strokeDasharray: r.kind === 'england' ? '6 4' : '2 3' })),
    ],
  });
}
