import { describe, expect, it } from 'vitest';
import { metric } from '$lib/definitions';
import { byarInterval, rateInterval, wilsonInterval, zFor } from '$lib/stats/intervals';
import { roundTo } from '$lib/stats/rates';
import { compareToBenchmark } from '$lib/stats/significance';

const pct = (x: number) => roundTo(x * 100, 1);

describe('zFor', () => {
  it('gives the Fingertips z for 95% and 99.8%, and refuses other levels', () => {
    expect(zFor(0.95)).toBe(1.959963985);
    expect(zFor(0.998)).toBe(3.090232306);
    expect(() => zFor(0.9)).toThrow(/0\.95 or 0\.998/);
  });
});

describe('wilsonInterval', () => {
  it('Wirral 2B(1) 2020-21, 122 / 147 = 83.0%: 95% interval 76.1% to 88.2%', () => {
    // O = 122, n = 147, p = 0.82993, q = 0.17007, z = 1.95996, z² = 3.84146
    // √(z² + 4·O·q) = √(3.84146 + 82.99320) = √86.83466 = 9.31851; × z = 18.26395
    // 2(n + z²) = 301.68292
    // lower = (2·122 + 3.84146 − 18.26395) / 301.68292 = 229.57751 / 301.68292 = 0.76099
    // upper = (2·122 + 3.84146 + 18.26395) / 301.68292 = 266.10541 / 301.68292 = 0.88207
    const { lower, upper } = wilsonInterval(122, 147);
    expect(lower).toBeCloseTo(0.76099, 5);
    expect(upper).toBeCloseTo(0.88207, 5);
    expect([pct(lower), pct(upper)]).toEqual([76.1, 88.2]);
  });

  it('0 / 10 runs from 0 to z² / (n + z²) = 27.8%', () => {
    // With O = 0 the root term is z·√z² = z², so lower = 0 and upper = 2z² / 2(n + z²).
    const { lower, upper } = wilsonInterval(0, 10);
    expect(lower).toBe(0);
    expect(upper).toBeCloseTo(3.841459 / 13.841459, 6);
    expect(pct(upper)).toBe(27.8);
  });

  it('10 / 10 runs from n / (n + z²) = 72.2% to 100%', () => {
    const { lower, upper } = wilsonInterval(10, 10);
    expect(lower).toBeCloseTo(10 / 13.841459, 6);
    expect(pct(lower)).toBe(72.2);
    expect(upper).toBe(1);
  });

  it('99.8% is wider than 95% on both sides: 71.5% to 90.5% for Wirral', () => {
    const narrow = wilsonInterval(122, 147, 0.95);
    const wide = wilsonInterval(122, 147, 0.998);
    expect(wide.lower).toBeLessThan(narrow.lower);
    expect(wide.upper).toBeGreaterThan(narrow.upper);
    expect([pct(wide.lower), pct(wide.upper)]).toEqual([71.5, 90.5]);
  });

  it('refuses a numerator above its denominator', () => {
    expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 0)).toThrow(RangeError);
  });
});

describe('byarInterval', () => {
  it('Byar for 34: 23.542 to 47.513', () => {
    // lower = O(1 − 1/9O − z/3√O)³ = 34(1 − 0.0032680 − 1.95996/17.49286)³
    //       = 34(1 − 0.0032680 − 0.1120430)³ = 34 × 0.8846890³ = 34 × 0.6924221 = 23.5424
    // upper = (O+1)(1 − 1/9(O+1) + z/3√(O+1))³ = 35(1 − 0.0031746 + 1.95996/17.74824)³
    //       = 35(1 − 0.0031746 + 0.1104315)³ = 35 × 1.1072569³ = 35 × 1.3575166 = 47.5131
    const { lower, upper } = byarInterval(34);
    expect(lower).toBeCloseTo(23.5424, 4);
    expect(upper).toBeCloseTo(47.5131, 4);
  });

  it('switches from exact to Byar at 10', () => {
    // Byar for 10: 10 × 0.7822905³ = 4.7874, 11 × 1.1868828³ = 18.3915 (exact would be 4.7954 to 18.3904).
    const byar = byarInterval(10);
    expect(byar.lower).toBeCloseTo(4.7874, 4);
    expect(byar.upper).toBeCloseTo(18.3915, 4);
    // Exact for 9 (Garwood table): 4.1154 to 17.0848.
    const exact = byarInterval(9);
    expect(exact.lower).toBeCloseTo(4.1154, 4);
    expect(exact.upper).toBeCloseTo(17.0848, 4);
  });

  it('exact Poisson limits for small counts match the published tables', () => {
    const zero = byarInterval(0);
    expect(zero.lower).toBe(0);
    expect(zero.upper).toBeCloseTo(3.689, 3); // −ln(0.025) = 3.68888
    expect(zero.upper).toBeCloseTo(-Math.log(0.025), 9);
    const one = byarInterval(1);
    expect(one.lower).toBeCloseTo(0.0253, 4); // −ln(0.975) = 0.025318
    expect(one.lower).toBeCloseTo(-Math.log(0.975), 9);
    expect(one.upper).toBeCloseTo(5.572, 3);
    const five = byarInterval(5);
    expect(five.lower).toBeCloseTo(1.6235, 4);
    expect(five.upper).toBeCloseTo(11.668, 3);
  });

  it('exact 99.8% limits are wider than 95%', () => {
    // For 0 the upper limit is −ln(0.001) = 6.9078.
    expect(byarInterval(0, 0.998).upper).toBeCloseTo(6.9078, 4);
    expect(byarInterval(5, 0.998).lower).toBeLessThan(byarInterval(5).lower);
  });

  it('refuses negative and fractional small counts', () => {
    expect(() => byarInterval(-1)).toThrow(RangeError);
    expect(() => byarInterval(2.5)).toThrow(RangeError);
  });
});

describe('rateInterval', () => {
  it('Halton 2A(2) 2020-21: 34 / 24,105 = 141.0 per 100,000 (97.7 to 197.1)', () => {
    // 23.5424 / 24,105 × 100,000 = 97.666; 47.5131 / 24,105 × 100,000 = 197.109
    const r = rateInterval(metric('ascof_2a2'), 34, 24_105, '2020-04-01', 'financial_year')!;
    expect(r.method).toBe('byar');
    expect([roundTo(r.value, 1), roundTo(r.lower, 1), roundTo(r.upper, 1)]).toEqual([141.0, 97.7, 197.1]);
  });

  it('Wirral 2B(1) on the percentage scale: 83.0% (76.1% to 88.2%)', () => {
    const r = rateInterval(metric('ascof_2b1'), 122, 147, '2020-04-01', 'financial_year')!;
    expect(r.method).toBe('wilson');
    expect([roundTo(r.value, 1), roundTo(r.lower, 1), roundTo(r.upper, 1)]).toEqual([83.0, 76.1, 88.2]);
  });

  it('DToC per day: Halton March 2019, 370 delayed days, 31 days, 100,914 aged 18+', () => {
    // Byar for 370: 370 × (1 − 0.00030030 − 0.03396456)³ = 370 × 0.9657351³ = 333.254
    //               371 × (1 − 0.00029949 + 0.03391875)³ = 371 × 1.0336193³ = 409.690
    // per day per 100,000: 333.254 / 31 / 100,914 × 100,000 = 10.653; 11.827; 409.690 / … = 13.096
    const r = rateInterval(metric('dtoc'), 370, 100_914, '2019-03-01', 'month')!;
    expect(r.value).toBeCloseTo(11.827, 3);
    expect(r.lower).toBeCloseTo(10.653, 3);
    expect(r.upper).toBeCloseTo(13.096, 3);
  });

  it('uses the days in the month: the same count in February 2019 (28 days) is a higher rate', () => {
    const r = rateInterval(metric('dtoc'), 370, 100_914, '2019-02-01', 'month')!;
    expect(r.lower).toBeCloseTo((333.2544 / 28 / 100_914) * 100_000, 3);
  });

  it('is null without a denominator', () => {
    expect(rateInterval(metric('ascof_2a2'), 34, null, '2020-04-01', 'financial_year')).toBeNull();
    expect(rateInterval(metric('ascof_2b1'), 0, 0, '2020-04-01', 'financial_year')).toBeNull();
  });
});

describe('compareToBenchmark', () => {
  // Halton 2A(2) 2020-21, 97.7 to 197.1, against England's 498.2.
  const halton = { lower: 97.7, upper: 197.1 };

  it('an interval wholly below England is better when lower is better', () => {
    expect(compareToBenchmark(halton, 498.2, 'lower')).toBe('better');
  });
  it('the same interval is worse when higher is better', () => {
    expect(compareToBenchmark(halton, 498.2, 'higher')).toBe('worse');
  });
  it('an interval wholly above the benchmark flips the other way', () => {
    expect(compareToBenchmark(halton, 50, 'lower')).toBe('worse');
    expect(compareToBenchmark(halton, 50, 'higher')).toBe('better');
  });
  it('an interval straddling or touching the benchmark is similar', () => {
    expect(compareToBenchmark({ lower: 76.1, upper: 88.2 }, 82.0, 'higher')).toBe('similar');
    expect(compareToBenchmark(halton, 197.1, 'lower')).toBe('similar');
    expect(compareToBenchmark(halton, 97.7, 'lower')).toBe('similar');
  });
  it('is not compared without an interval or a benchmark', () => {
    expect(compareToBenchmark(null, 498.2, 'lower')).toBe('not compared');
    expect(compareToBenchmark(halton, null, 'lower')).toBe('not compared');
  });
});
