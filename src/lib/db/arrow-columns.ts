// A query's answer as columns of plain values (what the native engine's queryColumns gives), from
// the Arrow table DuckDB-WASM answers with (Engine.queryTable): numbers, codes and dates are copied
// as memory, so a million rows never become a million JavaScript objects.
import { Type, type Data, type Table } from 'apache-arrow';
import { bitAt, fixedValues, takeValidity } from '../contract/arrow';
import type { Column } from '../server/native-duckdb';

const KINDS: Partial<Record<Type, { type: Column['type']; array: Int32ArrayConstructor | Float64ArrayConstructor | Uint8ArrayConstructor }>> = {
  [Type.Int]: { type: 'INTEGER', array: Int32Array },
  [Type.Date]: { type: 'DATE', array: Int32Array },
  [Type.Float]: { type: 'DOUBLE', array: Float64Array },
  [Type.Bool]: { type: 'BOOLEAN', array: Uint8Array },
};

/**
 * The columns of `table`: INTEGER and DATE (days since 1970) as Int32, DOUBLE as Float64, BOOLEAN
 * one byte each, with Arrow's validity bitmap where a value is null (and 0 under it, so the same
 * rows always make the same bytes). Other types are refused.
 */
export function columnsOf(table: Table): Record<string, Column> {
  const length = table.numRows;
  const out: Record<string, Column> = {};
  table.schema.fields.forEach((field, j) => {
    const kind = KINDS[field.type.typeId as Type];
    const bitWidth = (field.type as { bitWidth?: number }).bitWidth;
    const unit = (field.type as { unit?: number }).unit;
    // Int32 and Float64 only; a DATE is Arrow's Date32 (unit 0: days).
    const fits = kind && (kind.type === 'INTEGER' ? bitWidth === 32 : kind.type === 'DOUBLE' ? (field.type as { precision?: number }).precision === 2 : kind.type === 'DATE' ? unit === 0 : true);
    if (!kind || !fits) throw new Error(`columnsOf reads INTEGER, DATE, DOUBLE and BOOLEAN columns only; ${field.name} is ${String(field.type)}`);
    const column: Column = { type: kind.type, values: new kind.array(length), valid: null };
    let at = 0;
    for (const data of table.getChildAt(j)!.data as Data[]) {
      const n = data.length;
      const offset = data.offset;
      if (kind.type === 'BOOLEAN') {
        for (let i = 0; i < n; i++) column.values[at + i] = bitAt(data.values as Uint8Array, offset + i);
      } else {
        column.values.set(fixedValues<Int32Array | Float64Array>(data), at);
      }
      takeValidity(column, at, n, data.nullCount > 0 ? data.nullBitmap : null, offset);
      at += n;
    }
    out[field.name] = column;
  });
  return out;
}
