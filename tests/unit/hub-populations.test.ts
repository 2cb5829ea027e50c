// Hubs' populations from NHS Digital's registered-patients lists, summed practice → hub through the
// hub map, with the hand-made record set (records-fixture.ts: hubs U11111 = N81001 + N81002 and
// U22222 = N81003 in Halton, U33333 = N81009 in Warrington), in the native engine the pipeline
// runs. Lists are hand-made in each header vintage (no real one is on this machine), with counts
// that make every figure below checkable by hand.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { aggregateRecordFiles, recordFile, registeredFile, withRecordsAggregated } from '../../pipelines/records';
import { ingest } from '../../pipelines/ingest';
import { processIncoming } from '../../pipelines/incoming';
import { readExtractBytes, readExtracts } from '../../pipelines/extracts';
import { TABLE_NAMES, type Population } from '../../src/lib/contract/schema';
import { toArrowIpc } from '../../src/lib/contract/arrow';
import { loadTables } from '../../src/lib/db/prepare';
import { allMetrics } from '../../src/lib/definitions';
import { createMetricValues } from '../../src/lib/metrics/queries';
import { nodeDuckDb } from '../../src/lib/server/node-duckdb';
import { hubMapCsv, type HubMapRow } from '../../src/lib/records/hub-map';
import type { HubPopulations } from '../../src/lib/records/hub-populations';
import { EXACT_VALUE, H1, H2, HALTON, HUB_MAP, MARKER, SPELLS_HEADER, UNASSIGNED, W1, writeSet } from './records-fixture';
import { tempDir } from '../helpers/temp';

const FIVE = ['0_4', '5_9', '10_14', '15_19', '20_24', '25_29', '30_34', '35_39', '40_44', '45_49', '50_54', '55_59', '60_64', '65_69', '70_74', '75_79', '80_84', '85_89', '90_94', '95+'];
const SINGLE = [...Array.from({ length: 95 }, (_, a) => String(a)), '95+'];
type Sexes = Partial<Record<'ALL' | 'MALE' | 'FEMALE', number>>;

const QUIN_HEADER = 'PUBLICATION,EXTRACT_DATE,ORG_TYPE,ORG_CODE,ONS_CODE,POSTCODE,SEX,AGE_GROUP_5,NUMBER_OF_PATIENTS';
/** A five-year list (2017 on): each practice's count the same in every band of a sex, and its ALL row 20 times it. */
function quin(date: string, practices: [string, Sexes][], { dash = false } = {}): string[] {
  return [QUIN_HEADER, ...practices.flatMap(([code, sexes]) => Object.entries(sexes).flatMap(([sex, v]) => [
    ...FIVE.map((b) => `GP_PRAC_PAT_LIST,${date},GP,${code},E38000068,WA8 7GD,${sex},${dash ? b.replace('_', '-') : b},${v}`),
    `GP_PRAC_PAT_LIST,${date},GP,${code},E38000068,WA8 7GD,${sex},ALL,${20 * v}`,
  ])),
  // A CCG's own total, as the file holds beside its practices': not a practice's.
  `GP_PRAC_PAT_LIST,${date},CCG,01F,E38000068,,ALL,ALL,999999`];
}
/** A single-year list of one sex, as gp-reg-pat-prac-sing-age-male.csv (CCG vintage) or -female.csv (sub-ICB vintage): `v` at every age. */
function single(date: string, sex: 'MALE' | 'FEMALE', practices: [string, number][], header = 'EXTRACT_DATE,CCG_CODE,ONS_CCG_CODE,ORG_CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS'): string[] {
  return [header, ...practices.flatMap(([code, v]) => [...SINGLE, 'ALL'].map((a) => `${date},01F,E38000068,${code},WA8 7GD,${sex},${a},${a === 'ALL' ? 96 * v : v}`))];
}

describe('hub populations from registered patients', () => {
  let dir: string;
  let records: ReturnType<typeof writeSet>;
  let n = 0;
  const write = (lines: string[], name = `list-${n++}.csv`) => {
    const file = path.join(dir, name);
    writeFileSync(file, lines.join('\r\n') + '\r\n');
    return file;
  };
  const populations = async (lists: string[], map: HubMapRow[] = HUB_MAP, files = [records.spells, records.events]): Promise<HubPopulations> =>
    (await aggregateRecordFiles(files.map((f) => recordFile(f)!), map, undefined, { registered: lists.map((l) => registeredFile(l)!) })).populations!;
  /** A hub's populations in a year, by band. */
  const bands = (p: HubPopulations, hub: string, year = 2023) => Object.fromEntries(p.rows.filter((r) => r.area_code === hub && r.year === year).map((r) => [r.age_band, r.population]));
  /** Every five-year band 0-4 … 85-89 at `v`. */
  const fives = (v: number) => Object.fromEntries(FIVE.slice(0, 18).map((b) => [b.replace('_', '-'), v]));

  beforeAll(() => {
    dir = tempDir('bcf-hub-pops-');
    records = writeSet(dir, { refusedRow: false });
  });

  it('five-year bands: SEX = ALL where given, else MALE + FEMALE (never both); 90-94 and 95+ as 90+; no 18+ or 18-64; the unassigned hubs none', async () => {
    const list = write(quin('01JUL2023', [
      ['N81001', { ALL: 10, MALE: 4, FEMALE: 5 }], // ALL read: 10 a band (MALE + FEMALE, 9, would be a different answer)
      ['N81002', { MALE: 3, FEMALE: 4 }], // no ALL: 3 + 4 = 7 a band
      ['N81003', { ALL: 2, MALE: 1, FEMALE: 1 }],
      ['N81009', { ALL: 6 }],
      ['A99999', { ALL: 50 }], // not in the hub map
    ]));
    const p = await populations([list]);
    expect(p.errors).toEqual([]);
    // Widnes (N81001 + N81002): 17 a band; 90+ = 90-94 + 95+ = 34; 65+ = 7 bands = 119; all = 200 (N81001's ALL) + 60 + 80 (N81002's MALE and FEMALE ALL) = 340.
    expect(bands(p, H1)).toEqual({ ...fives(17), '90+': 34, '65+': 119, all: 340 });
    expect(bands(p, H2)).toEqual({ ...fives(2), '90+': 4, '65+': 14, all: 40 });
    expect(bands(p, W1)).toEqual({ ...fives(6), '90+': 12, '65+': 42, all: 120 });
    expect(p.rows.filter((r) => r.area_code.endsWith('-UNASSIGNED') || r.area_code === HALTON)).toEqual([]);
    expect(p.notes).toEqual([
      `${path.basename(list)}: registered patients at GP practices (NHS Digital) on 1 July 2023, by five-year age band, listing 4 of the hubs' practices: the hubs' populations for 2023-24 (a list serves the financial year its extract date falls in, as ONS's mid-2023 estimate serves 2023-24; of several, the one nearest the year's middle). SEX = ALL is read where given, otherwise MALE and FEMALE summed.`,
      'Registered patients: 1 practice of the lists is not in the hub map: not used.',
      'Registered patients, 2023-24: 18+ and 18-64 are not given, as a list by five-year band cannot make them (15-19 straddles 18); give the single-year-of-age lists (gp-reg-pat-prac-sing-age-male.csv and -female.csv) for them.',
      `${UNASSIGNED}, E06000007-UNASSIGNED: no population (the unassigned hubs' people are those whose practice is missing, not in the hub map or in another place, and no list describes them), so their rates are not given.`,
      "Hub rates are per registered patient (the practices' lists), place rates per ONS resident: a place's hubs' rates do not average to the place's.",
    ]);
  }, 60_000);

  it('the same list with bands written 0-4, dates as 2023-07-01 or 01/07/2023, cells padded (spaces, tabs, no-break spaces) or in lower case and a byte-order mark gives the same', async () => {
    const practices: [string, Sexes][] = [['N81001', { ALL: 10 }], ['N81002', { ALL: 7 }], ['N81003', { ALL: 2 }], ['N81009', { ALL: 6 }]];
    const iso = write(quin('2023-07-01', practices, { dash: true }));
    // (Saved by a spreadsheet: a byte-order mark before the header.)
    // (A no-break space, as spreadsheets export, was left on a practice's code, its type and its sex: its rows were not the practice's.)
    const pad = (i: number) => [' ', '\t', '\u00a0'][i % 3]!;
    const spreadsheet = write(quin('01/07/2023', practices).map((line, i) => (i === 0 ? `\uFEFF${line}` : line.replace(',GP,', `,${pad(i)}gp ,`).replace(',ALL,', `,all${pad(i + 1)},`).replace(',N8', `,${pad(i + 2)}n8`))));
    for (const list of [iso, spreadsheet]) {
      const p = await populations([list]);
      expect(p.errors).toEqual([]);
      expect(bands(p, H1)).toEqual({ ...fives(17), '90+': 34, '65+': 119, all: 340 });
    }
  }, 60_000);

  it('single years of age (the male and female lists, of two vintages): 18+ and 18-64 too; a finer list is used over the five-year one of its date; a practice of one sex only is missing', async () => {
    const date = '01JUL2023';
    const male = write(single(date, 'MALE', [['N81001', 1], ['N81002', 1], ['N81003', 1], ['N81009', 1]]));
    const female = write(single(date, 'FEMALE', [['N81001', 2], ['N81002', 2], ['N81009', 2]], 'EXTRACT_DATE,SUB_ICB_LOCATION_CODE,ONS_SUB_ICB_LOCATION_CODE,ORG_CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS'));
    const quinary = write(quin(date, [['N81001', { ALL: 500 }]]));
    const p = await populations([male, female, quinary]);
    expect(p.errors).toEqual([]);
    // Widnes: 2 practices × (1 + 2) = 6 at every age 0 … 94 and 95+: 0-4 = 30; 90+ = 5 ages + 95+ = 36; 65+ = 30 ages + 95+ = 186;
    // 18+ = 77 ages (18 … 94) + 95+ = 468; 18-64 = 47 ages = 282; all = the ALL rows, 2 × (96 + 192) = 576.
    expect(bands(p, H1)).toEqual({ ...fives(30), '90+': 36, '65+': 186, '18+': 468, '18-64': 282, all: 576 });
    // Runcorn's one practice is in the male list alone: no population.
    expect(bands(p, H2)).toEqual({});
    expect(p.notes).toContain(`${path.basename(quinary)}: registered patients at GP practices (NHS Digital) on 1 July 2023, by five-year age band, listing 1 of the hubs' practices: not used, as a list of the same date by finer ages is given.`);
    expect(p.notes).toContain(`Hub ${H2}, 2023-24: practices listed for one sex only (N81003), holding 100.0% of its records (none of its practices is given): it is given no population, so its rates are not given.`);
  }, 60_000);

  it('a practice whose bands are by sex and whose total alone is SEX = ALL: its bands are MALE + FEMALE, not zeros', async () => {
    // Read practice-wide, the one ALL row made every band take SEX = ALL, of which there was none:
    // each band 0, a population short without a word (a 0 is not a missing practice).
    const list = write([
      ...quin('01JUL2023', [['N81001', { ALL: 10 }], ['N81002', { MALE: 3, FEMALE: 4 }], ['N81003', { ALL: 2 }], ['N81009', { ALL: 6 }]]),
      'GP_PRAC_PAT_LIST,01JUL2023,GP,N81002,E38000068,WA8 7GD,ALL,ALL,140',
    ]);
    const p = await populations([list]);
    expect(p.errors).toEqual([]);
    // Widnes as in the first test: 10 + 3 + 4 = 17 a band; all = 200 + 140 (N81002's ALL total, not also its 60 + 80).
    expect(bands(p, H1)).toEqual({ ...fives(17), '90+': 34, '65+': 119, all: 340 });
  }, 60_000);

  it('a practice listed for both sexes but for one of them not at some age (no woman of 94: no row) has none of that age, not one sex only', async () => {
    const date = '01JUL2023';
    const male = write(single(date, 'MALE', [['N81001', 1], ['N81002', 1]]));
    const female = write(single(date, 'FEMALE', [['N81001', 2], ['N81002', 2]]).filter((line) => !line.includes(',N81002,WA8 7GD,FEMALE,94,')).map((line) => (line.includes(',N81002,WA8 7GD,FEMALE,ALL,') ? line.replace(/,\d+$/, ',190') : line)));
    const p = await populations([male, female]);
    expect(p.errors).toEqual([]);
    // As the single-year test above, less N81002's women of 94 (2): 90+ 36 - 2, 65+ 186 - 2, 18+ 468 - 2; all 576 - 2.
    expect(bands(p, H1)).toEqual({ ...fives(30), '90+': 34, '65+': 184, '18+': 466, '18-64': 282, all: 574 });
    expect(p.notes.filter((note) => note.includes('one sex'))).toEqual([]);
  }, 60_000);

  it('single years with SEX = ALL and ORG_TYPE (sing-age-all); totals alone (gp-reg-pat-prac-all: CODE, TYPE) give all ages only', async () => {
    const all = write(['PUBLICATION,EXTRACT_DATE,ORG_TYPE,ORG_CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS',
      ...['N81001', 'N81002'].flatMap((code) => [...SINGLE, 'ALL'].map((a) => `GP_PRAC_PAT_LIST,01JUL2023,GP,${code},WA8 7GD,ALL,${a},${a === 'ALL' ? 288 : 3}`))]);
    expect(bands(await populations([all]), H1)).toEqual({ ...fives(30), '90+': 36, '65+': 186, '18+': 468, '18-64': 282, all: 576 });
    const totals = write(['PUBLICATION,EXTRACT_DATE,TYPE,SUB_ICB_LOCATION_CODE,ONS_SUB_ICB_LOCATION_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS',
      'GP_PRAC_PAT_LIST,01JUL2023,GP,01F,E38000068,N81001,WA8 7GD,ALL,ALL,100',
      'GP_PRAC_PAT_LIST,01JUL2023,GP,01F,E38000068,N81002,WA8 7GD,MALE,ALL,20',
      'GP_PRAC_PAT_LIST,01JUL2023,GP,01F,E38000068,N81002,WA8 7GD,FEMALE,ALL,30']);
    const p = await populations([totals]);
    expect(bands(p, H1)).toEqual({ all: 150 });
    expect(p.notes).toContain('Registered patients, 2023-24: not given, as the lists\' ages do not make them up: 0-4, 5-9, 10-14, 15-19, 20-24, 25-29, 30-34, 35-39, 40-44, 45-49, 50-54, 55-59, 60-64, 65-69, 70-74, 75-79, 80-84, 85-89, 90+, 18+, 18-64, 65+.');
  }, 60_000);

  it('a list serves the financial year its extract date falls in (a January list the year it ends, as QOF takes it), the one nearest the year\'s middle of several', async () => {
    const p = await populations([
      write(quin('01JAN2024', [['N81001', { ALL: 1 }], ['N81002', { ALL: 1 }]])),
      write(quin('01OCT2023', [['N81001', { ALL: 10 }], ['N81002', { ALL: 7 }]])),
      write(quin('01JAN2025', [['N81001', { ALL: 11 }], ['N81002', { ALL: 8 }]])),
    ]);
    // 2023-24 (held as 2023, as ONS mid-2023 is): 1 October 2023, its middle, over 1 January 2024.
    // 2024-25: 1 January 2025 (was taken as 2025's, so that 2024-25 took the list of January 2024).
    expect(bands(p, H1, 2023)['65+']).toBe(119);
    expect(bands(p, H1, 2024)['65+']).toBe(7 * 19);
    expect(p.rows.filter((r) => r.year === 2025)).toEqual([]);
    expect(p.notes[0]).toMatch(/on 1 January 2024, .*: not used, as another list of 2023-24 is nearer its middle \(1 October 2023\)\.$/);
    expect(p.notes[2]).toMatch(/on 1 January 2025, .*: the hubs' populations for 2024-25 \(/);
    // Of a July and a January list of one financial year (each 92 days from 1 October), the July one.
    const tie = await populations([
      write(quin('01JAN2024', [['N81001', { ALL: 1 }], ['N81002', { ALL: 1 }]])),
      write(quin('01JUL2023', [['N81001', { ALL: 10 }], ['N81002', { ALL: 7 }]])),
    ]);
    expect(bands(tie, H1, 2023)['65+']).toBe(119);
    expect(tie.notes[0]).toMatch(/on 1 January 2024, .*: not used, as another list of 2023-24 is as near its middle \(1 October 2023\) and earlier\.$/);
  }, 60_000);

  it('a practice missing from the list: the hub keeps its population only if the practice holds no more than 1 in 50 of its records', async () => {
    // The fixture: Widnes' records are N81001's 3 spells and 3 events and N81002's 1 spell and 2
    // events (Halton residents; service users' events): without N81002, 3 of 9 are missing.
    const withoutN81002 = await populations([write(quin('01JUL2023', [['N81001', { ALL: 10 }], ['N81003', { ALL: 2 }]]))]);
    expect(bands(withoutN81002, H1)).toEqual({});
    expect(bands(withoutN81002, H2)['65+']).toBe(14);
    expect(withoutN81002.notes).toContain(`Hub ${H1}, 2023-24: practices not in the list (N81002), holding 33.3% of its records (more than 1 in 50): it is given no population, so its rates are not given.`);

    // Hubs of 50 spells each: X lacks P0002's 1 (1 in 50: kept, short), Y lacks P0004's 2 (2 in 50: none).
    const spells = path.join(dir, 'fifty.csv');
    const spell = (i: number, practice: string) => `${MARKER}-s${i},${MARKER}-p${i},70,${HALTON},${practice},2023-10-01,21,2023-10-02,2023-10-02,19,I10,`;
    writeFileSync(spells, [SPELLS_HEADER, ...Array.from({ length: 100 }, (_, i) => spell(i, i < 49 ? 'P0001' : i < 50 ? 'P0002' : i < 98 ? 'P0003' : 'P0004'))].join('\n') + '\n');
    const map = (practice: string, hub: string): HubMapRow => ({ practice_code: practice, pcn_code: hub, hub_code: hub, hub_name: hub, place_code: HALTON });
    const p = await populations([write(quin('01JUL2023', [['P0001', { ALL: 10 }], ['P0003', { ALL: 20 }]]))], [map('P0001', 'X'), map('P0002', 'X'), map('P0003', 'Y'), map('P0004', 'Y')], [spells]);
    expect(bands(p, 'X')['65+']).toBe(70);
    expect(bands(p, 'Y')).toEqual({});
    expect(p.notes).toContain('Hub X, 2023-24: practices not in the list (P0002), holding 2.0% of its records: its population is of its other practices, a little short (up to 1 in 50 of its records is allowed).');
    expect(p.notes).toContain('Hub Y, 2023-24: practices not in the list (P0004), holding 4.0% of its records (more than 1 in 50): it is given no population, so its rates are not given.');
  }, 60_000);

  it('refuses a bad cell by file, row (past blank lines) and column, never saying what it held, and gives no population from that list', async () => {
    const lines = quin('01JUL2023', [['N81001', { ALL: 10 }], ['N81002', { ALL: 7 }]]);
    lines[3] = lines[3]!.replace(/,10$/, ',*'); // row 4: a suppressed count
    lines[5] = lines[5]!.replace('01JUL2023', 'July 2023'); // row 7 once a blank line is put before it
    lines[6] = lines[6]!.replace('01JUL2023', '01/07/23'); // row 8: read as 1 July 0023, which the list then served
    lines[8] = lines[8]!.replace(',GP,N81001,', ',GP,,'); // row 10
    lines[9] = lines[9]!.replace(/,\d+_\d+,/, ',100-,'); // row 11
    lines[10] += ',extra'; // row 12: one cell too many
    lines.splice(5, 0, '');
    const bad = write(lines, 'bad.csv');
    const p = await populations([bad]);
    expect(p.rows).toEqual([]);
    expect(p.errors).toEqual([
      { file: 'bad.csv', row: 12, column: '(whole row)', message: 'has more cells than the header; the list was not used' },
      { file: 'bad.csv', row: 4, column: 'NUMBER_OF_PATIENTS', message: 'is not a whole number of patients; the list was not used' },
      { file: 'bad.csv', row: 7, column: 'EXTRACT_DATE', message: 'is not a date (01JUL2024, 2024-07-01 or 01/07/2024, its year in four digits); the list was not used' },
      { file: 'bad.csv', row: 8, column: 'EXTRACT_DATE', message: 'is not a date (01JUL2024, 2024-07-01 or 01/07/2024, its year in four digits); the list was not used' },
      { file: 'bad.csv', row: 10, column: 'ORG_CODE', message: 'is empty: the practice\'s code (ODS) is needed; the list was not used' },
      { file: 'bad.csv', row: 11, column: 'AGE_GROUP_5', message: 'is not an age (0 … 94, 95+), a five-year band (0_4 or 0-4 … 90_94) or ALL; the list was not used' },
    ]);
    expect(p.notes).toEqual(['Registered patients (bad.csv): refused (the rows are listed), so no hub is given a population from them; populations already held are kept.']);
  }, 60_000);

  it('refuses a list mixing line endings (one CRLF line in an LF file) by the row, which DuckDB\'s reader refused whole with an error of its own', async () => {
    const lines = quin('01JUL2023', [['N81001', { ALL: 10 }], ['N81002', { ALL: 7 }]]);
    lines[4] += '\r';
    const mixed = path.join(dir, 'mixed.csv');
    writeFileSync(mixed, lines.join('\n') + '\n');
    const p = await populations([mixed]);
    expect(p.rows).toEqual([]);
    expect(p.errors).toEqual([{ file: 'mixed.csv', row: 5, column: '(whole row)', message: 'ends its line with CRLF where the rows before it end with LF: the list mixes line endings, which the reader cannot take; save it again (as "CSV UTF-8" in Excel); the list was not used' }]);
  }, 60_000);

  it('a list repeating rows within itself: exact repeats read once and said; a repeat with another count refused by row and column', async () => {
    // N81001's ALL rows of 95+ given twice (as NHS Digital's May 2024 lists did): before, the whole list was refused as "a list given twice?", no row named.
    const lines = quin('01JUL2023', [['N81001', { ALL: 10 }], ['N81002', { ALL: 7 }], ['N81003', { ALL: 2 }]]);
    const at95 = (code: string) => lines.findIndex((l) => l.includes(`,${code},`) && l.includes(',95+,'));
    const repeated = [...lines.slice(0, at95('N81003') + 1), lines[at95('N81001')]!, lines[at95('N81002')]!, ...lines.slice(at95('N81003') + 1)];
    const p = await populations([write(repeated, 'repeated.csv')]);
    expect(p.errors).toEqual([]);
    // As the list without its repeats: Widnes 17 a band, 90+ = 34 (90-94 and 95+ once each).
    expect(bands(p, H1)).toEqual({ ...fives(17), '90+': 34, '65+': 119, all: 340 });
    expect(bands(p, H2)).toEqual({ ...fives(2), '90+': 4, '65+': 14, all: 40 });
    expect(p.notes).toContain("repeated.csv: 2 rows give a practice's date, sex, age and number of patients exactly as another row does (a row repeated): each read once, not counted twice.");
    // N81001's 95+ given again with 11, not 10: row 21 (header row 1, N81001's 0_4 … 95+ rows 2 … 21) and row 65 (N81003's rows 44 … 63 up to
    // its 95+, a blank line 64, then the repeat; its ALL row after it).
    const differ = [...lines.slice(0, at95('N81003') + 1), '', lines[at95('N81001')]!.replace(/,10$/, ',11'), ...lines.slice(at95('N81003') + 1)];
    const q = await populations([write(differ, 'differ.csv')]);
    expect(q.rows).toEqual([]);
    expect(q.errors).toEqual([{ file: 'differ.csv', row: 65, column: 'NUMBER_OF_PATIENTS', message: 'gives the practice, date, sex and age of row 21 again with another number of patients: which is right cannot be told; the list was not used' }]);
  }, 60_000);

  it('refuses a list given twice (each practice would count twice), naming the second copy\'s rows', async () => {
    const lines = quin('01JUL2023', [['N81001', { ALL: 10 }]]);
    const p = await populations([write(lines, 'first.csv'), write(lines, 'again.csv')]);
    expect(p.rows).toEqual([]);
    expect(p.errors).toEqual([{ file: 'again.csv', row: 0, column: '', message: 'gives again ages of practices (N81001) that a list of the same date gives already, for the same sex (a list given twice?): the list was not used' }]);
  }, 60_000);
});

describe('lists that cannot be read at all', () => {
  it('a list saved as UTF-16, or naming a column twice, is refused by name; rows of another sex (UNKNOWN) are left out and counted', async () => {
    const dir = tempDir('bcf-hub-pops-unread-');
    const records = writeSet(dir, { refusedRow: false });
    const text = quin('01JUL2023', [['N81001', { ALL: 10 }]]).join('\r\n');
    const utf16 = path.join(dir, 'utf16.csv');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const twice = path.join(dir, 'twice.csv');
    writeFileSync(twice, text.replace('POSTCODE', 'SEX'));
    const run = async (lists: string[]) =>
      (await aggregateRecordFiles([recordFile(records.spells)!, recordFile(records.events)!], HUB_MAP, undefined, { registered: lists.map((l) => registeredFile(l)!) })).populations!;
    expect((await run([utf16, twice])).errors).toEqual([
      { file: 'utf16.csv', row: 0, column: '', message: 'is saved as UTF-16 ("Unicode"): save it as UTF-8 ("CSV UTF-8" in Excel); the list was not used' },
      { file: 'twice.csv', row: 1, column: 'SEX', message: 'names two columns of the header: rename or remove one; the list was not used' },
    ]);
    const unknown = path.join(dir, 'unknown.csv');
    writeFileSync(unknown, [...quin('01JUL2023', [['N81001', { ALL: 10 }], ['N81002', { ALL: 7 }]]), ...FIVE.map((b) => `GP_PRAC_PAT_LIST,01JUL2023,GP,N81001,E38000068,WA8 7GD,UNKNOWN,${b},1`)].join('\n'));
    const p = await run([unknown]);
    expect(p.rows.find((r) => r.area_code === H1 && r.age_band === '65+')?.population).toBe(119);
    expect(p.notes).toContain('unknown.csv: 20 rows are of a SEX other than ALL, MALE or FEMALE: not read (SEX = ALL counts them where given).');
  }, 60_000);
});

describe('hub populations through the ingest, into metric_values', () => {
  it('a hub rate is its count over its registered patients; a refused list later loses nothing already loaded', async () => {
    const dir = tempDir('bcf-hub-pops-ingest-');
    const set = writeSet(dir, { refusedRow: false });
    const hubMap = path.join(dir, 'hub-map.csv');
    writeFileSync(hubMap, hubMapCsv(HUB_MAP));
    const list = path.join(dir, 'gp-reg-pat-prac-quin-age.csv');
    writeFileSync(list, quin('01JUL2023', [['N81001', { ALL: 10 }], ['N81002', { ALL: 7 }], ['N81003', { ALL: 2 }], ['N81009', { ALL: 6 }]]).join('\r\n'));
    const out = path.join(dir, 'extracts');

    const outcome = await ingest(await withRecordsAggregated([set.spells, set.events, list], hubMap), { out, fresh: true, log: () => {} });
    expect(outcome.errors).toEqual([]);
    const held = (rows: Population[]) => rows.filter((r) => r.area_code === H1 && ['65+', 'all'].includes(r.age_band)).map((r) => [r.year, r.age_band, r.population]);
    expect(held(readExtracts(out).tables.populations)).toEqual([[2023, '65+', 119], [2023, 'all', 340]]);

    const { bytes } = readExtractBytes(out);
    const db = await nodeDuckDb();
    await loadTables(db, TABLE_NAMES.map((name) => ({ name, bytes: bytes[name] ?? toArrowIpc(name, []) })));
    await db.query(createMetricValues(allMetrics()));
    const value = async (metric: string, area: string) => db.query<{ numerator: number; denominator: number | null }>(
      `SELECT numerator, denominator FROM metric_values WHERE metric = '${metric}' AND area_code = '${area}' AND period_type = 'financial_year' AND period_start = DATE '2023-04-01' AND breakdown = 'total'`,
    );
    // Widnes, 2023-24: emergency admissions 65+ p1 and p4 (2) over its 119 patients aged 65+ on the
    // list of 1 July 2023 (the financial year 2023-24 takes the population of 2023): 2 / 119 ×
    // 100,000 = 1,680.7 per 100,000. Care home admissions 65+: p11 (1) over the same 119.
    expect(await value('emergency_admissions_65', H1)).toEqual([{ numerator: 2, denominator: 119 }]);
    expect(await value('ascof_2a2', H1)).toEqual([{ numerator: 1, denominator: 119 }]);
    expect((2 / 119) * 100_000).toBeCloseTo(1680.67, 2);
    // The unassigned hub and the place (no ONS populations here) have no denominator.
    expect(await value('emergency_admissions_65', UNASSIGNED)).toEqual([{ numerator: 4, denominator: null }]);
    expect(await value('emergency_admissions_65', HALTON)).toEqual([{ numerator: 7, denominator: null }]);

    // A list refused later: nothing is written, and the populations held stay.
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, readFileSync(list, 'utf8').replace(',95+,10', ',95+,ten'));
    const refused = await ingest(await withRecordsAggregated([set.spells, set.events, bad], hubMap), { out, log: () => {} });
    expect(refused.written).toBe(false);
    expect(refused.errors).toEqual([{ file: 'bad.csv', row: 21, column: 'NUMBER_OF_PATIENTS', message: 'is not a whole number of patients; the list was not used' }]);
    expect(held(readExtracts(out).tables.populations)).toEqual([[2023, '65+', 119], [2023, 'all', 340]]);
  }, 90_000);

  it('npm run ingest takes the list named beside the record-level files (one engine for the run), printing no identifier', () => {
    const dir = tempDir('bcf-hub-pops-cli-');
    const set = writeSet(dir, { refusedRow: false });
    const hubMap = path.join(dir, 'hub-map.csv');
    writeFileSync(hubMap, hubMapCsv(HUB_MAP));
    const list = path.join(dir, 'gp-reg-pat-prac-quin-age.csv');
    writeFileSync(list, quin('01JUL2023', [['N81001', { ALL: 10 }], ['N81002', { ALL: 7 }]]).join('\r\n'));
    const out = path.join(dir, 'extracts');
    const output = execFileSync(process.execPath, ['pipelines/run.mjs', 'pipelines/ingest.ts', '--out', out, '--hub-map', hubMap, set.spells, set.events, list], { encoding: 'utf8' });
    expect(output).toContain('spells and 1 more.populations.csv');
    expect(output).not.toContain(MARKER);
    expect(readExtracts(out).tables.populations.filter((r) => r.area_code === H1 && r.age_band === '65+').map((r) => r.population)).toEqual([119]);
  }, 60_000);

  it('a list alone is not read: with npm run ingest it is refused with why, in the drop folder it waits for the records', async () => {
    const dir = tempDir('bcf-hub-pops-alone-');
    const list = path.join(dir, 'gp-reg-pat-prac-quin-age.csv');
    writeFileSync(list, quin('01JUL2023', [['N81001', { ALL: 10 }]]).join('\n'));
    await expect(withRecordsAggregated([list], path.join(dir, 'none.csv'))).rejects.toThrow('gp-reg-pat-prac-quin-age.csv: registered patients at GP practices, which give the hubs of record-level files their populations: give it with the spells and events');
    mkdirSync(path.join(dir, 'data', 'incoming'), { recursive: true });
    writeFileSync(path.join(dir, 'data', 'incoming', 'gp-reg-pat-prac-quin-age.csv'), readFileSync(list));
    const logs: string[] = [];
    expect(await processIncoming(path.join(dir, 'data'), path.join(dir, 'extracts'), { settleMs: 0, log: (l) => logs.push(l) })).toEqual([]);
    expect(readdirSync(path.join(dir, 'data', 'incoming'))).toEqual(['gp-reg-pat-prac-quin-age.csv']);
    expect(logs.at(-1)).toMatch(/it waits in incoming\/ for them\.$/);
  }, 60_000);

  it('the drop folder takes a list with the records: the populations are archived and ingested, and nothing written holds an identifier or record value', async () => {
    const dir = tempDir('bcf-hub-pops-drop-');
    const data = path.join(dir, 'data');
    mkdirSync(path.join(data, 'incoming'), { recursive: true });
    mkdirSync(path.join(data, 'records'));
    writeFileSync(path.join(data, 'records', 'hub-map.csv'), hubMapCsv(HUB_MAP));
    writeSet(path.join(data, 'incoming'), { refusedRow: false });
    writeFileSync(path.join(data, 'incoming', 'gp-reg-pat-prac-quin-age.csv'), quin('01JUL2023', [['N81001', { ALL: 10 }], ['N81002', { ALL: 7 }]]).join('\r\n'));
    const out = path.join(dir, 'extracts');
    const logs: string[] = [];
    const dropped = await processIncoming(data, out, { settleMs: 0, log: (l) => logs.push(l) });
    expect(dropped.map((d) => [d.file, d.outcome.errors])).toEqual([['cld.csv', []], ['spells.csv', []], ['gp-reg-pat-prac-quin-age.csv', []]]);
    expect(readdirSync(path.join(data, 'incoming'))).toEqual([]);
    expect(readdirSync(path.join(data, 'ingested')).map((f) => f.replace(/^[^_]+_/, '')).sort()).toEqual([
      'cld and 1 more.aggregates.csv', 'cld and 1 more.aggregates.csv.report.txt', 'cld and 1 more.hubs.csv', 'cld and 1 more.populations.csv',
    ]);
    expect(readExtracts(out).tables.populations.filter((r) => r.area_code === H1 && r.age_band === '65+')).toEqual([{ area_code: H1, year: 2023, age_band: '65+', population: 119 }]);
    const report = readFileSync(path.join(data, 'ingested', readdirSync(path.join(data, 'ingested')).find((f) => f.endsWith('.report.txt'))!), 'utf8');
    expect(report).toContain(`Hub ${H2}, 2023-24: practices not in the list (N81003)`);
    const files = (d: string): string[] => (existsSync(d) ? readdirSync(d, { recursive: true, encoding: 'utf8' }).map((f) => path.join(d, f)).filter((f) => statSync(f).isFile()) : []);
    const written = [...files(data), ...files(out)].map((f) => [f, readFileSync(f).toString('latin1')] as const);
    for (const [file, text] of [...written, ['logs', logs.join('\n')] as const]) {
      expect(text.includes(MARKER), `${file} holds a person identifier`).toBe(false);
      expect(text.includes(EXACT_VALUE), `${file} holds an exact record value`).toBe(false);
    }
  }, 90_000);
});
