// The suppression memo stands only for the very tables it was worked out over: the same published
// extract (files, build, threshold) and the same uploads in the same order.
import { describe, expect, it } from 'vitest';
import { memoKey } from '../../src/lib/upload/suppression-memo';

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
    ];
    for (const other of others) expect(other).not.toBe(key);
    expect(new Set(others).size).toBe(others.length);
  });

  it('is null where an upload in the layer has no id to tell it by', () => {
    expect(memoKey(manifest, ['a', undefined])).toBeNull();
  });
});
