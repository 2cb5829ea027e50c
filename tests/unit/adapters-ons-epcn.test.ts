import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CCG_PLACES, PCNS_OUTSIDE_PLACE } from '../../src/lib/adapters/ccg-places';
import { epcnAdapter, pcnDisplayName } from '../../src/lib/adapters/epcn';
import { onsMidYearAdapter } from '../../src/lib/adapters/ons-mye';
import { REGIONS } from '../../src/lib/geography/regions';
import type { Adapter } from '../../src/lib/adapters/types';
import { parseCsv } from '../../src/lib/contract/csv';
import { FIVE_YEAR_BANDS, type AgeBand, type Area, type Population } from '../../src/lib/contract/schema';
import { COMPARATORS, PLACES } from '../../pipelines/demo/geography';
import { hasRealData, readReal, realDataReason } from '../helpers/real-data';

const context = { areas: [] };
/** Lines joined the way a spreadsheet saves them (CRLF). */
const csv = (...lines: string[]) => lines.join('\r\n') + '\r\n';
const read = (adapter: Adapter, file: string, text: string) => adapter.read(file, parseCsv(text), context);
const detects = (adapter: Adapter, text: string) => adapter.detect(parseCsv(text));

// ---------------------------------------------------------------------------------------------
// ONS mid-year estimates: small files built like the real ones
// ---------------------------------------------------------------------------------------------

const AGES = Array.from({ length: 91 }, (_, a) => a);
/** "1,010" the way a spreadsheet saves a displayed number. */
const shown = (n: number) => (n >= 1000 ? `"${n.toLocaleString('en-GB')}"` : String(n));
/** A data row with the same count at every age (so 18+ = 73 × n, 18-64 = 47 × n, 65+ = 26 × n). */
const onsRow = (code: string, name: string, geography: string, each: number) =>
  [code, name.includes(',') ? `"${name}"` : name, geography, shown(each * 91), ...AGES.map(() => shown(each))].join(',');
const onsHeader = (geography: 'Geography' | 'Geography1', top: '90' | '90+') =>
  ['Code', 'Name', geography, 'All ages', ...AGES.slice(0, 90).map(String), top].join(',');

const MID_2020_PREAMBLE = [
  '"MYE2: Persons by single year of age and sex for local authorities in the UK, mid-2020"',
  'This worksheet contains one table. Freeze panes are turned on. ',
  'Please choose from the links presented in the cells below to e-mail us your opinion on this table: ',
  '"This met my needs, please produce it next year"',
];
const MID_2018_PREAMBLE = [
  'Contents',
  '',
  '"MYE2: Population estimates: Persons by single year of age and sex for local authorities in the UK, mid-2018",,,,,,"Please click to ',
  'e-mail us your opinion:",,"This met my needs, please produce it next year",,I need something slightly different (please specify)',
  '',
];
/** England = North West = Halton (1,000 a year of age) + Bury (10) + Cumbria (1). */
const ONS_BODY = [
  onsRow('K02000001', 'UNITED KINGDOM', 'Country', 5000),
  onsRow('K04000001', 'ENGLAND AND WALES', 'Country', 3000),
  onsRow('E92000001', 'ENGLAND', 'Country', 1011),
  onsRow('E12000002', 'NORTH WEST', 'Region', 1011),
  onsRow('E06000006', 'Halton', 'Unitary Authority', 1000),
  onsRow('E11000002', 'Greater Manchester (Met County)', 'Metropolitan County', 10),
  onsRow('E08000002', 'Bury', 'Metropolitan District', 10),
  onsRow('E10000006', 'Cumbria', 'County', 1),
  onsRow('E07000026', 'Allerdale', 'Non-metropolitan District', 1),
  onsRow('W92000004', 'WALES', 'Country', 2000),
  onsRow('W06000001', 'Isle of Anglesey', 'Unitary Authority', 20),
  onsRow('S92000003', 'SCOTLAND', 'Country', 3000),
  onsRow('N92000002', 'NORTHERN IRELAND', 'Country', 1000),
  onsRow('N09000003', 'Belfast', 'Local Government District', 100),
];
const FOOTNOTE = '"1. Further information, on how the different tiers of administrative geography in the United Kingdom fit together, is given in the ""Admin. geography hierarchy"" tab."';

/** Every band, as so many single years of age: the wide ones, all ages, then five years each up to 85-89 and one for 90+. */
const pops = (code: string, year: number, each: number): Population[] =>
  ([['18+', 73], ['18-64', 47], ['65+', 26], ['all', 91], ...FIVE_YEAR_BANDS.map((b) => [b, b === '90+' ? 1 : 5])] as [AgeBand, number][])
    .map(([age_band, ages]) => ({ area_code: code, year, age_band, population: ages * each }));

const ONS_AREAS: Area[] = [
  { area_code: 'E92000001', area_name: 'England', area_type: 'england', parent_code: null },
  { area_code: 'E12000002', area_name: 'North West', area_type: 'region', parent_code: 'E92000001' },
  { area_code: 'E06000006', area_name: 'Halton', area_type: 'place', parent_code: 'E12000002' },
  { area_code: 'E08000002', area_name: 'Bury', area_type: 'place', parent_code: 'E12000002' },
  { area_code: 'E10000006', area_name: 'Cumbria', area_type: 'place', parent_code: 'E12000002' },
];
const ONS_SKIPPED = [
  'United Kingdom, Great Britain and England and Wales totals: 2 rows',
  'metropolitan counties (E11; their districts run adult social care): 1 row',
  'non-metropolitan districts (E07; their county council runs adult social care): 1 row',
  'Wales: 2 rows',
  'Scotland: 1 row',
  'Northern Ireland: 2 rows',
];

describe('ONS mid-year estimates adapter', () => {
  const mid2020 = csv(...MID_2020_PREAMBLE, onsHeader('Geography', '90+'), ...ONS_BODY, '', '');
  const mid2018 = csv(...MID_2018_PREAMBLE, onsHeader('Geography1', '90'), ...ONS_BODY, '', '', FOOTNOTE, '');

  it('finds the header by its content under either vintage of preamble', () => {
    expect(detects(onsMidYearAdapter, mid2020)).toBe(true);
    expect(detects(onsMidYearAdapter, mid2018)).toBe(true);
    // The header is on line 5 of one and line 6 (after blank lines and a quoted line break) of the other.
    expect(parseCsv(mid2020).find((r) => r.cells[0] === 'Code')?.line).toBe(5);
    expect(parseCsv(mid2018).find((r) => r.cells[0] === 'Code')?.line).toBe(6);
  });

  it('reads mid-2020: England, regions and social-care councils in every age band, the rest skipped', () => {
    const r = read(onsMidYearAdapter, 'mye-2020.csv', mid2020);
    expect(r.errors).toEqual([]);
    expect(r.periods).toEqual(['mid-2020']);
    expect(r.tables.observations).toEqual([]);
    expect(r.tables.areas).toEqual(ONS_AREAS);
    expect(r.tables.populations).toEqual([
      ...pops('E92000001', 2020, 1011), ...pops('E12000002', 2020, 1011),
      ...pops('E06000006', 2020, 1000), ...pops('E08000002', 2020, 10), ...pops('E10000006', 2020, 1),
    ]);
    // Halton's 65+: 26 single years (65..89 and 90+) of 1,000, read through the thousands separators.
    expect(r.tables.populations.find((p) => p.area_code === 'E06000006' && p.age_band === '65+')?.population).toBe(26000);
    expect(r.skipped).toEqual(ONS_SKIPPED);
  });

  it('reads mid-2018 ("Geography1", top column "90") the same way, counting the footnote', () => {
    const r = read(onsMidYearAdapter, 'mye-2018.csv', mid2018);
    expect(r.errors).toEqual([]);
    expect(r.periods).toEqual(['mid-2018']);
    expect(r.tables.areas).toEqual(ONS_AREAS);
    expect(r.tables.populations.filter((p) => p.area_code === 'E08000002')).toEqual(pops('E08000002', 2018, 10));
    expect(r.skipped).toEqual([...ONS_SKIPPED, 'footnotes and notes below the table: 1 row']);
  });

  it('cleans names: England and regions as regions.ts names them, all-caps names title-cased, spaces trimmed', () => {
    const text = csv(MID_2020_PREAMBLE[0]!, onsHeader('Geography', '90+'),
      onsRow('E92000001', 'ENGLAND', 'Country', 2),
      onsRow('E12000006', 'EAST', 'Region', 2),
      onsRow('E06000062', 'West Northamptonshire ', 'Unitary Authority', 1),
      onsRow('E06000023', 'BRISTOL, CITY OF', 'Unitary Authority', 1));
    expect(read(onsMidYearAdapter, 'f.csv', text).tables.areas.map((a) => a.area_name)).toEqual(
      ['England', 'East of England', 'West Northamptonshire', 'Bristol, City of'],
    );
  });

  it('fails the file, saying what it expected, when the title names no year', () => {
    const text = csv('"MYE2: Persons by single year of age and sex for local authorities in the UK"', onsHeader('Geography', '90+'), ...ONS_BODY);
    expect(read(onsMidYearAdapter, 'mye.csv', text)).toEqual({
      tables: { observations: [], areas: [], populations: [], targets: [], metrics: [] },
      errors: [{ file: 'mye.csv', row: 0, column: '(title)', message: 'no estimate year found above the header row: expected the title to name it as "mid-YYYY" (e.g. "mid-2020")' }],
      skipped: [],
      periods: [],
    });
  });

  it('refuses a title naming two years, and a males-only or females-only table', () => {
    const two = csv('"Estimates for mid-2019 and mid-2020"', onsHeader('Geography', '90+'), ...ONS_BODY);
    expect(read(onsMidYearAdapter, 'f.csv', two).errors.map((e) => e.message)).toEqual([
      'the title names more than one estimate year (mid-2019, mid-2020); expected exactly one "mid-YYYY"',
    ]);
    const males = csv('"MYE2: Males by single year of age for local authorities in the UK, mid-2020"', onsHeader('Geography', '90+'), ...ONS_BODY);
    expect(read(onsMidYearAdapter, 'f.csv', males).errors).toEqual([
      { file: 'f.csv', row: 0, column: '(title)', message: 'the title says this table counts males only; this layout is read from the persons table' },
    ]);
  });

  it('names file, row, age column and value for a bad count', () => {
    const halton = onsRow('E06000006', 'Halton', 'Unitary Authority', 1000).split(',');
    // Cells: Code, Name, Geography, "All ages" (two cells once split at its separator), then ages.
    const bad = [...halton.slice(0, 5), ...AGES.map((a) => (a === 70 ? 'n/a' : a === 90 ? '1.000' : shown(1000)))].join(',');
    const text = csv(MID_2020_PREAMBLE[0]!, onsHeader('Geography', '90+'), onsRow('E92000001', 'ENGLAND', 'Country', 1000), bad);
    expect(read(onsMidYearAdapter, 'mye.csv', text).errors).toEqual([
      { file: 'mye.csv', row: 4, column: '70', message: '"n/a" is not a count' },
      { file: 'mye.csv', row: 4, column: '90+', message: '"1.000" is not a count' },
    ]);
  });

  it('refuses a row whose ages do not add up to "All ages" or whose Geography does not fit its code', () => {
    const shifted = onsRow('E06000006', 'Halton', 'Unitary Authority', 1000).replace('"91,000"', '"91,001"');
    const mislabelled = onsRow('E08000002', 'Bury', 'Non-metropolitan District', 10);
    const text = csv(MID_2020_PREAMBLE[0]!, onsHeader('Geography', '90+'), shifted, mislabelled);
    expect(read(onsMidYearAdapter, 'f.csv', text).errors).toEqual([
      { file: 'f.csv', row: 3, column: 'All ages', message: '"91,001" is not the sum of the single years of age (91,000); a column may be shifted' },
      { file: 'f.csv', row: 4, column: 'Geography', message: '"Non-metropolitan District" does not fit the code E08000002: a E08 code is a "Metropolitan District"' },
    ]);
  });

  it('refuses a text row among the figures, but not a note below them', () => {
    const text = csv(MID_2020_PREAMBLE[0]!, onsHeader('Geography', '90+'), onsRow('Halton', 'Halton', 'Unitary Authority', 1), 'Source: Office for National Statistics');
    const r = read(onsMidYearAdapter, 'f.csv', text);
    expect(r.errors).toEqual([{ file: 'f.csv', row: 3, column: 'Code', message: '"Halton" is not an ONS area code' }]);
    expect(r.skipped).toEqual(['footnotes and notes below the table: 1 row']);
  });

  it('leaves the parent region empty when the councils under a region do not add up to it', () => {
    // Cumbria is missing, so the order of rows cannot be trusted as the hierarchy.
    const text = csv(MID_2020_PREAMBLE[0]!, onsHeader('Geography', '90+'), ...ONS_BODY.filter((l) => !l.startsWith('E10000006')));
    const r = read(onsMidYearAdapter, 'f.csv', text);
    expect(r.errors).toEqual([]);
    expect(r.tables.areas.filter((a) => a.area_type === 'place').map((a) => [a.area_code, a.parent_code])).toEqual([['E06000006', null], ['E08000002', null]]);
    expect(r.skipped).toContain("councils listed under North West, whose populations do not add up to the region's, so their parent region is left empty: 2 rows");
    // Councils before any region row get no parent either.
    const early = csv(MID_2020_PREAMBLE[0]!, onsHeader('Geography', '90+'), onsRow('E06000006', 'Halton', 'Unitary Authority', 1));
    const e = read(onsMidYearAdapter, 'f.csv', early);
    expect(e.tables.areas).toEqual([{ area_code: 'E06000006', area_name: 'Halton', area_type: 'place', parent_code: null }]);
    expect(e.skipped).toEqual(['councils listed before any region, so their parent region is left empty: 1 row']);
  });

  it('does not take other layouts', () => {
    expect(detects(onsMidYearAdapter, 'area_code,year,age_band,population\nE06000006,2020,65+,24105\n')).toBe(false);
    expect(detects(onsMidYearAdapter, csv(PCN_HEADER, HALTON_RUNCORN))).toBe(false);
    expect(detects(onsMidYearAdapter, csv(CORE_PARTNERS_HEADER))).toBe(false);
    expect(detects(onsMidYearAdapter, csv('Geographical Code,Geographical Description,Geographical Level,ONS Code,ASCOF Measure Code,Disaggregation Level,Measure Type,Measure Value,Measure Group,Measure Group Description'))).toBe(false);
    expect(detects(onsMidYearAdapter, csv(',Region,ONS Geography,Code,Name,NHS,Social Care,Both,Total,,NHS,Social Care,Both,Total'))).toBe(false);
    // Same start, but ages stop at 89, go on past 90, or are grouped.
    const cols = ['Code', 'Name', 'Geography', 'All ages', ...AGES.map(String)];
    expect(detects(onsMidYearAdapter, csv(cols.slice(0, -1).join(',')))).toBe(false);
    expect(detects(onsMidYearAdapter, csv([...cols, '91'].join(',')))).toBe(false);
    expect(detects(onsMidYearAdapter, csv('Code,Name,Geography,All ages,0-4,5-9,10-14'))).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// ePCN PCN details
// ---------------------------------------------------------------------------------------------

const PCN_HEADER = 'PCN Code,PCN Name,Current Clinical Commissioning Group Code,Clinical Commissioning Group Name,Open Date (YYYYMMDD),Close Date,Address Line 1,Address Line 2,Address Line 3,Address Line 4,Address Line 5,Postcode';
const CORE_PARTNERS_HEADER = 'Partner Organisation Code,Partner Name,Practice Parent CCG Code,Practice Parent CCG Name,PCN Code,PCN Name,PCN Parent CCG Code,PCN Parent CCG Name,Practice to PCN Relationship Start Date,Practice to PCN Relationship End Date,Practice CCG and PCN CCG match?';
const HALTON_RUNCORN = 'U09643,RUNCORN PCN,01F,NHS HALTON CCG,20191001,,MURDISHAW HEALTH CENTRE,GORSEWOOD ROAD,MURDISHAW,RUNCORN,,WA7 6ES';

describe('ePCN PCN details adapter', () => {
  const file = csv(
    PCN_HEADER,
    HALTON_RUNCORN,
    'U79408,WIDNES PCN,01F,NHS HALTON CCG,20191201,,PEELHOUSE MEDICAL PLAZA,1 PEELHOUSE LANE,,WIDNES,CHESHIRE,WA8 6TN',
    'U11111,OLD WIDNES PCN,01F,NHS HALTON CCG,20190701,20191130,,,,,,',
    'U45102,DARLINGTON PCN,00C,NHS DARLINGTON CCG,20191001,,,,,,,',
    'U60978,GLOSSOP PCN,01Y,NHS TAMESIDE AND GLOSSOP CCG,20191001,,,,,GLOSSOP,,SK13 8PS',
    'U38271,ASHTON PCN,01Y,NHS TAMESIDE AND GLOSSOP CCG,20191001,,,,,,,',
    'U31094,"CHAW (CHELFORD, HANDFORTH, ALDERLEY EDGE, WILMSLOW) PCN",01C,NHS EASTERN CHESHIRE CCG,20191001,,,,,,,',
    'U71643,EAST AND SOUTH KNOWSLEY PCN,01J,NHS KNOWSLEY CCG,20191001,,,,,,,',
    '',
  );

  it('detects the PCN details layout by its header, and not the core partners or other layouts', () => {
    expect(detects(epcnAdapter, file)).toBe(true);
    expect(detects(epcnAdapter, csv(CORE_PARTNERS_HEADER, 'A83005,WHINFIELD MEDICAL PRACTICE,00C,NHS DARLINGTON CCG,U45102,DARLINGTON PCN,00C,NHS DARLINGTON CCG,20191001,,True'))).toBe(false);
    expect(detects(epcnAdapter, csv(...MID_2020_PREAMBLE, onsHeader('Geography', '90+'), ...ONS_BODY))).toBe(false);
    expect(detects(epcnAdapter, 'area_code,area_name,area_type,parent_code\nU09643,Runcorn PCN,hub,E06000006\n')).toBe(false);
  });

  it('reads open PCNs of known CCGs as hubs of their place, title-cased, skipping the rest', () => {
    const r = read(epcnAdapter, 'epcn.csv', file);
    expect(r.errors).toEqual([]);
    expect(r.tables.areas).toEqual([
      { area_code: 'U09643', area_name: 'Runcorn PCN', area_type: 'hub', parent_code: 'E06000006' },
      { area_code: 'U79408', area_name: 'Widnes PCN', area_type: 'hub', parent_code: 'E06000006' },
      { area_code: 'U38271', area_name: 'Ashton PCN', area_type: 'hub', parent_code: 'E08000008' },
      { area_code: 'U31094', area_name: 'CHAW (Chelford, Handforth, Alderley Edge, Wilmslow) PCN', area_type: 'hub', parent_code: 'E06000049' },
      { area_code: 'U71643', area_name: 'East and South Knowsley PCN', area_type: 'hub', parent_code: 'E08000011' },
    ]);
    expect(r.tables.populations).toEqual([]);
    expect(r.tables.observations).toEqual([]);
    expect(r.skipped).toEqual([
      'closed PCNs (a Close Date is given): 1 row',
      'PCNs in CCGs outside the 19 places: 1 row',
      `PCNs outside their CCG's place (${PCNS_OUTSIDE_PLACE.U60978}): 1 row`,
    ]);
  });

  it('names file, row, column and value for an unreadable date, code or empty name', () => {
    const text = csv(
      PCN_HEADER,
      'U09643,RUNCORN PCN,01F,NHS HALTON CCG,2019-10-01,,,,,,,',
      'U79408,WIDNES PCN,01F,NHS HALTON CCG,20190231,,,,,,,',
      'U11111,OLD PCN,01F,NHS HALTON CCG,20190101,31/03/2020,,,,,,',
      '9643,RUNCORN PCN,01F,NHS HALTON CCG,20191001,,,,,,,',
      'U22222,,01F,NHS HALTON CCG,20191001,,,,,,,',
    );
    expect(read(epcnAdapter, 'epcn.csv', text).errors).toEqual([
      { file: 'epcn.csv', row: 2, column: 'Open Date (YYYYMMDD)', message: '"2019-10-01" is not a date written as YYYYMMDD' },
      { file: 'epcn.csv', row: 3, column: 'Open Date (YYYYMMDD)', message: '"20190231" is not a real date' },
      { file: 'epcn.csv', row: 4, column: 'Close Date', message: '"31/03/2020" is not a date written as YYYYMMDD' },
      { file: 'epcn.csv', row: 5, column: 'PCN Code', message: '"9643" is not a PCN code (U and five digits)' },
      { file: 'epcn.csv', row: 6, column: 'PCN Name', message: 'is empty; every PCN has a name' },
    ]);
  });

  it('writes PCN names as local people do', () => {
    expect([
      'CENTRAL LIVERPOOL PCN',
      'CHILDWALL & WAVERTREE PCN',
      'ST HELENS CENTRAL PCN',
      "ST JOHN'S WOOD & MAIDA VALE PCN",
      "THE FOX'S PCN",
      'THE PICTON PCN',
      'HWL NETWORK PCN',
      'CREWE - GHR PCN',
      'LiGA WIGAN PCN',
      'H-BLACKLEY HARPURHEY & CHARLESTOWN PCN',
      'STANFORD-LE-HOPE PCN',
      'NORTH OXFORDSHIRE RURAL ALLIANCE (NORA) PCN',
      "LYTHAM ST ANNE'S & ANSDELL (LSA) PCN",
      'FABB (FISHPONDS, AIR BALLOON & BEECHWOOD) PCN',
      'SWB PIONEERS FOR HEALTH (NORTH) PCN',
      'LS25/LS26 PCN',
      'MODALITY (KEIGHLEY)  PCN',
      'ICC & FAILSWORTH PCN',
    ].map(pcnDisplayName)).toEqual([
      'Central Liverpool PCN',
      'Childwall & Wavertree PCN',
      'St Helens Central PCN',
      "St John's Wood & Maida Vale PCN",
      "The Fox's PCN",
      'The Picton PCN',
      'HWL Network PCN',
      'Crewe - GHR PCN',
      'LiGA Wigan PCN',
      'H-Blackley Harpurhey & Charlestown PCN',
      'Stanford-le-Hope PCN',
      'North Oxfordshire Rural Alliance (NORA) PCN',
      "Lytham St Anne's & Ansdell (LSA) PCN",
      'FABB (Fishponds, Air Balloon & Beechwood) PCN',
      'SWB Pioneers for Health (North) PCN',
      'LS25/LS26 PCN',
      'Modality (Keighley) PCN',
      'ICC & Failsworth PCN',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// The real published files
// ---------------------------------------------------------------------------------------------

describe.skipIf(!hasRealData)('ONS mid-year estimates and ePCN, real files' + realDataReason, () => {
  const ons2018 = hasRealData ? read(onsMidYearAdapter, 'mye-2018.csv', readReal('ons/ons-mye-mid2018-persons-single-year-of-age.csv')) : null!;
  const ons2020 = hasRealData ? read(onsMidYearAdapter, 'mye-2020.csv', readReal('ons/ons-mye-mid2020-persons-single-year-of-age.csv')) : null!;
  const pop = (tables: typeof ons2020, code: string, band: AgeBand) =>
    tables.tables.populations.find((p) => p.area_code === code && p.age_band === band)?.population;

  it('detects each real file with its own adapter only', () => {
    const files = {
      'ons/ons-mye-mid2018-persons-single-year-of-age.csv': 'ons',
      'ons/ons-mye-mid2020-persons-single-year-of-age.csv': 'ons',
      'nhsd/nhsd-epcn-2019-12-pcn-details.csv': 'epcn',
      'nhsd/nhsd-epcn-2019-12-core-partners.csv': null,
      'ascof/ascof-2020-21-measures.csv': null,
      'nhse-dtoc-monthly/2017-01-la-by-reason.csv': null,
      'nhse-dtoc-monthly/2018-03-la-by-responsible-org.csv': null,
      'nhse-dtoc-compiled/dtoc-la-responsible-org-2011-04-to-2019-12.csv': null,
      'nhsd/icb-codes.csv': null,
    };
    const got = Object.keys(files).map((f) => {
      const rows = parseCsv(readReal(f));
      return [f, onsMidYearAdapter.detect(rows) ? 'ons' : epcnAdapter.detect(rows) ? 'epcn' : null];
    });
    expect(Object.fromEntries(got)).toEqual(files);
    // Neither adapter claims the other's file.
    expect(epcnAdapter.detect(parseCsv(readReal('ons/ons-mye-mid2020-persons-single-year-of-age.csv')))).toBe(false);
    expect(onsMidYearAdapter.detect(parseCsv(readReal('nhsd/nhsd-epcn-2019-12-pcn-details.csv')))).toBe(false);
  });

  it('reads both ONS vintages without errors, keeping England, 9 regions and the social-care councils', () => {
    for (const [r, year, places] of [[ons2018, 2018, 151], [ons2020, 2020, 152]] as const) {
      expect(r.errors).toEqual([]);
      expect(r.periods).toEqual([`mid-${year}`]);
      const byType = (t: string) => r.tables.areas.filter((a) => a.area_type === t);
      expect(byType('england')).toEqual([{ area_code: 'E92000001', area_name: 'England', area_type: 'england', parent_code: null }]);
      expect(byType('region')).toEqual(REGIONS.map((g) => ({ area_code: g.code, area_name: g.name, area_type: 'region', parent_code: 'E92000001' })));
      expect(byType('place')).toHaveLength(places);
      // Every council sits under a region: the file order holds, checked by the region sums.
      expect(byType('place').filter((a) => !REGIONS.some((g) => g.code === a.parent_code))).toEqual([]);
      expect(r.tables.populations).toHaveLength(23 * (1 + 9 + places));
      expect(new Set(r.tables.populations.map((p) => p.year))).toEqual(new Set([year]));
    }
    expect(ons2020.tables.areas.find((a) => a.area_code === 'E06000006')).toEqual({ area_code: 'E06000006', area_name: 'Halton', area_type: 'place', parent_code: 'E12000002' });
    expect(ons2020.tables.areas.find((a) => a.area_code === 'E06000062')?.area_name).toBe('West Northamptonshire');
    expect(ons2018.skipped).toEqual([
      'United Kingdom, Great Britain and England and Wales totals: 3 rows',
      'metropolitan counties (E11; their districts run adult social care): 6 rows',
      'non-metropolitan districts (E07; their county council runs adult social care): 192 rows',
      'Wales: 23 rows',
      'Scotland: 33 rows',
      'Northern Ireland: 12 rows',
      'footnotes and notes below the table: 1 row',
    ]);
    expect(ons2020.skipped).toEqual([
      'United Kingdom, Great Britain and England and Wales totals: 3 rows',
      'metropolitan counties (E11; their districts run adult social care): 6 rows',
      'non-metropolitan districts (E07; their county council runs adult social care): 181 rows',
      'Wales: 23 rows',
      'Scotland: 33 rows',
      'Northern Ireland: 12 rows',
    ]);
  });

  it('gives the published 65+ populations for mid-2020', () => {
    expect(pop(ons2020, 'E06000006', '65+')).toBe(24105);
    expect(pop(ons2020, 'E08000015', '65+')).toBe(71289);
    expect(pop(ons2020, 'E08000002', '65+')).toBe(35054);
    expect(pop(ons2020, 'E92000001', '65+')).toBe(10464019);
  });

  it('gives five-year bands and all ages as the sums of the single years (mid-2020, checked by hand)', () => {
    // Halton's single years 65..69 in the file: 1,505 + 1,510 + 1,433 + 1,470 + 1,535 = 7,453.
    expect(pop(ons2020, 'E06000006', '65-69')).toBe(7453);
    expect(pop(ons2020, 'E06000006', '90+')).toBe(792);
    expect(pop(ons2020, 'E06000006', 'all')).toBe(129759);
    // England 65..69: 571,143 + 569,908 + 559,844 + 541,297 + 542,108 = 2,784,300.
    expect(pop(ons2020, 'E92000001', '65-69')).toBe(2784300);
    expect(pop(ons2020, 'E92000001', 'all')).toBe(56550138);
    // Every area: the five-year bands add up to all ages, and 65-69 … 90+ to 65+.
    const wrong: string[] = [];
    for (const a of ons2020.tables.areas) {
      const sum = (bands: readonly AgeBand[]) => bands.reduce((s, b) => s + pop(ons2020, a.area_code, b)!, 0);
      if (sum(FIVE_YEAR_BANDS) !== pop(ons2020, a.area_code, 'all')) wrong.push(`${a.area_code} all`);
      if (sum(FIVE_YEAR_BANDS.slice(13)) !== pop(ons2020, a.area_code, '65+')) wrong.push(`${a.area_code} 65+`);
    }
    expect(wrong).toEqual([]);
  });

  it('agrees with the demo geography for all 19 places, England and the North West, both years', () => {
    const wrong: string[] = [];
    const check = (code: string, name: string, p18to64: readonly number[], p65: readonly number[]) => {
      for (const [i, r] of [ons2018, ons2020].entries()) {
        const got = [pop(r, code, '18-64'), pop(r, code, '65+')];
        if (got[0] !== p18to64[i] || got[1] !== p65[i]) wrong.push(`${name} ${r.periods[0]}: ${got} vs ${p18to64[i]},${p65[i]}`);
        if (pop(r, code, '18+') !== got[0]! + got[1]!) wrong.push(`${name} ${r.periods[0]}: 18+ is not 18-64 + 65+`);
      }
    };
    for (const p of PLACES) check(p.code, p.name, p.pop18to64, p.pop65);
    check('E92000001', 'England', COMPARATORS.england.pop18to64, COMPARATORS.england.pop65);
    check('E12000002', 'North West', COMPARATORS.northWest.pop18to64, COMPARATORS.northWest.pop65);
    expect(wrong).toEqual([]);
  });

  it('sums to the ASCOF 2020-21 denominators (2A(1) = 18-64, 2A(2) = 65+) for every council, region and England', () => {
    type Row = Record<string, string>;
    const ascof = Papa.parse<Row>(readReal('ascof/ascof-2020-21-measures.csv'), { header: true, skipEmptyLines: true }).data;
    const denominators = new Map<string, { name: string; level: string; '2A1'?: string; '2A2'?: string }>();
    for (const row of ascof) {
      const group = row['Measure Group'];
      if ((group !== '2A1' && group !== '2A2') || row['Measure Type'] !== 'Denominator' || row['Disaggregation Level'] !== 'Total') continue;
      if (!['Council', 'Region', 'England'].includes(row['Geographical Level']!)) continue;
      const code = row['ONS Code']!;
      const entry = denominators.get(code) ?? { name: row['Geographical Description']!, level: row['Geographical Level']! };
      entry[group] = row['Measure Value'];
      denominators.set(code, entry);
    }
    expect([...denominators.values()].filter((d) => d.level === 'Council')).toHaveLength(151);
    expect(denominators.size).toBe(161);
    // Northamptonshire County Council ran social care until March 2021, but mid-2020 is published
    // on April 2021 boundaries: its population is that of North and West Northamptonshire.
    const successors: Record<string, string[]> = { E10000021: ['E06000061', 'E06000062'] };
    const mismatches: string[] = [];
    const notPublished: string[] = [];
    for (const [code, d] of denominators) {
      if (d['2A1'] === '[x]' && d['2A2'] === '[x]') {
        notPublished.push(`${code} ${d.name}`);
        continue;
      }
      const codes = successors[code] ?? [code];
      const sum = (band: AgeBand) => codes.reduce((n, c) => n + (pop(ons2020, c, band) ?? NaN), 0);
      const ons = [sum('18-64'), sum('65+')];
      const published = [Number(d['2A1']), Number(d['2A2'])];
      if (ons[0] !== published[0] || ons[1] !== published[1]) mismatches.push(`${code} ${d.name}: ONS ${ons} vs ASCOF ${published}`);
    }
    expect(mismatches).toEqual([]);
    // Hackney published no 2A figures for 2020-21 (marked [x]).
    expect(notPublished).toEqual(['E09000012 Hackney']);
  });

  const epcn = hasRealData ? read(epcnAdapter, 'epcn.csv', readReal('nhsd/nhsd-epcn-2019-12-pcn-details.csv')) : null!;
  const hubsOf = (place: string) => epcn.tables.areas.filter((a) => a.parent_code === place).map((a) => a.area_name).sort();

  it('the CCG lookup matches the ePCN list: every code with its printed name, every place of the demo geography', () => {
    const printed = new Map<string, Set<string>>();
    for (const r of Papa.parse<string[]>(readReal('nhsd/nhsd-epcn-2019-12-pcn-details.csv'), { skipEmptyLines: true }).data.slice(1)) {
      printed.set(r[2]!, (printed.get(r[2]!) ?? new Set()).add(r[3]!));
    }
    const wrong = Object.entries(CCG_PLACES).flatMap(([ccg, c]) => {
      const names = [...(printed.get(ccg) ?? [])];
      const place = PLACES.find((p) => p.code === c.place);
      return [
        ...(names.length === 1 && names[0] === c.ccgName ? [] : [`${ccg}: file says ${names.join(' / ') || 'nothing'}, lookup ${c.ccgName}`]),
        ...(place?.name === c.placeName ? [] : [`${ccg}: ${c.place} is ${place?.name ?? 'not a demo place'}, lookup ${c.placeName}`]),
      ];
    });
    expect(wrong).toEqual([]);
    expect(new Set(Object.values(CCG_PLACES).map((c) => c.place))).toEqual(new Set(PLACES.map((p) => p.code)));
    expect(Object.keys(CCG_PLACES)).toHaveLength(22);
  });

  it('yields the hubs of each of the 19 places', () => {
    expect(epcn.errors).toEqual([]);
    const counts = Object.fromEntries(PLACES.map((p) => [p.name, hubsOf(p.code).length]));
    // Halton CCG had only two PCNs (Runcorn and Widnes); Glossop PCN is left out of Tameside.
    expect(counts).toEqual({
      'Cheshire East': 9, 'Cheshire West and Chester': 9, Halton: 2, Knowsley: 3, Liverpool: 11, Sefton: 7,
      'St. Helens': 4, Warrington: 5, Wirral: 5, Bolton: 9, Bury: 4, Manchester: 14, Oldham: 5, Rochdale: 6,
      Salford: 5, Stockport: 7, Tameside: 4, Trafford: 5, Wigan: 7,
    });
    expect(epcn.tables.areas).toHaveLength(121);
    expect(epcn.tables.areas.every((a) => a.area_type === 'hub' && /^U\d{5}$/.test(a.area_code))).toBe(true);
    expect(hubsOf('E06000006')).toEqual(['Runcorn PCN', 'Widnes PCN']);
    expect(hubsOf('E08000002')).toEqual(['Bury PCN', 'Horizon PCN', 'Prestwich PCN', 'Whitefield District & Community PCN']);
    expect(hubsOf('E08000008')).toEqual(['Ashton PCN', 'Denton PCN', 'Hyde PCN', 'Stalybridge PCN']);
    expect(epcn.skipped).toEqual([
      'PCNs in CCGs outside the 19 places: 1128 rows',
      `PCNs outside their CCG's place (${PCNS_OUTSIDE_PLACE.U60978}): 1 row`,
    ]);
  });

  it('keeps in capitals only the initials the PCNs go by', () => {
    const capitals = new Set(epcn.tables.areas.flatMap((a) => a.area_name.split(/[^A-Za-z]+/).filter((w) => w.length > 1 && w === w.toUpperCase())));
    expect([...capitals].sort()).toEqual(['CHAW', 'CHOC', 'GHR', 'HWL', 'ICC', 'IGPC', 'PCN', 'SMASH', 'SWAGGA', 'TABA']);
    expect(epcn.tables.areas.every((a) => a.area_name.endsWith(' PCN'))).toBe(true);
    const names = epcn.tables.areas.map((a) => a.area_name);
    for (const n of ['CHAW (Chelford, Handforth, Alderley Edge, Wilmslow) PCN', 'CHOC (Congleton & Holmes Chapel) PCN', 'LiGA Wigan PCN', 'Crewe - GHR PCN',
      'H-Blackley Harpurhey & Charlestown PCN', 'Newton and Haydock PCN', 'Northenden & Brooklands (Wythenshawe) PCN', 'St Helens Central PCN']) {
      expect(names).toContain(n);
    }
  });
});
