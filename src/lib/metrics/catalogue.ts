import type { AgeBand, PeriodType } from '../contract/schema';

export type MetricId = 'dtoc' | 'ascof_2a1' | 'ascof_2a2' | 'ascof_2b1';

export interface Breakdown {
  id: string;
  label: string;
}

/**
 * How a value is formed (METRICS-SPEC.md; the lead's definitions carry the same field):
 * rate and rate_per_day numerator / denominator × multiplier (÷ days in the period for the
 * latter); proportion × 100; mean numerator / denominator (a total over events, e.g. delay days ÷
 * patients; multiplier 1); dsr a directly age-standardised rate from five-year age-band rows.
 */
export type MetricKind = 'rate' | 'rate_per_day' | 'proportion' | 'mean' | 'dsr';

export interface Metric {
  id: MetricId;
  kind: MetricKind;
  title: string;
  /** A short name for narrow places: cards, legends, table headers. */
  short: string;
  definition: string;
  numerator: string;
  denominator: string;
  /** The counts in a few words, as "404 admissions of 100,365 people aged 65+" reads them. */
  counts: { numerator: string; joiner: string; denominator: string };
  /** Rate = numerator / denominator × multiplier (÷ days in the period when perDay). */
  multiplier: 1 | 100 | 100_000;
  /**
   * The population that is the denominator when a source gives none (null: the source must, and
   * it is a count of people). A dsr metric's age-band rows take their own five-year band's.
   */
  denominatorBand: AgeBand | null;
  perDay: boolean;
  unit: string;
  polarity: 'lower' | 'higher';
  /** Byar on the count, Wilson on a proportion, Dobson on a DSR; none says why in intervalNote. */
  ciMethod: 'byar' | 'wilson' | 'dobson' | 'none';
  /** Why there is no interval (ciMethod none), in words a page shows. */
  intervalNote?: string;
  periodTypes: PeriodType[];
  /** The breakdown every total view uses first. */
  breakdowns: Breakdown[];
  source: string;
  bcfYears: string;
  /** One of the Better Care Fund outcome metrics (shown on every overview), or context beside them. */
  bcf: boolean;
  /** Last period collected, where collection stopped: series end there, never extrapolated. */
  collectionEnded?: string;
}

/** DToC reasons for delay, as lettered in the NHS England publications (A–I, O). */
export const DTOC_REASONS: Breakdown[] = [
  { id: 'reason_a', label: 'A) Awaiting completion of assessment' },
  { id: 'reason_b', label: 'B) Awaiting public funding' },
  { id: 'reason_c', label: 'C) Awaiting further non-acute NHS care' },
  { id: 'reason_di', label: 'Di) Awaiting residential home placement' },
  { id: 'reason_dii', label: 'Dii) Awaiting nursing home placement' },
  { id: 'reason_e', label: 'E) Awaiting care package in own home' },
  { id: 'reason_f', label: 'F) Awaiting community equipment and adaptations' },
  { id: 'reason_g', label: 'G) Patient or family choice' },
  { id: 'reason_h', label: 'H) Disputes' },
  { id: 'reason_i', label: 'I) Housing (not covered by NHS and Community Care Act)' },
  { id: 'reason_o', label: 'O) Other' },
];

export const METRICS: Metric[] = [
  {
    id: 'dtoc',
    kind: 'rate_per_day',
    title: 'Delayed transfers of care',
    short: 'Delayed days',
    definition:
      'Average number of days per day that patients aged 18+ who were ready to leave hospital were delayed, per 100,000 people aged 18+.',
    numerator: 'Delayed days in the period (patients aged 18+, by local authority of residence)',
    denominator: 'Population aged 18+ (ONS mid-year estimate)',
    counts: { numerator: 'delayed days', joiner: 'among', denominator: 'people aged 18+' },
    multiplier: 100_000,
    denominatorBand: '18+',
    perDay: true,
    unit: 'delayed days per day per 100,000 aged 18+',
    polarity: 'lower',
    ciMethod: 'byar',
    periodTypes: ['month'],
    breakdowns: [
      { id: 'total', label: 'All delays' },
      { id: 'nhs', label: 'Attributable to the NHS' },
      { id: 'social_care', label: 'Attributable to social care' },
      { id: 'both', label: 'Attributable to both' },
      ...DTOC_REASONS,
    ],
    source: 'NHS England, Delayed Transfers of Care monthly situation reports',
    bcfYears: '2015-16 to 2019-20',
    bcf: true,
    collectionEnded: '2020-02-01',
  },
  {
    id: 'ascof_2a2',
    kind: 'rate',
    title: 'Permanent admissions to care homes, aged 65+',
    short: 'Care home admissions 65+',
    definition:
      'Long-term support needs of older adults (aged 65 and over) met by admission to residential and nursing care homes, per 100,000 population aged 65+ (ASCOF 2A(2)).',
    numerator: 'Council-supported permanent admissions of people aged 65+ to residential and nursing care',
    denominator: 'Population aged 65+ (ONS mid-year estimate)',
    counts: { numerator: 'admissions', joiner: 'of', denominator: 'people aged 65+' },
    multiplier: 100_000,
    denominatorBand: '65+',
    perDay: false,
    unit: 'admissions per 100,000 aged 65+',
    polarity: 'lower',
    ciMethod: 'byar',
    periodTypes: ['financial_year', 'quarter'],
    breakdowns: [{ id: 'total', label: 'All admissions' }],
    source: 'NHS Digital, Adult Social Care Outcomes Framework (SALT return)',
    bcfYears: '2015-16 onwards',
    bcf: true,
  },
  {
    id: 'ascof_2a1',
    kind: 'rate',
    title: 'Permanent admissions to care homes, aged 18-64',
    short: 'Care home admissions 18-64',
    definition:
      'Long-term support needs of younger adults (aged 18-64) met by admission to residential and nursing care homes, per 100,000 population aged 18-64 (ASCOF 2A(1)).',
    numerator: 'Council-supported permanent admissions of people aged 18-64 to residential and nursing care',
    denominator: 'Population aged 18-64 (ONS mid-year estimate)',
    counts: { numerator: 'admissions', joiner: 'of', denominator: 'people aged 18-64' },
    multiplier: 100_000,
    denominatorBand: '18-64',
    perDay: false,
    unit: 'admissions per 100,000 aged 18-64',
    polarity: 'lower',
    ciMethod: 'byar',
    periodTypes: ['financial_year', 'quarter'],
    breakdowns: [{ id: 'total', label: 'All admissions' }],
    source: 'NHS Digital, Adult Social Care Outcomes Framework (SALT return)',
    bcfYears: 'Not a BCF metric; shown beside 2A(2) for context',
    bcf: false,
  },
  {
    id: 'ascof_2b1',
    kind: 'proportion',
    title: 'Older people at home 91 days after reablement',
    short: 'At home after 91 days',
    definition:
      'Proportion of older people (aged 65 and over) still at home 91 days after discharge from hospital into reablement or rehabilitation services (ASCOF 2B(1)).',
    numerator: 'People aged 65+ at home 91 days after discharge into reablement',
    denominator: 'People aged 65+ discharged from hospital into reablement, 1 October to 31 December',
    counts: { numerator: 'at home after 91 days', joiner: 'of', denominator: 'discharged into reablement' },
    multiplier: 100,
    denominatorBand: null,
    perDay: false,
    unit: '% at home after 91 days',
    polarity: 'higher',
    ciMethod: 'wilson',
    periodTypes: ['financial_year'],
    breakdowns: [{ id: 'total', label: 'All discharges' }],
    source: 'NHS Digital, Adult Social Care Outcomes Framework (SALT return)',
    bcfYears: '2015-16 onwards',
    bcf: true,
  },
];

export const BCF_METRICS = METRICS.filter((m) => m.bcf);

const byId = new Map(METRICS.map((m) => [m.id as string, m]));

export function findMetric(id: string): Metric | undefined {
  return byId.get(id);
}

export function metric(id: MetricId): Metric {
  return byId.get(id)!;
}

/**
 * Whether values for periods of different lengths are on one scale (a rate per day, a
 * percentage, a mean per event), so a year's target holds for each month or quarter in it. A quarter's admissions
 * per 100,000 are about a quarter of a year's, so for them a target holds for its own period only.
 */
export const onOneScale = (m: Pick<Metric, 'kind'>): boolean => m.kind === 'rate_per_day' || m.kind === 'proportion' || m.kind === 'mean';
