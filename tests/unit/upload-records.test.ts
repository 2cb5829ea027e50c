// Record-level aggregates on the upload page: a few thousand rows are read and checked in
// JavaScript in the page (DuckDB's reading is some thirty round trips to its worker), with the
// very report and rows DuckDB's reading of the same aggregates gives.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateRecordFiles, recordFile } from '../../pipelines/records';
import { builtinDefinitions } from '../../pipelines/definitions';
import { fromArrowIpc } from '../../src/lib/contract/arrow';
import { TABLE_NAMES, type Area } from '../../src/lib/contract/schema';
import { metricsFromRows } from '../../src/lib/definitions/parse';
import { plainObservationsHeader } from '../../src/lib/ingest/canonical-sql';
import { aggregateInputs } from '../../src/lib/records/inputs';
import { nodeDuckDb } from '../../src/lib/server/node-duckdb';
import { allIpc, readInDuckDb, type FileRead } from '../../src/lib/upload/read-file';
import { AGGREGATES_READ_IN_PAGE, readAggregates } from '../../src/lib/upload/records';
import { HALTON, HUB_MAP, WARRINGTON, writeSet } from './records-fixture';
import { tempDir } from '../helpers/temp';

const METRICS = metricsFromRows(builtinDefinitions());

describe('record-level aggregates read on the upload page', () => {
  it('are read in the page without a query to DuckDB, giving the report and rows DuckDB gives', async () => {
    const dir = tempDir('upload-records-');
    const set = writeSet(dir);
    const aggregates = await aggregateRecordFiles([recordFile(set.spells)!, recordFile(set.events)!], HUB_MAP);
    const [, input] = aggregateInputs(['spells.csv', 'cld.csv'], aggregates);
    const observations = { ...input!, rows: aggregates.observations.length };
    expect(observations.rows).toBeGreaterThan(0);
    expect(observations.rows).toBeLessThanOrEqual(AGGREGATES_READ_IN_PAGE);
    const areas: Area[] = [
      { area_code: 'E92000001', area_name: 'England', area_type: 'england', parent_code: null },
      { area_code: HALTON, area_name: 'Halton', area_type: 'place', parent_code: 'E92000001' },
      { area_code: WARRINGTON, area_name: 'Warrington', area_type: 'place', parent_code: 'E92000001' },
      ...aggregates.hubs,
    ];
    const file = path.join(dir, observations.name);
    writeFileSync(file, observations.bytes);
    const db = await nodeDuckDb({ [observations.name]: file });
    const sent: string[] = [];
    const watched = { ...db, query: ((sql: string, params?: (string | number)[]) => (sent.push(sql), db.query(sql, params))) as typeof db.query };
    const inPage = await readAggregates(watched, observations, areas, METRICS);
    expect(sent).toEqual([]);
    const byDuckDb = await readInDuckDb(db, 1, observations.name, observations.name, plainObservationsHeader(observations.bytes)!, observations.bytes, areas, METRICS);
    expect(inPage!.report).toEqual(byDuckDb!.report);
    const js = (inPage as FileRead).ipc;
    const duck = await allIpc(byDuckDb!);
    expect(fromArrowIpc('observations', js.observations)).toHaveLength(observations.rows);
    for (const table of TABLE_NAMES) expect(fromArrowIpc(table, js[table])).toEqual(fromArrowIpc(table, duck[table]));
  }, 60_000);
});
