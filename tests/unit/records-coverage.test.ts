// The months, quarters and years a record-level extract covers, attacked with extracts shaped as a
// data team's go wrong: a mistyped date far outside the extract, a month missing in the middle, a
// record just past its end, an events extract shorter than the spells for 2B(1). Each set is one
// Halton emergency admission 65+ a day (day cases), so every figure below is a count of days.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordFile } from '../../pipelines/records';
import { aggregateRecords, type RecordAggregates } from '../../src/lib/records/aggregate';
import { metricsFromRows } from '../../src/lib/definitions/parse';
import { builtinDefinitions } from '../../pipelines/definitions';
import { nativeDuckDb } from '../../src/lib/server/native-duckdb';
import { nodeDuckDb } from '../../src/lib/server/node-duckdb';
import { daysFrom, dmy, EVENTS_HEADER, HALTON, HUB_MAP, SPELLS_HEADER } from './records-fixture';
import { tempDir } from '../helpers/temp';

const METRICS = metricsFromRows(builtinDefinitions());
/** A Halton resident's emergency day case aged 70, admitted and discharged on `day` (and `discharged`). */
const spell = (i: number, day: string, discharged = day) => `s${i},p${i},70,${HALTON},N81001,${day},21,${discharged},,19,I10,`;
const spells = (days: string[]) => days.map((d, i) => spell(i, d));

/** The files (name → lines after the header) aggregated by the upload page's engine and the pipeline's: the same, returned once. */
async function inBothEngines(files: Record<string, string[]>): Promise<RecordAggregates> {
  const dir = tempDir('records-coverage-');
  const paths = Object.entries(files).map(([name, lines]) => {
    const file = path.join(dir, name);
    writeFileSync(file, [name.startsWith('cld') ? EVENTS_HEADER : SPELLS_HEADER, ...lines].join('\n') + '\n');
    return file;
  });
  const names = Object.fromEntries(paths.map((p, i) => [`record-file-${i}.csv`, p]));
  const [page, pipeline] = [await nodeDuckDb(names), await nativeDuckDb(names)];
  try {
    const records = paths.map((p) => recordFile(p)!);
    const wasm = await aggregateRecords(page, records.map((r, i) => ({ ...r, path: `record-file-${i}.csv` })), HUB_MAP, METRICS);
    const native = await aggregateRecords(pipeline, records.map((r, i) => ({ ...r, path: pipeline.path(`record-file-${i}.csv`) })), HUB_MAP, METRICS);
    expect(wasm).toEqual(native);
    return native;
  } finally {
    pipeline.close();
  }
}

/** Halton's figures of a metric and period type, as [period_start, numerator]. */
const halton = (a: RecordAggregates, type: string, metric = 'emergency_admissions_65') =>
  a.observations.filter((o) => o.metric === metric && o.area_code === HALTON && o.period_type === type).map((o) => [o.period_start, o.numerator]);

const SAID = '(the days both their admission and discharge dates reach): figures are given only for the months, quarters and years covered whole, since a period covered in part would be counted short.';
const NOT_HELD = "Not covered for holding no record or under 1 in 10 of a usual month's (a gap in the extract, or mistyped dates):";

describe('record-level coverage', () => {
  it('a mistyped day case of 2099 in an extract ending 15 November does not make November, its quarter and its year covered, in both engines', async () => {
    // Before: the span ran to 2099, and November (15 days), Q3 (46) and 2023-24 (229 of 366 days) were given.
    const a = await inBothEngines({ 'spells.csv': [...spells(daysFrom('2023-04-01', '2023-11-15')), spell(999, '2099-01-10')] });
    expect(halton(a, 'quarter')).toEqual([['2023-04-01', 91], ['2023-07-01', 92]]);
    expect(halton(a, 'financial_year')).toEqual([]);
    expect(halton(a, 'month').at(-1)).toEqual(['2023-10-01', 31]);
    expect(a.notes.get('spells.csv')![1]).toBe(
      `The spells cover the months Apr 2023 to Oct 2023 whole ${SAID} ${NOT_HELD} Jan 2099. Left out as covered in part: 2023-24, Q3 2023-24, Nov 2023, 2098-99, Jan 2099 and 1 more.`,
    );
  }, 60_000);

  it('a day case of 1999 (a mistyped date) before an extract beginning on 15 April does not make April, its quarter and its year covered', async () => {
    // Before: the span began in 1999, and Q1 (77 days of 91) and 2023-24 (352 of 366) were given, and a quarter of 1999.
    // (Excel's day 0, 1899-12-30, and SQL Server's, 1900-01-01, are refused as no record's date: checks.ts.)
    const a = await inBothEngines({ 'spells.csv': [...spells(daysFrom('2023-04-15', '2024-03-31')), spell(999, '1999-12-30')] });
    expect(halton(a, 'quarter')).toEqual([['2023-07-01', 92], ['2023-10-01', 92], ['2024-01-01', 91]]);
    expect(halton(a, 'financial_year')).toEqual([]);
    expect(a.notes.get('spells.csv')![1]).toContain(`The spells cover the months May 2023 to Mar 2024 whole ${SAID} ${NOT_HELD} Dec 1999.`);
  }, 60_000);

  it('a month with no record at all (a month of the extract left out) is not covered, nor its quarter and year', async () => {
    // Before: August was covered between its neighbours, and Q2 (61 days of 92) and 2023-24 (335) were given.
    const a = await inBothEngines({ 'spells.csv': spells(daysFrom('2023-04-01', '2024-03-31').filter((d) => !d.startsWith('2023-08'))) });
    expect(halton(a, 'quarter')).toEqual([['2023-04-01', 91], ['2023-10-01', 92], ['2024-01-01', 91]]);
    expect(halton(a, 'financial_year')).toEqual([]);
    expect(halton(a, 'month').map(([m]) => m)).toContain('2023-09-01');
    expect(a.notes.get('spells.csv')![1]).toBe(
      `The spells cover the months Apr 2023 to Jul 2023 and Sep 2023 to Mar 2024 whole ${SAID} ${NOT_HELD} Aug 2023. Left out as covered in part: 2023-24, Q2 2023-24.`,
    );
  }, 60_000);

  it('a month of a few records (under a tenth of a usual one) just past the end is not covered, nor the short month before it', async () => {
    // A day case of 5 November typed as 5 December, in an extract ending 15 November. Before: November (15 days) was given.
    const a = await inBothEngines({ 'spells.csv': [...spells(daysFrom('2023-04-01', '2023-11-15')), spell(999, '2023-12-05')] });
    expect(halton(a, 'month').at(-1)).toEqual(['2023-10-01', 31]);
    expect(a.notes.get('spells.csv')![1]).toContain(`${NOT_HELD} Dec 2023. Left out as covered in part: 2023-24, Q3 2023-24, Nov 2023, Dec 2023.`);
  }, 60_000);

  it('an extract by discharge (admissions from long before) and one by admission (discharges after it) cover their own year, and no month beyond is said to be a gap', async () => {
    // Discharges of 2023-24, a tenth of them admitted up to two years before; admissions of 2023-24, a tenth discharged up to a year after.
    const days = daysFrom('2023-04-01', '2024-03-31');
    const shifted = (d: string, by: number) => new Date(Date.parse(`${d}T00:00Z`) + by * 86_400_000).toISOString().slice(0, 10);
    const byDischarge = days.map((d, i) => (i % 10 === 0 ? spell(i, shifted(d, -2 * i), d) : spell(i, d)));
    const byAdmission = days.map((d, i) => (i % 10 === 0 ? spell(i, d, shifted(d, i)) : spell(i, d)));
    for (const lines of [byDischarge, byAdmission]) {
      const a = await inBothEngines({ 'spells.csv': lines });
      expect(a.notes.get('spells.csv')![1]).toMatch(/^The spells cover the months Apr 2023 to Mar 2024 whole \(.*short\.( Left out as covered in part: [^.]*\.)?$/);
      expect(halton(a, 'financial_year', 'discharge_delay')).toEqual([]); // (no Discharge Ready Date)
      expect(halton(a, 'quarter').length).toBe(4);
    }
  }, 60_000);

  it('open services given an end of 31/12/2099, as some councils write them, neither stretch the events nor are said to be a gap', async () => {
    const assessments = daysFrom('2023-04-01', '2024-03-31').map((d) => `${HALTON},q${d},N81001,1950,1,Service User,Assessment,,${dmy(d)},${dmy(d)},No services provided,`);
    const open = ['01/06/2023', '01/02/2024'].map((d, i) => `${HALTON},o${i},N81001,1950,1,Service User,Service,Long Term Support: Nursing Care,${d},31/12/2099,Provision of service,`);
    const a = await inBothEngines({ 'cld.csv': [...assessments, ...open] });
    expect(a.notes.get('cld.csv')![1]).toBe(
      'The events cover the months Apr 2023 to Mar 2024 whole (the days both their start and end dates reach): figures are given only for the months, quarters and years covered whole, since a period covered in part would be counted short.',
    );
    expect(halton(a, 'quarter', 'ascof_2a2')).toEqual([['2023-04-01', 1], ['2024-01-01', 1]]);
  }, 60_000);

  it('events none of which has an end date (a snapshot of open services) cover no month: their starts alone cannot tell', async () => {
    // Before: the span ran from the first start to the last, and every quarter's care home admissions were given.
    const open = daysFrom('2023-04-01', '2024-03-31').map((d, i) => `${HALTON},o${i},N81001,1950,1,Service User,Service,Long Term Support: Nursing Care,${dmy(d)},,Provision of service,`);
    const a = await inBothEngines({ 'cld.csv': open });
    expect(halton(a, 'quarter', 'ascof_2a2')).toEqual([]);
    expect(a.notes.get('cld.csv')![1]).toBe(
      'The events cover no month whole (the days both their start and end dates reach): figures are given only for the months, quarters and years covered whole, since a period covered in part would be counted short. Left out as covered in part: 2023-24, Q1 2023-24, Q2 2023-24, Q3 2023-24, Q4 2023-24.',
    );
  }, 60_000);

  it('spells three days short of a year (to Thursday 28 March 2024) do not cover March or the year; events are allowed a weekend and bank holidays at either end', async () => {
    // Before: every table had three days' grace, and the spells gave March (28 days of 31), Q4 and 2023-24 as whole.
    const days = daysFrom('2023-04-01', '2024-03-28');
    const a = await inBothEngines({ 'spells.csv': spells(days) });
    expect(halton(a, 'month').at(-1)).toEqual(['2024-02-01', 29]);
    expect(halton(a, 'financial_year')).toEqual([]);
    // Events from Monday 3 April 2023 to Thursday 28 March 2024 (Good Friday the 29th, Easter Monday 1 April) cover 2023-24.
    const nursing = (d: string, i: number) => `${HALTON},n${i},N81001,1950,1,Service User,Service,Long Term Support: Nursing Care,${dmy(d)},${dmy(d)},Provision of service,`;
    const b = await inBothEngines({ 'cld.csv': daysFrom('2023-04-03', '2024-03-28').map(nursing) });
    expect(b.notes.get('cld.csv')![1]).toMatch(/^The events cover the months Apr 2023 to Mar 2024 whole /);
    expect(halton(b, 'quarter', 'ascof_2a2')).toEqual([['2023-04-01', 89], ['2023-07-01', 92], ['2023-10-01', 92], ['2024-01-01', 88]]);
  }, 60_000);
});
