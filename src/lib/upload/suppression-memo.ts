// metric_values as built and suppressed over this browser's uploads, kept so that a page load takes
// it as it is rather than building it and working suppression out again (seconds for a million
// uploaded rows). It holds aggregates only, with small-number suppression applied (the uploads it
// is made of are aggregates, kept in this browser too), and stays in this browser as they do.
// It stands only for the very same tables and code: the same published extract (its files are
// named by content hash; the build time and threshold too; the published definitions are one of
// its files), the same uploads in the same order (uploaded definitions, populations and targets are
// in them), and the same build of this site; anything else is built afresh, and kept in its place.
import { version } from '$app/environment';
import type { PublishedManifest } from '../contract/manifest';
import type { KeptBuild, SuppressionMemo } from '../db/prepare';
import { objectStore } from './idb';

const run = objectStore('bcf-dashboard-suppression', 'hidden');
/** Bumped whenever what is kept changes (2: the hidden cells' keys; 3: the built tables, with the rows hidden; 4: and what metric_values holds; 5: the tables marked already). */
const RULE = 5;

/** The key alone, read first: a build kept for other tables is not read (it may be 100 MB). */
interface KeptKey {
  id: 'latest-key';
  key: string;
}

/**
 * The build as kept: each table's bytes a Blob, which Chromium keeps in a file of its own (a value
 * of more than 127 MB, as a million uploaded rows' metric_values may be, cannot be put at all).
 */
interface Kept {
  id: 'latest';
  key: string;
  scope: KeptBuild['scope'];
  tables: { name: string; columns: string; bytes: Blob }[];
  held?: KeptBuild['held'];
}

/**
 * The tables a kept build stands for; null where an upload has no id to tell it by. `code`: this
 * build of the site (SvelteKit's version, new with every build), so a build kept by other code
 * (another way of making metric_values or of suppressing) is never taken.
 */
export function memoKey(
  manifest: Pick<PublishedManifest, 'built_at' | 'extracts' | 'settings'>,
  uploadIds: readonly (string | undefined)[],
  code: string = version,
): string | null {
  if (uploadIds.some((id) => !id)) return null;
  const files = Object.values(manifest.extracts).map((e) => e.file).sort();
  return JSON.stringify([RULE, code, manifest.built_at, manifest.settings.suppression_threshold, files, uploadIds]);
}

/** What was kept, if it was kept under `key`. */
export async function recall(kept: Omit<Kept, 'id'> | undefined, key: string): Promise<KeptBuild | null> {
  if (kept?.key !== key) return null;
  const tables = await Promise.all(kept.tables.map(async ({ bytes, ...t }) => ({ ...t, ipc: new Uint8Array(await bytes.arrayBuffer()) })));
  return { scope: kept.scope, tables, held: kept.held };
}

/** The kept build as read early in a page load (readKeptEarly), with its key, for the next suppressionMemo. */
let early: Promise<{ key: string; build: KeptBuild | null } | null> | null = null;

/**
 * Starts reading the kept build, its bytes too (74 MB for a million uploaded rows: 0.1-0.2 s of a
 * page load in Chromium), while the page's engine starts, before it is known which key the page's
 * tables will ask for: the next suppressionMemo takes it if it was kept under that key.
 */
export function readKeptEarly(): void {
  if (typeof indexedDB === 'undefined') return;
  early ??= run<Kept | undefined>('readonly', (s) => s.get('latest'))
    .then(async (k) => (k ? { key: k.key, build: await recall(k, k.key) } : null))
    .catch(() => null);
}

/**
 * The kept build for these tables, if any, and a way to keep what is built now. Storage that fails
 * (private browsing, a full disk) only means building it next time.
 */
export async function suppressionMemo(key: string | null): Promise<SuppressionMemo | undefined> {
  if (key === null || typeof indexedDB === 'undefined') return undefined;
  const ahead = early;
  early = null;
  let build: KeptBuild | null;
  if (ahead) {
    // Only one build is kept: if the one read is not this key's, none is.
    const read = await ahead;
    build = read?.key === key ? read.build : null;
  } else {
    const kept = await run<KeptKey | undefined>('readonly', (s) => s.get('latest-key')).catch(() => undefined);
    build = kept?.key === key ? await run<Kept | undefined>('readonly', (s) => s.get('latest')).then((k) => recall(k, key)).catch(() => null) : null;
  }
  // For the benchmark: the page load's reading of the kept build from this browser's storage.
  performance.mark('bcf:kept-build-read');
  return {
    recalled: build,
    remember: (b) => {
      const tables = b.tables.map(({ ipc, ...t }) => ({ ...t, bytes: new Blob([ipc as Uint8Array<ArrayBuffer>]) }));
      // Both in one transaction: a key is never kept without its build.
      return run('readwrite', (s) => {
        s.put({ id: 'latest', key, scope: b.scope, tables, held: b.held } satisfies Kept);
        return s.put({ id: 'latest-key', key } satisfies KeptKey);
      }).then(
        () => undefined,
        (e: unknown) => console.warn('metric_values could not be kept for the next page load, which will build it again:', e),
      );
    },
  };
}

/**
 * Forgets the kept build: an upload removed takes its figures out of this browser, the build made
 * from them included (a build with the uploads left is made and kept afresh).
 */
export const forgetKeptBuild = (): Promise<void> =>
  typeof indexedDB === 'undefined' ? Promise.resolve() : run('readwrite', (s) => s.clear()).then(() => undefined);
