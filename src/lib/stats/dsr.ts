// Directly age-standardised rates (DSR): what a population's rate would be if it had the age
// structure of the 2013 European Standard Population, with Dobson et al. (1991) confidence
// intervals, computed as OHID Fingertips and UKHSA's PHEindicatormethods (`calculate_dsr`) do:
//   DSR = Σ wᵢ·Oᵢ/nᵢ ÷ Σ wᵢ                 (× 100,000)
//   var = Σ wᵢ²·Oᵢ/nᵢ² ÷ (Σ wᵢ)²
//   limit = DSR + √(var / O) × (O_limit − O)   where O = Σ Oᵢ and O_limit are the Poisson limits on O
// and no rate at all when O is below 10, where they call it unreliable.
import { FIVE_YEAR_BANDS, type FiveYearBand } from '../contract/schema';
import { byarInterval } from './intervals';

/** The 2013 European Standard Population, by five-year band (total 100,000). */
export const ESP_2013: Readonly<Record<FiveYearBand, number>> = {
  '0-4': 5000, '5-9': 5500, '10-14': 5500, '15-19': 5500, '20-24': 6000, '25-29': 6000,
  '30-34': 6500, '35-39': 7000, '40-44': 7000, '45-49': 7000, '50-54': 7000, '55-59': 6500,
  '60-64': 6000, '65-69': 5500, '70-74': 5000, '75-79': 4000, '80-84': 2500, '85-89': 1500, '90+': 1000,
};

/** Fingertips' floor: below this many events in total a DSR is not published. */
export const DSR_MIN_COUNT = 10;

/** Why a DSR is missing, in words a page can show (no count in it: it may be 1 to 7). */
export const DSR_TOO_FEW =
  'Not calculated: fewer than 10 events in total, too few for a reliable age-standardised rate (as on OHID Fingertips).';

const isFiveYearBand = (b: string): b is FiveYearBand => (FIVE_YEAR_BANDS as readonly string[]).includes(b);
const startOf = (b: FiveYearBand) => Number(b.split(/[-+]/)[0]);

/**
 * The five-year bands that make up a wider age band: `all`, `65+` (65-69 … 90+), `18-64`'s kind
 * only where it starts and ends on five-year boundaries (e.g. `15-64`). Throws for one that does not.
 */
export function bandsWithin(band: string): FiveYearBand[] {
  if (band === 'all') return [...FIVE_YEAR_BANDS];
  const m = /^(\d+)(?:\+|-(\d+))$/.exec(band);
  const from = m ? Number(m[1]) : NaN;
  const to = m?.[2] !== undefined ? Number(m[2]) : Infinity;
  const within = FIVE_YEAR_BANDS.filter((b) => startOf(b) >= from && (b === '90+' ? to === Infinity : startOf(b) + 4 <= to));
  const covered = within.length > 0 && startOf(within[0]!) === from && (to === Infinity ? within.at(-1) === '90+' : startOf(within.at(-1)!) + 4 === to);
  if (!covered) throw new RangeError(`age band "${band}" is not made of whole five-year bands (0-4, 5-9, …, 85-89, 90+)`);
  return within;
}

/** One age band's events and population. */
export interface BandCount {
  band: string;
  count: number;
  population: number;
}

/** What a DSR and its interval are made of: the total count, the standardised rate per person and its variance. */
export interface StandardisedSums {
  count: number;
  rate: number;
  variance: number;
}

/**
 * The sums over exactly the bands `over` (weights re-summed over them, so a 65+ rate is per
 * 100,000 aged 65+). Throws, naming the band, on a band missing, repeated or not in `over`, a
 * negative count, or a population that is not positive.
 */
export function standardisedSums(bands: readonly BandCount[], over: readonly FiveYearBand[]): StandardisedSums {
  const seen = new Set<string>();
  let count = 0;
  let weighted = 0;
  let squared = 0;
  for (const { band, count: o, population: n } of bands) {
    if (!isFiveYearBand(band) || !over.includes(band)) {
      throw new RangeError(`age band "${band}" is not one of the bands standardised over (${over.join(', ')})`);
    }
    if (seen.has(band)) throw new RangeError(`age band "${band}" appears twice`);
    seen.add(band);
    if (!(o >= 0) || !Number.isFinite(o)) throw new RangeError(`age band "${band}": the count must be 0 or more, not ${o}`);
    if (!(n > 0) || !Number.isFinite(n)) throw new RangeError(`age band "${band}": the population must be more than 0, not ${n}`);
    const w = ESP_2013[band];
    count += o;
    weighted += (w * o) / n;
    squared += (w * w * o) / (n * n);
  }
  const missing = over.filter((b) => !seen.has(b));
  if (missing.length) throw new RangeError(`age band${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing: a DSR needs every band it is standardised over`);
  const total = over.reduce((s, b) => s + ESP_2013[b], 0);
  return { count, rate: weighted / total, variance: squared / (total * total) };
}

export type DsrInterval =
  | { value: number; lower: number; upper: number; level: number }
  | { value: null; reason: string };

/**
 * The DSR per `multiplier` with its Dobson interval at `level` (0.95 or 0.998), or no value, with
 * the reason, when the total count is below 10. The limits on the total count are Byar's (exact
 * below 10 in byarInterval, never reached here), as PHEindicatormethods uses.
 */
export function dobsonInterval(sums: StandardisedSums, level = 0.95, multiplier = 100_000): DsrInterval {
  const { count, rate, variance } = sums;
  if (count < DSR_MIN_COUNT) return { value: null, reason: DSR_TOO_FEW };
  const { lower, upper } = byarInterval(count, level);
  const step = Math.sqrt(variance / count);
  return {
    value: rate * multiplier,
    lower: (rate + step * (lower - count)) * multiplier,
    upper: (rate + step * (upper - count)) * multiplier,
    level,
  };
}
