// The hub picker's groups. A real data set holds both Buckinghamshires (the county council until
// March 2020, the unitary council since) and both Dorsets: grouped by name, the hub page's picker
// got two groups of one name, and Svelte's keyed list stopped the page (each_key_duplicate).
import { describe, expect, it } from 'vitest';
import { indexAreas } from '../../src/lib/areas';
import type { Area } from '../../src/lib/contract/schema';
import { hubGroups, optionName } from '../../src/lib/selection';

const areas = indexAreas([
  { area_code: 'E10000002', area_name: 'Buckinghamshire', area_type: 'place', parent_code: null },
  { area_code: 'E06000060', area_name: 'Buckinghamshire', area_type: 'place', parent_code: null },
  { area_code: 'E06000006', area_name: 'Halton', area_type: 'place', parent_code: null },
  { area_code: 'E10000002-N1', area_name: 'Aylesbury', area_type: 'hub', parent_code: 'E10000002' },
  { area_code: 'E06000060-N1', area_name: 'Aylesbury', area_type: 'hub', parent_code: 'E06000060' },
  { area_code: 'E06000060-N2', area_name: 'Wycombe', area_type: 'hub', parent_code: 'E06000060' },
] as Area[]);

describe('hubGroups', () => {
  it('gives each place with hubs once, named as the picker names it, so two places of one name are told apart', () => {
    const groups = hubGroups(areas);
    expect(groups.map((g) => [g.label, g.areas.map((a) => a.area_code)]).sort()).toEqual([
      ['Buckinghamshire (from April 2020)', ['E06000060-N1', 'E06000060-N2']],
      ['Buckinghamshire (until March 2020)', ['E10000002-N1']],
    ]);
    expect(new Set(groups.map((g) => g.label)).size).toBe(groups.length);
  });
  it('leaves out places without hubs (Halton here)', () => {
    expect(hubGroups(areas).map((g) => g.place.area_code)).not.toContain('E06000006');
  });
  it('names a council that neither began nor ended since 2011 as it is', () => {
    expect(optionName(areas.get('E06000006')!)).toBe('Halton');
  });
});
