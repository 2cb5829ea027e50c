// Writes Arrow extracts and their manifest into a folder, all or nothing.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { toArrowIpc } from '../src/lib/contract/arrow';
import type { SourceSummary } from '../src/lib/contract/combine';
import { TABLE_NAMES, type Tables } from '../src/lib/contract/schema';
import type { Manifest } from '../src/lib/contract/manifest';

export const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

function periodsOf(tables: Tables): Manifest['periods'] {
  const periods: Manifest['periods'] = {};
  for (const o of tables.observations) {
    const key = `${o.metric}/${o.period_type}`;
    const p = (periods[key] ??= { first: o.period_start, last: o.period_start });
    if (o.period_start < p.first) p.first = o.period_start;
    if (o.period_start > p.last) p.last = o.period_start;
  }
  return periods;
}

/**
 * Writes every extract into a staging folder beside `dir`, then swaps the folders, so a failure
 * at any point before the swap leaves the previous extracts as they were.
 */
export function writeExtracts(
  dir: string,
  tables: Tables,
  sources: (SourceSummary & { sha256: string })[],
  options: { illustrative: boolean },
): Manifest {
  const parent = path.dirname(path.resolve(dir));
  mkdirSync(parent, { recursive: true });
  const staging = path.join(parent, `${path.basename(dir)}.staging-${process.pid}`);
  const old = path.join(parent, `${path.basename(dir)}.old-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  try {
    const manifest: Manifest = {
      built_at: new Date().toISOString(),
      illustrative: options.illustrative,
      sources,
      extracts: {} as Manifest['extracts'],
      periods: periodsOf(tables),
    };
    for (const name of TABLE_NAMES) {
      const bytes = toArrowIpc(name, tables[name]);
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
