// npm run ingest [-- --out DIR] [--fresh] [--demo] [--allow-rejects] [--rejects FILE] [--wait SECONDS] [--hub-map FILE] [FILE...]
// Reads CSVs in any layout the dashboard knows (detected from content; record-level spells and
// social care events are aggregated by DuckDB first, using the hub map), validates them, and adds
// them to the private, full-precision Arrow extracts in DIR (default data/extracts; the site
// publishes a disclosure-controlled copy of them at build time, never these). Any rejected row
// stops the run before anything is written, unless --allow-rejects: the good rows then go in. A
// summary is printed and refused rows are written to a CSV (file, row, column, reason).
// One writer at a time: a second ingest into the same DIR waits for the first (up to --wait).
// With no FILE, and the demo chosen in data/settings.json: rebuilds the demo extracts from
// data/*.csv and then data/ingested/*.csv. With the team's own data chosen, extracts that hold the
// demo are set aside (started afresh), so demo and real rows never mix.
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { emptyTables } from '../src/lib/contract/canonical';
import { decodeText } from '../src/lib/contract/decode';
import type { CellError } from '../src/lib/contract/errors';
import type { Manifest } from '../src/lib/contract/manifest';
import { builtinDefinitions } from './definitions';
import { fromArrowIpc, extractColumns, toArrowIpc } from '../src/lib/contract/arrow';
import { inKeyOrder } from '../src/lib/contract/canonical';
import { TABLE_NAMES, type TableName } from '../src/lib/contract/schema';
import { checkFiles, readFiles, reportsOf, type IngestResult } from '../src/lib/ingest/ingest';
import { plainObservationsHeader, readObservationsInDuckDb, type HeldObservations } from '../src/lib/ingest/canonical-sql';
import { combineMerged, mergeTables } from '../src/lib/ingest/merge';
import { coverageInDuckDb, isSqlTable, mergeTableInDuckDb } from '../src/lib/ingest/merge-sql';
import { nativeDuckDb, type NativeDb } from '../src/lib/server/native-duckdb';
import { privateDir } from '../src/lib/server/private-dir';
import { rejectedRowsCsv, revisionLines, summaryLines } from '../src/lib/ingest/report';
import { readExtractBytes, readManifest, recoverExtracts, sha256, writeExtractFiles, type ExtractFile } from './extracts';
import { DEFAULT_LOCK_WAIT_MS, withExtractsLock } from './lock';
import { DEFAULT_HUB_MAP, withRecordsAggregated } from './records';
import { withoutMadeEmpty } from '../src/lib/records/inputs';
import { privateExtracts, readSettings } from './settings';

export interface IngestOptions {
  out: string;
  /** Start from nothing instead of the extracts already in `out`. */
  fresh?: boolean;
  /** Marks the extracts as illustrative demo data. */
  illustrative?: boolean;
  allowRejects?: boolean;
  /** How long to wait for another writer of `out` (default 10 minutes). */
  lockWaitMs?: number;
  /** Where waiting for another writer and recovery from an interrupted run are reported. */
  log?: (line: string) => void;
  /**
   * An engine made for the whole run (the command line's: the record-level aggregation used it
   * first), left open: used when it may read every file DuckDB is to read here (nativeDuckDb's
   * `readable`), saving the start and end of another (about 35 ms). Otherwise one of its own.
   * (May still be starting: the files are read meanwhile.)
   */
  engine?: NativeDb | Promise<NativeDb>;
}

/**
 * A file to read, or bytes already read (the drop folder loads exactly the bytes it archives), or
 * the aggregates of record-level files (pipelines/records.ts) with what their reading said and refused.
 */
export type IngestFile = string | { name: string; bytes: Uint8Array; notes?: string[]; errors?: CellError[]; ready?: Promise<void>; records?: string[] };

export interface IngestOutcome extends Omit<IngestResult, 'tables'> {
  written: boolean;
  manifest: Manifest | null;
}

export async function ingest(files: IngestFile[], options: IngestOptions): Promise<IngestOutcome> {
  const inputs = files.map((f) => {
    const { name, bytes, notes = [], errors = [], ready, records } = typeof f === 'string' ? { name: path.basename(f), bytes: readFileSync(f) } : f;
    return { name, bytes, disk: typeof f === 'string' ? f : null, sha256: null, notes, errors, ready, records };
  });
  // Reading, merging and writing back are one step under the lock, or a concurrent writer's rows
  // would be lost when this one writes back what it read.
  return withExtractsLock(options.out, async () => {
    for (const note of recoverExtracts(options.out)) (options.log ?? console.log)(note);
    return merge(inputs, options);
  }, { waitMs: options.lockWaitMs, log: options.log });
}

/** `sha256`: the bytes' hash, taken while DuckDB reads the first file it reads (or else before they are let go or named in the manifest). */
type Input = { name: string; bytes: Uint8Array; disk: string | null; sha256: string | null; notes: string[]; errors: CellError[]; ready?: Promise<void>; records?: string[] };
const hashed = (inputs: Input[]) => {
  for (const input of inputs) input.sha256 ??= sha256(input.bytes);
};

/**
 * The areas and metric definitions (a few hundred rows, read by every file's checks) are merged as
 * rows; the large tables in DuckDB (src/lib/ingest/merge-sql.ts), from and to their Arrow files.
 * Canonical observations files are read by DuckDB too (src/lib/ingest/canonical-sql.ts).
 */
async function merge(inputs: Input[], options: IngestOptions): Promise<IngestOutcome> {
  const existing = options.fresh ? { bytes: {}, manifest: null } : readExtractBytes(options.out);
  const base = emptyTables();
  if (existing.bytes.areas) base.areas = fromArrowIpc('areas', existing.bytes.areas);
  if (existing.bytes.metrics) base.metrics = fromArrowIpc('metrics', existing.bytes.metrics);
  const headers = inputs.map((input) => plainObservationsHeader(input.bytes));
  // DuckDB reads files from disk: bytes given (the drop folder's) are written to a private folder first.
  const given = (engine: NativeDb, i: number) => (inputs[i]!.disk ? engine.link(`input-${i}.csv`, inputs[i]!.disk!) : engine.write(`input-${i}.csv`, inputs[i]!.bytes));
  const run = await options.engine;
  const shared = run && headers.every((h, i) => !h || given(run, i)) ? run : null;
  const scratch = !shared && headers.some((h, i) => h && !inputs[i]!.disk) ? privateDir('bcf-ingest-') : null;
  // A copy half written (a full disk) is removed too: the bytes are unsuppressed counts.
  const db = shared ?? await (async () => {
    const disks = inputs.map((input, i) => {
      if (!headers[i] || input.disk) return input.disk;
      const disk = path.join(scratch!, `${i}.csv`);
      writeFileSync(disk, input.bytes);
      return disk;
    });
    return nativeDuckDb(Object.fromEntries(disks.flatMap((d, i) => (headers[i] ? [[`input-${i}.csv`, d!]] : []))));
  })().catch((e) => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    throw e;
  });
  try {
    // DuckDB hands each thread a row group (122,880 rows) of a table at a time, and a file's bytes
    // in blocks: below one of each, a second thread has nothing to do but still has to be woken
    // for every query (a record set's 10,872 aggregates, or a file the drop folder takes, into small extracts).
    const ROW_GROUP = 122_880;
    const small = inputs.reduce((n, input) => n + input.bytes.length, 0) < ROW_GROUP * 32 && Object.values(existing.manifest?.extracts ?? {}).every((e) => e.rows < ROW_GROUP);
    // Beyond this DuckDB spills to its private folder (removed when it closes): a 100 MB file then
    // takes about the memory the merge in JavaScript took.
    // (An engine that aggregated records first holds that work's memory until it ends: lowering its
    // cap frees it now, 30-40 ms, needlessly when all there is to merge is small.)
    if (!shared || !small) await db.query("SET memory_limit = '512MB'");
    // Not while a record set's notes are still counted beside on the same engine: the setting
    // waits for the threads to finish what they run (20 ms on the way at 1M records, more than
    // the one thread saves).
    if (small && !(shared && inputs.some((input) => input.ready))) await db.query('SET threads = 1');
    const held = new Map<number, HeldObservations>();
    for (const [i, header] of headers.entries()) {
      // The files' hashes are taken while DuckDB reads (on its own threads): 55 MB take 35-70 ms.
      const read = header && (await readObservationsInDuckDb(db, i, inputs[i]!.name, db.path(`input-${i}.csv`), header, inputs[i]!.bytes, { keep: 'view', whileReading: () => hashed(inputs) }));
      if (!read) continue;
      held.set(i, read);
      // Its bytes are not read again (its hash is taken): let them go before the merge, a file's size less at its peak.
      inputs[i]!.bytes = new Uint8Array(0);
    }
    const sourceFiles = inputs.map((input, i) => held.get(i)?.reader ?? { name: input.name, ...decodeText(input.bytes) });
    const read = readFiles(base, sourceFiles, builtinDefinitions());
    for (const [i, h] of held) read.reads[i]!.result.tables.observations = await h.check(read, read.reads[i]!.result.tables.observations);
    const checked = checkFiles(read, sourceFiles);
    const batches = checked.map((c) => c.batch);
    const parts = [];
    const extracts: Partial<Record<TableName, () => Promise<ExtractFile>>> = {};
    for (const name of TABLE_NAMES) {
      const before = isSqlTable(name) && existing.bytes[name] ? extractColumns(name, existing.bytes[name]) : null;
      // A table with no row held or brought (populations and targets, often) is merged as rows: nothing to hand DuckDB.
      const none = name !== 'observations' && (before?.length ?? 0) === 0 && batches.every((b) => b.tables[name].length === 0);
      if (isSqlTable(name) && !none) {
        const part = await mergeTableInDuckDb(db, name, before?.columns ?? null, batches, held);
        extracts[name] = part.extract;
        parts.push(part);
      } else {
        const part = mergeTables(base, batches, [name]);
        extracts[name] = async () => ({ parts: [toArrowIpc(name, inKeyOrder(name, part.tables[name]!))], rows: part.tables[name]!.length });
        parts.push(part);
      }
    }
    const result = reportsOf(checked, combineMerged(batches.map((b) => b.file), parts));
    // Notes still being counted (a record set's: where its rows went) are waited for only now.
    await Promise.all(inputs.map((input) => input.ready));
    inputs.forEach((input, i) => {
      // A file made from record-level files with no row is said of the files given (aggregateInputs).
      const own = withoutMadeEmpty(result.reports[i]!, [input]);
      if (own !== result.reports[i]) {
        result.errors = result.errors.filter((e) => e.file !== input.name || own.errors.includes(e));
        result.reports[i] = own;
      }
      const report = result.reports[i]!;
      report.skipped.unshift(...input.notes);
      report.errors.unshift(...input.errors);
      // A record set's aggregates carry the refused rows of each of its files: a row is a file's row.
      report.rejected += new Set(input.errors.map((e) => `${e.file}|${e.row}`)).size;
      result.errors.unshift(...input.errors);
    });
    if (result.errors.length > 0 && !options.allowRejects) return { ...result, written: false, manifest: existing.manifest };

    hashed(inputs);
    const now = new Date().toISOString();
    const known = new Set(existing.manifest?.sources.map((s) => s.sha256) ?? []);
    const sources = inputs
      .map((input, i) => {
        const report = result.reports[i]!;
        const published = report.published ? { published: report.published } : {};
        return { file: input.name, layout: report.layout ?? 'not read', rows: report.accepted + report.revised + report.unchanged, sha256: input.sha256!, ingested_at: now, ...published };
      })
      .filter((s) => s.layout !== 'not read' && !known.has(s.sha256));
    const changed = result.reports.some((r) => r.accepted + r.revised > 0);
    if (existing.manifest && !changed && sources.length === 0) return { ...result, written: false, manifest: existing.manifest };
    const files = {} as Record<TableName, ExtractFile>;
    for (const name of TABLE_NAMES) files[name] = await extracts[name]!();
    const manifest = writeExtractFiles(options.out, files, {
      illustrative: (existing.manifest?.illustrative ?? false) || !!options.illustrative,
      sources: [...(existing.manifest?.sources ?? []), ...sources],
      revisions: [...(existing.manifest?.revisions ?? []), ...result.revisions.map((r) => ({ ...r, at: now }))],
      ...(await coverageInDuckDb(db)),
    });
    return { ...result, written: true, manifest };
  } finally {
    if (!shared) db.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

/** The demo CSVs, then every file the drop folder has accepted, in the order it accepted them. */
export function demoInputs(dataDir = 'data'): string[] {
  const csvs = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.csv')).sort().map((f) => path.join(dir, f)) : []);
  return [...csvs(dataDir), ...csvs(path.join(dataDir, 'ingested'))];
}

export function printOutcome(outcome: IngestOutcome, out: string, log = console.log): void {
  for (const report of outcome.reports) summaryLines(report).forEach((l) => log(l));
  revisionLines(outcome.revisions).forEach((l) => log(l));
  if (outcome.written && outcome.manifest) {
    const counts = Object.entries(outcome.manifest.extracts).map(([n, e]) => `${e.rows} ${n}`).join(', ');
    log(`Wrote ${counts} to ${out}/`);
  } else if (outcome.errors.length > 0) log(`Nothing was written: ${outcome.errors.length} problem(s). Fix them, or pass --allow-rejects to load the good rows.`);
  else log('Nothing changed: the extracts already hold these files.');
}

/** How a run of `npm run ingest` starts, given the data set the settings choose. */
export function startingPoint(files: string[], out: string, dataSet: 'demo' | 'own', fresh: boolean): { inputs: string[]; fresh: boolean; illustrative: boolean; note: string | null } {
  if (dataSet === 'demo') {
    if (files.length === 0) return { inputs: demoInputs(), fresh: true, illustrative: true, note: null };
    const note = 'data/settings.json chooses the demo data set: these rows join the illustrative demo and every page says so. Set "data_set": "own" to publish your own files alone.';
    return { inputs: files, fresh, illustrative: true, note };
  }
  if (files.length === 0) throw new Error('data/settings.json chooses your own data: name the files to ingest (npm run ingest -- FILE...), or drop them in data/incoming/.');
  const demoHeld = !fresh && readManifest(out)?.manifest.illustrative === true;
  return { inputs: files, fresh: fresh || demoHeld, illustrative: false, note: demoHeld ? `${out}/ held the illustrative demo: it is set aside, and these files start your own extracts.` : null };
}

// (In a function, not awaited at the top level: pipelines/run.mjs can then run it from a CommonJS
// bundle with V8's code cache.)
if (import.meta.url === `file://${process.argv[1]}`) void (async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string', default: privateExtracts() },
      fresh: { type: 'boolean', default: false },
      demo: { type: 'boolean', default: false },
      'allow-rejects': { type: 'boolean', default: false },
      rejects: { type: 'string', default: 'rejected-rows.csv' },
      wait: { type: 'string', default: String(DEFAULT_LOCK_WAIT_MS / 1000) },
      'hub-map': { type: 'string', default: DEFAULT_HUB_MAP },
    },
  });
  const t0 = performance.now();
  const loading = process.cpuUsage();
  let engine: Promise<NativeDb | null> | null = null;
  let inputs: Awaited<ReturnType<typeof withRecordsAggregated>> = [];
  // The engine ends once nothing runs on it (the aggregates' notes may still be counted if the
  // ingest failed), with the process, which exits next.
  const closeEngine = async () => {
    await Promise.allSettled(inputs.map((input) => (typeof input === 'string' ? undefined : input.ready)));
    (await engine)?.closeAtExit();
    engine = null;
  };
  try {
    const start = startingPoint(positionals, values.out!, values.demo ? 'demo' : readSettings().data_set, values.fresh!);
    if (start.note) console.log(start.note);
    const a0 = performance.now();
    const aggregating = process.cpuUsage();
    // One engine for the run: it may read every file named (and nothing else), first for the
    // record-level aggregation, then for the ingest (about 35 ms less than an engine for each).
    // (The record-level files' aggregates, one canonical observations file, are handed to it as
    // bytes.) It starts while the files' first lines and the hub map are read.
    const making = nativeDuckDb({}, { readable: start.inputs, written: 1 });
    engine = making.catch(() => null);
    // ICU's number formatter (the counts in the report: 11-16 ms to make the first) made while the
    // engine starts on another thread, not later between two of its queries.
    setImmediate(() => (0).toLocaleString('en-GB'));
    // Record-level files are aggregated first: only their aggregates reach the extracts.
    inputs = await withRecordsAggregated(start.inputs, values['hub-map'], making);
    if (inputs !== start.inputs) {
      const cpu = process.cpuUsage(aggregating);
      // (Where their rows went, for the report, is counted beside the ingest: not in this time.)
      console.log(`Record-level files aggregated in ${Math.round(performance.now() - a0)} ms (processor ${Math.round((cpu.user + cpu.system) / 1000)} ms)`);
    }
    const outcome = await ingest(inputs, {
      out: values.out!,
      fresh: start.fresh,
      illustrative: start.illustrative,
      allowRejects: values['allow-rejects'],
      lockWaitMs: Number(values.wait) * 1000,
      engine: making,
    });
    await closeEngine();
    printOutcome(outcome, values.out!);
    if (outcome.errors.length > 0) {
      writeFileSync(values.rejects!, rejectedRowsCsv(outcome.errors));
      console.log(`Rejected rows: ${values.rejects}`);
    }
    // Processor time of every thread (DuckDB's too), apart from what loading the code took before.
    const cpu = process.cpuUsage(loading);
    console.log(`Done in ${Math.round(performance.now() - t0)} ms (processor ${Math.round((cpu.user + cpu.system) / 1000)} ms, after ${Math.round((loading.user + loading.system) / 1000)} ms loading the code)`);
    process.exit(outcome.errors.length > 0 && !values['allow-rejects'] ? 1 : 0);
  } catch (e) {
    await closeEngine();
    console.error(`Ingest failed, the previous extracts are untouched: ${(e as Error).message}`);
    process.exit(2);
  }
})();
