// The demo's hospital-based BCF metrics since 2014 (everything but DToC and ASCOF): counts drawn
// per unit (a hub, or a comparator at its own scale) from national levels calibrated to published
// figures, each place off the national level by its own seeded factor and each hub off its place.
// Where a level comes from is said beside it; levels marked "approximate" are of the size the
// project's brief gives, not checked against the publication here: check them before relying on
// the demo for anything but its shape.
import { ESP_2013 } from '../../src/lib/stats/dsr';
import { daysInPeriod, financialYear, periodStarts } from '../../src/lib/contract/periods';
import type { Observation, PeriodType } from '../../src/lib/contract/schema';
import { OLDER_BANDS, type FiveYearBand } from './age-bands';
import { seeded, type Random } from './random';

/** The demo's "now": data run to the last complete month (and quarter, and year) before it. */
export const DEMO_NOW = '2026-11-01';

export interface HospitalUnit {
  code: string;
  /** Five-year bands of the unit's population in a financial year. */
  bands: (fy: number) => Record<FiveYearBand, number>;
  /** People aged 18+ in a financial year. */
  adults: (fy: number) => number;
  factor: HospitalFactors;
}

/** How far a unit sits from England on each metric: rate ratios, or shifts on the log-odds scale. */
export interface HospitalFactors {
  nonElective: number;
  avoidable: number;
  falls: number;
  emergency65: number;
  usualResidence: number;
  longStay: number;
  onReadyDate: number;
  delayLength: number;
}

export const ENGLAND_FACTORS: HospitalFactors = { nonElective: 1, avoidable: 1, falls: 1, emergency65: 1, usualResidence: 0, longStay: 1, onReadyDate: 0, delayLength: 1 };

/**
 * The North West sits above England on admissions and long stays (as it does on NHS Digital's
 * emergency admission and Fingertips' falls figures), a little below it on discharges home.
 */
export const NORTH_WEST_FACTORS: HospitalFactors = { nonElective: 1.15, avoidable: 1.2, falls: 1.08, emergency65: 1.1, usualResidence: -0.1, longStay: 1.05, onReadyDate: -0.15, delayLength: 1.1 };

/**
 * A place's own factors: the North West's, times a seeded spread about as wide as published
 * place figures within a region (rates ±15–25%, proportions a few points either way).
 */
export function placeFactors(code: string): HospitalFactors {
  const rnd = seeded(`hospital:${code}`);
  const ratio = (base: number, sd: number) => base * Math.exp(sd * rnd.normal());
  const shift = (base: number, sd: number) => base + sd * rnd.normal();
  const nw = NORTH_WEST_FACTORS;
  return {
    nonElective: ratio(nw.nonElective, 0.12), avoidable: ratio(nw.avoidable, 0.18), falls: ratio(nw.falls, 0.15), emergency65: ratio(nw.emergency65, 0.12),
    usualResidence: shift(nw.usualResidence, 0.3), longStay: ratio(nw.longStay, 0.15), onReadyDate: shift(nw.onReadyDate, 0.35), delayLength: ratio(nw.delayLength, 0.2),
  };
}

/** A hub's factors: its place's, with a smaller spread of its own. */
export function hubFactors(place: HospitalFactors, rnd: Random): HospitalFactors {
  const ratio = (v: number) => v * Math.exp(0.08 * rnd.normal());
  const shift = (v: number) => v + 0.15 * rnd.normal();
  return {
    nonElective: ratio(place.nonElective), avoidable: ratio(place.avoidable), falls: ratio(place.falls), emergency65: ratio(place.emergency65),
    usualResidence: shift(place.usualResidence), longStay: ratio(place.longStay), onReadyDate: shift(place.onReadyDate), delayLength: ratio(place.delayLength),
  };
}

/** First days of the months from `first` to `last`, inclusive. */
export const monthsBetween = (first: string, last: string) => periodStarts(first, last, 'month');

const LAST_MONTH = monthsBetween('2000-01-01', DEMO_NOW).at(-2)!;

/** Months each metric was collected for, to the last complete month before the demo's now. */
export const PERIODS = {
  /** BCF 2015-16 to 2019-20 (its baseline year 2014-15 too). */
  nonElective: monthsBetween('2014-04-01', '2020-03-01'),
  /** From 2020-21, the baseline of the 2021-22 framework, onwards. */
  current2020: monthsBetween('2020-04-01', LAST_MONTH),
  /** BCF 2021-22, with the years either side of it. */
  lengthOfStay: monthsBetween('2020-04-01', '2023-03-01'),
  /** Discharge Ready Dates have been recorded since April 2023. */
  readyDate: monthsBetween('2023-04-01', LAST_MONTH),
};

const monthOf = (iso: string) => Number(iso.slice(5, 7));
/** Winter peak: January highest, July lowest, by ±amplitude (month 1–12; a quarter by its middle month). */
const winter = (month: number, amplitude: number) => 1 + amplitude * Math.cos(((month - 1) / 12) * 2 * Math.PI);
const logistic = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const total = (bands: Record<FiveYearBand, number>) => sum(Object.values(bands));
const older = (bands: Record<FiveYearBand, number>) => sum(OLDER_BANDS.map((b) => bands[b]));

/** Scales a profile of age-specific rates so that England's directly standardised rate is `dsr`. */
function scaledTo(dsr: number, profile: Partial<Record<FiveYearBand, number>>): Partial<Record<FiveYearBand, number>> {
  const bands = Object.keys(profile) as FiveYearBand[];
  const standardised = sum(bands.map((b) => ESP_2013[b] * profile[b]!)) / sum(bands.map((b) => ESP_2013[b]));
  return Object.fromEntries(bands.map((b) => [b, (profile[b]! * dsr) / standardised]));
}

/**
 * Emergency admissions due to falls, 65+, per 100,000 a year by age band: OHID Fingertips
 * indicator 22401 (PHOF C29) puts England at 2,100 per 100,000 (DSR) in 2021-22 and 1,933 in
 * 2022-23 (as quoted by Waltham Forest's JSNA and Lancashire Insight). The rise with age (about
 * fifteen-fold from 65-69 to 90+) is approximate.
 */
const FALLS_RATES = scaledTo(2100, { '65-69': 600, '70-74': 900, '75-79': 1600, '80-84': 3000, '85-89': 5500, '90+': 9000 });
const FALLS_YEAR: Record<number, number> = { 2020: 0.96, 2021: 1, 2022: 1933 / 2100, 2023: 0.93, 2024: 0.94, 2025: 0.93, 2026: 0.93 };

/**
 * Unplanned hospitalisation for chronic ambulatory care sensitive conditions, per 100,000 a year
 * by age band (NHS Outcomes Framework 2.3.i, the BCF's avoidable admissions): England about 770
 * per 100,000 (DSR) before the pandemic, lower in 2020-21 (approximate).
 */
const AVOIDABLE_RATES = scaledTo(770, {
  '0-4': 260, '5-9': 110, '10-14': 100, '15-19': 110, '20-24': 110, '25-29': 110, '30-34': 120, '35-39': 140, '40-44': 170,
  '45-49': 230, '50-54': 310, '55-59': 420, '60-64': 560, '65-69': 780, '70-74': 1100, '75-79': 1700, '80-84': 2600, '85-89': 3700, '90+': 4800,
});
const AVOIDABLE_YEAR: Record<number, number> = { 2020: 0.8, 2021: 0.94, 2022: 0.98, 2023: 1, 2024: 1.01, 2025: 1, 2026: 0.99 };

/**
 * Non-elective admissions, all ages, per 100,000 a year: NHS Digital counted 5.4 million emergency
 * admissions in England in 2013-14 (Hospital Episode Statistics), about 10,000 per 100,000; the
 * BCF's measure (all non-elective admissions) rose slowly over its five years.
 */
const NON_ELECTIVE_RATE = 10_200;
const NON_ELECTIVE_YEAR: Record<number, number> = { 2014: 1, 2015: 1.02, 2016: 1.03, 2017: 1.04, 2018: 1.07, 2019: 1.08 };

/** Emergency admissions of people aged 65+, per 100,000 aged 65+ a year (BCF 2025-26): about 25,000 (approximate). */
const EMERGENCY_65_RATE = 25_000;
const EMERGENCY_65_YEAR: Record<number, number> = { 2023: 1, 2024: 1.02, 2025: 1.03, 2026: 1.04 };

/** Discharged to usual place of residence (BCF 2021-22 to 2024-25): England about 93% (approximate). */
const USUAL_RESIDENCE = 0.93;
/** Hospital discharges a month per 100,000 people, all ages (the metric's denominator; approximate). */
const DISCHARGES_PER_MONTH = 1_400;

/** BCF 2021-22: inpatients in hospital 14 days or more, and 21 or more, about 12% and 6% (approximate). */
const LONG_STAY = { days14: 0.12, days21: 0.06 };
/** Adult acute inpatients a month per 100,000 aged 18+ (approximate). */
const INPATIENTS_PER_MONTH = 1_000;

/**
 * Discharge Ready Date (NHS England, from April 2023): about 85–90% of adult acute patients go
 * home on their ready date; those who do not wait about 6 days on average, so the mean delay
 * over all patients (the BCF 2025-26 metric) is about 0.8 days. Adult acute discharges a month:
 * about 850 per 100,000 aged 18+. All approximate.
 */
const ON_READY_DATE: Record<number, number> = { 2023: 0.86, 2024: 0.87, 2025: 0.875, 2026: 0.88 };
const DELAY_OF_DELAYED = 6;
const ADULT_DISCHARGES_PER_MONTH = 850;

function row(metric: string, area: string, start: string, type: PeriodType, breakdown: string, numerator: number, denominator: number | null): Observation {
  return { metric, area_code: area, period_start: start, period_type: type, breakdown, numerator, denominator, published_value: null, suppressed: false, source: 'demo' };
}

const quarterOf = (month: string) => `${month.slice(0, 5)}${String(monthOf(month) - ((monthOf(month) - 1) % 3)).padStart(2, '0')}-01`;
const yearOf = (month: string) => `${financialYear(month)}-04-01`;

function groupBy<T>(xs: T[], key: (x: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const x of xs) (groups.get(key(x)) ?? groups.set(key(x), []).get(key(x))!).push(x);
  return [...groups.values()];
}

/**
 * Monthly rows, plus quarters and financial years where every month of them is held. A rate's
 * denominator is the population (the same in each month of the year); a proportion's is a count,
 * summed.
 */
function withLongerPeriods(monthly: Observation[], longer: PeriodType[], denominator: 'population' | 'summed'): Observation[] {
  const out = [...monthly];
  for (const type of longer) {
    const startOf = type === 'quarter' ? quarterOf : yearOf;
    for (const rows of groupBy(monthly, (o) => `${o.breakdown}|${startOf(o.period_start)}`)) {
      if (rows.length !== (type === 'quarter' ? 3 : 12)) continue;
      const first = rows[0]!;
      const denom = denominator === 'population' ? first.denominator : sum(rows.map((r) => r.denominator!));
      out.push(row(first.metric, first.area_code, startOf(first.period_start), type, first.breakdown, sum(rows.map((r) => r.numerator)), denom));
    }
  }
  return out;
}

/**
 * A directly standardised rate's rows: one per five-year band per quarter, counts only (the
 * denominators are the bands' populations, filled from the populations table), and each
 * complete financial year as the sum of its quarters. No `total` row: it is computed from the bands.
 */
function standardisedRows(u: HospitalUnit, rnd: Random, metric: string, rates: Partial<Record<FiveYearBand, number>>, year: Record<number, number>, factor: number): Observation[] {
  const quarters = [...new Set(PERIODS.current2020.map(quarterOf))].filter((q) => PERIODS.current2020.filter((m) => quarterOf(m) === q).length === 3);
  const quarterly: Observation[] = [];
  for (const q of quarters) {
    const fy = financialYear(q);
    for (const [band, rate] of Object.entries(rates) as [FiveYearBand, number][]) {
      const expected = (u.bands(fy)[band] * rate * year[fy]! * factor * winter(monthOf(q) + 1, 0.08)) / 4 / 100_000;
      quarterly.push(row(metric, u.code, q, 'quarter', band, rnd.poisson(expected), null));
    }
  }
  const yearly = groupBy(quarterly, (o) => `${o.breakdown}|${yearOf(o.period_start)}`)
    .filter((rows) => rows.length === 4)
    .map((rows) => row(metric, u.code, yearOf(rows[0]!.period_start), 'financial_year', rows[0]!.breakdown, sum(rows.map((r) => r.numerator)), null));
  return [...quarterly, ...yearly];
}

/** Every hospital-based metric's rows for one unit, from its own random stream. */
export function drawHospital(u: HospitalUnit): Observation[] {
  const rnd = seeded(`hospital-counts:${u.code}`);
  const f = u.factor;
  const rows: Observation[] = [];
  const swing = (people: number) => Math.exp(Math.min(0.08, 0.01 + 0.02 * Math.sqrt(1e6 / people)) * rnd.normal());

  const nonElective = PERIODS.nonElective.map((m) => {
    const people = total(u.bands(financialYear(m)));
    const expected = (NON_ELECTIVE_RATE * NON_ELECTIVE_YEAR[financialYear(m)]! * f.nonElective * people * winter(monthOf(m), 0.06) * daysInPeriod(m, 'month')) / 365 / 100_000;
    return row('non_elective_admissions', u.code, m, 'month', 'total', rnd.poisson(expected * swing(people)), people);
  });
  rows.push(...withLongerPeriods(nonElective, ['quarter', 'financial_year'], 'population'));

  const emergency65 = PERIODS.readyDate.map((m) => {
    const people = older(u.bands(financialYear(m)));
    const expected = (EMERGENCY_65_RATE * EMERGENCY_65_YEAR[financialYear(m)]! * f.emergency65 * people * winter(monthOf(m), 0.08) * daysInPeriod(m, 'month')) / 365 / 100_000;
    return row('emergency_admissions_65', u.code, m, 'month', 'total', rnd.poisson(expected * swing(people)), people);
  });
  rows.push(...withLongerPeriods(emergency65, ['quarter', 'financial_year'], 'population'));

  rows.push(...standardisedRows(u, rnd, 'falls_65', FALLS_RATES, FALLS_YEAR, f.falls));
  rows.push(...standardisedRows(u, rnd, 'avoidable_admissions', AVOIDABLE_RATES, AVOIDABLE_YEAR, f.avoidable));

  const usualResidence = PERIODS.current2020.map((m) => {
    const discharges = rnd.poisson((total(u.bands(financialYear(m))) * DISCHARGES_PER_MONTH * winter(monthOf(m), 0.05)) / 100_000);
    const p = logistic(logit(USUAL_RESIDENCE) + f.usualResidence + 0.08 * rnd.normal());
    return row('discharge_usual_residence', u.code, m, 'month', 'total', rnd.binomial(discharges, p), discharges);
  });
  rows.push(...withLongerPeriods(usualResidence, ['quarter'], 'summed'));

  for (const m of PERIODS.lengthOfStay) {
    const inpatients = rnd.poisson((u.adults(financialYear(m)) * INPATIENTS_PER_MONTH * winter(monthOf(m), 0.05)) / 100_000);
    const stretch = f.longStay * winter(monthOf(m), 0.1) * Math.exp(0.05 * rnd.normal());
    const days14 = rnd.binomial(inpatients, Math.min(0.5, LONG_STAY.days14 * stretch));
    rows.push(row('length_of_stay_14', u.code, m, 'month', 'total', days14, inpatients));
    rows.push(row('length_of_stay_21', u.code, m, 'month', 'total', rnd.binomial(days14, LONG_STAY.days21 / LONG_STAY.days14), inpatients));
  }

  for (const m of PERIODS.readyDate) {
    const discharged = rnd.poisson((u.adults(financialYear(m)) * ADULT_DISCHARGES_PER_MONTH * winter(monthOf(m), 0.05)) / 100_000);
    const onDate = rnd.binomial(discharged, logistic(logit(ON_READY_DATE[financialYear(m)]!) + f.onReadyDate + 0.1 * rnd.normal()));
    const delayDays = rnd.poisson((discharged - onDate) * DELAY_OF_DELAYED * f.delayLength * winter(monthOf(m), 0.1) * Math.exp(0.1 * rnd.normal()));
    rows.push(row('discharged_on_ready_date', u.code, m, 'month', 'total', onDate, discharged));
    rows.push(row('discharge_delay', u.code, m, 'month', 'total', delayDays, discharged));
  }
  return rows;
}
