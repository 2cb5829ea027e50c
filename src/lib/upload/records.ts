// Record-level files dropped on the upload page (hospital spells, social care events): the page's
// DuckDB reads each file itself and aggregates it (records/aggregate.ts), so no record passes
// through JavaScript, and only the aggregates go on, to be checked and kept like any upload.
import { parseCsv } from '../contract/csv';
import type { Area } from '../contract/schema';
import type { Metric } from '../definitions';
import type { Engine } from '../db/prepare';
import { aggregateRecords } from '../records/aggregate';
import { placesOnlyHubMap, readHubMap } from '../records/hub-map';
import { aggregateInputs, withoutMadeEmpty, type AggregateInput } from '../records/inputs';
import { recordFileOf, type RecordFile } from '../records/layouts';
import { readInPage } from './read-dropped';
import { readText, type FileRead, type HeldRead } from './read-file';

export interface DroppedFiles {
  records: { file: File; record: RecordFile }[];
  hubMaps: File[];
  others: File[];
}

/** Whether a file's first line is a hub map's header (a line that is not CSV is not: the file is read as any other). */
function isHubMap(name: string, head: string): boolean {
  try {
    return readHubMap(name, parseCsv(head.replace(/^\uFEFF/, '').split(/\r?\n|\r/)[0]!)).problems.length === 0;
  } catch {
    return false;
  }
}

/** The dropped files sorted by their first lines: record-level, hub map, anything else. */
export async function sortDropped(files: File[]): Promise<DroppedFiles> {
  const sorted: DroppedFiles = { records: [], hubMaps: [], others: [] };
  for (const file of files) {
    const bytes = new Uint8Array(await file.slice(0, 65_536).arrayBuffer());
    const head = new TextDecoder().decode(bytes);
    const record = recordFileOf(file.name, '', bytes);
    if (record) sorted.records.push({ file, record: { ...record, bytes: () => file.stream() } });
    else if (isHubMap(file.name, head)) sorted.hubMaps.push(file);
    else sorted.others.push(file);
  }
  return sorted;
}

export const NO_HUB_MAP =
  'No hub map was dropped with the records, so every resident is counted in their place and in its "unassigned" hub. To count hubs, drop your practice → hub table (practice_code, pcn_code, hub_code, hub_name, place_code) or NHS Digital\'s ePCN "PCN Core Partner Details" sheet saved as CSV together with the records.';

/**
 * The records aggregated together (spells are linked to social care events by person), as the
 * canonical files the pipeline would ingest, and the hubs. `places`: the councils the page knows,
 * counted when no hub map is given.
 */
export async function aggregateDropped(
  db: Engine,
  records: DroppedFiles['records'],
  hubMap: File | null,
  places: string[],
  metrics: readonly Metric[],
): Promise<{ observations: AggregateInput & { rows: number }; hubs: Area[]; notes: string[] }> {
  let map = placesOnlyHubMap(places);
  const notes = [NO_HUB_MAP];
  if (hubMap) {
    const read = readHubMap(hubMap.name, parseCsv((await hubMap.text()).replace(/^\uFEFF/, '')));
    if (read.problems.length) throw new Error(`the hub map cannot be used: ${read.problems.slice(0, 5).join('; ')}`);
    map = read.rows;
  }
  const { withFiles } = await import('../db/duckdb');
  const aggregates = await withFiles(
    records.map((r) => r.file),
    (names) => aggregateRecords(db, records.map((r, i) => ({ ...r.record, path: names[i]! })), map, metrics),
  ).catch((e: unknown) => {
    // DuckDB's CSV errors may quote the offending line after the first: a record is never shown.
    throw new Error((e instanceof Error ? e.message : String(e)).split('\n')[0]);
  });
  if (hubMap) {
    // Counted once placed: the map may leave hubs to be placed by their patients' residence.
    const named = aggregates.hubs.filter((h) => !h.area_code.endsWith('-UNASSIGNED'));
    notes[0] = `Hubs from ${hubMap.name}: ${named.length} hubs of ${new Set(aggregates.hubs.map((h) => h.parent_code)).size} places.`;
  }
  const [, observations] = aggregateInputs(records.map((r) => r.record.file), aggregates);
  // (Without a map every place the page knows was looked for; only those counted have hubs.)
  return { observations: { ...observations!, rows: aggregates.observations.length }, hubs: aggregates.hubs, notes };
}

/**
 * Aggregates up to this many rows are read and checked in JavaScript, in the page: a few thousand
 * rows take it about 0.1 s, where DuckDB's reading (read-dropped.ts) sends some thirty queries to
 * its worker, 0.2-0.6 s in Chromium for the bench's 10,872 aggregates. Both give the same report
 * and rows (tests/unit/upload-read.test.ts); DuckDB reads more, off the page's thread.
 */
export const AGGREGATES_READ_IN_PAGE = 50_000;

/**
 * The aggregates read and checked as any canonical file is: in JavaScript when few, else by the
 * page's DuckDB (which leaves its accepted rows in `table`), or null where DuckDB leaves the file
 * to the JavaScript reader of the page's worker.
 */
export async function readAggregates(db: Engine, observations: AggregateInput & { rows: number }, areas: Area[], metrics: readonly Metric[]): Promise<FileRead | HeldRead | null> {
  if (observations.rows <= AGGREGATES_READ_IN_PAGE) {
    const read = readText(observations.name, new TextDecoder().decode(observations.bytes), null, areas, metrics);
    // (No aggregate: aggregateInputs says so of the files given, not of the aggregates.)
    return { ...read, report: withoutMadeEmpty(read.report, [observations]) };
  }
  return readInPage(db, new File([observations.bytes as BlobPart], observations.name, { type: 'text/csv' }), areas, metrics);
}
