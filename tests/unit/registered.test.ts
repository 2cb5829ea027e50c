// NHS Digital's registered-patients lists recognised by their header, in each vintage whose columns
// could be established (no real copy of these files is on this machine), and the rows of a file
// numbered past blank lines and refused rows.
import { describe, expect, it } from 'vitest';
import { fileRows, registeredColumns, registeredFileOf } from '../../src/lib/records/registered';
import { SPELLS_HEADER } from './records-fixture';

const columns = (header: string) => registeredColumns(header.split(','));

describe('registered-patients lists recognised by their header', () => {
  it('five-year bands, gp-reg-pat-prac-quin-age.csv (2017 on): every organisation type, practices by ORG_TYPE GP', () => {
    expect(columns('PUBLICATION,EXTRACT_DATE,ORG_TYPE,ORG_CODE,ONS_CODE,POSTCODE,SEX,AGE_GROUP_5,NUMBER_OF_PATIENTS')).toEqual({
      date: 'EXTRACT_DATE', practice: 'ORG_CODE', sex: 'SEX', age: 'AGE_GROUP_5', patients: 'NUMBER_OF_PATIENTS', orgType: 'ORG_TYPE',
    });
  });

  it('single years of age by sex, CCG (to June 2022) and sub-ICB vintages: practices only, no type column', () => {
    const expected = { date: 'EXTRACT_DATE', practice: 'ORG_CODE', sex: 'SEX', age: 'AGE', patients: 'NUMBER_OF_PATIENTS' };
    expect(columns('EXTRACT_DATE,CCG_CODE,ONS_CCG_CODE,ORG_CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS')).toEqual(expected);
    expect(columns('EXTRACT_DATE,SUB_ICB_LOCATION_CODE,ONS_SUB_ICB_LOCATION_CODE,ORG_CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS')).toEqual(expected);
    // gp-reg-pat-prac-sing-age-all, as the publication's metadata page gives it.
    expect(columns('PUBLICATION,EXTRACT_DATE,ORG_TYPE,ORG_CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS')).toEqual({ ...expected, orgType: 'ORG_TYPE' });
  });

  it('totals, gp-reg-pat-prac-all.csv: the practice is CODE, its type TYPE', () => {
    const expected = { date: 'EXTRACT_DATE', practice: 'CODE', sex: 'SEX', age: 'AGE', patients: 'NUMBER_OF_PATIENTS', orgType: 'TYPE' };
    expect(columns('PUBLICATION,EXTRACT_DATE,TYPE,CCG_CODE,ONS_CCG_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS')).toEqual(expected);
    expect(columns('PUBLICATION,EXTRACT_DATE,TYPE,SUB_ICB_LOCATION_CODE,ONS_SUB_ICB_LOCATION_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS')).toEqual(expected);
  });

  it('names matched whatever their case, quotes and order; the file\'s own spelling kept', () => {
    const file = registeredFileOf('list.csv', '/x/list.csv', '\uFEFF"number_of_patients","Sex","age","org_code","Extract_Date"\r\n"12","ALL","ALL","N81001","01JUL2024"\r\n');
    expect(file?.columns).toEqual({ date: 'Extract_Date', practice: 'org_code', sex: 'Sex', age: 'age', patients: 'number_of_patients' });
  });

  it('other layouts are not lists: the LSOA list (no age), a record-level file, a header short of a column', () => {
    expect(columns('PUBLICATION,EXTRACT_DATE,PRACTICE_CODE,PRACTICE_NAME,LSOA_CODE,SEX,Number of Patients')).toBeNull();
    expect(columns(SPELLS_HEADER)).toBeNull();
    expect(columns('EXTRACT_DATE,ORG_CODE,SEX,AGE')).toBeNull();
    expect(registeredFileOf('x.csv', 'x.csv', 'area_code,year,age_band,population\n')).toBeNull();
  });

  it('a list saved as UTF-16 is still recognised, to be refused by name', () => {
    const text = 'EXTRACT_DATE,ORG_CODE,SEX,AGE,NUMBER_OF_PATIENTS\r\n';
    const bytes = new Uint8Array([0xff, 0xfe, ...[...text].flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(registeredFileOf('l.csv', 'l.csv', bytes)?.utf16).toBe(true);
  });
});

describe('fileRows: the row in the file of each row the reader gave', () => {
  it('counts from row 2 (the header is row 1)', () => {
    expect(fileRows([0, 1, 5], [])).toEqual([2, 3, 7]);
  });

  it('steps over blank lines and refused rows, before and between the rows wanted', () => {
    // Rows 2 and 5 blank, row 6 refused: the reader's rows are rows 3, 4, 7, 8, …
    expect(fileRows([0, 1, 2, 3], [5, 2, 6])).toEqual([3, 4, 7, 8]);
    // Skipped rows after the row wanted change nothing.
    expect(fileRows([0], [3, 4])).toEqual([2]);
  });
});
