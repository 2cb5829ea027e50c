// Hubs the hub map gives no place (NHS Digital's ePCN sheet anywhere outside the places whose CCGs
// ccg-places.ts knows, or a team's row with place_code left blank) are placed by where most of
// their registered patients live, so a council outside the demo's 19 gets its place and hubs from
// the ePCN sheet as it is. Worked out by hand below, in both engines.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateRecordFiles, recordFile } from '../../pipelines/records';
import { builtinDefinitions } from '../../pipelines/definitions';
import { aggregateRecords, type RecordAggregates } from '../../src/lib/records/aggregate';
import type { HubMapRow } from '../../src/lib/records/hub-map';
import { NEIGHBOUR_SHARE } from '../../src/lib/records/queries';
import { metricsFromRows } from '../../src/lib/definitions/parse';
import { nodeDuckDb } from '../../src/lib/server/node-duckdb';
import { parseCsv } from '../../src/lib/contract/csv';
import { readHubMap } from '../../src/lib/records/hub-map';
import { hasRealData, readReal, realDataReason } from '../helpers/real-data';
import { tempDir } from '../helpers/temp';
import { COVER_DAYS_2023_24, HALTON as FIXTURE_HALTON, HUB_MAP as FIXTURE_MAP, MARKER, SPELLS_HEADER, writeSet } from './records-fixture';

const DARLINGTON = 'E06000005';
const DURHAM = 'E06000047';
const CARDIFF = 'W06000015';
const HALTON = 'E06000006';

const pcn = (practice: string, code: string, name: string, place = ''): HubMapRow => ({ practice_code: practice, pcn_code: code, hub_code: code, hub_name: name, place_code: place });
const HUB_MAP: HubMapRow[] = [
  pcn('A1', 'P1', 'Darlington North'),
  pcn('A2', 'P2', 'Darlington South'),
  pcn('A3', 'P3', 'Durham Rural'),
  // A PCN none of whose patients is in the records: left out, not guessed.
  pcn('A4', 'P4', 'Nowhere'),
  // Placed by the map (as the ePCN sheet places Halton's CCG): kept where it is.
  pcn('N81001', 'H1', 'Widnes', HALTON),
];

// Emergency admissions aged 70 in 2023-24, one line per spell: [person, council of residence, practice].
const SPELLS: [string, string, string][] = [
  // P1: two Darlington residents and one of Durham: Darlington's.
  ['d1', DARLINGTON, 'A1'], ['d2', DARLINGTON, 'A1'], ['d3', DURHAM, 'A1'],
  // P2: one of each council, and three people of Cardiff (not an English council): a tie of
  // Darlington and Durham, to the lower code, Darlington.
  ['d4', DURHAM, 'A2'], ['d5', DARLINGTON, 'A2'], ['c1', CARDIFF, 'A2'], ['c2', CARDIFF, 'A2'], ['c3', CARDIFF, 'A2'],
  // P3: two people of Durham; one of Darlington admitted three times. People, not spells: Durham's.
  ['d6', DURHAM, 'A3'], ['d8', DURHAM, 'A3'], ['d7', DARLINGTON, 'A3'], ['d7', DARLINGTON, 'A3'], ['d7', DARLINGTON, 'A3'],
  ['h1', HALTON, 'N81001'],
];

/**
 * One spell a line, each a day case; a person of '' leaves the pseudonymised NHS number blank (null
 * once read). The first is on 1 April 2023 and the last on 31 March 2024, and a day case of a
 * Cardiff resident with no practice (counted nowhere) in each month between, so the file covers
 * 2023-24 whole; the others are in October 2023.
 */
function writeSpells(dir: string, spells = SPELLS): string {
  const file = path.join(dir, 'spells.csv');
  const day = (i: number) => (i === 0 ? '2023-04-01' : i === spells.length - 1 ? '2024-03-31' : `2023-10-0${1 + (i % 9)}`);
  const lines = spells.map(([who, place, practice], i) => `${MARKER}-s${i},${who === '' ? '' : `${MARKER}-${who}`},70,${place},${practice},${day(i)},21,${day(i)},${day(i)},19,I10,`);
  const between = COVER_DAYS_2023_24.slice(1, -1).map((d, i) => `${MARKER}-cover-${i},${MARKER}-cover,40,${CARDIFF},,${d},11,${d},,19,K40,`);
  writeFileSync(file, [SPELLS_HEADER, ...lines, ...between].join('\n') + '\n');
  return file;
}

/** The file aggregated by the pipeline's engine, once the upload page's has given the same. */
async function inBothEngines(file: string): Promise<RecordAggregates> {
  const native = await aggregateRecordFiles([recordFile(file)!], HUB_MAP);
  const db = await nodeDuckDb({ 'record-file-0.csv': file });
  expect(await aggregateRecords(db, [{ ...recordFile(file)!, path: 'record-file-0.csv' }], HUB_MAP, metricsFromRows(builtinDefinitions()))).toEqual(native);
  return native;
}

const yearly = (a: RecordAggregates) =>
  a.observations
    .filter((o) => o.metric === 'emergency_admissions_65' && o.period_type === 'financial_year')
    .map((o) => [o.area_code, o.numerator])
    .sort((x, y) => String(x[0]).localeCompare(String(y[0])));

describe('hubs the map gives no place, placed by where their patients live', () => {
  it('places each where most of its patients (people, English councils) live, counts residents by it, and says so', async () => {
    const file = writeSpells(tempDir('placed-hubs-'));
    const native = await aggregateRecordFiles([recordFile(file)!], HUB_MAP);
    expect(yearly(native)).toEqual([
      [DARLINGTON, 6], // d1, d2, d5, and d7's three spells
      [`${DARLINGTON}-UNASSIGNED`, 3], // d7: registered in P3, a Durham hub
      [HALTON, 1],
      [`${HALTON}-UNASSIGNED`, 0],
      [DURHAM, 4], // d3, d4, d6, d8
      [`${DURHAM}-UNASSIGNED`, 2], // d3 (P1) and d4 (P2), Darlington's hubs
      ['H1', 1],
      ['P1', 2], // d1, d2
      ['P2', 1], // d5
      ['P3', 2], // d6, d8
    ].filter(([, n]) => n !== 0));
    expect(native.hubs.map((h) => [h.area_code, h.parent_code])).toEqual([
      ['E06000005-UNASSIGNED', DARLINGTON], ['P1', DARLINGTON], ['P2', DARLINGTON],
      ['E06000006-UNASSIGNED', HALTON], ['H1', HALTON],
      ['E06000047-UNASSIGNED', DURHAM], ['P3', DURHAM],
    ]);
    expect(native.mapNotes).toEqual([
      'Hub map: 4 hubs are given no place (PCNs of a CCG this dashboard cannot place, or rows with place_code left blank): 3 were placed in the council where most of their registered patients in these records live (E06000005: P1, P2; E06000047: P3); 1 other has no patient in these records and is left out. Give place_code in your hub map to choose otherwise.',
    ]);
    // Cardiff's residents are counted nowhere, and the note on the file says so.
    expect(native.notes.get('spells.csv')!.join(' ')).toContain('13 rows are of residents of councils the hub map does not name: not counted.');

    // The upload page's engine places them alike.
    const db = await nodeDuckDb({ 'record-file-0.csv': file });
    const wasm = await aggregateRecords(db, [{ ...recordFile(file)!, path: 'record-file-0.csv' }], HUB_MAP, metricsFromRows(builtinDefinitions()));
    expect(wasm).toEqual(native);
  }, 60_000);

  it('leaves a map that places every hub as it was: no note, nothing placed', async () => {
    const file = writeSpells(tempDir('placed-hubs-'));
    const placed = HUB_MAP.map((r) => ({ ...r, place_code: r.place_code || (r.hub_code === 'P3' ? DURHAM : DARLINGTON) }));
    const a = await aggregateRecordFiles([recordFile(file)!], placed);
    expect(a.mapNotes).toEqual([]);
    // P4, placed by the map, is listed though none of its patients is in the records.
    expect(a.hubs.map((h) => h.area_code)).toContain('P4');
  }, 60_000);
});

describe("a neighbouring council's PCN in a council's own records", () => {
  // A council's extract holds its own residents alone: a PCN across the border with a few of them
  // had all its patients in these records there, and became one of the council's hubs.
  it(`is left out where its records there are under 1 in ${NEIGHBOUR_SHARE} of the council's, its patients counted in the unassigned hub, in both engines`, async () => {
    const many = Array.from({ length: 250 }, (_, i): [string, string, string] => [`n${i}`, DARLINGTON, 'A1']);
    // P2, one resident; P3, two: 200 and 400 times its records, against Darlington's 253.
    const file = writeSpells(tempDir('placed-hubs-'), [...many, ['x1', DARLINGTON, 'A2'], ['y1', DARLINGTON, 'A3'], ['y2', DARLINGTON, 'A3']]);
    const native = await inBothEngines(file);
    expect(yearly(native)).toEqual([[DARLINGTON, 253], [`${DARLINGTON}-UNASSIGNED`, 1], ['P1', 250], ['P3', 2]]);
    expect(native.hubs.map((h) => h.area_code)).toEqual([`${DARLINGTON}-UNASSIGNED`, 'P1', 'P3']);
    expect(native.mapNotes).toEqual([
      'Hub map: 4 hubs are given no place (PCNs of a CCG this dashboard cannot place, or rows with place_code left blank): 2 were placed in the council where most of their registered patients in these records live (E06000005: P1, P3); ' +
        `1 has too few of its patients in the council where most of them live to be one of its hubs (under 1 in ${NEIGHBOUR_SHARE} of its records: another council's PCN, most likely) and is left out, its patients counted in the council's unassigned hub (E06000005: P2); ` +
        '1 other has no patient in these records and is left out. Give place_code in your hub map to choose otherwise.',
    ]);
  }, 60_000);
});

describe('residents of a district (E07)', () => {
  // SUS gives a two-tier county's residents their district (E07), whose council does not run
  // adult social care: they count in the county (E10) that does. They were not counted at all.
  const DERBYSHIRE = 'E10000007';
  it('count in their county, and a hub of theirs is placed there, in both engines', async () => {
    const HIGH_PEAK = 'E07000037';
    const CHESTERFIELD = 'E07000034';
    const file = writeSpells(tempDir('placed-hubs-'), [
      ['g1', HIGH_PEAK, 'A1'], ['g2', CHESTERFIELD, 'A1'], ['g3', DARLINGTON, 'A1'],
      // No district of April 2019 or April 2021 has this code: not counted, and said.
      ['g4', 'E07999999', 'A2'],
    ]);
    const native = await inBothEngines(file);
    // P1: two people of Derbyshire's districts, one of Darlington: Derbyshire's hub, and
    // Darlington, with no hub of its own, no place of the map's.
    expect(native.hubs.map((h) => [h.area_code, h.parent_code])).toEqual([[`${DERBYSHIRE}-UNASSIGNED`, DERBYSHIRE], ['P1', DERBYSHIRE]]);
    expect(yearly(native)).toEqual([[DERBYSHIRE, 2], ['P1', 2]]);
    expect(native.notes.get('spells.csv')).toEqual(expect.arrayContaining([
      '2 rows give a district (E07) as the council of residence: counted in its county council (E10), which runs adult social care.',
      '11 rows are of residents of councils the hub map does not name: not counted.', // (Darlington's, and the ten Cardiff day cases of writeSpells)
      "1 row gives a district (E07) code that is not one of the districts of April 2019 or April 2021: not counted. Give the code of the council that runs adult social care there: its county council (E10), or the unitary council (E06) that took the district's place (as Dorset's did in April 2019).",
    ]));
  }, 60_000);

  it("count in the county a team's hub map names, as its own code's residents do", async () => {
    const map: HubMapRow[] = [pcn('A1', 'P1', 'Peak', DERBYSHIRE), pcn('A2', 'P2', 'Dales', DERBYSHIRE)];
    const file = writeSpells(tempDir('placed-hubs-'), [
      ['g1', 'E07000037', 'A1'], ['g2', DERBYSHIRE, 'A1'], ['g3', 'E07000035', 'A2'],
      // A Derbyshire resident registered with a practice the map does not know.
      ['g4', 'E07000039', 'Z9'],
      // Another county's district: its county is not a place of this map.
      ['g5', 'E07000026', 'A1'],
    ]);
    const native = await aggregateRecordFiles([recordFile(file)!], map);
    expect(yearly(native)).toEqual([[DERBYSHIRE, 4], [`${DERBYSHIRE}-UNASSIGNED`, 1], ['P1', 2], ['P2', 1]]);
    expect(native.notes.get('spells.csv')).toEqual(expect.arrayContaining([
      '3 rows give a district (E07) as the council of residence: counted in its county council (E10), which runs adult social care.',
      '11 rows are of residents of councils the hub map does not name: not counted.', // (g5, and the ten of writeSpells)
    ]));
  }, 60_000);
});

describe('a county whose spells give districts, every metric', () => {
  // The hand-made record set (records-fixture.ts, worked out in records.test.ts) with Halton made
  // Derbyshire: its spells give Derbyshire's districts (one in lower case, one with spaces), its
  // events the county or a district. Every metric, 2B(1)'s linking of spells to events by person
  // (p3's spells give a district, his events the county) among them, is as it was, in both engines.
  it("gives the figures the county's own code gives, and the notes count the rows that count", async () => {
    const DERBYSHIRE = 'E10000007';
    const DISTRICTS = ['E07000032', 'e07000033', ' E07000034 ', 'E07000035', 'E07000037'];
    const given = writeSet(tempDir('district-set-'));
    const dir = tempDir('district-set-');
    let i = 0;
    const spells = readFileSync(given.spells, 'utf8').replace(new RegExp(`,${FIXTURE_HALTON},`, 'g'), () => `,${DISTRICTS[i++ % DISTRICTS.length]},`);
    // p1's and p2's events give Chesterfield, and so does a carer's, which counts nowhere; the rest the county.
    const events = readFileSync(given.events, 'utf8').split('\r\n').map((line) =>
      line.replace(new RegExp(`^${FIXTURE_HALTON},`), /-person-(1|2),|,Carer,/.test(line) ? 'E07000034,' : `${DERBYSHIRE},`)).join('\r\n');
    writeFileSync(path.join(dir, 'spells.csv'), spells);
    writeFileSync(path.join(dir, 'cld.csv'), events);
    const county = (code: string) => code.replace(FIXTURE_HALTON, DERBYSHIRE);
    const map = FIXTURE_MAP.map((h) => ({ ...h, place_code: county(h.place_code) }));
    const files = [recordFile(path.join(dir, 'spells.csv'))!, recordFile(path.join(dir, 'cld.csv'))!];
    const [halton, derbyshire] = [await aggregateRecordFiles([recordFile(given.spells)!, recordFile(given.events)!], FIXTURE_MAP), await aggregateRecordFiles(files, map)];
    // (In the order of their codes: Derbyshire's sort after Warrington's.)
    const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();
    expect(sorted(derbyshire.observations)).toEqual(sorted(halton.observations.map((o) => ({ ...o, area_code: county(o.area_code) }))));
    expect(sorted(derbyshire.hubs)).toEqual(sorted(halton.hubs.map((h) => ({ ...h, area_code: county(h.area_code), parent_code: h.parent_code && county(h.parent_code) }))));
    // Halton's 11 spells, each given a district; 3 of the service users' events (p1's and p2's two).
    const said = (k: number) => `${k} rows give a district (E07) as the council of residence: counted in its county council (E10), which runs adult social care.`;
    // (After the rows read and the months covered.)
    expect(derbyshire.notes.get('spells.csv')).toEqual([...halton.notes.get('spells.csv')!.slice(0, 2), said(11), ...halton.notes.get('spells.csv')!.slice(2)]);
    expect(derbyshire.notes.get('cld.csv')).toEqual([...halton.notes.get('cld.csv')!.slice(0, 2), said(3), ...halton.notes.get('cld.csv')!.slice(2)]);
    const db = await nodeDuckDb({ 'record-file-0.csv': files[0]!.path, 'record-file-1.csv': files[1]!.path });
    expect(await aggregateRecords(db, files.map((f, k) => ({ ...f, path: `record-file-${k}.csv` })), map, metricsFromRows(builtinDefinitions()))).toEqual(derbyshire);
  }, 60_000);
});

describe('hubs placed by patients whose NHS number is missing', () => {
  // A spell without a pseudonymised NHS number is still a patient of the hub, living where the
  // spell says: each is counted as one person of its own. Before, they counted as no one, so a
  // hub whose unidentified patients all lived in one council went to another on a single known
  // person, or, with none known, to the lower code of any council it had a spell in (a tie of 0 and 0).
  it('counts each as a person of its own, in both engines', async () => {
    const file = writeSpells(tempDir('placed-hubs-'), [
      // P1: one known person of Durham, three spells of Darlington residents without a number.
      ['d1', DURHAM, 'A1'], ['', DARLINGTON, 'A1'], ['', DARLINGTON, 'A1'], ['', DARLINGTON, 'A1'],
      // P2: none known; two of Durham, one of Darlington.
      ['', DURHAM, 'A2'], ['', DURHAM, 'A2'], ['', DARLINGTON, 'A2'],
    ]);
    const native = await inBothEngines(file);
    expect(native.hubs.map((h) => [h.area_code, h.parent_code]).filter(([code]) => !code!.endsWith('-UNASSIGNED'))).toEqual([['P1', DARLINGTON], ['P2', DURHAM]]);
    expect(native.mapNotes[0]).toContain('(E06000005: P1; E06000047: P2)');
  }, 60_000);
});

describe.skipIf(!hasRealData)(`the real ePCN sheet (Dec 2019) as the hub map of a council outside the demo's places${realDataReason}`, () => {
  it("gives Darlington its place and its PCN from the sheet as downloaded", async () => {
    const { rows, problems } = readHubMap('core-partners.csv', parseCsv(readReal('nhsd/nhsd-epcn-2019-12-core-partners.csv')));
    expect(problems).toEqual([]);
    // Three Darlington residents registered with Darlington PCN's practices, one with none.
    const file = writeSpells(tempDir('placed-hubs-'), [['d1', DARLINGTON, 'A83005'], ['d2', DARLINGTON, 'A83006'], ['d3', DARLINGTON, 'A83005'], ['d4', DARLINGTON, '']]);
    const a = await aggregateRecordFiles([recordFile(file)!], rows);
    expect(yearly(a).filter(([area]) => String(area).startsWith(DARLINGTON) || area === 'U45102')).toEqual([
      [DARLINGTON, 4],
      [`${DARLINGTON}-UNASSIGNED`, 1],
      ['U45102', 3],
    ]);
    // Only the place counted has hubs: not the 19 places whose CCGs the sheet also places, with no resident in the records.
    expect(a.hubs.map((h) => `${h.area_code} ${h.area_name}`)).toEqual([
      'E06000005-UNASSIGNED Unassigned (practice missing, not mapped or outside the place)',
      'U45102 Darlington PCN',
    ]);
    expect(a.mapNotes[0]).toMatch(/: 1 was placed in the council where most of its registered patients in these records live \(E06000005: U45102\); [\d,]+ others have no patient/);
  }, 60_000);

  it('gives Cumbria, a two-tier county, its place and PCNs from its residents\' districts', async () => {
    const { rows } = readHubMap('core-partners.csv', parseCsv(readReal('nhsd/nhsd-epcn-2019-12-core-partners.csv')));
    const [CUMBRIA, EDEN, CARLISLE] = ['E10000006', 'E07000030', 'E07000028'];
    // Two Eden residents registered in Eden (Cumbria) PCN (U08085), one of Carlisle in Carlisle Rural PCN (U00639).
    const file = writeSpells(tempDir('placed-hubs-'), [['c1', EDEN, 'A82004'], ['c2', EDEN, 'A82006'], ['c3', CARLISLE, 'A82012']]);
    const a = await aggregateRecordFiles([recordFile(file)!], rows);
    expect(yearly(a)).toEqual([[CUMBRIA, 3], ['U00639', 1], ['U08085', 2]]);
    expect(a.hubs.map((h) => `${h.area_code} ${h.parent_code}`)).toEqual([`${CUMBRIA}-UNASSIGNED ${CUMBRIA}`, `U00639 ${CUMBRIA}`, `U08085 ${CUMBRIA}`]);
  }, 60_000);
});
