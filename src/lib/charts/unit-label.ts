/**
 * An axis label (the metric's unit) for a chart `width` px wide, broken into lines that fit it,
 * and the margin those lines need. Plot draws a label on one line and never wraps it: at 320 px
 * "admissions per 100,000 population, age-standardised" ran 30 px past the chart and was cut off
 * by its box, so a phone showed a unit without its end.
 */
import { CHAR, CHART_TEXT, LINE, wrapLines } from './text';

/** The unit's words in lines that fit `width` px, each leaving room for Plot's arrow ("↑ ", " →") and its 3 px from the edge. */
const wrap = (unit: string, width: number) => wrapLines(unit, width - 6 - 2 * CHAR);

/**
 * The y axis's label, above the axis at the top left, and the top margin it needs: Plot starts it
 * 3 px below the top edge, and the top tick's label stands half a line above the top of the plot.
 */
export function unitLabel(unit: string, width: number): { label: string; marginTop: number } {
  const lines = wrap(unit, width);
  return { label: lines.join('\n'), marginTop: Math.ceil(4 + LINE * lines.length + CHART_TEXT / 2) };
}

/**
 * The x axis's label, under the tick labels at the bottom right, and the bottom margin for both:
 * the ticks and their labels (6 + 3 px and a line), then the label's lines, 3 px above the bottom edge.
 */
export function xUnitLabel(unit: string, width: number): { label: string; marginBottom: number } {
  const lines = wrap(unit, width);
  return { label: lines.join('\n'), marginBottom: Math.ceil(6 + 3 + LINE + 4 + LINE * lines.length + 3) };
}
