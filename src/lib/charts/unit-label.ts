/**
 * The y-axis label (the metric's unit) of a chart `width` px wide, broken into lines that fit it,
 * and the top margin those lines need. Plot draws the label on one line from the left edge and
 * never wraps it: at 320 px "admissions per 100,000 population, age-standardised" ran 30 px past
 * the chart and was cut off by its box, so a phone showed a unit without its end.
 */

/** Plot's 10 px sans-serif is at most 6 px a character on average for these words and digits. */
const CHAR = 6;
/** Plot's own top margin for a y-axis label above the axis, and the height of each further line. */
const MARGIN_TOP = 20;
const LINE = 11;

export function unitLabel(unit: string, width: number): { label: string; marginTop?: number } {
  // Plot puts "↑ " before the first line and starts the label 3 px from the left edge.
  const room = Math.max(10, Math.floor((width - 6) / CHAR));
  const lines: string[] = [];
  let line = '';
  for (const word of unit.split(/\s+/)) {
    const first = lines.length === 0 ? 2 : 0;
    if (line && first + line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.length === 1 ? { label: unit } : { label: lines.join('\n'), marginTop: MARGIN_TOP + LINE * (lines.length - 1) };
}
