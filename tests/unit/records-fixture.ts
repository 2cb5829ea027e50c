// A hand-made record set: hospital spells and social care events of a few people in Halton and
// Warrington, each line saying what it is there to test. Person identifiers are unique markers, so
// a test can prove none of them reaches anything written. The answers are worked out by hand in
// records.test.ts.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { HubMapRow } from '../../src/lib/records/hub-map';

/** Unique markers: no such string may appear in anything the pipeline writes. */
export const MARKER = 'MARKER-7f3a9c';
const person = (n: number) => `${MARKER}-person-${n}`;
const spell = (n: number) => `${MARKER}-spell-${n}`;
/** An exact value of one record (p1's admission date): it must not appear in anything written either. */
export const EXACT_VALUE = '2023-10-07';

export const HALTON = 'E06000006';
export const WARRINGTON = 'E06000007';
export const [H1, H2, W1] = ['U11111', 'U22222', 'U33333'];
export const UNASSIGNED = `${HALTON}-UNASSIGNED`;

export const HUB_MAP: HubMapRow[] = [
  { practice_code: 'N81001', pcn_code: H1, hub_code: H1, hub_name: 'Widnes', place_code: HALTON },
  { practice_code: 'N81002', pcn_code: H1, hub_code: H1, hub_name: 'Widnes', place_code: HALTON },
  { practice_code: 'N81003', pcn_code: H2, hub_code: H2, hub_name: 'Runcorn', place_code: HALTON },
  { practice_code: 'N81009', pcn_code: W1, hub_code: W1, hub_name: 'Warrington Central', place_code: WARRINGTON },
];

export const SPELLS_HEADER =
  'APCS_Ident,Der_Pseudo_NHS_Number,Age_At_Start_of_Spell_SUS,Der_Postcode_Dist_Unitary_Auth,GP_Practice_Code,Admission_Date,Admission_Method,Discharge_Date,Discharge_Ready_Date,Discharge_Destination,Der_Primary_Diagnosis_Code,External_Cause_Code';
// prettier-ignore
const SPELLS = [
  // p1: emergency, a fall aged 70, discharged on the ready date into reablement; dies on 1 Dec, before day 91.
  `${spell(1)},${person(1)},70,E06000006,N81001,${EXACT_VALUE},21,2023-10-10,2023-10-10,19,S720,W010`,
  // p2: elective, 3 days' delay, into reablement; readmitted 20 Jan (an emergency) and still in hospital on day 91 (4 Feb).
  `${spell(2)},${person(2)},82,E06000006,N81003,2023-11-02,11,2023-11-05,2023-11-02,19,I10,`,
  `${spell(3)},${person(2)},82,E06000006,N81003,2024-01-20,22,2024-02-20,2024-02-18,19,J18,`,
  // p3: no practice code (unassigned hub); a fall aged 90; into reablement; readmitted and home again before day 91.
  `${spell(4)},${person(3)},90,E06000006,,2023-12-15,21,2023-12-20,2023-12-18,19,S010,W19`,
  `${spell(5)},${person(3)},90,E06000006,,2024-01-05,21,2024-01-10,2024-01-10,19,J18,`,
  // p4: died in hospital: an emergency admission, but no discharge delay and no reablement.
  `${spell(6)},${person(4)},75,E06000006,N81002,2023-10-03,21,2023-10-05,2023-10-05,79,I21,`,
  // p5 (Warrington): 3 days' delay, into reablement, then residential care moving to nursing care (in nursing care on day 91).
  `${spell(7)},${person(5)},67,E06000007,N81009,2023-10-20,21,2023-10-25,2023-10-22,19,J44,`,
  // p6: aged 40: a discharge delay of 2 days, nothing else.
  `${spell(8)},${person(6)},40,E06000006,N81001,2023-10-01,21,2023-10-04,2023-10-02,19,K35,`,
  // p7: a Knowsley resident: not a place the hub map names, counted nowhere.
  `${spell(9)},${person(7)},80,E08000011,N81001,2023-10-01,21,2023-10-04,2023-10-04,19,S720,W010`,
  // p8: a Halton resident registered in Warrington (unassigned hub); no reablement.
  `${spell(10)},${person(8)},70,E06000006,N81009,2023-10-10,21,2023-10-12,2023-10-12,19,I50,`,
  // p9: a practice not in the hub map (unassigned); still in hospital.
  `${spell(11)},${person(9)},72,E06000006,Z99999,2024-03-30,21,,,,I63,`,
  // p10: aged 30, elective, 1 day's delay in April 2024 (the data reach 91 days past 31 December).
  `${spell(12)},${person(10)},30,E06000006,N81003,2024-03-28,11,2024-04-02,2024-04-01,19,M17,`,
  // p15: planned, discharged on the ready date; reablement began 15 days later, too late to count as discharged into it.
  `${spell(13)},${person(15)},68,E06000006,N81001,2023-11-06,11,2023-11-10,2023-11-10,19,M16,`,
  // Knowsley residents, counted nowhere, whose day cases on 1 April 2023 and 31 March 2024 make the
  // extract cover the financial year 2023-24 whole (admissions and discharges both reach both days).
  `${spell(14)},${person(16)},45,E08000011,N81001,2023-04-01,11,2023-04-01,,19,K40,`,
  `${spell(15)},${person(17)},45,E08000011,N81001,2024-03-31,11,2024-03-31,,19,K40,`,
  // Their day cases in the months nothing else begins and ends in: a month with no admission or no
  // discharge is a gap in the extract, not covered (queries.ts RECORD_MONTHS_SQL).
  ...['2023-05-15', '2023-06-15', '2023-07-15', '2023-08-15', '2023-09-15', '2024-02-15'].map(
    (day, i) => `${spell(16 + i)},${person(18 + i)},45,E08000011,N81001,${day},11,${day},,19,K40,`,
  ),
];

export const EVENTS_HEADER =
  'LA_Code,Der_NHS_Number_Traced_Pseudo,GP_Practice_Code,Der_Birth_Year,Der_Birth_Month,Client_Type,Event_Type,Service_Type,Event_Start_Date,Event_End_Date,Event_Outcome,Date_of_Death';
const STMAX = 'Short Term Support: ST-Max';
const RES = 'Long Term Support: Residential Care';
const NURS = 'Long Term Support: Nursing Care';
// prettier-ignore
const EVENTS = [
  `E06000006,${person(1)},N81001,1953,5,Service User,Service,${STMAX},11/10/2023,30/10/2023,Service ended as planned,01/12/2023`,
  `E06000006,${person(2)},N81003,1941,3,Service User,Service,${STMAX},05/11/2023,20/11/2023,Service ended as planned,`,
  // p2's reablement recorded again from the next day: still one person in the cohort.
  `E06000006,${person(2)},N81003,1941,3,Service User,Service,${STMAX},06/11/2023,20/11/2023,Service ended as planned,`,
  `E06000006,${person(15)},N81001,1955,4,Service User,Service,${STMAX},25/11/2023,10/12/2023,Service ended as planned,`,
  `E06000006,${person(3)},,1933,1,Service User,Service,${STMAX},20/12/2023,05/01/2024,Service ended as planned,`,
  `E06000007,${person(5)},N81009,1956,6,Service User,Service,${STMAX},25/10/2023,10/11/2023,Progress to Support Planning / Services,`,
  // p5's transfer from residential to nursing care: one admission (December 2023, aged 67).
  `E06000007,${person(5)},N81009,1956,6,Service User,Service,${RES},01/12/2023,15/01/2024,Provision of service,`,
  `E06000007,${person(5)},N81009,1956,6,Service User,Service,${NURS},16/01/2024,,Provision of service,`,
  // p11: admitted to nursing care in February 2024 aged 73.
  `E06000006,${person(11)},N81001,1950,2,Service User,Service,${NURS},01/02/2024,,Provision of service,`,
  // p12: aged 54: not an older person's admission.
  `E06000006,${person(12)},N81003,1970,1,Service User,Service,${RES},01/02/2024,,Provision of service,`,
  // p13: in residential care since March 2022, moved to nursing care in March 2024: admitted once, in 2022.
  `E06000006,${person(13)},N81002,1940,1,Service User,Service,${RES},01/03/2022,04/03/2024,Provision of service,`,
  `E06000006,${person(13)},N81002,1940,1,Service User,Service,${NURS},05/03/2024,,Provision of service,`,
  // A carer's row is not a service user's.
  `E06000006,${person(14)},N81001,1945,1,Carer,Service,${RES},01/02/2024,,Provision of service,`,
  // Knowsley's assessments on 1 April 2023 and 31 March 2024: the events cover 2023-24 whole.
  `E08000011,${person(16)},N81001,1978,1,Service User,Assessment,,01/04/2023,01/04/2023,Progress to Support Planning / Services,`,
  `E08000011,${person(17)},N81001,1978,1,Service User,Assessment,,31/03/2024,31/03/2024,Progress to Support Planning / Services,`,
  // Refused: 31 February is not a date (the row is named by line and column, never by its values).
  `E06000006,${person(99)},N81001,1930,1,Service User,Service,${RES},31/02/2024,,Provision of service,`,
  // Knowsley's assessments in the months nothing else begins and ends in (a gap otherwise).
  ...['15/05/2023', '15/06/2023', '15/07/2023', '15/08/2023', '15/09/2023', '15/02/2024'].map(
    (day, i) => `E08000011,${person(18 + i)},N81001,1978,1,Service User,Assessment,,${day},${day},Progress to Support Planning / Services,`,
  ),
];

/**
 * A day in each month of 2023-24, its first and last days among them: a file whose records begin and
 * end on each (day cases, assessments) covers the year whole (queries.ts RECORD_MONTHS_SQL: a month
 * with no record beginning and ending in it is a gap, not covered).
 */
export const COVER_DAYS_2023_24 = ['2023-04-01', ...['05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `2023-${m}-15`), '2024-01-15', '2024-02-15', '2024-03-31'];
/** YYYY-MM-DD as the CLD specification writes dates, dd/mm/yyyy. */
export const dmy = (iso: string) => iso.split('-').reverse().join('/');

/** Every day from `first` to `last`, as YYYY-MM-DD. */
export const daysFrom = (first: string, last: string): string[] => {
  const days: string[] = [];
  for (let d = new Date(`${first}T00:00Z`); d <= new Date(`${last}T00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) days.push(d.toISOString().slice(0, 10));
  return days;
};

export function writeSet(dir: string, { refusedRow = true } = {}): { spells: string; events: string } {
  const spells = path.join(dir, 'spells.csv');
  const events = path.join(dir, 'cld.csv');
  writeFileSync(spells, [SPELLS_HEADER, ...SPELLS].join('\n') + '\n');
  writeFileSync(events, [EVENTS_HEADER, ...(refusedRow ? EVENTS : EVENTS.filter((e) => !e.includes(person(99))))].join('\r\n') + '\r\n');
  return { spells, events };
}

