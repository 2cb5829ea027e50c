// What a metric is: the shape every definition has once read from the definitions table. The
// ground floor of the code: the contract, the statistics and the pages read these; nothing here
// imports from them.

export const PERIOD_TYPES = ['month', 'quarter', 'financial_year'] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];

/**
 * How a value is formed from a row's numerator and denominator:
 * - rate: numerator ÷ denominator × multiplier (per period);
 * - rate_per_day: the same, ÷ days in the period too;
 * - proportion: numerator ÷ denominator × 100;
 * - mean: numerator ÷ denominator (total days ÷ patients), a mean per event;
 * - dsr: a directly age-standardised rate per 100,000 over five-year age bands (2013 European
 *   Standard Population), formed from one row per band.
 */
export const METRIC_KINDS = ['rate', 'rate_per_day', 'proportion', 'mean', 'dsr'] as const;
export type MetricKind = (typeof METRIC_KINDS)[number];

export const INTERVAL_METHODS = ['byar', 'wilson', 'dobson', 'none'] as const;
export type IntervalMethod = (typeof INTERVAL_METHODS)[number];

export interface Breakdown {
  id: string;
  label: string;
}

/** Breakdowns whose counts add up to another's (NHS + social care + both = all delays). */
export interface BreakdownSum {
  parts: string[];
  total: string;
}

export interface Metric {
  id: string;
  title: string;
  /** A short name for narrow places: cards, legends, table headers. */
  short: string;
  definition: string;
  numerator: string;
  denominator: string;
  /** The counts in a few words, as "404 admissions of 100,365 people aged 65+" reads them. */
  counts: { numerator: string; joiner: string; denominator: string };
  kind: MetricKind;
  /** Value = numerator / denominator × multiplier (÷ days in the period when perDay). */
  multiplier: number;
  perDay: boolean;
  /** The population that is the denominator when a source gives none (null: the source must). */
  denominatorBand: string | null;
  unit: string;
  polarity: 'lower' | 'higher';
  ciMethod: IntervalMethod;
  /** Why there is no interval, in words (ciMethod 'none'). */
  intervalNote: string | null;
  periodTypes: PeriodType[];
  /** The first is the one every total view uses. */
  breakdowns: Breakdown[];
  sums: BreakdownSum[];
  source: string;
  /** Better Care Fund planning years (as "2025-26") in which this was a core metric. */
  coreYears: string[];
  /** First period collected, where known. */
  collectionStart: string | null;
  /** Last period collected, where collection stopped: series end there, never extrapolated. */
  collectionEnded: string | null;
  predecessor: string | null;
  successor: string | null;
  /** What a composite metric is made from, in words (null: measured directly). */
  derivedFrom: string | null;
}

/**
 * Whether values for periods of different lengths are on one scale (a rate per day, a
 * percentage, a mean), so a year's target holds for each month or quarter in it. A quarter's
 * admissions per 100,000 are about a quarter of a year's, so for them a target holds for its own
 * period only.
 */
export const ONE_SCALE_KINDS: readonly MetricKind[] = ['rate_per_day', 'proportion', 'mean'];
export const onOneScale = (m: Pick<Metric, 'kind'>): boolean => ONE_SCALE_KINDS.includes(m.kind);

/** Whether the metric is a core BCF metric in the planning year (as "2025-26"). */
export const isCore = (m: Pick<Metric, 'coreYears'>, year: string): boolean => m.coreYears.includes(year);

/** "2015-16" for the financial year starting in 2015. */
export const bcfYearName = (startYear: number): string => `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
export const bcfYearStart = (name: string): number => Number(name.slice(0, 4));

/** The years a metric was core, in words: "2015-16 to 2019-20 and 2021-22 to 2025-26". */
export function coreYearsText(m: Pick<Metric, 'coreYears'>): string {
  if (m.coreYears.length === 0) return 'Not a Better Care Fund metric; shown for context';
  const starts = m.coreYears.map(bcfYearStart).sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const y of starts) {
    const last = runs.at(-1);
    if (last && y === last[1] + 1) last[1] = y;
    else runs.push([y, y]);
  }
  const text = runs.map(([a, b]) => (a === b ? bcfYearName(a) : `${bcfYearName(a)} to ${bcfYearName(b)}`));
  return `Better Care Fund metric ${text.length > 1 ? `${text.slice(0, -1).join(', ')} and ${text.at(-1)}` : text[0]}`;
}
