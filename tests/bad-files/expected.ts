// What a data team sees for each file in tests/bad-files/: the exact messages (formatError
// strings, as the pipeline prints them and the upload page lists them), or [] for a file that
// must load, and then what it must load. The single source of truth for the pipeline test
// (tests/unit/bad-files.test.ts) and the browser upload test.
//
// Ingest order. Each entry is a run of its own, starting from no extracts:
//   afterAreas: true  → ingest [areas.csv, file]  (pipeline: one `ingest` call with both)
//   afterAreas: false → ingest [file] alone (the file is refused whole before any area matters)
// areas.csv is a good canonical areas file: England E92000001, North West E12000002, Halton
// E06000006 and Wirral E08000015. It never produces a message itself.
// The browser upload page checks a file against the areas it has loaded, and the demo extract it
// serves already holds those four codes (and none of the unknown ones used here), so there every
// file is uploaded alone: see tests/e2e/upload.test.ts.
//
// How the files were made. Text files were written as they are. The files whose bytes matter were
// written by a one-off Python snippet (not kept), and are committed as they are:
//   binary.csv                  a zip (Python zipfile, stored) holding "[Content_Types].xml", as
//                               an .xlsx workbook renamed to .csv starts; it holds NUL bytes
//   utf16-le.csv                a good areas file encoded UTF-16LE with a BOM (FF FE …)
//   windows-1252.csv            an areas file encoded Windows-1252: é = 0xE9, – (en dash) = 0x96
//   bom-and-crlf.csv            UTF-8 BOM (EF BB BF) and CRLF line ends
//   only-blank-lines.csv, only-commas.csv, trailing-comma-rows.csv, dtoc-*, ascof-*, ons-*,
//   epcn-*, lg-inform-rates.csv CRLF line ends, as a spreadsheet's "Save as CSV" writes them
// The DToC, ASCOF, ONS and ePCN files are small inline examples built from the layouts described
// in /work/shared/data/real/README.md and the adapters' own tests, not copies of the real files.

import type { TableName } from '../../src/lib/contract/schema';

export interface BadFile {
  file: string;
  /** Ingested after areas.csv (see above), or alone. */
  afterAreas: boolean;
  /** Every message the user sees, in order, exactly as formatError prints it; [] when the file loads. */
  errors: string[];
  /** The report's count of rejected rows: distinct rows among the messages, a whole-file message counting 1. */
  rejected: number;
  /**
   * The report's notes (FileReport.skipped), exactly: what was left out on purpose, and how the file
   * was decoded when it was not UTF-8. [] when not named.
   */
  skipped?: string[];
  /**
   * For a file that loads: the rows of each table the file itself brings. None of them repeats a
   * key of areas.csv, so the extracts grow by exactly these (0 where a table is not named).
   */
  loads?: Partial<Record<TableName, number>>;
  /** For a file that loads areas: the names of the areas it adds, in file order, exactly as stored. */
  areaNames?: string[];
  /** For a file that loads observations: their numerators, in key order (metric, area, period, breakdown), exactly as stored. */
  numerators?: number[];
  /**
   * A defect in the source that this entry pins down: what happens now (asserted above) and what
   * should happen instead. When the source is fixed, this entry changes with it.
   */
  bug?: string;
}

/** The labels of every layout the dashboard reads, as the "unknown layout" message lists them. */
const LAYOUTS =
  'Canonical long format (observations, areas, populations, targets or metric definitions); ' +
  'NHS England monthly DToC, delayed days by local authority and responsible organisation; ' +
  'NHS England monthly DToC, delayed days by local authority and reason for delay; ' +
  'Compiled DToC series, delayed days by local authority, month and responsible organisation (Name, NHS, Social Care, Both, Period_year); ' +
  'Compiled DToC series, delayed days by local authority, month and reason for delay (Code, Name, reasons A–O, Period); ' +
  'NHS Digital ASCOF measures, long format (Geographical Code, ASCOF Measure Code, Measure Type, Measure Value, Measure Group); ' +
  'ONS mid-year population estimates, persons by single year of age (MYE2); ' +
  'NHS Digital ePCN list, PCN details (Primary Care Networks by CCG)';
const unknownLayout = (file: string, found: string) => `${file}: unknown layout: expected one of ${LAYOUTS}; found a first row of ${found}`;

const notNumber = (file: string, row: number, column: string, text: string) => `${file}, row ${row}, column "${column}": "${text}" is not a number`;
const withSeparator = (file: string, row: number, column: string, text: string) =>
  `${notNumber(file, row, column, text)}: it has a thousands separator (,); write it without one (${text.replaceAll(',', '')})`;
const spreadsheetError = (file: string, row: number, column: string, text: string) => `${notNumber(file, row, column, text)}: it is a spreadsheet error value`;
/** The year after this one: periods starting later are warned about. */
const NEXT_YEAR = new Date().getUTCFullYear() + 1;
const DTOC_BREAKDOWNS = 'total, nhs, social_care, both, reason_a, reason_b, reason_c, reason_di, reason_dii, reason_e, reason_f, reason_g, reason_h, reason_i, reason_o';
const METRIC_IDS = 'dtoc, non_elective_admissions, ascof_2a2, ascof_2a1, ascof_2b1, avoidable_admissions, length_of_stay_14, length_of_stay_21, discharge_usual_residence, falls_65, emergency_admissions_65, discharge_delay, discharged_on_ready_date';
const READ_AS_WINDOWS_1252 = 'Encoding: not UTF-8: read as Windows-1252, as Excel saves "CSV (Comma delimited)".';

export const BAD_FILES: BadFile[] = [
  // ---------------------------------------------------------------- the file as a whole
  { file: 'empty.csv', afterAreas: false, errors: ['empty.csv: is empty'], rejected: 1 },
  { file: 'only-blank-lines.csv', afterAreas: false, errors: ['only-blank-lines.csv: is empty'], rejected: 1 },
  {
    // What a sheet of formatted but empty cells saves as: rows of commas only, dropped like blank lines.
    file: 'only-commas.csv', afterAreas: false,
    errors: ['only-commas.csv: is empty'], rejected: 1,
  },
  {
    file: 'header-only.csv', afterAreas: false,
    errors: ['header-only.csv: has a header but no data rows'], rejected: 1,
  },
  {
    // LG Inform's export, as Trafford Data Lab republishes it (the layout of the real GM ASCOF series
    // in /work/shared/data/real/ascof/): rates without counts. The canonical reader took it for an
    // areas file missing area_type.
    file: 'lg-inform-rates.csv', afterAreas: false,
    errors: [
      "lg-inform-rates.csv: is a tidy indicator extract (area_code, period, indicator, measure, value: \"Permanent admissions to residential and …\", \"Older people still at home 91 days after…\"), as LG Inform exports them: it gives each area's published value without the numerator and denominator it was made of, which the dashboard needs to draw intervals, compare with England, sum places into their ICB and suppress small numbers. Load the publisher's own file with the counts instead (for ASCOF, NHS Digital's ASCOF measures file of each year), or the counts as a canonical observations file",
    ],
    rejected: 1,
  },
  {
    file: 'binary.csv', afterAreas: false,
    errors: ['binary.csv: is not a text file (it contains binary data); save the sheet as CSV'], rejected: 1,
  },
  {
    // Excel's "Unicode Text" and some exports: UTF-16 with a byte-order mark is decoded, and said.
    file: 'utf16-le.csv', afterAreas: true,
    errors: [], rejected: 0,
    skipped: ['Encoding: read as UTF-16 text.'],
    loads: { areas: 1 },
    areaNames: ['Runcorn PCN'],
  },
  {
    file: 'semicolon-delimited.csv', afterAreas: false,
    errors: ['semicolon-delimited.csv: is not comma-separated: the first row "metric;area_code;period_start;period_typ…" uses another delimiter; save it as CSV (comma delimited)'],
    rejected: 1,
  },
  {
    file: 'tab-delimited.csv', afterAreas: false,
    // quote() shows each tab as a space.
    errors: ['tab-delimited.csv: is not comma-separated: the first row "metric area_code period_start period_typ…" uses another delimiter; save it as CSV (comma delimited)'],
    rejected: 1,
  },
  {
    file: 'unknown-layout.csv', afterAreas: false,
    errors: [unknownLayout('unknown-layout.csv', '"Local authority", "Mar 2019", "Apr 2019"')], rejected: 1,
  },
  {
    file: 'missing-columns.csv', afterAreas: false,
    errors: ['missing-columns.csv: looks like observations but is missing column(s) period_type, breakdown; found "metric", "area_code", "period_start", "numerator"'],
    rejected: 1,
  },
  {
    // Excel's plain "CSV (Comma delimited)": not valid UTF-8, so read as Windows-1252, and said.
    file: 'windows-1252.csv', afterAreas: true,
    errors: [], rejected: 0,
    skipped: [READ_AS_WINDOWS_1252],
    loads: { areas: 2 },
    areaNames: ['Caf\u00E9 Quarter PCN', 'Crewe \u2013 GHR PCN'],
  },
  {
    file: 'bom-and-crlf.csv', afterAreas: true,
    errors: [], rejected: 0,
    loads: { observations: 3 },
    numerators: [294, 370, 619],
  },

  // ---------------------------------------------------------------- CSV structure
  {
    file: 'ragged-row.csv', afterAreas: true,
    errors: [
      'ragged-row.csv, row 3, column "(whole row)": has 10 cells but the header has 9',
      'ragged-row.csv, row 4, column "(whole row)": has 10 cells but the header has 9',
      'ragged-row.csv, row 5, column "(whole row)": has 6 cells but the header has 9',
    ],
    rejected: 3,
  },
  {
    file: 'quoted-newline.csv', afterAreas: true,
    // Row 3's note spans lines 3–5, so the bad row is line 6.
    errors: [notNumber('quoted-newline.csv', 6, 'numerator', 'many')], rejected: 1,
    skipped: ['Ignored 1 column that the observations table does not have: "note".'],
  },
  {
    // The quote opened in row 3's numerator is never closed: rows 4 and 5 would run into that cell, so
    // the file is refused whole, even where rejects are allowed (see the test).
    file: 'unclosed-quote.csv', afterAreas: true,
    errors: ['unclosed-quote.csv, row 3, column "(whole row)": a quoted cell starts on this row but its closing quote is missing, so the rest of the file would run into one cell'],
    rejected: 1,
  },
  {
    // Rows of commas only below the data (Excel's formatted empty rows) are dropped as blank rows, silently.
    file: 'trailing-comma-rows.csv', afterAreas: true,
    errors: [], rejected: 0,
    loads: { observations: 1 },
    numerators: [370],
  },

  // ---------------------------------------------------------------- canonical cells
  {
    file: 'non-numeric-count.csv', afterAreas: true,
    errors: [withSeparator('non-numeric-count.csv', 3, 'numerator', '1,419'), notNumber('non-numeric-count.csv', 4, 'numerator', 'n/a')],
    rejected: 2,
  },
  {
    file: 'excel-error-values.csv', afterAreas: true,
    errors: [
      // #N/A is read as empty only where a column may be empty (not-available-optional.csv).
      spreadsheetError('excel-error-values.csv', 2, 'numerator', '#N/A'),
      spreadsheetError('excel-error-values.csv', 3, 'published_value', '#DIV/0!'),
      spreadsheetError('excel-error-values.csv', 4, 'numerator', '#REF!'),
      spreadsheetError('excel-error-values.csv', 4, 'denominator', '#VALUE!'),
    ],
    rejected: 3,
  },
  {
    file: 'negative-count.csv', afterAreas: true,
    errors: [
      'negative-count.csv, row 2, column "numerator": "-3" is negative; counts cannot be below zero',
      'negative-count.csv, row 3, column "denominator": "-24105" is negative; counts cannot be below zero',
    ],
    rejected: 2,
  },
  {
    // "1e400" is a well-formed number that Number() makes Infinity.
    file: 'infinite-count.csv', afterAreas: true,
    errors: ['infinite-count.csv, row 2, column "numerator": "1e400" is too large to be a count or value'], rejected: 1,
  },
  {
    file: 'numerator-above-denominator.csv', afterAreas: true,
    errors: ['numerator-above-denominator.csv, row 3, column "numerator": 202 is above the denominator 201; a proportion cannot exceed 100%'],
    rejected: 1,
  },
  {
    file: 'unknown-area-code.csv', afterAreas: true,
    errors: [
      'unknown-area-code.csv, row 3, column "area_code": "E06000999" is not a known area; ingest an areas or population file that names it first',
      'unknown-area-code.csv, row 4, column "area_code": "e08000015" is not a known area; it differs from the known code "E08000015" only in case (area codes are upper case)',
    ],
    rejected: 2,
  },
  {
    file: 'impossible-date.csv', afterAreas: true,
    errors: [
      'impossible-date.csv, row 3, column "period_start": "2019-04-31" is not a real date',
      'impossible-date.csv, row 4, column "period_start": "01/05/2019" is not a date written as YYYY-MM-DD; this one is ambiguous: 1 May 2019 (2019-05-01) or 5 January 2019 (2019-01-05)',
    ],
    rejected: 2,
  },
  {
    file: 'period-not-fitting-type.csv', afterAreas: true,
    errors: [
      'period-not-fitting-type.csv, row 2, column "period_start": "2020-02-01": a quarter must start in January, April, July or October',
      'period-not-fitting-type.csv, row 3, column "period_start": "2019-03-15": a month must start on the 1st of a month',
      'period-not-fitting-type.csv, row 4, column "period_type": ascof_2b1 is published by financial_year, not quarter',
    ],
    rejected: 3,
  },
  {
    file: 'unknown-metric.csv', afterAreas: true,
    errors: [
      `unknown-metric.csv, row 2, column "metric": "DToC" is not a defined metric (defined: ${METRIC_IDS}); a new one needs a row in a definitions file first`,
      `unknown-metric.csv, row 3, column "metric": "ascof_2a" is not a defined metric (defined: ${METRIC_IDS}); a new one needs a row in a definitions file first`,
    ],
    rejected: 2,
  },
  {
    file: 'unknown-breakdown.csv', afterAreas: true,
    errors: [
      `unknown-breakdown.csv, row 2, column "breakdown": "Social Care" is not a known breakdown of dtoc (expected one of: ${DTOC_BREAKDOWNS})`,
      'unknown-breakdown.csv, row 3, column "breakdown": "65+" is not a known breakdown of ascof_2a2 (expected one of: total)',
    ],
    rejected: 2,
  },
  {
    file: 'duplicated-key.csv', afterAreas: true,
    // Row 4's period_start is " 2019-03-01 ": trimmed, it is row 2's key.
    errors: ['duplicated-key.csv, row 4, column "(whole row)": repeats the key of row 2 (dtoc, E06000006, 2019-03-01, month, total)'],
    rejected: 1,
  },

  // ---------------------------------------------------------------- canonical areas and populations
  {
    file: 'formula-area-name.csv', afterAreas: true,
    errors: [
      'formula-area-name.csv, row 2, column "area_name": "=HYPERLINK(\\"http://evil.example\\",\\"Runcor…" looks like a spreadsheet formula',
      'formula-area-name.csv, row 3, column "area_name": "+44 Widnes" looks like a spreadsheet formula',
      'formula-area-name.csv, row 4, column "area_name": "-Widnes" looks like a spreadsheet formula',
      'formula-area-name.csv, row 5, column "area_name": "@SUM(A1)" looks like a spreadsheet formula',
    ],
    rejected: 4,
  },
  {
    // The cell is ' =HYPERLINK("http://evil.example")': the check runs on the trimmed name, which the message quotes.
    file: 'formula-after-space.csv', afterAreas: true,
    errors: ['formula-after-space.csv, row 2, column "area_name": "=HYPERLINK(\\"http://evil.example\\")" looks like a spreadsheet formula'],
    rejected: 1,
  },
  {
    // Markup is valid text in a name: it is kept exactly, and the pages show it as text (Svelte escapes it).
    file: 'html-in-names.csv', afterAreas: true,
    errors: [], rejected: 0,
    loads: { areas: 3 },
    areaNames: ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', 'Runcorn & Widnes "Central" <b>PCN</b>'],
  },
  {
    file: 'unknown-parent-code.csv', afterAreas: true,
    errors: ['unknown-parent-code.csv: area U00022 names a parent "E06000099" that is not a known area'],
    rejected: 1,
    bug: 'merge.ts checkRows reports an unknown parent as a whole-file error (row 0), so the user is not told the row (3) or the column (parent_code), although the area came from one row of the file: areas carry no source line, unlike observations. Several such areas would still count as 1 rejected row.',
  },
  {
    file: 'population-unknown-area.csv', afterAreas: true,
    errors: ['population-unknown-area.csv: names area(s) that are not known: E06000099'],
    rejected: 1,
    bug: 'merge.ts checkRows reports population rows of unknown areas once for the whole file (row 0), without rows 3 and 4 or the column, unlike observations ("row 3, column "area_code": … is not a known area"): populations carry no source line. Two rows are refused but the report counts 1 rejected.',
  },
  {
    file: 'population-bad-cells.csv', afterAreas: true,
    errors: [
      'population-bad-cells.csv, row 3, column "year": 20 is not a plausible year',
      'population-bad-cells.csv, row 4, column "age_band": "65 and over" is not a known age band (expected one of: 18+, 18-64, 65+, all, 0-4, 5-9, 10-14, 15-19, 20-24, 25-29, 30-34, 35-39, 40-44, 45-49, 50-54, 55-59, 60-64, 65-69, 70-74, 75-79, 80-84, 85-89, 90+)',
      withSeparator('population-bad-cells.csv', 5, 'population', '61,000'),
    ],
    rejected: 3,
  },

  // ---------------------------------------------------------------- published layouts
  {
    // Recognised by its header row as the monthly DToC sheet, then refused for the missing period.
    file: 'dtoc-monthly-no-period.csv', afterAreas: false,
    errors: ['dtoc-monthly-no-period.csv: expected a "Period:" line (e.g. "Period:,May 2017") in the metadata block above the header, found none'],
    rejected: 1,
  },
  {
    file: 'dtoc-monthly-bad-cell.csv', afterAreas: true,
    errors: [
      'dtoc-monthly-bad-cell.csv, row 13, column "Social Care": "lots" is not a count',
      'dtoc-monthly-bad-cell.csv, row 14, column "Total": 1217 is not NHS + Social Care + Both (1204 + 0 + 12 = 1216); the row was not read',
    ],
    rejected: 2,
    skipped: ['3 row(s) for patients living outside England (Resident in Scotland, Resident In Wales, Resident outside GB) skipped: they belong to no English local authority.'],
  },
  {
    file: 'ascof-no-year-in-name.csv', afterAreas: false,
    errors: ['ascof-no-year-in-name.csv: the year could not be found: the ASCOF file does not state it in its content, so its name must hold the financial year as 20YY-YY (e.g. ascof-2020-21-measures.csv); rename the file and load it again'],
    rejected: 1,
  },
  {
    file: 'ascof-2020-21-percent-sign.csv', afterAreas: true,
    errors: ['ascof-2020-21-percent-sign.csv, row 7, column "Measure Value": "84.6%" is not a number, "[x]" (not available) or "[c]" (suppressed): Halton 2B(1) outcome; the measure was not read'],
    rejected: 1,
  },
  {
    // ASCOF 2B(1) is a proportion: 202 of 201 is refused by the contract rules every adapter's rows now pass.
    file: 'ascof-2020-21-numerator-above-denominator.csv', afterAreas: true,
    errors: ['ascof-2020-21-numerator-above-denominator.csv, row 2, column "numerator": 202 is above the denominator 201; a proportion cannot exceed 100%'],
    rejected: 1,
    bug: 'Refused, rightly, but the message names the canonical column "numerator", which this file does not have: the 202 is in "Measure Value" of row 2 (Measure Type Numerator) and the 201 in row 3. The ASCOF adapter\'s own messages say "column "Measure Value": … Halton 2B(1) outcome; the measure was not read"; this one should too (rules.ts problems are reported against canonical column names for every layout).',
  },
  {
    file: 'ons-no-year.csv', afterAreas: false,
    errors: ['ons-no-year.csv: no estimate year found above the header row: expected the title to name it as "mid-YYYY" (e.g. "mid-2020")'],
    rejected: 1,
  },
  {
    file: 'epcn-bad-date.csv', afterAreas: true,
    errors: [
      'epcn-bad-date.csv, row 3, column "Open Date (YYYYMMDD)": "2019-10-01" is not a date written as YYYYMMDD',
      'epcn-bad-date.csv, row 4, column "Open Date (YYYYMMDD)": "20190231" is not a real date',
    ],
    rejected: 2,
  },
  // ---------------------------------------------------------------- names, columns and periods a careless or hostile file brings
  {
    // U+202E … U+202C would show "Knutsford gnp.exe" as "Knutsford exe.png"; U+200B is invisible, U+0007 a bell.
    // They are removed before any layout reads the cells, and the report says where.
    file: 'bidi-in-names.csv', afterAreas: true,
    errors: [], rejected: 0,
    skipped: ['Removed 4 invisible control or formatting characters (U+202E right-to-left override, U+202C pop directional formatting, U+200B zero width space, U+0007), which can make text show other than it is, from 3 cells: row 2 column 2, row 3 column 2, row 4 column 2.'],
    loads: { areas: 3 },
    areaNames: ['Knutsford gnp.exe', 'Widnes North PCN', 'Runcorn Bell PCN'],
  },
  {
    // A 100,000-character name made pages 1.1 million px wide.
    file: 'long-area-name.csv', afterAreas: true,
    errors: ['long-area-name.csv, row 2, column "area_name": is 100,000 characters long; a name or code may have at most 120'],
    rejected: 1,
  },
  {
    // 5,000 columns: the nine of observations and 4,991 more, named x1 … x4991, which are said, not dropped silently.
    file: 'extra-columns.csv', afterAreas: true,
    errors: [], rejected: 0,
    skipped: ['Ignored 4,991 columns that the observations table does not have: "x1", "x2", "x3", "x4", "x5" and 4,986 more.'],
    loads: { observations: 1 },
    numerators: [370],
  },
  {
    // Read as written, with a warning: 1800 and 1999 are before 2000, 2099 after next year.
    file: 'implausible-periods.csv', afterAreas: true,
    errors: [], rejected: 0,
    skipped: [`Warning: periods that are unlikely to be right: 2 rows start before 2000 (the earliest 1800-04-01); 1 row starts after ${NEXT_YEAR} (the latest 2099-04-01). They were read as written: check the dates.`],
    loads: { observations: 3 },
    numerators: [30, 32, 31],
  },

  // ---------------------------------------------------------------- near misses, said plainly
  {
    // "#N/A" (any case) in a column that may be empty is read as empty, and said; in a required one it is refused (excel-error-values.csv).
    file: 'not-available-optional.csv', afterAreas: true,
    errors: [], rejected: 0,
    skipped: ['Read "#N/A" (a spreadsheet\'s "not available") as empty in 2 optional cells: row 2 column "denominator", row 3 column "published_value".'],
    loads: { observations: 2 },
    numerators: [34, 370],
  },
  {
    // A title row above the header, as a sheet saved with its heading: the header is found below it, and said.
    file: 'title-above-header.csv', afterAreas: true,
    errors: [], rejected: 0,
    skipped: ['The header is on row 2: the row above it was read as a title and left out ("BCF observations for Halton").'],
    loads: { observations: 1 },
    numerators: [370],
  },
  {
    file: 'ambiguous-date.csv', afterAreas: true,
    errors: [
      'ambiguous-date.csv, row 2, column "period_start": "01/04/2024" is not a date written as YYYY-MM-DD; this one is ambiguous: 1 April 2024 (2024-04-01) or 4 January 2024 (2024-01-04)',
      'ambiguous-date.csv, row 3, column "period_start": "13/04/2024" is not a date written as YYYY-MM-DD; write it as 2024-04-13',
    ],
    rejected: 2,
  },

  // ---------------------------------------------------------------- targets
  {
    file: 'targets.csv', afterAreas: true,
    errors: [], rejected: 0,
    loads: { targets: 2 },
  },
  {
    // Each row is wrong in its own way; each is named on its own row and column.
    file: 'target-problems.csv', afterAreas: true,
    errors: [
      'target-problems.csv, row 7, column "target": "n/a" is not a number',
      `target-problems.csv, row 2, column "metric": "dtoc_rate" is not a defined metric (defined: ${METRIC_IDS}); a new one needs a row in a definitions file first`,
      'target-problems.csv, row 3, column "target": 104 is above 100; ascof_2b1 is a percentage',
      'target-problems.csv, row 4, column "period_type": ascof_2a2 is published by financial_year or quarter; a target cannot be set for a shorter period (month)',
      'target-problems.csv, row 5, column "target": -3 is negative; a target is a rate of 0 or more',
      'target-problems.csv, row 6, column "area_code": "E06000099" is not a known area; ingest an areas or population file that names it first',
      'target-problems.csv, row 8, column "period_start": "2020-06-01": a financial year must start on 1 April',
    ],
    rejected: 7,
  },
];

/** Files whose rejected-rows CSV (report.ts rejectedRowsCsv) is checked byte for byte. */
export const REJECTED_ROWS_CSV: Record<string, string> = {
  'non-numeric-count.csv':
    'file,row,column,reason\n' +
    'non-numeric-count.csv,3,numerator,"""1,419"" is not a number: it has a thousands separator (,); write it without one (1419)"\n' +
    'non-numeric-count.csv,4,numerator,"""n/a"" is not a number"\n',
  'unknown-layout.csv':
    'file,row,column,reason\n' +
    `unknown-layout.csv,whole file,,"unknown layout: expected one of ${LAYOUTS}; found a first row of ""Local authority"", ""Mar 2019"", ""Apr 2019"""\n`,
  'binary.csv':
    'file,row,column,reason\n' +
    'binary.csv,whole file,,is not a text file (it contains binary data); save the sheet as CSV\n',
  'unclosed-quote.csv':
    'file,row,column,reason\n' +
    'unclosed-quote.csv,3,(whole row),"a quoted cell starts on this row but its closing quote is missing, so the rest of the file would run into one cell"\n',
};
