import { describe, expect, it } from 'vitest';
import { ascofAdapter, financialYearFromFileName } from '../../src/lib/adapters/ascof';
import { dtocCompiledReasonAdapter, dtocCompiledResponsibleOrgAdapter } from '../../src/lib/adapters/dtoc-compiled';
import { parseMonth } from '../../src/lib/adapters/text';
import type { AdapterContext } from '../../src/lib/adapters/types';
import { parseCsv } from '../../src/lib/contract/csv';
import type { Area, Observation } from '../../src/lib/contract/schema';
import { hasRealData, readReal, realDataReason } from '../helpers/real-data';

const place = (area_code: string, area_name: string): Area => ({ area_code, area_name, area_type: 'place', parent_code: null });
const context = (...areas: Area[]): AdapterContext => ({ areas });
const NW_AREAS = context(
  place('E06000006', 'Halton'),
  place('E06000050', 'Cheshire West and Chester'),
  place('E08000013', 'St. Helens'),
  place('E08000015', 'Wirral'),
);

const ORG_HEADER = '"Name","NHS","Social Care","Both","Period_year"';
const REASON_HEADER =
  '"Code","Name","Awaiting completion of assessment","Awaiting public funding","Awaiting further NHS non-acute care",' +
  '"Awaiting residential home placement or availability","Awaiting nursing home placement or availability",' +
  '"Awaiting care package in own home","Awaiting community equipment and adaptations","Patient or family choice","Disputes",' +
  '"Housing - Patients not covered by NHS and Community Care Act","Other","Total Delayed Transfers of Care","Period"';
const ASCOF_HEADER =
  'Geographical Code,Geographical Description,Geographical Level,ONS Code,ASCOF Measure Code,Disaggregation Level,Measure Type,Measure Value,Measure Group,Measure Group Description';

const org = (text: string, ctx = NW_AREAS, file = 'org.csv') => dtocCompiledResponsibleOrgAdapter.read(file, parseCsv(text), ctx);
const reason = (text: string, ctx = NW_AREAS, file = 'reason.csv') => dtocCompiledReasonAdapter.read(file, parseCsv(text), ctx);
const ascof = (text: string, file = 'ascof-2020-21-measures.csv') => ascofAdapter.read(file, parseCsv(text), { areas: [] });

const dtoc = (area_code: string, period_start: string, breakdown: string, numerator: number, source: string): Observation => ({
  metric: 'dtoc', area_code, period_start, period_type: 'month', breakdown, numerator,
  denominator: null, published_value: null, suppressed: false, source,
});
/** breakdown → numerator for one area and month. */
const byBreakdown = (obs: Observation[], area: string, period: string) =>
  Object.fromEntries(obs.filter((o) => o.area_code === area && o.period_start === period).map((o) => [o.breakdown, o.numerator]));

describe('layout detection', () => {
  const first = (text: string) => parseCsv(text);
  const monthlyFirstRows = ',,\n,Title:,Total Delayed Days Local Authority\n';
  const canonical = 'metric,area_code,period_start,period_type,breakdown,numerator,denominator,published_value,suppressed\n';
  const layouts = { org: ORG_HEADER, reason: REASON_HEADER, ascof: ASCOF_HEADER, monthly: monthlyFirstRows, canonical };
  const adapters = { org: dtocCompiledResponsibleOrgAdapter, reason: dtocCompiledReasonAdapter, ascof: ascofAdapter };

  it('each adapter recognises its own header and none of the others', () => {
    const seen = Object.fromEntries(
      Object.entries(adapters).map(([name, a]) => [name, Object.entries(layouts).filter(([, text]) => a.detect(first(text))).map(([l]) => l)]),
    );
    expect(seen).toEqual({ org: ['org'], reason: ['reason'], ascof: ['ascof'] });
  });

  it('compares headers case-insensitively', () => {
    expect(dtocCompiledResponsibleOrgAdapter.detect(first(ORG_HEADER.toLowerCase()))).toBe(true);
    expect(dtocCompiledReasonAdapter.detect(first(REASON_HEADER.toUpperCase()))).toBe(true);
    expect(ascofAdapter.detect(first(ASCOF_HEADER.toUpperCase()))).toBe(true);
  });

  it('does not take a file without the period column for a compiled series', () => {
    expect(dtocCompiledResponsibleOrgAdapter.detect(first('"Name","NHS","Social Care","Both"'))).toBe(false);
    expect(dtocCompiledReasonAdapter.detect(first(REASON_HEADER.replace(',"Period"', '')))).toBe(false);
    expect(ascofAdapter.detect(first(ASCOF_HEADER.replace('Measure Value', 'Value')))).toBe(false);
  });

  it('marks the compiled series as joining names through the known areas', () => {
    expect([dtocCompiledResponsibleOrgAdapter.needsAreaNames, dtocCompiledReasonAdapter.needsAreaNames, ascofAdapter.needsAreaNames]).toEqual([true, true, undefined]);
  });
});

describe('compiled DToC, by responsible organisation', () => {
  it('reads NHS, Social Care and Both and emits their sum as the total', () => {
    const r = org(`${ORG_HEADER}\n"Halton","294","41","35","March 2019"\n`);
    expect(r.errors).toEqual([]);
    expect(r.tables.observations).toEqual([
      dtoc('E06000006', '2019-03-01', 'nhs', 294, 'org.csv:2'),
      dtoc('E06000006', '2019-03-01', 'social_care', 41, 'org.csv:2'),
      dtoc('E06000006', '2019-03-01', 'both', 35, 'org.csv:2'),
      dtoc('E06000006', '2019-03-01', 'total', 370, 'org.csv:2'),
    ]);
    expect(r.tables.areas).toEqual([]);
    expect(r.periods).toEqual(['March 2019']);
  });

  it('joins normalised names to the known areas and England to E92000001', () => {
    const r = org(
      `${ORG_HEADER}\n"Cheshire West And Chester","1","2","3","April 2019"\n"St Helens","4","5","6","April 2019"\n"England","7","8","9","April 2019"\n`,
    );
    expect(r.errors).toEqual([]);
    expect([...new Set(r.tables.observations.map((o) => o.area_code))]).toEqual(['E06000050', 'E08000013', 'E92000001']);
    // …and the other way round: "St. Helens" in the file, "St Helens" in the areas.
    const back = org(`${ORG_HEADER}\n"St. Helens","4","5","6","April 2019"\n`, context(place('E08000013', 'St Helens')));
    expect(back.tables.observations.map((o) => o.area_code)).toEqual(['E08000013', 'E08000013', 'E08000013', 'E08000013']);
  });

  it('refuses each row whose name is not a known area, naming file, row and column', () => {
    const r = org(`${ORG_HEADER}\n"Narnia","1","2","3","April 2019"\n"Halton","1","2","3","April 2019"\n"Narnia","1","2","3","May 2019"\n`);
    const message = '"Narnia" is not a known area; ingest an areas or population file that gives its code first';
    expect(r.errors).toEqual([
      { file: 'org.csv', row: 2, column: 'Name', message },
      { file: 'org.csv', row: 4, column: 'Name', message },
    ]);
    expect(r.tables.observations.map((o) => o.source)).toEqual(['org.csv:3', 'org.csv:3', 'org.csv:3', 'org.csv:3']);
  });

  it('joins only to places and England, not to other kinds of area', () => {
    const r = org(`${ORG_HEADER}\n"North West","1","2","3","April 2019"\n`, context({ area_code: 'E12000002', area_name: 'North West', area_type: 'region', parent_code: null }));
    expect(r.errors.map((e) => e.message)).toEqual(['"North West" is not a known area; ingest an areas or population file that gives its code first']);
  });

  it('leaves out NA cells (not zero) and then emits no total for the row', () => {
    const r = org(`${ORG_HEADER}\n"Halton",NA,"41","35","March 2019"\n"Wirral","258","361","0","March 2019"\n`);
    expect(r.errors).toEqual([]);
    expect(byBreakdown(r.tables.observations, 'E06000006', '2019-03-01')).toEqual({ social_care: 41, both: 35 });
    expect(byBreakdown(r.tables.observations, 'E08000015', '2019-03-01')).toEqual({ nhs: 258, social_care: 361, both: 0, total: 619 });
    expect(r.skipped).toEqual([
      '1 "NHS" cell(s) marked NA (not collected; March 2019) left out, not counted as zero.',
      '1 row(s) with an NA part have no total: a total needs NHS, Social Care and Both.',
    ]);
  });

  it('reads rows in any order and reports the months in time order', () => {
    const r = org(
      `${ORG_HEADER}\n"Halton","1","0","0","April 2019"\n"Halton","2","0","0","April 2011"\n"Halton","3","0","0","December 2012"\n"Halton","4","0","0","August 2011"\n`,
    );
    expect(r.periods).toEqual(['April 2011', 'August 2011', 'December 2012', 'April 2019']);
    expect(r.tables.observations.filter((o) => o.breakdown === 'nhs').map((o) => [o.period_start, o.numerator])).toEqual([
      ['2019-04-01', 1], ['2011-04-01', 2], ['2012-12-01', 3], ['2011-08-01', 4],
    ]);
  });

  it('reads "-" as nil and thousands separators; refuses other text and a month it cannot read', () => {
    const r = org(`${ORG_HEADER}\n"Halton","1,419","-","0","March 2019"\n"Wirral","12","x","0","March 2019"\n"Wirral","12","1","0","Spring 2019"\n`);
    expect(byBreakdown(r.tables.observations, 'E06000006', '2019-03-01')).toEqual({ nhs: 1419, social_care: 0, both: 0, total: 1419 });
    expect(r.errors).toEqual([
      { file: 'org.csv', row: 3, column: 'Social Care', message: '"x" is not a count' },
      { file: 'org.csv', row: 4, column: 'Period_year', message: '"Spring 2019" is not a month; expected a month and year such as "April 2019"' },
    ]);
  });

  it('refuses a second row for the same area and month', () => {
    const r = org(`${ORG_HEADER}\n"Halton","1","2","3","March 2019"\n"Halton","1","2","3","March 2019"\n`);
    expect(r.errors).toEqual([
      { file: 'org.csv', row: 3, column: 'Name', message: '"Halton" (E06000006) appears again for March 2019 (first on row 2); the row was not read' },
    ]);
    expect(r.tables.observations).toHaveLength(4);
  });

  it('picks Dorset\'s and Buckinghamshire\'s codes by month from the reference geography, with no areas loaded', () => {
    const r = org(`${ORG_HEADER}\n"Dorset","1","0","0","April 2019"\n"Dorset","2","0","0","May 2019"\n"Buckinghamshire","3","0","0","December 2019"\n"Poole","4","0","0","May 2019"\n`, context());
    expect(r.tables.observations.filter((o) => o.breakdown === 'nhs').map((o) => [o.area_code, o.numerator])).toEqual([['E10000009', 1], ['E06000059', 2], ['E10000002', 3]]);
    expect(r.errors).toEqual([{ file: 'org.csv', row: 5, column: 'Name', message: '"Poole" is E06000029 Poole (until March 2019), none of them in use in May 2019' }]);
  });

  it('refuses a name shared by two known areas rather than guess', () => {
    const r = org(`${ORG_HEADER}\n"Newport","1","0","0","April 2019"\n`, context(place('E99000001', 'Newport'), place('E99000002', 'Newport')));
    expect(r.errors.map((e) => e.message)).toEqual(['"Newport" matches several known areas (E99000001, E99000002); the row was not read']);
  });

  it('meets the ONS spellings of Durham and Southend', () => {
    const r = org(`${ORG_HEADER}\n"Durham","1","0","0","April 2019"\n"Southend","1","0","0","April 2019"\n`,
      context(place('E06000047', 'County Durham'), place('E06000033', 'Southend-on-Sea')));
    expect(r.errors).toEqual([]);
    expect([...new Set(r.tables.observations.map((o) => o.area_code))]).toEqual(['E06000047', 'E06000033']);
  });
});

describe('compiled DToC, by reason for delay', () => {
  it('maps each reason column by its wording and does not emit the total', () => {
    const r = reason(`${REASON_HEADER}\n"E06000006","Halton","1","2","3","4","5","6","7","8","9","10","11","66","March 2019"\n`);
    expect(r.errors).toEqual([]);
    expect(byBreakdown(r.tables.observations, 'E06000006', '2019-03-01')).toEqual({
      reason_a: 1, reason_b: 2, reason_c: 3, reason_di: 4, reason_dii: 5, reason_e: 6, reason_f: 7, reason_g: 8, reason_h: 9, reason_i: 10, reason_o: 11,
    });
    expect(r.tables.observations[0]).toEqual(dtoc('E06000006', '2019-03-01', 'reason_a', 1, 'reason.csv:2'));
    expect(r.skipped).toEqual([
      'Column "Total Delayed Transfers of Care" checked against the sum of the reasons but not read: totals come from the responsible-organisation file.',
    ]);
  });

  it('uses the ONS code when there is one, else the old council code by month; "-" with England is E92000001', () => {
    const r = reason(
      `${REASON_HEADER}\n` +
        '"-","England","1","0","0","0","0","0","0","0","0","0","0","1","April 2011"\n' +
        '"321","Halton","2","0","0","0","0","0","0","0","0","0",NA,"2","April 2011"\n' +
        '"00EW","Cheshire West And Chester","3","0","0","0","0","0","0","0","0","0",NA,"3","April 2011"\n' +
        '"106","Gateshead","5","0","0","0","0","0","0","0","0","0",NA,"5","April 2011"\n' +
        '"E08000002","Bury","4","0","0","0","0","0","0","0","0","0","0","4","July 2015"\n',
    );
    expect(r.errors).toEqual([]);
    expect(r.tables.observations.filter((o) => o.breakdown === 'reason_a').map((o) => [o.area_code, o.numerator])).toEqual([
      ['E92000001', 1], ['E06000006', 2], ['E06000050', 3], ['E08000037', 5], ['E08000002', 4],
    ]);
  });

  it('refuses an old code whose name is not a known area, on the Name column', () => {
    const r = reason(`${REASON_HEADER}\n"999","Narnia","1","0","0","0","0","0","0","0","0","0",NA,"1","April 2011"\n`);
    expect(r.errors).toEqual([
      { file: 'reason.csv', row: 2, column: 'Name', message: '"Narnia" is not a known area; ingest an areas or population file that gives its code first' },
    ]);
    expect(r.tables.observations).toEqual([]);
  });

  it('leaves out NA reasons, not as zero, and says how many and when', () => {
    const r = reason(
      `${REASON_HEADER}\n` +
        '"321","Halton","2","0","0","0","0","0","0","0","0","0",NA,"2","June 2015"\n' +
        '"321","Halton","5","0","0","0","0","0","0","0","0","0",NA,"5","April 2011"\n' +
        '"E06000006","Halton","5","0","0","0","0","0","0","0","0","0","0","5","July 2015"\n',
    );
    expect(r.errors).toEqual([]);
    expect(r.tables.observations.filter((o) => o.breakdown === 'reason_o').map((o) => o.period_start)).toEqual(['2015-07-01']);
    expect(r.tables.observations).toHaveLength(3 * 11 - 2);
    expect(r.skipped[0]).toBe('2 "Other" cell(s) marked NA (not collected; April 2011 to June 2015) left out, not counted as zero.');
  });

  it('refuses a row whose reasons do not add up to its published total', () => {
    const r = reason(`${REASON_HEADER}\n"E06000006","Halton","1","2","3","4","5","6","7","8","9","10","11","67","March 2019"\n`);
    expect(r.errors).toEqual([
      { file: 'reason.csv', row: 2, column: 'Total Delayed Transfers of Care', message: '67 is not the sum of the reasons for delay (66); the row was not read' },
    ]);
    expect(r.tables.observations).toEqual([]);
  });

  it('reads lettered and reworded headers, and says which reasons are missing', () => {
    const lettered = 'Code,Name,A) Awaiting completion of assessment,B) Awaiting public funding,C) Awaiting further non-acute NHS care,' +
      'Di) Awaiting residential home placement,Dii) Awaiting nursing home placement,E) Awaiting care package in own home,' +
      'F) Awaiting community equipment and adaptations,G) Patient or family choice,H) Disputes,I) Housing,O) Other,Period';
    const r = reason(`${lettered}\nE06000006,Halton,1,2,3,4,5,6,7,8,9,10,11,Mar 2019\n`);
    expect(r.errors).toEqual([]);
    expect(Object.keys(byBreakdown(r.tables.observations, 'E06000006', '2019-03-01'))).toHaveLength(11);
    const short = reason(`Code,Name,A) Awaiting completion of assessment,B) Awaiting public funding,C) Awaiting further non-acute NHS care,Period\n`);
    expect(short.errors).toEqual([{ file: 'reason.csv', row: 0, column: '', message: 'expected a column for each reason for delay A) to I); found none for Di), Dii), E), F), G), H), I)' }]);
  });
});

describe('month and year parsing', () => {
  it('reads "April 2019" style months and financial years from file names', () => {
    expect(parseMonth('April 2019')).toEqual({ start: '2019-04-01', label: 'April 2019' });
    expect(parseMonth('sep 2017')).toEqual({ start: '2017-09-01', label: 'September 2017' });
    expect(parseMonth('2019-04')).toBeNull();
    expect(financialYearFromFileName('ascof-2020-21-measures.csv')).toEqual({ start: '2020-04-01', label: '2020-21' });
    expect(financialYearFromFileName('uploads/ASCOF 2019-2020.csv')).toEqual({ start: '2019-04-01', label: '2019-20' });
    expect(financialYearFromFileName('ascof-2020-22.csv')).toBeNull();
    expect(financialYearFromFileName('ascof-measures.csv')).toBeNull();
  });
});

describe('ASCOF measures', () => {
  const row = (code: string, name: string, level: string, ons: string, group: string, type: string, value: string, measureCode = group, dis = 'Total') =>
    `${code},${name},${level},${ons},${measureCode},${dis},${type},${value},${group},desc`;
  const halton = (group: string, type: string, value: string) => row('321', 'Halton', 'Council', 'E06000006', group, type, value);

  it('gathers Numerator, Denominator and Outcome in any order into one observation', () => {
    const r = ascof([
      ASCOF_HEADER,
      halton('2A2', 'Outcome', '141'), halton('2A2', 'Numerator', '34'), halton('2A2', 'Denominator', '24105'),
      halton('2B1', 'Denominator', '201'), halton('2B1', 'Outcome', '84.6'), halton('2B1', 'Numerator', '170'),
      halton('2A1', 'Numerator', '2'), halton('2A1', 'Denominator', '76809'), halton('2A1', 'Outcome', '2.6'),
    ].join('\r\n'));
    expect(r.errors).toEqual([]);
    const base = { area_code: 'E06000006', period_start: '2020-04-01', period_type: 'financial_year', breakdown: 'total', suppressed: false };
    expect(r.tables.observations).toEqual([
      { ...base, metric: 'ascof_2a2', numerator: 34, denominator: 24105, published_value: 141, source: 'ascof-2020-21-measures.csv:3' },
      { ...base, metric: 'ascof_2b1', numerator: 170, denominator: 201, published_value: 84.6, source: 'ascof-2020-21-measures.csv:7' },
      { ...base, metric: 'ascof_2a1', numerator: 2, denominator: 76809, published_value: 2.6, source: 'ascof-2020-21-measures.csv:8' },
    ]);
    expect(r.tables.areas).toEqual([{ area_code: 'E06000006', area_name: 'Halton', area_type: 'place', parent_code: null }]);
    expect(r.periods).toEqual(['2020-21']);
  });

  it('leaves out a measure with [x] and says so', () => {
    const hackney = (type: string, value: string) => row('704', 'Hackney', 'Council', 'E09000012', '2B1', type, value);
    const east = (type: string, value: string) => row('326', 'Cheshire East', 'Council', 'E06000049', '2B1', type, value);
    const r = ascof([ASCOF_HEADER, hackney('Outcome', '[x]'), hackney('Numerator', '[x]'), hackney('Denominator', '[x]'),
      east('Outcome', '[x]'), east('Numerator', '0'), east('Denominator', '0')].join('\n'));
    expect(r.errors).toEqual([]);
    expect(r.tables.observations).toEqual([]);
    expect(r.skipped).toEqual(['2 measure(s) not available ([x]) left out: Hackney 2B(1), Cheshire East 2B(1).']);
  });

  it('keeps a [c] measure as suppressed, with no guessed number', () => {
    const city = (type: string, value: string) => row('714', 'City of London', 'Council', 'E09000001', '2A2', type, value);
    const r = ascof([ASCOF_HEADER, city('Numerator', '[c]'), city('Denominator', '1520'), city('Outcome', '[c]')].join('\n'));
    expect(r.errors).toEqual([]);
    expect(r.tables.observations).toEqual([{
      metric: 'ascof_2a2', area_code: 'E09000001', period_start: '2020-04-01', period_type: 'financial_year', breakdown: 'total',
      numerator: 0, denominator: 1520, published_value: null, suppressed: true, source: 'ascof-2020-21-measures.csv:2',
    }]);
    const all = ascof([ASCOF_HEADER, city('Numerator', '[c]'), city('Denominator', '[c]'), city('Outcome', '[c]')].join('\n'));
    expect(all.tables.observations.map((o) => [o.numerator, o.denominator, o.published_value, o.suppressed])).toEqual([[0, null, null, true]]);
  });

  it('refuses a file whose name does not give the year', () => {
    const r = ascof([ASCOF_HEADER, halton('2A2', 'Numerator', '34'), halton('2A2', 'Denominator', '24105')].join('\n'), 'measures.csv');
    expect(r.errors).toEqual([{
      file: 'measures.csv', row: 0, column: '',
      message: 'the year could not be found: the ASCOF file does not state it in its content, so its name must hold the financial year as 20YY-YY (e.g. ascof-2020-21-measures.csv); rename the file and load it again',
    }]);
    expect(r.tables.observations).toEqual([]);
    expect(r.tables.areas).toEqual([]);
  });

  it('refuses a value that is not a number, naming file, row, column and value', () => {
    const r = ascof([ASCOF_HEADER, halton('2A2', 'Numerator', '34'), halton('2A2', 'Denominator', 'n/a'), halton('2A2', 'Outcome', '141')].join('\n'));
    expect(r.errors).toEqual([{
      file: 'ascof-2020-21-measures.csv', row: 3, column: 'Measure Value',
      message: '"n/a" is not a number, "[x]" (not available) or "[c]" (suppressed): Halton 2A(2) denominator; the measure was not read',
    }]);
    expect(r.tables.observations).toEqual([]);
  });

  it('refuses a measure with no numerator row', () => {
    const r = ascof([ASCOF_HEADER, halton('2A2', 'Outcome', '141'), halton('2A2', 'Denominator', '24105')].join('\n'));
    expect(r.errors).toEqual([{ file: 'ascof-2020-21-measures.csv', row: 2, column: 'Measure Type', message: 'Halton 2A(2) has no Numerator row; the measure was not read' }]);
  });

  it('codes councils, regions and England, and skips council types, breakdowns and other measures', () => {
    const r = ascof([
      ASCOF_HEADER,
      row('England', 'England', 'England', 'E92000001', '2A2', 'Numerator', '52133'),
      row('England', 'England', 'England', 'E92000001', '2A2', 'Denominator', '10464019'),
      row('NW', 'North West', 'Region', 'E12000002', '2A2', 'Numerator', '8827'),
      row('NW', 'North West', 'Region', 'E12000002', '2A2', 'Denominator', '1384396'),
      row('YH', 'Yorkshire and The Humber', 'Region', '', '2A2', 'Numerator', '1'),
      row('YH', 'Yorkshire and The Humber', 'Region', '', '2A2', 'Denominator', '2'),
      row('215', '"Kingston upon Hull, City of"', 'Council', 'E06000010', '2A2', 'Numerator', '3'),
      row('215', '"Kingston upon Hull, City of"', 'Council', 'E06000010', '2A2', 'Denominator', '4'),
      row('I', 'Inner London', 'Council Type', '', '2A2', 'Numerator', '5'),
      row('321', 'Halton', 'Council', 'E06000006', '2B1', 'Numerator', '31', '2B16574', '65-74'),
      row('321', 'Halton', 'Council', 'E06000006', '1A', 'Outcome', '19.6'),
      row('321', 'Halton', 'Council', 'E06000006', '2A2', 'Base', '19.6'),
      row('999', 'Nowhere', 'Council', '', '2A2', 'Numerator', '1'),
    ].join('\n'));
    expect(r.errors).toEqual([{
      file: 'ascof-2020-21-measures.csv', row: 14, column: 'ONS Code',
      message: '"" is not an ONS code (E followed by 8 digits) for council "Nowhere"; the row was not read',
    }]);
    expect(r.tables.observations.map((o) => [o.area_code, o.numerator, o.denominator])).toEqual([
      ['E92000001', 52133, 10464019], ['E12000002', 8827, 1384396], ['E12000003', 1, 2], ['E06000010', 3, 4],
    ]);
    expect(r.tables.areas).toEqual([
      { area_code: 'E92000001', area_name: 'England', area_type: 'england', parent_code: null },
      { area_code: 'E12000002', area_name: 'North West', area_type: 'region', parent_code: 'E92000001' },
      { area_code: 'E12000003', area_name: 'Yorkshire and The Humber', area_type: 'region', parent_code: 'E92000001' },
      { area_code: 'E06000010', area_name: 'Kingston upon Hull, City of', area_type: 'place', parent_code: null },
    ]);
    expect(r.skipped).toEqual([
      '1 row(s) breaking 2A/2B measures down (65-74) not read: the dashboard uses the Total.',
      '1 row(s) for groups of councils (Inner London) not read: they are not areas.',
      '1 row(s) of other measure types (Base) not read.',
      '1 row(s) of other ASCOF measure groups (1A) not read: only 2A1, 2A2 and 2B1 are shown.',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Real published files

/** n / d × multiplier to 1 dp, half away from zero, in exact integer arithmetic. */
function rate1dp(n: number, d: number, multiplier: number): number {
  const scaled = BigInt(n) * BigInt(multiplier * 10);
  const den = BigInt(d);
  const q = scaled / den;
  const r = scaled % den;
  return Number(2n * r >= den ? q + 1n : q) / 10;
}

describe.skipIf(!hasRealData)('real ASCOF 2020-21 measures' + realDataReason, () => {
  const file = 'ascof-2020-21-measures.csv';
  const rows = hasRealData ? parseCsv(readReal(`ascof/${file}`)) : [];
  const r = hasRealData ? ascofAdapter.read(file, rows, { areas: [] }) : null!;
  const find = (metric: string, area: string) => r.tables.observations.find((o) => o.metric === metric && o.area_code === area);

  it('is recognised by the ASCOF adapter only, and read without errors', () => {
    expect([ascofAdapter.detect(rows), dtocCompiledReasonAdapter.detect(rows), dtocCompiledResponsibleOrgAdapter.detect(rows)]).toEqual([true, false, false]);
    expect(r.errors).toEqual([]);
    expect(r.periods).toEqual(['2020-21']);
  });

  it('reproduces every council\'s published 2A(1), 2A(2) and 2B(1) outcome from numerator and denominator', () => {
    const places = new Set(r.tables.areas.filter((a) => a.area_type === 'place').map((a) => a.area_code));
    const councils = r.tables.observations.filter((o) => places.has(o.area_code));
    const multiplier: Record<string, number> = { ascof_2a1: 100_000, ascof_2a2: 100_000, ascof_2b1: 100 };
    const mismatches = councils
      .map((o) => ({ metric: o.metric, area: o.area_code, published: o.published_value, computed: rate1dp(o.numerator, o.denominator!, multiplier[o.metric]!) }))
      .filter((m) => m.published !== m.computed);
    expect(mismatches).toEqual([]);
    const per = (metric: string) => councils.filter((o) => o.metric === metric).length;
    expect([per('ascof_2a1'), per('ascof_2a2'), per('ascof_2b1')]).toEqual([150, 150, 147]);
    expect(councils.every((o) => o.published_value !== null && o.denominator !== null && !o.suppressed)).toBe(true);
  });

  it('leaves out exactly the measures published as [x]', () => {
    expect(r.skipped[0]).toBe(
      '6 measure(s) not available ([x]) left out: Hackney 2A(1), Hackney 2A(2), Cheshire East 2B(1), Hackney 2B(1), Islington 2B(1), Kingston upon Thames 2B(1).',
    );
  });

  it('gives the published sanity figures exactly', () => {
    const pick = (metric: string, area: string) => {
      const o = find(metric, area);
      return o && [o.numerator, o.denominator, o.published_value];
    };
    expect(pick('ascof_2a2', 'E06000006')).toEqual([34, 24105, 141.0]);
    expect(pick('ascof_2b1', 'E06000006')).toEqual([170, 201, 84.6]);
    expect(pick('ascof_2a2', 'E08000015')).toEqual([485, 71289, 680.3]);
    expect(pick('ascof_2b1', 'E08000015')).toEqual([122, 147, 83.0]);
    expect(pick('ascof_2a2', 'E08000002')).toEqual([226, 35054, 644.7]);
    expect(pick('ascof_2b1', 'E08000002')).toEqual([40, 52, 76.9]);
    expect(pick('ascof_2a2', 'E92000001')).toEqual([52133, 10464019, 498.2]);
    expect(pick('ascof_2b1', 'E92000001')).toEqual([34152, 43193, 79.1]);
  });

  it('brings 151 councils, the nine regions and England as areas', () => {
    const count = (type: string) => r.tables.areas.filter((a) => a.area_type === type).length;
    expect([count('place'), count('region'), count('england')]).toEqual([151, 9, 1]);
    expect(r.tables.areas.filter((a) => a.area_type === 'region').map((a) => a.area_code).sort()).toEqual(
      ['E12000001', 'E12000002', 'E12000003', 'E12000004', 'E12000005', 'E12000006', 'E12000007', 'E12000008', 'E12000009'],
    );
    expect(r.tables.observations.filter((o) => o.area_code.startsWith('E12'))).toHaveLength(27);
  });
});

describe.skipIf(!hasRealData)('real compiled DToC series, April 2011 – December 2019' + realDataReason, () => {
  const orgFile = 'dtoc-la-responsible-org-2011-04-to-2019-12.csv';
  const reasonFile = 'dtoc-la-reason-for-delay-2011-04-to-2019-12.csv';
  const orgRows = hasRealData ? parseCsv(readReal(`nhse-dtoc-compiled/${orgFile}`)) : [];
  const reasonRows = hasRealData ? parseCsv(readReal(`nhse-dtoc-compiled/${reasonFile}`)) : [];
  // The areas a run would know: every ONS code the reason file gives from July 2015, with its name.
  const known = new Map<string, Area>();
  for (const row of reasonRows.slice(1)) {
    const [code, name] = row.cells;
    if (/^E\d{8}$/.test(code!)) known.set(code!, place(code!, name!));
  }
  const ctx = context(...known.values());
  const org = hasRealData ? dtocCompiledResponsibleOrgAdapter.read(orgFile, orgRows, ctx) : null!;
  const reason = hasRealData ? dtocCompiledReasonAdapter.read(reasonFile, reasonRows, ctx) : null!;

  it('each file is recognised by its own adapter only', () => {
    expect([dtocCompiledResponsibleOrgAdapter.detect(orgRows), dtocCompiledReasonAdapter.detect(orgRows), ascofAdapter.detect(orgRows)]).toEqual([true, false, false]);
    expect([dtocCompiledResponsibleOrgAdapter.detect(reasonRows), dtocCompiledReasonAdapter.detect(reasonRows), ascofAdapter.detect(reasonRows)]).toEqual([false, true, false]);
  });

  it('reads every row of both files, 105 months in time order', () => {
    expect(known.size).toBe(152);
    expect(org.errors).toEqual([]);
    expect(reason.errors).toEqual([]);
    expect(org.tables.observations).toHaveLength(15847 * 4);
    expect(reason.tables.observations).toHaveLength(15847 * 11 - 10872);
    expect(org.periods).toHaveLength(105);
    expect([org.periods[0], org.periods.at(-1)]).toEqual(['April 2011', 'December 2019']);
    expect(reason.periods).toEqual(org.periods);
    expect(reason.skipped[0]).toBe('10872 "Other" cell(s) marked NA (not collected; April 2011 to March 2017) left out, not counted as zero.');
  });

  it('gives Halton, Wirral and Bury for March 2019 as published', () => {
    expect(byBreakdown(org.tables.observations, 'E06000006', '2019-03-01')).toEqual({ nhs: 294, social_care: 41, both: 35, total: 370 });
    expect(byBreakdown(org.tables.observations, 'E08000015', '2019-03-01').total).toBe(619);
    expect(byBreakdown(org.tables.observations, 'E08000002', '2019-03-01').total).toBe(462);
    const reasonSum = (area: string) => Object.values(byBreakdown(reason.tables.observations, area, '2019-03-01')).reduce((a, b) => a + b, 0);
    expect([reasonSum('E06000006'), reasonSum('E08000015'), reasonSum('E08000002')]).toEqual([370, 619, 462]);
  });

  it('joins the names of both files to the same areas in every month: reasons add up to the total', () => {
    const totals = new Map(org.tables.observations.filter((o) => o.breakdown === 'total').map((o) => [`${o.area_code} ${o.period_start}`, o.numerator]));
    const sums = new Map<string, number>();
    for (const o of reason.tables.observations) sums.set(`${o.area_code} ${o.period_start}`, (sums.get(`${o.area_code} ${o.period_start}`) ?? 0) + o.numerator);
    expect(sums.size).toBe(15847);
    expect([...sums].filter(([k, v]) => totals.get(k) !== v)).toEqual([]);
    // Rows before July 2015 carry old codes and are joined by name: Halton in April 2011.
    expect(byBreakdown(reason.tables.observations, 'E06000006', '2011-04-01').reason_a).toBe(
      Number(reasonRows.find((r) => r.cells[1] === 'Halton' && r.cells[14] === 'April 2011')!.cells[2]),
    );
  });

  it('with no areas loaded, joins every row through the reference geography by month', () => {
    const r = dtocCompiledResponsibleOrgAdapter.read(orgFile, orgRows, context());
    expect(r.errors).toEqual([]);
    const nameOf = new Map(orgRows.map((row) => [`${orgFile}:${row.line}`, row.cells[0]]));
    const codesOf = (name: string) => [...new Set(r.tables.observations.filter((o) => nameOf.get(o.source) === name).map((o) => o.area_code))];
    // Buckinghamshire County Council for all 105 months (the unitary council began in April 2020).
    expect(r.tables.observations.filter((o) => o.area_code === 'E10000002' && o.breakdown === 'total')).toHaveLength(105);
    expect(codesOf('Dorset')).toEqual(expect.arrayContaining(['E10000009', 'E06000059']));
    // Gateshead's code of April 2013 continues its series: all 105 months under E08000037.
    expect(codesOf('Gateshead')).toEqual(['E08000037']);
  });
});
