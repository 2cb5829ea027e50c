// The reference geography against the official lists it was written from: the ONS mid-year
// estimates (codes, names, regions), the NHS England July 2015 DToC sheet (old council codes
// beside ONS codes) and the ICB list; and its joins by old code and by name, which use the period.
import { describe, expect, it } from 'vitest';
import { emptyTables } from '../../src/lib/contract/canonical';
import { parseCsv } from '../../src/lib/contract/csv';
import type { Area } from '../../src/lib/contract/schema';
import { COUNCILS } from '../../src/lib/geography/councils';
import { COUNTY_OF_DISTRICT, DISTRICTS_OF_COUNTY } from '../../src/lib/geography/districts';
import { ICBS } from '../../src/lib/geography/icbs';
import { nameKey } from '../../src/lib/geography/names';
import { council, inUse, joinName, joinOldCode, referenceArea, validity, withAncestors } from '../../src/lib/geography/reference';
import { REGIONS, regionByName } from '../../src/lib/geography/regions';
import { withReferenceAreas } from '../../src/lib/ingest/reference-areas';
import { hasRealData, readReal, realDataReason } from '../helpers/real-data';

/** Councils in use on a day, by code. */
const inUseOn = (day: string) => COUNCILS.filter((c) => inUse(c, day)).map((c) => c.code).sort();

describe('the reference geography holds together', () => {
  it('has each code once, and every successor starts the day its predecessor ends', () => {
    expect(new Set(COUNCILS.map((c) => c.code)).size).toBe(COUNCILS.length);
    for (const c of COUNCILS.filter((x) => x.until)) {
      expect(c.successors?.length, c.code).toBeGreaterThan(0);
      for (const s of c.successors!) expect(council(s)?.from, `${c.code} → ${s}`).toBe(c.until);
    }
    for (const c of COUNCILS.filter((x) => x.from)) {
      expect(COUNCILS.some((p) => p.successors?.includes(c.code)), `${c.code} has a predecessor`).toBe(true);
    }
  });

  it('puts every council under a known ICB and every ICB under a region', () => {
    const icbs = new Set(ICBS.map((i) => i.code));
    const regions = new Set(REGIONS.map((r) => r.code));
    for (const c of COUNCILS) expect(icbs.has(c.icb), c.code).toBe(true);
    for (const i of ICBS) expect(regions.has(i.region), i.code).toBe(true);
    // Every ICB holds the majority of at least one council in use today.
    const held = new Set(COUNCILS.filter((c) => inUse(c, '2024-04-01')).map((c) => c.icb));
    expect(ICBS.filter((i) => !held.has(i.code)).map((i) => i.name)).toEqual([]);
  });

  it('has 152 councils in use from April 2011 to March 2019 and 153 after 2023 (with the Isles of Scilly)', () => {
    expect(inUseOn('2011-04-01')).toHaveLength(152);
    expect(inUseOn('2019-03-01')).toHaveLength(152);
    expect(inUseOn('2019-04-01')).toHaveLength(151);
    expect(inUseOn('2021-04-01')).toHaveLength(152);
    expect(inUseOn('2023-04-01')).toHaveLength(153);
  });

  it('gives areas with their ancestors, parents first', () => {
    expect(withAncestors(['E06000006']).map((a) => a.area_code)).toEqual(['E92000001', 'E12000002', 'E54000008', 'E06000006']);
    expect(referenceArea('E06000047')).toEqual({ area_code: 'E06000047', area_name: 'County Durham', area_type: 'place', parent_code: 'E54000050' });
    expect(referenceArea('E54000057')?.parent_code).toBe('E12000002');
    expect(withAncestors(['U00021'])).toEqual([]);
  });

  it('puts every district (E07) under one county council of the reference', () => {
    const districts = Object.values(DISTRICTS_OF_COUNTY).flat();
    expect(new Set(districts).size).toBe(districts.length);
    for (const county of Object.keys(DISTRICTS_OF_COUNTY)) expect(council(county)?.code, county).toMatch(/^E10\d{6}$/);
    expect(COUNTY_OF_DISTRICT.get('E07000026')).toBe('E10000006');
    // Every county in use on April 2019 boundaries has districts.
    expect(Object.keys(DISTRICTS_OF_COUNTY).sort()).toEqual(inUseOn('2019-04-01').filter((c) => c.startsWith('E10')));
  });

  it('says when a code was in use', () => {
    expect(validity('E10000002')).toBe('until March 2020');
    expect(validity('E06000060')).toBe('from April 2020');
    expect(validity('E06000006')).toBe('');
  });
});

describe('joins by old code and by name use the period', () => {
  it('maps an old council code to the ONS code in use that month', () => {
    // Gateshead's code changed in April 2013 (a minor boundary change): its series runs on under the new code.
    expect(joinOldCode('106', '2011-04-01')).toEqual({ code: 'E08000037' });
    expect(joinOldCode('106', '2015-07-01')).toEqual({ code: 'E08000037' });
    expect(joinOldCode('321', '2011-04-01')).toEqual({ code: 'E06000006' });
    expect(joinOldCode('810', '2019-04-01')).toEqual({ code: 'E06000028' });
    expect(joinOldCode('810', '2019-05-01')).toEqual({ message: 'old council code 810 is E06000028 Bournemouth (until March 2019), none of them in use in May 2019' });
    expect(joinOldCode('999', '2011-04-01')).toBeNull();
  });

  it('joins Buckinghamshire and Dorset by period, and spellings only where the reference records them', () => {
    expect(joinName('Buckinghamshire', '2019-12-01')).toEqual({ code: 'E10000002' });
    expect(joinName('Buckinghamshire', '2020-04-01')).toEqual({ code: 'E06000060' });
    // NHS England still reported the old councils for April 2019.
    expect(joinName('Dorset', '2019-04-01')).toEqual({ code: 'E10000009' });
    expect(joinName('Dorset', '2019-05-01')).toEqual({ code: 'E06000059' });
    expect(joinName('Poole', '2019-04-01')).toEqual({ code: 'E06000029' });
    expect(joinName('Poole', '2019-05-01')).toEqual({ message: '"Poole" is E06000029 Poole (until March 2019), none of them in use in May 2019' });
    expect(joinName('Durham', '2015-07-01')).toEqual({ code: 'E06000047' });
    expect(joinName('Medway Towns UA', '2011-04-01')).toEqual({ code: 'E06000035' });
    expect(joinName('Southend', '2017-01-01')).toEqual({ code: 'E06000033' });
    expect(joinName('Bristol UA', '2011-04-01')).toEqual({ code: 'E06000023' });
    expect(joinName('Gateshead', '2013-03-01')).toEqual({ code: 'E08000037' });
    expect(joinName('Gateshead', '2013-04-01')).toEqual({ code: 'E08000037' });
    expect(joinName('Narnia', '2013-04-01')).toBeNull();
  });
});

/** ONS mid-year estimate rows of England, regions and upper-tier councils: code, name, region. */
function onsRows(file: string): { code: string; name: string; region: string | null }[] {
  let region: string | null = null;
  const out: { code: string; name: string; region: string | null }[] = [];
  for (const { cells } of parseCsv(readReal(file))) {
    const code = cells[0]!.trim();
    if (/^E12/.test(code)) region = code;
    if (/^E(06|08|09|10|12|92)\d{6}$/.test(code)) out.push({ code, name: cells[1]!.trim(), region });
  }
  return out;
}

// Codes no file here can confirm, written from the ONS Code History Database: Gateshead and
// Northumberland before April 2013, and the councils of April 2023.
const UNCHECKED = ['E08000020', 'E06000048', 'E06000063', 'E06000064', 'E06000065', 'E06000066'];

describe.skipIf(!hasRealData)(`the reference against the official files${realDataReason}`, () => {
  // ONS published mid-2018 on April 2019 boundaries and mid-2020 on April 2021 boundaries.
  for (const [file, boundaries] of [
    ['ons/ons-mye-mid2018-persons-single-year-of-age.csv', '2019-04-01'],
    ['ons/ons-mye-mid2020-persons-single-year-of-age.csv', '2021-04-01'],
  ] as const) {
    it(`has every code, name and region of ${file.split('/')[1]}, and exactly its councils`, () => {
      const rows = onsRows(file);
      const councils = rows.filter((r) => !/^E(12|92)/.test(r.code));
      for (const r of councils) {
        const c = council(r.code);
        expect(c, r.code).toBeDefined();
        expect(c!.name, r.code).toBe(r.name);
        expect(c!.region, r.code).toBe(r.region);
      }
      expect(councils.map((r) => r.code).sort()).toEqual(inUseOn(boundaries));
      const regions = rows.filter((r) => r.code.startsWith('E12'));
      expect(regions.map((r) => [r.code, regionByName(r.name)?.code])).toEqual(REGIONS.map((r) => [r.code, r.code]));
      expect(rows.find((r) => r.code === 'E92000001')?.name).toBe('ENGLAND');
    });
  }

  it('has every ONS code, old code and name of the July 2015 DToC sheet, and exactly its councils but the Isles of Scilly', () => {
    const rows = parseCsv(readReal('nhse-dtoc-monthly-older/2015-07-la-by-responsible-org.csv')).map((r) => r.cells.map((c) => c.trim()));
    const councils = rows.filter((r) => /^E(06|08|09|10)\d{6}$/.test(r[2]!));
    for (const [, regionName, code, oldCode, name] of councils) {
      const c = council(code!);
      expect(c, code).toBeDefined();
      expect(c!.oldCode, code).toBe(oldCode);
      expect(c!.region, code).toBe(regionByName(regionName!)?.code);
      expect(joinName(name!, '2015-07-01'), name).toEqual({ code });
      expect(joinOldCode(oldCode!, '2015-07-01'), oldCode).toEqual({ code });
    }
    // The Isles of Scilly's delayed days are counted with Cornwall's in NHS England's returns.
    expect(councils.map((r) => r[2]).sort()).toEqual(inUseOn('2015-07-01').filter((c) => c !== 'E06000053'));
  });

  it('has every district (E07) of both estimates under the county (E10) listed above it, and no other', () => {
    const derived = new Map<string, string>();
    for (const file of ['ons/ons-mye-mid2018-persons-single-year-of-age.csv', 'ons/ons-mye-mid2020-persons-single-year-of-age.csv']) {
      let county: string | null = null;
      for (const { cells } of parseCsv(readReal(file))) {
        const code = cells[0]!.trim();
        if (/^E07\d{6}$/.test(code)) {
          expect(county, `${file}: ${code} under a county`).not.toBeNull();
          expect(derived.get(code) ?? county, `${code} in one county in both files`).toBe(county);
          derived.set(code, county!);
        } else if (/^[A-Z]\d{8}$/.test(code)) county = /^E10/.test(code) ? code : null;
      }
    }
    expect([...COUNTY_OF_DISTRICT].sort()).toEqual([...derived].sort());
    expect(derived.size).toBe(192);
  });

  it('has the ICBs of the ICB list, with their official names', () => {
    const rows = parseCsv(readReal('nhsd/icb-codes.csv')).slice(1).map((r) => r.cells);
    const english = rows.filter((r) => /^E54/.test(r[1]!));
    expect(english.map(([ods, code, name]) => ({ ods, code, name }))).toEqual(ICBS.map(({ ods, code, name }) => ({ ods, code, name })));
  });

  it('leaves unchecked only the codes no file here holds', () => {
    const seen = new Set([
      ...onsRows('ons/ons-mye-mid2018-persons-single-year-of-age.csv').map((r) => r.code),
      ...onsRows('ons/ons-mye-mid2020-persons-single-year-of-age.csv').map((r) => r.code),
      ...parseCsv(readReal('nhse-dtoc-monthly-older/2015-07-la-by-responsible-org.csv')).map((r) => r.cells[2]?.trim() ?? ''),
    ]);
    expect(COUNCILS.map((c) => c.code).filter((c) => !seen.has(c)).sort()).toEqual([...UNCHECKED].sort());
  });

  it('joins every name of the compiled DToC series in its month', () => {
    const rows = parseCsv(readReal('nhse-dtoc-compiled/dtoc-la-responsible-org-2011-04-to-2019-12.csv')).slice(1);
    const failures = new Set<string>();
    for (const { cells } of rows) {
      const [name, , , , month] = cells;
      if (nameKey(name!) === 'england') continue;
      const [m, y] = month!.split(' ');
      const day = new Date(`1 ${m} ${y} UTC`).toISOString().slice(0, 10);
      const joined = joinName(name!, day);
      if (!joined || 'message' in joined) failures.add(`${name} ${month}: ${joined ? joined.message : 'unknown'}`);
    }
    expect([...failures]).toEqual([]);
  });
});

describe('a file\'s areas through the reference geography', () => {
  const tables = (areas: Area[]) => ({ ...emptyTables(), areas });
  it('keeps the official name, notes an unrecorded spelling, and brings the ancestors not yet known', () => {
    const { tables: t, notes } = withReferenceAreas(tables([
      { area_code: 'E06000047', area_name: 'Durham', area_type: 'place', parent_code: 'E12000001' },
      { area_code: 'E06000033', area_name: 'Southend-on-Sea Borough', area_type: 'place', parent_code: null },
      { area_code: 'U00001', area_name: 'A hub', area_type: 'hub', parent_code: 'E06000047' },
    ]), new Set(['E92000001']));
    expect(t.areas.map((a) => [a.area_code, a.area_name, a.parent_code])).toEqual([
      ['E12000001', 'North East', 'E92000001'], ['E54000050', 'NHS North East and North Cumbria Integrated Care Board', 'E12000001'],
      ['E12000006', 'East of England', 'E92000001'], ['E54000026', 'NHS Mid and South Essex Integrated Care Board', 'E12000006'],
      ['E06000047', 'County Durham', 'E54000050'], ['E06000033', 'Southend-on-Sea', 'E54000026'], ['U00001', 'A hub', 'E06000047'],
    ]);
    expect(notes).toEqual(['1 area name(s) spelled differently here were used for joining only; the official names are shown: "Southend-on-Sea Borough" (Southend-on-Sea).']);
  });
});
