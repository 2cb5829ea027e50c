import { Table, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { indexSeries, seriesIndexes } from '../../src/lib/db/series-index';

// Text as DuckDB sends it: plain UTF-8 columns, not dictionaries.
const text = (xs: string[]) => vectorFromArray(xs, new Utf8());
const table = (codes: string[]) => new Table({ area_code: text(codes), period_start: text(codes.map((_, i) => `2020-0${(i % 9) + 1}-01`)) });

describe('a series indexed by area', () => {
  it('gives each asked area\'s rows once, in the order of the answer, and nothing for areas it lacks', () => {
    const index = indexSeries(table(['A', 'A', 'B', 'C', 'C', 'C']));
    expect(index.rowsFor(['C', 'A', 'C', 'Z']).map((r) => `${r.area_code} ${r.period_start}`)).toEqual(['A 2020-01-01', 'A 2020-02-01', 'C 2020-04-01', 'C 2020-05-01', 'C 2020-06-01']);
    expect(index.rowsFor(['Z'])).toEqual([]);
  });

  it('refuses an answer whose areas are not each in one run', () => {
    expect(() => indexSeries(table(['A', 'B', 'A']))).toThrow(/rows of A are not together/);
  });
});

describe('the indexes a page holds', () => {
  const fetched = (codes: string[]) => async () => table(codes);

  it('fetches a series once, even when asked again while it is on its way', async () => {
    const held = seriesIndexes(4);
    let calls = 0;
    const fetch = async () => (calls++, table(['A']));
    await Promise.all([held.fill('k', 1, fetch), held.fill('k', 1, fetch)]);
    await held.fill('k', 1, fetch);
    expect(calls).toBe(1);
    expect(held.get('k', 1)?.rowsFor(['A'])).toHaveLength(1);
  });

  it('lets every index go with new data, and keeps nothing fetched for older data', async () => {
    const held = seriesIndexes(4);
    await held.fill('k', 1, fetched(['A']));
    expect(held.get('k', 2)).toBeUndefined();
    // Fetched for version 1 but arriving after version 2 was seen: not kept.
    let release!: () => void;
    const late = held.fill('j', 2, () => new Promise((r) => (release = () => r(table(['B'])))));
    expect(held.get('x', 3)).toBeUndefined();
    release();
    await late;
    expect(held.get('j', 3)).toBeUndefined();
    // An older version neither finds nor fills.
    await held.fill('k', 2, fetched(['A']));
    expect(held.get('k', 2)).toBeUndefined();
    expect(held.get('k', 3)).toBeUndefined();
  });

  it('keeps the series asked for last, up to its limit', async () => {
    const held = seriesIndexes(2);
    await held.fill('a', 1, fetched(['A']));
    await held.fill('b', 1, fetched(['A']));
    held.get('a', 1);
    await held.fill('c', 1, fetched(['A']));
    expect([held.get('a', 1), held.get('b', 1), held.get('c', 1)].map(Boolean)).toEqual([true, false, true]);
  });
});
