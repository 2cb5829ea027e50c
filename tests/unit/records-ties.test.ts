// A person's first discharge into reablement (ASCOF 2B(1)) and first care-home admission (ASCOF
// 2A(2)) are each counted once; when two records tie for first (two spells ending the same day,
// two care-home services starting the same day) in different hubs, the same one must be counted on
// every run and in both engines. Before, the tie went whichever way DuckDB's threads sorted it:
// 16 of the 96,812 aggregates of the 10M-row generated set differed between two runs of the same code.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { aggregateRecordFiles, recordFile } from '../../pipelines/records';
import { aggregateRecords, type RecordAggregates } from '../../src/lib/records/aggregate';
import { metricsFromRows } from '../../src/lib/definitions/parse';
import { nodeDuckDb } from '../../src/lib/server/node-duckdb';
import { builtinDefinitions } from '../../pipelines/definitions';
import { COVER_DAYS_2023_24, dmy, HALTON } from './records-fixture';
import type { HubMapRow } from '../../src/lib/records/hub-map';
import { tempDir } from '../helpers/temp';

/** Two hubs of Halton, the second practice's hub code the lower. */
const [LOW, HIGH] = ['U00001', 'U99999'];
const HUB_MAP: HubMapRow[] = [
  { practice_code: 'N81001', pcn_code: HIGH, hub_code: HIGH, hub_name: 'Widnes', place_code: HALTON },
  { practice_code: 'N81003', pcn_code: LOW, hub_code: LOW, hub_name: 'Runcorn', place_code: HALTON },
];

const SPELLS_HEADER =
  'APCS_Ident,Der_Pseudo_NHS_Number,Age_At_Start_of_Spell_SUS,Der_Postcode_Dist_Unitary_Auth,GP_Practice_Code,Admission_Date,Admission_Method,Discharge_Date,Discharge_Ready_Date,Discharge_Destination,Der_Primary_Diagnosis_Code,External_Cause_Code';
const EVENTS_HEADER =
  'LA_Code,Der_NHS_Number_Traced_Pseudo,GP_Practice_Code,Der_Birth_Year,Der_Birth_Month,Client_Type,Event_Type,Service_Type,Event_Start_Date,Event_End_Date,Event_Outcome,Date_of_Death';

/** Person 1's two spells end on 10 Oct 2023, the higher hub's (N81001) first in the file; person 2's two care homes both start on 1 Feb 2024, likewise. */
function writeTies(dir: string) {
  const spells = [
    'tie-s1,tie-person-1,70,E06000006,N81001,2023-10-01,21,2023-10-10,2023-10-10,19,I50,',
    'tie-s2,tie-person-1,70,E06000006,N81003,2023-10-02,21,2023-10-10,2023-10-10,19,I50,',
    // Someone discharged in April 2024, so the data reach 91 days past 31 December.
    'tie-s3,tie-person-3,40,E06000006,N81001,2024-03-28,11,2024-04-02,2024-04-01,19,M17,',
    // Day cases in each month of 2023-24, on its first and last days among them: the spells cover the year whole.
    ...COVER_DAYS_2023_24.map((d, i) => `tie-s${4 + i},tie-person-4,40,E06000006,N81001,${d},11,${d},,19,K40,`),
  ];
  const events = [
    'E06000006,tie-person-1,N81001,1953,5,Service User,Service,Short Term Support: ST-Max,11/10/2023,30/10/2023,Service ended as planned,',
    'E06000006,tie-person-2,N81001,1950,2,Service User,Service,Long Term Support: Residential Care,01/02/2024,,Provision of service,',
    'E06000006,tie-person-2,N81003,1950,2,Service User,Service,Long Term Support: Residential Care,01/02/2024,,Provision of service,',
    // Assessments in each month of 2023-24, on its first and last days among them: the events cover the year whole.
    ...COVER_DAYS_2023_24.map((d) => `E06000006,tie-person-4,N81001,1983,5,Service User,Assessment,,${dmy(d)},${dmy(d)},No services provided,`),
  ];
  const files = { spells: path.join(dir, 'spells.csv'), events: path.join(dir, 'cld.csv') };
  writeFileSync(files.spells, [SPELLS_HEADER, ...spells].join('\n') + '\n');
  writeFileSync(files.events, [EVENTS_HEADER, ...events].join('\n') + '\n');
  return [recordFile(files.spells)!, recordFile(files.events)!];
}

const yearRows = (a: RecordAggregates, metric: string) =>
  a.observations.filter((o) => o.metric === metric && o.period_type === 'financial_year' && o.numerator + (o.denominator ?? 0) > 0).map((o) => [o.area_code, o.numerator, o.denominator]);

describe('records that tie for first', () => {
  it('are broken by place and hub code, the same on every run and in both engines', async () => {
    const records = writeTies(tempDir('records-ties-'));
    const metrics = metricsFromRows(builtinDefinitions());
    const named = records.map((f, i) => ({ ...f, path: `record-file-${i}.csv` }));
    const wasm = await nodeDuckDb(Object.fromEntries(records.map((f, i) => [named[i]!.path, f.path])));
    const runs = [
      await aggregateRecordFiles(records, HUB_MAP),
      await aggregateRecordFiles(records, HUB_MAP),
      await aggregateRecords(wasm, named, HUB_MAP, metrics),
    ];
    for (const result of runs) {
      // Counted in the lower hub code's hub, though the other's record comes first in each file.
      expect(yearRows(result, 'ascof_2b1')).toEqual([[HALTON, 1, 1], [LOW, 1, 1]]);
      expect(yearRows(result, 'ascof_2a2')).toEqual([[HALTON, 1, null], [LOW, 1, null]]);
    }
  }, 60_000);
});
