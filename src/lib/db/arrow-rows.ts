// A query's answer as plain rows. Arrow's own way (a proxy per row, then toJSON) decodes every text
// cell on its own: on the overview that was the largest share of the page's script per change of
// view (13 areas × 3 metrics × every period, each row with three texts).
import { Type, makeVector, type Data, type Table } from 'apache-arrow';

const decoder = new TextDecoder();

/**
 * A text column's values. Area codes, dates and period types are ASCII: one decoding of the
 * column's bytes is then cut at the offsets (a byte is a character); anything else is decoded value
 * by value, as Arrow does.
 */
function texts(data: Data): (string | null)[] {
  const offsets = data.valueOffsets as Int32Array;
  const bytes = data.values as Uint8Array;
  const first = offsets[0]!;
  const all = decoder.decode(bytes.subarray(first, offsets[data.length]!));
  const ascii = all.length === offsets[data.length]! - first;
  const out = new Array<string | null>(data.length);
  for (let i = 0; i < data.length; i++) {
    if (data.nullCount > 0 && !data.getValid(i)) out[i] = null;
    else out[i] = ascii ? all.slice(offsets[i]! - first, offsets[i + 1]! - first) : decoder.decode(bytes.subarray(offsets[i]!, offsets[i + 1]!));
  }
  return out;
}

/** A text column's values, over all of the table's batches. */
export function textColumn(table: Table, name: string): (string | null)[] {
  const column = table.getChild(name);
  if (!column || column.type.typeId !== Type.Utf8) throw new Error(`no text column ${name}`);
  return column.data.flatMap(texts);
}

/**
 * The rows of `table` (those from `from` up to `to`) as objects keyed by column name, with the
 * values Arrow's `toJSON` gives.
 */
export function rowsOf<T>(table: Table, from = 0, to = table.numRows): T[] {
  const rows = Array.from({ length: Math.max(0, to - from) }, () => ({}) as Record<string, unknown>);
  table.schema.fields.forEach((field, j) => {
    let start = 0;
    for (const whole of table.getChildAt(j)!.data) {
      const [a, b] = [Math.max(from, start), Math.min(to, start + whole.length)];
      if (a < b) {
        // Only the rows asked are decoded (a Data slice, not a Table's, which checks its schema again).
        const data = b - a === whole.length ? whole : whole.slice(a - start, b - a);
        const values = data.typeId === Type.Utf8 ? texts(data) : makeVector(data);
        for (let i = 0; i < data.length; i++) rows[a - from + i]![field.name] = Array.isArray(values) ? values[i] : values.get(i);
      }
      start += whole.length;
    }
  });
  return rows as T[];
}
