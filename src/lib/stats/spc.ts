import type { Metric } from '../definitions';

export type Polarity = Metric['polarity'];
/**
 * In order of precedence: a point flagged by several rules is labelled, and its direction decided,
 * by the first. NHSRplotthedots ranks them so: a trend names its points' direction before a
 * shift does (a fall that starts above the mean is a fall), then two of three, then a shift.
 */
export const SPC_RULES = ['outside limits', 'trend', 'two of three', 'shift'] as const;
export type SpcRule = (typeof SPC_RULES)[number];
export type Direction = 'high' | 'low';
export type PointClass = 'improvement' | 'concern' | 'neutral';
export type VariationIcon =
  | 'common cause'
  | 'special cause improvement (high)'
  | 'special cause improvement (low)'
  | 'special cause concern (high)'
  | 'special cause concern (low)';
/** Making Data Count's three assurance icons: consistently passing, consistently failing, hit and miss. */
export type AssuranceIcon = 'pass' | 'fail' | 'hit and miss';

export interface Assurance {
  icon: AssuranceIcon;
  /** The icon's meaning in Making Data Count's words, e.g. "Hit and miss". */
  label: string;
  /** Why, in one sentence: where the process limits lie against the target. */
  text: string;
}

export interface XmrOptions {
  polarity: Polarity;
  /** Indices where the user restarts the limits; each segment's limits come from its own points. */
  baselines?: number[];
  /** Compute each segment's limits from its first n points only, then hold them. */
  baselineLength?: number;
  /** Points in a row on one side of the mean for a shift, and rising or falling for a trend. */
  runLength?: number;
  /** Overrides runLength for trends only. */
  trendLength?: number;
  target?: number | null;
  /**
   * The values the measure can take (a percentage's [0, 100], a rate's [0, ∞)): limits past them
   * are drawn and judged at them (clipLimits).
   */
  range?: readonly [number, number];
  /**
   * Indices whose point does not follow the one before it directly: a period between them is
   * suppressed or has no value. No moving range is taken across one (it would be a change over two
   * periods or more, not from one period to the next).
   */
  breaks?: readonly number[];
}

export interface XmrLimits {
  mean: number;
  averageMovingRange: number;
  upper: number;
  lower: number;
  upperTwoThirds: number;
  lowerTwoThirds: number;
}

export interface XmrSegment extends XmrLimits {
  /** First index of the segment and the index after its last. */
  start: number;
  end: number;
  /** How many points the limits were computed from. */
  limitPoints: number;
  /** The average moving range before screening. */
  initialAverageMovingRange: number;
  /** Indices whose moving range (from the point before) was ≥ 3.267 × the initial average. */
  screenedOut: number[];
  /** The limits as computed, where they lay past the measure's range (null where not). */
  clipped: { upper: number | null; lower: number | null };
}

export interface XmrPoint extends XmrLimits {
  index: number;
  value: number;
  segment: number;
  movingRange: number | null;
  /** Every rule the point is part of, in precedence order. */
  rules: SpcRule[];
  rule: SpcRule | null;
  direction: Direction | null;
  classification: PointClass;
  text: string;
}

export interface XmrResult {
  ok: true;
  runChart?: undefined;
  points: XmrPoint[];
  segments: XmrSegment[];
  shiftLength: number;
  trendLength: number;
  variation: { icon: VariationIcon; text: string };
  assurance: Assurance | null;
  warning: string | null;
}

export interface XmrNotComputed {
  ok: false;
  runChart?: undefined;
  reason: string;
}

/** Too few points for limits: the values are drawn about their mean, with no limits, rules or icons. */
export interface XmrRunChart {
  ok: false;
  runChart: { mean: number };
  reason: string;
}

/** What Making Data Count draws for a series: an XmR chart, a run chart, or nothing (with why). */
export type SpcChart = XmrResult | XmrRunChart | XmrNotComputed;

const LIMIT = 2.66;
const SCREEN = 3.267;
const RELIABLE_POINTS = 12;
/**
 * The points a series needs before Making Data Count draws process limits, applies the special-cause
 * rules and gives variation and assurance icons; below it Making Data Count's own SPC tool (NHS
 * England's "SPC charts SQL query" v2.4) shows a run chart "with SPC elements removed": its
 * @SettingMinimumPoints, 15 by default, counted over the whole chart. A segment after a
 * recalculation is warned of below 12 (its @SettingMinimumPointsPartition: RELIABLE_POINTS here).
 */
export const MIN_SPC_POINTS = 15;

/**
 * Making Data Count's chart of a series: an XmR chart from MIN_SPC_POINTS points, a run chart of the
 * values about their mean below that (with why, in words), nothing for no points.
 */
export function spcChart(values: readonly number[], options: XmrOptions): SpcChart {
  if (values.length >= MIN_SPC_POINTS) return xmr(values, options);
  const bad = unvalued(values);
  if (bad) return { ok: false, reason: bad };
  const from = `Making Data Count draws process limits and applies the special-cause rules from ${MIN_SPC_POINTS} points`;
  // One point has no change over time to chart: the trend shows it.
  if (values.length < 2) return { ok: false, reason: `${values.length === 1 ? 'Only 1 point' : 'No points'}, so nothing to chart over time (${from}).` };
  return {
    ok: false,
    runChart: { mean: average(values) },
    reason: `Only ${values.length} points: ${from}, so this is a run chart of the values about their mean, with no verdict on variation or assurance.`,
  };
}

/**
 * An NHS "Making Data Count" XmR chart of a series: limits per segment, the four special-cause
 * rules, and the variation and assurance icons. Not computed (with the reason) when the series
 * cannot give limits.
 * It reads values only, never counts, so every kind of metric is treated alike, as Making Data
 * Count treats any continuous measure: a rate, a percentage, a mean per event (average discharge
 * delay) and a directly standardised rate are each charted as XmR on the values shown. A period
 * with no value (suppressed, or a DSR from fewer than 10 events) is left out by the callers, who
 * mark the point after it in `breaks`: the moving ranges are of consecutive periods only, while
 * the mean and the rules read every value shown.
 */
export function xmr(values: readonly number[], options: XmrOptions): XmrResult | XmrNotComputed {
  const shiftLength = options.runLength ?? 7;
  const trendLength = options.trendLength ?? shiftLength;
  const invalid = validate(values, options, shiftLength, trendLength);
  if (invalid) return { ok: false, reason: invalid };

  const starts = [...new Set([0, ...(options.baselines ?? [])])].sort((a, b) => a - b);
  const segments = starts.map((start, i) =>
    segmentLimits(values, start, starts[i + 1] ?? values.length, options),
  );
  const flags = values.map(() => ({ rules: new Set<SpcRule>(), direction: new Map<SpcRule, Direction>() }));
  const flag = (i: number, rule: SpcRule, direction: Direction) => {
    const f = flags[i]!;
    f.rules.add(rule);
    // Only a trend can flag a point twice (a peak or trough ends one and starts the next); runs
    // are found in order, so the trend it starts names it, as NHSRplotthedots has it.
    f.direction.set(rule, direction);
  };
  for (const s of segments) flagSegment(values, s, shiftLength, trendLength, flag);

  const points = values.map((value, index): XmrPoint => {
    const segment = segments.findLastIndex((s) => s.start <= index);
    const s = segments[segment]!;
    const rules = SPC_RULES.filter((r) => flags[index]!.rules.has(r));
    const rule = rules[0] ?? null;
    const direction = rule ? flags[index]!.direction.get(rule)! : null;
    const classification: PointClass = !direction
      ? 'neutral'
      : isGood(direction, options.polarity)
        ? 'improvement'
        : 'concern';
    return {
      index,
      value,
      segment,
      movingRange: index > s.start && !options.breaks?.includes(index) ? Math.abs(value - values[index - 1]!) : null,
      mean: s.mean,
      averageMovingRange: s.averageMovingRange,
      upper: s.upper,
      lower: s.lower,
      upperTwoThirds: s.upperTwoThirds,
      lowerTwoThirds: s.lowerTwoThirds,
      rules,
      rule,
      direction,
      classification,
      text: pointText(rule, direction, classification, shiftLength, trendLength),
    };
  });

  const last = points[points.length - 1]!;
  return {
    ok: true,
    points,
    segments,
    shiftLength,
    trendLength,
    variation: variationIcon(last, options.polarity),
    assurance: assuranceIcon(last, options.target, options.polarity),
    warning: shortWarning(segments),
  };
}

function validate(values: readonly number[], o: XmrOptions, shiftLength: number, trendLength: number): string | null {
  if (values.length < 2) {
    return `Process limits need at least 2 points; this series has ${values.length}.`;
  }
  const bad = unvalued(values);
  if (bad) return bad;
  for (const [name, n] of [['run length', shiftLength], ['trend length', trendLength]] as const) {
    if (!Number.isInteger(n) || n < 2) return `The ${name} must be a whole number of at least 2, not ${n}.`;
  }
  if (o.baselineLength !== undefined && (!Number.isInteger(o.baselineLength) || o.baselineLength < 2)) {
    return `Limits need a baseline of at least 2 points, not ${o.baselineLength}.`;
  }
  for (const b of o.baselines ?? []) {
    if (!Number.isInteger(b) || b < 0 || b >= values.length) {
      return `There is no point ${b + 1} to restart the limits at.`;
    }
  }
  const lost = (o.breaks ?? []).find((b) => !Number.isInteger(b) || b < 1 || b >= values.length);
  if (lost !== undefined) return `There is no point ${lost + 1} after a period without a value.`;
  const cuts = [...new Set([0, ...(o.baselines ?? []), values.length])].sort((a, b) => a - b);
  for (let i = 1; i < cuts.length; i++) {
    if (cuts[i]! - cuts[i - 1]! < 2) {
      const point = cuts[i - 1]! + 1;
      return `Limits from a single point (point ${point}) cannot be computed: each baseline needs at least 2 points.`;
    }
    const limitEnd = Math.min(cuts[i]!, cuts[i - 1]! + (o.baselineLength ?? Infinity));
    if (consecutiveRanges(cuts[i - 1]!, limitEnd, o.breaks).length === 0) {
      return `Points ${cuts[i - 1]! + 1}–${limitEnd} have no two consecutive periods, so no moving range to compute limits from.`;
    }
  }
  return null;
}

function unvalued(values: readonly number[]): string | null {
  const bad = values.findIndex((v) => !Number.isFinite(v));
  return bad >= 0 ? `Point ${bad + 1} has no value, so the series cannot be charted as one process.` : null;
}

/** The indices in [start, end) with a moving range: after the first, and not after a break. */
const consecutiveRanges = (start: number, end: number, breaks: readonly number[] = []) =>
  Array.from({ length: Math.max(0, end - start - 1) }, (_, i) => start + i + 1).filter((i) => !breaks.includes(i));

function segmentLimits(values: readonly number[], start: number, end: number, o: XmrOptions): XmrSegment {
  const limitPoints = Math.min(end - start, o.baselineLength ?? Infinity);
  const mean = average(values.slice(start, start + limitPoints));
  const at = consecutiveRanges(start, start + limitPoints, o.breaks);
  const ranges = at.map((i) => Math.abs(values[i]! - values[i - 1]!));
  const initialAverageMovingRange = average(ranges);
  // Screening once keeps a single large jump from inflating the limits that should expose it.
  const cut = SCREEN * initialAverageMovingRange;
  const screenedOut = initialAverageMovingRange > 0 ? at.filter((_, k) => ranges[k]! >= cut) : [];
  const kept = initialAverageMovingRange > 0 ? ranges.filter((r) => r < cut) : ranges;
  const averageMovingRange = average(kept);
  const width = LIMIT * averageMovingRange;
  const limits = { mean, averageMovingRange, upper: mean + width, lower: mean - width, upperTwoThirds: mean + (2 / 3) * width, lowerTwoThirds: mean - (2 / 3) * width };
  return { start, end, limitPoints, initialAverageMovingRange, screenedOut, ...(o.range ? clipLimits(limits, o.range) : { ...limits, clipped: { upper: null, lower: null } }) };
}

/**
 * XmR limits held to the values a measure can take: mean ± 2.66 × the average moving range knows
 * nothing of a percentage's 100 or a rate's 0, and an upper limit of 104% reads as if 102% could
 * happen. Each limit and two-thirds line past a bound is put at the bound, and the limit as
 * computed is kept to be said in words. The rules then read the held limits; for values inside the
 * range they flag the same points (no value lies beyond a bound, and the rules' comparisons are
 * strict), and the assurance of a target inside the range is the same too.
 */
export function clipLimits(limits: XmrLimits, [min, max]: readonly [number, number]): XmrLimits & { clipped: { upper: number | null; lower: number | null } } {
  const hold = (v: number) => Math.min(max, Math.max(min, v));
  return {
    ...limits,
    upper: hold(limits.upper),
    lower: hold(limits.lower),
    upperTwoThirds: hold(limits.upperTwoThirds),
    lowerTwoThirds: hold(limits.lowerTwoThirds),
    clipped: { upper: limits.upper > max ? limits.upper : null, lower: limits.lower < min ? limits.lower : null },
  };
}

function flagSegment(
  values: readonly number[],
  s: XmrSegment,
  shiftLength: number,
  trendLength: number,
  flag: (i: number, rule: SpcRule, direction: Direction) => void,
): void {
  const side = (i: number) => Math.sign(values[i]! - s.mean);
  const dir = (sign: number): Direction => (sign > 0 ? 'high' : 'low');

  for (let i = s.start; i < s.end; i++) {
    const v = values[i]!;
    if (v > s.upper || v < s.lower) flag(i, 'outside limits', dir(v - s.mean));
  }

  // A point exactly on the mean has side 0 and so breaks any run.
  markRuns(s.start, s.end, side, shiftLength, (from, to, sign) => {
    for (let i = from; i <= to; i++) flag(i, 'shift', dir(sign));
  });

  // Each step is signed by its change from the previous point; a tie (0) breaks the run.
  // N points rising make N − 1 rising steps, and the run includes the point it rose from.
  const step = (i: number) => Math.sign(values[i]! - values[i - 1]!);
  markRuns(s.start + 1, s.end, step, trendLength - 1, (from, to, sign) => {
    for (let i = from - 1; i <= to; i++) flag(i, 'trend', dir(sign));
  });

  // Two of three in a row between a two-thirds line and its limit, with all three on that side of
  // the mean (as Making Data Count and NHSRplotthedots have it); only those two are flagged. A point
  // beyond the limit is a special cause of its own and does not count towards this rule.
  const close = (i: number) => {
    const v = values[i]!;
    return (v > s.upperTwoThirds && v <= s.upper) || (v < s.lowerTwoThirds && v >= s.lower);
  };
  for (let i = s.start; i + 2 < s.end; i++) {
    const window = [i, i + 1, i + 2];
    const sign = side(i);
    if (sign === 0 || window.some((j) => side(j) !== sign)) continue;
    const out = window.filter(close);
    if (out.length >= 2) for (const j of out) flag(j, 'two of three', dir(sign));
  }
}

/** Calls back for each maximal run of at least `length` equal, non-zero signs in [from, to). */
function markRuns(
  from: number,
  to: number,
  sign: (i: number) => number,
  length: number,
  mark: (first: number, last: number, sign: number) => void,
): void {
  let runStart = from;
  for (let i = from; i <= to; i++) {
    if (i < to && i > runStart && sign(i) === sign(runStart)) continue;
    if (i > runStart && sign(runStart) !== 0 && i - runStart >= length) mark(runStart, i - 1, sign(runStart));
    runStart = i;
  }
}

function average(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function isGood(direction: Direction, polarity: Polarity): boolean {
  return (direction === 'high') === (polarity === 'higher');
}

function ruleText(rule: SpcRule, direction: Direction, shiftLength: number, trendLength: number): string {
  const high = direction === 'high';
  switch (rule) {
    case 'outside limits':
      return high ? 'above the upper process limit' : 'below the lower process limit';
    case 'shift':
      return `part of a run of ${shiftLength} or more points ${high ? 'above' : 'below'} the average`;
    case 'trend':
      return `part of ${trendLength} or more points in a row ${high ? 'rising' : 'falling'}`;
    case 'two of three':
      return `one of 2 in 3 points in a row close to the ${high ? 'upper' : 'lower'} process limit`;
  }
}

function pointText(
  rule: SpcRule | null,
  direction: Direction | null,
  classification: PointClass,
  shiftLength: number,
  trendLength: number,
): string {
  if (!rule || !direction) return 'Common cause: within the variation expected from this process.';
  const nature = classification === 'improvement' ? 'improving' : 'concerning';
  return `Special cause of ${nature} nature: ${ruleText(rule, direction, shiftLength, trendLength)}.`;
}

// The variation icon reads the latest point, as the Making Data Count icons do: special cause
// there (alone, or as the latest of a run or trend) shows improvement or concern, high or low by
// the direction of its highest-precedence rule; anything else is common cause.
function variationIcon(last: XmrPoint, polarity: Polarity): { icon: VariationIcon; text: string } {
  if (!last.rule || !last.direction) {
    return {
      icon: 'common cause',
      text:
        'Common cause variation: the latest point shows no significant change; ' +
        'the process varies as it has in the past.',
    };
  }
  const kind = last.classification === 'improvement' ? 'improvement' : 'concern';
  const better = polarity === 'higher' ? 'higher' : 'lower';
  return {
    icon: `special cause ${kind} (${last.direction})`,
    text:
      `Special cause variation of ${kind === 'improvement' ? 'an improving' : 'a concerning'} nature: ` +
      `the latest point is significantly ${last.direction === 'high' ? 'higher' : 'lower'}, and ${better} is better.`,
  };
}

// Judged on the limits in force at the latest point, i.e. the latest baseline. The labels and
// sentences are Making Data Count's own ("The system may achieve or fail the target subject to
// random variation"), so a grey icon reads as chance, never as a doubt about the data.
export const ASSURANCE_LABEL: Record<AssuranceIcon, string> = {
  pass: 'Consistently passing the target',
  fail: 'Consistently failing the target',
  'hit and miss': 'Hit and miss',
};

function assuranceIcon(last: XmrPoint, target: number | null | undefined, polarity: Polarity): Assurance | null {
  if (target == null || !Number.isFinite(target)) return null;
  const side = target > last.upper ? 'above' : target < last.lower ? 'below' : null;
  if (!side) {
    return {
      icon: 'hit and miss',
      label: ASSURANCE_LABEL['hit and miss'],
      text: 'The target lies within the process limits, so the system may achieve or fail the target subject to random variation.',
    };
  }
  const icon = (side === 'below') === (polarity === 'higher') ? 'pass' : 'fail';
  return {
    icon,
    label: ASSURANCE_LABEL[icon],
    text: `The process limits lie wholly ${side === 'below' ? 'above' : 'below'} the target, so the system is expected to consistently ${icon} the target unless something changes.`,
  };
}

function shortWarning(segments: readonly XmrSegment[]): string | null {
  const few = segments.filter((s) => s.limitPoints < RELIABLE_POINTS);
  if (few.length === 0) return null;
  const where = few.map((s) => `points ${s.start + 1}–${s.end} (limits from ${s.limitPoints} points)`).join('; ');
  return (
    `Fewer than ${RELIABLE_POINTS} points behind the limits for ${where}: ` +
    'the limits are unreliable, so read special causes with caution.'
  );
}
