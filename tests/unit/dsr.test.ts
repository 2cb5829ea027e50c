import { describe, expect, it } from 'vitest';
import { FIVE_YEAR_BANDS } from '$lib/contract/schema';
import { bandsWithin, dobsonInterval, DSR_TOO_FEW, ESP_2013, standardisedSums, type BandCount } from '$lib/stats/dsr';
import { roundTo } from '$lib/stats/rates';

const OVER_65 = bandsWithin('65+');

// A small 65+ example, worked by hand below.
const FALLS: BandCount[] = [
  { band: '65-69', count: 10, population: 10_000 },
  { band: '70-74', count: 12, population: 8_000 },
  { band: '75-79', count: 15, population: 6_000 },
  { band: '80-84', count: 16, population: 4_000 },
  { band: '85-89', count: 15, population: 2_500 },
  { band: '90+', count: 12, population: 1_000 },
];

describe('ESP_2013', () => {
  it('has the nineteen five-year bands, summing to 100,000', () => {
    expect(Object.keys(ESP_2013)).toEqual([...FIVE_YEAR_BANDS]);
    expect(Object.values(ESP_2013).reduce((a, b) => a + b, 0)).toBe(100_000);
    expect([ESP_2013['0-4'], ESP_2013['30-34'], ESP_2013['50-54'], ESP_2013['90+']]).toEqual([5000, 6500, 7000, 1000]);
  });
});

describe('bandsWithin', () => {
  it('splits 65+ into 65-69 … 90+, all into all nineteen, and 15-64 into ten', () => {
    expect(OVER_65).toEqual(['65-69', '70-74', '75-79', '80-84', '85-89', '90+']);
    expect(bandsWithin('all')).toHaveLength(19);
    expect(bandsWithin('15-64')).toEqual(['15-19', '20-24', '25-29', '30-34', '35-39', '40-44', '45-49', '50-54', '55-59', '60-64']);
  });

  it('refuses a band that does not fall on five-year boundaries', () => {
    expect(() => bandsWithin('18+')).toThrow('age band "18+" is not made of whole five-year bands');
    expect(() => bandsWithin('18-64')).toThrow('age band "18-64" is not made of whole five-year bands');
    expect(() => bandsWithin('65-91')).toThrow(/not made of whole five-year bands/);
  });
});

describe('DSR with Dobson intervals', () => {
  it('hand-worked 65+ example: 276.9 per 100,000 (95% 218.3 to 346.1; 99.8% 189.1 to 389.0)', () => {
    // Weights over 65+: 5500 + 5000 + 4000 + 2500 + 1500 + 1000 = 19,500; O = 10+12+15+16+15+12 = 80.
    // Σ w·O/n = 5500·0.001 + 5000·0.0015 + 4000·0.0025 + 2500·0.004 + 1500·0.006 + 1000·0.012
    //         = 5.5 + 7.5 + 10 + 10 + 9 + 12 = 54;  DSR = 54 / 19,500 × 100,000 = 276.923
    // Σ w²·O/n² = 3.025 + 4.6875 + 6.66667 + 6.25 + 5.4 + 12 = 38.02917
    // var = 38.02917 / 19,500² = 1.000110e-7;  √(var / O) = √(1.250137e-9) = 3.535728e-5
    // Byar on 80 (z = 1.959964): lower = 80·(1 − 1/720 − z/(3√80))³ = 80·0.9255676³ = 63.43287
    //                             upper = 81·(1 − 1/729 + z/27)³ = 81·1.0712196³ = 99.56815
    // lower = 276.923 + 3.535728 × (63.43287 − 80) = 276.923 − 58.577 = 218.346
    // upper = 276.923 + 3.535728 × (99.56815 − 80) = 276.923 + 69.188 = 346.111
    const sums = standardisedSums(FALLS, OVER_65);
    expect(sums.count).toBe(80);
    expect(sums.rate * 100_000).toBeCloseTo(276.923077, 5);
    expect(sums.variance).toBeCloseTo(1.000110e-7, 12);
    const ci = dobsonInterval(sums);
    if (ci.value === null) throw new Error('expected a value');
    expect(ci.lower).toBeCloseTo(218.3462, 3);
    expect(ci.upper).toBeCloseTo(346.1107, 3);
    expect([ci.value, ci.lower, ci.upper].map((x) => roundTo(x, 1))).toEqual([276.9, 218.3, 346.1]);
    // 99.8% (z = 3.090232): Byar 55.16053 to 111.70322, so 276.923 + 3.535728 × (−24.83947, 31.70322).
    const wide = dobsonInterval(sums, 0.998);
    if (wide.value === null) throw new Error('expected a value');
    expect([wide.lower, wide.upper].map((x) => roundTo(x, 1))).toEqual([189.1, 389.0]);
  });

  it('equals the crude rate when every band has the same rate, whatever the weights', () => {
    const bands = bandsWithin('all').map((band, i) => ({ band, count: 3 * (i + 1), population: 1_000 * (i + 1) }));
    const ci = dobsonInterval(standardisedSums(bands, bandsWithin('all')));
    expect(ci.value).toBeCloseTo(300, 9);
  });

  it('gives no value below a total of 10 events, with the reason and no count in it; 10 gives one', () => {
    const nine = FALLS.map((b) => ({ ...b, count: b.band === '90+' ? 9 : 0 }));
    expect(dobsonInterval(standardisedSums(nine, OVER_65))).toEqual({ value: null, reason: DSR_TOO_FEW });
    expect(DSR_TOO_FEW).not.toMatch(/\b[1-7]\b/);
    const ten = FALLS.map((b) => ({ ...b, count: b.band === '90+' ? 10 : 0 }));
    // Only 90+: 10/1000 × 1000 / 19,500 × 100,000 = 51.282
    expect(dobsonInterval(standardisedSums(ten, OVER_65)).value).toBeCloseTo(51.282051, 5);
  });

  it('names the band at fault for a missing, repeated, unknown or empty band', () => {
    expect(() => standardisedSums(FALLS.slice(1), OVER_65)).toThrow('age band 65-69 missing: a DSR needs every band it is standardised over');
    expect(() => standardisedSums([...FALLS, FALLS[0]!], OVER_65)).toThrow('age band "65-69" appears twice');
    expect(() => standardisedSums([...FALLS, { band: '60-64', count: 1, population: 10 }], OVER_65)).toThrow('age band "60-64" is not one of the bands standardised over');
    expect(() => standardisedSums(FALLS.map((b) => (b.band === '90+' ? { ...b, population: 0 } : b)), OVER_65)).toThrow('age band "90+": the population must be more than 0, not 0');
    expect(() => standardisedSums(FALLS.map((b) => (b.band === '80-84' ? { ...b, count: -1 } : b)), OVER_65)).toThrow('age band "80-84": the count must be 0 or more, not -1');
  });
});
