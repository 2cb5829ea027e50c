// Only the fields a metric or note reads are read from a record-level file: CLD's Event_Outcome,
// which none reads, is neither needed nor kept (its text was an eighth of the reading of the events).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateRecordFiles, recordFile } from '../../pipelines/records';
import { builtinDefinitions } from '../../pipelines/definitions';
import { aggregateRecords } from '../../src/lib/records/aggregate';
import { metricsFromRows } from '../../src/lib/definitions/parse';
import { nodeDuckDb } from '../../src/lib/server/node-duckdb';
import { HUB_MAP, writeSet } from './records-fixture';
import { tempDir } from '../helpers/temp';

describe('the fields read from CLD events', () => {
  it('leave Event_Outcome out: a file without it gives the same aggregates and notes as with it, in both engines', async () => {
    const dir = tempDir('records-fields-');
    const files = writeSet(dir);
    // The same events without their Event_Outcome column (the 11th), in a file of the same name.
    const lines = readFileSync(files.events, 'utf8').split('\r\n');
    const without = path.join(tempDir('records-fields-'), 'cld.csv');
    writeFileSync(without, lines.map((l) => (l === '' ? l : l.split(',').filter((_, i) => i !== 10).join(','))).join('\r\n'));
    expect(lines[0]!.split(',')[10]).toBe('Event_Outcome');
    const expected = await aggregateRecordFiles([recordFile(files.spells)!, recordFile(files.events)!], HUB_MAP);
    expect(expected.observations.some((o) => o.metric === 'ascof_2a2')).toBe(true);
    expect(await aggregateRecordFiles([recordFile(files.spells)!, recordFile(without)!], HUB_MAP)).toEqual(expected);
    const db = await nodeDuckDb({ 'record-file-0.csv': files.spells, 'record-file-1.csv': without });
    const read = [{ ...recordFile(files.spells)!, path: 'record-file-0.csv' }, { ...recordFile(without)!, path: 'record-file-1.csv' }];
    expect(await aggregateRecords(db, read, HUB_MAP, metricsFromRows(builtinDefinitions()))).toEqual(expected);
  }, 60_000);
});
