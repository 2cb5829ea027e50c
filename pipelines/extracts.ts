// Reads and writes the Arrow extracts and their manifest in a folder, all or nothing.
//
// The folder `dir` is a symbolic link to one complete version in `dir.versions/` (v000001, v000002,
// …). A write fills a new version beside the others and then points `dir` at it with one rename of
// a new link over the old, so a reader, or a crash at any instant, sees either the previous set or
// the new one, never a mixture and never none. Writers hold the folder's lock (./lock.ts) and call
// recoverExtracts first.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readFileSync, readdirSync, readlinkSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync, writevSync } from 'node:fs';
import path from 'node:path';
import { fromArrowIpc, toArrowIpc } from '../src/lib/contract/arrow';
import { emptyTables, inKeyOrder } from '../src/lib/contract/canonical';
import type { Manifest } from '../src/lib/contract/manifest';
import { TABLE_NAMES, type TableName, type Tables } from '../src/lib/contract/schema';
import { sleepSync } from './lock';

export const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

export const versionsOf = (dir: string) => `${path.resolve(dir)}.versions`;

/**
 * Test-only: with BCF_SWITCH_PAUSE_MS set, each step of a write or recovery names itself on stderr
 * and then waits that long, so the kill -9 test can stop the process between any two steps.
 */
function step(name: string): void {
  const ms = Number(process.env.BCF_SWITCH_PAUSE_MS ?? 0);
  if (!ms) return;
  process.stderr.write(`extracts step: ${name}\n`);
  sleepSync(ms);
}

function lstatOrNull(file: string) {
  try {
    return lstatSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

const VERSION = /^v(\d{6,})$/;
/** Complete versions (renamed from staging once every file and the manifest were written), oldest first. */
function completeVersions(versions: string): string[] {
  if (!existsSync(versions)) return [];
  return readdirSync(versions).filter((v) => VERSION.test(v) && existsSync(path.join(versions, v, 'manifest.json'))).sort();
}

function nextVersion(versions: string): string {
  const numbers = existsSync(versions) ? readdirSync(versions).map((v) => Number(/^v(\d+)/.exec(v)?.[1] ?? 0)) : [];
  return `v${String(Math.max(0, ...numbers) + 1).padStart(6, '0')}`;
}

/** Points `dir` at `version` with a single rename of a fresh link over whatever link is there. */
function pointAt(dir: string, version: string): void {
  const abs = path.resolve(dir);
  const link = `${abs}.link-${process.pid}`;
  rmSync(link, { force: true });
  // Relative, so the folder holding both can be moved or copied as a whole.
  symlinkSync(path.join(path.basename(versionsOf(dir)), version), link);
  step('link made');
  renameSync(link, abs);
  step('link swapped');
}

/** The version folder `dir` points at now; readers take it once and read every file from it. */
export function currentExtracts(dir: string): string | null {
  return existsSync(dir) ? realpathSync(dir) : null;
}

/**
 * Puts an extracts folder in order before a write (call it holding the lock):
 * - a plain folder (written before versions, or copied in) becomes the first version;
 * - a folder missing after an interrupted run is restored from the newest complete version (or
 *   from the `.old-` folder of the earlier two-rename swap), so a run never starts from empty
 *   while a previous one's extracts exist;
 * - a link to a missing version is refused: nobody can say which extracts are right;
 * - leftovers are removed: staging folders, unswapped links, and versions other than the current
 *   and the one before it (kept so a reader that resolved the link just before a write can finish).
 * Returns what it did, in words, for the log.
 */
export function recoverExtracts(dir: string): string[] {
  const abs = path.resolve(dir);
  const parent = path.dirname(abs);
  const base = path.basename(abs);
  const versions = versionsOf(dir);
  const notes: string[] = [];
  mkdirSync(parent, { recursive: true });
  const legacy = (kind: 'old' | 'staging') => readdirSync(parent).filter((f) => f.startsWith(`${base}.${kind}-`)).map((f) => path.join(parent, f));
  const adopt = (folder: string) => {
    mkdirSync(versions, { recursive: true });
    const version = nextVersion(versions);
    renameSync(folder, path.join(versions, version));
    step('folder adopted');
    pointAt(dir, version);
    return version;
  };

  let found = lstatOrNull(abs);
  if (found?.isDirectory() && readdirSync(abs).length === 0) {
    rmSync(abs, { recursive: true }); // an empty folder made ready for a first run: nothing to keep
    found = null;
  }
  if (found?.isDirectory()) {
    notes.push(`${dir} was a plain folder; its extracts are now ${path.join(path.basename(versions), adopt(abs))}, which ${dir} links to.`);
  } else if (found?.isSymbolicLink() && !existsSync(abs)) {
    throw new Error(`${dir} links to ${readlinkSync(abs)}, which is missing. Restore that folder, or delete ${dir} and ${versions} to start from empty.`);
  } else if (!found) {
    const last = completeVersions(versions).at(-1);
    const old = legacy('old').filter((f) => existsSync(path.join(f, 'manifest.json'))).sort().at(-1);
    if (last) {
      pointAt(dir, last);
      notes.push(`${dir} was missing after an interrupted run; restored the last complete extracts (${last}).`);
    } else if (old) {
      notes.push(`${dir} was missing after an interrupted run; restored the previous extracts from ${path.basename(old)}.`);
      adopt(old);
    }
  }

  const current = found || existsSync(abs) ? path.basename(realpathSync(abs)) : null;
  const keep = new Set(current ? [current, completeVersions(versions).filter((v) => v < current).at(-1)] : []);
  const leftovers = [
    ...legacy('old'),
    ...legacy('staging'),
    ...readdirSync(parent).filter((f) => f.startsWith(`${base}.link-`)).map((f) => path.join(parent, f)),
    ...(existsSync(versions) ? readdirSync(versions).filter((v) => !keep.has(v)).map((v) => path.join(versions, v)) : []),
  ];
  for (const f of leftovers) rmSync(f, { recursive: true, force: true });
  // Pruning versions older than the current one is routine; anything else was left unfinished.
  const unfinished = leftovers.filter((f) => !(current && VERSION.test(path.basename(f)) && path.basename(f) < current));
  if (unfinished.length) notes.push(`Removed what an interrupted run left unfinished: ${unfinished.map((f) => path.relative(parent, f)).join(', ')}.`);
  return notes;
}

/** The manifest of the extracts in `dir` and the version folder it was read from, without reading the tables. */
export function readManifest(dir: string): { folder: string; manifest: Manifest } | null {
  const folder = currentExtracts(dir);
  const file = folder && path.join(folder, 'manifest.json');
  if (!file || !existsSync(file)) return null;
  return { folder: folder!, manifest: JSON.parse(readFileSync(file, 'utf8')) as Manifest };
}

export function readExtracts(dir: string): { tables: Tables; manifest: Manifest | null } {
  const { bytes, manifest } = readExtractBytes(dir);
  const tables = emptyTables();
  for (const [name, b] of Object.entries(bytes)) (tables as unknown as Record<string, unknown>)[name] = fromArrowIpc(name as TableName, b);
  return { tables, manifest };
}

/** The extracts' files as they are, unread (extracts written before a table joined the contract, targets, have none of it). */
export function readExtractBytes(dir: string): { bytes: Partial<Record<TableName, Uint8Array>>; manifest: Manifest | null } {
  const read = readManifest(dir);
  if (!read) return { bytes: {}, manifest: null };
  const { folder, manifest } = read;
  const bytes: Partial<Record<TableName, Uint8Array>> = {};
  for (const name of TABLE_NAMES) {
    const extract = manifest.extracts[name];
    if (extract) bytes[name] = readFileSync(path.join(folder, extract.file));
  }
  return { bytes, manifest };
}

function coverage(tables: Tables): Pick<Manifest, 'periods' | 'breakdowns'> {
  const periods: Manifest['periods'] = {};
  const breakdowns = new Map<string, Set<string>>();
  for (const o of tables.observations) {
    const p = (periods[`${o.metric}/${o.period_type}`] ??= { first: o.period_start, last: o.period_start });
    if (o.period_start < p.first) p.first = o.period_start;
    if (o.period_start > p.last) p.last = o.period_start;
    if (!breakdowns.has(o.metric)) breakdowns.set(o.metric, new Set());
    breakdowns.get(o.metric)!.add(o.breakdown);
  }
  return { periods, breakdowns: Object.fromEntries([...breakdowns].map(([m, b]) => [m, [...b].sort()])) };
}

/** Writes tables held as rows: see writeExtractFiles. */
export function writeExtracts(dir: string, tables: Tables, meta: Pick<Manifest, 'illustrative' | 'sources' | 'revisions'>): Manifest {
  // In key order, so the same rows make the same file whatever order they were read in.
  const files = Object.fromEntries(TABLE_NAMES.map((name): [TableName, ExtractFile] => [name, { parts: [toArrowIpc(name, inKeyOrder(name, tables[name]))], rows: tables[name].length }]));
  return writeExtractFiles(dir, files as Record<TableName, ExtractFile>, { ...meta, ...coverage(tables) });
}

/** An extract's bytes, as the pieces that joined make them (columnsToArrowIpcParts'), or one. */
export interface ExtractFile {
  parts: readonly Uint8Array[];
  rows: number;
}

/** Writes `parts`, one after another, as the file's whole content. */
function writeParts(file: string, parts: readonly Uint8Array[]): void {
  const fd = openSync(file, 'w');
  try {
    // A write may take less than it was given (and at most 1024 pieces a call): the rest goes again.
    let left = parts.filter((p) => p.byteLength > 0);
    while (left.length > 0) {
      let written = writevSync(fd, left.slice(0, 1024));
      while (left.length > 0 && written >= left[0]!.byteLength) written -= left.shift()!.byteLength;
      if (written > 0) left[0] = left[0]!.subarray(written);
    }
  } finally {
    closeSync(fd);
  }
}

/** The SHA-256 of the parts joined. */
const sha256Of = (parts: readonly Uint8Array[]) => parts.reduce((hash, p) => hash.update(p), createHash('sha256')).digest('hex');

/**
 * Writes every extract into a new version folder and then points `dir` at it (see the top of this
 * file), so a failure or a kill at any point leaves the previous extracts as they were. Call it
 * holding the folder's lock, after recoverExtracts.
 */
export function writeExtractFiles(dir: string, files: Record<TableName, ExtractFile>, meta: Omit<Manifest, 'built_at' | 'extracts'>): Manifest {
  const versions = versionsOf(dir);
  mkdirSync(versions, { recursive: true });
  const version = nextVersion(versions);
  const staging = path.join(versions, `${version}.staging`);
  mkdirSync(staging);
  try {
    const { illustrative, sources, revisions, periods, breakdowns } = meta;
    const manifest: Manifest = { built_at: new Date().toISOString(), illustrative, sources, revisions, extracts: {} as Manifest['extracts'], periods, breakdowns };
    for (const name of TABLE_NAMES) {
      const { parts, rows } = files[name];
      const file = `${name}.arrow`;
      writeParts(path.join(staging, file), parts);
      manifest.extracts[name] = { file, rows, bytes: parts.reduce((n, p) => n + p.byteLength, 0), sha256: sha256Of(parts) };
      step(`${file} written`);
    }
    writeFileSync(path.join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    step('manifest written');
    renameSync(staging, path.join(versions, version));
    step('version complete');
    pointAt(dir, version);
    // Older versions go; the one just replaced stays for readers still reading it.
    const previous = completeVersions(versions).filter((v) => v < version).at(-1);
    for (const v of readdirSync(versions)) if (v !== version && v !== previous) rmSync(path.join(versions, v), { recursive: true, force: true });
    return manifest;
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}
