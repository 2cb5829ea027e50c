import { readdirSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { dtocCompiledReasonAdapter, dtocCompiledResponsibleOrgAdapter } from '../../src/lib/adapters/dtoc-compiled';
import { dtocByReasonAdapter, dtocByResponsibleOrgAdapter, parseDayMonthYear } from '../../src/lib/adapters/nhse-dtoc-monthly';
import { nameKey } from '../../src/lib/geography/names';
import { parseCsv } from '../../src/lib/contract/csv';
import type { Observation } from '../../src/lib/contract/schema';
import { hasRealData, readReal, realDataReason, REAL_DATA_DIR } from '../helpers/real-data';

const org = dtocByResponsibleOrgAdapter;
const reason = dtocByReasonAdapter;
const context = { areas: [] };

/** Lines joined the way a spreadsheet saves them (CRLF). */
const csv = (...lines: string[]) => lines.join('\r\n') + '\r\n';
const read = (adapter: typeof org, file: string, text: string) => adapter.read(file, parseCsv(text), context);

function obs(source: string, area_code: string, period_start: string, values: Record<string, number>): Observation[] {
  return Object.entries(values).map(([breakdown, numerator]) => ({
    metric: 'dtoc',
    area_code,
    period_start,
    period_type: 'month' as const,
    breakdown,
    numerator,
    denominator: null,
    published_value: null,
    suppressed: false,
    source,
  }));
}

const METADATA_2017_01 = [
  '',
  ',Title:,"Delayed Transfer of Care, NHS Organisations, England"',
  ',Summary:,"Number of Delayed Days during the reporting period, Acute and Non-Acute, for NHS Organisations in England by the responsible organisation."',
  '',
  ',Period:,January 2017',
  ',Source:,Unify2 Data Collection - MSitDT',
  ',Basis:,Local Authority',
  '',
  '',
];

// Jan–Mar 2017 style: one block, no super-header, no notes.
const ORG_2017_01 = csv(
  ...METADATA_2017_01,
  ',Region,ONS Geography,Code,Name,NHS,Social Care,Both,Total', // line 10
  ',-,-,-,England,"111,854","69,597","16,060","197,511"',
  '',
  ',North West,E06000006,321,Halton UA,397,103,19,519', // line 13
  ',North West,E08000015,344,Wirral,"1,204",-,12,"1,216"',
  ',-,-,9901,Resident in Scotland,-,-,-,0',
  ',-,-,9900,Resident In Wales,482,217,18,717',
  ',-,-,9902,Resident outside GB,0,32,0,32',
);

// A later publication: header further down, a reworded super-header, a per-day block after a
// spacer column (holding text that would be refused if it were read), a blank row of commas and
// trailing notes.
const ORG_LATER = csv(
  '',
  ',Title:,"Delayed Transfer of Care, NHS Organisations, England"',
  ',Period:,May 2017',
  ',Source:,Unify2 Data Collection - MSitDT',
  ',Published:,13th July 2017',
  ',Revised:,',
  ',Status:,Published',
  ',Contact:,england.nhsdata@nhs.net',
  '',
  '',
  '',
  '',
  ',,,,,Total Delayed Days in the month,,,,,Average number of delayed beds per day (DTOC beds)',
  ',Region,ONS Geography,Code,Name,NHS,Social Care,Both,Total,,NHS,Social Care,Both,Total', // line 14
  ',-,-,-,England,"96,880","67,425","12,581","176,886",,"3,229","2,248",419,"5,896"',
  ',,,,,,,,,,,,,',
  ',North West,E06000006,321,Halton UA,334,73,0,407,,n/a,2,0,13', // line 17
  ',North West,E08000002,310,Bury,"1,002",9,-,"1,011",,32,0,0,33',
  ',-,-,9901,Resident in Scotland,0,0,0,0,,0,0,0,0',
  ',-,-,9902,Resident outside GB,31,0,0,31,,1,0,0,1',
  ',Notes:,',
  ',,"1. Delayed days are counted for patients aged 18 and over, by local authority of residence."',
  ',,2. Figures are revised when trusts resubmit.',
);

const REASON_HEADER_2017_01 =
  ',Region,ONS Geography,Code,Name,A) COMPLETION OF ASSESSMENT,B) PUBLIC FUNDING,C) WAITING FURTHER NHS NON-ACUTE CARE,' +
  'DI) AWAITING RESIDENTIAL HOME PLACEMENT OR AVAILABILITY,DII) AWAITING NURSING HOME PLACEMENT OR AVAILABILITY,' +
  'E) AWAITING CARE PACKAGE IN OWN HOME,F) AWAITING COMMUNITY EQUIPMENT AND ADAPTIONS,G) PATIENT OR FAMILY CHOICE,H) DISPUTES,' +
  'I) HOUSING - PATIENTS NOT COVERED BY NHS AND COMMUNITY CARE ACT,TOTAL';

const REASON_2017_01 = csv(
  ...METADATA_2017_01,
  REASON_HEADER_2017_01, // line 10
  ',-,-,-,England,"36,279","6,372","37,760","20,547","28,346","40,356","4,062","18,288","1,617","3,884","197,511"',
  '',
  ',North West,E06000006,321,Halton UA,5,0,176,0,139,61,10,102,0,26,519', // line 13
  ',-,-,9901,Resident in Scotland,-,-,-,-,-,-,-,-,-,-,0',
);

const REASON_HEADER_2018_03 =
  ',Region,ONS Geography,Code,Name,A) Awaiting completion of assessment,B) Awaiting public funding,C) Awaiting further non-acute NHS care,' +
  'Di) Awaiting residential home placement or availability,Dii) Awaiting nursing home placement or availability,' +
  'E) Awaiting care package in own home,F) Awaiting community equipment and adaptations,G) Patient or family choice,H) Disputes,' +
  'I) Housing - patients not covered by Care Act,O) Other,Total';

const REASON_2018_03 = csv(
  '',
  ',Title:,"Delayed Transfer of Care, NHS Organisations, England"',
  ',Period:,March 2018',
  '',
  REASON_HEADER_2018_03, // line 5
  ',-,-,-,England,"18,643","4,981","29,316","17,869","20,569","33,504","4,200","17,529","1,402","5,563",918,"154,494"',
  ',North West,E06000006,321,Halton UA,40,0,326,27,12,17,0,"1,154",0,0,-,"1,576"', // line 7
  ',-,-,9900,Resident In Wales,29,4,350,61,148,234,12,6,31,23,0,898',
  ',Notes:,Reason O) Other was added in April 2017.',
);

describe('NHS England monthly DToC, by responsible organisation', () => {
  it('detects both vintages by content, and not the reason sheet or other files', () => {
    expect(org.detect(parseCsv(ORG_2017_01))).toBe(true);
    expect(org.detect(parseCsv(ORG_LATER))).toBe(true);
    expect(org.detect(parseCsv(REASON_2017_01))).toBe(false);
    expect(org.detect(parseCsv(REASON_2018_03))).toBe(false);
    expect(org.detect(parseCsv('metric,area_code,period_start,period_type,breakdown,numerator\n'))).toBe(false);
    // Without its Period: line it is still this layout, so reading it can say what is missing.
    expect(org.detect(parseCsv(ORG_2017_01.replace(',Period:,January 2017', ',Basis:,Local Authority')))).toBe(true);
  });

  it('reads the Jan–Mar 2017 layout: England, LAs with thousands separators and nil, pseudo-LAs skipped', () => {
    const r = read(org, '2017-01-org.csv', ORG_2017_01);
    expect(r.errors).toEqual([]);
    expect(r.periods).toEqual(['January 2017']);
    expect(r.tables.observations).toEqual([
      ...obs('2017-01-org.csv:11', 'E92000001', '2017-01-01', { nhs: 111_854, social_care: 69_597, both: 16_060, total: 197_511 }),
      ...obs('2017-01-org.csv:13', 'E06000006', '2017-01-01', { nhs: 397, social_care: 103, both: 19, total: 519 }),
      ...obs('2017-01-org.csv:14', 'E08000015', '2017-01-01', { nhs: 1204, social_care: 0, both: 12, total: 1216 }),
    ]);
    expect(r.tables.areas).toEqual([
      { area_code: 'E92000001', area_name: 'England', area_type: 'england', parent_code: null },
      { area_code: 'E06000006', area_name: 'Halton', area_type: 'place', parent_code: 'E12000002' },
      { area_code: 'E08000015', area_name: 'Wirral', area_type: 'place', parent_code: 'E12000002' },
    ]);
    expect(r.tables.populations).toEqual([]);
    expect(r.skipped).toEqual([
      '3 row(s) for patients living outside England (Resident in Scotland, Resident In Wales, Resident outside GB) skipped: they belong to no English local authority.',
    ]);
  });

  it('reads a later layout: header found lower down, per-day block ignored, notes and blank rows skipped', () => {
    const r = read(org, 'later.csv', ORG_LATER);
    // Halton's per-day NHS cell says "n/a": it would be an error if the second block were read.
    expect(r.errors).toEqual([]);
    expect(r.periods).toEqual(['May 2017']);
    expect(r.tables.observations).toEqual([
      ...obs('later.csv:15', 'E92000001', '2017-05-01', { nhs: 96_880, social_care: 67_425, both: 12_581, total: 176_886 }),
      ...obs('later.csv:17', 'E06000006', '2017-05-01', { nhs: 334, social_care: 73, both: 0, total: 407 }),
      ...obs('later.csv:18', 'E08000002', '2017-05-01', { nhs: 1002, social_care: 9, both: 0, total: 1011 }),
    ]);
    expect(r.tables.areas.map((a) => [a.area_code, a.area_name, a.parent_code])).toEqual([
      ['E92000001', 'England', null],
      ['E06000006', 'Halton', 'E12000002'],
      ['E08000002', 'Bury', 'E12000002'],
    ]);
    expect(r.skipped).toEqual([
      '2 row(s) for patients living outside England (Resident in Scotland, Resident outside GB) skipped: they belong to no English local authority.',
      '3 notes row(s) below the table skipped.',
      'The second block of columns after the spacer (NHS, Social Care, Both, Total: delayed beds, the average per day) was not read; delayed days come from the first block.',
    ]);
  });

  it('refuses bad cells with file, row, column and message, and keeps reading other rows', () => {
    const text = ORG_2017_01.replace(',397,103,19,519', ',397,lots,19,519').replace('"1,204",-,12,"1,216"', '"1,204",-5,12,"1,216"');
    const r = read(org, 'bad.csv', text);
    expect(r.errors).toEqual([
      { file: 'bad.csv', row: 13, column: 'Social Care', message: '"lots" is not a count' },
      { file: 'bad.csv', row: 14, column: 'Social Care', message: '"-5" is negative; counts cannot be below zero' },
    ]);
    expect([...new Set(r.tables.observations.map((o) => o.area_code))]).toEqual(['E92000001']);
    expect(r.tables.areas.map((a) => a.area_code)).toEqual(['E92000001']);
  });

  it('refuses a row whose NHS, Social Care and Both do not add up to its Total', () => {
    const r = read(org, 'sum.csv', ORG_2017_01.replace(',397,103,19,519', ',397,103,19,520'));
    expect(r.errors).toEqual([
      { file: 'sum.csv', row: 13, column: 'Total', message: '520 is not NHS + Social Care + Both (397 + 103 + 19 = 519); the row was not read' },
    ]);
    expect(r.tables.observations.map((o) => o.area_code).filter((c) => c === 'E06000006')).toEqual([]);
    expect(r.tables.observations.filter((o) => o.area_code === 'E08000015').map((o) => o.numerator)).toEqual([1204, 0, 12, 1216]);
  });

  it('refuses a row whose ONS code is not E and 8 digits, naming the column', () => {
    const text = ORG_2017_01.replace('E06000006', 'E0600006').replace(',-,-,9900,Resident In Wales', ',-,-,-,Somewhere');
    const r = read(org, 'codes.csv', text);
    expect(r.errors).toEqual([
      {
        file: 'codes.csv',
        row: 13,
        column: 'ONS Geography',
        message: '"E0600006" is not an ONS local authority code (E followed by 8 digits) for "Halton UA"; the row was not read',
      },
      {
        file: 'codes.csv',
        row: 16,
        column: 'ONS Geography',
        message: '"-" is not an ONS local authority code (E followed by 8 digits) for "Somewhere"; the row was not read',
      },
    ]);
    expect(r.skipped[0]).toBe(
      '2 row(s) for patients living outside England (Resident in Scotland, Resident outside GB) skipped: they belong to no English local authority.',
    );
  });

  it('gives a local authority in an unknown region no parent', () => {
    const r = read(org, 'r.csv', ORG_2017_01.replace(',North West,E06000006', ',Atlantis,E06000006'));
    expect(r.tables.areas[1]).toEqual({ area_code: 'E06000006', area_name: 'Halton', area_type: 'place', parent_code: null });
  });

  it('refuses, as a whole-file error, a file whose period is missing or unreadable', () => {
    const unreadable = read(org, 'p.csv', ORG_2017_01.replace(',Period:,January 2017', ',Period:,2016-17 Q4'));
    expect(unreadable.errors).toEqual([
      { file: 'p.csv', row: 0, column: '', message: 'expected the "Period:" line to give a month and year such as "May 2017", found "2016-17 Q4"' },
    ]);
    expect(unreadable.tables.observations).toEqual([]);
    expect(unreadable.periods).toEqual([]);
    const missing = read(org, 'p.csv', ORG_2017_01.replace(',Period:,January 2017', ''));
    expect(missing.errors).toEqual([
      {
        file: 'p.csv',
        row: 0,
        column: '',
        message: 'expected a "Period:" line (e.g. "Period:,May 2017") in the metadata block above the header, found none',
      },
    ]);
    expect(read(org, 'p.csv', ORG_2017_01.replace(',Period:,January 2017', ',PERIOD:,Sept 2017')).periods).toEqual(['September 2017']);
  });

  it('refuses a file without a Total column rather than guessing', () => {
    const text = ORG_2017_01.replace('Both,Total', 'Both,All');
    expect(org.detect(parseCsv(text))).toBe(true);
    expect(read(org, 't.csv', text).errors).toEqual([
      { file: 't.csv', row: 0, column: '', message: 'expected NHS, Social Care, Both and Total columns after "Name", found no "Total" column' },
    ]);
  });
});

describe('NHS England monthly DToC, by reason for delay', () => {
  it('detects both vintages by content, and not the responsible-organisation sheet', () => {
    expect(reason.detect(parseCsv(REASON_2017_01))).toBe(true);
    expect(reason.detect(parseCsv(REASON_2018_03))).toBe(true);
    expect(reason.detect(parseCsv(ORG_2017_01))).toBe(false);
    expect(reason.detect(parseCsv(ORG_LATER))).toBe(false);
  });

  it('reads the upper-case Jan–Mar 2017 headers (no O) Other) and emits no total', () => {
    const r = read(reason, '2017-01-reason.csv', REASON_2017_01);
    expect(r.errors).toEqual([]);
    expect(r.periods).toEqual(['January 2017']);
    expect(r.tables.observations.filter((o) => o.area_code === 'E06000006')).toEqual(
      obs('2017-01-reason.csv:13', 'E06000006', '2017-01-01', {
        reason_a: 5,
        reason_b: 0,
        reason_c: 176,
        reason_di: 0,
        reason_dii: 139,
        reason_e: 61,
        reason_f: 10,
        reason_g: 102,
        reason_h: 0,
        reason_i: 26,
      }),
    );
    expect(r.tables.observations.filter((o) => o.area_code === 'E92000001').map((o) => o.numerator)).toEqual([
      36_279, 6_372, 37_760, 20_547, 28_346, 40_356, 4_062, 18_288, 1_617, 3_884,
    ]);
    expect(r.tables.observations.length).toBe(20);
    expect(r.skipped).toEqual([
      '1 row(s) for patients living outside England (Resident in Scotland) skipped: they belong to no English local authority.',
      'Column "TOTAL" used only to check the reasons add up: the total delayed days come from the responsible-organisation sheet.',
      'This vintage has no "O) Other" column: reason O is left out, not counted as zero.',
    ]);
  });

  it('reads the later headers, O) Other included, with separators and nil', () => {
    const r = read(reason, 'r.csv', REASON_2018_03);
    expect(r.errors).toEqual([]);
    expect(r.periods).toEqual(['March 2018']);
    expect(r.tables.observations.filter((o) => o.area_code === 'E06000006')).toEqual(
      obs('r.csv:7', 'E06000006', '2018-03-01', {
        reason_a: 40,
        reason_b: 0,
        reason_c: 326,
        reason_di: 27,
        reason_dii: 12,
        reason_e: 17,
        reason_f: 0,
        reason_g: 1154,
        reason_h: 0,
        reason_i: 0,
        reason_o: 0,
      }),
    );
    expect(r.tables.areas.map((a) => a.area_code)).toEqual(['E92000001', 'E06000006']);
    expect(r.skipped).toEqual([
      '1 row(s) for patients living outside England (Resident In Wales) skipped: they belong to no English local authority.',
      '1 notes row(s) below the table skipped.',
      'Column "Total" used only to check the reasons add up: the total delayed days come from the responsible-organisation sheet.',
    ]);
  });

  it('refuses a bad reason cell naming its header, and a row whose reasons do not add up to Total', () => {
    const bad = read(reason, 'r.csv', REASON_2018_03.replace(',27,12,17,0,"1,154"', ',27,12,17,0,"1.154"'));
    expect(bad.errors).toEqual([{ file: 'r.csv', row: 7, column: 'G) Patient or family choice', message: '"1.154" is not a count' }]);
    const sum = read(reason, 'r.csv', REASON_2018_03.replace(',-,"1,576"', ',-,"1,577"'));
    expect(sum.errors).toEqual([
      { file: 'r.csv', row: 7, column: 'Total', message: '1577 is not the sum of the 11 reason columns (1576); the row was not read' },
    ]);
    expect(sum.tables.observations.filter((o) => o.area_code === 'E06000006')).toEqual([]);
  });

  it('refuses a file missing one of the reasons A) to I)', () => {
    const text = REASON_2018_03.replace('H) Disputes', 'Disputes');
    expect(read(reason, 'r.csv', text).errors).toEqual([
      { file: 'r.csv', row: 0, column: '', message: 'expected reason columns A) to I), found no column for H)' },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Real published files

const MONTHLY = 'nhse-dtoc-monthly';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** "April 2017" → "2017-04-01". */
const monthStart = (text: string) => {
  const [month, year] = text.trim().split(/\s+/);
  return `${year}-${String(MONTHS.indexOf(month!) + 1).padStart(2, '0')}-01`;
};

function readMonthly(kind: 'la-by-responsible-org' | 'la-by-reason') {
  const adapter = kind === 'la-by-reason' ? reason : org;
  const files = readdirSync(path.join(REAL_DATA_DIR, MONTHLY)).filter((f) => f.endsWith(`-${kind}.csv`)).sort();
  return files.map((file) => {
    const rows = parseCsv(readReal(`${MONTHLY}/${file}`));
    return { file, detected: adapter.detect(rows), result: adapter.read(file, rows, context) };
  });
}

const valueKey = (area: string, month: string, breakdown: string) => `${area} ${month} ${breakdown}`;

function index(results: ReturnType<typeof readMonthly>) {
  const values = new Map<string, number>();
  for (const { result } of results) for (const o of result.tables.observations) values.set(valueKey(o.area_code, o.period_start, o.breakdown), o.numerator);
  return values;
}

describe.skipIf(!hasRealData)('NHS England monthly DToC, real files' + realDataReason, () => {
  it('reads Halton (E06000006) in March 2018 exactly as its rows say', () => {
    const o = org.read('2018-03-la-by-responsible-org.csv', parseCsv(readReal(`${MONTHLY}/2018-03-la-by-responsible-org.csv`)), context);
    const r = reason.read('2018-03-la-by-reason.csv', parseCsv(readReal(`${MONTHLY}/2018-03-la-by-reason.csv`)), context);
    // ,North West,E06000006,321,Halton UA,512,64,0,576,,17,2,0,19
    expect(o.tables.observations.filter((x) => x.area_code === 'E06000006')).toEqual(
      obs('2018-03-la-by-responsible-org.csv:89', 'E06000006', '2018-03-01', { nhs: 512, social_care: 64, both: 0, total: 576 }),
    );
    // ,North West,E06000006,321,Halton UA,40,0,326,27,12,17,0,154,0,0,0,576
    expect(r.tables.observations.filter((x) => x.area_code === 'E06000006')).toEqual(
      obs('2018-03-la-by-reason.csv:89', 'E06000006', '2018-03-01', {
        reason_a: 40,
        reason_b: 0,
        reason_c: 326,
        reason_di: 27,
        reason_dii: 12,
        reason_e: 17,
        reason_f: 0,
        reason_g: 154,
        reason_h: 0,
        reason_i: 0,
        reason_o: 0,
      }),
    );
    expect(o.tables.areas.find((a) => a.area_code === 'E06000006')).toEqual({
      area_code: 'E06000006',
      area_name: 'Halton',
      area_type: 'place',
      parent_code: 'E12000002',
    });
    // England comes first: ,-,-,-,England,"95,367","47,154","11,973","154,494"
    expect(o.tables.observations.slice(0, 4).map((x) => [x.area_code, x.breakdown, x.numerator])).toEqual([
      ['E92000001', 'nhs', 95_367],
      ['E92000001', 'social_care', 47_154],
      ['E92000001', 'both', 11_973],
      ['E92000001', 'total', 154_494],
    ]);
  });

  it('reproduces NHS / Social Care / Both of the compiled responsible-organisation file for every LA and month (joined by name)', () => {
    const results = readMonthly('la-by-responsible-org');
    expect(results.length).toBe(15);
    expect(results.filter((x) => !x.detected || x.result.errors.length > 0).map((x) => x.file)).toEqual([]);
    const months = results.map((x) => x.result.periods[0]);
    expect(months[0]).toBe('January 2017');
    expect(months[14]).toBe('March 2018');
    const values = index(results);

    // Names as the monthly files give them (displayName, e.g. "Halton"), keyed by nameKey.
    const codeByName = new Map<string, string>();
    const nameByCode = new Map<string, string>();
    for (const { result } of results) {
      for (const a of result.tables.areas) {
        codeByName.set(nameKey(a.area_name), a.area_code);
        nameByCode.set(a.area_code, a.area_name);
      }
    }

    const compiled = Papa.parse<Record<string, string>>(readReal('nhse-dtoc-compiled/dtoc-la-responsible-org-2011-04-to-2019-12.csv'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    const covered = new Set(months.map((m) => monthStart(m!)));
    const mismatches: string[] = [];
    const unmatched = new Set<string>();
    const matched = new Map<string, Set<string>>(); // month → LA codes compared
    for (const row of compiled) {
      const month = monthStart(row['Period_year']!);
      if (!covered.has(month)) continue;
      const code = codeByName.get(nameKey(row['Name']!));
      if (!code) {
        unmatched.add(row['Name']!);
        continue;
      }
      if (code !== 'E92000001') matched.set(month, (matched.get(month) ?? new Set()).add(code));
      for (const [breakdown, column] of [['nhs', 'NHS'], ['social_care', 'Social Care'], ['both', 'Both']] as const) {
        const got = values.get(valueKey(code, month, breakdown));
        const want = Number(row[column]);
        if (got !== want) mismatches.push(`${row['Name']} ${month} ${column}: monthly file ${got}, compiled ${want}`);
      }
    }
    const everMatched = new Set([...matched.values()].flatMap((s) => [...s]));
    const monthlyOnly = [...nameByCode].filter(([code]) => code !== 'E92000001' && !everMatched.has(code));
    if (unmatched.size > 0 || monthlyOnly.length > 0) {
      console.info(
        `DToC by name: ${unmatched.size} compiled name(s) not found in the monthly files (${[...unmatched].join(', ')}); ` +
          `${monthlyOnly.length} monthly LA(s) with no compiled row (${monthlyOnly.map(([code, name]) => `${name} ${code}`).join(', ')})`,
      );
    }
    expect(mismatches).toEqual([]);
    expect([...matched.keys()].sort()).toEqual([...covered].sort());
    for (const [month, codes] of matched) {
      expect({ month, halton: codes.has('E06000006'), wirral: codes.has('E08000015'), bury: codes.has('E08000002') }).toEqual({
        month,
        halton: true,
        wirral: true,
        bury: true,
      });
      expect(codes.size, month).toBeGreaterThanOrEqual(145);
    }
    // England is in both and matched too.
    expect(values.get(valueKey('E92000001', '2017-01-01', 'nhs'))).toBe(111_854);
  });

  it('reproduces the reason columns of the compiled reason file for every LA and month (joined by ONS code)', () => {
    const results = readMonthly('la-by-reason');
    expect(results.length).toBe(15);
    expect(results.filter((x) => !x.detected || x.result.errors.length > 0).map((x) => x.file)).toEqual([]);
    const covered = new Set(results.map((x) => monthStart(x.result.periods[0]!)));
    expect(covered.size).toBe(15);
    const values = index(results);

    const [header, ...rows] = Papa.parse<string[]>(readReal('nhse-dtoc-compiled/dtoc-la-reason-for-delay-2011-04-to-2019-12.csv'), {
      skipEmptyLines: true,
    }).data;
    // Compiled columns in order: Code, Name, the eleven reasons A … O, Total, Period.
    expect(header!.slice(2, 13)).toEqual([
      'Awaiting completion of assessment',
      'Awaiting public funding',
      'Awaiting further NHS non-acute care',
      'Awaiting residential home placement or availability',
      'Awaiting nursing home placement or availability',
      'Awaiting care package in own home',
      'Awaiting community equipment and adaptations',
      'Patient or family choice',
      'Disputes',
      'Housing - Patients not covered by NHS and Community Care Act',
      'Other',
    ]);
    const breakdowns = ['reason_a', 'reason_b', 'reason_c', 'reason_di', 'reason_dii', 'reason_e', 'reason_f', 'reason_g', 'reason_h', 'reason_i', 'reason_o'];
    const mismatches: string[] = [];
    const compiledCodes = new Map<string, Set<string>>();
    let compared = 0;
    for (const row of rows) {
      const month = monthStart(row[14]!);
      if (!covered.has(month)) continue;
      const code = row[1] === 'England' ? 'E92000001' : row[0]!;
      compiledCodes.set(month, (compiledCodes.get(month) ?? new Set()).add(code));
      breakdowns.forEach((b, i) => {
        const text = row[2 + i]!;
        const got = values.get(valueKey(code, month, b));
        // NA: not collected (O) Other before April 2017), so the monthly file has no such figure either.
        const want = text === 'NA' ? undefined : Number(text);
        if (got !== want) mismatches.push(`${row[1]} (${code}) ${month} ${b}: monthly file ${got}, compiled ${want}`);
        else compared++;
      });
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThanOrEqual(15 * 146 * 10);
    // Every LA the monthly files carry is in the compiled file, except the City of London it omits.
    const extra = new Set<string>();
    for (const { result } of results) {
      const month = monthStart(result.periods[0]!);
      for (const a of result.tables.areas) if (!compiledCodes.get(month)!.has(a.area_code)) extra.add(a.area_code);
    }
    expect([...extra]).toEqual(['E09000001']);
    // Reason O) Other exists from April 2017 only.
    expect(values.has(valueKey('E06000006', '2017-03-01', 'reason_o'))).toBe(false);
    expect(values.has(valueKey('E06000006', '2017-04-01', 'reason_o'))).toBe(true);
  });

  it('has the reasons of each LA and month add up to the total of the responsible-organisation sheet', () => {
    const totals = index(readMonthly('la-by-responsible-org'));
    const reasons = readMonthly('la-by-reason');
    const sums = new Map<string, number>();
    for (const { result } of reasons) {
      for (const o of result.tables.observations) sums.set(`${o.area_code} ${o.period_start}`, (sums.get(`${o.area_code} ${o.period_start}`) ?? 0) + o.numerator);
    }
    expect(sums.size).toBe(15 * 152);
    const differ = [...sums].filter(([k, sum]) => totals.get(`${k} total`) !== sum).map(([k, sum]) => `${k}: reasons ${sum}, total ${totals.get(`${k} total`)}`);
    expect(differ).toEqual([]);
  });
});

// The three older layouts (April 2011: SHA, Code, Name; April 2014: Region, blank, Code, Name;
// July 2015: Region, ONS Geography, Code, Name) against the compiled series for the same month,
// which joins by name: the same delayed days per council, by responsible organisation and reason.
describe.skipIf(!hasRealData)(`older vintages of the monthly sheets against the compiled series${realDataReason}`, () => {
  const compiled = hasRealData
    ? [
        ['dtoc-la-responsible-org-2011-04-to-2019-12.csv', dtocCompiledResponsibleOrgAdapter],
        ['dtoc-la-reason-for-delay-2011-04-to-2019-12.csv', dtocCompiledReasonAdapter],
      ].flatMap(([file, adapter]) => (adapter as typeof org).read(file as string, parseCsv(readReal(`nhse-dtoc-compiled/${file}`)), context).tables.observations)
    : [];
  const key = (o: Observation) => `${o.area_code} ${o.breakdown}`;

  for (const [month, start, joinedBy] of [['2011-04', '2011-04-01', 'old code'], ['2014-04', '2014-04-01', 'old code'], ['2015-07', '2015-07-01', 'ONS code']] as const) {
    it(`${month}: every council's delayed days as the compiled series gives them (joined by ${joinedBy})`, () => {
      const results = (['responsible-org', 'reason'] as const).map((sheet) => {
        const file = `${month}-la-by-${sheet}.csv`;
        const rows = parseCsv(readReal(`nhse-dtoc-monthly-older/${file}`));
        const adapter = sheet === 'reason' ? reason : org;
        expect([org.detect(rows), reason.detect(rows)]).toEqual([sheet !== 'reason', sheet === 'reason']);
        return adapter.read(file, rows, context);
      });
      for (const r of results) {
        expect(r.errors).toEqual([]);
        expect(r.periods).toEqual([results[0]!.periods[0]]);
      }
      const monthly = new Map(results.flatMap((r) => r.tables.observations).map((o) => [key(o), o.numerator]));
      const want = compiled.filter((o) => o.period_start === start);
      expect(want.length).toBeGreaterThan(150 * 14);
      expect(want.filter((o) => monthly.get(key(o)) !== o.numerator).map((o) => `${key(o)}: monthly ${monthly.get(key(o))}, compiled ${o.numerator}`)).toEqual([]);
      // The compiled series omits the City of London; the monthly sheet has nothing else it lacks.
      const compiledKeys = new Set(want.map(key));
      expect([...new Set([...monthly.keys()].filter((k) => !compiledKeys.has(k)).map((k) => k.split(' ')[0]))]).toEqual(['E09000001']);
      // What a vintage lacks is said: ONS codes before July 2015, a region in April 2011, reason O before 2017.
      const notes = results.flatMap((r) => r.skipped).join('\n');
      expect(notes.includes('This vintage gives no ONS codes')).toBe(joinedBy === 'old code');
      expect(notes.includes('This vintage gives no region')).toBe(month === '2011-04');
      expect(notes).toContain('This vintage has no "O) Other" column');
    });
  }

  it('keeps Gateshead and Northumberland under the codes that continue their series, before and after April 2013', () => {
    const read = (m: string) => org.read(m, parseCsv(readReal(`nhse-dtoc-monthly-older/${m}-la-by-responsible-org.csv`)), context);
    const codes = (m: string) => new Set(read(m).tables.observations.map((o) => o.area_code));
    expect(['E08000020', 'E06000048', 'E08000037', 'E06000057'].map((c) => codes('2011-04').has(c))).toEqual([false, false, true, true]);
    expect(['E08000020', 'E06000048', 'E08000037', 'E06000057'].map((c) => codes('2014-04').has(c))).toEqual([false, false, true, true]);
  });
});

describe('layouts before July 2015 (old council codes, no ONS column)', () => {
  it('maps each old code to the ONS code of the month, and refuses a code and name the reference does not know', () => {
    const r = read(org, 'old.csv', csv(...METADATA_2017_01, ',SHA,Code,Name,NHS,Social Care,Both,Total', ',-,-,England,7,0,0,7', ',-,321,Halton UA,5,1,0,6', ',-,999,Narnia,1,0,0,1'));
    expect(r.tables.observations.filter((o) => o.breakdown === 'total').map((o) => [o.area_code, o.numerator])).toEqual([['E92000001', 7], ['E06000006', 6]]);
    expect(r.errors).toEqual([{ file: 'old.csv', row: 13, column: 'Code', message: '"999" is not an old council code, nor "Narnia" a council name, the reference geography knows; the row was not read' }]);
  });

  it('is not taken for a table of codes and names with no metadata block above it', () => {
    expect(org.detect(parseCsv(csv('Code,Name,NHS,Social Care,Both,Total', '321,Halton,5,1,0,6')))).toBe(false);
  });
});

describe('when NHS England published a month’s figures', () => {
  it.each([
    ['13th July 2017', '2017-07-13'],
    ['1st June 2018', '2018-06-01'],
    ['22nd March 2012', '2012-03-22'],
    ['3 October 2019', '2019-10-03'],
  ])('reads "%s" as %s', (text, iso) => expect(parseDayMonthYear(text)).toBe(iso));

  it.each(['July 2017', '32nd May 2017', '13th Julember 2017', ''])('reads nothing from "%s"', (text) => expect(parseDayMonthYear(text)).toBeNull());

  it.skipIf(!hasRealData)(`takes the revision's date where there is one, else the first publication's${realDataReason}`, () => {
    const may2017 = read(org, 'may.csv', readReal('nhse-dtoc-monthly/2017-05-la-by-responsible-org.csv'));
    expect(may2017.published).toBe('2018-06-14');
    const apr2011 = read(org, 'apr.csv', readReal('nhse-dtoc-monthly-older/2011-04-la-by-responsible-org.csv'));
    expect(apr2011.published).toBe('2012-04-27');
  });
});
