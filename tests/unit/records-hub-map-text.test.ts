// The hub map is handed to DuckDB as one text it splits (aggregate.ts insertHubMap), or, where a
// cell holds the text's separators, as VALUES: either way each hub keeps its code and name as
// written, a practice in lower case is the practice in capitals, and a row with no practice joins no
// record. In both engines.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateRecordFiles, recordFile } from '../../pipelines/records';
import { builtinDefinitions } from '../../pipelines/definitions';
import { aggregateRecords } from '../../src/lib/records/aggregate';
import type { HubMapRow } from '../../src/lib/records/hub-map';
import { metricsFromRows } from '../../src/lib/definitions/parse';
import { nodeDuckDb } from '../../src/lib/server/node-duckdb';
import { COVER_DAYS_2023_24, HALTON, MARKER, SPELLS_HEADER } from './records-fixture';
import { tempDir } from '../helpers/temp';

/** An emergency admission aged 70 in Halton in October 2023 of a patient of `practice`. */
const spell = (i: number, practice: string) => `${MARKER}-s${i},${MARKER}-p${i},70,${HALTON},${practice},2023-10-02,21,2023-10-05,2023-10-05,19,I10,`;
// Knowsley residents (not a place of the map, counted nowhere) whose day cases in each month of
// 2023-24 make the spells cover it whole, October 2023 among its months.
const COVER = COVER_DAYS_2023_24.map((d, i) => `${MARKER}-c${i},${MARKER}-c${i},40,E08000011,N81001,${d},11,${d},,19,K40,`);
const hub = (practice_code: string, hub_code: string, hub_name: string): HubMapRow => ({ practice_code, pcn_code: '', hub_code, hub_name, place_code: HALTON.toLowerCase() });

describe('the hub map handed to DuckDB', () => {
  it('keeps every hub code and name as written, as one text or (a cell holding its separators) as VALUES, in both engines', async () => {
    const at = path.join(tempDir('records-hub-text-'), 'spells.csv');
    writeFileSync(at, [SPELLS_HEADER, spell(1, 'N81001'), spell(2, 'N81002'), spell(3, 'N81003'), spell(4, '   '), ...COVER].join('\n') + '\n');
    const names = ["Widnes, O'Neill \"Central\"", 'Ynys Môn – Runcorn'];
    for (const separator of ['', '\x1e', '\x1f']) {
      const map = [hub('n81001', 'H1', names[0]! + separator), hub('N81002', 'H1', names[0]! + separator), hub('N81003', 'H2', names[1]!), hub(' ', '', '')];
      const native = await aggregateRecordFiles([recordFile(at)!], map);
      expect(native.hubs.map((h) => [h.area_code, h.area_name]), JSON.stringify(separator)).toEqual([
        [`${HALTON}-UNASSIGNED`, 'Unassigned (practice missing, not mapped or outside the place)'], ['H1', names[0]! + separator], ['H2', names[1]],
      ]);
      // Each record once, in its practice's hub; the one whose practice is spaces alone in the unassigned hub, not in a hub coded ''.
      const month = native.observations.filter((o) => o.metric === 'emergency_admissions_65' && o.period_type === 'month').map((o) => [o.area_code, o.numerator]);
      expect(month).toEqual([[HALTON, 4], [`${HALTON}-UNASSIGNED`, 1], ['H1', 2], ['H2', 1]]);
      const db = await nodeDuckDb({ 'record-file-0.csv': at });
      expect(await aggregateRecords(db, [{ ...recordFile(at)!, path: 'record-file-0.csv' }], map, metricsFromRows(builtinDefinitions()))).toEqual(native);
    }
  }, 60_000);
});
