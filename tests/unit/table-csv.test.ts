import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { tableCsv } from '../../src/lib/download/csv';
import { fileName } from '../../src/lib/download/filename';

describe('a data table as CSV', () => {
  it('writes the header and cells as shown, neutralising anything a spreadsheet would run', () => {
    const csv = tableCsv(
      ['Area', 'Value', '=Note'],
      [
        ['Halton', '1,234.5', '=1+1'],
        ['Wirral, West', '-3', '+44'],
        ['@x', 'suppressed', 'say "hi"'],
        ['\tTab', '–', ''],
      ],
    );
    expect(csv).toBe(
      [
        "Area,Value,'=Note",
        'Halton,"1,234.5",\'=1+1',
        '"Wirral, West",\'-3,\'+44',
        '\'@x,suppressed,"say ""hi"""',
        "'\tTab,–,",
        '',
      ].join('\n'),
    );
    // Read back, every cell is the text shown (with the apostrophe where one was needed).
    expect(Papa.parse<string[]>(csv.trimEnd()).data).toEqual([
      ['Area', 'Value', "'=Note"],
      ['Halton', '1,234.5', "'=1+1"],
      ['Wirral, West', "'-3", "'+44"],
      ["'@x", 'suppressed', 'say "hi"'],
      ["'\tTab", '–', ''],
    ]);
  });

  it('writes a header alone for a table with no rows', () => {
    expect(tableCsv(['Area', 'Value'], [])).toBe('Area,Value\n');
  });

  it('names files after their titles', () => {
    expect(fileName('Halton: Permanent admissions to care homes, aged 65+ (financial year)', 'csv')).toBe('halton-permanent-admissions-to-care-homes-aged-65-financial-year.csv');
    expect(fileName('Ynys Môn – café', 'png')).toBe('ynys-mon-cafe.png');
    expect(fileName('<>', 'svg')).toBe('chart.svg');
    expect(fileName('x'.repeat(200), 'csv').length).toBe(84);
  });
});
