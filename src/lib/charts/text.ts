// The size of every chart's text: one design token, used by each chart drawn (live, at build time,
// downloaded and printed) and by the layout sums that make room for the text. Plot's own 10 px was
// too small on a phone and, drawn 700 px wide across an A4 page, 7.5 pt on paper; 12 px is 9 pt in
// the printed board pack, whose charts are drawn at the printed width.
import type * as Plot from '@observablehq/plot';

/** Chart text, in px. */
export const CHART_TEXT = 12;
/** The average width of a character of it (system sans-serif, digits and lower case: at most 0.6 em). */
export const CHAR = CHART_TEXT * 0.6;
/** The average width of a bold character of it: bold glyphs run about a tenth wider. */
export const BOLD_CHAR = CHAR * 1.1;
/** The height of a line of it, as Plot sets multi-line text (1.1 em). */
export const LINE = CHART_TEXT * 1.1;

/** A chart's options with its text at CHART_TEXT (Plot writes font-size="10" on every chart it draws). */
export const withChartText = (options: Plot.PlotOptions): Plot.PlotOptions => ({ ...options, style: { fontSize: `${CHART_TEXT}px` } });

/**
 * Words in lines of at most `width` px at `char` px a character (Plot never wraps an axis label,
 * and wraps other text by its own estimate, which the margins around it cannot know); a word
 * longer than a line has a line to itself. At least ten characters a line.
 */
export function wrapLines(text: string, width: number, char = CHAR): string[] {
  const room = Math.max(10, Math.floor(width / char));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines;
}
