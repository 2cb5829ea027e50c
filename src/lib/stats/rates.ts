import { daysInPeriod } from '../contract/periods';
import type { PeriodType } from '../contract/schema';
import type { Metric } from '../definitions';

/**
 * The metric's value from summed counts. Callers sum numerators and denominators over areas
 * first (place = its hubs, ICS = its places) and never average rates.
 * Null when the denominator is missing or zero.
 */
export function metricValue(
  metric: Pick<Metric, 'multiplier' | 'perDay'>,
  numerator: number,
  denominator: number | null,
  periodStart: string,
  periodType: PeriodType,
): number | null {
  if (denominator == null || denominator === 0) return null;
  const days = metric.perDay ? daysInPeriod(periodStart, periodType) : 1;
  return (numerator / denominator / days) * metric.multiplier;
}

/** Rounds half away from zero, as the publications do (a plain toFixed rounds 0.05 down). */
export function roundTo(value: number, dp: number): number {
  const f = 10 ** dp;
  return (Math.sign(value) * Math.round(Math.abs(value) * f + 1e-9)) / f;
}
