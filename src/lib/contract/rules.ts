// What every observation and target must satisfy, whichever layout it came from.
import type { Metric } from '../definitions/metric';
import { quote } from './cells';
import { periodMisfit } from './periods';
import { PERIOD_TYPES, type Observation, type Target } from './schema';

export interface Problem {
  column: string;
  message: string;
}

/** The definitions rows are checked against: published, built-in and any read in the same run. */
export type Definitions = ReadonlyMap<string, Metric>;

// A million rows share a handful of metrics: look each one's breakdowns up in a set.
const breakdownSets = new WeakMap<Metric, Set<string>>();
function breakdownsOf(m: Metric): Set<string> {
  let set = breakdownSets.get(m);
  if (!set) breakdownSets.set(m, (set = new Set(m.breakdowns.map((b) => b.id))));
  return set;
}
// A million rows share a few hundred periods: check each period once.
const misfits = new Map<string, string | null>();

const unknownMetric = (id: string, metrics: Definitions): Problem => ({
  column: 'metric',
  message: `${quote(id)} is not a defined metric (defined: ${[...metrics.keys()].join(', ')}); a new one needs a row in a definitions file first`,
});

function periodProblem(row: Pick<Observation, 'period_start' | 'period_type'>): Problem | null {
  const periodKey = `${row.period_start}|${row.period_type}`;
  if (!misfits.has(periodKey)) misfits.set(periodKey, periodMisfit(row.period_start, row.period_type));
  const misfit = misfits.get(periodKey);
  return misfit ? { column: 'period_start', message: `${quote(row.period_start)}: ${misfit}` } : null;
}

export function observationProblems(o: Observation, metrics: Definitions): Problem[] {
  const metric = metrics.get(o.metric);
  if (!metric) return [unknownMetric(o.metric, metrics)];
  const problems: Problem[] = [];
  if (!breakdownsOf(metric).has(o.breakdown)) {
    problems.push({ column: 'breakdown', message: `${quote(o.breakdown)} is not a known breakdown of ${metric.id} (expected one of: ${metric.breakdowns.map((b) => b.id).join(', ')})` });
  }
  const period = periodProblem(o);
  if (period) problems.push(period);
  if (!metric.periodTypes.includes(o.period_type)) {
    problems.push({ column: 'period_type', message: `${metric.id} is published by ${metric.periodTypes.join(' or ')}, not ${o.period_type}` });
  }
  if (o.denominator != null) {
    if (o.denominator === 0 && o.numerator > 0) problems.push({ column: 'denominator', message: 'is 0 but the numerator is not' });
    if (metric.kind === 'proportion' && o.numerator > o.denominator) {
      problems.push({ column: 'numerator', message: `${o.numerator} is above the denominator ${o.denominator}; a proportion cannot exceed 100%` });
    }
  }
  return problems;
}

/**
 * A target covers one of the metric's own periods or a longer one, never a shorter one: there
 * would be no value to hold against it. (A longer period's target is held against shorter periods
 * only where the metric is on one scale, onOneScale; the others are all published by financial
 * year, the longest period, so every target that passes finds values: a test keeps it so.) It is in the
 * metric's unit, so a percentage cannot exceed 100 and nothing can be negative.
 */
export function targetProblems(t: Target, metrics: Definitions): Problem[] {
  const metric = metrics.get(t.metric);
  if (!metric) return [unknownMetric(t.metric, metrics)];
  const problems: Problem[] = [];
  const period = periodProblem(t);
  if (period) problems.push(period);
  const rank = (p: Target['period_type']) => PERIOD_TYPES.indexOf(p);
  if (metric.periodTypes.every((p) => rank(t.period_type) < rank(p))) {
    problems.push({ column: 'period_type', message: `${metric.id} is published by ${metric.periodTypes.join(' or ')}; a target cannot be set for a shorter period (${t.period_type})` });
  }
  if (!Number.isFinite(t.target) || t.target < 0) problems.push({ column: 'target', message: `${t.target} is negative; a target is a ${metric.kind === 'proportion' ? 'percentage' : metric.kind === 'mean' ? 'mean' : 'rate'} of 0 or more` });
  else if (metric.kind === 'proportion' && t.target > 100) problems.push({ column: 'target', message: `${t.target} is above 100; ${metric.id} is a percentage` });
  return problems;
}
