// Five-year population bands for the demo's areas, split from the broad bands it holds (18-64 and
// 65+ per year) in England's own proportions, so every band adds up exactly to the broad bands.
import { FIVE_YEAR_BANDS } from '../../src/lib/contract/schema';
import { apportion } from './random';

export type FiveYearBand = (typeof FIVE_YEAR_BANDS)[number];

/**
 * England's population by age, mid-2020 (ONS mid-year estimates, MYE2, rounded to 10,000s; OGL
 * v3.0). Only the proportions are used. 15-19 straddles adulthood, so it is held as its 15-17
 * and 18-19 parts, and the under-18s are sized from the 18-64s (12.05 million to 34.0 million).
 */
const UNDER_18: [FiveYearBand | '15-17', number][] = [['0-4', 330], ['5-9', 355], ['10-14', 340], ['15-17', 185]];
const ADULTS_18_64: [FiveYearBand | '18-19', number][] = [
  ['18-19', 130], ['20-24', 345], ['25-29', 380], ['30-34', 390], ['35-39', 375],
  ['40-44', 350], ['45-49', 370], ['50-54', 390], ['55-59', 370], ['60-64', 320],
];
const OLDER_65: [FiveYearBand, number][] = [['65-69', 280], ['70-74', 285], ['75-79', 205], ['80-84', 140], ['85-89', 85], ['90+', 55]];
const UNDER_18_PER_ADULT_18_64 = 1205 / 3400;

const split = <B extends string>(total: number, shares: [B, number][]): Record<B, number> => {
  const parts = apportion(total, shares.map(([, w]) => w));
  return Object.fromEntries(shares.map(([b], i) => [b, parts[i]!])) as Record<B, number>;
};

/** Every five-year band of an area from its 18-64 and 65+ populations; their sum is the whole population. */
export function fiveYearBands(pop18to64: number, pop65: number): Record<FiveYearBand, number> {
  const young = split(Math.round(pop18to64 * UNDER_18_PER_ADULT_18_64), UNDER_18);
  const adults = split(pop18to64, ADULTS_18_64);
  const bands = { ...young, ...adults, ...split(pop65, OLDER_65) } as Record<string, number>;
  bands['15-19'] = bands['15-17']! + bands['18-19']!;
  return Object.fromEntries(FIVE_YEAR_BANDS.map((b) => [b, bands[b]!])) as Record<FiveYearBand, number>;
}

export const OLDER_BANDS: FiveYearBand[] = OLDER_65.map(([b]) => b);
