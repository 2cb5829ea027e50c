import { describe, expect, it } from 'vitest';
import { Bool, DateDay, Dictionary, Float64, Int32, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { columnsOf } from '../../src/lib/db/arrow-columns';
import { fixedValues } from '../../src/lib/contract/arrow';
import type { Column } from '../../src/lib/server/native-duckdb';

/** A column's cells as plain values, null where its validity bit is clear. */
const cellsOf = (c: Column) => Array.from(c.values as ArrayLike<number>, (v, i) => (c.valid && !((c.valid[i >> 3]! >> (i & 7)) & 1) ? null : v));

describe('columnsOf', () => {
  // Gaps in every column, two batches and slices starting mid-byte test every offset.
  const n = 21;
  const part = (k: number) => new Table({
    when: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 5 === 3 ? null : new Date(Date.UTC(2020, (i + k) % 12, 1)))), new DateDay()),
    count: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 7 === 2 ? null : i * 3 - k)), new Int32()),
    rate: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 4 === 0 ? null : i / 4 + k)), new Float64()),
    flag: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 9 === 4 ? null : (i * (k + 1)) % 3 === 0)), new Bool()),
  });
  const table = part(0).concat(part(1));
  /** What Arrow's own rows give, as columnsOf writes them (days since 1970, flags as 1 or 0). */
  const expected = (t: Table) => {
    const rows = t.toArray().map((r) => r.toJSON() as Record<string, unknown>);
    const of = (name: string, f: (v: unknown) => number) => rows.map((r) => (r[name] == null ? null : f(r[name])));
    return { when: of('when', (v) => (v as number) / 86_400_000), count: of('count', Number), rate: of('rate', Number), flag: of('flag', (v) => (v ? 1 : 0)) };
  };

  it("reads dates, integers, doubles and flags as Arrow's own rows give them, across batches and at any slice", () => {
    for (const t of [table, table.slice(3, 11), table.slice(19, 30), table.slice(13, 40), table.slice(21, 42)]) {
      const columns = columnsOf(t);
      expect({ when: cellsOf(columns.when!), count: cellsOf(columns.count!), rate: cellsOf(columns.rate!), flag: cellsOf(columns.flag!) }).toEqual(expected(t));
      expect(columns.count!.type).toBe('INTEGER');
      expect(columns.when!.type).toBe('DATE');
    }
  });

  it('writes 0 under a null, so the same rows make the same bytes', () => {
    const columns = columnsOf(table.slice(2, 9));
    expect(Array.from(columns.count!.values as Int32Array)).toEqual([0, 9, 12, 15, 18, 21, 24]);
  });

  it('refuses a type it cannot copy as memory', () => {
    expect(() => columnsOf(new Table({ name: vectorFromArray(['a']) }))).toThrow(/BOOLEAN columns only; name is /);
  });

  it("fixedValues gives a sliced dictionary's keys from the slice's first row", () => {
    const words = new Table({ w: vectorFromArray(['a', 'b', 'c', 'a', 'b', 'c', 'd'], new Dictionary(new Utf8(), new Int32())) }).slice(2, 5);
    const data = words.getChild('w')!.data[0]!;
    expect(Array.from(fixedValues<Int32Array>(data), (k) => data.dictionary!.get(k))).toEqual(['c', 'a', 'b']);
  });
});
