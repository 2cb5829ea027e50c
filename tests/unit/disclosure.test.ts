import { findMetric } from '../../src/lib/definitions';
import { describe, expect, it } from 'vitest';
import { indexAreas } from '../../src/lib/areas';
import type { Area } from '../../src/lib/contract/schema';
import { rowKey, rowsToSuppress, type CountRow } from '../../src/lib/metrics/disclosure';

const areas = indexAreas([
  { area_code: 'I', area_name: 'ICB', area_type: 'icb', parent_code: null },
  { area_code: 'P', area_name: 'Place', area_type: 'place', parent_code: 'I' },
  { area_code: 'H1', area_name: 'Hub 1', area_type: 'hub', parent_code: 'P' },
  { area_code: 'H2', area_name: 'Hub 2', area_type: 'hub', parent_code: 'P' },
  { area_code: 'H3', area_name: 'Hub 3', area_type: 'hub', parent_code: 'P' },
] as Area[]);
const row = (metric: string, area: string, breakdown: string, numerator: number, denominator: number | null = 10_000): CountRow => ({
  metric, area_code: area, period_start: '2020-04-01', period_type: metric === 'dtoc' ? 'month' : 'financial_year', breakdown, numerator, denominator, suppressed: false,
});
const hiddenKeys = (rows: CountRow[]) => rowsToSuppress(rows, areas, 7).map((r) => `${r.area_code}|${r.breakdown}`).sort();

describe('suppression over the whole extract', () => {
  it('hides a small hub and the next-smallest hub, so the place total cannot give it away', () => {
    const rows = [row('ascof_2a2', 'H1', 'total', 3), row('ascof_2a2', 'H2', 'total', 12), row('ascof_2a2', 'H3', 'total', 20), row('ascof_2a2', 'P', 'total', 35)];
    expect(hiddenKeys(rows)).toEqual(['H1|total', 'H2|total']);
  });

  it('hides a small DToC part and another part of the same area and month', () => {
    const rows = [row('dtoc', 'P', 'nhs', 30), row('dtoc', 'P', 'social_care', 12), row('dtoc', 'P', 'both', 2), row('dtoc', 'P', 'total', 44)];
    expect(hiddenKeys(rows)).toEqual(['P|both', 'P|social_care']);
  });

  it('hides a 2B(1) proportion whose people not at home are few, since its denominator is a count', () => {
    const rows = [row('ascof_2b1', 'P', 'total', 45, 50), row('ascof_2b1', 'I', 'total', 400, 500)];
    // 5 not at home in P; then I, the sum of its one place, would give P away too.
    expect(hiddenKeys(rows)).toEqual(['I|total', 'P|total']);
  });

  it('leaves zeros and counts above the threshold alone', () => {
    const rows = [row('ascof_2a2', 'H1', 'total', 0), row('ascof_2a2', 'H2', 'total', 8), row('ascof_2a2', 'H3', 'total', 9), row('ascof_2a2', 'P', 'total', 17)];
    expect(hiddenKeys(rows)).toEqual([]);
    expect(rowKey(rows[0]!)).toBe('ascof_2a2|H1|2020-04-01|financial_year|total');
  });
});

describe('suppression against a region or England', () => {
  const national = indexAreas([
    { area_code: 'E', area_name: 'England', area_type: 'england', parent_code: null },
    { area_code: 'I1', area_name: 'ICB one', area_type: 'icb', parent_code: 'E' },
    { area_code: 'I2', area_name: 'ICB two', area_type: 'icb', parent_code: 'E' },
    { area_code: 'P1', area_name: 'Place one', area_type: 'place', parent_code: 'I1' },
    { area_code: 'P2', area_name: 'Place two', area_type: 'place', parent_code: 'I2' },
    { area_code: 'P3', area_name: 'Place three', area_type: 'place', parent_code: 'I2' },
  ] as Area[]);
  const rows = (england: number) => [row('ascof_2a2', 'P1', 'total', 5), row('ascof_2a2', 'P2', 'total', 40), row('ascof_2a2', 'P3', 'total', 60), row('ascof_2a2', 'E', 'total', england)];
  const hidden = (england: number) => rowsToSuppress(rows(england), national, 7).map((r) => r.area_code).sort();

  it('hides another council when England is exactly the sum of the councils held (England less the rest would give the 5)', () => {
    expect(hidden(105)).toEqual(['P1', 'P2']);
  });

  it('leaves the rest alone when England holds more than these councils', () => {
    expect(hidden(52_133)).toEqual(['P1']);
  });
});

describe('suppression of the new kinds of value', () => {
  const hide = (rows: CountRow[]) => rowsToSuppress(rows, areas, 7, findMetric).map((r) => `${r.area_code}|${r.breakdown}`).sort();

  it('hides a mean whose patients number 1 to 7, however many delay days they had', () => {
    // 40 delay days among 5 patients: the days are not small, the people are.
    const rows = [row('discharge_delay', 'H1', 'total', 40, 5), row('discharge_delay', 'H2', 'total', 300, 60), row('discharge_delay', 'H3', 'total', 200, 50), row('discharge_delay', 'P', 'total', 540, 115)];
    expect(hide(rows)).toEqual(['H1|total', 'H3|total']);
    expect(hide([row('discharge_delay', 'P', 'total', 40, 8)])).toEqual([]);
  });

  it('hides every age band of an area where one is small, but not its total (the bands add up to it, and the rate weights them)', () => {
    const bands = [['65-69', 30], ['70-74', 25], ['75-79', 20], ['80-84', 15], ['85-89', 9], ['90+', 4]] as const;
    const rows = [...bands.map(([b, n]) => row('falls_65', 'P', b, n)), row('falls_65', 'P', 'total', 103)];
    expect(hide(rows)).toEqual(bands.map(([b]) => `P|${b}`).sort());
    // No small band: nothing hidden.
    expect(hide(rows.map((r) => (r.breakdown === '90+' ? { ...r, numerator: 8 } : r.breakdown === 'total' ? { ...r, numerator: 107 } : r)))).toEqual([]);
  });
});
