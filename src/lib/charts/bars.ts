import * as Plot from '@observablehq/plot';
import { axisFormat, comparedWith, formatInterval, formatValue } from '../format';
import type { Metric } from '../definitions';
import type { Comparison } from '../stats/significance';
import { benchmarkOf, notComparedReason } from '../metrics/benchmark';
import { BAR_KEYS, type KeyboardTips } from './keyboard-tips';
import { ENGLAND, FOCUS, PARENT, STYLE, type LegendItem } from './palette';
import { BOLD_CHAR, CHAR, LINE, wrapLines } from './text';
import { xUnitLabel } from './unit-label';

export interface Bar {
  code: string;
  label: string;
  value: number | null;
  focus: boolean;
  /** 95% confidence interval, when the counts allow one. */
  interval: { lower: number; upper: number } | null;
  /** Against the comparison's benchmark (England, or the next comparator with a figure: benchmark.ts), judged on the interval. */
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
  /** As the key names its line: "Cheshire and Merseyside ICB (sum of places)". */
  label: string;
  /** As a sentence names it: "Cheshire and Merseyside ICB". */
  name: string;
  value: number | null;
  kind: 'england' | 'parent';
}

/**
 * The key to a bar chart: its reference lines, each with its value, then what the fills and signs
 * after the values mean, naming the comparator the bars were tested against (England, or the first
 * reference line after it with a figure: benchmark.ts). Every comparison chart (overview, hubs
 * ranked, compare embeds) uses it. When no bar could be compared (a measure without intervals, such
 * as average discharge delay, or no comparator with a figure), the bars are all grey: the key says
 * why rather than naming green, amber and red that are not there.
 */
export const barsLegend = (metric: Metric, refs: Reference[], bars: Bar[]): LegendItem[] => [
  ...refs.filter((r) => r.value != null).map((r) => ({ label: `${r.label} ${formatValue(metric, r.value)}`, style: r.kind === 'england' ? STYLE.england : STYLE.parent })),
  ...(bars.some((b) => b.value != null && b.significance !== 'not compared')
    ? (['better', 'similar', 'worse'] as const).map((k) => ({ label: `${SIGNIFICANCE_MARK[k]} ${comparedWith(k, benchmarkOf(refs)!.name)}`, style: { color: SIGNIFICANCE_FILL[k], width: 1 }, kind: 'swatch' as const }))
    : [{ label: notCompared(metric, refs), style: { color: SIGNIFICANCE_FILL['not compared'], width: 1 }, kind: 'swatch' as const }]),
];

/**
 * What a grey bar means, in the legends and the board pack's key: why no bar was tested. A measure
 * without intervals; a period no comparator has a figure for (a data team's own records of 2024-25
 * beside published figures that stop earlier, its ICB not summed for want of a place's); or else
 * bars without intervals of their own (too few events for a DSR).
 */
export function notCompared(metric: Metric, refs: Reference[]): string {
  const against = benchmarkOf(refs)?.name ?? refs[0]?.name ?? 'England';
  if (metric.ciMethod === 'none') return `${notComparedReason(metric, refs, 'this period')}, so not tested against ${against}`;
  return `${notComparedReason(metric, refs, 'this period') ?? 'no 95% interval'}, so not tested${benchmarkOf(refs) ? ` against ${against}` : ''}`;
}

/** The bars that have a value, best first, as the chart draws them. */
const bestFirst = (metric: Metric, bars: Bar[]) =>
  bars.filter((b) => b.value != null).sort((a, b) => (metric.polarity === 'lower' ? a.value! - b.value! : b.value! - a.value!));

/** Each bar for reading from the keyboard: value, interval and significance against `against` (the benchmark's name) in words. */
export function barTips(metric: Metric, bars: Bar[], against: string | undefined): KeyboardTips {
  return {
    lines: bestFirst(metric, bars).map((b) => ({
      label: b.label,
      points: [{ x: b.value!, y: b.label, text: `${b.label}: ${formatValue(metric, b.value)}${b.interval ? `, 95% CI ${formatInterval(metric, b.interval)}` : ''}${b.significance === 'not compared' || !against ? '' : `; ${comparedWith(b.significance, against)}`}` }],
    })),
    intro: BAR_KEYS,
  };
}

/** The height of a bar's row (on screen; the printed pack's are closer). */
const ROW = 26;

/**
 * Areas side by side, best first, each with its 95% interval and coloured by significance against
 * the benchmark (England, or the next reference line with a figure); England and the ICS are
 * reference lines (named in the key).
 *
 * Nothing is drawn over anything else: the values stand in a column of their own right of the bars,
 * and the reference lines are drawn row by row across the bars only. Where the names beside the bars
 * would leave them less than two-thirds of the width (phones, the overview's narrow panels), each
 * name goes on a line of its own above its bar and the bars take the whole width.
 */
export function barsPlot(metric: Metric, bars: Bar[], references: Reference[], rowHeight = ROW) {
  const sorted = bestFirst(metric, bars);
  const refs = references.filter((r) => r.value != null);
  const name = (b: Bar) => (b.focus ? `▶ ${b.label}` : b.label);
  const valueText = (b: Bar) => `${formatValue(metric, b.value)} ${SIGNIFICANCE_MARK[b.significance]}`.trim();
  const longest = (texts: string[]) => Math.max(0, ...texts.map((t) => t.length));
  return (width: number): Plot.PlotOptions => {
    const besideNames = 12 + BOLD_CHAR * longest(sorted.map(name));
    const stacked = besideNames > width / 3;
    // Stacked, each name is on the lines above its bar, across the chart, wrapped to fit it
    // ("Pennines (Littleborough, Milnrow and Wardle)" ran past a 320 px screen), in a strip as tall
    // as the longest name's lines, nearer its own bar than the one above.
    // The edge of the bars then leaves room for half of the axis's first label ("0%"), centred on it.
    const left = stacked ? Math.ceil((CHAR * axisFormat(metric)(0).length) / 2 + 3) : besideNames;
    const nameLines = (b: Bar) => wrapLines(name(b), width - left - 4, b.focus ? BOLD_CHAR : CHAR);
    const strip = stacked ? Math.ceil(Math.max(...sorted.map((b) => nameLines(b).length)) * LINE + 4) : 0;
    const row = rowHeight + strip;
    // Across the bar only, below the name strip; the whiskers and values sit at the bar's middle.
    const bar = { y: 'label', insetTop: strip + 3, insetBottom: 3 } as const;
    const middle = strip / 2;
    // The unit under the axis: on paper and in an embed the bars' lengths are read without a subtitle.
    const unit = xUnitLabel(metric.unit, width);
    return {
      width,
      height: 8 + row * sorted.length + unit.marginBottom,
      marginTop: 8,
      marginBottom: unit.marginBottom,
      marginLeft: left,
      marginRight: 12 + Math.ceil(CHAR * 1.15 * longest(sorted.map(valueText))),
      x: { grid: true, nice: true, label: unit.label, tickFormat: axisFormat(metric) },
      y: { domain: sorted.map((b) => b.label), padding: 0, label: null, axis: stacked ? null : 'left', tickSize: 0, tickFormat: (l: string) => name(sorted.find((b) => b.label === l)!) },
      marks: [
        Plot.barX(sorted, { ...bar, x: 'value', fill: (b: Bar) => SIGNIFICANCE_FILL[b.significance], stroke: (b: Bar) => (b.focus ? FOCUS : OUTLINE), strokeWidth: (b: Bar) => (b.focus ? 3 : 1), className: 'bar-marks' }),
        Plot.ruleY(sorted.filter((b) => b.interval), { y: 'label', dy: middle, x1: (b: Bar) => b.interval!.lower, x2: (b: Bar) => b.interval!.upper, stroke: '#212b32', strokeWidth: 1.25, className: 'bar-intervals' }),
        ...(['lower', 'upper'] as const).map((end) =>
          Plot.tickX(sorted.filter((b) => b.interval), { y: 'label', x: (b: Bar) => b.interval![end], stroke: '#212b32', insetTop: strip + 8, insetBottom: 8, className: 'bar-intervals' }),
        ),
        ...refs.map((r) =>
          Plot.tickX(sorted, { ...bar, insetBottom: 0, x: () => r.value, stroke: r.kind === 'england' ? ENGLAND : PARENT, strokeWidth: 2, strokeDasharray: r.kind === 'england' ? '6 4' : '2 3', className: `bar-reference-${r.kind}` }),
        ),
        // Plot's font weight is one per mark: the area the chart is about gets a bold mark of its own.
        ...[false, true].flatMap((focus) => {
          const these = sorted.filter((b) => b.focus === focus);
          const fontWeight = focus ? 'bold' : 'normal';
          return [
            ...(stacked ? [Plot.text(these, { y: 'label', text: (b: Bar) => nameLines(b).join('\n'), frameAnchor: 'left', textAnchor: 'start', lineAnchor: 'top', dy: -row / 2 + 6, fontWeight, className: 'bar-names' })] : []),
            Plot.text(these, { y: 'label', dy: middle, text: valueText, frameAnchor: 'right', dx: 8, textAnchor: 'start', fontWeight, className: 'bar-values' }),
          ];
        }),
      ],
    };
  };
}
