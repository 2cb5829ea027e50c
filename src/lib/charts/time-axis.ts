import type * as Plot from '@observablehq/plot';
import { periodLabel } from '../format';
import { tickStep } from './axis-margin';
import { CHAR, LINE } from './text';

export const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The margin below a time axis: the ticks, then the labels' lines and a little room, two lines for
 * months and quarters ("Apr" over "2023", as Plot writes them), one for financial years ("2023-24").
 */
export const timeAxisMargin = (points: { period_type: string }[]) => Math.ceil(6 + 3 + (points[0]?.period_type === 'financial_year' ? 1 : 2) * LINE + 4);

/** Plot's default spacing of an x axis's ticks (px), from which it chooses how many to draw. */
const TICK_SPACING = 80;
/** Below this many days a tick, Plot ticks months (every 1, 3 or 6); from it, whole years. */
const YEARLY_FROM = 182;
const DAY = 86_400_000;

/** The years Plot ticks on a yearly axis from `first` to `last`: every `step`th 1 January between them. */
function yearTicks(first: Date, last: Date, count: number): number {
  const [from, to] = [first.getUTCFullYear() + (first.getUTCMonth() + first.getUTCDate() > 1 ? 1 : 0), last.getUTCFullYear()];
  const step = Math.max(1, Math.round(tickStep(first.getUTCFullYear(), last.getUTCFullYear() + last.getUTCMonth() / 12, count)));
  let n = 0;
  for (let y = from; y <= to; y++) if (y % step === 0) n++;
  return n;
}

/**
 * The time axis of a series: Plot's own for months and quarters where it draws two or more ticks;
 * financial years named as they are published ("2019-20") at their own start, thinned to fit the
 * width, never as calendar years. On a phone Plot ticks a series of under two years once ("2026"),
 * which does not tell its span: its two ends are labelled instead ("Jan" over "2025", "Oct" over "2026").
 */
export function timeAxis(points: { period_start: string; period_type: string }[], plotWidth: number): Plot.ScaleOptions {
  const type = points[0]?.period_type;
  const starts = [...new Set(points.map((p) => p.period_start))].sort();
  const label = (d: Date) => periodLabel(iso(d), type ?? 'month');
  if (type === 'financial_year') {
    // Labels centred on their years, each ("2025-26") with a gap before the next: the first and
    // last stand half outside the width.
    const every = Math.max(1, Math.ceil(((starts.length - 1) * (7 * CHAR + 8)) / Math.max(1, plotWidth)));
    return { type: 'utc', label: null, ticks: starts.filter((_, i) => (starts.length - 1 - i) % every === 0).map(toDate), tickFormat: label };
  }
  const [first, last] = [toDate(starts[0] ?? '2000-01-01'), toDate(starts.at(-1) ?? '2000-01-01')];
  const count = Math.max(1, plotWidth / TICK_SPACING);
  const yearly = (last.getTime() - first.getTime()) / DAY / count >= YEARLY_FROM;
  if (!yearly || starts.length < 2 || yearTicks(first, last, count) >= 2) return { type: 'utc', label: null };
  return { type: 'utc', label: null, ticks: [first, last], tickFormat: (d: Date) => label(d).replace(' ', '\n') };
}
