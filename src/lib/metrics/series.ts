import type { PeriodType } from '../contract/schema';
import { MONTHS_IN, monthNumber, periodStarts } from '../contract/periods';
import { dobsonInterval, DSR_TOO_FEW, type StandardisedSums } from '../stats/dsr';
import { rateInterval, type RateInterval } from '../stats/intervals';
import { metricValue } from '../stats/rates';
import { compareToBenchmark, type Comparison } from '../stats/significance';
import type { Metric } from '../definitions';
import type { SeriesRow } from './queries';
import type { SpcChart } from '../stats/spc';
import { periodLabel } from '../format';

export interface Point {
  area_code: string;
  period_start: string;
  period_type: PeriodType;
  numerator: number;
  denominator: number | null;
  value: number | null;
  published_value: number | null;
  suppressed: boolean;
  /** From a file uploaded in this browser. */
  local: boolean;
  /** The area's target in force for the period, in the metric's unit (null: none set). */
  target: number | null;
  /** That target was uploaded in this browser. */
  target_local: boolean;
  /**
   * A DSR total's sums over its age bands (stats/dsr.ts), which its value and interval come from;
   * absent for other kinds, and where the bands were not all held (then the value is the source's).
   */
  standardised?: Omit<StandardisedSums, 'count'> | null;
}

export function toPoints(metric: Metric, rows: SeriesRow[]): Point[] {
  return rows.map((r) => {
    const standardised = r.standardised_rate != null && r.standardised_variance != null
      ? { rate: r.standardised_rate, variance: r.standardised_variance } : null;
    return {
      area_code: r.area_code,
      period_start: r.period_start,
      period_type: r.period_type as PeriodType,
      // A suppressed cell is published with no count: 0 here means unknown, as for a source's own suppression.
      numerator: r.numerator ?? 0,
      denominator: r.denominator,
      value: r.suppressed || r.numerator == null ? null : valueOf(metric, r.numerator, r.denominator, r.period_start, r.period_type as PeriodType, r.published_value, standardised),
      published_value: r.published_value ?? null,
      suppressed: !!r.suppressed,
      local: !!r.local,
      target: r.target ?? null,
      target_local: !!r.target_local,
      ...(metric.kind === 'dsr' ? { standardised } : {}),
    };
  });
}

/**
 * A row's value. A DSR total comes from its age-band sums (none below 10 events), or is the
 * rate the source published where the bands are not held (a source that publishes only the DSR,
 * or bands hidden by suppression); every other kind from the counts.
 */
function valueOf(
  metric: Metric, numerator: number, denominator: number | null, start: string, type: PeriodType,
  published: number | null, standardised: Point['standardised'],
): number | null {
  if (metric.kind !== 'dsr') return metricValue(metric, numerator, denominator, start, type);
  if (!standardised) return published;
  return dobsonInterval({ count: numerator, ...standardised }, 0.95, metric.multiplier).value;
}

export function pointsOf(points: Point[], areaCode: string): Point[] {
  return points.filter((p) => p.area_code === areaCode);
}

/**
 * The point's 95% confidence interval on the metric's scale (Byar, Wilson or Dobson, per the
 * catalogue); null where there is none (intervalNote says why).
 */
export function intervalOf(metric: Metric, p: Point, level = 0.95): RateInterval | null {
  if (p.suppressed || p.value == null || metric.ciMethod === 'none') return null;
  if (metric.kind === 'dsr') {
    if (!p.standardised) return null;
    const ci = dobsonInterval({ count: p.numerator, ...p.standardised }, level, metric.multiplier);
    return ci.value === null ? null : { ...ci, method: 'dobson' };
  }
  return rateInterval(metric, p.numerator, p.denominator, p.period_start, p.period_type, level);
}

/**
 * Why a mean per event has no interval when its definition does not say: an interval around a mean
 * needs the spread of the values (a standard deviation), and aggregated returns give only the total
 * and the count.
 */
/**
 * Why a shown point has no interval, in words a page can show (null when it has one, or is
 * suppressed or missing: the suppression label says that). Never names a count.
 */
export function intervalNote(metric: Metric, p: Point): string | null {
  if (p.suppressed) return null;
  // A definition with no interval method must say why (definitions/parse.ts).
  if (metric.ciMethod === 'none') return metric.intervalNote;
  if (metric.kind !== 'dsr') return null;
  if (p.standardised) return p.value === null ? DSR_TOO_FEW : null;
  return p.value === null ? null : 'No confidence interval: the age-band counts behind this rate are not held here, only the rate.';
}

/** Better, similar or worse than a comparator's value, judged on the point's interval. */
export function significance(metric: Metric, p: Point | undefined, comparator: number | null | undefined, level = 0.95): Comparison {
  return p ? compareToBenchmark(intervalOf(metric, p, level), comparator, metric.polarity) : 'not compared';
}

/**
 * A comparator group the user chooses, as one series: numerators and denominators summed per
 * period over the periods where every member reports (a partial sum would mislead); a mean is
 * summed events over summed people, as it should be; a DSR has no value (see below). A period
 * where any member is suppressed is suppressed too, or the hidden count would be the group's
 * total less the members shown.
 */
export function sumSeries(metric: Metric, members: Point[][], areaCode: string): Point[] {
  if (members.length === 0) return [];
  const byPeriod = new Map<string, Point[]>();
  for (const series of members) for (const p of series) byPeriod.set(p.period_start, [...(byPeriod.get(p.period_start) ?? []), p]);
  return [...byPeriod.entries()]
    .filter(([, ps]) => ps.length === members.length && ps.every((p) => p.denominator != null))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([start, ps]) => {
      const numerator = ps.reduce((s, p) => s + p.numerator, 0);
      const denominator = ps.reduce((s, p) => s + p.denominator!, 0);
      const suppressed = ps.some((p) => p.suppressed);
      const type = ps[0]!.period_type;
      return {
        area_code: areaCode, period_start: start, period_type: type, numerator, denominator,
        // A DSR is not a sum of totals: a group's needs the members' age bands, which points do not carry.
        value: suppressed || metric.kind === 'dsr' ? null : metricValue(metric, numerator, denominator, start, type),
        published_value: null, suppressed, local: ps.some((p) => p.local), target: null, target_local: false,
      };
    });
}

/**
 * The series with an empty point at every period missing between its first and last, so a line
 * breaks where data are missing (a change of definition, a gap in collection) instead of joining
 * across it.
 */
export function withGaps(points: Point[]): Point[] {
  if (points.length < 2) return points;
  const { period_start: first, period_type: type } = points[0]!;
  const [from, step, day] = [monthNumber(first), MONTHS_IN[type], first.slice(7)];
  // Usually nothing is missing: the points are then the periods themselves, compared as numbers
  // (no text is made for them).
  if (points.every((p, i) => monthNumber(p.period_start) === from + i * step && p.period_start.slice(7) === day)) return points;
  const byStart = new Map(points.map((p) => [p.period_start, p]));
  return periodStarts(first, points.at(-1)!.period_start, type).map((start) => byStart.get(start) ?? { ...points[0]!, period_start: start, numerator: 0, denominator: null, value: null, published_value: null, suppressed: false, local: false, target: null, target_local: false, standardised: null });
}

/** The points an SPC chart reads, and what it leaves out (spcRun). */
export interface SpcRun {
  points: Point[];
  /** The periods missing just before the run, or null. */
  gap: { from: string; to: string; type: PeriodType } | null;
  /** Indices of `points` whose period does not follow the one before directly (one between is suppressed or has no value). */
  breaks: number[];
}

/**
 * The points an XmR chart reads: those with a value, from the latest run of periods with no period
 * missing (suppressed periods are there, hidden and skipped, and no moving range is taken across
 * them: `breaks`). A moving range is the change from one period to the next; across periods with
 * no figures at all (a published series that stopped, then a data team's own records years later)
 * it would be a change over years, and the limits made of it meaningless.
 */
export function spcRun(points: Point[]): SpcRun {
  let start = 0;
  for (let i = points.length - 1; i > 0; i--) {
    if (follows(points[i - 1]!, points[i]!)) continue;
    start = i;
    break;
  }
  const run = points.slice(start).filter((p) => p.value != null);
  const breaks = run.flatMap((p, i) => (i > 0 && !follows(run[i - 1]!, p) ? [i] : []));
  if (start === 0) return { points: run, gap: null, breaks };
  const [before, after] = [points[start - 1]!, points[start]!];
  const missing = periodStarts(before.period_start, after.period_start, after.period_type).slice(1, -1);
  return { points: run, gap: { from: missing[0]!, to: missing.at(-1)!, type: after.period_type }, breaks };
}

const follows = (before: Point, p: Point) => monthNumber(p.period_start) - monthNumber(before.period_start) <= MONTHS_IN[p.period_type];

/**
 * What an SPC chart read from spcRun leaves out, in words that match what it draws: limits (an XmR
 * chart), or only the values and their mean (a run chart); null where it leaves nothing out.
 */
export function spcGapNote(run: SpcRun, chart: SpcChart): string | null {
  const n = run.breaks.length;
  // Only limits are made of moving ranges: a run chart has none to leave out.
  const ranges = chart.ok && n > 0
    ? `${n === 1 ? 'One moving range is' : `${n} moving ranges are`} left out: ${n === 1 ? 'it' : 'each'} would span a period with no figure shown (suppressed, or no value), not one period to the next.`
    : null;
  if (!run.gap) return ranges;
  const { from, to, type } = run.gap;
  const missing = from === to ? periodLabel(from, type) : `${periodLabel(from, type)} to ${periodLabel(to, type)}`;
  const first = run.points[0];
  if (!chart.ok && !chart.runChart) return `There are no figures for ${missing}${first ? '' : ', and none shown after them'}.`;
  const since = `the periods from ${periodLabel(first!.period_start, type)} only: there are no figures for ${missing}`;
  if (!chart.ok) return `The chart and its mean read ${since}.`;
  return [`The limits read ${since}, and a moving range is the change from one period to the next.`, ranges].filter(Boolean).join(' ');
}
