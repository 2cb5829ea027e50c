// What small-number suppression hid over this browser's uploads, kept so that a page load applies it
// again rather than working it out (seconds for a million uploaded rows). It holds cell keys only
// (metric, area, period, breakdown), never a count, and stays in this browser as the uploads do.
// It stands only for the very same tables: the same published extract (its files are named by
// content hash; the build time and threshold too) and the same uploads in the same order; anything
// else is worked out afresh, and kept in its place.
import type { PublishedManifest } from '../contract/manifest';
import type { SuppressionMemo } from '../db/prepare';
import { objectStore } from './idb';

const run = objectStore('bcf-dashboard-suppression', 'hidden');
/** Bumped whenever the rule or the making of metric_values changes what a memo would hold. */
const RULE = 2;

interface Kept {
  id: 'latest';
  key: string;
  cells: Uint8Array;
}

/** The tables a memo stands for; null where an upload has no id to tell it by. */
export function memoKey(manifest: Pick<PublishedManifest, 'built_at' | 'extracts' | 'settings'>, uploadIds: readonly (string | undefined)[]): string | null {
  if (uploadIds.some((id) => !id)) return null;
  const files = Object.values(manifest.extracts).map((e) => e.file).sort();
  return JSON.stringify([RULE, manifest.built_at, manifest.settings.suppression_threshold, files, uploadIds]);
}


/**
 * The memo for these tables: what was kept for them, if anything, and a way to keep what is worked
 * out now. Storage that fails (private browsing, a full disk) only means working it out next time.
 */
export async function suppressionMemo(key: string | null): Promise<SuppressionMemo | undefined> {
  if (key === null || typeof indexedDB === 'undefined') return undefined;
  const kept = await run<Kept | undefined>('readonly', (s) => s.get('latest')).catch(() => undefined);
  return {
    recalled: kept?.key === key ? kept.cells : null,
    remember: (cells) => run('readwrite', (s) => s.put({ id: 'latest', key, cells } satisfies Kept)).then(() => undefined, () => undefined),
  };
}
