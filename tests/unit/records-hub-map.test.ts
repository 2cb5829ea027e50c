// The hub map: the team's own table, or by default one hub per PCN from the ePCN core partners sheet.
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/lib/contract/csv';
import { hubMapCsv, readHubMap } from '../../src/lib/records/hub-map';
import { hasRealData, readReal, realDataReason } from '../helpers/real-data';

describe('the hub map a team edits', () => {
  it('reads the editable table and writes it back unchanged', () => {
    const text = 'practice_code,pcn_code,hub_code,hub_name,place_code\nN81001,U79408,HUB-W,"Widnes, North",E06000006\nN81003,,HUB-R,Runcorn,E06000006\n';
    const { rows, problems } = readHubMap('hubs.csv', parseCsv(text));
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.practice_code, r.hub_code, r.hub_name])).toEqual([['N81001', 'HUB-W', 'Widnes, North'], ['N81003', 'HUB-R', 'Runcorn']]);
    expect(hubMapCsv(rows)).toBe(text);
  });

  it('names the row and column of what it cannot use', () => {
    // E07000037, High Peak: a district, whose county (Derbyshire, E10000007) runs adult social care.
    const text = 'practice_code,pcn_code,hub_code,hub_name,place_code\nN81001,,H1,Widnes,E06000006\nN81001,,H2,Runcorn,E06000006\nN81002,,,Runcorn,E06000006\nN81004,,H3,Nowhere,Halton\nN81005,,H4,Glossop,E07000037\nN81006,,H5,Buxton,E10000007\n';
    expect(readHubMap('hubs.csv', parseCsv(text)).problems).toEqual([
      'hubs.csv, row 3: practice N81001 is mapped twice',
      'hubs.csv, row 4: hub_code empty',
      'hubs.csv, row 5, column place_code: not a council code (E06, E08, E09 or E10 and six digits)',
      "hubs.csv, row 6, column place_code: E07000037 is a district: give its county council's code, E10000007, which runs adult social care",
    ]);
    expect(readHubMap('other.csv', parseCsv('a,b\n1,2\n')).problems[0]).toMatch(/^other\.csv: not a hub map/);
  });

  it("names, for a district of a county that has ended, the councils that followed it", () => {
    // Carlisle (Cumbria, which ended in March 2023) and Aylesbury Vale (Buckinghamshire, March 2020).
    const text = 'practice_code,pcn_code,hub_code,hub_name,place_code\nA1,,H1,Carlisle,E07000028\nA2,,H2,Aylesbury,E07000004\n';
    expect(readHubMap('hubs.csv', parseCsv(text)).problems).toEqual([
      "hubs.csv, row 2, column place_code: E07000028 is a district: give its county council's code, E10000006, which runs adult social care (in use until March 2023; after that, E06000063 or E06000064)",
      "hubs.csv, row 3, column place_code: E07000004 is a district: give its county council's code, E10000002, which runs adult social care (in use until March 2020; after that, E06000060)",
    ]);
  });

  it("reads practice and council codes in capitals, as the records' are read: a practice written in two cases is mapped twice", () => {
    // The records' 'n81001 ' is the practice N81001 (layouts.ts RecordField.code): a map giving
    // N81001 and n81001 two hubs had each of its records counted in both (the map is joined by
    // practice). A council code in lower case is the council, and a district so written is named.
    const text = 'practice_code,pcn_code,hub_code,hub_name,place_code\nN81001,,H1,Widnes,E06000006\nn81001,,H2,Runcorn,E06000006\n n81002 ,,H2,Runcorn, e06000006 \nN81003,,H3,Glossop,e07000037\n';
    const { rows, problems } = readHubMap('hubs.csv', parseCsv(text));
    expect(problems).toEqual([
      'hubs.csv, row 3: practice N81001 is mapped twice',
      "hubs.csv, row 5, column place_code: E07000037 is a district: give its county council's code, E10000007, which runs adult social care",
    ]);
    expect(rows.map((r) => [r.practice_code, r.hub_code, r.place_code])).toEqual([['N81001', 'H1', 'E06000006'], ['N81002', 'H2', 'E06000006']]);
    const epcn = ['Partner Organisation Code,Partner Name,PCN Code,PCN Name,PCN Parent CCG Code,Practice to PCN Relationship Start Date,Practice to PCN Relationship End Date', 'A1,One,U1,FIRST PCN,00C,20190701,', 'a1,One,U2,SECOND PCN,00C,20191001,'];
    expect(readHubMap('core-partners.csv', parseCsv(epcn.join('\n'))).rows.map((r) => `${r.practice_code} ${r.hub_code}`)).toEqual(['A1 U2']);
  });

  it("refuses a hub coded as an area or a place's unassigned hub, and a hub in two places", () => {
    // Each would put two areas under one code: a place and its hub, or one hub under two places.
    const text = 'practice_code,pcn_code,hub_code,hub_name,place_code\nN81001,,E06000006,Halton,E06000006\nN81002,,E06000006-unassigned,Odd,E06000006\nN81003,,H1,Widnes,E06000006\nN81004,,H1,Widnes,E06000007\nN81005,,H1,Widnes,E06000006\nN81006,,E54000008,Cheshire and Merseyside,E06000006\n';
    const { rows, problems } = readHubMap('hubs.csv', parseCsv(text));
    expect(problems).toEqual([
      "hubs.csv, row 2, column hub_code: is an area's ONS code (a council's, an ICB's, a region's) or a place's unassigned hub's; give the hub a code of its own",
      "hubs.csv, row 3, column hub_code: is an area's ONS code (a council's, an ICB's, a region's) or a place's unassigned hub's; give the hub a code of its own",
      'hubs.csv, row 5, column hub_code: hub H1 is in E06000006 on row 4; a hub is in one place',
      "hubs.csv, row 7, column hub_code: is an area's ONS code (a council's, an ICB's, a region's) or a place's unassigned hub's; give the hub a code of its own",
    ]);
    expect(rows.map((r) => r.practice_code)).toEqual(['N81003', 'N81005']);
  });

  it('refuses a hub placed on one row and left blank on another, saying which is which', () => {
    // Either the map places the hub or the residence of its patients does: not both. The blank place read "is in  on row 2".
    const text = 'practice_code,pcn_code,hub_code,hub_name,place_code\nN81001,,H1,Widnes,\nN81002,,H1,Widnes,E06000006\nN81003,,H2,Runcorn,E06000006\nN81004,,H2,Runcorn,\n';
    expect(readHubMap('hubs.csv', parseCsv(text)).problems).toEqual([
      "hubs.csv, row 3, column hub_code: hub H1 is left for its patients' residence to place (place_code blank) on row 2; a hub is in one place",
      'hubs.csv, row 5, column hub_code: hub H2 is in E06000006 on row 4, and its place_code is blank here; a hub is in one place',
    ]);
  });

  it('refuses a hub given a second name, which would make it two areas of one code', () => {
    // Refused here by row and column, rather than as a repeated key of the hubs file made from the
    // map (a file the team never sees), naming whichever of the two DuckDB listed second.
    const text = 'practice_code,pcn_code,hub_code,hub_name,place_code\nN81001,,H1,Widnes,E06000006\nN81002,,H1,Widnes PCN,E06000006\nN81003,,H1,Widnes,E06000006\n';
    const { rows, problems } = readHubMap('hubs.csv', parseCsv(text));
    expect(problems).toEqual(['hubs.csv, row 3, column hub_name: hub H1 is named "Widnes" on row 2; a hub has one name']);
    expect(rows.map((r) => r.practice_code)).toEqual(['N81001', 'N81003']);
  });
});

describe('the ePCN core partners sheet as the hub map', () => {
  const HEADER = 'Partner Organisation Code,Partner Name,PCN Code,PCN Name,PCN Parent CCG Code,Practice to PCN Relationship Start Date,Practice to PCN Relationship End Date';
  it('maps a practice listed twice with no end date once, to the PCN it joined later (twice, its records were counted twice)', () => {
    const text = [HEADER, 'A1,One,U1,FIRST PCN,00C,20190701,', 'A2,Two,U1,FIRST PCN,00C,20190701,', 'A1,One,U2,SECOND PCN,00C,20191001,', 'A2,Two,U1,FIRST PCN,00C,20190701,', 'A3,Three,U2,SECOND PCN,00C,20191001,', 'A3,Three,U1,FIRST PCN,00C,20190701,'].join('\n') + '\n';
    const { rows, problems } = readHubMap('core-partners.csv', parseCsv(text));
    expect(problems).toEqual([]);
    expect(rows.map((r) => `${r.practice_code} ${r.hub_code}`)).toEqual(['A1 U2', 'A2 U1', 'A3 U2']);
  });
});

describe.skipIf(!hasRealData)(`the default hub map from the real ePCN core partners sheet (Dec 2019)${realDataReason}`, () => {
  it('maps each practice of our places to its PCN, named as local people write it', () => {
    const { rows, problems } = readHubMap('core-partners.csv', parseCsv(readReal('nhsd/nhsd-epcn-2019-12-core-partners.csv')));
    expect(problems).toEqual([]);
    const halton = rows.filter((r) => r.place_code === 'E06000006');
    // 14 Halton CCG (01F) practices in two PCNs (counted in the sheet by hand).
    expect(halton).toHaveLength(14);
    expect([...new Set(halton.map((r) => `${r.hub_code} ${r.hub_name}`))].sort()).toEqual(['U09643 Runcorn PCN', 'U79408 Widnes PCN']);
    expect(new Set(rows.map((r) => r.place_code).filter((p) => p !== '')).size).toBe(19);
  });

  it('keeps the PCNs of every other CCG, their place left for their patients\' residence to give', () => {
    const { rows } = readHubMap('core-partners.csv', parseCsv(readReal('nhsd/nhsd-epcn-2019-12-core-partners.csv')));
    // Darlington CCG (00C): 11 practices in one PCN (counted in the sheet by hand).
    const darlington = rows.filter((r) => r.pcn_code === 'U45102');
    expect(darlington).toHaveLength(11);
    expect(new Set(darlington.map((r) => `${r.hub_code} ${r.hub_name} [${r.place_code}]`))).toEqual(new Set(['U45102 Darlington PCN []']));
    // Glossop PCN, known to lie outside its CCG's place, is still left out.
    expect(rows.some((r) => r.pcn_code === 'U60978')).toBe(false);
  });
});
