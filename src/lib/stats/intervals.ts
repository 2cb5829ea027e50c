import { daysInPeriod } from '../contract/periods';
import type { PeriodType } from '../contract/schema';
import type { Metric } from '../definitions';
import { metricValue } from './rates';

export interface Interval {
  lower: number;
  upper: number;
}

export interface RateInterval extends Interval {
  value: number;
  level: number;
  method: Metric['ciMethod'];
}

// The two levels public-health publications use, to the precision Fingertips uses.
const Z: ReadonlyMap<number, number> = new Map([
  [0.95, 1.959963985],
  [0.998, 3.090232306],
]);

/** The two-sided standard normal quantile for a 95% or 99.8% interval. */
export function zFor(level: number): number {
  const z = Z.get(level);
  if (z === undefined) throw new RangeError(`confidence level ${level} is not supported: use 0.95 or 0.998`);
  return z;
}

/** Wilson score interval for a proportion, without continuity correction, as a proportion (0..1). */
export function wilsonInterval(numerator: number, denominator: number, level = 0.95): Interval {
  if (!(denominator > 0) || !(numerator >= 0) || numerator > denominator) {
    throw new RangeError(`a proportion needs 0 ≤ ${numerator} ≤ ${denominator} and a positive denominator`);
  }
  const z = zFor(level);
  const n = denominator;
  const p = numerator / n;
  const centre = 2 * numerator + z * z;
  const spread = z * Math.sqrt(z * z + 4 * numerator * (1 - p));
  const scale = 2 * (n + z * z);
  // Clamp float noise at 0/n so the bounds never leave 0..1.
  return { lower: Math.max(0, (centre - spread) / scale), upper: Math.min(1, (centre + spread) / scale) };
}

/**
 * Bounds on a Poisson count: exact for counts under 10, where Byar's approximation drifts,
 * and Byar's method from 10 up (the public-health convention).
 */
export function byarInterval(count: number, level = 0.95): Interval {
  if (!(count >= 0) || !Number.isFinite(count)) throw new RangeError(`a count must be 0 or more, not ${count}`);
  const z = zFor(level);
  if (count < 10) return exactPoissonInterval(count, 1 - level);
  const o = count;
  const lower = o * (1 - 1 / (9 * o) - z / (3 * Math.sqrt(o))) ** 3;
  const upper = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * Math.sqrt(o + 1))) ** 3;
  return { lower, upper };
}

/**
 * Exact (Garwood) limits: the means at which seeing `count` or more, and `count` or fewer,
 * each has probability alpha/2 — the chi-square limits χ²(α/2, 2O)/2 and χ²(1−α/2, 2O+2)/2.
 */
function exactPoissonInterval(count: number, alpha: number): Interval {
  if (!Number.isInteger(count)) throw new RangeError(`an exact Poisson interval needs a whole count, not ${count}`);
  // P(X ≤ count) falls as the mean rises, so each bound is a single root.
  const upper = solveDecreasing((mean) => poissonCdf(count, mean) - alpha / 2, count, count + 50);
  const lower = count === 0 ? 0 : solveDecreasing((mean) => poissonCdf(count - 1, mean) - (1 - alpha / 2), 0, count);
  return { lower, upper };
}

function poissonCdf(k: number, mean: number): number {
  let term = Math.exp(-mean);
  let sum = term;
  for (let i = 1; i <= k; i++) {
    term *= mean / i;
    sum += term;
  }
  return sum;
}

/** The root of a decreasing function between lo and hi, by bisection to machine precision. */
function solveDecreasing(f: (x: number) => number, lo: number, hi: number): number {
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The metric's value with its confidence interval on the metric's own scale, from summed counts.
 * Null when the denominator is missing or zero.
 */
export function rateInterval(
  metric: Pick<Metric, 'multiplier' | 'perDay' | 'ciMethod'>,
  numerator: number,
  denominator: number | null,
  periodStart: string,
  periodType: PeriodType,
  level = 0.95,
): RateInterval | null {
  const value = metricValue(metric, numerator, denominator, periodStart, periodType);
  if (value == null || denominator == null) return null;
  if (metric.ciMethod === 'wilson') {
    const { lower, upper } = wilsonInterval(numerator, denominator, level);
    return { value, lower: lower * metric.multiplier, upper: upper * metric.multiplier, level, method: 'wilson' };
  }
  // The bounds are on the count, so they take the same scaling as the count.
  const days = metric.perDay ? daysInPeriod(periodStart, periodType) : 1;
  const scale = metric.multiplier / denominator / days;
  const { lower, upper } = byarInterval(numerator, level);
  return { value, lower: lower * scale, upper: upper * scale, level, method: 'byar' };
}
