import { comparedWith, formatValue, periodLabel, unitAfterValue } from '../format';
import type { Metric } from '../definitions';
import { compareLatest, type ComparatorSeries } from './benchmark';
import { changeSentence, yearOnYear } from './change';
import type { Point } from './series';
import { summarise } from './summary';

/**
 * One plain-English sentence a board member can read without the chart: the latest value in its
 * unit (a figure is read where it stands, not beside the chart's subtitle), its change on a year
 * earlier (significant only when the two 95% intervals do not overlap; see change.ts) and how it
 * compares on its 95% interval with England, or where England has no figure for the period with
 * the next comparator that has one, named (benchmark.ts). Where none has one, it says so.
 */
export function headline(metric: Metric, areaName: string, points: Point[], comparators: ComparatorSeries[]): string {
  const summary = summarise(points, []);
  if (!summary) return `${areaName}: no published figures for ${metric.short.toLowerCase()} in the data.`;
  const { latest } = summary;
  const parts = [`${areaName}: ${formatValue(metric, latest.value)} ${unitAfterValue(metric)} in ${periodLabel(latest.period_start, latest.period_type)}`];
  const change = yearOnYear(metric, points);
  if (change) parts.push(changeSentence(metric, change));
  const { verdict, benchmark, note, reason } = compareLatest(metric, latest, comparators);
  if (verdict !== 'not compared') parts.push(`${comparedWith(verdict, benchmark!.name)} (${formatValue(metric, benchmark!.value)}${note ? `; ${note}` : ''})`);
  // A measure without intervals is never compared, and says why where its charts are.
  else if (!benchmark && reason && metric.ciMethod !== 'none') parts.push(`not compared: ${reason}`);
  return `${parts.join('; ')}.`;
}
