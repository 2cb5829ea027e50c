import { describe, expect, it } from 'vitest';
import { allMetrics, metric, onOneScale } from '../../src/lib/definitions';
import type { Point } from '../../src/lib/metrics/series';
import { assessTarget, latestWithTarget, ragStatus } from '../../src/lib/metrics/targets';
import { metricValue } from '../../src/lib/stats/rates';

const point = (id: 'ascof_2a2' | 'ascof_2b1', numerator: number, denominator: number, target: number | null, extra: Partial<Point> = {}): Point => ({
  area_code: 'X', period_start: '2020-04-01', period_type: 'financial_year', numerator, denominator,
  value: metricValue(metric(id), numerator, denominator, '2020-04-01', 'financial_year'),
  published_value: null, suppressed: false, local: false, target, target_local: false, ...extra,
});

describe('RAG against target', () => {
  // Wirral 2B(1) 2020-21, published 122 / 147 = 83.0%; Wilson 95% interval 76.1 to 88.2 (by hand:
  // p = 0.8299, z = 1.96, centre (p + z²/2n)/(1 + z²/n), half-width z√(p(1-p)/n + z²/4n²)/(1 + z²/n)).
  const higher = metric('ascof_2b1');
  it('is green when a higher-is-better value reaches the target, on the target included', () => {
    expect(ragStatus(higher, point('ascof_2b1', 122, 147, 80))).toEqual({
      rag: 'green', label: 'Target met', text: '2020-21: 83.0% against a target of 80.0%, met.', short: '83.0% against 80.0%, 2020-21',
    });
    expect(ragStatus(higher, point('ascof_2b1', 122, 147, 122 / 1.47))?.rag).toBe('green');
    // 82.99% against 83.04%: both print as 83.0%, so the words and the colour agree that it is met.
    expect(ragStatus(higher, point('ascof_2b1', 122, 147, 83.04))?.rag).toBe('green');
  });
  it('is amber when it misses but the interval holds the target, red when the interval is wholly below', () => {
    expect(ragStatus(higher, point('ascof_2b1', 122, 147, 85))).toEqual({
      rag: 'amber', label: 'Target missed, within chance',
      text: '2020-21: 83.0% against a target of 85.0%, missed, but the target lies within the 95% interval (76.1% to 88.2%), so the miss may be chance.',
      short: '83.0% against 85.0%, 2020-21',
    });
    expect(ragStatus(higher, point('ascof_2b1', 122, 147, 90))).toEqual({
      rag: 'red', label: 'Target missed',
      text: '2020-21: 83.0% against a target of 90.0%, missed: the 95% interval (76.1% to 88.2%) lies wholly below the target.',
      short: '83.0% against 90.0%, 2020-21',
    });
  });

  // Halton 2A(2) 2020-21, published 34 / 24,105 = 141.0 per 100,000; Byar 95% interval 97.7 to 197.1.
  const lower = metric('ascof_2a2');
  it('follows polarity: lower is better for admissions', () => {
    expect(ragStatus(lower, point('ascof_2a2', 34, 24_105, 150))?.rag).toBe('green');
    expect(ragStatus(lower, point('ascof_2a2', 34, 24_105, 120))?.rag).toBe('amber');
    expect(ragStatus(lower, point('ascof_2a2', 34, 24_105, 90))?.text).toBe(
      '2020-21: 141.0 against a target of 90.0, missed: the 95% interval (97.7 to 197.1) lies wholly above the target.',
    );
  });

  it('calls a miss red, with the reason, when the value has no interval (a mean per event)', () => {
    const mean = { ...metric('ascof_2a2'), kind: 'mean' as const, ciMethod: 'none' as const, multiplier: 1 as const, denominatorBand: null,
      intervalNote: 'No interval: the source gives totals only.' };
    // 450 delay days / 100 patients = 4.5 days against a target of 4.0 (lower is better).
    const p = { ...point('ascof_2a2', 450, 100, 4), value: 4.5 };
    expect(ragStatus(mean, p)).toMatchObject({ rag: 'red', label: 'Target missed', text: '2020-21: 4.5 against a target of 4.0, missed (no interval: the source gives totals only).' });
    expect(ragStatus(mean, { ...p, target: 5 })?.rag).toBe('green');
  });

  it('says nothing without a target or a value, and never for a suppressed count', () => {
    expect(ragStatus(lower, point('ascof_2a2', 34, 24_105, null))).toBeNull();
    expect(ragStatus(lower, point('ascof_2a2', 5, 24_105, 150, { suppressed: true }))).toBeNull();
    expect(ragStatus(lower, undefined)).toBeNull();
  });

  it('reads RAG and SPC assurance together, against the target of the latest period that has one', () => {
    // Sixteen years alternating 122 and 123 of 147 (83.0%, 83.7%): mean 83.3%, average moving range 0.68, limits
    // about 81.5% to 85.1%: wholly above 80% (pass), around 83% (hit and miss), wholly below 95% (fail).
    const years = Array.from({ length: 16 }, (_, i) => point('ascof_2b1', 122 + (i % 2), 147, i < 15 ? 80 : null, { period_start: `${2005 + i}-04-01` }));
    const assessed = assessTarget(higher, years)!;
    expect(assessed.rag?.short).toBe('83.0% against 80.0%, 2019-20');
    expect(assessed.assurance?.icon).toBe('pass');
    expect(assessTarget(higher, years.map((p) => ({ ...p, target: 83 })))?.assurance?.icon).toBe('hit and miss');
    expect(assessTarget(higher, years.map((p) => ({ ...p, target: 95 })))).toMatchObject({ rag: { rag: 'red' }, assurance: { icon: 'fail' } });
    expect(assessTarget(higher, years.map((p) => ({ ...p, target: null })))).toBeNull();
  });

  it('gives no assurance from fewer than 15 points (Making Data Count draws no limits), only RAG', () => {
    // The last 14 of the sixteen years: the same limits would say "pass", but 14 points are a run chart.
    const years = Array.from({ length: 14 }, (_, i) => point('ascof_2b1', 122 + (i % 2), 147, 80, { period_start: `${2007 + i}-04-01` }));
    expect(assessTarget(higher, years)).toMatchObject({ rag: { rag: 'green' }, assurance: null });
    expect(assessTarget(higher, [...years, point('ascof_2b1', 123, 147, 80, { period_start: '2021-04-01' })])?.assurance?.icon).toBe('pass');
  });

  it('finds the latest period that has both a value and a target', () => {
    const a = point('ascof_2a2', 34, 24_105, 150, { period_start: '2019-04-01' });
    const b = point('ascof_2a2', 30, 24_105, null, { period_start: '2020-04-01' });
    expect(latestWithTarget([a, b])).toBe(a);
    expect(latestWithTarget([b])).toBeUndefined();
  });

  it('can always hold a valid target against some value: metrics not on one scale are published for the longest period', () => {
    expect(allMetrics().filter((m) => !onOneScale(m)).map((m) => [m.id, m.periodTypes.includes('financial_year')])).toEqual([
      ['non_elective_admissions', true], ['ascof_2a2', true], ['ascof_2a1', true], ['avoidable_admissions', true], ['falls_65', true], ['emergency_admissions_65', true],
    ]);
  });
});
