import { financialYear } from './contract/periods';
import type { PeriodType } from './contract/schema';
import type { Metric } from './definitions';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Mar 2019", "Q4 2019-20" (financial quarters), "2019-20". */
export function periodLabel(isoDate: string, type: PeriodType | string): string {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  const fy = financialYear(isoDate);
  const fyName = `${fy}-${String((fy + 1) % 100).padStart(2, '0')}`;
  if (type === 'financial_year') return fyName;
  if (type === 'quarter') return `Q${Math.floor(((month + 8) % 12) / 3) + 1} ${fyName}`;
  return `${MONTHS[month - 1]} ${year}`;
}

/** The periods from `first` to `last` in words ("2019-20 to 2020-21"), or the one period where they are the same. */
export const periodSpan = (first: string, last: string, type: PeriodType | string): string =>
  first === last ? periodLabel(first, type) : `${periodLabel(first, type)} to ${periodLabel(last, type)}`;

// Made at first use, not as the module loads: npm run ingest loads it and formats no value, and
// ICU's first formatters took 11-16 ms of its start, before DuckDB could begin.
let formats: { oneDp: Intl.NumberFormat; whole: Intl.NumberFormat } | undefined;
const numberFormats = () =>
  (formats ??= { oneDp: new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }), whole: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 }) });

/** A metric value as the publications print it: one decimal place, with % for proportions. */
export function formatValue(metric: Pick<Metric, 'multiplier'>, value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '–';
  const text = numberFormats().oneDp.format(value);
  return metric.multiplier === 100 ? `${text}%` : text;
}

/** A value axis's tick labels: the metric's format without a trailing ".0". */
export const axisFormat = (metric: Pick<Metric, 'multiplier'>) => (v: number) => formatValue(metric, v).replace('.0', '');

/** The size of a change: percentage points for proportions, the metric's own unit otherwise. */
export function formatChange(metric: Pick<Metric, 'multiplier'>, change: number): string {
  const size = numberFormats().oneDp.format(Math.abs(change));
  return metric.multiplier === 100 ? `${size} percentage points` : size;
}

export function formatCount(n: number | null | undefined): string {
  return n == null ? '–' : numberFormats().whole.format(n);
}

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/**
 * A rate per population (plain or age-standardised) for a month or a quarter counts that period
 * alone: said in words, or it reads as a twelfth or a quarter of the year's. Null otherwise (rates
 * per day, percentages and means are on one scale whatever the period).
 */
export function notAnnualised(metric: Pick<Metric, 'kind'>, type: PeriodType | string): string | null {
  if ((metric.kind !== 'rate' && metric.kind !== 'dsr') || type === 'financial_year') return null;
  return `in the ${type === 'month' ? 'month' : 'quarter'} alone, not annualised`;
}

/** The unit as read for a period type. */
export function periodUnit(metric: Pick<Metric, 'unit' | 'kind'>, type: PeriodType): string {
  const note = notAnnualised(metric, type);
  return note ? `${metric.unit}, ${note}` : metric.unit;
}

/** A label as it reads inside a sentence: its first letter lower case, the rest as written ("NHS" stays). */
export const inSentence = (label: string): string => label.charAt(0).toLowerCase() + label.slice(1);

export const PERIOD_TYPE_LABEL: Record<PeriodType, string> = {
  month: 'Monthly',
  quarter: 'Quarterly',
  financial_year: 'Financial year',
};

/** "120.5 to 160.2": an interval as a sentence reads it. */
export function formatInterval(metric: Pick<Metric, 'multiplier'>, interval: { lower: number; upper: number } | null): string {
  return interval ? `${formatValue(metric, interval.lower)} to ${formatValue(metric, interval.upper)}` : '–';
}

/** "significantly better than England", "not significantly different from the chosen group". */
export function comparedWith(verdict: keyof typeof SIGNIFICANCE_TEXT, comparator: string): string {
  return `${SIGNIFICANCE_TEXT[verdict]} ${verdict === 'similar' ? 'from' : 'than'} ${comparator}`;
}

export const SIGNIFICANCE_TEXT: Record<'better' | 'worse' | 'similar' | 'not compared', string> = {
  better: 'significantly better',
  worse: 'significantly worse',
  similar: 'not significantly different',
  'not compared': 'not compared',
};

/** A point's target as tables and tooltips show it, marked ◇ when uploaded in this browser. */
export function formatTarget(metric: Pick<Metric, 'multiplier'>, p: { target: number | null; target_local: boolean }): string {
  return `${formatValue(metric, p.target)}${p.target != null && p.target_local ? ' ◇' : ''}`;
}

/** A point's counts as tables, tooltips and downloads show them: small counts are never printed. */
export function formatCounts(metric: Pick<Metric, 'denominatorBand'>, p: { numerator: number | null; denominator: number | null; suppressed: boolean }): { numerator: string; denominator: string } {
  if (!p.suppressed) return { numerator: formatCount(p.numerator), denominator: formatCount(p.denominator) };
  // A population denominator is not disclosive; a count of people (2B(1)) is.
  return { numerator: 'suppressed', denominator: metric.denominatorBand ? formatCount(p.denominator) : 'suppressed' };
}

/** "404 admissions of 100,365 people aged 65+": a point's counts, labelled from the catalogue. */
export function countsText(metric: Pick<Metric, 'denominatorBand' | 'counts'>, p: { numerator: number | null; denominator: number | null; suppressed: boolean }): string {
  const { numerator, denominator } = formatCounts(metric, p);
  const c = metric.counts;
  if (!p.suppressed) return `${numerator} ${c.numerator} ${c.joiner} ${denominator} ${c.denominator}`;
  return denominator === 'suppressed' ? 'counts suppressed (small numbers)' : `${c.numerator} suppressed (a small number); ${denominator} ${c.denominator}`;
}

/** The unit as read after a formatted value: "84.0% at home after 91 days", never "84.0% % at home". */
export const unitAfterValue = (metric: Pick<Metric, 'unit' | 'multiplier'>): string =>
  metric.multiplier === 100 ? metric.unit.replace(/^%\s*/, '') : metric.unit;

export function formatPointValue(metric: Pick<Metric, 'multiplier'>, p: { value: number | null; suppressed: boolean }): string {
  return p.suppressed ? 'suppressed' : formatValue(metric, p.value);
}
