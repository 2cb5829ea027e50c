// What "change" means on every page (overview card, embeds, board pack): the latest period against
// the same period a year earlier — twelve months back for monthly figures, four quarters back for
// quarterly, the previous year for annual ones. A year apart, so a winter month is never set
// against an autumn one (DToC rises every winter) and every period type reads the same way.
// Called better or worse only when the two periods' 95% intervals do not overlap; otherwise the
// difference is within what chance alone gives.
import { formatChange, formatValue, periodLabel } from '../format';
import type { RateInterval } from '../stats/intervals';
import type { Metric } from '../definitions';
import { intervalOf, type Point } from './series';

export type ChangeVerdict = 'better' | 'worse' | 'no significant change';

export interface Change {
  from: Point;
  to: Point;
  /** to − from, on the metric's scale. */
  difference: number;
  verdict: ChangeVerdict;
  intervals: [RateInterval, RateInterval];
}

/** The definition in words, as a label ("Change on a year earlier (Feb 2019)"). */
export const changeLabel = (from: Point) => `Change on a year earlier (${periodLabel(from.period_start, from.period_type)})`;

const yearBefore = (iso: string) => `${Number(iso.slice(0, 4)) - 1}${iso.slice(4)}`;

/** The latest period with a value against the same period a year earlier; null when either is missing. */
export function yearOnYear(metric: Metric, points: Point[]): Change | null {
  const to = points.filter((p) => p.value != null).at(-1);
  if (!to) return null;
  const from = points.find((p) => p.period_type === to.period_type && p.period_start === yearBefore(to.period_start) && p.value != null);
  const [a, b] = from ? [intervalOf(metric, from), intervalOf(metric, to)] : [null, null];
  if (!from || !a || !b) return null;
  const difference = to.value! - from.value!;
  const overlap = a.lower <= b.upper && b.lower <= a.upper;
  const verdict: ChangeVerdict = overlap || difference === 0 ? 'no significant change' : (difference < 0) === (metric.polarity === 'lower') ? 'better' : 'worse';
  return { from, to, difference, verdict, intervals: [a, b] };
}

/** "down 26.3": the size of the change, for a card above changeVerdictText. */
export const changeSize = (metric: Metric, c: Change) =>
  c.difference === 0 ? 'no difference' : `${c.difference < 0 ? 'down' : 'up'} ${formatChange(metric, c.difference)}`;

/** "down 26.3, no significant change". */
export const changeShort = (metric: Metric, c: Change) => `${changeSize(metric, c)}, ${verdictWords(c)}`;

/** "no significant change", "significantly worse". */
export const verdictWords = (c: Change) => (c.verdict === 'no significant change' ? c.verdict : `significantly ${c.verdict}`);

/** Why the verdict: what the two 95% intervals do. */
export const changeReason = (c: Change) => `the 95% intervals ${c.verdict === 'no significant change' ? 'overlap' : 'do not overlap'}`;

/** "down from 167.4 in 2019-20, no significant change (the 95% intervals overlap)", for a sentence. */
export function changeSentence(metric: Metric, c: Change): string {
  const when = periodLabel(c.from.period_start, c.from.period_type);
  const size = c.difference === 0 ? `the same as in ${when}` : `${c.difference < 0 ? 'down' : 'up'} from ${formatValue(metric, c.from.value)} in ${when}`;
  return `${size}, ${verdictWords(c)} (${changeReason(c)})`;
}
