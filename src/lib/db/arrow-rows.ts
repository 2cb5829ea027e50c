// A query's answer as plain rows. Arrow's own way (a proxy per row, then toJSON) decodes every text
// cell on its own: on the overview that was the largest share of the page's script per change of
// view (13 areas × 3 metrics × every period, each row with three texts).
import { DateUnit, Precision, Type, makeVector, type Data, type Table } from 'apache-arrow';
import { bitAt } from '../contract/arrow';

const decoder = new TextDecoder();

/**
 * A text column's values (those from `from` up to `to`). Area codes, dates and period types are
 * ASCII: one decoding of the column's bytes is then cut at the offsets (a byte is a character);
 * anything else is decoded value by value, as Arrow does.
 */
function texts(data: Data, from = 0, to = data.length): (string | null)[] {
  const valid = validity(data);
  const offsets = data.valueOffsets as Int32Array;
  const bytes = data.values as Uint8Array;
  const first = offsets[from]!;
  const all = decoder.decode(bytes.subarray(first, offsets[to]!));
  const ascii = all.length === offsets[to]! - first;
  const out = new Array<string | null>(to - from);
  for (let i = from; i < to; i++) {
    if (!valid(i)) out[i - from] = null;
    else out[i - from] = ascii ? all.slice(offsets[i]! - first, offsets[i + 1]! - first) : decoder.decode(bytes.subarray(offsets[i]!, offsets[i + 1]!));
  }
  return out;
}

/** The `i`-th bit of a batch's bitmap (validity or flags): a slice's bits are counted from its offset into the buffer. */
const bit = (bytes: Uint8Array, data: Data, i: number) => bitAt(bytes, data.offset + i) === 1;

/** Whether a cell holds a value, read from the batch's bitmap (Arrow's getValid looks its type up again for each cell). */
function validity(data: Data): (i: number) => boolean {
  const bits = data.nullBitmap;
  if (data.nullCount === 0) return () => true;
  if (!bits || bits.length === 0 || data.typeId === Type.Union || data.typeId === Type.Null) return (i) => data.getValid(i);
  return (i) => bit(bits, data, i);
}

/**
 * One batch's cells from `from` up to `to`, as Arrow's `get` gives them. Doubles, flags and dates
 * (every column of a view's rows but its texts) are read from their buffers: Arrow's own `get`
 * goes through a visitor for each cell, and the Vector made for each area's rows cost more than
 * the reading (rowsFor: 6 of a change of place's 45 ms on the national metric page, 16 of its first).
 */
function cells(data: Data, from: number, to: number): ArrayLike<unknown> {
  if (data.typeId === Type.Utf8) return texts(data, from, to);
  const out = new Array<unknown>(to - from);
  const valid = validity(data);
  const values = data.values as ArrayLike<number>;
  const type = data.type as { precision?: Precision; unit?: DateUnit; bitWidth?: number };
  if ((data.typeId === Type.Float && type.precision !== Precision.HALF) || (data.typeId === Type.Int && type.bitWidth! <= 32)) {
    for (let i = from; i < to; i++) out[i - from] = valid(i) ? values[i] : null;
  } else if (data.typeId === Type.Date && type.unit === DateUnit.DAY) {
    for (let i = from; i < to; i++) out[i - from] = valid(i) ? 86_400_000 * values[i]! : null;
  } else if (data.typeId === Type.Bool) {
    for (let i = from; i < to; i++) out[i - from] = valid(i) ? bit(data.values as Uint8Array, data, i) : null;
  } else {
    const vector = makeVector(data);
    for (let i = from; i < to; i++) out[i - from] = vector.get(i);
  }
  return out;
}

/** A text column's values, over all of the table's batches. */
export function textColumn(table: Table, name: string): (string | null)[] {
  const column = table.getChild(name);
  if (!column || column.type.typeId !== Type.Utf8) throw new Error(`no text column ${name}`);
  return column.data.flatMap((data) => texts(data));
}

/**
 * The rows of `table` (those from `from` up to `to`) as objects keyed by column name, with the
 * values Arrow's `toJSON` gives.
 */
export function rowsOf<T>(table: Table, from = 0, to = table.numRows): T[] {
  return rowReader<T>(table)(from, to);
}

/**
 * rowsOf for one table read many times (each area's rows of an index): its columns' batches are
 * found once, and each read starts at the batch holding its first row.
 */
export function rowReader<T>(table: Table): (from: number, to: number) => T[] {
  const names = table.schema.fields.map((f) => f.name);
  const batches = names.map((_, j) => table.getChildAt(j)!.data);
  // Every column is cut into batches at the same rows.
  const starts = [0];
  for (const data of batches[0] ?? []) starts.push(starts.at(-1)! + data.length);
  return (from, to) => {
    const rows = Array.from({ length: Math.max(0, to - from) }, () => ({}) as Record<string, unknown>);
    let first = 0;
    while (first + 1 < starts.length - 1 && starts[first + 1]! <= from) first++;
    names.forEach((name, j) => {
      for (let k = first; k < batches[j]!.length && starts[k]! < to; k++) {
        const [a, b] = [Math.max(from, starts[k]!), Math.min(to, starts[k + 1]!)];
        if (a >= b) continue;
        // Only the rows asked are decoded.
        const values = cells(batches[j]![k]!, a - starts[k]!, b - starts[k]!);
        for (let i = 0; i < b - a; i++) rows[a - from + i]![name] = values[i];
      }
    });
    return rows as T[];
  };
}
