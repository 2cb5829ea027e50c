// Record-level spells and social care events to place and hub figures, on a hand-made record set
// whose answers are worked out by hand below (each expected number says which records make it).
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { aggregateRecordFiles, recordFile } from '../../pipelines/records';
import type { RecordAggregates } from '../../src/lib/records/aggregate';
import type { HubMapRow } from '../../src/lib/records/hub-map';

const HALTON = 'E06000006';
const WARRINGTON = 'E06000007';
const [H1, H2, W1] = ['U11111', 'U22222', 'U33333'];
const UNASSIGNED = `${HALTON}-UNASSIGNED`;

export const HUB_MAP: HubMapRow[] = [
  { practice_code: 'N81001', pcn_code: H1, hub_code: H1, hub_name: 'Widnes', place_code: HALTON },
  { practice_code: 'N81002', pcn_code: H1, hub_code: H1, hub_name: 'Widnes', place_code: HALTON },
  { practice_code: 'N81003', pcn_code: H2, hub_code: H2, hub_name: 'Runcorn', place_code: HALTON },
  { practice_code: 'N81009', pcn_code: W1, hub_code: W1, hub_name: 'Warrington Central', place_code: WARRINGTON },
];

const SPELLS_HEADER =
  'APCS_Ident,Der_Pseudo_NHS_Number,Age_At_Start_of_Spell_SUS,Der_Postcode_Dist_Unitary_Auth,GP_Practice_Code,Admission_Date,Admission_Method,Discharge_Date,Discharge_Ready_Date,Discharge_Destination,Der_Primary_Diagnosis_Code,External_Cause_Code';
// prettier-ignore
const SPELLS = [
  // p1: emergency, a fall aged 70, discharged on the ready date into reablement; dies on 1 Dec, before day 91.
  '1,p1,70,E06000006,N81001,2023-10-01,21,2023-10-10,2023-10-10,19,S720,W010',
  // p2: elective, 3 days' delay, into reablement; readmitted 20 Jan (an emergency) and still in hospital on day 91 (4 Feb).
  '2,p2,82,E06000006,N81003,2023-11-02,11,2023-11-05,2023-11-02,19,I10,',
  '3,p2,82,E06000006,N81003,2024-01-20,22,2024-02-20,2024-02-18,19,J18,',
  // p3: no practice code (unassigned hub); a fall aged 90; into reablement; readmitted and home again before day 91.
  '4,p3,90,E06000006,,2023-12-15,21,2023-12-20,2023-12-18,19,S010,W19',
  '5,p3,90,E06000006,,2024-01-05,21,2024-01-10,2024-01-10,19,J18,',
  // p4: died in hospital: an emergency admission, but no discharge delay and no reablement.
  '6,p4,75,E06000006,N81002,2023-10-03,21,2023-10-05,2023-10-05,79,I21,',
  // p5 (Warrington): 3 days' delay, into reablement, then residential care moving to nursing care (in nursing care on day 91).
  '7,p5,67,E06000007,N81009,2023-10-20,21,2023-10-25,2023-10-22,19,J44,',
  // p6: aged 40: a discharge delay of 2 days, nothing else.
  '8,p6,40,E06000006,N81001,2023-10-01,21,2023-10-04,2023-10-02,19,K35,',
  // p7: a Knowsley resident: not a place the hub map names, counted nowhere.
  '9,p7,80,E08000011,N81001,2023-10-01,21,2023-10-04,2023-10-04,19,S720,W010',
  // p8: a Halton resident registered in Warrington (unassigned hub); no reablement.
  '10,p8,70,E06000006,N81009,2023-10-10,21,2023-10-12,2023-10-12,19,I50,',
  // p9: a practice not in the hub map (unassigned); still in hospital.
  '11,p9,72,E06000006,Z99999,2024-03-30,21,,,,I63,',
  // p10: aged 30, elective, 1 day's delay in April 2024 (the data reach 91 days past 31 December).
  '12,p10,30,E06000006,N81003,2024-03-28,11,2024-04-02,2024-04-01,19,M17,',
];

const EVENTS_HEADER =
  'LA_Code,Der_NHS_Number_Traced_Pseudo,GP_Practice_Code,Der_Birth_Year,Der_Birth_Month,Client_Type,Event_Type,Service_Type,Event_Start_Date,Event_End_Date,Event_Outcome,Date_of_Death';
const STMAX = 'Short Term Support: ST-Max';
const RES = 'Long Term Support: Residential Care';
const NURS = 'Long Term Support: Nursing Care';
// prettier-ignore
const EVENTS = [
  `E06000006,p1,N81001,1953,5,Service User,Service,${STMAX},11/10/2023,30/10/2023,Service ended as planned,01/12/2023`,
  `E06000006,p2,N81003,1941,3,Service User,Service,${STMAX},05/11/2023,20/11/2023,Service ended as planned,`,
  `E06000006,p3,,1933,1,Service User,Service,${STMAX},20/12/2023,05/01/2024,Service ended as planned,`,
  `E06000007,p5,N81009,1956,6,Service User,Service,${STMAX},25/10/2023,10/11/2023,Progress to Support Planning / Services,`,
  // p5's transfer from residential to nursing care: one admission (December 2023, aged 67).
  `E06000007,p5,N81009,1956,6,Service User,Service,${RES},01/12/2023,15/01/2024,Provision of service,`,
  `E06000007,p5,N81009,1956,6,Service User,Service,${NURS},16/01/2024,,Provision of service,`,
  // p11: admitted to nursing care in February 2024 aged 73.
  `E06000006,p11,N81001,1950,2,Service User,Service,${NURS},01/02/2024,,Provision of service,`,
  // p12: aged 54: not an older person's admission.
  `E06000006,p12,N81003,1970,1,Service User,Service,${RES},01/02/2024,,Provision of service,`,
  // p13: in residential care since March 2022, moved to nursing care in March 2024: admitted once, in 2022.
  `E06000006,p13,N81002,1940,1,Service User,Service,${RES},01/03/2022,04/03/2024,Provision of service,`,
  `E06000006,p13,N81002,1940,1,Service User,Service,${NURS},05/03/2024,,Provision of service,`,
  // A carer's row is not a service user's.
  `E06000006,p14,N81001,1945,1,Carer,Service,${RES},01/02/2024,,Provision of service,`,
  // Refused: 31 February is not a date (the row is named by line and column, never by its values).
  `E06000006,MARKER-7f3a9c,N81001,1930,1,Service User,Service,${RES},31/02/2024,,Provision of service,`,
];

function writeSet(dir: string): { spells: string; events: string } {
  const spells = path.join(dir, 'spells.csv');
  const events = path.join(dir, 'cld.csv');
  writeFileSync(spells, [SPELLS_HEADER, ...SPELLS].join('\n') + '\n');
  writeFileSync(events, [EVENTS_HEADER, ...EVENTS].join('\r\n') + '\r\n');
  return { spells, events };
}

type Row = [area: string, period: string, breakdown: string, numerator: number, denominator: number | null];
const rows = (a: RecordAggregates, metric: string, periodType: string): Row[] =>
  a.observations
    .filter((o) => o.metric === metric && o.period_type === periodType)
    .map((o): Row => [o.area_code, o.period_start, o.breakdown, o.numerator, o.denominator])
    .sort((x, y) => (x.slice(0, 3).join('|') < y.slice(0, 3).join('|') ? -1 : 1));

describe('record-level spells and CLD events, aggregated by DuckDB', () => {
  let result: RecordAggregates;
  beforeAll(async () => {
    const files = writeSet(mkdtempSync(path.join(os.tmpdir(), 'records-')));
    result = await aggregateRecordFiles([recordFile(files.spells)!, recordFile(files.events)!], HUB_MAP);
  }, 30_000);

  it('recognises each layout by its header and the CLD dates as dd/mm/yyyy', () => {
    const files = writeSet(mkdtempSync(path.join(os.tmpdir(), 'records-')));
    expect([recordFile(files.spells)?.layout.id, recordFile(files.spells)?.dateFormat]).toEqual(['sus_apc_spells', '%Y-%m-%d']);
    expect([recordFile(files.events)?.layout.id, recordFile(files.events)?.dateFormat]).toEqual(['cld_events', '%d/%m/%Y']);
  });

  it('counts emergency admissions 65+ by month, quarter and year, per place and hub, unassigned included', () => {
    const halton = (r: Row) => r[0] === HALTON || r[0].startsWith('U1') || r[0].startsWith('U2') || r[0] === UNASSIGNED;
    expect(rows(result, 'emergency_admissions_65', 'month').filter(halton)).toEqual([
      [UNASSIGNED, '2023-10-01', 'total', 1, null], // p8 (practice in Warrington)
      [UNASSIGNED, '2023-12-01', 'total', 1, null], // p3 (no practice)
      [UNASSIGNED, '2024-01-01', 'total', 1, null], // p3
      [UNASSIGNED, '2024-03-01', 'total', 1, null], // p9 (practice not mapped)
      [HALTON, '2023-10-01', 'total', 3, null], // p1, p4, p8
      [HALTON, '2023-12-01', 'total', 1, null], // p3
      [HALTON, '2024-01-01', 'total', 2, null], // p2's readmission, p3's
      [HALTON, '2024-03-01', 'total', 1, null], // p9
      [H1, '2023-10-01', 'total', 2, null], // p1, p4
      [H2, '2024-01-01', 'total', 1, null], // p2
    ]);
    expect(rows(result, 'emergency_admissions_65', 'quarter').filter((r) => r[0] === HALTON)).toEqual([
      [HALTON, '2023-10-01', 'total', 4, null],
      [HALTON, '2024-01-01', 'total', 3, null],
    ]);
    expect(rows(result, 'emergency_admissions_65', 'financial_year')).toEqual([
      [UNASSIGNED, '2023-04-01', 'total', 4, null],
      [HALTON, '2023-04-01', 'total', 7, null],
      [WARRINGTON, '2023-04-01', 'total', 1, null], // p5 (p7 lives in Knowsley)
      [H1, '2023-04-01', 'total', 2, null],
      [H2, '2023-04-01', 'total', 1, null],
      [W1, '2023-04-01', 'total', 1, null],
    ]);
  });

  it('counts falls 65+ by five-year age band, by quarter', () => {
    expect(rows(result, 'falls_65', 'quarter')).toEqual([
      [UNASSIGNED, '2023-10-01', '90+', 1, null],
      [HALTON, '2023-10-01', '70-74', 1, null], // p1
      [HALTON, '2023-10-01', '90+', 1, null], // p3
      [H1, '2023-10-01', '70-74', 1, null],
    ]);
  });

  it('sums delay days over patients discharged alive with a ready date, and counts those discharged on it', () => {
    expect(rows(result, 'discharge_delay', 'month').filter((r) => r[0] === HALTON)).toEqual([
      [HALTON, '2023-10-01', 'total', 2, 3], // p1 0, p6 2, p8 0 (p4 died)
      [HALTON, '2023-11-01', 'total', 3, 1], // p2
      [HALTON, '2023-12-01', 'total', 2, 1], // p3
      [HALTON, '2024-01-01', 'total', 0, 1], // p3 again
      [HALTON, '2024-02-01', 'total', 2, 1], // p2 again
      [HALTON, '2024-04-01', 'total', 1, 1], // p10
    ]);
    expect(rows(result, 'discharged_on_ready_date', 'month').filter((r) => r[1] === '2023-10-01')).toEqual([
      [UNASSIGNED, '2023-10-01', 'total', 1, 1],
      [HALTON, '2023-10-01', 'total', 2, 3], // p1, p8
      [WARRINGTON, '2023-10-01', 'total', 0, 1],
      [H1, '2023-10-01', 'total', 1, 2],
      [W1, '2023-10-01', 'total', 0, 1],
    ]);
  });

  it('counts each older person admitted to a care home once, a move between residential and nursing care not again', () => {
    expect(rows(result, 'ascof_2a2', 'quarter')).toEqual([
      [HALTON, '2022-01-01', 'total', 1, null], // p13
      [HALTON, '2024-01-01', 'total', 1, null], // p11 (p12 is 54; p14 is a carer; the refused row is not read)
      [WARRINGTON, '2023-10-01', 'total', 1, null], // p5, not again in January
      [H1, '2022-01-01', 'total', 1, null],
      [H1, '2024-01-01', 'total', 1, null],
      [W1, '2023-10-01', 'total', 1, null],
    ]);
  });

  it('follows people discharged into reablement in October-December to day 91 (death, readmission, care home, unassigned)', () => {
    expect(rows(result, 'ascof_2b1', 'financial_year')).toEqual([
      [UNASSIGNED, '2023-04-01', 'total', 1, 1], // p3
      [HALTON, '2023-04-01', 'total', 1, 3], // p1 died, p2 in hospital, p3 at home
      [WARRINGTON, '2023-04-01', 'total', 0, 1], // p5 in nursing care
      [H1, '2023-04-01', 'total', 0, 1],
      [H2, '2023-04-01', 'total', 0, 1],
      [W1, '2023-04-01', 'total', 0, 1],
    ]);
  });

  it("makes every place the exact sum of its hubs", () => {
    const parent = (code: string) => result.hubs.find((h) => h.area_code === code)?.parent_code;
    const key = (o: RecordAggregates['observations'][number], area: string) => [o.metric, area, o.period_type, o.period_start, o.breakdown].join('|');
    const sums = new Map<string, [number, number]>();
    for (const o of result.observations.filter((o) => parent(o.area_code))) {
      const k = key(o, parent(o.area_code)!);
      const [n, d] = sums.get(k) ?? [0, 0];
      sums.set(k, [n + o.numerator, d + (o.denominator ?? 0)]);
    }
    const places = result.observations.filter((o) => !parent(o.area_code));
    expect(places.length).toBeGreaterThan(20);
    for (const p of places) expect(sums.get(key(p, p.area_code))).toEqual([p.numerator, p.denominator ?? 0]);
  });

  it('lists the hubs of each place and its unassigned hub, and says how many records went there', () => {
    expect(result.hubs.map((h) => [h.area_code, h.parent_code])).toEqual([
      [UNASSIGNED, HALTON], [H1, HALTON], [H2, HALTON], [`${WARRINGTON}-UNASSIGNED`, WARRINGTON], [W1, WARRINGTON],
    ]);
    expect(result.notes.get('spells.csv')).toEqual([
      'Record-level file (hospital inpatient spells (SUS+ Admitted Patient Care, record level)): 12 rows read by DuckDB and aggregated; the records themselves are not kept.',
      '1 rows are of residents of councils the hub map does not name; they are not counted.',
      'Rows counted in a place\'s "unassigned" hub: 1 with the practice in another place, 2 with the practice missing, 1 with the practice not in the hub map.',
    ]);
  });

  it('refuses a bad cell by file, row and column without repeating what it held', () => {
    expect(result.errors).toEqual([{ file: 'cld.csv', row: 13, column: 'Event_Start_Date', message: 'is not a date (dd/mm/yyyy); the row was not counted' }]);
    expect(JSON.stringify([...result.notes.values(), result.errors])).not.toContain('MARKER');
  });
});
