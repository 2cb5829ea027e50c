// Codes written in lower case or padded with spaces, tabs and no-break spaces, as exports from other systems write
// them: the hand-made record set (records-fixture.ts, whose figures records.test.ts works out by
// hand) written so gives the very figures, hubs and notes of its twin written in capitals, in the
// pipeline's engine and the upload page's.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { aggregateRecordFiles, recordFile } from '../../pipelines/records';
import { aggregateRecords, type RecordAggregates } from '../../src/lib/records/aggregate';
import { metricsFromRows } from '../../src/lib/definitions/parse';
import { nodeDuckDb } from '../../src/lib/server/node-duckdb';
import { builtinDefinitions } from '../../pipelines/definitions';
import { HALTON, HUB_MAP, WARRINGTON, writeSet } from './records-fixture';
import { tempDir } from '../helpers/temp';

const TAB = '\t';
/** A no-break space (U+00A0), as spreadsheets export them. */
const NBSP = '\u00a0';
/** Each code column and how the twin writes it: lower case, spaces, a tab or a no-break space before or after. */
const WRITTEN: Record<string, (cell: string) => string> = {
  // Practice and council codes (read in capitals without their padding): a tab, which DuckDB's trim() leaves.
  Der_Postcode_Dist_Unitary_Auth: (c) => `${c.toLowerCase()}${TAB}`,
  // A no-break space, which DuckDB's trim() leaves too (the records went to the unassigned hub).
  GP_Practice_Code: (c) => `${TAB}${c.toLowerCase()}${NBSP}`,
  LA_Code: (c) => `${NBSP}${c.toLowerCase()} `,
  // Codes the metric queries compare (a no-break space before one was not trimmed either).
  Admission_Method: (c) => `${NBSP}${c}`,
  Discharge_Destination: (c) => `${c}${TAB}`,
  Der_Primary_Diagnosis_Code: (c) => `${NBSP}${c.toLowerCase()}`,
  External_Cause_Code: (c) => `${c.toLowerCase()} `,
  Client_Type: (c) => `${c.toLowerCase()} `,
  Event_Type: (c) => `${TAB}${c.toUpperCase()}`,
  Service_Type: (c) => ` ${c.toLowerCase()}`,
};

/** The file at `from` with the non-empty cells of `columns` written as WRITTEN writes them (the fixture's cells hold no comma or quote). */
function rewrite(from: string, to: string, columns: string[]): string {
  const [header, ...lines] = readFileSync(from, 'utf8').split(/\r?\n/);
  const names = header!.split(',');
  const at = columns.map((c) => names.indexOf(c)).filter((i) => i >= 0);
  const body = lines.map((line) => (line === '' ? line : line.split(',').map((cell, i) => (at.includes(i) && cell !== '' ? WRITTEN[names[i]!]!(cell) : cell)).join(',')));
  writeFileSync(to, [header, ...body].join('\n'));
  return to;
}

describe('codes in any case, padded with spaces, tabs or no-break spaces', () => {
  const dir = tempDir('records-codes-');
  const plain = writeSet(dir, { refusedRow: false });
  let expected: RecordAggregates;
  beforeAll(async () => {
    expected = await aggregateRecordFiles([recordFile(plain.spells)!, recordFile(plain.events)!], HUB_MAP);
  }, 30_000);
  /** The twin with `columns` written so, as the files of the same names (notes name the file). */
  const twin = (columns: string[], name: string) =>
    [[plain.spells, 'spells.csv'], [plain.events, 'cld.csv']].map(([from, file]) => ({ ...recordFile(rewrite(from!, path.join(dir, `${name}-${file}`), columns))!, file: file! }));
  const counted = (a: RecordAggregates, metric: string, area: string, periodType: string, start?: string) =>
    a.observations.filter((o) => o.metric === metric && o.area_code === area && o.period_type === periodType && (!start || o.period_start === start));

  it('the twin in capitals counts what the codes decide (records.test.ts works it out by hand)', () => {
    // Else the comparisons below could pass with nothing counted.
    const sum = (rows: { numerator: number }[]) => rows.reduce((n, o) => n + o.numerator, 0);
    expect(sum(counted(expected, 'falls_65', HALTON, 'quarter'))).toBe(2); // p1's and p3's falls (S720/W010, S010/W19)
    expect(counted(expected, 'discharge_delay', HALTON, 'month', '2023-10-01').map((o) => o.denominator)).toEqual([3]); // p4 died in hospital (79)
    expect(sum(counted(expected, 'emergency_admissions_65', HALTON, 'month'))).toBe(7); // p1, p2, p3 twice, p4, p8, p9
    expect(sum(counted(expected, 'ascof_2a2', HALTON, 'quarter'))).toBeGreaterThan(0); // p11 (p12 is 54; p14 is a carer), p13 where 2022 is counted
    expect(sum(counted(expected, 'ascof_2a2', WARRINGTON, 'quarter'))).toBe(1); // p5, residential then nursing care
    expect(counted(expected, 'ascof_2b1', HALTON, 'financial_year').map((o) => [o.numerator, o.denominator])).toEqual([[1, 3]]); // p1 died, p2 readmitted, p3 at home
  });

  it.each(Object.keys(WRITTEN))('%s written so gives the same figures, hubs and notes', async (column) => {
    expect(await aggregateRecordFiles(twin([column], column), HUB_MAP)).toEqual(expected);
  }, 30_000);

  it('every code written so gives the same figures, hubs and notes, in both engines', async () => {
    const files = twin(Object.keys(WRITTEN), 'all');
    expect(await aggregateRecordFiles(files, HUB_MAP)).toEqual(expected);
    const named = files.map((f, i) => ({ ...f, path: `record-file-${i}.csv` }));
    const wasm = await nodeDuckDb(Object.fromEntries(files.map((f, i) => [named[i]!.path, f.path])));
    expect(await aggregateRecords(wasm, named, HUB_MAP, metricsFromRows(builtinDefinitions()))).toEqual(expected);
  }, 60_000);
});
