// The drop folder: each CSV in data/incoming/ is ingested on its own (so one bad file never holds
// up another) and then moved, with its report beside it, to data/ingested/ or data/rejected/;
// record-level files are aggregated together and only their aggregates kept (loadRecords).
// Run by `npm run build` and `npm start`, and, in a process of its own, by the local server
// whenever a file lands (pipelines/serve.ts).
// tsx pipelines/incoming.ts [--data DIR] [--out EXTRACTS] [--publish SERVED] [--settle-ms MS]
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { rejectedRowsCsv, revisionLines, summaryLines } from '../src/lib/ingest/report';
import { sha256 } from './extracts';
import { ingest, type IngestOutcome } from './ingest';
import { sleepSync } from './lock';
import { publish } from './publish';
import { aggregateInputs, aggregateRecordFiles, readHubMapFile, recordFile, registeredAlone, registeredFile, type AggregateInput } from './records';
import { privateExtracts, readSettings } from './settings';

export interface Dropped {
  file: string;
  movedTo: string;
  outcome: IngestOutcome;
}

export interface IncomingOptions {
  /** How long a file's size and modification time must stay unchanged before it is read. */
  settleMs?: number;
  log?: (line: string) => void;
}

/** Longer than the pauses of a program writing a file in pieces; a file moved in whole needs none. */
export const DEFAULT_SETTLE_MS = 5_000;

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

/** What says a file has not changed: the same inode (not replaced), size and modification time. */
type Fingerprint = { ino: number; size: number; mtimeMs: number } | null;
function fingerprint(file: string): Fingerprint {
  try {
    const { ino, size, mtimeMs } = statSync(file);
    return { ino, size, mtimeMs };
  } catch {
    return null;
  }
}
const unchanged = (a: Fingerprint, b: Fingerprint) => !!a && !!b && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;

export async function processIncoming(dataDir = 'data', out = privateExtracts(dataDir), options: IncomingOptions = {}): Promise<Dropped[]> {
  const incoming = path.join(dataDir, 'incoming');
  const settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
  const log = options.log ?? console.log;
  if (!existsSync(incoming)) return [];
  const names = readdirSync(incoming).filter((f) => f.toLowerCase().endsWith('.csv')).sort();
  if (names.length === 0) return [];
  // A file still being written (copied over a network, exported in pieces) would be loaded half:
  // only a file unchanged over the settle interval, and still unchanged once read, is taken.
  const first = new Map(names.map((name) => [name, fingerprint(path.join(incoming, name))]));
  sleepSync(settleMs);
  const dropped: Dropped[] = [];
  const records: string[] = [];
  const lists: string[] = [];
  for (const name of names) {
    const source = path.join(incoming, name);
    const before = first.get(name) ?? null;
    // Record-level files are read by DuckDB from the disk, all together (below), never into memory
    // here; so are lists of registered patients, which give the records' hubs their populations.
    if (unchanged(before, fingerprint(source)) && recordFile(source)) {
      records.push(source);
      continue;
    }
    if (unchanged(before, fingerprint(source)) && registeredFile(source)) {
      lists.push(source);
      continue;
    }
    let bytes: Buffer | null = null;
    if (unchanged(before, fingerprint(source))) {
      bytes = readFileSync(source);
      if (!unchanged(before, fingerprint(source)) || bytes.length !== before!.size) bytes = null;
    }
    if (!bytes) {
      if (existsSync(source)) log(`${name}: still being written; it is loaded once it has stayed the same for ${settleMs / 1000} s.`);
      continue;
    }
    dropped.push(await load(dataDir, out, source, bytes, log));
  }
  if (records.length > 0) dropped.push(...(await loadRecords(dataDir, out, records, lists, first, log)));
  // (A list dropped before the record-level files it goes with waits for them in incoming/.)
  else if (lists.length > 0) log(`${registeredAlone(lists.map((l) => registeredFile(l)!))}; it waits in incoming/ for them.`);
  return dropped;
}

/**
 * Record-level files dropped together are aggregated together (spells are linked to social care
 * events by person) and kept only as their aggregates: those go to data/ingested/, to be replayed
 * like any accepted file, and the records are deleted. Refused files go whole to data/rejected/,
 * on the team's own disk, to be fixed.
 */
async function loadRecords(dataDir: string, out: string, records: string[], lists: string[], first: Map<string, Fingerprint>, log: (line: string) => void): Promise<Dropped[]> {
  const sources = [...records, ...lists];
  const names = sources.map((s) => path.basename(s));
  let inputs: AggregateInput[] = [];
  let outcome: IngestOutcome;
  try {
    const hubMap = readHubMapFile(path.join(dataDir, 'records', 'hub-map.csv'));
    const aggregates = await aggregateRecordFiles(records.map((s) => recordFile(s)!), hubMap, undefined, { registered: lists.map((s) => registeredFile(s)!) });
    inputs = aggregateInputs(names.slice(0, records.length), aggregates);
    outcome = await ingest(inputs, { out, log });
  } catch (e) {
    const message = `could not be aggregated: ${(e as Error).message}`;
    outcome = { reports: [], revisions: [], errors: names.map((file) => ({ file, row: 0, column: '', message })), written: false, manifest: null };
  }
  // A file that changed while it was read is not taken: it stays to be read again in full.
  const changed = sources.filter((s) => !unchanged(first.get(path.basename(s)) ?? null, fingerprint(s)));
  const ok = outcome.errors.length === 0 && changed.length === 0;
  const dir = path.join(dataDir, ok ? 'ingested' : 'rejected');
  mkdirSync(dir, { recursive: true });
  const stamped = stamp();
  const target = path.join(dir, `${stamped}_${inputs.find((i) => i.name.endsWith('.aggregates.csv'))?.name ?? `${names[0]}.aggregates.csv`}`);
  if (ok) {
    for (const input of inputs) {
      const archived = path.join(dir, `${stamped}_${input.name}`);
      writeFileSync(`${archived}.part`, input.bytes);
      renameSync(`${archived}.part`, archived);
    }
    for (const s of sources) rmSync(s, { force: true });
  } else {
    for (const s of sources) if (!changed.includes(s)) renameSync(s, path.join(dir, `${stamped}_${path.basename(s)}`));
  }
  const lines = [
    `${names.join(', ')}: record-level, ${ok ? (outcome.written ? 'aggregated and ingested; only the aggregates are kept' : 'aggregated; the extracts already hold these figures') : 'REJECTED, nothing from them was loaded'} at ${new Date().toISOString()}`,
    ...changed.map((s) => `${path.basename(s)} changed while it was read: it stays in incoming/ to be read again.`),
    ...outcome.reports.flatMap((r) => summaryLines(r, 20)),
    ...revisionLines(outcome.revisions, 50),
    ...(outcome.errors.length ? [`Every refused row is listed in ${path.basename(target)}.rejected-rows.csv (by row and column). Fix the file and drop it in again.`] : []),
  ];
  writeFileSync(`${target}.report.txt`, lines.join('\n') + '\n');
  if (outcome.errors.length) writeFileSync(`${target}.rejected-rows.csv`, rejectedRowsCsv(outcome.errors));
  return names.map((file) => ({ file, movedTo: target, outcome }));
}

/** Ingests exactly `bytes`, read once from `source`, and archives those same bytes. */
async function load(dataDir: string, out: string, source: string, bytes: Buffer, log: (line: string) => void): Promise<Dropped> {
  const name = path.basename(source);
  let outcome: IngestOutcome;
  try {
    outcome = await ingest([{ name, bytes }], { out, log });
  } catch (e) {
    const message = `could not be ingested: ${(e as Error).message}`;
    outcome = { reports: [], revisions: [], errors: [{ file: name, row: 0, column: '', message }], written: false, manifest: null };
  }
  const ok = outcome.errors.length === 0;
  const dir = path.join(dataDir, ok ? 'ingested' : 'rejected');
  mkdirSync(dir, { recursive: true });
  // The stamp keeps the order in which files were accepted, which `npm run ingest` replays; the
  // copy is whole before it gets its .csv name, so a replay never reads half of one.
  const target = path.join(dir, `${stamp()}_${name}`);
  writeFileSync(`${target}.part`, bytes);
  renameSync(`${target}.part`, target);
  // A file that changed after it was read stays, to be loaded again in full: removing it would
  // lose what was added to it.
  const changed = existsSync(source) && sha256(readFileSync(source)) !== sha256(bytes);
  // (Gone already when the build's pass and the server's both took it; the second changed nothing.)
  if (!changed) rmSync(source, { force: true });
  const lines = [
    `${name}: ${ok ? (outcome.written ? 'ingested' : 'already held, nothing changed') : 'REJECTED, nothing from it was loaded'} at ${new Date().toISOString()}`,
    ...(changed ? [`${name} changed after it was read: what was read is archived here, and the file stays in incoming/ to be loaded again.`] : []),
    ...outcome.reports.flatMap((r) => summaryLines(r, 20)),
    ...revisionLines(outcome.revisions, 50),
    ...(ok ? [] : [`Every refused row is listed in ${path.basename(target)}.rejected-rows.csv. Fix the file and drop it in again.`]),
  ];
  writeFileSync(`${target}.report.txt`, lines.join('\n') + '\n');
  if (!ok) writeFileSync(`${target}.rejected-rows.csv`, rejectedRowsCsv(outcome.errors));
  return { file: name, movedTo: target, outcome };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: 'data' },
      out: { type: 'string' },
      publish: { type: 'string' },
      'settle-ms': { type: 'string', default: String(DEFAULT_SETTLE_MS) },
    },
  });
  const out = values.out ?? privateExtracts(values.data);
  const dropped = await processIncoming(values.data, out, { settleMs: Number(values['settle-ms']) });
  for (const d of dropped) {
    console.log(`${d.file} → ${d.movedTo} (${d.outcome.errors.length ? `${d.outcome.errors.length} problem(s); see its report` : 'ingested'})`);
  }
  if (values.publish && dropped.some((d) => d.outcome.written)) {
    const published = await publish(out, values.publish, readSettings(values.data));
    console.log(`Published ${published.extracts.observations.rows} observations to ${values.publish}/ (${published.suppressed_rows} suppressed)`);
  }
}
