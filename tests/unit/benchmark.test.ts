// Where England has no figure for the period (a data team's own records of 2024-25), comparisons
// are with the next comparator that has one, named; where none has one, "not compared" with why.
// Hand-worked: Wirral 500 admissions among 100,000 aged 65+ is 500.0 per 100,000, and Byar's 95%
// interval is 500 × (1 − 1/4,500 − 1.96/(3√500))³ = 457.1 to 501 × (1 − 1/4,509 + 1.96/(3√501))³ = 545.8.
import { describe, expect, it } from 'vitest';
import type { Area } from '../../src/lib/contract/schema';
import { metric } from '../../src/lib/definitions';
import { benchmarkOf, compareLatest, notComparedReason, passedOverNote } from '../../src/lib/metrics/benchmark';
import { againstCell, againstHeading, compareGroup, noBarsNote, referencesDrawn } from '../../src/lib/metrics/comparison';
import { headline } from '../../src/lib/metrics/headline';
import { intervalOf, type Point } from '../../src/lib/metrics/series';
import { metricValue } from '../../src/lib/stats/rates';

const m = metric('emergency_admissions_65');
const point = (area_code: string, numerator: number, denominator: number, year = 2024): Point => ({
  area_code, period_start: `${year}-04-01`, period_type: 'financial_year', numerator, denominator,
  value: metricValue(m, numerator, denominator, `${year}-04-01`, 'financial_year'), published_value: null, suppressed: false, local: false, target: null, target_local: false,
});
const area = (area_code: string, area_name: string, area_type: Area['area_type'], parent_code: string | null): Area => ({ area_code, area_name, area_type, parent_code });
const ENGLAND = area('E92000001', 'England', 'england', null);
const ICB = area('E54000008', 'NHS Cheshire and Merseyside Integrated Care Board', 'icb', 'E12000002');
const WIRRAL = area('E08000015', 'Wirral', 'place', ICB.area_code);
const HALTON = area('E06000006', 'Halton', 'place', ICB.area_code);
const wirral = point(WIRRAL.area_code, 500, 100_000);

describe('the interval the comparisons read', () => {
  it('is Byar’s, 457.1 to 545.8 for 500 of 100,000', () => {
    const ci = intervalOf(m, wirral)!;
    expect(ci.lower.toFixed(1)).toBe('457.1');
    expect(ci.upper.toFixed(1)).toBe('545.8');
  });
});

describe('benchmarkOf: the first comparator with a figure', () => {
  it('is England where England has one, whatever the ICB', () => {
    expect(benchmarkOf([{ name: 'England', value: 498.2 }, { name: 'Cheshire and Merseyside ICB', value: 600 }])).toEqual({ name: 'England', value: 498.2, passedOver: [] });
  });
  it('is the ICB where England has none, saying England was passed over', () => {
    const b = benchmarkOf([{ name: 'England', value: null }, { name: 'Cheshire and Merseyside ICB', value: 600 }]);
    expect(b).toEqual({ name: 'Cheshire and Merseyside ICB', value: 600, passedOver: ['England'] });
    expect(passedOverNote(b, '2024-25')).toBe('no England figure for 2024-25');
    expect(passedOverNote(benchmarkOf([{ name: 'England', value: 1 }]), '2024-25')).toBeNull();
  });
  it('goes down the list in order: a hub’s place, then the ICB', () => {
    const b = benchmarkOf([{ name: 'England', value: null }, { name: 'Halton', value: null }, { name: 'Cheshire and Merseyside ICB', value: 610 }]);
    expect(b).toEqual({ name: 'Cheshire and Merseyside ICB', value: 610, passedOver: ['England', 'Halton'] });
    expect(passedOverNote(b, 'Sep 2025')).toBe('no England or Halton figure for Sep 2025');
  });
  it('is none where no comparator has a figure (NaN is none), and the reason names them all', () => {
    const none = [{ name: 'England', value: null }, { name: 'Halton', value: Number.NaN }, { name: 'Cheshire and Merseyside ICB', value: null }];
    expect(benchmarkOf(none)).toBeNull();
    expect(notComparedReason(m, none, '2024-25')).toBe('no England, Halton or Cheshire and Merseyside ICB figure for 2024-25');
    expect(notComparedReason(m, none.slice(0, 1), '2024-25')).toBe('no England figure for 2024-25');
    expect(notComparedReason(m, [{ name: 'England', value: 1 }], '2024-25')).toBeNull();
  });
  it('a measure without intervals is never compared, and says so first', () => {
    expect(notComparedReason(metric('discharge_delay'), [{ name: 'England', value: null }], 'Oct 2026')).toBe('no 95% interval for this measure');
  });
});

describe('compareLatest: an area against the ICB where England has no figure, on the area’s interval', () => {
  const against = (icb: number) => compareLatest(m, wirral, [{ name: 'England', points: [] }, { name: 'Cheshire and Merseyside ICB', points: [{ period_start: '2024-04-01', value: icb }] }]);
  it('better where the whole interval is below the ICB (lower is better), worse where above, similar where it holds the ICB', () => {
    expect(against(600).verdict).toBe('better'); // 545.8 < 600
    expect(against(420).verdict).toBe('worse'); // 457.1 > 420
    expect(against(500).verdict).toBe('similar');
    expect(against(546).verdict).toBe('better');
    expect(against(545.5).verdict).toBe('similar'); // inside, by 0.3
    expect(against(600)).toMatchObject({ benchmark: { name: 'Cheshire and Merseyside ICB', value: 600 }, note: 'no England figure for 2024-25', reason: null });
  });
  it('reads another period’s ICB figure as none', () => {
    const other = compareLatest(m, wirral, [{ name: 'England', points: [] }, { name: 'Cheshire and Merseyside ICB', points: [{ period_start: '2023-04-01', value: 600 }] }]);
    expect(other).toEqual({ verdict: 'not compared', benchmark: null, note: null, reason: 'no England or Cheshire and Merseyside ICB figure for 2024-25' });
  });
});

describe('headline', () => {
  it('names the ICB it was compared with, and why not England', () => {
    const icb = [point(ICB.area_code, 6_000, 1_000_000)]; // 600.0
    expect(headline(m, 'Wirral', [wirral], [{ name: 'England', points: [] }, { name: 'Cheshire and Merseyside ICB', points: icb }])).toBe(
      'Wirral: 500.0 admissions per 100,000 aged 65+ in 2024-25; significantly better than Cheshire and Merseyside ICB (600.0; no England figure for 2024-25).',
    );
  });
  it('says why it was not compared where no comparator has a figure', () => {
    expect(headline(m, 'Wirral', [wirral], [{ name: 'England', points: [] }, { name: 'Cheshire and Merseyside ICB', points: [] }])).toBe(
      'Wirral: 500.0 admissions per 100,000 aged 65+ in 2024-25; not compared: no England or Cheshire and Merseyside ICB figure for 2024-25.',
    );
  });
});

describe('compareGroup: every place against the ICB where England has none', () => {
  // Halton 300 of 40,000 = 750.0 (Byar 667.5 to 839.9): worse than 600; Wirral better (above).
  const points = [wirral, point(HALTON.area_code, 300, 40_000), point(ICB.area_code, 6_000, 1_000_000)];
  it('colours each bar against the ICB and names it in tables and notes', () => {
    const c = compareGroup(m, points, WIRRAL, ENGLAND, ICB, [HALTON, WIRRAL])!;
    expect(c.bars.map((b) => [b.label, b.significance])).toEqual([['Halton', 'worse'], ['Wirral', 'better']]);
    expect(c.benchmark?.name).toBe('Cheshire and Merseyside ICB');
    expect(c.note).toBe('no England figure for 2024-25');
    expect(c.refs.map((r) => [r.label, r.name, r.value])).toEqual([['England', 'England', null], ['Cheshire and Merseyside ICB (sum of places)', 'Cheshire and Merseyside ICB', 600]]);
    expect(againstHeading(c)).toBe('Against Cheshire and Merseyside ICB');
    expect(againstCell(c, 'better')).toBe('significantly better');
  });
  it('names in its description only the reference lines drawn (England has no figure for 2024-25 here)', () => {
    expect(referencesDrawn(compareGroup(m, points, WIRRAL, ENGLAND, ICB, [HALTON, WIRRAL])!.refs)).toBe(', with Cheshire and Merseyside ICB as a reference line');
    const both = compareGroup(m, [...points, point(ENGLAND.area_code, 520_000, 100_000_000)], WIRRAL, ENGLAND, ICB, [HALTON, WIRRAL])!;
    expect(referencesDrawn(both.refs)).toBe(', with England and Cheshire and Merseyside ICB as reference lines');
    expect(referencesDrawn(compareGroup(m, points.slice(0, 2), WIRRAL, ENGLAND, ICB, [HALTON, WIRRAL])!.refs)).toBe('');
  });
  it('compares with England where England has a figure (as before)', () => {
    const c = compareGroup(m, [...points, point(ENGLAND.area_code, 520_000, 100_000_000)], WIRRAL, ENGLAND, ICB, [HALTON, WIRRAL])!;
    expect(c.benchmark).toEqual({ name: 'England', value: 520, passedOver: [] });
    expect(c.bars.map((b) => b.significance)).toEqual(['worse', 'similar']);
    expect(c.note).toBeNull();
  });
  it('leaves every bar not compared, with the reason, where the ICB has no figure either', () => {
    const c = compareGroup(m, points.slice(0, 2), WIRRAL, ENGLAND, ICB, [HALTON, WIRRAL])!;
    expect(c.bars.map((b) => b.significance)).toEqual(['not compared', 'not compared']);
    expect(c.benchmark).toBeNull();
    expect(againstHeading(c)).toBe('Against England');
    expect(againstCell(c, 'not compared')).toBe('not compared (no England or Cheshire and Merseyside ICB figure for 2024-25)');
  });
  it('compares a place’s hubs with the place where England has no figure', () => {
    const hubs = [area('E06000006-N1', 'Widnes North', 'hub', HALTON.area_code), area('E06000006-N2', 'Runcorn', 'hub', HALTON.area_code)];
    // Halton 750.0; Widnes North 40 of 10,000 = 400.0 (Byar 285.7 to 544.7): better; Runcorn 90 of 12,000 = 750.0: similar.
    const c = compareGroup(m, [point(HALTON.area_code, 300, 40_000), point('E06000006-N1', 40, 10_000), point('E06000006-N2', 90, 12_000)], HALTON, ENGLAND, HALTON, hubs)!;
    expect(c.benchmark?.name).toBe('Halton');
    expect(c.bars.map((b) => b.significance)).toEqual(['better', 'similar']);
  });
  it('says why a ranking of hubs has no bar (no figure at the place’s period, or only suppressed ones), and nothing where one has a bar', () => {
    const hubs = [area('E06000006-N1', 'Widnes North', 'hub', HALTON.area_code), area('E06000006-N2', 'Runcorn', 'hub', HALTON.area_code)];
    const halton = point(HALTON.area_code, 300, 40_000);
    // The hubs' figures are of the year before the place's latest: none at 2024-25.
    const none = compareGroup(m, [halton, point('E06000006-N1', 40, 10_000, 2023)], HALTON, ENGLAND, HALTON, hubs)!;
    expect(noBarsNote(none, 'Halton’s hubs')).toBe('No figure for Halton’s hubs in 2024-25, so nothing to rank.');
    const hidden = { ...point('E06000006-N1', 0, 10_000), value: null, suppressed: true };
    const suppressed = compareGroup(m, [halton, hidden], HALTON, ENGLAND, HALTON, hubs)!;
    expect(noBarsNote(suppressed, 'Halton’s hubs')).toBe('No figure for Halton’s hubs in 2024-25 that can be shown (small counts are suppressed), so nothing to rank.');
    const one = compareGroup(m, [halton, hidden, point('E06000006-N2', 90, 12_000)], HALTON, ENGLAND, HALTON, hubs)!;
    expect(noBarsNote(one, 'Halton’s hubs')).toBeNull();
  });
});
