import { FIVE_YEAR_BANDS, type AgeBand, type PeriodType } from '../contract/schema';

// TEMPORARY (demo branch): the metrics since 2015-16 other than DToC and ASCOF are listed here only
// so that the demo's data validate and build; the definitions table (src/lib/definitions/, issue 11)
// replaces this file, and its kinds (dsr, mean) its rate arithmetic.
export type MetricId =
  | 'dtoc' | 'ascof_2a1' | 'ascof_2a2' | 'ascof_2b1' | 'non_elective_admissions' | 'avoidable_admissions' | 'length_of_stay_14'
  | 'length_of_stay_21' | 'discharge_usual_residence' | 'falls_65' | 'emergency_admissions_65' | 'discharge_delay' | 'discharged_on_ready_date';

export interface Breakdown {
  id: string;
  label: string;
}

export interface Metric {
  id: MetricId;
  /** How the value is formed (METRICS-SPEC.md); until the definitions table lands a dsr shows its crude rate. */
  kind: 'rate' | 'rate_per_day' | 'proportion' | 'mean' | 'dsr';
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
  /** The population that is the denominator when a source gives none (null: the source must). */
  denominatorBand: AgeBand | null;
  perDay: boolean;
  unit: string;
  polarity: 'lower' | 'higher';
  ciMethod: 'byar' | 'wilson';
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
  {
    id: 'non_elective_admissions',
    kind: 'rate',
    title: 'Non-elective admissions',
    short: 'Non-elective admissions',
    definition: 'Total non-elective (emergency) admissions to hospital, all ages, per 100,000 population.',
    numerator: 'Non-elective admissions of residents, all ages (SUS)',
    denominator: 'Population, all ages (ONS mid-year estimate)',
    counts: { numerator: 'admissions', joiner: 'of', denominator: 'people' },
    multiplier: 100_000,
    denominatorBand: 'all',
    perDay: false,
    unit: 'admissions per 100,000 people',
    polarity: 'lower',
    ciMethod: 'byar',
    periodTypes: ['month', 'quarter', 'financial_year'],
    breakdowns: [{ id: 'total', label: 'All admissions' }],
    source: 'NHS England, Secondary Uses Service (BCF non-elective admissions)',
    bcfYears: '2015-16 to 2019-20',
    bcf: false,
  },
  {
    id: 'avoidable_admissions',
    kind: 'dsr',
    title: 'Avoidable admissions',
    short: 'Avoidable admissions',
    definition: 'Unplanned hospitalisation for chronic ambulatory care sensitive conditions, directly age-standardised rate per 100,000 population (NHS Outcomes Framework 2.3.i).',
    numerator: 'Emergency admissions for chronic ambulatory care sensitive conditions, by five-year age band',
    denominator: 'Population by five-year age band (ONS mid-year estimate), standardised to the 2013 European Standard Population',
    counts: { numerator: 'admissions', joiner: 'of', denominator: 'people' },
    multiplier: 100_000,
    denominatorBand: 'all',
    perDay: false,
    unit: 'admissions per 100,000 people (age-standardised)',
    polarity: 'lower',
    ciMethod: 'byar',
    periodTypes: ['quarter', 'financial_year'],
    breakdowns: [{ id: 'total', label: 'All ages (standardised)' }, ...FIVE_YEAR_BANDS.map((b) => ({ id: b, label: `Aged ${b}` }))],
    source: 'NHS England, Hospital Episode Statistics (NHS Outcomes Framework 2.3.i)',
    bcfYears: '2021-22 to 2024-25',
    bcf: false,
  },
  {
    id: 'length_of_stay_14',
    kind: 'proportion',
    title: 'Inpatients in hospital 14 days or more',
    short: 'Stays of 14+ days',
    definition: 'Proportion of adult acute inpatients who had been in hospital for 14 days or more.',
    numerator: 'Adult acute inpatients with a length of stay of 14 days or more',
    denominator: 'Adult acute inpatients',
    counts: { numerator: 'in hospital 14+ days', joiner: 'of', denominator: 'inpatients' },
    multiplier: 100,
    denominatorBand: null,
    perDay: false,
    unit: '% of inpatients in hospital 14+ days',
    polarity: 'lower',
    ciMethod: 'wilson',
    periodTypes: ['month'],
    breakdowns: [{ id: 'total', label: 'All inpatients' }],
    source: 'NHS England, Secondary Uses Service (BCF length of stay metric)',
    bcfYears: '2021-22',
    bcf: false,
  },
  {
    id: 'length_of_stay_21',
    kind: 'proportion',
    title: 'Inpatients in hospital 21 days or more',
    short: 'Stays of 21+ days',
    definition: 'Proportion of adult acute inpatients who had been in hospital for 21 days or more.',
    numerator: 'Adult acute inpatients with a length of stay of 21 days or more',
    denominator: 'Adult acute inpatients',
    counts: { numerator: 'in hospital 21+ days', joiner: 'of', denominator: 'inpatients' },
    multiplier: 100,
    denominatorBand: null,
    perDay: false,
    unit: '% of inpatients in hospital 21+ days',
    polarity: 'lower',
    ciMethod: 'wilson',
    periodTypes: ['month'],
    breakdowns: [{ id: 'total', label: 'All inpatients' }],
    source: 'NHS England, Secondary Uses Service (BCF length of stay metric)',
    bcfYears: '2021-22',
    bcf: false,
  },
  {
    id: 'discharge_usual_residence',
    kind: 'proportion',
    title: 'Discharged to usual place of residence',
    short: 'Discharged to usual residence',
    definition: 'Proportion of people discharged from acute hospital who went to their usual place of residence.',
    numerator: 'Discharges from acute hospital to the usual place of residence',
    denominator: 'Discharges from acute hospital',
    counts: { numerator: 'to usual residence', joiner: 'of', denominator: 'discharges' },
    multiplier: 100,
    denominatorBand: null,
    perDay: false,
    unit: '% discharged to usual place of residence',
    polarity: 'higher',
    ciMethod: 'wilson',
    periodTypes: ['month', 'quarter'],
    breakdowns: [{ id: 'total', label: 'All discharges' }],
    source: 'NHS England, Secondary Uses Service (BCF discharge metric)',
    bcfYears: '2021-22 to 2024-25',
    bcf: false,
  },
  {
    id: 'falls_65',
    kind: 'dsr',
    title: 'Emergency admissions due to falls, aged 65+',
    short: 'Falls admissions 65+',
    definition: 'Emergency hospital admissions due to falls in people aged 65 and over, directly age-standardised rate per 100,000 (OHID Fingertips 22401).',
    numerator: 'Emergency admissions due to falls, people aged 65+, by five-year age band',
    denominator: 'Population aged 65+ by five-year age band (ONS mid-year estimate), standardised to the 2013 European Standard Population',
    counts: { numerator: 'admissions', joiner: 'of', denominator: 'people aged 65+' },
    multiplier: 100_000,
    denominatorBand: '65+',
    perDay: false,
    unit: 'admissions per 100,000 aged 65+ (age-standardised)',
    polarity: 'lower',
    ciMethod: 'byar',
    periodTypes: ['quarter', 'financial_year'],
    breakdowns: [{ id: 'total', label: 'Aged 65+ (standardised)' }, ...FIVE_YEAR_BANDS.slice(13).map((b) => ({ id: b, label: `Aged ${b}` }))],
    source: 'OHID, Public Health Outcomes Framework (Hospital Episode Statistics)',
    bcfYears: '2023-24 to 2024-25',
    bcf: false,
  },
  {
    id: 'emergency_admissions_65',
    kind: 'rate',
    title: 'Emergency admissions, aged 65+',
    short: 'Emergency admissions 65+',
    definition: 'Emergency admissions to hospital of people aged 65 and over, per 100,000 population aged 65+.',
    numerator: 'Emergency admissions of residents aged 65+ (SUS)',
    denominator: 'Population aged 65+ (ONS mid-year estimate)',
    counts: { numerator: 'admissions', joiner: 'of', denominator: 'people aged 65+' },
    multiplier: 100_000,
    denominatorBand: '65+',
    perDay: false,
    unit: 'admissions per 100,000 aged 65+',
    polarity: 'lower',
    ciMethod: 'byar',
    periodTypes: ['month', 'quarter', 'financial_year'],
    breakdowns: [{ id: 'total', label: 'All admissions' }],
    source: 'NHS England, Secondary Uses Service (BCF emergency admissions metric)',
    bcfYears: '2025-26',
    bcf: false,
  },
  {
    id: 'discharge_delay',
    kind: 'mean',
    title: 'Average discharge delay',
    short: 'Discharge delay',
    definition: 'Average days from the Discharge Ready Date to discharge, over all adult patients discharged from acute hospital.',
    numerator: 'Days from Discharge Ready Date to discharge, summed over patients',
    denominator: 'Adult patients discharged from acute hospital',
    counts: { numerator: 'days of delay', joiner: 'over', denominator: 'patients discharged' },
    multiplier: 1,
    denominatorBand: null,
    perDay: false,
    unit: 'days of delay per patient discharged',
    polarity: 'lower',
    ciMethod: 'byar',
    periodTypes: ['month'],
    breakdowns: [{ id: 'total', label: 'All discharges' }],
    source: 'NHS England, Discharge Ready Date data (from SUS)',
    bcfYears: '2025-26',
    bcf: false,
  },
  {
    id: 'discharged_on_ready_date',
    kind: 'proportion',
    title: 'Discharged on their Discharge Ready Date',
    short: 'Discharged on ready date',
    definition: 'Proportion of adult patients discharged from acute hospital on their Discharge Ready Date.',
    numerator: 'Adult patients discharged on their Discharge Ready Date',
    denominator: 'Adult patients discharged from acute hospital',
    counts: { numerator: 'on their ready date', joiner: 'of', denominator: 'patients discharged' },
    multiplier: 100,
    denominatorBand: null,
    perDay: false,
    unit: '% discharged on their ready date',
    polarity: 'higher',
    ciMethod: 'wilson',
    periodTypes: ['month'],
    breakdowns: [{ id: 'total', label: 'All discharges' }],
    source: 'NHS England, Discharge Ready Date data (from SUS)',
    bcfYears: 'Not a BCF metric; a component of average discharge delay',
    bcf: false,
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
 * percentage), so a year's target holds for each month or quarter in it. A quarter's admissions
 * per 100,000 are about a quarter of a year's, so for them a target holds for its own period only;
 * a mean (days of delay per patient, multiplier 1) is on one scale like a percentage.
 */
export const onOneScale = (m: Pick<Metric, 'perDay' | 'multiplier'>): boolean => m.perDay || m.multiplier !== 100_000;
