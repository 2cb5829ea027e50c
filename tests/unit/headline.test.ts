import { describe, expect, it } from 'vitest';
import { metric } from '../../src/lib/definitions';
import { headline } from '../../src/lib/metrics/headline';
import type { Point } from '../../src/lib/metrics/series';
import { metricValue } from '../../src/lib/stats/rates';

const m = metric('ascof_2a2');
const point = (year: number, numerator: number, denominator: number): Point => ({
  area_code: 'X', period_start: `${year}-04-01`, period_type: 'financial_year', numerator, denominator,
  value: metricValue(m, numerator, denominator, `${year}-04-01`, 'financial_year'), published_value: null, suppressed: false, local: false, target: null, target_local: false,
});

describe('headline', () => {
  it('says the latest value, the change on a year earlier (no significant change: the intervals overlap), and the comparison with England', () => {
    // Halton 2A(2) 2020-21 published 34 / 24,105 = 141.0 against England 498.2; 2019-20 invented as 40 / 23,900 = 167.4.
    const halton = [point(2019, 40, 23_900), point(2020, 34, 24_105)];
    const england = [{ name: 'England', points: [point(2020, 52_133, 10_464_019)] }];
    expect(headline(m, 'Halton', halton, england)).toBe(
      'Halton: 141.0 admissions per 100,000 aged 65+ in 2020-21; down from 167.4 in 2019-20, no significant change (the 95% intervals overlap); significantly better than England (498.2).',
    );
  });

  it('says when there is nothing to compare, and why where a comparator has no figure', () => {
    expect(headline(m, 'Bury', [point(2020, 226, 35_054)], [])).toBe('Bury: 644.7 admissions per 100,000 aged 65+ in 2020-21.');
    expect(headline(m, 'Bury', [point(2020, 226, 35_054)], [{ name: 'England', points: [] }])).toBe('Bury: 644.7 admissions per 100,000 aged 65+ in 2020-21; not compared: no England figure for 2020-21.');
    expect(headline(m, 'Bury', [], [])).toBe('Bury: no published figures for care home admissions 65+ in the data.');
  });

  it('gives a percentage and a mean in their own words, "%" once', () => {
    const home = metric('ascof_2b1');
    const p = { ...point(2020, 80, 100), value: 80 };
    expect(headline(home, 'Bury', [p], [])).toBe('Bury: 80.0% at home after 91 days in 2020-21.');
    const delay = metric('discharge_delay');
    expect(headline(delay, 'Bury', [{ ...p, value: 1.25, period_start: '2026-10-01', period_type: 'month' }], [])).toBe('Bury: 1.3 days of delay per patient discharged in Oct 2026.');
    // A measure without intervals is never compared: no reason in the headline (its charts' keys say it).
    expect(headline(delay, 'Bury', [{ ...p, value: 1.25, period_start: '2026-10-01', period_type: 'month' }], [{ name: 'England', points: [] }])).toBe('Bury: 1.3 days of delay per patient discharged in Oct 2026.');
  });

  it('calls an overlapping interval not significantly different', () => {
    // 500 / 100,000 = 500.0 with a 95% interval of about 457 to 546, around England's 498.2.
    expect(headline(m, 'Wirral', [point(2020, 500, 100_000)], [{ name: 'England', points: [point(2020, 52_133, 10_464_019)] }])).toBe(
      'Wirral: 500.0 admissions per 100,000 aged 65+ in 2020-21; not significantly different from England (498.2).',
    );
  });
});
