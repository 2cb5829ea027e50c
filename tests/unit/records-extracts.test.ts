// Record-level files as real extracts write them: SUS+ spells with their external causes among the
// secondary diagnoses (numbered fields or one list field), read in both engines (the pipeline's
// native DuckDB and the page's DuckDB-WASM); each row's answer worked out by hand.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordFileOf, recordsSql, SPELLS, type RecordFile } from '../../src/lib/records/layouts';
import { nativeDuckDb } from '../../src/lib/server/native-duckdb';
import { nodeDuckDb } from '../../src/lib/server/node-duckdb';
import { tempDir } from '../helpers/temp';

const dir = tempDir('records-extracts-');
/** The fields a spells file needs besides its external causes, and one spell's cells of them: primary diagnosis last. */
const BASE = 'Der_Pseudo_NHS_Number,Age_At_Start_of_Spell_SUS,Der_Postcode_Dist_Unitary_Auth,GP_Practice_Code,Admission_Date,Admission_Method,Discharge_Date,Discharge_Ready_Date,Discharge_Destination,Der_Primary_Diagnosis_Code';
const spell = (i: number, diagnosis: string) => `p${i},70,E06000006,N81001,2023-10-02,21,2023-10-05,2023-10-05,19,${diagnosis}`;

/** Each row's `column` as both engines read the file (`lines` after the header), which must agree. */
async function read(name: string, header: string, lines: string[], column: string): Promise<unknown[]> {
  const at = path.join(dir, name);
  writeFileSync(at, [header, ...lines].join('\n') + '\n');
  const file = recordFileOf(name, at, `${header}\n${lines[0]}\n`);
  expect(file?.layout).toBe(SPELLS);
  const nativeDb = await nativeDuckDb({ [name]: at });
  const wasm = await nodeDuckDb({ [name]: at });
  try {
    const sql = (f: RecordFile) => `SELECT ${column} AS v FROM (${recordsSql(f)})`;
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
