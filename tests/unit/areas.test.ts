import { describe, expect, it } from 'vitest';
import { indexAreas } from '../../src/lib/areas';
import type { Area } from '../../src/lib/contract/schema';

// Listed out of name order, so an index that kept the input order would fail.
const list = [
  { area_code: 'I', area_name: 'ICB', area_type: 'icb', parent_code: null },
  { area_code: 'P2', area_name: 'Wigan', area_type: 'place', parent_code: 'I' },
  { area_code: 'P1', area_name: 'Bolton', area_type: 'place', parent_code: 'I' },
  { area_code: 'H3', area_name: 'Hub c', area_type: 'hub', parent_code: 'P1' },
  { area_code: 'H1', area_name: 'Hub a', area_type: 'hub', parent_code: 'P1' },
  { area_code: 'H2', area_name: 'Hub B', area_type: 'hub', parent_code: 'P1' },
] as Area[];

describe('indexAreas', () => {
  const areas = indexAreas(list);
  it('gives children and areas of a type sorted by name (en-GB, case aside), the list itself in its order', () => {
    expect(areas.children('P1').map((a) => a.area_code)).toEqual(['H1', 'H2', 'H3']);
    expect(areas.children('I').map((a) => a.area_code)).toEqual(['P1', 'P2']);
    expect(areas.ofType('place').map((a) => a.area_code)).toEqual(['P1', 'P2']);
    expect(areas.children('H1')).toEqual([]);
    expect(areas.all.map((a) => a.area_code)).toEqual(['I', 'P2', 'P1', 'H3', 'H1', 'H2']);
  });
  it('finds an ancestor of a type', () => {
    expect(areas.ancestor('H2', 'icb')?.area_code).toBe('I');
    expect(areas.ancestor('H2', 'region')).toBeUndefined();
  });
});
