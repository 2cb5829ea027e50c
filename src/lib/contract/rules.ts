// What every observation must satisfy, whichever layout it came from.
import { METRICS, findMetric } from '../metrics/catalogue';
import { quote } from './cells';
import { periodMisfit } from './periods';
import type { Observation } from './schema';

export interface Problem {
  column: string;
  message: string;
}

const METRIC_IDS = METRICS.map((m) => m.id).join(', ');
const BREAKDOWNS = new Map(METRICS.map((m) => [m.id as string, new Set(m.breakdowns.map((b) => b.id))]));
// A million rows share a few hundred periods: check each period once.
const misfits = new Map<string, string | null>();

export function observationProblems(o: Observation): Problem[] {
  const metric = findMetric(o.metric);
  if (!metric) return [{ column: 'metric', message: `${quote(o.metric)} is not a known metric (expected one of: ${METRIC_IDS})` }];
  const problems: Problem[] = [];
  if (!BREAKDOWNS.get(metric.id)!.has(o.breakdown)) {
    problems.push({ column: 'breakdown', message: `${quote(o.breakdown)} is not a known breakdown of ${metric.id} (expected one of: ${metric.breakdowns.map((b) => b.id).join(', ')})` });
  }
  const periodKey = `${o.period_start}|${o.period_type}`;
  if (!misfits.has(periodKey)) misfits.set(periodKey, periodMisfit(o.period_start, o.period_type));
  const misfit = misfits.get(periodKey);
  if (misfit) problems.push({ column: 'period_start', message: `${quote(o.period_start)}: ${misfit}` });
  if (!metric.periodTypes.includes(o.period_type)) {
    problems.push({ column: 'period_type', message: `${metric.id} is published by ${metric.periodTypes.join(' or ')}, not ${o.period_type}` });
  }
  if (o.denominator != null) {
    if (o.denominator === 0 && o.numerator > 0) problems.push({ column: 'denominator', message: 'is 0 but the numerator is not' });
    if (metric.multiplier === 100 && o.numerator > o.denominator) {
      problems.push({ column: 'numerator', message: `${o.numerator} is above the denominator ${o.denominator}; a proportion cannot exceed 100%` });
    }
  }
  return problems;
}
