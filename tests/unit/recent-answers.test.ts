import { describe, expect, it } from 'vitest';
import { recentAnswers } from '../../src/lib/db/recent-answers';

describe('recent answers', () => {
  it('gives back what was held under a key, for the same data only', () => {
    const recent = recentAnswers<string>(4);
    recent.set(1, 'nhs', 'answer for nhs');
    expect(recent.get(1, 'nhs')).toBe('answer for nhs');
    expect(recent.get(1, 'social care')).toBeUndefined();
    // Newer data lets every answer go; an answer for older data is neither found nor kept.
    expect(recent.get(2, 'nhs')).toBeUndefined();
    recent.set(1, 'total', 'stale');
    expect(recent.get(1, 'total')).toBeUndefined();
    expect(recent.get(2, 'total')).toBeUndefined();
  });

  it('lets the least recently asked go beyond its limit', () => {
    const recent = recentAnswers<number>(3);
    for (const [i, key] of ['a', 'b', 'c'].entries()) recent.set(5, key, i);
    // Asking for "a" makes it the latest: "b" is the first to go.
    expect(recent.get(5, 'a')).toBe(0);
    recent.set(5, 'd', 3);
    expect(['a', 'b', 'c', 'd'].map((k) => recent.get(5, k))).toEqual([0, undefined, 2, 3]);
    // Holding a key again replaces its answer without going over the limit.
    recent.set(5, 'c', 20);
    expect(['a', 'c', 'd'].map((k) => recent.get(5, k))).toEqual([0, 20, 3]);
  });
});
