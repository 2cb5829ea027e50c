import { comparedWith, formatValue, periodLabel } from '../format';
import type { Metric } from './catalogue';
import { changeVerdict, significance, type Point } from './series';
import { summarise } from './summary';

/** How many periods make a year, so the headline compares like with like (no seasonality). */
const PER_YEAR: Record<string, number> = { month: 12, quarter: 4, financial_year: 1 };

/**
 * One plain-English sentence a board member can read without the chart: the latest value,
 * its change on a year earlier (better or worse by the metric's polarity) and how it compares
 * with England on its 95% interval.
 */
export function headline(metric: Metric, areaName: string, points: Point[], england: Point[]): string {
  const summary = summarise(points, england);
  if (!summary) return `${areaName}: no published figures for ${metric.short.toLowerCase()} in the data.`;
  const { latest, comparator: englandPoint } = summary;
  const when = periodLabel(latest.period_start, latest.period_type);
  const parts = [`${areaName}: ${formatValue(metric, latest.value)} in ${when}`];
  const step = PER_YEAR[latest.period_type] ?? 1;
  const index = points.indexOf(latest);
  const yearEarlier = points[index - step];
  if (yearEarlier?.value != null) {
    const change = latest.value! - yearEarlier.value;
    const verdict = changeVerdict(metric, change);
    parts.push(
      verdict === 'no change'
        ? `unchanged on a year earlier`
        : `${change < 0 ? 'down' : 'up'} from ${formatValue(metric, yearEarlier.value)} a year earlier (${verdict})`,
    );
  }
  const vs = significance(metric, latest, englandPoint?.value);
  if (vs !== 'not compared') {
    parts.push(`${comparedWith(vs, 'England')} (${formatValue(metric, englandPoint!.value)})`);
  }
  return `${parts.join(', ')}.`;
}
