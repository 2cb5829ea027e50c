// What the metric page offers and shows for its URL: only the metrics, breakdowns and period types
// the data hold. The build works out the default view with it, and the page every view, so the
// figures the build sends are for the very view the page then asks for.
import type { PeriodType } from '../contract/schema';
import type { Metric } from '../definitions';

/** Period types and breakdowns held per metric (extracts and uploads). */
export type Coverage = Record<string, { periodTypes: string[]; breakdowns: string[] }>;

/** `coverage` null: not known yet (before the data are in), when every period type is offered. */
export function metricChoices(metrics: Metric[], coverage: Coverage | null, asked: { metric: string | null; breakdown: string | null; period: string | null }) {
  const held = (m: Metric, type: string) => !coverage || (coverage[m.id]?.periodTypes ?? []).includes(type);
  const metricsHeld = metrics.filter((m) => m.periodTypes.some((t) => held(m, t)));
  const named = metrics.find((m) => m.id === asked.metric);
  const metric = named ?? metricsHeld[0] ?? metrics[0]!;
  const breakdownsHeld = metric.breakdowns.filter((b) => b.id === 'total' || (coverage?.[metric.id]?.breakdowns ?? []).includes(b.id));
  const periodTypesHeld = metric.periodTypes.filter((t) => held(metric, t));
  return {
    metricsHeld,
    named,
    metric,
    // A metric the data hold no rows of gets words, not four empty charts.
    noData: !!coverage && !metricsHeld.includes(metric),
    breakdownsHeld,
    breakdown: breakdownsHeld.find((b) => b.id === asked.breakdown) ?? breakdownsHeld[0]!,
    periodTypesHeld,
    periodType: (periodTypesHeld as string[]).includes(asked.period ?? '') ? (asked.period as PeriodType) : (periodTypesHeld[0] ?? metric.periodTypes[0]!),
  };
}
