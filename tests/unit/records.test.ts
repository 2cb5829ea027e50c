// Record-level spells and social care events to place and hub figures, on a hand-made record set
// whose answers are worked out by hand below (each expected number says which records make it).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateRecordFiles, recordFile } from '../../pipelines/records';
import { aggregateRecords, type RecordAggregates } from '../../src/lib/records/aggregate';
import { placesOnlyHubMap } from '../../src/lib/records/hub-map';
import { metricsFromRows } from '../../src/lib/definitions/parse';
import { nativeDuckDb, type NativeDb } from '../../src/lib/server/native-duckdb';
import { toCanonicalCsv } from '../../src/lib/contract/write-csv';
import { nodeDuckDb, type NodeDb } from '../../src/lib/server/node-duckdb';
import type { RecordFile } from '../../src/lib/records/layouts';
import { builtinDefinitions } from '../../pipelines/definitions';
import { daysFrom, H1, H2, HALTON, HUB_MAP, SPELLS_HEADER, UNASSIGNED, W1, WARRINGTON, writeSet } from './records-fixture';
import { tempDir } from '../helpers/temp';

type Row = [area: string, period: string, breakdown: string, numerator: number, denominator: number | null];
const rows = (a: RecordAggregates, metric: string, periodType: string): Row[] =>
  a.observations
    .filter((o) => o.metric === metric && o.period_type === periodType)
    .map((o): Row => [o.area_code, o.period_start, o.breakdown, o.numerator, o.denominator])
    .sort((x, y) => (x.slice(0, 3).join('|') < y.slice(0, 3).join('|') ? -1 : 1));

describe('record-level spells and CLD events, aggregated by DuckDB', () => {
  let result: RecordAggregates;
  // The upload page's engine (DuckDB-WASM's Node build) over the same files, by the names the page gives them.
  let wasm: { db: NodeDb; files: (RecordFile & { path: string })[] };
  let native: NativeDb;
  beforeAll(async () => {
    const files = writeSet(tempDir('records-'));
    const records = [recordFile(files.spells)!, recordFile(files.events)!];
    result = await aggregateRecordFiles(records, HUB_MAP);
    const named = records.map((f, i) => ({ ...f, path: `record-file-${i}.csv` }));
    wasm = { db: await nodeDuckDb(Object.fromEntries(records.map((f, i) => [named[i]!.path, f.path]))), files: named };
    native = await nativeDuckDb(Object.fromEntries(records.map((f, i) => [named[i]!.path, f.path])));
  }, 90_000);
  afterAll(() => native.close());

  it('recognises each layout by its header and the CLD dates as dd/mm/yyyy', () => {
    const files = writeSet(tempDir('records-'));
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

  it('counts falls 65+ by five-year age band, by quarter, every band of an area held (0 where none fell)', () => {
    const falls = rows(result, 'falls_65', 'quarter');
    for (const area of [UNASSIGNED, HALTON, H1]) {
      expect(falls.filter((r) => r[0] === area).map((r) => r[2]).sort()).toEqual(['65-69', '70-74', '75-79', '80-84', '85-89', '90+']);
    }
    expect(falls.filter((r) => r[3] !== 0)).toEqual([
      [UNASSIGNED, '2023-10-01', '90+', 1, null],
      [HALTON, '2023-10-01', '70-74', 1, null], // p1
      [HALTON, '2023-10-01', '90+', 1, null], // p3
      [H1, '2023-10-01', '70-74', 1, null],
    ]);
  });

  it('sums delay days over patients discharged alive with a ready date, and counts those discharged on it', () => {
    expect(rows(result, 'discharge_delay', 'month').filter((r) => r[0] === HALTON)).toEqual([
      [HALTON, '2023-10-01', 'total', 2, 3], // p1 0, p6 2, p8 0 (p4 died)
      [HALTON, '2023-11-01', 'total', 3, 2], // p2 3, p15 0
      [HALTON, '2023-12-01', 'total', 2, 1], // p3
      [HALTON, '2024-01-01', 'total', 0, 1], // p3 again
      [HALTON, '2024-02-01', 'total', 2, 1], // p2 again
      // (p10's, discharged in April 2024, is left out: the spells cover April in part.)
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
    // p13's admission, in March 2022, is counted once (not again on moving to nursing care), and
    // left out: the events cover 2023-24 only.
    expect(rows(result, 'ascof_2a2', 'quarter')).toEqual([
      [HALTON, '2024-01-01', 'total', 1, null], // p11 (p12 is 54; p14 is a carer; the refused row is not read)
      [WARRINGTON, '2023-10-01', 'total', 1, null], // p5, not again in January
      [H1, '2024-01-01', 'total', 1, null],
      [W1, '2023-10-01', 'total', 1, null],
    ]);
  });

  it('follows people discharged into reablement in October-December to day 91 (death, readmission, care home, unassigned)', () => {
    expect(rows(result, 'ascof_2b1', 'financial_year')).toEqual([
      [UNASSIGNED, '2023-04-01', 'total', 1, 1], // p3
      [HALTON, '2023-04-01', 'total', 1, 3], // p1 died, p2 in hospital, p3 at home (p15's reablement began too late)
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

  it('gives the events\' periods covered whole only, and says which it left out', () => {
    expect(result.notes.get('cld.csv')).toContain(
      'The events cover the months Apr 2023 to Mar 2024 whole (the days both their start and end dates reach): figures are given only for the months, quarters and years covered whole, since a period covered in part would be counted short. Left out as covered in part: 2021-22, Q4 2021-22.',
    );
  });

  it('gives no year, quarter or month to date: an extract ending mid-month is counted to the last month it covers whole, in both engines', async () => {
    // Emergency admissions 65+ of Halton residents, one a day (day cases) from 4 April 2023 to 15
    // February 2024: February, January-March and 2023-24 would be short. April too: hospitals admit
    // and discharge every day, so spells missing its first three days are three days short (events
    // are allowed them: records-coverage.test.ts).
    const dir = tempDir('records-to-date-');
    const spells = path.join(dir, 'spells.csv');
    writeFileSync(spells, [SPELLS_HEADER, ...daysFrom('2023-04-04', '2024-02-15').map((d, i) => `s${i},p${i},70,E06000006,N81001,${d},21,${d},,19,I10,`)].join('\n') + '\n');
    const metrics = metricsFromRows(builtinDefinitions());
    const [page, pipeline] = [await nodeDuckDb({ 'to-date.csv': spells }), await nativeDuckDb({ 'to-date.csv': spells })];
    try {
      for (const [db, where] of [[page, 'to-date.csv'], [pipeline, pipeline.path('to-date.csv')]] as const) {
        const got = await aggregateRecords(db, [{ ...recordFile(spells)!, path: where }], HUB_MAP, metrics);
        const halton = (type: string) => rows(got, 'emergency_admissions_65', type).filter((r) => r[0] === HALTON).map((r) => [r[1], r[3]]);
        expect(halton('month')).toEqual([
          ['2023-05-01', 31], ['2023-06-01', 30], ['2023-07-01', 31], ['2023-08-01', 31],
          ['2023-09-01', 30], ['2023-10-01', 31], ['2023-11-01', 30], ['2023-12-01', 31], ['2024-01-01', 31],
        ]);
        expect(halton('quarter')).toEqual([['2023-07-01', 92], ['2023-10-01', 92]]);
        expect(halton('financial_year')).toEqual([]);
        expect(got.notes.get('spells.csv')).toContain(
          'The spells cover the months May 2023 to Jan 2024 whole (the days both their admission and discharge dates reach): figures are given only for the months, quarters and years covered whole, since a period covered in part would be counted short. Left out as covered in part: 2023-24, Apr 2023, Q1 2023-24, Q4 2023-24, Feb 2024.',
        );
      }
    } finally {
      pipeline.close();
    }
  }, 60_000);

  it('lists the hubs of each place and its unassigned hub, and says how many records went there', () => {
    expect(result.hubs.map((h) => [h.area_code, h.parent_code])).toEqual([
      [UNASSIGNED, HALTON], [H1, HALTON], [H2, HALTON], [`${WARRINGTON}-UNASSIGNED`, WARRINGTON], [W1, WARRINGTON],
    ]);
    expect(result.notes.get('spells.csv')).toEqual([
      'Record-level file (hospital inpatient spells (SUS+ Admitted Patient Care, record level)): 21 rows read by DuckDB and aggregated; the records themselves are not kept.',
      'The spells cover the months Apr 2023 to Mar 2024 whole (the days both their admission and discharge dates reach): figures are given only for the months, quarters and years covered whole, since a period covered in part would be counted short. Left out as covered in part: Apr 2024.',
      '9 rows are of residents of councils the hub map does not name: not counted.',
      'Rows counted in a place\'s "unassigned" hub: 1 with the practice in another place, 2 with the practice missing, 1 with the practice not in the hub map.',
    ]);
  });

  it('refuses a bad cell by file, row and column without repeating what it held', () => {
    expect(result.errors).toEqual([{ file: 'cld.csv', row: 17, column: 'Event_Start_Date', message: 'is not a date (dd/mm/yyyy without a time: the form of the first dates in the file); the row was not counted' }]);
    expect(JSON.stringify([...result.notes.values(), result.errors])).not.toContain('MARKER');
  });

  it("gives the very same aggregates, notes and refused rows in the upload page's engine (DuckDB-WASM) as in the pipeline's (native DuckDB)", async () => {
    // The page's engine prints a failed query's error, quoting the row, to the console: no query may fail there.
    const failed: string[] = [];
    const watched = { query: <T extends Record<string, unknown>>(sql: string) => wasm.db.query<T>(sql).catch((e: Error) => { failed.push(e.message); throw e; }) };
    expect(await aggregateRecords(watched, wasm.files, HUB_MAP, metricsFromRows(builtinDefinitions()))).toEqual(result);
    expect(failed).toEqual([]);
    // 22 rows, one refused (p99) on the second reading: the first, which failed, added nothing.
    expect(result.notes.get('cld.csv')![0]).toBe('Record-level file (adult social care Client Level Data events (record level)): 21 rows read by DuckDB and aggregated; the records themselves are not kept.');
  }, 30_000);

  it('hands a hub code holding the separators of the rollup\'s one text back as it is (its rows then come one by one)', async () => {
    const odd = `${H1}\x1e\x1f`;
    const map = HUB_MAP.map((h) => (h.hub_code === H1 ? { ...h, pcn_code: odd, hub_code: odd } : h));
    const got = await aggregateRecords(wasm.db, wasm.files, map, metricsFromRows(builtinDefinitions()));
    expect(got.observations.filter((o) => o.area_code === odd).length).toBeGreaterThan(0);
    expect(got.observations.map((o) => (o.area_code === odd ? { ...o, area_code: H1 } : o))).toEqual(result.observations);
  }, 30_000);

  it('writes the observations as the pipeline ingests them (canonical CSV, empty age bands added) in DuckDB, the very bytes toCanonicalCsv writes of the rows', async () => {
    const asRows = (a: RecordAggregates) => toCanonicalCsv('observations', a.observations.map((o) => ({ ...o, source: '' })));
    expect(result.observations.filter((o) => o.metric === 'falls_65' && o.numerator === 0).length, 'empty bands added').toBeGreaterThan(0);
    const metrics = metricsFromRows(builtinDefinitions());
    for (const db of [wasm.db, native]) {
      const got = await aggregateRecords(db, wasm.files.map((f) => ({ ...f, path: db === native ? native.path(f.path) : f.path })), HUB_MAP, metrics, { csv: true });
      expect(got.observations, 'no row made in JavaScript').toEqual([]);
      expect(got.observationsCsv).toBe(asRows(result));
    }
    // A code the CSV must quote: its rows come as rows, and are written by toCanonicalCsv.
    const odd = `${H1}, "Widnes"`;
    const map = HUB_MAP.map((h) => (h.hub_code === H1 ? { ...h, pcn_code: odd, hub_code: odd } : h));
    const rowsOf = await aggregateRecords(wasm.db, wasm.files, map, metrics);
    const quoted = await aggregateRecords(wasm.db, wasm.files, map, metrics, { csv: true });
    expect(quoted.observationsCsv).toContain('"U11111, ""Widnes"""');
    expect(quoted.observationsCsv).toBe(asRows(rowsOf));
  }, 30_000);

  it('with no hub map (the upload page without one) counts the same places, every resident in its unassigned hub, and leaves no record in the engine', async () => {
    const { db, files } = wasm;
    const plain = await aggregateRecords(db, files, placesOnlyHubMap([HALTON, WARRINGTON]), metricsFromRows(builtinDefinitions()));
    expect(plain.hubs.map((h) => [h.area_code, h.parent_code])).toEqual([[UNASSIGNED, HALTON], [`${WARRINGTON}-UNASSIGNED`, WARRINGTON]]);
    const placeRows = (a: RecordAggregates) => a.observations.filter((o) => o.area_code === HALTON || o.area_code === WARRINGTON);
    expect(placeRows(plain)).toEqual(placeRows(result));
    expect(rows(plain, 'emergency_admissions_65', 'quarter').filter((r) => r[0] === UNASSIGNED)).toEqual([
      [UNASSIGNED, '2023-10-01', 'total', 4, null],
      [UNASSIGNED, '2024-01-01', 'total', 3, null],
    ]);
    // The 12 spells of Halton and Warrington residents: p3's two have no practice, the other 10 have one no map names.
    expect(plain.notes.get('spells.csv')!.at(-1)).toBe('Rows counted in a place\'s "unassigned" hub: 2 with the practice missing, 10 with the practice not in the hub map.');
    expect(await db.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'")).toEqual([]);
  }, 30_000);

  it('in an engine made for the whole run, gives the same aggregates at once, the same notes once counted on another connection, then leaves no record in it', async () => {
    const files = writeSet(tempDir('records-'));
    const records = [recordFile(files.spells)!, recordFile(files.events)!];
    const engine = await nativeDuckDb({}, { readable: [files.spells, files.events] });
    try {
      const early = await aggregateRecordFiles(records, HUB_MAP, engine);
      expect(early.noted).toBeInstanceOf(Promise);
      const { noted, ...rest } = early;
      expect({ ...rest, notes: new Map() }).toEqual({ ...result, notes: new Map() });
      await noted;
      expect(early.notes).toEqual(result.notes);
      expect(await engine.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'")).toEqual([]);
    } finally {
      engine.close();
    }
  }, 30_000);

  it('an engine made for the whole run that may not read the files is left alone: the files get one of their own', async () => {
    const files = writeSet(tempDir('records-'));
    const records = [recordFile(files.spells)!, recordFile(files.events)!];
    const engine = await nativeDuckDb({}, { readable: [files.spells] });
    try {
      expect(await aggregateRecordFiles(records, HUB_MAP, engine)).toEqual(result);
      expect(await engine.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'")).toEqual([]);
    } finally {
      engine.close();
    }
  }, 30_000);
});
