// Reads and writes the Arrow extracts and their manifest in a folder, all or nothing.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fromArrowIpc, toArrowIpc } from '../src/lib/contract/arrow';
import { emptyTables, inKeyOrder } from '../src/lib/contract/canonical';
import type { Manifest } from '../src/lib/contract/manifest';
import { TABLE_NAMES, type Tables } from '../src/lib/contract/schema';

export const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

export function readExtracts(dir: string): { tables: Tables; manifest: Manifest | null } {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) return { tables: emptyTables(), manifest: null };
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  const tables = emptyTables();
  for (const name of TABLE_NAMES) {
    // Extracts written before a table joined the contract (targets) simply have none of it yet.
    const extract = manifest.extracts[name];
    if (extract) (tables as unknown as Record<string, unknown>)[name] = fromArrowIpc(name, readFileSync(path.join(dir, extract.file)));
  }
  return { tables, manifest };
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

/**
 * Writes every extract into a staging folder beside `dir`, then swaps the folders, so a failure
 * at any point before the swap leaves the previous extracts as they were.
 */
export function writeExtracts(dir: string, tables: Tables, meta: Pick<Manifest, 'illustrative' | 'sources' | 'revisions'>): Manifest {
  const parent = path.dirname(path.resolve(dir));
  mkdirSync(parent, { recursive: true });
  const staging = path.join(parent, `${path.basename(dir)}.staging-${process.pid}`);
  const old = path.join(parent, `${path.basename(dir)}.old-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  try {
    const manifest: Manifest = { built_at: new Date().toISOString(), ...meta, extracts: {} as Manifest['extracts'], ...coverage(tables) };
    for (const name of TABLE_NAMES) {
      // In key order, so the same rows make the same file whatever order they were read in.
      const bytes = toArrowIpc(name, inKeyOrder(name, tables[name]));
      const file = `${name}.arrow`;
      writeFileSync(path.join(staging, file), bytes);
      manifest.extracts[name] = { file, rows: tables[name].length, bytes: bytes.byteLength, sha256: sha256(bytes) };
    }
    writeFileSync(path.join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    if (existsSync(dir)) renameSync(dir, old);
    renameSync(staging, dir);
    rmSync(old, { recursive: true, force: true });
    return manifest;
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(dir) && existsSync(old)) renameSync(old, dir);
    throw e;
  }
}
