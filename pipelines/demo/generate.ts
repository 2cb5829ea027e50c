// Generates the illustrative demo data bottom-up: counts are drawn per neighbourhood hub, places
// are the exact sums of their hubs, the North West is its places plus the rest of the region,
// and England is drawn at its own published scale. DToC and ASCOF are drawn here; the hospital
// metrics since 2014-15 in hospital.ts, from each unit's five-year population bands.
import { daysInPeriod, financialYear } from '../../src/lib/contract/periods';
import { FIVE_YEAR_BANDS, type Area, type Observation, type PeriodType, type Population, type Tables, type Target } from '../../src/lib/contract/schema';
import { roundTo } from '../../src/lib/stats/rates';
import { fiveYearBands, type FiveYearBand } from './age-bands';
import { COMPARATORS, ENGLAND, ICBS, NORTH_WEST, PLACES, type PlaceSeed } from './geography';
import { ENGLAND_FACTORS, NORTH_WEST_FACTORS, drawHospital, hubFactors, monthsBetween, placeFactors, type HospitalFactors } from './hospital';
import { apportion, seeded } from './random';

/** Financial years covered by the ASCOF metrics, named by their first calendar year. */
export const FIRST_YEAR = 2014;
export const LAST_YEAR = 2023;
/** Populations are held to the last year of any metric (the hospital metrics run to 2026-27). */
const LAST_POPULATION_YEAR = 2026;
/** DToC months: BCF metric from April 2015; collection suspended after February 2020. */
export const DTOC_MONTHS = monthsBetween('2015-04-01', '2020-02-01');

// Year-on-year shape of each series relative to its calibration year (published shape: DToC
// peaked in 2016-17 and fell under BCF targets; admissions drifted down, dipped in 2020-21).
const DTOC_YEAR: Record<number, number> = { 2015: 1.05, 2016: 1.3, 2017: 1.15, 2018: 1.0, 2019: 0.92 };
const ADMISSIONS_YEAR: Record<number, number> = { 2014: 1.2, 2015: 1.16, 2016: 1.12, 2017: 1.1, 2018: 1.08, 2019: 1.06, 2020: 1.0, 2021: 1.03, 2022: 1.04, 2023: 1.02 };
const AT_HOME_YEAR: Record<number, number> = { 2014: -0.03, 2015: -0.02, 2016: -0.02, 2017: -0.01, 2018: 0, 2019: 0.005, 2020: 0, 2021: -0.01, 2022: -0.005, 2023: 0.005 };
/** Admissions by quarter of the financial year (Jan–Mar busiest). */
const QUARTER_SHARE = [0.24, 0.23, 0.25, 0.28];

interface Unit {
  code: string;
  /** Population per financial year, for 18-64 and 65+. */
  pop18to64: Map<number, number>;
  pop65: Map<number, number>;
  seed: Omit<PlaceSeed, 'code' | 'name' | 'icb' | 'hubs' | 'pop18to64' | 'pop65'>;
  /** Reablement discharges in the Oct–Dec cohort per person aged 65+ (from the calibration year). */
  cohortPerPerson: number;
  /** How much this unit's rates differ from its calibration (1 for places and comparators). */
  factor: { dtoc: number; admissions: number; atHome: number; cohort: number };
  /** Five-year bands per financial year (a place's are the sums of its hubs'). */
  bands: Map<number, Record<FiveYearBand, number>>;
  hospital: HospitalFactors;
}

const span = (last: number) => Array.from({ length: last - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i);
const years = () => span(LAST_YEAR);
const populationYears = () => span(LAST_POPULATION_YEAR);

/** Straight line through the mid-2018 and mid-2020 estimates. */
function populationByYear([p2018, p2020]: [number, number]): Map<number, number> {
  return new Map(populationYears().map((y) => [y, Math.round(p2018 + ((p2020 - p2018) * (y - 2018)) / 2)]));
}

const bandsOf = (pop18to64: Map<number, number>, pop65: Map<number, number>) =>
  new Map(populationYears().map((y) => [y, fiveYearBands(pop18to64.get(y)!, pop65.get(y)!)]));

/** Band by band sums of several units' bands, per year. */
const summedBands = (units: Unit[]) =>
  new Map(populationYears().map((y) => [y, Object.fromEntries(FIVE_YEAR_BANDS.map((b) => [b, units.reduce((s, u) => s + u.bands.get(y)![b], 0)])) as Record<FiveYearBand, number>]));

function hubUnits(place: PlaceSeed, placeUnit: Unit): Unit[] {
  const rnd = seeded(`hubs:${place.code}`);
  const weights = place.hubs.map(() => 0.6 + 0.8 * rnd.uniform());
  const olderTilt = place.hubs.map(() => 0.8 + 0.4 * rnd.uniform());
  const split = (pop: Map<number, number>, tilt: number[]) => {
    const perYear = populationYears().map((y) => apportion(pop.get(y)!, weights.map((w, i) => w * tilt[i]!)));
    return place.hubs.map((_, h) => new Map(populationYears().map((y, i) => [y, perYear[i]![h]!])));
  };
  const adults = split(placeUnit.pop18to64, place.hubs.map(() => 1));
  const older = split(placeUnit.pop65, olderTilt);
  const lognormal = (sd: number) => Math.exp(sd * rnd.normal());
  // The hospital metrics' spread has its own stream, so adding them left the older metrics' draws as they were.
  const hospitalRnd = seeded(`hub-hospital:${place.code}`);
  return place.hubs.map((_, h) => ({
    code: hubCode(place.code, h),
    pop18to64: adults[h]!,
    pop65: older[h]!,
    seed: placeUnit.seed,
    cohortPerPerson: placeUnit.cohortPerPerson,
    factor: { dtoc: lognormal(0.25), admissions: lognormal(0.2), atHome: 0.04 * rnd.normal(), cohort: lognormal(0.15) },
    bands: bandsOf(adults[h]!, older[h]!),
    hospital: hubFactors(placeUnit.hospital, hospitalRnd),
  }));
}

export const hubCode = (placeCode: string, index: number) => `${placeCode}-N${index + 1}`;

const neutral = { dtoc: 1, admissions: 1, atHome: 0, cohort: 1 };

type Calibration = Pick<PlaceSeed, 'pop18to64' | 'pop65' | 'dtocRate' | 'dtocShares' | 'admissionsRate' | 'atHomePct' | 'reablementCohort'>;

function unitOf(code: string, s: Calibration, hospital: HospitalFactors): Unit {
  const pop18to64 = populationByYear(s.pop18to64);
  const pop65 = populationByYear(s.pop65);
  return { code, pop18to64, pop65, seed: s, cohortPerPerson: s.reablementCohort / s.pop65[1], factor: neutral, bands: bandsOf(pop18to64, pop65), hospital };
}

const adults = (u: Unit, y: number) => u.pop18to64.get(y)! + u.pop65.get(y)!;

function observation(metric: string, area: string, start: string, type: PeriodType, breakdown: string, numerator: number, denominator: number): Observation {
  return { metric, area_code: area, period_start: start, period_type: type, breakdown, numerator, denominator, published_value: null, suppressed: false, source: 'demo' };
}

function drawUnit(u: Unit, areaCode = u.code): Observation[] {
  const rnd = seeded(`counts:${u.code}`);
  const rows: Observation[] = [];
  for (const month of DTOC_MONTHS) {
    const fy = financialYear(month);
    const m = Number(month.slice(5, 7));
    const season = 1 + 0.08 * Math.cos(((m - 1) / 12) * 2 * Math.PI);
    const expected = (u.seed.dtocRate * DTOC_YEAR[fy]! * season * u.factor.dtoc * adults(u, fy) * daysInPeriod(month, 'month')) / 100_000;
    // Month-to-month swings beyond Poisson noise, smaller for bigger populations.
    const swing = Math.min(0.12, 0.02 + 0.03 * Math.sqrt(1e6 / adults(u, fy)));
    const total = rnd.poisson(expected * Math.exp(swing * rnd.normal()));
    const [sNhs, sSc] = u.seed.dtocShares;
    const nhs = rnd.binomial(total, sNhs);
    const socialCare = rnd.binomial(total - nhs, sSc / (1 - sNhs));
    const parts = { total, nhs, social_care: socialCare, both: total - nhs - socialCare };
    for (const [breakdown, days] of Object.entries(parts)) rows.push(observation('dtoc', areaCode, month, 'month', breakdown, days, adults(u, fy)));
  }
  for (const fy of years()) {
    const quarters = QUARTER_SHARE.map((share) =>
      rnd.poisson((u.seed.admissionsRate * ADMISSIONS_YEAR[fy]! * share * u.factor.admissions * u.pop65.get(fy)!) / 100_000),
    );
    quarters.forEach((n, q) => {
      const start = new Date(Date.UTC(fy, 3 + 3 * q, 1)).toISOString().slice(0, 10);
      rows.push(observation('ascof_2a2', areaCode, start, 'quarter', 'total', n, u.pop65.get(fy)!));
    });
    const fyStart = `${fy}-04-01`;
    rows.push(observation('ascof_2a2', areaCode, fyStart, 'financial_year', 'total', quarters.reduce((a, b) => a + b, 0), u.pop65.get(fy)!));
    const cohort = rnd.poisson(u.cohortPerPerson * u.pop65.get(fy)! * u.factor.cohort);
    const p = Math.min(0.98, Math.max(0.4, u.seed.atHomePct / 100 + AT_HOME_YEAR[fy]! + u.factor.atHome + 0.015 * rnd.normal()));
    rows.push(observation('ascof_2b1', areaCode, fyStart, 'financial_year', 'total', rnd.binomial(cohort, p), cohort));
  }
  rows.push(...drawHospital({ code: areaCode, bands: (fy) => u.bands.get(fy)!, adults: (fy) => adults(u, fy), factor: u.hospital }));
  return rows;
}

const keyOf = (o: Observation) => `${o.metric}|${o.period_start}|${o.period_type}|${o.breakdown}`;

/** Adds up observations of several areas into rows for one area (numerators and denominators alike). */
function sumInto(areaCode: string, groups: Observation[][]): Observation[] {
  const sums = new Map<string, Observation>();
  for (const o of groups.flat()) {
    const k = keyOf(o);
    const s = sums.get(k);
    if (s) {
      s.numerator += o.numerator;
      // Empty denominators (filled from populations) stay empty.
      if (s.denominator != null) s.denominator += o.denominator!;
    } else sums.set(k, { ...o, area_code: areaCode });
  }
  return [...sums.values()];
}

function populationRows(u: Unit): Population[] {
  return populationYears().flatMap((year) => {
    const bands = u.bands.get(year)!;
    return [
      { area_code: u.code, year, age_band: '18+' as const, population: adults(u, year) },
      { area_code: u.code, year, age_band: '18-64' as const, population: u.pop18to64.get(year)! },
      { area_code: u.code, year, age_band: '65+' as const, population: u.pop65.get(year)! },
      { area_code: u.code, year, age_band: 'all' as const, population: FIVE_YEAR_BANDS.reduce((s, b) => s + bands[b], 0) },
      ...FIVE_YEAR_BANDS.map((b) => ({ area_code: u.code, year, age_band: b, population: bands[b] })),
    ];
  });
}

/**
 * Each place's plan: a target per financial year in each metric's unit, set near what the year
 * turned out to be (some met, some missed), as BCF plans were.
 */
function targetRows(place: PlaceSeed): Target[] {
  const rnd = seeded(`targets:${place.code}`);
  const target = (metric: string, fy: number, value: number): Target =>
    ({ metric, area_code: place.code, period_start: `${fy}-04-01`, period_type: 'financial_year', target: roundTo(value, 1), source: 'demo' });
  return [
    ...[2017, 2018, 2019].map((fy) => target('dtoc', fy, place.dtocRate * DTOC_YEAR[fy]! * (0.88 + 0.16 * rnd.uniform()))),
    ...years().slice(1).map((fy) => target('ascof_2a2', fy, place.admissionsRate * ADMISSIONS_YEAR[fy]! * (0.94 + 0.1 * rnd.uniform()))),
    ...years().slice(1).map((fy) => target('ascof_2b1', fy, Math.min(98, place.atHomePct + 100 * AT_HOME_YEAR[fy]! - 1.5 + 4 * rnd.uniform()))),
  ];
}

export function generateDemo(): Tables {
  const areas: Area[] = [
    { area_code: ENGLAND.code, area_name: ENGLAND.name, area_type: 'england', parent_code: null },
    { area_code: NORTH_WEST.code, area_name: NORTH_WEST.name, area_type: 'region', parent_code: ENGLAND.code },
    ...ICBS.map((i) => ({ area_code: i.code, area_name: i.name, area_type: 'icb' as const, parent_code: NORTH_WEST.code })),
  ];
  const england = unitOf(ENGLAND.code, COMPARATORS.england, ENGLAND_FACTORS);
  const northWest = unitOf(NORTH_WEST.code, COMPARATORS.northWest, NORTH_WEST_FACTORS);
  const units: Unit[] = [england, northWest];
  const observations: Observation[] = drawUnit(england);
  const placeRows: Observation[][] = [];
  for (const place of PLACES) {
    const placeUnit = unitOf(place.code, place, placeFactors(place.code));
    const hubs = hubUnits(place, placeUnit);
    placeUnit.bands = summedBands(hubs);
    areas.push({ area_code: place.code, area_name: place.name, area_type: 'place', parent_code: place.icb });
    hubs.forEach((h, i) => areas.push({ area_code: h.code, area_name: place.hubs[i]!, area_type: 'hub', parent_code: place.code }));
    units.push(placeUnit, ...hubs);
    const hubRows = hubs.map((h) => drawUnit(h));
    const summed = sumInto(place.code, hubRows);
    placeRows.push(summed);
    observations.push(...hubRows.flat(), ...summed);
  }
  // The rest of the North West (Cumbria, Lancashire…) is drawn as one block so the region's
  // figures include its places exactly.
  const restOf = (total: [number, number], part: (p: PlaceSeed) => [number, number]): [number, number] =>
    [0, 1].map((i) => total[i]! - PLACES.reduce((s, p) => s + part(p)[i]!, 0)) as [number, number];
  const nw = COMPARATORS.northWest;
  const rest = unitOf('rest-of-north-west', {
    ...nw,
    pop18to64: restOf(nw.pop18to64, (p) => p.pop18to64),
    pop65: restOf(nw.pop65, (p) => p.pop65),
    reablementCohort: nw.reablementCohort - PLACES.reduce((s, p) => s + p.reablementCohort, 0),
  }, NORTH_WEST_FACTORS);
  observations.push(...sumInto(NORTH_WEST.code, [...placeRows, drawUnit(rest)]));
  northWest.bands = summedBands([...units.filter((u) => PLACES.some((p) => p.code === u.code)), rest]);
  const order = (o: Observation) => `${o.metric}|${o.area_code}|${o.period_type}|${o.period_start}|${o.breakdown}`;
  observations.sort((a, b) => (order(a) < order(b) ? -1 : 1));
  return { areas, populations: units.flatMap(populationRows), observations, targets: PLACES.flatMap(targetRows), metrics: [] };
}
