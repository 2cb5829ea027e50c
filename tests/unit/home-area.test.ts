// The site's home (data/settings.json's home_area): a place, or an integrated care board whose
// site opens on its first place. A home the data do not hold as either stops the build: set to
// Greater Manchester's ICB, the pages opened unsaid on Barking and Dagenham, the first place held.
import { describe, expect, it } from 'vitest';
import { indexAreas } from '../../src/lib/areas';
import type { Area } from '../../src/lib/contract/schema';
import { choosePlace, homeAreaProblem } from '../../src/lib/selection';

const areas = indexAreas([
  { area_code: 'E92000001', area_name: 'England', area_type: 'england', parent_code: null },
  { area_code: 'E12000002', area_name: 'North West', area_type: 'region', parent_code: 'E92000001' },
  { area_code: 'E12000007', area_name: 'London', area_type: 'region', parent_code: 'E92000001' },
  { area_code: 'E54000029', area_name: 'NHS North East London Integrated Care Board', area_type: 'icb', parent_code: 'E12000007' },
  { area_code: 'E54000057', area_name: 'NHS Greater Manchester Integrated Care Board', area_type: 'icb', parent_code: 'E12000002' },
  { area_code: 'E54000099', area_name: 'NHS Empty Integrated Care Board', area_type: 'icb', parent_code: 'E12000002' },
  { area_code: 'E09000002', area_name: 'Barking and Dagenham', area_type: 'place', parent_code: 'E54000029' },
  { area_code: 'E08000009', area_name: 'Trafford', area_type: 'place', parent_code: 'E54000057' },
  { area_code: 'E08000001', area_name: 'Bolton', area_type: 'place', parent_code: 'E54000057' },
  { area_code: 'E08000002', area_name: 'Bury', area_type: 'place', parent_code: 'E54000057' },
  { area_code: 'E08000002-N1', area_name: 'Prestwich', area_type: 'hub', parent_code: 'E08000002' },
  { area_code: 'E54000048', area_name: 'NHS Lancashire and South Cumbria Integrated Care Board', area_type: 'icb', parent_code: 'E12000002' },
  { area_code: 'E10000017', area_name: 'Lancashire', area_type: 'place', parent_code: 'E54000048' },
] as Area[]);

describe('choosePlace with the home area', () => {
  it('opens on the home place', () => {
    expect(choosePlace(areas, null, 'E08000002')?.area_name).toBe('Bury');
  });
  it("opens an ICB's site on its first place by name, not the first place held", () => {
    expect(choosePlace(areas, null, 'E54000057')?.area_name).toBe('Bolton');
  });
  it("opens on a council there now, before one since replaced that sorts first (Dorset ICB's Bournemouth, until March 2019)", () => {
    const dorset = indexAreas([
      { area_code: 'E54000041', area_name: 'NHS Dorset Integrated Care Board', area_type: 'icb', parent_code: null },
      { area_code: 'E06000028', area_name: 'Bournemouth', area_type: 'place', parent_code: 'E54000041' },
      { area_code: 'E06000058', area_name: 'Bournemouth, Christchurch and Poole', area_type: 'place', parent_code: 'E54000041' },
      { area_code: 'E06000059', area_name: 'Dorset', area_type: 'place', parent_code: 'E54000041' },
    ] as Area[]);
    expect(choosePlace(dorset, null, 'E54000041')?.area_code).toBe('E06000058');
  });
  it('still opens on a place or a hub named in the address', () => {
    expect(choosePlace(areas, 'E09000002', 'E54000057')?.area_name).toBe('Barking and Dagenham');
    expect(choosePlace(areas, 'E08000002-N1', 'E54000057')?.area_name).toBe('Bury');
  });
});

describe('homeAreaProblem', () => {
  it('accepts a place and an ICB with places', () => {
    expect(homeAreaProblem(areas, 'E08000009')).toBeNull();
    expect(homeAreaProblem(areas, 'E54000057')).toBeNull();
  });
  it('names the file, the setting, the code and what the data hold it as', () => {
    expect(homeAreaProblem(areas, 'E06000006')).toBe(
      'data/settings.json: "home_area" is E06000006, which the data hold as no area: give a place (a council with adult social care) or an integrated care board the data hold, such as E09000002',
    );
    expect(homeAreaProblem(areas, 'E12000002')).toContain('which the data hold as a region (North West)');
    expect(homeAreaProblem(areas, 'E08000002-N1')).toContain('as a hub (Prestwich)');
    expect(homeAreaProblem(areas, 'E54000099')).toContain('as an integrated care board with no places (NHS Empty Integrated Care Board)');
  });
  it("suggests a district's county, and for an ICB code the data do not hold an ICB they do, not the first place", () => {
    // Before, each suggested Barking and Dagenham (E09000002).
    expect(homeAreaProblem(areas, 'E07000117')).toBe(
      'data/settings.json: "home_area" is E07000117, which the data hold as no area: give a place (a council with adult social care) or an integrated care board the data hold, such as E10000017 (Lancashire, the county E07000117 lies in)',
    );
    // Greater Manchester's code before July 2022 (its STP's).
    expect(homeAreaProblem(areas, 'E54000007')).toMatch(/such as E54000057 \(NHS Greater Manchester Integrated Care Board\)$/);
    expect(homeAreaProblem(areas, 'E54000099')).toMatch(/such as E54000057 \(NHS Greater Manchester Integrated Care Board\)$/);
  });
  it("suggests the councils that replaced a district's county, not the county whose figures stop in March 2023", () => {
    const replaced = indexAreas([
      ...areas.all,
      { area_code: 'E54000050', area_name: 'NHS North East and North Cumbria Integrated Care Board', area_type: 'icb', parent_code: null },
      { area_code: 'E54000051', area_name: 'NHS Humber and North Yorkshire Integrated Care Board', area_type: 'icb', parent_code: null },
      { area_code: 'E10000006', area_name: 'Cumbria', area_type: 'place', parent_code: 'E54000050' },
      { area_code: 'E06000063', area_name: 'Cumberland', area_type: 'place', parent_code: 'E54000050' },
      { area_code: 'E06000064', area_name: 'Westmorland and Furness', area_type: 'place', parent_code: 'E54000048' },
      { area_code: 'E10000023', area_name: 'North Yorkshire', area_type: 'place', parent_code: 'E54000051' },
      { area_code: 'E06000065', area_name: 'North Yorkshire', area_type: 'place', parent_code: 'E54000051' },
    ] as Area[]);
    // Craven, a district of North Yorkshire's county until April 2023: before, "such as E10000023".
    expect(homeAreaProblem(replaced, 'E07000163')).toMatch(/such as E06000065 \(North Yorkshire\), the council that replaced North Yorkshire, the county E07000163 lay in$/);
    // Allerdale, of Cumbria's county.
    expect(homeAreaProblem(replaced, 'E07000026')).toMatch(/such as E06000063 \(Cumberland\) or E06000064 \(Westmorland and Furness\), the councils that replaced Cumbria, the county E07000026 lay in$/);
    // A county held without its successors is still suggested.
    expect(homeAreaProblem(areas, 'E07000117')).toMatch(/such as E10000017 \(Lancashire, the county E07000117 lies in\)$/);
  });
});
