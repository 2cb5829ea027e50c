// The discharge metrics count only the adults (18+) discharged alive who have a Discharge Ready
// Date within their spell: the report names, by place, the months covered whole in which fewer than
// half of them have one (some, or none at all), so a figure resting on a few of a month's
// discharges is not shown without warning. In both engines.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateRecordFiles, recordFile } from '../../pipelines/records';
import { builtinDefinitions } from '../../pipelines/definitions';
import { aggregateRecords, type RecordAggregates } from '../../src/lib/records/aggregate';
import { metricsFromRows } from '../../src/lib/definitions/parse';
import { nodeDuckDb } from '../../src/lib/server/node-duckdb';
import { COVER_DAYS_2023_24, HALTON, HUB_MAP, MARKER, SPELLS_HEADER, WARRINGTON } from './records-fixture';
import { tempDir } from '../helpers/temp';

/** An adult's emergency spell, 2-5 October 2023 unless said, discharged alive (destination 19) unless said. */
const spell = (i: number, place: string, ready: string, { age = 50, admitted = '2023-10-02', discharged = '2023-10-05', destination = '19' } = {}) =>
  `${MARKER}-s${i},${MARKER}-p${i},${age},${place},N81001,${admitted},21,${discharged},${ready},${destination},I10,`;
// Knowsley residents (a place the hub map does not name, counted nowhere) whose day cases in each
// month of 2023-24, on its first and last days among them, make the spells cover that year whole.
const COVER = COVER_DAYS_2023_24.map((d, i) => spell(900 + i, 'E08000011', '', { admitted: d, discharged: d }));
const few = (places: string) => `Fewer than half the adults (18+) discharged alive have a Discharge Ready Date within their spell in ${places}. The discharge delay metrics count only those who have one, so there they may not stand for every discharge.`;
const none = (places: string) => `No adult (18+) discharged alive has a Discharge Ready Date within their spell in ${places}; the discharge delay metrics give no figure there.`;
const readyNotes = (a: RecordAggregates) => a.notes.get('spells.csv')!.filter((line) => line.includes('Discharge Ready Date within their spell'));
const delay = (a: RecordAggregates, area: string, month: string) =>
  a.observations.find((o) => o.metric === 'discharge_delay' && o.area_code === area && o.period_type === 'month' && o.period_start === month)?.denominator;

/** The file's aggregates in the pipeline's engine (native DuckDB), checked to be the very same in the upload page's (DuckDB-WASM). */
async function bothEngines(lines: string[]): Promise<RecordAggregates> {
  const at = path.join(tempDir('records-ready-'), 'spells.csv');
  writeFileSync(at, [SPELLS_HEADER, ...lines, ...COVER].join('\n') + '\n');
  const native = await aggregateRecordFiles([recordFile(at)!], HUB_MAP);
  const db = await nodeDuckDb({ 'record-file-0.csv': at });
  expect(await aggregateRecords(db, [{ ...recordFile(at)!, path: 'record-file-0.csv' }], HUB_MAP, metricsFromRows(builtinDefinitions()))).toEqual(native);
  return native;
}

describe('months in which few adults discharged alive have a Discharge Ready Date', () => {
  it('are named where under half have one, or none has, not where exactly half or all have, in both engines', async () => {
    // Four adults discharged alive from Halton in October 2023, `dated` of them with a ready date
    // (the day of discharge). Beside them in every case, and not among those judged: a death in
    // hospital and a child, neither with a ready date (counted, 2 of 4 would become 2 of 6).
    for (const [dated, said] of [[1, [few(`${HALTON} (Oct 2023)`)]], [2, []], [0, [none(`${HALTON} (Oct 2023)`)]], [4, []]] as const) {
      const lines = [1, 2, 3, 4].map((i) => spell(i, HALTON, i <= dated ? '2023-10-05' : ''));
      const got = await bothEngines([...lines, spell(5, HALTON, '', { destination: '79' }), spell(6, HALTON, '', { age: 12 })]);
      expect(readyNotes(got), `${dated} of 4 with a ready date`).toEqual(said);
      // The metrics count those who have one, as before: no row at all where none has.
      expect(delay(got, HALTON, '2023-10-01'), `${dated} of 4`).toBe(dated === 0 ? undefined : dated);
    }
  }, 120_000);

  it('are named by place, a ready date outside the spell counted as none, and only months the spells cover whole', async () => {
    const got = await bothEngines([
      // Halton, October 2023: 1 of 3 (under half); November: 2 of 2 (not named).
      spell(1, HALTON, '2023-10-04'), spell(2, HALTON, ''), spell(3, HALTON, ''),
      spell(4, HALTON, '2023-11-05', { admitted: '2023-11-01', discharged: '2023-11-06' }), spell(5, HALTON, '2023-11-06', { admitted: '2023-11-01', discharged: '2023-11-06' }),
      // Warrington, October 2023: both ready dates after the discharge, an error of the record (none within the spell).
      spell(6, WARRINGTON, '2023-10-09'), spell(7, WARRINGTON, '2023-10-08'),
      // Warrington, November 2023: 1 of 3 (under half, named beside Halton's October).
      ...[9, 10, 11].map((i) => spell(i, WARRINGTON, i === 9 ? '2023-11-06' : '', { admitted: '2023-11-01', discharged: '2023-11-06' })),
      // Warrington, April 2024, with no ready date: a month the spells cover in part, for which no figure is given.
      spell(8, WARRINGTON, '', { admitted: '2024-03-28', discharged: '2024-04-02' }),
    ]);
    expect(readyNotes(got)).toEqual([few(`${HALTON} (Oct 2023); ${WARRINGTON} (Nov 2023)`), none(`${WARRINGTON} (Oct 2023)`)]);
    expect(got.notes.get('spells.csv')).toContain('2 spells have a Discharge Ready Date after the discharge or before the admission: left out of the discharge delay metrics.');
    expect([delay(got, HALTON, '2023-10-01'), delay(got, HALTON, '2023-11-01'), delay(got, WARRINGTON, '2023-10-01'), delay(got, WARRINGTON, '2023-11-01')]).toEqual([1, 2, undefined, 1]);
  }, 60_000);
});
