import { DateDay, Float64, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { indexSeries, keptIndexes, type SeriesIndex } from '../../src/lib/db/series-index';
import { seriesKey } from '../../src/lib/db/prepare';

// Text as DuckDB sends it: plain UTF-8 columns, not dictionaries.
const text = (xs: string[]) => vectorFromArray(xs, new Utf8());
// What every row of the series shares, left out of the answer and put back in each row.
const SHARED = { metric: 'dtoc', breakdown: 'total', period_type: 'month' };
const DTOC = seriesKey('dtoc', 'total', 'month');
const table = (codes: string[]) => new Table({ area_code: text(codes), period_start: text(codes.map((_, i) => `2020-0${(i % 9) + 1}-01`)) });

describe('a series indexed by area', () => {
  it('gives each asked area\'s rows once, in the order of the answer, and nothing for areas it lacks', () => {
    const index = indexSeries(table(['A', 'A', 'B', 'C', 'C', 'C']), SHARED);
    expect(index.rowsFor(DTOC, ['C', 'A', 'C', 'Z']).map((r) => `${r.area_code} ${r.period_start}`)).toEqual(['A 2020-01-01', 'A 2020-02-01', 'C 2020-04-01', 'C 2020-05-01', 'C 2020-06-01']);
    expect(index.rowsFor(DTOC, ['Z'])).toEqual([]);
  });

  it('reads an area whose rows run over two batches, and rows with missing values, as Arrow gives them', () => {
    const first = new Table({ area_code: text(['A', 'B']), numerator: vectorFromArray([1, null], new Float64()) });
    const second = new Table({ area_code: text(['B', 'C']), numerator: vectorFromArray([3, 4], new Float64()) });
    const index = indexSeries(first.concat(second), SHARED);
    expect(index.rowsFor(DTOC, ['B'])).toEqual([{ area_code: 'B', numerator: null, ...SHARED }, { area_code: 'B', numerator: 3, ...SHARED }]);
    // A slice of an answer (its columns' data then start part way in, nulls included).
    const sliced = new Table({ area_code: text(['X', 'A', 'A', 'B']), numerator: vectorFromArray([9, null, 2, null], new Float64()) }).slice(1);
    expect(indexSeries(sliced, SHARED).rowsFor(DTOC, ['A', 'B'])).toEqual([{ area_code: 'A', numerator: null, ...SHARED }, { area_code: 'A', numerator: 2, ...SHARED }, { area_code: 'B', numerator: null, ...SHARED }]);
  });

  it('gives periods sent as dates as the text seriesQuery sends', () => {
    const days = [Date.UTC(2020, 1, 1), Date.UTC(2020, 2, 1), null];
    const dated = new Table({ area_code: text(['A', 'A', 'B']), period_start: vectorFromArray(days.map((d) => (d === null ? null : new Date(d))), new DateDay()) });
    expect(indexSeries(dated, SHARED).rowsFor(DTOC, ['A', 'B']).map((r) => r.period_start)).toEqual(['2020-02-01', '2020-03-01', null]);
  });

  it('refuses an answer whose areas are not each in one run', () => {
    expect(() => indexSeries(table(['A', 'B', 'A']), SHARED)).toThrow(/rows of A are not together/);
  });
});

describe('a view\'s areas\' every series, indexed by series and area', () => {
  // everySeriesQuery's answer: rows by series, then area, each naming its series.
  const rows = [
    ['dtoc', 'total', 'month', 'A'], ['dtoc', 'total', 'month', 'B'], ['dtoc', 'total', 'month', 'B'],
    ['dtoc', 'nhs', 'month', 'A'], ['falls', 'total', 'quarter', 'B'],
  ];
  const answer = (rs: string[][]) => new Table({
    metric: text(rs.map((r) => r[0]!)), breakdown: text(rs.map((r) => r[1]!)), period_type: text(rs.map((r) => r[2]!)),
    area_code: text(rs.map((r) => r[3]!)), period_start: text(rs.map((_, i) => `2020-0${i + 1}-01`)),
  });

  it('gives one series\' rows of the asked areas, each row as the answer has it', () => {
    const index = indexSeries(answer(rows));
    expect(index.rowsFor(DTOC, ['B', 'A'])).toEqual([
      { metric: 'dtoc', breakdown: 'total', period_type: 'month', area_code: 'A', period_start: '2020-01-01' },
      { metric: 'dtoc', breakdown: 'total', period_type: 'month', area_code: 'B', period_start: '2020-02-01' },
      { metric: 'dtoc', breakdown: 'total', period_type: 'month', area_code: 'B', period_start: '2020-03-01' },
    ]);
    // An area's run ends where the series changes, though the code does not (A, then A of nhs).
    expect(index.rowsFor(seriesKey('dtoc', 'nhs', 'month'), ['A', 'B']).map((r) => r.period_start)).toEqual(['2020-04-01']);
    expect(index.rowsFor(seriesKey('falls', 'total', 'quarter'), ['A'])).toEqual([]);
    expect(index.rowsFor(seriesKey('nope', 'total', 'month'), ['A', 'B'])).toEqual([]);
  });

  it('refuses an answer whose series\' areas are not each in one run', () => {
    expect(() => indexSeries(answer([...rows, ['dtoc', 'nhs', 'month', 'B'], ['dtoc', 'nhs', 'month', 'A']]))).toThrow(/rows of A are not together/);
  });
});

describe('indexes of areas, found by the areas a view asks for', () => {
  it('answers from the latest index holding every area asked, and from none missing one', async () => {
    const held = keptIndexes<Set<string>>(4);
    const holdsAll = (codes: string[]) => (areas: Set<string>) => codes.every((c) => areas.has(c));
    const first = indexSeries(table(['A', 'B']), SHARED);
    const second = indexSeries(table(['B', 'C']), SHARED);
    await held.fill('A B', new Set(['A', 'B']), 1, async () => first);
    await held.fill('B C', new Set(['B', 'C']), 1, async () => second);
    expect(held.get(1, holdsAll(['A']))).toBe(first);
    expect(held.get(1, holdsAll(['B']))).toBe(first);
    expect(held.get(1, holdsAll(['C', 'B']))).toBe(second);
    expect(held.get(1, holdsAll(['A', 'C']))).toBeUndefined();
    let release!: () => void;
    void held.fill('C D', new Set(['C', 'D']), 1, () => new Promise((r) => (release = () => r(first))));
    expect(held.get(1, holdsAll(['D']))).toBeUndefined();
    const coming = held.coming(1, holdsAll(['D']));
    release();
    expect(await coming).toBe(first);
  });
});

describe('the indexes a page holds', () => {
  // Indexes of series, each found by its own key.
  const byKey = (limit: number) => {
    const held = keptIndexes<string>(limit);
    const isIt = (key: string) => (what: string) => what === key;
    return {
      fill: (key: string, v: number, fetch: () => Promise<SeriesIndex>) => held.fill(key, key, v, fetch),
      get: (key: string, v: number) => held.get(v, isIt(key)),
      coming: (key: string, v: number) => held.coming(v, isIt(key)),
      forgetBefore: held.forgetBefore,
    };
  };
  const fetched = (codes: string[]) => async () => indexSeries(table(codes), SHARED);

  it('fetches a series once, even when asked again while it is on its way', async () => {
    const held = byKey(4);
    let calls = 0;
    const fetch = async () => (calls++, indexSeries(table(['A']), SHARED));
    await Promise.all([held.fill('k', 1, fetch), held.fill('k', 1, fetch)]);
    await held.fill('k', 1, fetch);
    expect(calls).toBe(1);
    expect(held.get('k', 1)?.rowsFor(DTOC, ['A'])).toHaveLength(1);
  });

  it('lets every index go with new data, and keeps nothing fetched for older data', async () => {
    const held = byKey(4);
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
    const held = byKey(4);
    let release!: () => void;
    const filling = held.fill('k', 1, () => new Promise((r) => (release = () => r(indexSeries(table(['A', 'B']), SHARED)))));
    const meanwhile = held.coming('k', 1);
    expect(held.get('k', 1)).toBeUndefined();
    release();
    expect((await meanwhile!).rowsFor(DTOC, ['B'])).toEqual([{ area_code: 'B', period_start: '2020-02-01', ...SHARED }]);
    await filling;
    expect(held.coming('k', 1)).toBeUndefined();
    held.fill('j', 1, () => new Promise(() => {}));
    expect(held.coming('j', 2)).toBeUndefined();
  });

  it('does not ask again for a series whose fetch failed, until the data change', async () => {
    const held = byKey(4);
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

  it('knows an index held, on its way or failed (nothing to fetch), for the data it was fetched for only', async () => {
    const held = keptIndexes<string>(4);
    await held.fill('held', 'held', 1, async () => indexSeries(table(['A']), SHARED));
    void held.fill('coming', 'coming', 1, () => new Promise(() => {}));
    await held.fill('failed', 'failed', 1, async () => { throw new Error('no'); }).catch(() => {});
    expect(['held', 'coming', 'failed', 'other'].map((k) => held.knows(k, 1))).toEqual([true, true, true, false]);
    expect(held.knows('held', 2)).toBe(false);
  });

  it('lets every index go as soon as it is told the data changed', async () => {
    const held = byKey(4);
    await held.fill('k', 1, fetched(['A']));
    held.forgetBefore(2);
    expect(held.get('k', 1)).toBeUndefined();
  });

  it('keeps the series asked for last, up to its limit', async () => {
    const held = byKey(2);
    await held.fill('a', 1, fetched(['A']));
    await held.fill('b', 1, fetched(['A']));
    held.get('a', 1);
    await held.fill('c', 1, fetched(['A']));
    expect([held.get('a', 1), held.get('b', 1), held.get('c', 1)].map(Boolean)).toEqual([true, false, true]);
  });
});
