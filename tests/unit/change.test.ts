import { describe, expect, it } from 'vitest';
import type { PeriodType } from '../../src/lib/contract/schema';
import { metric } from '../../src/lib/definitions';
import { changeLabel, changeReason, changeSentence, changeShort, yearOnYear } from '../../src/lib/metrics/change';
import type { Point } from '../../src/lib/metrics/series';
import { metricValue } from '../../src/lib/stats/rates';

function point(id: string, period_start: string, period_type: PeriodType, numerator: number, denominator: number, suppressed = false): Point {
  return {
    area_code: 'X', period_start, period_type, numerator, denominator,
    value: suppressed ? null : metricValue(metric(id), numerator, denominator, period_start, period_type),
    published_value: null, suppressed, local: false, target: null, target_local: false,
  };
}

describe('change on a year earlier, called only when the 95% intervals do not overlap', () => {
  it('an annual rate: a fall whose intervals overlap is no significant change', () => {
    // Byar, z = 1.959964. 2019-20: 40 / 23,900 = 167.4, O = 40: lower 40(1 − 1/360 − z/(3√40))³ = 28.574,
    // upper 41(1 − 1/369 + z/(3√41))³ = 54.470, so 119.6 to 227.9. 2020-21: 34 / 24,105 = 141.0,
    // 23.542 to 47.513 admissions, so 97.7 to 197.1. They overlap (119.6 < 197.1).
    const m = metric('ascof_2a2');
    const c = yearOnYear(m, [point('ascof_2a2', '2019-04-01', 'financial_year', 40, 23_900), point('ascof_2a2', '2020-04-01', 'financial_year', 34, 24_105)])!;
    expect(c.intervals[0].lower).toBeCloseTo(119.55, 2);
    expect(c.intervals[0].upper).toBeCloseTo(227.91, 2);
    expect(c.intervals[1].lower).toBeCloseTo(97.67, 2);
    expect(c.intervals[1].upper).toBeCloseTo(197.11, 2);
    expect(c.difference).toBeCloseTo(141.0496 - 167.364, 3);
    expect(c.verdict).toBe('no significant change');
    expect(changeLabel(c.from)).toBe('Change on a year earlier (2019-20)');
    expect(changeShort(m, c)).toBe('down 26.3, no significant change');
    expect(changeReason(c)).toBe('the 95% intervals overlap');
    expect(changeSentence(m, c)).toBe('down from 167.4 in 2019-20, no significant change (the 95% intervals overlap)');
  });

  it('a proportion: a fall whose intervals are apart is worse when higher is better', () => {
    // Wilson, n = 1,000, z² = 3.8415: 84.0% gives centre (0.84 + 0.00192) / 1.00384 = 0.83870 and
    // half-width 1.96 × √(0.1344/1000 + 0.00000096) / 1.00384 = 0.02272, so 81.60% to 86.14%;
    // 78.0% gives 75.33% to 80.46%. 80.46 < 81.60: apart.
    const m = metric('ascof_2b1');
    const c = yearOnYear(m, [point('ascof_2b1', '2019-04-01', 'financial_year', 840, 1000), point('ascof_2b1', '2020-04-01', 'financial_year', 780, 1000)])!;
    expect([c.intervals[0].lower, c.intervals[0].upper, c.intervals[1].lower, c.intervals[1].upper].map((v) => v.toFixed(2))).toEqual(['81.60', '86.14', '75.33', '80.46']);
    expect(c.verdict).toBe('worse');
    expect(changeShort(m, c)).toBe('down 6.0 percentage points, significantly worse');
    expect(changeReason(c)).toBe('the 95% intervals do not overlap');
    // The same fall is better when lower is better (a rate of admissions, say).
    expect(yearOnYear({ ...m, polarity: 'lower' }, [c.from, c.to])!.verdict).toBe('better');
  });

  it('a monthly series is compared with the same month a year earlier, not the month before', () => {
    // Per 100,000 per day on a population of 100,000: Feb 2019 400 / 28 = 14.29 (Byar 361.8 to
    // 441.2 days, so 12.92 to 15.76); Jan 2020 410 / 31 = 13.23; Feb 2020 (29 days) 540 / 29 = 18.62
    // (495.4 to 587.5 days, so 17.08 to 20.26). Against Feb 2019 the intervals are apart: worse.
    const m = metric('dtoc');
    const points = [point('dtoc', '2019-02-01', 'month', 400, 100_000), point('dtoc', '2020-01-01', 'month', 410, 100_000), point('dtoc', '2020-02-01', 'month', 540, 100_000)];
    const c = yearOnYear(m, points)!;
    expect(c.from.period_start).toBe('2019-02-01');
    expect([c.intervals[0].upper, c.intervals[1].lower].map((v) => v.toFixed(2))).toEqual(['15.76', '17.08']);
    expect(c.verdict).toBe('worse');
    expect(changeSentence(m, c)).toBe('up from 14.3 in Feb 2019, significantly worse (the 95% intervals do not overlap)');
  });

  it('says nothing when the year-earlier period is missing or suppressed', () => {
    const m = metric('dtoc');
    expect(yearOnYear(m, [point('dtoc', '2020-01-01', 'month', 410, 100_000), point('dtoc', '2020-02-01', 'month', 540, 100_000)])).toBeNull();
    expect(yearOnYear(m, [point('dtoc', '2019-02-01', 'month', 5, 100_000, true), point('dtoc', '2020-02-01', 'month', 540, 100_000)])).toBeNull();
    expect(yearOnYear(m, [])).toBeNull();
  });
});
