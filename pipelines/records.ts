// Record-level files in the pipeline: recognised by their header, aggregated by DuckDB (native,
// on every core, reading the file itself: no row passes through JavaScript; the same queries the
// browser's DuckDB-WASM runs), and handed on to ingest as the canonical aggregates only
// (observations and hub areas). The records never go further.
import { closeSync, createReadStream, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import { parseCsv } from '../src/lib/contract/csv';
import { metricsFromRows } from '../src/lib/definitions/parse';
import { builtinDefinitions } from './definitions';
import { aggregateRecords, type RecordAggregates, type RecordFile } from '../src/lib/records/aggregate';
import { hubMapCsv, readHubMap, type HubMapRow } from '../src/lib/records/hub-map';
import { recordFileOf } from '../src/lib/records/layouts';
import { registeredFileOf, type RegisteredFile } from '../src/lib/records/registered';
import { aggregateInputs, type AggregateInput } from '../src/lib/records/inputs';
import { nativeDuckDb, type NativeDb } from '../src/lib/server/native-duckdb';

export { aggregateInputs, type AggregateInput };

/** Where the data team's hub map lives (their table, or the ePCN core partners sheet as it is). */
export const DEFAULT_HUB_MAP = 'data/records/hub-map.csv';

/** The first lines of a file, without reading the rest (a record-level file may be gigabytes). */
function head(file: string, bytes = 65_536): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const read = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** The file as a record-level file (layout, header, date format), or null for any other layout. */
export function recordFile(file: string, name = path.basename(file)): RecordFile | null {
  const record = recordFileOf(name, file, head(file));
  return record && { ...record, bytes: () => createReadStream(file) };
}

/** The file as a list of registered patients (NHS Digital's, by practice), or null for any other layout. */
export function registeredFile(file: string, name = path.basename(file)): RegisteredFile | null {
  const list = registeredFileOf(name, file, head(file));
  return list && { ...list, bytes: () => createReadStream(file) };
}

export function readHubMapFile(file = DEFAULT_HUB_MAP): HubMapRow[] {
  if (!existsSync(file)) {
    throw new Error(`record-level files need a hub map at ${file}: your table (practice_code, pcn_code, hub_code, hub_name, place_code) or NHS Digital's ePCN "PCN Core Partner Details" sheet saved as CSV (see README, "Record-level data")`);
  }
  const { rows, problems } = readHubMap(path.basename(file), parseCsv(readFileSync(file, 'utf8')));
  if (problems.length) throw new Error(`the hub map cannot be used: ${problems.slice(0, 5).join('; ')}`);
  return rows;
}

/**
 * Aggregates record-level files together (ASCOF 2B(1) links spells and social care events across
 * them). `engine`: one made for the whole run that may read the files (nativeDuckDb's `readable`),
 * left open for the ingest, which goes on with the aggregates while another connection counts
 * where the rows went (`noted`: the caller awaits it before the engine is closed; the hub map is
 * written on it too, while the files are read); otherwise one of its own, closed here. `csv`: the
 * observations wanted as their canonical CSV only (AggregateOptions.csv), as the ingest reads them.
 */
export async function aggregateRecordFiles(files: RecordFile[], hubMap: HubMapRow[], engine?: NativeDb, { csv = false, registered = [] }: { csv?: boolean; registered?: RegisteredFile[] } = {}): Promise<RecordAggregates> {
  // DuckDB reads each file by a plain name of ours: the person's file name may hold anything.
  const names = files.map((_, i) => `record-file-${i}.csv`);
  const lists = registered.map((_, i) => `registered-file-${i}.csv`);
  const given = [...files.map((f, i) => [names[i]!, f.path]), ...registered.map((f, i) => [lists[i]!, f.path])];
  const shared = !!engine && given.every(([name, disk]) => engine.link(name!, disk!));
  const db = shared ? engine! : await nativeDuckDb(Object.fromEntries(given));
  try {
    // The records' tables grow with the files (about 1.1 GB at 10M rows): beyond this DuckDB spills
    // them to its private folder (removed when it closes), so memory stays bounded whatever the
    // number of rows. Not lower: capped at 512 MB, 10M rows spilled and took 7-30% more processor
    // time and 1.3-4.6 times the wall time.
    await db.query("SET memory_limit = '2GB'");
    // Native DuckDB's errors come back here alone, so a file may be read first without keeping refused rows.
    const beside = shared ? await db.connect() : undefined;
    const readable = registered.length > 0 ? { registered: registered.map((f, i) => ({ ...f, path: db.path(lists[i]!) })) } : {};
    return await aggregateRecords(db, files.map((f, i) => ({ ...f, path: db.path(names[i]!) })), hubMap, metricsFromRows(builtinDefinitions()), { quickFirstRead: true, beside, csv, ...readable });
  } finally {
    if (!shared) db.close();
  }
}

/**
 * The files to ingest, with the record-level ones among them replaced by their aggregates (read
 * together, so spells and social care events are linked). Other files pass through untouched;
 * without any record-level file, the hub map is not needed. `engine`: as aggregateRecordFiles (it
 * may still be starting: the files' first lines and the hub map are read meanwhile).
 */
export async function withRecordsAggregated(files: string[], hubMapFile = DEFAULT_HUB_MAP, engine?: NativeDb | Promise<NativeDb>): Promise<(string | AggregateInput)[]> {
  const records = files.map((f) => recordFile(f));
  const found = records.filter((r): r is RecordFile => r !== null);
  const lists = files.map((f, i) => (records[i] ? null : registeredFile(f)));
  const registered = lists.filter((r): r is RegisteredFile => r !== null);
  if (found.length === 0 && registered.length > 0) throw new Error(registeredAlone(registered));
  if (found.length === 0) return files;
  const hubMap = readHubMapFile(hubMapFile);
  const aggregates = await aggregateRecordFiles(found, hubMap, await engine, { csv: true, registered });
  return [...files.filter((_, i) => !records[i] && !lists[i]), ...aggregateInputs(found.map((r) => r.file), aggregates)];
}

/** Why lists of registered patients given without record-level files are not read. */
export const registeredAlone = (lists: RegisteredFile[]) =>
  `${lists.map((l) => l.file).join(', ')}: registered patients at GP practices, which give the hubs of record-level files their populations: give ${lists.length === 1 ? 'it' : 'them'} with the spells and events (the hubs, and each practice's share of its hub's records, come from them)`;

// tsx pipelines/records.ts HUB_MAP_OR_EPCN_CSV > data/records/hub-map.csv
// Writes a hub map as the editable table: from the ePCN core partners sheet, one hub per PCN, to
// change by hand (group PCNs, rename hubs, move a practice).
if (import.meta.url === `file://${process.argv[1]}`) {
  const from = process.argv[2];
  if (!from) {
    console.error('Name the ePCN "PCN Core Partner Details" CSV (or a hub map) to write as the editable table.');
    process.exit(2);
  }
  process.stdout.write(hubMapCsv(readHubMapFile(from)));
}
