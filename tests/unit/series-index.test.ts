import { Float64, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { indexSeries, seriesIndexes } from '../../src/lib/db/series-index';

// Text as DuckDB sends it: plain UTF-8 columns, not dictionaries.
const text = (xs: string[]) => vectorFromArray(xs, new Utf8());
// What every row of the series shares, left out of the answer and put back in each row.
const SHARED = { metric: 'dtoc', breakdown: 'total', period_type: 'month' };
const table = (codes: string[]) => new Table({ area_code: text(codes), period_start: text(codes.map((_, i) => `2020-0${(i % 9) + 1}-01`)) });

describe('a series indexed by area', () => {
  it('gives each asked area\'s rows once, in the order of the answer, and nothing for areas it lacks', () => {
    const index = indexSeries(table(['A', 'A', 'B', 'C', 'C', 'C']), SHARED);
    expect(index.rowsFor(['C', 'A', 'C', 'Z']).map((r) => `${r.area_code} ${r.period_start}`)).toEqual(['A 2020-01-01', 'A 2020-02-01', 'C 2020-04-01', 'C 2020-05-01', 'C 2020-06-01']);
    expect(index.rowsFor(['Z'])).toEqual([]);
  });

  it('reads an area whose rows run over two batches, and rows with missing values, as Arrow gives them', () => {
    const first = new Table({ area_code: text(['A', 'B']), numerator: vectorFromArray([1, null], new Float64()) });
    const second = new Table({ area_code: text(['B', 'C']), numerator: vectorFromArray([3, 4], new Float64()) });
    const index = indexSeries(first.concat(second), SHARED);
    expect(index.rowsFor(['B'])).toEqual([{ area_code: 'B', numerator: null, ...SHARED }, { area_code: 'B', numerator: 3, ...SHARED }]);
    // A slice of an answer (its columns' data then start part way in, nulls included).
    const sliced = new Table({ area_code: text(['X', 'A', 'A', 'B']), numerator: vectorFromArray([9, null, 2, null], new Float64()) }).slice(1);
    expect(indexSeries(sliced, SHARED).rowsFor(['A', 'B'])).toEqual([{ area_code: 'A', numerator: null, ...SHARED }, { area_code: 'A', numerator: 2, ...SHARED }, { area_code: 'B', numerator: null, ...SHARED }]);
  });

  it('refuses an answer whose areas are not each in one run', () => {
    expect(() => indexSeries(table(['A', 'B', 'A']), SHARED)).toThrow(/rows of A are not together/);
  });
});

describe('the indexes a page holds', () => {
  const fetched = (codes: string[]) => async () => indexSeries(table(codes), SHARED);

  it('fetches a series once, even when asked again while it is on its way', async () => {
    const held = seriesIndexes(4);
    let calls = 0;
    const fetch = async () => (calls++, indexSeries(table(['A']), SHARED));
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
    const late = held.fill('j', 2, () => new Promise((r) => (release = () => r(indexSeries(table(['B']), SHARED)))));
    expect(held.get('x', 3)).toBeUndefined();
    release();
    await late;
    expect(held.get('j', 3)).toBeUndefined();
    // An older version neither finds nor fills.
    await held.fill('k', 2, fetched(['A']));
    expect(held.get('k', 2)).toBeUndefined();
    expect(held.get('k', 3)).toBeUndefined();
  });

  it('hands a series on its way to whoever asks meanwhile, and nothing once the data changed', async () => {
    const held = seriesIndexes(4);
    let release!: () => void;
    const filling = held.fill('k', 1, () => new Promise((r) => (release = () => r(indexSeries(table(['A', 'B']), SHARED)))));
    const meanwhile = held.coming('k', 1);
    expect(held.get('k', 1)).toBeUndefined();
    release();
    expect((await meanwhile!).rowsFor(['B'])).toEqual([{ area_code: 'B', period_start: '2020-02-01', ...SHARED }]);
    await filling;
    expect(held.coming('k', 1)).toBeUndefined();
    held.fill('j', 1, () => new Promise(() => {}));
    expect(held.coming('j', 2)).toBeUndefined();
  });

  it('does not ask again for a series whose fetch failed, until the data change', async () => {
    const held = seriesIndexes(4);
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error('out of memory');
    };
    await expect(held.fill('k', 1, failing)).rejects.toThrow('out of memory');
    expect(await held.fill('k', 1, failing)).toBe(false);
    expect(calls).toBe(1);
    // New data: asked again, and kept.
    expect(await held.fill('k', 2, fetched(['A']))).toBe(true);
    expect(held.get('k', 2)).toBeDefined();
  });

  it('lets every index go as soon as it is told the data changed', async () => {
    const held = seriesIndexes(4);
    await held.fill('k', 1, fetched(['A']));
    held.forgetBefore(2);
    expect(held.get('k', 1)).toBeUndefined();
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
