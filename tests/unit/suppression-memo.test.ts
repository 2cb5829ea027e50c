// A kept build of metric_values stands only for the very tables and code it was made by: the same
// published extract (files, build, threshold), the same uploads in the same order, the same build
// of the site; kept under any other key it is not taken.
import { describe, expect, it } from 'vitest';
import { memoKey, recall } from '../../src/lib/upload/suppression-memo';

const manifest = {
  built_at: '2026-11-30T10:00:00Z',
  settings: { suppression_threshold: 7 },
  extracts: { observations: { file: 'observations.aa.arrow' }, areas: { file: 'areas.bb.arrow' } },
} as unknown as Parameters<typeof memoKey>[0];

describe('the suppression memo key', () => {
  it('is the same for the same published extract and uploads, and differs when any of them does', () => {
    const key = memoKey(manifest, ['a', 'b']);
    expect(memoKey(structuredClone(manifest), ['a', 'b'])).toBe(key);
    const others = [
      memoKey(manifest, ['b', 'a']),
      memoKey(manifest, ['a']),
      memoKey(manifest, ['a', 'b', 'c']),
      memoKey({ ...manifest, built_at: '2026-11-30T11:00:00Z' }, ['a', 'b']),
      memoKey({ ...manifest, settings: { ...manifest.settings, suppression_threshold: 10 } }, ['a', 'b']),
      memoKey({ ...manifest, extracts: { ...manifest.extracts, observations: { file: 'observations.cc.arrow' } } } as typeof manifest, ['a', 'b']),
      // Published definitions are a file of the extract.
      memoKey({ ...manifest, extracts: { ...manifest.extracts, metrics: { file: 'metrics.dd.arrow' } } } as typeof manifest, ['a', 'b']),
      // Another build of the site (another way of making metric_values or suppressing, perhaps).
      memoKey(manifest, ['a', 'b'], 'another build'),
    ];
    for (const other of others) expect(other).not.toBe(key);
    expect(new Set(others).size).toBe(others.length);
  });

  it('is null where an upload in the layer has no id to tell it by', () => {
    expect(memoKey(manifest, ['a', undefined])).toBeNull();
  });

  it('is the key a kept build is taken for, and only that', async () => {
    const key = memoKey(manifest, ['a', 'b'])!;
    const kept = { key, scope: 'whole' as const, tables: [{ name: 'metric_values', columns: '[]', bytes: new Blob([new Uint8Array([1, 2, 3])]) }] };
    expect(await recall(kept, key)).toEqual({ scope: 'whole', tables: [{ name: 'metric_values', columns: '[]', ipc: new Uint8Array([1, 2, 3]) }] });
    expect(await recall(kept, memoKey(manifest, ['a'])!)).toBeNull();
    expect(await recall(kept, memoKey(manifest, ['a', 'b'], 'another build')!)).toBeNull();
    expect(await recall(undefined, key)).toBeNull();
  });
});
