// Records whose typed cells no person or spell can have (an age of 7001, a discharge before its
// admission, a month of birth of 13): refused by file, row and column like a cell that is not a
// date, not counted, in both engines; and files DuckDB's reader cannot take as they are.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { aggregateRecordFiles, recordFile } from '../../pipelines/records';
import { ingest } from '../../pipelines/ingest';
import { aggregateInputs } from '../../src/lib/records/inputs';
import { readAggregates, sortDropped } from '../../src/lib/upload/records';
import type { Area } from '../../src/lib/contract/schema';
import { aggregateRecords, type RecordAggregates } from '../../src/lib/records/aggregate';
import { blankRows, checkErrors, otherLineEnd, RECORD_CHECKS } from '../../src/lib/records/checks';
import { recordFileOf, SPELLS } from '../../src/lib/records/layouts';
import { placesOnlyHubMap } from '../../src/lib/records/hub-map';
import { metricsFromRows } from '../../src/lib/definitions/parse';
import { nodeDuckDb } from '../../src/lib/server/node-duckdb';
import { nativeDuckDb } from '../../src/lib/server/native-duckdb';
import { builtinDefinitions } from '../../pipelines/definitions';
import { COVER_DAYS_2023_24, dmy, HALTON, HUB_MAP, MARKER } from './records-fixture';
import { tempDir } from '../helpers/temp';

const AGE = RECORD_CHECKS.sus_apc_spells[0]!;
const BEFORE_ADMISSION = RECORD_CHECKS.sus_apc_spells[1]!;

describe('checkErrors', () => {
  it('finds each refused row in the file by stepping over the rows the reader refused itself', () => {
    // Rows 2.. of the file; the reader refused rows 3, 4 and 9: the rows it gave, from 0, are the
    // file's rows 2, 5, 6, 7, 8, 10, 11 ...
    const refused = [{ k: 0, c0: true, c1: false }, { k: 3, c0: false, c1: true }, { k: 5, c0: true, c1: true }, { k: 9, c0: true, c1: false }];
    const errors = checkErrors('s.csv', SPELLS, refused, [9, 3, 4, 4]);
    expect(errors.map((e) => [e.row, e.column])).toEqual([[2, AGE.column], [7, BEFORE_ADMISSION.column], [10, AGE.column], [10, BEFORE_ADMISSION.column], [14, AGE.column]]);
    expect(errors[0]).toEqual({ file: 's.csv', row: 2, column: 'Age_At_Start_of_Spell_SUS', message: AGE.message });
  });
});

const HEADER = 'Der_Pseudo_NHS_Number,Age_At_Start_of_Spell_SUS,Der_Postcode_Dist_Unitary_Auth,GP_Practice_Code,Admission_Date,Admission_Method,Discharge_Date,Discharge_Ready_Date,Discharge_Destination,Der_Primary_Diagnosis_Code,External_Cause_Code';
/** An emergency admission aged 70 in Halton in October 2023, discharged on its ready date. */
const good = (i: number) => `${MARKER}-${i},70,${HALTON},N81001,2023-10-02,21,2023-10-05,2023-10-05,19,I10,`;
// Day cases (and assessments) in each month of 2023-24, on its first and last days among them,
// counted in no metric: a file with them covers the year whole, so its months, quarters and year are given.
const COVER_2023_24 = COVER_DAYS_2023_24.map((d, i) => `${MARKER}-cover-${i},40,${HALTON},N81001,${d},11,${d},,19,K40,`);
const EVENTS_COVER_2023_24 = COVER_DAYS_2023_24.map((d) => `${HALTON},${MARKER}-cover,N81001,1983,1,Service User,Assessment,,${dmy(d)},${dmy(d)},No services provided,`);
const EVENTS_HEADER = 'LA_Code,Der_NHS_Number_Traced_Pseudo,GP_Practice_Code,Der_Birth_Year,Der_Birth_Month,Client_Type,Event_Type,Service_Type,Event_Start_Date,Event_End_Date,Event_Outcome,Date_of_Death';
const event = (i: number, year: string, month: string, start: string, end: string) =>
  `${HALTON},${MARKER}-e${i},N81001,${year},${month},Service User,Service,Long Term Support: Residential Care,${start},${end},Provision of service,`;

describe('blankRows', () => {
  async function* pieces(text: string, size: number) {
    const bytes = new TextEncoder().encode(text);
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  }
  it('numbers blank lines as a spreadsheet numbers rows, in pieces of any size, with LF, CRLF or CR', async () => {
    // Rows: 1 header, 2 a, 3 blank, 4 "b<break>c" (one row), 5 blank, 6 blank, 7 d, 8 blank at the end.
    const text = 'h\na\n\n"b\n\nc"\n\n\nd\n\n';
    for (const eol of ['\n', '\r\n', '\r']) {
      for (const size of [1, 2, 3, 1000]) expect(await blankRows(pieces(text.replaceAll('\n', eol), size)), `${JSON.stringify(eol)} in pieces of ${size}`).toEqual([3, 5, 6, 8]);
    }
    // A browser File's stream (a ReadableStream, not async iterable in every browser).
    expect(await blankRows(new Blob(['h\r\n\r\nx\r\n']).stream())).toEqual([2]);
    // A quote doubled inside a quoted cell keeps it quoted.
    expect(await blankRows(pieces('h\n"a ""b""\n\n"\n\nx', 4))).toEqual([3]);
    // A quote inside an unquoted cell is a character of it (as DuckDB reads it), not an opening
    // quote; one after a comma opens a quoted cell.
    expect(await blankRows(pieces('h\na"b\n\nc\n\nx,"y\n\nz",w\n\nd', 3))).toEqual([3, 5, 7]);
    // After one space, a quote still opens the cell; after two, it is a character of it.
    expect(await blankRows(pieces('h\na, "b\n\nc"\n\nd', 3))).toEqual([3]);
    expect(await blankRows(pieces('h\na,  "b\n\nc"\n\nd', 3))).toEqual([3, 5]);
  });
});

describe('otherLineEnd', () => {
  async function* pieces(text: string, size: number) {
    const bytes = new TextEncoder().encode(text);
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  }
  it('finds the first row whose line ends otherwise than those before it, a CRLF split between pieces or not', async () => {
    for (const size of [1, 2, 1000]) {
      expect(await otherLineEnd(pieces('h\na\nb\r\nc\n', size))).toEqual({ row: 3, end: 'CRLF', before: 'LF' });
      expect(await otherLineEnd(pieces('h\r\na\nb\n', size))).toEqual({ row: 2, end: 'LF', before: 'CRLF' });
      expect(await otherLineEnd(pieces('h\na\rb\n', size))).toEqual({ row: 2, end: 'CR', before: 'LF' });
      // Alike throughout (the last line's end or none), or a line break of another kind inside a quoted cell: none.
      for (const text of ['h\na\nb\n', 'h\r\na\r\nb', 'h\r\n"a\nb"\r\nc\r\n', 'h\ra\rb\r', '']) expect(await otherLineEnd(pieces(text, size)), JSON.stringify(text)).toBeNull();
    }
  });
});

describe('a record-level file mixing line endings', () => {
  const dir = tempDir('records-line-ends-');
  it('is refused whole, its first row of the other ending named, in both engines, as the reader refuses it (a row whose last cell is not empty)', async () => {
    // Row 3 (the second record) ends with CRLF, the others with LF; its last cell is a cause code.
    const rows = [HEADER, good(1), good(2) + 'W10\r', good(3), good(4)];
    const at = path.join(dir, 'spells.csv');
    writeFileSync(at, rows.join('\n') + '\n');
    const file = recordFile(at)!;
    const expected = [{ file: 'spells.csv', row: 3, column: '(whole row)', message: 'ends its line with CRLF where the rows before it end with LF: the file mixes line endings, which the reader cannot take; save it again (as "CSV UTF-8" in Excel) and add it again; the file was not read' }];
    const native = await aggregateRecordFiles([file], HUB_MAP);
    expect(native.errors).toEqual(expected);
    expect(native.observations).toEqual([]);
    const db = await nodeDuckDb({ 'record-file-0.csv': at });
    const wasm = await aggregateRecords(db, [{ ...file, path: 'record-file-0.csv' }], HUB_MAP, metricsFromRows(builtinDefinitions()));
    expect(wasm.errors).toEqual(expected);
    expect(JSON.stringify(native.errors)).not.toContain(MARKER);
  }, 30_000);

  it('is not read with the reader\'s strict mode off, which would read it but take a row with a cell too many as if it had none', async () => {
    // What strict_mode = false does with the same file and a row of one cell too many (row 4):
    // every row read, none refused. In strict mode, in a file of one line ending, that row is refused.
    const rows = [HEADER, good(1), good(2) + 'W10\r', `${good(3)}W10,extra`, good(4)];
    const at = path.join(dir, 'too-many.csv');
    writeFileSync(at, rows.join('\n') + '\n');
    const columns = HEADER.split(',').map((h) => `'${h}': 'VARCHAR'`).join(', ');
    const read = (strict: boolean) => `SELECT count(*)::INTEGER AS n FROM read_csv('too-many.csv', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {${columns}}, store_rejects = true${strict ? '' : ', strict_mode = false'})`;
    const db = await nodeDuckDb({ 'too-many.csv': at });
    expect(await db.query(read(false))).toEqual([{ n: 4 }]);
    expect(await db.query('SELECT count(*)::INTEGER AS n FROM reject_errors')).toEqual([{ n: 0 }]);
    await expect(db.query(read(true))).rejects.toThrow(/invalid state/);
    // The file refused by its line ending, as above, names the row the reader trips on first.
    const file = recordFile(at)!;
    expect((await aggregateRecordFiles([file], HUB_MAP)).errors.map((e) => [e.row, e.column])).toEqual([[3, '(whole row)']]);
    // With one line ending throughout, the row of a cell too many is refused by its row, and the rest counted.
    writeFileSync(at, rows.map((r) => r.replace('\r', '')).join('\n') + '\n');
    const lf = await aggregateRecordFiles([recordFile(at)!], HUB_MAP);
    expect(lf.errors.map((e) => [e.row, e.column])).toEqual([[4, '(whole row)']]);
  }, 30_000);
});

describe('record-level rows no record can hold', () => {
  const dir = tempDir('records-checks-');
  const write = (name: string, lines: string[]) => { const at = path.join(dir, name); writeFileSync(at, lines.join('\n') + '\n'); return at; };
  // 30,000 rows: the refused rows are found in the file's order, however many threads read it.
  const lines = Array.from({ length: 30_000 }, (_, i) => good(i));
  lines[4] = lines[4]!.replace(',70,', ',7x,'); // row 6: not a whole number (the reader refuses it)
  lines[10] = lines[10]!.replace(',70,', ',7003,'); // row 12: HES's code for a baby of 7 to 28 days
  lines[20_000] = lines[20_000]!.replace(',70,', ',-3,'); // row 20,002
  lines[29_998] = lines[29_998]!.replace('2023-10-05,2023-10-05', '2023-09-30,2023-09-30'); // row 30,000: discharged before admitted
  lines[100] = `${lines[100]!},two,more`; // row 102: cells beyond the header's
  // Ready dates outside the spell: still an emergency admission, not in the discharge metrics.
  lines[200] = lines[200]!.replace('2023-10-05,2023-10-05', '2023-10-05,2023-10-06');
  lines[201] = lines[201]!.replace('2023-10-05,2023-10-05', '2023-10-05,2023-09-01');
  // A death in hospital was never in the discharge metrics: its ready date is not counted as left out.
  lines[202] = lines[202]!.replace('2023-10-05,2023-10-05,19,', '2023-10-05,2023-10-09,79,');
  const events = [
    event(1, '1930', '13', '01/10/2023', ''), // row 2: no 13th month
    event(2, '2031', '1', '01/10/2023', ''), // row 3: born after the event
    event(3, '1930', '1', '05/10/2023', '01/10/2023'), // row 4: ended before it began
    event(4, '1930', '1', '01/10/2023', ''), // row 5: a care home admission aged 93, counted
  ];
  let native: RecordAggregates;
  let wasm: RecordAggregates;
  const failed: string[] = [];
  beforeAll(async () => {
    const files = [recordFile(write('spells.csv', [HEADER, ...lines, ...COVER_2023_24]))!, recordFile(write('cld.csv', [EVENTS_HEADER, ...events, ...EVENTS_COVER_2023_24]))!];
    native = await aggregateRecordFiles(files, HUB_MAP);
    const named = files.map((f, i) => ({ ...f, path: `record-file-${i}.csv` }));
    const db = await nodeDuckDb(Object.fromEntries(files.map((f, i) => [named[i]!.path, f.path])));
    // The page's engine prints a failed query's error, quoting the row, to the console: no query may fail there.
    const watched = { query: <T extends Record<string, unknown>>(sql: string) => db.query<T>(sql).catch((e: Error) => { failed.push(e.message); throw e; }) };
    wasm = await aggregateRecords(watched, named, HUB_MAP, metricsFromRows(builtinDefinitions()));
  }, 60_000);

  it('are refused by file, row and column, once each, never repeating what they held', () => {
    expect(native.errors.map((e) => [e.file, e.row, e.column])).toEqual([
      ['spells.csv', 6, 'Age_At_Start_of_Spell_SUS'],
      ['spells.csv', 102, '(whole row)'],
      ['spells.csv', 12, 'Age_At_Start_of_Spell_SUS'],
      ['spells.csv', 20_002, 'Age_At_Start_of_Spell_SUS'],
      ['spells.csv', 30_000, 'Discharge_Date'],
      ['cld.csv', 2, 'Der_Birth_Month'],
      ['cld.csv', 3, 'Der_Birth_Year'],
      ['cld.csv', 4, 'Event_End_Date'],
    ]);
    expect(native.errors[2]!.message).toBe(AGE.message);
    expect(JSON.stringify([native.errors, [...native.notes.values()]])).not.toMatch(/MARKER|7003|2023-09-30/);
  });

  it('are not counted, and the page\'s engine refuses and counts the same with no query failing', () => {
    const count = (metric: string, area: string) => native.observations.find((o) => o.metric === metric && o.area_code === area && o.period_type === 'month' && o.period_start === '2023-10-01');
    // 30,000 rows less the five refused.
    expect(count('emergency_admissions_65', HALTON)?.numerator).toBe(29_995);
    // ... and less the two whose ready date is outside the spell, and the death in hospital.
    expect(count('discharge_delay', HALTON)?.denominator).toBe(29_992);
    // The care home admissions refused (a 13th month of birth, an end before the start) are not counted: only row 5's is.
    expect(native.observations.find((o) => o.metric === 'ascof_2a2' && o.area_code === HALTON && o.period_type === 'quarter')?.numerator).toBe(1);
    expect(native.notes.get('spells.csv')).toContain('2 spells have a Discharge Ready Date after the discharge or before the admission: left out of the discharge delay metrics.');
    // (30,000 rows less the five refused, and the twelve covering 2023-24.)
    expect(native.notes.get('spells.csv')![0]).toMatch(/: 30,007 rows read by DuckDB and aggregated/);
    expect(wasm).toEqual(native);
    expect(failed).toEqual([]);
  });

  it("are refused and counted the same in an engine made for the whole run, where a spells file and an events file are first read at once, one on each connection", async () => {
    const files = [recordFile(path.join(dir, 'spells.csv'))!, recordFile(path.join(dir, 'cld.csv'))!];
    const engine = await nativeDuckDb({}, { readable: files.map((f) => f.path) });
    try {
      const { noted, ...run } = await aggregateRecordFiles(files, HUB_MAP, engine);
      await noted;
      expect(run).toEqual(native);
      expect(await engine.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'")).toEqual([]);
    } finally {
      engine.close();
    }
  }, 30_000);

  it('a header naming a column twice is refused by name, as is a file of a header alone', async () => {
    const twice = recordFile(write('twice.csv', [`${HEADER},admission_date`, `${good(1)},2023-10-01`]))!;
    const empty = recordFile(write('empty.csv', [HEADER]))!;
    const got = await aggregateRecordFiles([twice, empty], HUB_MAP);
    expect(got.errors).toEqual([
      { file: 'twice.csv', row: 1, column: 'admission_date', message: 'names two columns of the header: rename or remove one; the file was not read' },
      { file: 'empty.csv', row: 0, column: '', message: 'has a header but no data rows' },
    ]);
  });
});

describe("DuckDB's special date words and dates before 1900 in a date cell", () => {
  const dir = tempDir('records-special-dates-');
  /** The two files aggregated natively, the same in DuckDB-WASM; and the count of a metric in October 2023 (its month or quarter). */
  async function aggregated(spells: string[], events: string[]) {
    const at = [path.join(dir, 'spells.csv'), path.join(dir, 'cld.csv')];
    writeFileSync(at[0]!, spells.join('\n') + '\n');
    writeFileSync(at[1]!, events.join('\n') + '\n');
    const files = at.map((f) => recordFile(f)!);
    const native = await aggregateRecordFiles(files, HUB_MAP);
    const db = await nodeDuckDb(Object.fromEntries(files.map((f, i) => [`record-file-${i}.csv`, f.path])));
    const wasm = await aggregateRecords(db, files.map((f, i) => ({ ...f, path: `record-file-${i}.csv` })), HUB_MAP, metricsFromRows(builtinDefinitions()));
    expect(wasm).toEqual(native);
    const count = (metric: string, type: string) => native.observations.find((o) => o.metric === metric && o.area_code === HALTON && o.period_type === type && o.period_start === '2023-10-01')?.numerator;
    return { errors: native.errors, count };
  }

  // DuckDB's strict date format (dateformat) reads `infinity`, `-infinity` and `epoch`, in any
  // case, as 1900-01-01 (native 1.5 and DuckDB-WASM alike): such a row was counted, admitted on
  // 1 January 1900. It is refused by its file, row and column, as a cell that is not a date is;
  // so is a cell of 1900-01-01 itself, which the words cannot be told from once read (and which is
  // SQL Server's empty date, no record's).
  it('the special words are refused in both engines and both date formats, not counted', async () => {
    const spells = [HEADER, good(1), good(2).replace(',2023-10-02,', ',infinity,'), good(3).replace(',2023-10-05,2023-10-05,', ',2023-10-05,Epoch,'),
      good(4).replace(',2023-10-05,2023-10-05,', ',-infinity,2023-10-05,'), good(5).replace(',2023-10-02,', ',1900-01-01,'), good(6), ...COVER_2023_24];
    const events = [EVENTS_HEADER, event(1, '1930', '1', '01/10/2023', ''), event(2, '1930', '1', 'INFINITY', ''), `${event(3, '1930', '1', '01/10/2023', '')}epoch`, event(4, '1930', '1', '01/10/2023', ''), ...EVENTS_COVER_2023_24];
    const { errors, count } = await aggregated(spells, events);
    expect(errors.map((e) => [e.file, e.row, e.column])).toEqual([
      ['spells.csv', 3, 'Admission_Date'],
      ['spells.csv', 4, 'Discharge_Ready_Date'],
      ['spells.csv', 5, 'Discharge_Date'],
      ['spells.csv', 6, 'Admission_Date'],
      ['cld.csv', 3, 'Event_Start_Date'],
      ['cld.csv', 4, 'Date_of_Death'],
    ]);
    expect(errors[0]!.message).toMatch(/^is not a date/);
    expect(JSON.stringify(errors)).not.toMatch(/MARKER/);
    // Two spells counted (rows 2 and 7), two care home admissions (rows 2 and 5 of the events).
    expect(count('emergency_admissions_65', 'month')).toBe(2);
    expect(count('ascof_2a2', 'quarter')).toBe(2);
  }, 30_000);

  // It reads a two-digit year as one of the first century (23-10-02 as 0023-10-02; 01/10/23 in a
  // file of dd/mm/yyyy as 0023-10-01), and 0001-01-01 (SQL Server's empty date) and 1753-01-01 (its
  // least datetime) as they are: each row was counted, a spell of 0023 discharged in 2023 (2,000
  // years long), a care home admission begun in 2023 ended in 0001.
  it('dates before 1900 are refused by file, row and column in both engines, not counted', async () => {
    const spells = [HEADER, good(1), good(2).replace(',2023-10-02,', ',23-10-02,'), good(3).replace(',2023-10-05,2023-10-05,', ',2023-10-05,0001-01-01,'),
      good(4).replace(',2023-10-02,', ',1753-01-01,'), good(5), ...COVER_2023_24];
    const events = [EVENTS_HEADER, event(1, '1930', '1', '01/10/2023', ''), event(2, '1930', '1', '01/10/23', ''), event(3, '1930', '1', '01/10/2023', '01/01/0001'), event(4, '1930', '1', '01/10/2023', ''), ...EVENTS_COVER_2023_24];
    const { errors, count } = await aggregated(spells, events);
    expect(errors.map((e) => [e.file, e.row, e.column])).toEqual([
      ['spells.csv', 3, 'Admission_Date'],
      ['spells.csv', 4, 'Discharge_Ready_Date'],
      ['spells.csv', 5, 'Admission_Date'],
      ['cld.csv', 3, 'Event_Start_Date'],
      ['cld.csv', 4, 'Event_End_Date'],
    ]);
    expect(errors[0]!.message).toMatch(/^is not a date after 1900-01-01 .*; the row was not counted$/);
    // Two spells counted (rows 2 and 6); two care home admissions (rows 2 and 5 of the events).
    expect(count('emergency_admissions_65', 'month')).toBe(2);
    expect(count('ascof_2a2', 'quarter')).toBe(2);
  }, 30_000);
});

describe('the row of a refused record, as a spreadsheet numbers it', () => {
  const dir = tempDir('records-rows-');
  // Row 2 good; row 3 blank; row 4 refused by the reader (not a whole number); rows 5-6 blank;
  // row 7 good with a line break inside a quoted cell (one row, as a spreadsheet shows it); row 8
  // refused by the checks (HES's code for a baby); row 9 blank; row 10 discharged before admitted;
  // row 12 refused by the reader (numbered by DuckDB past the quoted line break too).
  const rows = [HEADER, good(1), '', good(2).replace(',70,', ',7x,'), '', '', `${good(3)}"a fall,\nindoors"`, good(4).replace(',70,', ',7003,'), '', good(5).replace('2023-10-05,2023-10-05', '2023-09-30,2023-09-30'), good(6), good(7).replace(',70,', ',7y,')];
  const expected = [[4, AGE.column], [12, AGE.column], [8, AGE.column], [10, BEFORE_ADMISSION.column]];

  for (const [name, eol] of [['LF', '\n'], ['CRLF', '\r\n']] as const) {
    it(`is the file's row after blank lines and a quoted line break, in both engines (${name})`, async () => {
      const at = path.join(dir, `blank-${name}.csv`);
      writeFileSync(at, rows.join(eol) + eol);
      const file = recordFile(at)!;
      const native = await aggregateRecordFiles([file], HUB_MAP);
      expect(native.errors.map((e) => [e.row, e.column])).toEqual(expected);
      const db = await nodeDuckDb({ 'record-file-0.csv': at });
      const wasm = await aggregateRecords(db, [{ ...file, path: 'record-file-0.csv' }], HUB_MAP, metricsFromRows(builtinDefinitions()));
      expect(wasm.errors).toEqual(native.errors);
      expect(JSON.stringify(native.errors)).not.toMatch(/MARKER|7003|2023-09-30|fall/);
    }, 30_000);
  }

  it("is the file's row after a quote inside an unquoted cell, in both engines", async () => {
    // Row 2 holds a quote: inside a cell (SQL Server writes free text unquoted), after one space
    // (a quoted cell, holding a line break), or after two (a character: its line break ends the
    // row, and the reader refuses row 4, the rest of the cell). Rows 3 and 5 are blank, and a row
    // refused by the checks follows. A quote inside a cell was taken to open a quoted cell, the
    // blank lines after it inside that cell, and the refused row named two rows too early.
    const cases = [
      [',I1"0,', [[6, AGE.column]]],
      [',I10, "x\n\ny"', [[6, AGE.column]]],
      [',I10,  "x\n\ny"', [[4, '(whole row)'], [8, AGE.column]]],
    ] as const;
    for (const [cell, expected] of cases) {
      const at = path.join(dir, 'mid-quote.csv');
      writeFileSync(at, [HEADER, good(1).replace(',I10,', cell), '', good(2), '', good(3).replace(',70,', ',7003,'), good(4)].join('\n') + '\n');
      const file = recordFile(at)!;
      const native = await aggregateRecordFiles([file], HUB_MAP);
      expect(native.errors.map((e) => [e.row, e.column]), JSON.stringify(cell)).toEqual(expected);
      const db = await nodeDuckDb({ 'record-file-0.csv': at });
      expect((await aggregateRecords(db, [{ ...file, path: 'record-file-0.csv' }], HUB_MAP, metricsFromRows(builtinDefinitions()))).errors).toEqual(native.errors);
    }
  }, 60_000);
});

describe('record-level files that give no row to count', () => {
  const dir = tempDir('records-none-');
  const areas: Area[] = [
    { area_code: 'E92000001', area_name: 'England', area_type: 'england', parent_code: null },
    { area_code: HALTON, area_name: 'Halton', area_type: 'place', parent_code: 'E92000001' },
  ];
  /** The errors the ingest and the upload page report for the file, as they read its aggregates. */
  async function reported(name: string, lines: string[]) {
    const at = path.join(dir, name);
    writeFileSync(at, lines.join('\n') + '\n');
    const aggregates = await aggregateRecordFiles([recordFile(at)!], HUB_MAP);
    const [hubs, observations] = aggregateInputs([name], aggregates);
    const outcome = await ingest([hubs!, observations!], { out: path.join(dir, `out-${name}`), fresh: true, log: () => {} });
    const page = await readAggregates(await nodeDuckDb(), { ...observations!, rows: aggregates.observations.length }, [...areas, ...aggregates.hubs], metricsFromRows(builtinDefinitions()));
    const errors = [...observations!.errors, ...page!.report.errors];
    expect(JSON.stringify([outcome.errors, errors])).not.toMatch(/MARKER|7003/);
    return { ingest: outcome.errors.map((e) => [e.file, e.row, e.column, e.message]), page: errors.map((e) => [e.file, e.row, e.column, e.message]) };
  }

  it('a header alone is said once, of the file given (not of the aggregates made of it)', async () => {
    const got = await reported('header-only.csv', [HEADER]);
    expect(got.ingest).toEqual([['header-only.csv', 0, '', 'has a header but no data rows']]);
    expect(got.page).toEqual(got.ingest);
  }, 30_000);

  it('a file whose only row is refused is reported by that row alone', async () => {
    const got = await reported('one-refused.csv', [HEADER, good(1).replace(',70,', ',7003,')]);
    expect(got.ingest).toEqual([['one-refused.csv', 2, AGE.column, AGE.message]]);
    expect(got.page).toEqual(got.ingest);
  }, 30_000);

  it('a file whose rows are all of councils the hub map does not name says so of the file given', async () => {
    const got = await reported('elsewhere.csv', [HEADER, good(1).replace(HALTON, 'E06000001')]);
    expect(got.ingest).toEqual([['elsewhere.csv', 0, '', 'has no row that could be counted: the notes say where its rows went']]);
    expect(got.page).toEqual(got.ingest);
  }, 30_000);
});

describe('a file that cannot be read while the hub map cannot be written beside it', () => {
  it("throws the file's own error, not the hub map's", async () => {
    const dir = tempDir('records-both-');
    const at = path.join(dir, 'spells.csv');
    writeFileSync(at, [HEADER, good(1)].join('\n') + '\n');
    const db = await nodeDuckDb({ 'record-file-0.csv': at });
    // The file is read by a name the engine was not given; the hub map's connection fails.
    const beside = { query: async () => { throw new Error('the hub map connection failed'); } };
    const thrown = await aggregateRecords(db, [{ ...recordFile(at)!, path: 'record-file-9.csv' }], HUB_MAP, metricsFromRows(builtinDefinitions()), { beside }).catch((e: Error) => e);
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message).toMatch(/record-file-9\.csv/);
    // Nothing is left holding records.
    expect(await db.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'")).toEqual([]);
    // The file read, the hub map's failure is the one thrown.
    await expect(aggregateRecords(db, [{ ...recordFile(at)!, path: 'record-file-0.csv' }], HUB_MAP, metricsFromRows(builtinDefinitions()), { beside })).rejects.toThrow('the hub map connection failed');
  });
});

describe('two spells files', () => {
  it("each file's notes count its own rows, in both engines", async () => {
    const dir = tempDir('records-two-');
    const outside = (i: number) => good(i).replace('2023-10-05,2023-10-05', '2023-10-05,2023-10-06');
    // a.csv: a refused row (taken out of the table before b.csv is read), 3 ready dates outside the
    // spell, 1 row of a council the hub map does not name, 1 practice not in the map; b.csv: 1 and 2 and 0.
    const a = [HEADER, good(1).replace(',70,', ',7003,'), outside(2), outside(3), outside(4), good(5).replace(HALTON, 'E06000001'), good(6).replace('N81001', 'Y99999'), good(7)];
    const b = [HEADER, outside(8), good(9).replace(HALTON, 'E06000001'), good(10).replace(HALTON, 'E06000001'), good(11)];
    writeFileSync(path.join(dir, 'a.csv'), a.join('\n') + '\n');
    writeFileSync(path.join(dir, 'b.csv'), b.join('\n') + '\n');
    const files = [recordFile(path.join(dir, 'a.csv'))!, recordFile(path.join(dir, 'b.csv'))!];
    const native = await aggregateRecordFiles(files, HUB_MAP);
    const ready = (k: number) => `${k} spell${k === 1 ? ' has' : 's have'} a Discharge Ready Date after the discharge or before the admission: left out of the discharge delay metrics.`;
    expect(native.notes.get('a.csv')).toContain(ready(3));
    expect(native.notes.get('b.csv')).toContain(ready(1));
    expect(native.notes.get('a.csv')).toContain('1 row is of residents of councils the hub map does not name: not counted.');
    expect(native.notes.get('b.csv')).toContain('2 rows are of residents of councils the hub map does not name: not counted.');
    expect(native.notes.get('a.csv')).toContain('Rows counted in a place\'s "unassigned" hub: 1 with the practice not in the hub map.');
    expect(native.notes.get('b.csv')).toContain('Rows counted in a place\'s "unassigned" hub: none.');
    const db = await nodeDuckDb({ 'record-file-0.csv': files[0]!.path, 'record-file-1.csv': files[1]!.path });
    const wasm = await aggregateRecords(db, files.map((f, i) => ({ ...f, path: `record-file-${i}.csv` })), HUB_MAP, metricsFromRows(builtinDefinitions()));
    expect(wasm).toEqual(native);
  }, 30_000);
});

describe('codes as a data team may write them', () => {
  it('a practice, council or admission method code in lower case or with spaces around it is the same code, in both engines', async () => {
    const dir = tempDir('records-codes-');
    const rows = Array.from({ length: 8 }, (_, i) => good(i).replace(',21,', ',2A,'));
    const plain = path.join(dir, 'plain.csv');
    writeFileSync(plain, [HEADER, ...rows, ...COVER_2023_24].join('\n') + '\n');
    const written = path.join(dir, 'written.csv');
    writeFileSync(written, [HEADER, ...[...rows, ...COVER_2023_24].map((r) => r.replace('N81001', ' n81001 ').replace(HALTON, HALTON.toLowerCase()).replace(',2A,', ',2a ,'))].join('\n') + '\n');
    // The hub map written so too (by hand): its practice and council codes are the same codes.
    const map = HUB_MAP.map((h) => ({ ...h, practice_code: h.practice_code.toLowerCase(), place_code: h.place_code.toLowerCase() }));
    const expected = await aggregateRecordFiles([recordFile(plain)!], HUB_MAP);
    expect(expected.observations.find((o) => o.metric === 'emergency_admissions_65' && o.area_code === HALTON && o.period_type === 'month')?.numerator).toBe(8);
    const got = await aggregateRecordFiles([{ ...recordFile(written)!, file: 'plain.csv' }], map);
    expect(got).toEqual(expected);
    const db = await nodeDuckDb({ 'record-file-0.csv': written });
    expect(await aggregateRecords(db, [{ ...recordFile(written)!, file: 'plain.csv', path: 'record-file-0.csv' }], HUB_MAP, metricsFromRows(builtinDefinitions()))).toEqual(expected);
  }, 30_000);
});

describe('a practice code of spaces alone', () => {
  // Read as '' (upper(trim(cell))): it joined every row of a hub map with no practice (the upload
  // page's without a hub map has one for each place), so the record counted once per place, and
  // once in a hub coded ''.
  const yearly = (a: RecordAggregates) =>
    a.observations.filter((o) => o.metric === 'emergency_admissions_65' && o.period_type === 'financial_year').map((o) => [o.area_code, o.numerator]);
  it('is a missing practice: the record counts once, in its place\'s unassigned hub, with or without a hub map, in both engines', async () => {
    const at = path.join(tempDir('records-spaces-'), 'spells.csv');
    writeFileSync(at, [HEADER, good(1), good(2).replace('N81001', '   '), ...COVER_2023_24].join('\n') + '\n');
    const file = recordFile(at)!;
    const db = await nodeDuckDb({ 'record-file-0.csv': at });
    for (const [map, expected, unassigned] of [
      [placesOnlyHubMap([HALTON, 'E06000007', 'E06000001']), [[HALTON, 2], [`${HALTON}-UNASSIGNED`, 2]], '1 with the practice missing, 13 with the practice not in the hub map'], // (the twelve covering 2023-24 among them)
      [HUB_MAP, [[HALTON, 2], [`${HALTON}-UNASSIGNED`, 1], ['U11111', 1]], '1 with the practice missing'],
    ] as const) {
      const native = await aggregateRecordFiles([file], [...map]);
      expect(yearly(native)).toEqual(expected);
      expect(native.hubs.map((h) => h.area_code)).not.toContain('');
      expect(native.notes.get('spells.csv')).toContain(`Rows counted in a place's "unassigned" hub: ${unassigned}.`);
      expect(await aggregateRecords(db, [{ ...file, path: 'record-file-0.csv' }], [...map], metricsFromRows(builtinDefinitions()))).toEqual(native);
    }
  }, 30_000);
});

describe('record-level files in another encoding', () => {
  const dir = tempDir('records-encoding-');
  it('a UTF-16 file (as SQL Server exports "Unicode") is named as such and not read, in the pipeline and on the upload page', async () => {
    const text = [HEADER, good(1), good(2)].join('\r\n') + '\r\n';
    const at = path.join(dir, 'utf16.csv');
    writeFileSync(at, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const file = recordFile(at);
    expect(file?.layout).toBe(SPELLS);
    const got = await aggregateRecordFiles([file!], HUB_MAP);
    const said = 'is saved as UTF-16 ("Unicode"): save or export it as UTF-8 ("CSV UTF-8" in Excel) and add it again; the file was not read';
    expect(got.errors).toEqual([{ file: 'utf16.csv', row: 0, column: '', message: said }]);
    const dropped = await sortDropped([new File([readFileSync(at)], 'utf16.csv')]);
    expect(dropped.records.map((r) => [r.record.file, r.record.layout.id, r.record.utf16])).toEqual([['utf16.csv', 'sus_apc_spells', true]]);
  }, 30_000);

  it('a cell that is not UTF-8 (a Windows-1252 file) is refused by row and column, saying how to save the file', async () => {
    const at = path.join(dir, 'cp1252.csv');
    writeFileSync(at, Buffer.from([HEADER, good(1), good(2).replace('I10,', 'I10,Caf\xe9')].join('\n') + '\n', 'latin1'));
    const got = await aggregateRecordFiles([recordFile(at)!], HUB_MAP);
    expect(got.errors).toEqual([{ file: 'cp1252.csv', row: 3, column: 'External_Cause_Code', message: 'is not UTF-8 text (save the file as "CSV UTF-8"); the row was not counted' }]);
  }, 30_000);
});

describe('the date format of a record-level file', () => {
  it('is judged past a quoted line break in the first data row, where the file was refused before it was read', async () => {
    // A quoted cell holding a line break in the first data row (a service written out, say): its
    // first line alone, parsed as CSV, threw 'a quoted cell ... closing quote is missing', so the
    // drop folder stopped and the upload page's sorting of the files failed, the file unnamed.
    const row = event(1, '1930', '1', '01/10/2023', '').replace('Provision of service', '"Provision of\nservice, ""long"""');
    for (const eol of ['\n', '\r\n', '\r']) {
      expect(recordFileOf('cld.csv', '', [EVENTS_HEADER, '', row, row].join(eol) + eol)?.dateFormat).toBe('%d/%m/%Y');
      // The file's first bytes may end inside such a cell.
      expect(recordFileOf('cld.csv', '', [EVENTS_HEADER, row.slice(0, row.indexOf('\n') + 1)].join(eol))?.dateFormat).toBe('%d/%m/%Y');
    }
    const at = path.join(tempDir('records-format-'), 'cld.csv');
    writeFileSync(at, [EVENTS_HEADER, row, event(2, '1930', '1', '02/10/2023', '')].join('\n') + '\n');
    const got = await aggregateRecordFiles([recordFile(at)!], HUB_MAP);
    expect(got.errors).toEqual([]);
    expect(got.notes.get('cld.csv')![0]).toMatch(/: 2 rows read by DuckDB/);
    // Any file dropped on the upload page is sorted by its first lines: one whose first line
    // opens a quote it does not close (or a canonical file with a line break in its first row)
    // is another file, to be read and refused by its own reader, not a failure of the sorting.
    const dropped = await sortDropped([
      new File(['"area_code,metric\nE06000006,x\n'], 'open-quote.csv'),
      new File(['area_code,notes\nE06000006,"two\nlines"\n'], 'canonical.csv'),
      new File([readFileSync(at)], 'cld.csv'),
    ]);
    expect([dropped.records.map((r) => r.record.file), dropped.others.map((f) => f.name)]).toEqual([['cld.csv'], ['open-quote.csv', 'canonical.csv']]);
  }, 30_000);

  it('is judged from its first data row, past blank lines after the header (LF or CRLF)', async () => {
    const row = event(1, '1930', '1', '01/10/2023', '');
    for (const eol of ['\n', '\r\n']) {
      expect(recordFileOf('cld.csv', '', [EVENTS_HEADER, '', '', row].join(eol) + eol)?.dateFormat).toBe('%d/%m/%Y');
    }
    // And read so: the row is counted, not refused as "not a date (YYYY-MM-DD)".
    const at = path.join(tempDir('records-format-'), 'cld.csv');
    writeFileSync(at, [EVENTS_HEADER, '', row].join('\n') + '\n');
    const got = await aggregateRecordFiles([recordFile(at)!], HUB_MAP);
    expect(got.errors).toEqual([]);
    expect(got.notes.get('cld.csv')![0]).toMatch(/: 1 rows read by DuckDB/);
  }, 30_000);
});
