import { comparedWith, formatValue, periodLabel, unitAfterValue } from '../format';
import type { Metric } from '../definitions';
import { changeSentence, yearOnYear } from './change';
import { significance, type Point } from './series';
import { summarise } from './summary';

/**
 * One plain-English sentence a board member can read without the chart: the latest value in its
 * unit (a figure is read where it stands, not beside the chart's subtitle), its change on a year
 * earlier (significant only when the two 95% intervals do not overlap; see change.ts) and how it
 * compares with England on its 95% interval.
 */
export function headline(metric: Metric, areaName: string, points: Point[], england: Point[]): string {
  const summary = summarise(points, england);
  if (!summary) return `${areaName}: no published figures for ${metric.short.toLowerCase()} in the data.`;
  const { latest, comparator: englandPoint } = summary;
  const parts = [`${areaName}: ${formatValue(metric, latest.value)} ${unitAfterValue(metric)} in ${periodLabel(latest.period_start, latest.period_type)}`];
  const change = yearOnYear(metric, points);
  if (change) parts.push(changeSentence(metric, change));
  const vs = significance(metric, latest, englandPoint?.value);
  if (vs !== 'not compared') parts.push(`${comparedWith(vs, 'England')} (${formatValue(metric, englandPoint!.value)})`);
  return `${parts.join('; ')}.`;
}
