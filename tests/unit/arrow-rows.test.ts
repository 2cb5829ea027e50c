import { Table, tableFromArrays, vectorFromArray, Utf8, Float64, Bool, DateDay, Int32, Int64, Float16 } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/lib/db/arrow-rows';

// A query answer as DuckDB hands it over: texts (some missing, one not ASCII), doubles with gaps, flags.
const answer = () =>
  new Table({
    area_code: vectorFromArray(['E06000006', 'W06000001', null, 'E92000001'], new Utf8()),
    area_name: vectorFromArray(['Halton', 'Ynys Môn', 'Bro Morgannwg', null], new Utf8()),
    numerator: vectorFromArray([120, null, 7.5, 0], new Float64()),
    suppressed: vectorFromArray([false, true, null, false], new Bool()),
  });

describe('rows of a query answer', () => {
  it("are plain objects with each column's value, missing values null", () => {
    expect(rowsOf(answer())).toEqual([
      { area_code: 'E06000006', area_name: 'Halton', numerator: 120, suppressed: false },
      { area_code: 'W06000001', area_name: 'Ynys Môn', numerator: null, suppressed: true },
      { area_code: null, area_name: 'Bro Morgannwg', numerator: 7.5, suppressed: null },
      { area_code: 'E92000001', area_name: null, numerator: 0, suppressed: false },
    ]);
  });

  it('are what Arrow\'s own rows give, over several batches and a slice', () => {
    const two = answer().concat(tableFromArrays({ area_code: ['E08000015'], area_name: ['Wirral'], numerator: new Float64Array([3]), suppressed: [true] }) as unknown as Table);
    const sliced = two.slice(1, 4);
    for (const t of [two, sliced]) expect(rowsOf(t)).toEqual(t.toArray().map((r) => r.toJSON()));
    expect(rowsOf(sliced).map((r) => (r as { area_name: string }).area_name)).toEqual(['Ynys Môn', 'Bro Morgannwg', null]);
  });

  it('from one row up to another are those of the same slice, across batches', () => {
    const two = answer().concat(tableFromArrays({ area_code: ['E08000015'], area_name: ['Wirral'], numerator: new Float64Array([3]), suppressed: [true] }) as unknown as Table);
    for (const [from, to] of [[0, 5], [1, 4], [3, 5], [4, 5], [2, 2]] as const) expect(rowsOf(two, from, to)).toEqual(rowsOf(two.slice(from, to)));
    expect(rowsOf(two, 1, 4).map((r) => (r as { numerator: number | null }).numerator)).toEqual([null, 7.5, 0]);
  });

  it("read dates, integers and flags from their buffers as Arrow's own rows give them, at any offset and across batches", () => {
    // Flags are bits: slices starting mid-byte, and gaps in every column, test the offsets.
    const n = 37;
    const part = (k: number) => new Table({
      period_start: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 5 === 3 ? null : new Date(Date.UTC(2020, (i + k) % 12, 1)))), new DateDay()),
      count: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 7 === 2 ? null : i * 3 - k)), new Int32()),
      big: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 6 === 1 ? null : BigInt(i) * 10n ** 12n)), new Int64()),
      half: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 4 === 0 ? null : i / 4)), new Float16()),
      flag: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 9 === 4 ? null : (i * (k + 1)) % 3 === 0)), new Bool()),
    });
    const table = part(0).concat(part(1));
    for (const [from, to] of [[0, 74], [3, 11], [30, 45], [37, 38], [13, 70]] as const) {
      expect(rowsOf(table, from, to)).toEqual(table.slice(from, to).toArray().map((r) => r.toJSON()));
      expect(rowsOf(table.slice(from, to))).toEqual(table.slice(from, to).toArray().map((r) => r.toJSON()));
    }
  });

  it('of an empty answer are none', () => {
    expect(rowsOf(answer().slice(0, 0))).toEqual([]);
  });
});
