// Every English council with adult social services responsibilities (the upper tier: counties,
// unitary authorities, metropolitan districts, London boroughs, the City of London and the
// Isles of Scilly) that has existed since April 2011, the first month of the published metrics.
// Facts, written by the project from the official lists:
// - codes and names: ONS, "Local Authority Districts, Counties and Unitary Authorities" names
//   and codes as the mid-year population estimates print them (mid-2018, published June 2019;
//   mid-2020, published June 2021), and the ONS Code History Database for codes that ended
//   before 2018 or began after 2020 (Gateshead and Northumberland, April 2013; Bournemouth,
//   Poole and Dorset, April 2019; Cumberland, Westmorland and Furness, North Yorkshire and
//   Somerset, April 2023);
// - old codes: the council (CASSR) codes NHS England's monthly DToC sheets print in "Code",
//   beside the ONS code from July 2015 (sheet of July 2015, revised 12 May 2016);
// - ICBs: ONS, "Local Authority District to Sub ICB Location to ICB to NHS England Region
//   (July 2022) Lookup in England"; where a council's population lies in more than one ICB it
//   belongs to the ICB holding most of it (see SPLIT_ICB_NOTES).

export interface Alias {
  /** The spelling as a source prints it. */
  name: string;
  /** First day the spelling applies (ISO date); none: from before April 2011. */
  from?: string;
  /** First day it no longer applies; none: still. */
  until?: string;
  /** Which publication spells it so. */
  source: string;
}

export interface Council {
  /** ONS code: E06 unitary, E08 metropolitan district, E09 London borough, E10 county. */
  code: string;
  /** Official ONS name. */
  name: string;
  /** ONS region (E12). */
  region: string;
  /** The ICB (E54) holding most of the council's population, on 2022 boundaries. */
  icb: string;
  /** First day the code was in use, when after April 2011 (ISO date). */
  from?: string;
  /** First day the code was no longer in use (ISO date). */
  until?: string;
  /** Codes that took over the council's area when this one ended. */
  successors?: string[];
  /** The council (CASSR) code in NHS England's returns, the only code before July 2015. */
  oldCode?: string;
  /** Other spellings sources use, for joining only: never shown. */
  aliases?: Alias[];
  /**
   * The code this one replaced for the same council after a minor boundary change: data for the
   * old code's months are kept under this one, so the council's series and populations run on.
   */
  continues?: string;
}

type More = Pick<Council, 'from' | 'until' | 'successors' | 'aliases' | 'continues'>;
const c = (code: string, name: string, icb: string, oldCode?: string, more: More = {}) => ({ code, name, icb, ...(oldCode ? { oldCode } : {}), ...more });
const inRegion = (region: string, councils: ReturnType<typeof c>[]): Council[] => councils.map((x) => ({ ...x, region }));

const DTOC = 'NHS England monthly DToC sheets, April 2011 – February 2020';
/** A spelling NHS England's DToC sheets used for the whole collection. */
const dtoc = (name: string): Alias => ({ name, from: '2011-04-01', until: '2020-03-01', source: DTOC });
/**
 * NHS England's DToC returns for April 2019 still listed Bournemouth, Poole and Dorset County
 * Council; Bournemouth, Christchurch and Poole and the new Dorset appear from May 2019.
 */
const APRIL_2019 = (name: string): Alias => ({ name, until: '2019-05-01', source: `${DTOC} (the old councils until April 2019)` });

/**
 * Councils whose population is split between ICBs, which one they are counted in, and the other
 * ICBs they lie partly in (`alsoIn`), whose sums lack that part. Each ICB's figures are the sum of
 * its councils, so these are shown under the majority ICB.
 */
export const SPLIT_ICB_NOTES: Record<string, { note: string; alsoIn: string[] }> = {
  E10000006: { alsoIn: ['E54000048'], note: 'Cumbria (until March 2023) lay in two ICBs: its north (Allerdale, Carlisle, Copeland and Eden) in North East and North Cumbria, its south (Barrow-in-Furness and South Lakeland) in Lancashire and South Cumbria; it is counted in North East and North Cumbria, which held most of its population.' },
  // Eden (in North Cumbria CCG from April 2017, so in North East and North Cumbria ICB) went to Westmorland and Furness in April 2023.
  E06000064: { alsoIn: ['E54000050'], note: 'Westmorland and Furness\'s Eden area lies in North East and North Cumbria ICB; the council is counted in Lancashire and South Cumbria, which holds most of its population.' },
  E10000023: { alsoIn: ['E54000054'], note: 'North Yorkshire County Council\'s Craven district lies in West Yorkshire ICB; the county is counted in Humber and North Yorkshire, which holds most of its population.' },
  E06000065: { alsoIn: ['E54000054'], note: 'North Yorkshire\'s Craven area lies in West Yorkshire ICB; the council is counted in Humber and North Yorkshire, which holds most of its population.' },
  E10000012: { alsoIn: ['E54000025', 'E54000023'], note: 'Essex lies in three ICBs (Mid and South Essex; Hertfordshire and West Essex; Suffolk and North East Essex); it is counted in Mid and South Essex, which holds most of its population.' },
  E10000014: { alsoIn: ['E54000034'], note: 'Hampshire\'s Hart and Rushmoor districts lie in Frimley ICB; the county is counted in Hampshire and Isle of Wight, which holds most of its population.' },
  E10000030: { alsoIn: ['E54000034'], note: 'Surrey Heath lies in Frimley ICB; Surrey is counted in Surrey Heartlands, which holds most of its population.' },
  E10000029: { alsoIn: ['E54000022'], note: 'Suffolk\'s Waveney area lies in Norfolk and Waveney ICB; the county is counted in Suffolk and North East Essex, which holds most of its population.' },
};

export const COUNCILS: Council[] = [
  // North East
  ...inRegion('E12000001', [
    c('E06000001', 'Hartlepool', 'E54000050', '111'),
    c('E06000002', 'Middlesbrough', 'E54000050', '112'),
    c('E06000003', 'Redcar and Cleveland', 'E54000050', '113'),
    c('E06000004', 'Stockton-on-Tees', 'E54000050', '114'),
    c('E06000005', 'Darlington', 'E54000050', '117'),
    c('E06000047', 'County Durham', 'E54000050', '116', { aliases: [dtoc('Durham')] }),
    c('E06000048', 'Northumberland', 'E54000050', '104', { until: '2013-04-01', successors: ['E06000057'] }),
    c('E06000057', 'Northumberland', 'E54000050', '104', { from: '2013-04-01', continues: 'E06000048' }),
    c('E08000020', 'Gateshead', 'E54000050', '106', { until: '2013-04-01', successors: ['E08000037'] }),
    c('E08000021', 'Newcastle upon Tyne', 'E54000050', '107'),
    c('E08000022', 'North Tyneside', 'E54000050', '108'),
    c('E08000023', 'South Tyneside', 'E54000050', '109'),
    c('E08000024', 'Sunderland', 'E54000050', '110'),
    c('E08000037', 'Gateshead', 'E54000050', '106', { from: '2013-04-01', continues: 'E08000020' }),
  ]),
  // North West
  ...inRegion('E12000002', [
    c('E06000006', 'Halton', 'E54000008', '321'),
    c('E06000007', 'Warrington', 'E54000008', '322'),
    c('E06000008', 'Blackburn with Darwen', 'E54000048', '324'),
    c('E06000009', 'Blackpool', 'E54000048', '325'),
    c('E06000049', 'Cheshire East', 'E54000008', '00EQ'),
    c('E06000050', 'Cheshire West and Chester', 'E54000008', '00EW'),
    c('E06000063', 'Cumberland', 'E54000050', undefined, { from: '2023-04-01' }),
    c('E06000064', 'Westmorland and Furness', 'E54000048', undefined, { from: '2023-04-01' }),
    c('E08000001', 'Bolton', 'E54000057', '304'),
    c('E08000002', 'Bury', 'E54000057', '305'),
    c('E08000003', 'Manchester', 'E54000057', '306'),
    c('E08000004', 'Oldham', 'E54000057', '307'),
    c('E08000005', 'Rochdale', 'E54000057', '308'),
    c('E08000006', 'Salford', 'E54000057', '309'),
    c('E08000007', 'Stockport', 'E54000057', '310'),
    c('E08000008', 'Tameside', 'E54000057', '311'),
    c('E08000009', 'Trafford', 'E54000057', '312'),
    c('E08000010', 'Wigan', 'E54000057', '313'),
    c('E08000011', 'Knowsley', 'E54000008', '315'),
    c('E08000012', 'Liverpool', 'E54000008', '316'),
    c('E08000013', 'St. Helens', 'E54000008', '318'),
    c('E08000014', 'Sefton', 'E54000008', '317'),
    c('E08000015', 'Wirral', 'E54000008', '319'),
    c('E10000006', 'Cumbria', 'E54000050', '102', { until: '2023-04-01', successors: ['E06000063', 'E06000064'] }),
    c('E10000017', 'Lancashire', 'E54000048', '323'),
  ]),
  // Yorkshire and The Humber
  ...inRegion('E12000003', [
    c('E06000010', 'Kingston upon Hull, City of', 'E54000051', '215'),
    c('E06000011', 'East Riding of Yorkshire', 'E54000051', '214'),
    c('E06000012', 'North East Lincolnshire', 'E54000051', '216'),
    c('E06000013', 'North Lincolnshire', 'E54000051', '217'),
    c('E06000014', 'York', 'E54000051', '219'),
    c('E06000065', 'North Yorkshire', 'E54000051', undefined, { from: '2023-04-01' }),
    c('E08000016', 'Barnsley', 'E54000061', '204'),
    c('E08000017', 'Doncaster', 'E54000061', '205'),
    c('E08000018', 'Rotherham', 'E54000061', '206'),
    c('E08000019', 'Sheffield', 'E54000061', '207'),
    c('E08000032', 'Bradford', 'E54000054', '209'),
    c('E08000033', 'Calderdale', 'E54000054', '210'),
    c('E08000034', 'Kirklees', 'E54000054', '211'),
    c('E08000035', 'Leeds', 'E54000054', '212'),
    c('E08000036', 'Wakefield', 'E54000054', '213'),
    c('E10000023', 'North Yorkshire', 'E54000051', '218', { until: '2023-04-01', successors: ['E06000065'] }),
  ]),
  // East Midlands
  ...inRegion('E12000004', [
    c('E06000015', 'Derby', 'E54000058', '507'),
    c('E06000016', 'Leicester', 'E54000015', '509'),
    c('E06000017', 'Rutland', 'E54000015', '510'),
    c('E06000018', 'Nottingham', 'E54000060', '512'),
    c('E06000061', 'North Northamptonshire', 'E54000059', undefined, { from: '2021-04-01' }),
    c('E06000062', 'West Northamptonshire', 'E54000059', undefined, { from: '2021-04-01' }),
    c('E10000007', 'Derbyshire', 'E54000058', '506'),
    c('E10000018', 'Leicestershire', 'E54000015', '508'),
    c('E10000019', 'Lincolnshire', 'E54000013', '503'),
    c('E10000021', 'Northamptonshire', 'E54000059', '504', { until: '2021-04-01', successors: ['E06000061', 'E06000062'] }),
    c('E10000024', 'Nottinghamshire', 'E54000060', '511'),
  ]),
  // West Midlands
  ...inRegion('E12000005', [
    c('E06000019', 'Herefordshire, County of', 'E54000019', '415'),
    c('E06000020', 'Telford and Wrekin', 'E54000011', '418'),
    c('E06000021', 'Stoke-on-Trent', 'E54000010', '414'),
    c('E06000051', 'Shropshire', 'E54000011', '417'),
    c('E08000025', 'Birmingham', 'E54000055', '406'),
    c('E08000026', 'Coventry', 'E54000018', '407'),
    c('E08000027', 'Dudley', 'E54000062', '408'),
    c('E08000028', 'Sandwell', 'E54000062', '409'),
    c('E08000029', 'Solihull', 'E54000055', '410'),
    c('E08000030', 'Walsall', 'E54000062', '411'),
    c('E08000031', 'Wolverhampton', 'E54000062', '412'),
    c('E10000028', 'Staffordshire', 'E54000010', '413'),
    c('E10000031', 'Warwickshire', 'E54000018', '404'),
    c('E10000034', 'Worcestershire', 'E54000019', '416'),
  ]),
  // East of England
  ...inRegion('E12000006', [
    c('E06000031', 'Peterborough', 'E54000056', '624'),
    c('E06000032', 'Luton', 'E54000024', '611'),
    c('E06000033', 'Southend-on-Sea', 'E54000026', '621', { aliases: [dtoc('Southend')] }),
    c('E06000034', 'Thurrock', 'E54000026', '622'),
    c('E06000055', 'Bedford', 'E54000024', '00KB'),
    c('E06000056', 'Central Bedfordshire', 'E54000024', '00KC'),
    c('E10000003', 'Cambridgeshire', 'E54000056', '623'),
    c('E10000012', 'Essex', 'E54000026', '620'),
    c('E10000015', 'Hertfordshire', 'E54000025', '606'),
    c('E10000020', 'Norfolk', 'E54000022', '607'),
    c('E10000029', 'Suffolk', 'E54000023', '609'),
  ]),
  // London
  ...inRegion('E12000007', [
    c('E09000001', 'City of London', 'E54000029', '714'),
    c('E09000002', 'Barking and Dagenham', 'E54000029', '716'),
    c('E09000003', 'Barnet', 'E54000028', '717'),
    c('E09000004', 'Bexley', 'E54000030', '718'),
    c('E09000005', 'Brent', 'E54000027', '719'),
    c('E09000006', 'Bromley', 'E54000030', '720'),
    c('E09000007', 'Camden', 'E54000028', '702'),
    c('E09000008', 'Croydon', 'E54000031', '721'),
    c('E09000009', 'Ealing', 'E54000027', '722'),
    c('E09000010', 'Enfield', 'E54000028', '723'),
    c('E09000011', 'Greenwich', 'E54000030', '703'),
    c('E09000012', 'Hackney', 'E54000029', '704'),
    c('E09000013', 'Hammersmith and Fulham', 'E54000027', '705'),
    c('E09000014', 'Haringey', 'E54000028', '724'),
    c('E09000015', 'Harrow', 'E54000027', '725'),
    c('E09000016', 'Havering', 'E54000029', '726'),
    c('E09000017', 'Hillingdon', 'E54000027', '727'),
    c('E09000018', 'Hounslow', 'E54000027', '728'),
    c('E09000019', 'Islington', 'E54000028', '706'),
    c('E09000020', 'Kensington and Chelsea', 'E54000027', '707'),
    c('E09000021', 'Kingston upon Thames', 'E54000031', '729'),
    c('E09000022', 'Lambeth', 'E54000030', '708'),
    c('E09000023', 'Lewisham', 'E54000030', '709'),
    c('E09000024', 'Merton', 'E54000031', '730'),
    c('E09000025', 'Newham', 'E54000029', '731'),
    c('E09000026', 'Redbridge', 'E54000029', '732'),
    c('E09000027', 'Richmond upon Thames', 'E54000031', '733'),
    c('E09000028', 'Southwark', 'E54000030', '710'),
    c('E09000029', 'Sutton', 'E54000031', '734'),
    c('E09000030', 'Tower Hamlets', 'E54000029', '711'),
    c('E09000031', 'Waltham Forest', 'E54000029', '735'),
    c('E09000032', 'Wandsworth', 'E54000031', '712'),
    c('E09000033', 'Westminster', 'E54000027', '713'),
  ]),
  // South East
  ...inRegion('E12000008', [
    c('E06000035', 'Medway', 'E54000032', '821', { aliases: [dtoc('Medway Towns')] }),
    c('E06000036', 'Bracknell Forest', 'E54000034', '614'),
    c('E06000037', 'West Berkshire', 'E54000044', '615'),
    c('E06000038', 'Reading', 'E54000044', '616'),
    c('E06000039', 'Slough', 'E54000034', '617'),
    c('E06000040', 'Windsor and Maidenhead', 'E54000034', '618'),
    c('E06000041', 'Wokingham', 'E54000044', '619'),
    c('E06000042', 'Milton Keynes', 'E54000024', '613'),
    c('E06000043', 'Brighton and Hove', 'E54000053', '816'),
    c('E06000044', 'Portsmouth', 'E54000042', '813'),
    c('E06000045', 'Southampton', 'E54000042', '814'),
    c('E06000046', 'Isle of Wight', 'E54000042', '803'),
    c('E06000060', 'Buckinghamshire', 'E54000044', undefined, { from: '2020-04-01' }),
    c('E10000002', 'Buckinghamshire', 'E54000044', '612', { until: '2020-04-01', successors: ['E06000060'] }),
    c('E10000011', 'East Sussex', 'E54000053', '815'),
    c('E10000014', 'Hampshire', 'E54000042', '812'),
    c('E10000016', 'Kent', 'E54000032', '820'),
    c('E10000025', 'Oxfordshire', 'E54000044', '608'),
    c('E10000030', 'Surrey', 'E54000052', '805'),
    c('E10000032', 'West Sussex', 'E54000053', '807'),
  ]),
  // South West
  ...inRegion('E12000009', [
    c('E06000022', 'Bath and North East Somerset', 'E54000040', '908'),
    c('E06000023', 'Bristol, City of', 'E54000039', '909'),
    c('E06000024', 'North Somerset', 'E54000039', '910'),
    c('E06000025', 'South Gloucestershire', 'E54000039', '911'),
    c('E06000026', 'Plymouth', 'E54000037', '913'),
    c('E06000027', 'Torbay', 'E54000037', '914'),
    c('E06000028', 'Bournemouth', 'E54000041', '810', { until: '2019-04-01', successors: ['E06000058'], aliases: [APRIL_2019('Bournemouth')] }),
    c('E06000029', 'Poole', 'E54000041', '811', { until: '2019-04-01', successors: ['E06000058'], aliases: [APRIL_2019('Poole')] }),
    c('E06000030', 'Swindon', 'E54000040', '819'),
    c('E06000052', 'Cornwall', 'E54000036', '902'),
    c('E06000053', 'Isles of Scilly', 'E54000036'),
    c('E06000054', 'Wiltshire', 'E54000040', '817'),
    c('E06000058', 'Bournemouth, Christchurch and Poole', 'E54000041', undefined, { from: '2019-04-01' }),
    c('E06000059', 'Dorset', 'E54000041', undefined, { from: '2019-04-01' }),
    c('E06000066', 'Somerset', 'E54000038', undefined, { from: '2023-04-01' }),
    c('E10000008', 'Devon', 'E54000037', '912'),
    c('E10000009', 'Dorset', 'E54000041', '809', { until: '2019-04-01', successors: ['E06000058', 'E06000059'], aliases: [APRIL_2019('Dorset')] }),
    c('E10000013', 'Gloucestershire', 'E54000043', '904'),
    c('E10000027', 'Somerset', 'E54000038', '905', { until: '2023-04-01', successors: ['E06000066'] }),
  ]),
];
