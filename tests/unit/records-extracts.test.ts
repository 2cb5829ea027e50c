// Record-level files as real extracts write them: SUS+ spells with their external causes among the
// secondary diagnoses (numbered fields or one list field), dates with a time (SQL Server's
// datetime), and 9999-12-31 for a service still open; read in both engines (the pipeline's native
// DuckDB and the page's DuckDB-WASM), each row's answer worked out by hand.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { aggregateRecordFiles, recordFile } from '../../pipelines/records';
import { builtinDefinitions } from '../../pipelines/definitions';
import { aggregateRecords } from '../../src/lib/records/aggregate';
import { dateFormOf, dateFormWords } from '../../src/lib/records/date-forms';
import { metricsFromRows } from '../../src/lib/definitions/parse';
import { EVENTS, recordFileOf, recordsSql, SPELLS, type RecordFile, type RecordLayout } from '../../src/lib/records/layouts';
import { nativeDuckDb } from '../../src/lib/server/native-duckdb';
import { nodeDuckDb, type NodeDb } from '../../src/lib/server/node-duckdb';
import { EVENTS_HEADER, HUB_MAP } from './records-fixture';
import { tempDir } from '../helpers/temp';

const dir = tempDir('records-extracts-');
/** The fields a spells file needs besides its external causes, and one spell's cells of them: primary diagnosis last. */
const BASE = 'Der_Pseudo_NHS_Number,Age_At_Start_of_Spell_SUS,Der_Postcode_Dist_Unitary_Auth,GP_Practice_Code,Admission_Date,Admission_Method,Discharge_Date,Discharge_Ready_Date,Discharge_Destination,Der_Primary_Diagnosis_Code';
const spell = (i: number, diagnosis: string) => `p${i},70,E06000006,N81001,2023-10-02,21,2023-10-05,2023-10-05,19,${diagnosis}`;

// The page's engine made once (the longer to make), for every file read() is given, each written when its test reads it.
const READ = ['numbered', 'listed', 'both', 'datetime', 'datetime2', 'cld-time', 'open', 'open-death', 'open-spells', 'open-ready'].map((n) => `${n}.csv`);
let wasm: NodeDb;
beforeAll(async () => {
  wasm = await nodeDuckDb(Object.fromEntries(READ.map((name) => [name, path.join(dir, name)])));
}, 60_000);

/** Each row's `column` as both engines read the file (`lines` after the header), which must agree. */
async function read(name: string, header: string, lines: string[], column: string, layout: RecordLayout = SPELLS): Promise<unknown[]> {
  const at = path.join(dir, name);
  writeFileSync(at, [header, ...lines].join('\n') + '\n');
  const file = recordFileOf(name, at, `${header}\n${lines[0]}\n`);
  expect(file?.layout).toBe(layout);
  const sql = (f: RecordFile) => `SELECT ${column} AS v FROM (${recordsSql(f)})`;
  const nativeDb = await nativeDuckDb({ [name]: at });
  try {
    const a = (await nativeDb.query<{ v: unknown }>(sql({ ...file!, path: nativeDb.path(name) }))).map((r) => r.v);
    const b = (await wasm.query<{ v: unknown }>(sql({ ...file!, path: name }))).map((r) => r.v);
    expect(b).toEqual(a);
    return a;
  } finally {
    nativeDb.close();
  }
}

describe('falls with the external cause in any diagnosis position', () => {
  // OHID's C29 counts an injury (S00-T98) with a fall (W00-W19) as its external cause, which HES's
  // CAUSE takes from any diagnosis position. Codes as exports write them: W010, W01.0, W01X, lower
  // case, padded.
  it('numbered secondary diagnoses (Secondary_Diagnosis_Code_1, …), without External_Cause_Code: a fall in any position counts', async () => {
    const header = `${BASE},Secondary_Diagnosis_Code_1,Secondary_Diagnosis_Code_2,Secondary_Diagnosis_Code_3,Secondary_Diagnosis_Code_4,Secondary_Diagnosis_Code_5`;
    const got = await read('numbered.csv', header, [
      `${spell(1, 'S720')},I10,E119,,J449,W01`, // a W01 in the 5th position: a fall
      `${spell(2, 'S720')},I10,E119,,J449,W20`, // W20 (struck by a thrown object): not a fall
      `${spell(3, 'S72.0')},w01.0,,,,`, // lower case, with a dot, in the 1st
      `${spell(4, 's720')},I10, W010 ,,,`, // padded, a fourth character, in the 2nd
      `${spell(5, 'T983')},I10,E119,W19X,,`, // W19 with an X, in the 3rd
      `${spell(6, 'I10')},W010,,,,`, // a fall, but no injury as the primary diagnosis: not counted
      `${spell(7, 'S720')},,,,,`, // no external cause at all
      `${spell(8, 'S720')},X59,V01,Y30,W200,w20.1`, // causes, none a fall
    ], 'fall');
    expect(got).toEqual([true, false, true, true, true, false, false, false]);
  }, 30_000);

  it('one list of diagnoses (Der_Diagnosis_All, as the national data warehouse writes it): a fall anywhere in it counts', async () => {
    const header = `${BASE},Der_Diagnosis_All`;
    const got = await read('listed.csv', header, [
      `${spell(1, 'S720')},"||S720 ,I10 ,E119 ,J449 ,W010 ||"`, // the 5th of the list
      `${spell(2, 'S720')},"||S720 ,I10 ,E119 ,J449 ,W200 ||"`, // W20: not a fall
      `${spell(3, 'S720')},"S72.0, w01.0"`, // lower case with a dot, after a comma and a space
      `${spell(4, 'S720')},S720;W01X`, // after a semicolon, with an X
      `${spell(5, 'S720')},W19`, // the list's first code
      `${spell(6, 'S720')},"||S720 ,I10 ||J18 ,W00 ||"`, // in the spell's second episode
      `${spell(7, 'I10')},"||I10 ,W010 ||"`, // no injury as the primary diagnosis
      `${spell(8, 'S720')},"||S720 ,X59 ,V01 ,Y30 ,SW01 ||"`, // no fall (W01 inside another code is not one)
      `${spell(9, 'S720')},`, // an empty list
    ], 'fall');
    expect(got).toEqual([true, false, true, true, true, true, false, false, false]);
  }, 30_000);

  it('External_Cause_Code beside the secondary diagnoses: a fall in either counts', async () => {
    const header = `${BASE},External_Cause_Code,Secondary_Diagnosis_Code_1,Secondary_Diagnosis_Code_2,der_diagnosis_all`;
    const got = await read('both.csv', header, [
      `${spell(1, 'S720')},W010,,,`,
      `${spell(2, 'S720')},,I10,W18,`,
      `${spell(3, 'S720')},,,,"S720,W01"`,
      `${spell(4, 'S720')},X59,I10,,"S720,I10"`,
    ], 'fall');
    expect(got).toEqual([true, true, true, false]);
  }, 30_000);

  it('a spells header with no column an external cause may be read from is not a spells file', () => {
    expect(recordFileOf('none.csv', 'none.csv', `${BASE}\n${spell(1, 'S720')}\n`)).toBeNull();
    expect(recordFileOf('list.csv', 'list.csv', `${BASE},DER_DIAGNOSIS_ALL\n${spell(1, 'S720')},\n`)?.layout).toBe(SPELLS);
    expect(recordFileOf('n.csv', 'n.csv', `${BASE},"Secondary_Diagnosis_Code_12"\n${spell(1, 'S720')},\n`)?.layout).toBe(SPELLS);
  });
});

/** The refused rows of files (name, header and lines after it) in both engines, which must agree: file, row, column and message. */
async function refused(files: [string, string, string[]][]) {
  const given = files.map(([name, header, lines]) => {
    const at = path.join(dir, name);
    writeFileSync(at, [header, ...lines].join('\n') + '\n');
    return recordFile(at)!;
  });
  const native = await aggregateRecordFiles(given, HUB_MAP);
  const wasm = await nodeDuckDb(Object.fromEntries(given.map((f, i) => [`record-file-${i}.csv`, f.path])));
  const page = await aggregateRecords(wasm, given.map((f, i) => ({ ...f, path: `record-file-${i}.csv` })), HUB_MAP, metricsFromRows(builtinDefinitions()));
  expect(page.errors).toEqual(native.errors);
  return native.errors;
}

/** A day as both engines hand a DATE back: milliseconds since 1970, UTC midnight. */
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

describe('dates with a time', () => {
  it('the form is judged from the first date: a date alone, or with a time after a space or a T, its seconds and fraction or not', () => {
    expect(dateFormOf('2024-04-01')).toBe('%Y-%m-%d');
    expect(dateFormOf('01/04/2024')).toBe('%d/%m/%Y');
    expect(dateFormOf('2024-04-01 00:00:00.000')).toBe('%Y-%m-%d %H:%M:%S.%n');
    expect(dateFormOf('2024-04-01 00:00:00.0000000')).toBe('%Y-%m-%d %H:%M:%S.%n');
    expect(dateFormOf('01/04/2024 00:00')).toBe('%d/%m/%Y %H:%M');
    expect(dateFormOf(' 2024-04-01T13:45:10 ')).toBe('%Y-%m-%dT%H:%M:%S');
    // As before: a year of two digits is no dd/mm/yyyy date (read as ISO, and refused).
    expect(dateFormOf('01/10/23')).toBe('%Y-%m-%d');
    expect(dateFormOf('')).toBe('%Y-%m-%d');
    expect(dateFormWords('%Y-%m-%d')).toBe('YYYY-MM-DD without a time');
    expect(dateFormWords('%d/%m/%Y %H:%M')).toBe('dd/mm/yyyy hh:mm');
    expect(dateFormWords('%Y-%m-%d %H:%M:%S.%n')).toBe('YYYY-MM-DD hh:mm:ss.fff');
  });

  it("SQL Server's datetime (2024-04-01 00:00:00.000) and a spreadsheet's (01/04/2024 00:00) are read as the day they fall on", async () => {
    const header = `${BASE},External_Cause_Code`;
    const at = (admitted: string, discharged: string) => `p,70,E06000006,N81001,${admitted},21,${discharged},${discharged},19,I10,`;
    expect(await read('datetime.csv', header, [
      at('2024-04-01 00:00:00.000', '2024-04-03 14:30:00.000'),
      at('2024-04-02 23:59:59.997', ''), // still in hospital
      at('2024-04-03 00:00:00.0', '2024-04-05 00:00:00.0000000'), // a fraction of one digit; seven (datetime2)
    ], 'Admission_Date')).toEqual([day('2024-04-01'), day('2024-04-02'), day('2024-04-03')]);
    expect(await read('datetime2.csv', header, [at('2024-04-01 00:00:00.000', '2024-04-03 14:30:00.000'), at('2024-04-03 00:00:00.0', '2024-04-05 00:00:00.0000000')], 'Discharge_Date'))
      .toEqual([day('2024-04-03'), day('2024-04-05')]);
    const events = (start: string, end: string) => `E06000006,p,N81001,1940,1,Service User,Service,Long Term Support: Residential Care,${start},${end},Provision of service,`;
    expect(await read('cld-time.csv', EVENTS_HEADER, [events('01/04/2024 00:00', '30/04/2024 17:00'), events('02/04/2024 9:05', '')], 'Event_Start_Date', EVENTS))
      .toEqual([day('2024-04-01'), day('2024-04-02')]);
  }, 30_000);

  it('a date written otherwise than the first dates of its file (with a time or without) is refused by file, row and column, saying which form, in both engines', async () => {
    const header = `${BASE},External_Cause_Code`;
    const at = (admitted: string) => `p,70,E06000006,N81001,${admitted},21,,,,I10,`;
    const events = (start: string) => `E06000006,p,N81001,1940,1,Service User,Service,Long Term Support: Residential Care,${start},,Provision of service,`;
    expect(await refused([
      ['dates.csv', header, [at('2024-04-01'), at('2024-04-02 00:00:00.000')]],
      ['cld-times.csv', EVENTS_HEADER, [events('01/04/2024 00:00'), events('02/04/2024')]],
    ])).toEqual([
      { file: 'dates.csv', row: 3, column: 'Admission_Date', message: 'is not a date (YYYY-MM-DD without a time: the form of the first dates in the file); the row was not counted' },
      { file: 'cld-times.csv', row: 3, column: 'Event_Start_Date', message: 'is not a date (dd/mm/yyyy hh:mm: the form of the first dates in the file); the row was not counted' },
    ]);
  }, 60_000);
});

describe('9999-12-31 and other far-future days, which systems write for no date', () => {
  const events = (start: string, end: string, death = '') => `E06000006,p,N81001,1940,1,Service User,Service,Long Term Support: Residential Care,${start},${end},Provision of service,${death}`;

  it('an end date so is none: a service still open (as the CLD guidance leaves it empty), a spell not yet discharged, no death', async () => {
    const lines = [
      events('01/04/2024', '31/12/9999'),
      events('01/04/2024', '31/12/2999'),
      events('01/04/2024', '01/01/3000', '31/12/9999'),
      events('01/04/2024', '31/12/2099'), // kept: a typo of 2019 or 2029 is left to the coverage check, as before
      events('01/04/2024', '30/04/2024'),
    ];
    expect(await read('open.csv', EVENTS_HEADER, lines, 'Event_End_Date', EVENTS)).toEqual([null, null, null, day('2099-12-31'), day('2024-04-30')]);
    expect(await read('open-death.csv', EVENTS_HEADER, lines, 'Date_of_Death', EVENTS)).toEqual([null, null, null, null, null]);
    const header = `${BASE},External_Cause_Code`;
    const spell = (discharged: string, ready: string) => `p,70,E06000006,N81001,2024-04-01 00:00:00.000,21,${discharged},${ready},19,I10,`;
    const spells = [spell('9999-12-31 00:00:00.000', '9999-12-31 00:00:00.000'), spell('2024-04-03 00:00:00.000', '2024-04-02 00:00:00.000')];
    expect(await read('open-spells.csv', header, spells, 'Discharge_Date')).toEqual([null, day('2024-04-03')]);
    expect(await read('open-ready.csv', header, spells, 'Discharge_Ready_Date')).toEqual([null, day('2024-04-02')]);
  }, 30_000);

  it('a start date so is refused by file, row and column, saying why, in both engines', async () => {
    const header = `${BASE},External_Cause_Code`;
    const at = (admitted: string) => `p,70,E06000006,N81001,${admitted},21,,,,I10,`;
    const message = 'is not a date a record can begin on (9999-12-31 and other days from 2900 on stand for no date); the row was not counted';
    expect(await refused([
      ['far-spells.csv', header, [at('2024-04-01'), at('9999-12-31'), at('2024-04-02')]],
      ['far-cld.csv', EVENTS_HEADER, [events('01/04/2024', ''), events('01/04/2024', ''), events('01/01/3000', '31/12/9999')]],
    ])).toEqual([
      { file: 'far-spells.csv', row: 3, column: 'Admission_Date', message },
      { file: 'far-cld.csv', row: 4, column: 'Event_Start_Date', message },
    ]);
  }, 60_000);
});
