import { describe, expect, it } from 'vitest';
import { emptyTables, readCanonicalCsv } from '../../src/lib/contract/canonical';
import { ingestTexts } from '../../src/lib/ingest/ingest';
import { formatError } from '../../src/lib/contract/errors';
import { implausiblePeriods } from '../../src/lib/contract/periods';
import { withoutInvisibleCharacters } from '../../src/lib/ingest/read-source';

// Two areas; the reference geography brings Halton's ICB and region as well.
const AREAS = 'area_code,area_name,area_type,parent_code\nE92000001,England,england,\nE06000006,Halton,place,E92000001\n';
const OBS_HEADER = 'metric,area_code,period_start,period_type,breakdown,numerator,denominator,published_value,suppressed';

/** The messages a person sees for one observations file checked against the areas above. */
function problems(body: string, header = OBS_HEADER): string[] {
  const result = ingestTexts(emptyTables(), [
    { name: 'areas.csv', text: AREAS },
    { name: 'obs.csv', text: `${header}\n${body}` },
  ]);
  return result.errors.map(formatError);
}

describe('canonical observations', () => {
  it('accepts a good row, keeping where it came from', () => {
    const read = readCanonicalCsv('obs.csv', `${OBS_HEADER}\nascof_2a2,E06000006,2020-04-01,financial_year,total,34,24105,141.0,false\n`);
    expect(read.errors).toEqual([]);
    expect(read.tables.observations[0]).toEqual({
      metric: 'ascof_2a2', area_code: 'E06000006', period_start: '2020-04-01', period_type: 'financial_year',
      breakdown: 'total', numerator: 34, denominator: 24105, published_value: 141, suppressed: false, source: 'obs.csv:2',
    });
  });

  it('names file, row and column for each bad cell', () => {
    expect(problems('ascof_2a2,E06000006,2020-04-01,financial_year,total,many,24105,,\n')).toEqual([
      'obs.csv, row 2, column "numerator": "many" is not a number',
    ]);
    expect(problems('ascof_2a2,E06000006,2020-04-01,financial_year,total,-3,24105,,\n')).toEqual([
      'obs.csv, row 2, column "numerator": "-3" is negative; counts cannot be below zero',
    ]);
    expect(problems('ascof_2b1,E06000006,2020-04-01,financial_year,total,202,201,,\n')).toEqual([
      'obs.csv, row 2, column "numerator": 202 is above the denominator 201; a proportion cannot exceed 100%',
    ]);
    expect(problems('dtoc,E06000006,2019-02-30,month,total,5,100,,\n')).toEqual([
      'obs.csv, row 2, column "period_start": "2019-02-30" is not a real date',
    ]);
    expect(problems('ascof_2a2,E06000006,2020-05-01,financial_year,total,5,100,,\n')).toEqual([
      'obs.csv, row 2, column "period_start": "2020-05-01": a financial year must start on 1 April',
    ]);
    expect(problems('dtoc,E06000006,2019-03-01,financial_year,total,5,100,,\n')).toEqual([
      'obs.csv, row 2, column "period_start": "2019-03-01": a financial year must start on 1 April',
      'obs.csv, row 2, column "period_type": dtoc is published by month, not financial_year',
    ]);
    expect(problems('dtoc,E06000006,2019-03-01,month,private,5,100,,\n')).toEqual([
      'obs.csv, row 2, column "breakdown": "private" is not a known breakdown of dtoc (expected one of: total, nhs, social_care, both, reason_a, reason_b, reason_c, reason_di, reason_dii, reason_e, reason_f, reason_g, reason_h, reason_i, reason_o)',
    ]);
    expect(problems('bcf9,E06000006,2019-03-01,month,total,5,100,,\n')).toEqual([
      'obs.csv, row 2, column "metric": "bcf9" is not a known metric (expected one of: dtoc, ascof_2a2, ascof_2a1, ascof_2b1, non_elective_admissions, avoidable_admissions, length_of_stay_14, length_of_stay_21, discharge_usual_residence, falls_65, emergency_admissions_65, discharge_delay, discharged_on_ready_date)',
    ]);
  });

  it('rejects unknown areas, duplicated keys, empty required cells and ragged rows', () => {
    expect(problems('dtoc,E06000999,2019-03-01,month,total,5,100,,\n')).toEqual([
      'obs.csv, row 2, column "area_code": "E06000999" is not a known area; ingest an areas or population file that names it first',
    ]);
    expect(problems('dtoc,E06000006,2019-03-01,month,total,5,100,,\n\ndtoc,E06000006,2019-03-01,month,total,6,100,,\n')).toEqual([
      'obs.csv, row 4, column "(whole row)": repeats the key of row 2 (dtoc, E06000006, 2019-03-01, month, total)',
    ]);
    expect(problems('dtoc,,2019-03-01,month,total,5,100,,\n')).toEqual(['obs.csv, row 2, column "area_code": is empty but required']);
    expect(problems('dtoc,E06000006,2019-03-01,month,total,5\n')).toEqual(['obs.csv, row 2, column "(whole row)": has 6 cells but the header has 9']);
  });

  it('reports problems with the file as a whole', () => {
    const fileProblem = (text: string) => readCanonicalCsv('x.csv', text).errors.map(formatError);
    expect(fileProblem('')).toEqual(['x.csv: is empty']);
    expect(fileProblem(`${OBS_HEADER}\n`)).toEqual(['x.csv: has a header but no data rows']);
    expect(fileProblem('\u0000\u0001PK binary')).toEqual(['x.csv: is not a text file (it contains binary data)']);
    expect(fileProblem('metric;area_code;period_start\n')[0]).toMatch(/^x\.csv: is not comma-separated/);
    expect(fileProblem('Name,NHS,Social Care\nHalton,1,2\n')[0]).toBe(
      'x.csv: unknown layout: expected a header row with the columns of observations (metric, area_code, period_start, period_type, breakdown, numerator); or areas (area_code, area_name, area_type); or populations (area_code, year, age_band, population); or targets (metric, area_code, period_start, period_type, target); found "Name", "NHS", "Social Care"',
    );
    expect(fileProblem('metric,area_code,period_start,numerator\n')[0]).toBe(
      'x.csv: looks like observations but is missing column(s) period_type, breakdown; found "metric", "area_code", "period_start", "numerator"',
    );
  });

  it('reads a file with a byte-order mark and CRLF line ends', () => {
    const read = readCanonicalCsv('bom.csv', `\uFEFF${AREAS.replaceAll('\n', '\r\n')}`);
    expect(read.errors).toEqual([]);
    expect(read.tables.areas.map((a) => a.area_name)).toEqual(['England', 'Halton']);
  });

  it('refuses formula-looking area names, which a spreadsheet would run', () => {
    const read = readCanonicalCsv('a.csv', 'area_code,area_name,area_type,parent_code\nX1,=HYPERLINK("http://x"),hub,\n');
    expect(read.errors.map(formatError)).toEqual(['a.csv, row 2, column "area_name": "=HYPERLINK(\\"http://x\\")" looks like a spreadsheet formula']);
  });

  it('lets a later file revise an earlier one, recording old and new values and both sources', () => {
    const result = ingestTexts(emptyTables(), [
      { name: 'areas.csv', text: AREAS },
      { name: 'first.csv', text: `${OBS_HEADER}\nascof_2a2,E06000006,2020-04-01,financial_year,total,33,24105,,\nascof_2a2,E06000006,2019-04-01,financial_year,total,30,23900,,\n` },
      { name: 'second.csv', text: `${OBS_HEADER}\nascof_2a2,E06000006,2020-04-01,financial_year,total,34,24105,141.0,\nascof_2a2,E06000006,2019-04-01,financial_year,total,30,23900,,\n` },
    ]);
    expect(result.errors).toEqual([]);
    expect(result.reports.map((r) => [r.file, r.accepted, r.revised, r.unchanged])).toEqual([['areas.csv', 4, 0, 0], ['first.csv', 2, 0, 0], ['second.csv', 0, 1, 1]]);
    expect(result.revisions).toEqual([{
      table: 'observations', key: 'ascof_2a2|E06000006|2020-04-01|financial_year|total',
      old: 'numerator 33, denominator 24105', new: 'numerator 34, denominator 24105, published 141',
      old_source: 'first.csv:2', new_source: 'second.csv:2',
    }]);
    expect(result.tables.observations.find((o) => o.period_start === '2020-04-01')?.numerator).toBe(34);
  });

  it('keeps an area in its finer parent when a later file names only a coarser ancestor', () => {
    const areas = 'area_code,area_name,area_type,parent_code\nE92000001,England,england,\nE12000002,North West,region,E92000001\nE54000008,Cheshire and Merseyside,icb,E12000002\nE06000006,Halton,place,E54000008\n';
    const result = ingestTexts(emptyTables(), [
      { name: 'areas.csv', text: areas },
      { name: 'ons.csv', text: 'area_code,area_name,area_type,parent_code\nE06000006,Halton,place,E12000002\n' },
      { name: 'moved.csv', text: 'area_code,area_name,area_type,parent_code\nE06000006,Halton,place,E92000001\n' },
    ]);
    expect(result.reports.map((r) => [r.revised, r.unchanged])).toEqual([[0, 0], [0, 1], [0, 1]]);
    expect(result.tables.areas.find((a) => a.area_code === 'E06000006')?.parent_code).toBe('E54000008');
  });
});

describe('what a report warns about or says it changed', () => {
  it('warns on periods before 2000 or after next year, counting against the date given', () => {
    const today = new Date('2026-11-29T00:00:00Z');
    expect(implausiblePeriods(['2000-01-01', '2027-12-01', '2019-04-01'], today)).toBeNull();
    expect(implausiblePeriods(['2028-01-01', '1999-12-01', '1800-04-01', '2030-04-01'], today)).toBe(
      'Warning: periods that are unlikely to be right: 2 rows start before 2000 (the earliest 1800-04-01); 2 rows start after 2027 (the latest 2030-04-01). They were read as written: check the dates.',
    );
  });

  it('removes invisible characters from every cell, naming the first five cells and counting the rest', () => {
    const rows = [1, 2, 3, 4, 5, 6, 7].map((line) => ({ line, cells: ['a', `b\u2066c\u2069`, 'tab\tand\nline'] }));
    const { rows: clean, note } = withoutInvisibleCharacters(rows);
    expect(clean.map((r) => r.cells)).toEqual(rows.map(() => ['a', 'bc', 'tab\tand\nline']));
    expect(note).toBe(
      'Removed 14 invisible control or formatting characters (U+2066 left-to-right isolate, U+2069 pop directional isolate), which can make text show other than it is, from 7 cells: row 1 column 2, row 2 column 2, row 3 column 2, row 4 column 2, row 5 column 2 and 2 more cells.',
    );
    const plain = [{ line: 1, cells: ['x'] }];
    expect(withoutInvisibleCharacters(plain)).toEqual({ rows: plain, note: null });
  });
});
