// Which Better Care Fund planning year's metrics a page shows: the latest year for which any of
// its core metrics has figures, or the one the reader chose; and what is held of each metric.
import { bcfYearStart, isCore, type Metric } from '../definitions';

/** First and last period start held, keyed "metric/period_type" (as the manifest has them). */
export type PeriodsHeld = Record<string, { first: string; last: string }>;

/** The span of periods held for a metric, over all its period types (null: none held). */
export function heldSpan(metricId: string, periods: PeriodsHeld): { first: string; last: string } | null {
  const spans = Object.entries(periods).filter(([k]) => k.slice(0, k.lastIndexOf('/')) === metricId).map(([, v]) => v);
  if (spans.length === 0) return null;
  return { first: spans.map((s) => s.first).sort()[0]!, last: spans.map((s) => s.last).sort().at(-1)! };
}

/** Whether some period held for the metric starts within the financial year (as "2025-26"). */
export function heldIn(metricId: string, year: string, periods: PeriodsHeld): boolean {
  const span = heldSpan(metricId, periods);
  if (!span) return false;
  const start = `${bcfYearStart(year)}-04-01`;
  const end = `${bcfYearStart(year) + 1}-04-01`;
  return span.first < end && span.last >= start;
}

/** Every BCF year any definition is core for, latest first, with whether any core metric has figures in it. */
export function bcfYearsOffered(metrics: Metric[], periods: PeriodsHeld): { year: string; held: boolean }[] {
  const years = [...new Set(metrics.flatMap((m) => m.coreYears))].sort((a, b) => bcfYearStart(b) - bcfYearStart(a));
  return years.map((year) => ({ year, held: metrics.some((m) => isCore(m, year) && heldIn(m.id, year, periods)) }));
}

/**
 * The year a page shows: the one asked for where it is a BCF year, else the latest year with
 * figures for one of its core metrics, else the latest BCF year defined (null: none defined).
 */
export function bcfYearInView(asked: string | null, metrics: Metric[], periods: PeriodsHeld): string | null {
  const offered = bcfYearsOffered(metrics, periods);
  if (asked && offered.some((o) => o.year === asked)) return asked;
  return (offered.find((o) => o.held) ?? offered[0])?.year ?? null;
}

/** The core metrics of a BCF year, in the definitions' order (none when there is no year). */
export const coreMetricsOf = (year: string | null, metrics: Metric[]): Metric[] => (year ? metrics.filter((m) => isCore(m, year)) : []);

/**
 * The metrics the build draws (board packs and the overview's first view: this year's; embeds and
 * place pages: those and any `also` names, the settings' embedded_metrics): the core metrics of
 * the latest BCF year with figures held, and the others named, each of them held.
 */
export function builtMetrics(metrics: Metric[], periods: PeriodsHeld, also: readonly string[] = []): Metric[] {
  const core = new Set(coreMetricsOf(bcfYearInView(null, metrics, periods), metrics).map((m) => m.id));
  return metrics.filter((m) => (core.has(m.id) || also.includes(m.id)) && heldSpan(m.id, periods));
}
