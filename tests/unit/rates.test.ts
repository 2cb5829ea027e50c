import { describe, expect, it } from 'vitest';
import { daysInPeriod, periodMisfit, periodStarts } from '$lib/contract/periods';
import { metric } from '$lib/definitions';
import { metricValue, roundTo } from '$lib/stats/rates';

describe('metricValue, checked against published figures', () => {
  it('ASCOF 2A(2) Halton 2020-21: 34 / 24,105 × 100,000 = 141.0', () => {
    const v = metricValue(metric('ascof_2a2'), 34, 24_105, '2020-04-01', 'financial_year')!;
    expect(roundTo(v, 1)).toBe(141.0);
  });
  it('ASCOF 2A(2) England 2020-21: 52,133 / 10,464,019 × 100,000 = 498.2', () => {
    const v = metricValue(metric('ascof_2a2'), 52_133, 10_464_019, '2020-04-01', 'financial_year')!;
    expect(roundTo(v, 1)).toBe(498.2);
  });
  it('ASCOF 2B(1) Wirral 2020-21: 122 / 147 = 83.0%, Bury 40 / 52 = 76.9%', () => {
    expect(roundTo(metricValue(metric('ascof_2b1'), 122, 147, '2020-04-01', 'financial_year')!, 1)).toBe(83.0);
    expect(roundTo(metricValue(metric('ascof_2b1'), 40, 52, '2020-04-01', 'financial_year')!, 1)).toBe(76.9);
  });
  it('DToC is per day: Halton March 2019, 370 days / 31 days / 100,914 aged 18+ × 100,000 = 11.83', () => {
    // 370 / 31 = 11.935 delayed beds a day; per 100,000 adults: 11.935 / 100,914 × 100,000.
    const v = metricValue(metric('dtoc'), 370, 100_914, '2019-03-01', 'month')!;
    expect(v).toBeCloseTo(11.827, 3);
  });
  it('summing before dividing differs from averaging rates, and is what we do', () => {
    // Two hubs: 10/1,000 and 1/10,000 per 100k. Pooled = 11 / 11,000 = 100; mean of rates = 505.
    const pooled = metricValue(metric('ascof_2a2'), 10 + 1, 1_000 + 10_000, '2020-04-01', 'financial_year');
    expect(pooled).toBeCloseTo(100, 9);
  });
  it('has no value without a denominator', () => {
    expect(metricValue(metric('ascof_2a2'), 3, null, '2020-04-01', 'financial_year')).toBeNull();
    expect(metricValue(metric('ascof_2a2'), 0, 0, '2020-04-01', 'financial_year')).toBeNull();
  });
});

describe('periods', () => {
  it('counts days in months, leap Februaries, quarters and financial years', () => {
    expect(daysInPeriod('2019-02-01', 'month')).toBe(28);
    expect(daysInPeriod('2020-02-01', 'month')).toBe(29);
    expect(daysInPeriod('2019-03-01', 'month')).toBe(31);
    expect(daysInPeriod('2020-01-01', 'quarter')).toBe(91);
    expect(daysInPeriod('2019-04-01', 'financial_year')).toBe(366);
    // Across a year's end.
    expect(daysInPeriod('2019-12-01', 'month')).toBe(31);
    expect(daysInPeriod('2019-10-01', 'quarter')).toBe(92);
    expect(daysInPeriod('2020-04-01', 'financial_year')).toBe(365);
  });
  it('lists the period starts from one to another, across year ends, none when the last comes first', () => {
    expect(periodStarts('2019-11-01', '2020-02-01', 'month')).toEqual(['2019-11-01', '2019-12-01', '2020-01-01', '2020-02-01']);
    expect(periodStarts('2019-10-01', '2020-05-01', 'quarter')).toEqual(['2019-10-01', '2020-01-01', '2020-04-01']);
    expect(periodStarts('2018-04-01', '2020-04-01', 'financial_year')).toEqual(['2018-04-01', '2019-04-01', '2020-04-01']);
    expect(periodStarts('2020-04-01', '2020-03-01', 'month')).toEqual([]);
  });
  it('rejects period starts that do not fit the period type', () => {
    expect(periodMisfit('2020-04-01', 'financial_year')).toBeNull();
    expect(periodMisfit('2020-05-01', 'financial_year')).toMatch(/1 April/);
    expect(periodMisfit('2020-02-01', 'quarter')).toMatch(/January, April, July or October/);
    expect(periodMisfit('2020-02-15', 'month')).toMatch(/1st of a month/);
  });
  it('rounds half away from zero like the publications', () => {
    expect(roundTo(0.05, 1)).toBe(0.1);
    expect(roundTo(84.55, 1)).toBe(84.6);
    expect(roundTo(-1.25, 1)).toBe(-1.3);
  });
});
