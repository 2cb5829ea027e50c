// Two answers of DuckDB's over the same rows, in the same order, as one Arrow table: a kept copy of
// metric_values is asked for in two queries (db/prepare.ts's countColumns), the rule's columns
// first and the others while the page runs the rule on those, then sent on as one IPC stream.
import { DataType, Dictionary, Field, makeData, RecordBatch, Schema, Struct, Table } from 'apache-arrow';
import { columnsOf } from './arrow-columns';

/**
 * The columns `names` of answers `a` and `b` (each with the rowid as INTEGER column `r`), as one
 * table, or null where their batches or rows do not line up. Nothing is copied: each batch's
 * columns are taken as they came (Table.setChildAt would cut them into new batches and write every
 * dictionary again). Each answer numbers its dictionaries from 0, and one IPC stream needs them
 * apart, so `b`'s are numbered on from `a`'s.
 */
export function sideBySide(a: Table, b: Table, names: readonly string[]): Table | null {
  if (a.batches.length !== b.batches.length || a.batches.some((batch, i) => batch.numRows !== b.batches[i]!.numRows)) return null;
  const [ra, rb] = [a, b].map((t) => columnsOf(t.select(['r'])).r!.values);
  for (let i = 0; i < ra!.length; i++) if (ra![i] !== rb![i]) return null;
  let id = 1 + Math.max(-1, ...a.schema.fields.map((f) => (DataType.isDictionary(f.type) ? f.type.id : -1)));
  const from = new Map<string, { table: Table; index: number; field: Field }>();
  for (const table of [a, b])
    table.schema.fields.forEach((field, index) => {
      if (field.name === 'r' || from.has(field.name)) return;
      const type = table === b && DataType.isDictionary(field.type) ? new Dictionary(field.type.dictionary, field.type.indices, id++, field.type.isOrdered) : field.type;
      from.set(field.name, { table, index, field: type === field.type ? field : new Field(field.name, type, field.nullable, field.metadata) });
    });
  if (names.some((n) => !from.has(n))) return null;
  const fields = names.map((n) => from.get(n)!.field);
  const schema = new Schema(fields);
  const batches = a.batches.map((batch, i) => {
    const children = names.map((n) => {
      const { table, index, field } = from.get(n)!;
      const data = table.batches[i]!.data.children[index]!;
      return field.type === data.type ? data : data.clone(field.type);
    });
    return new RecordBatch(schema, makeData({ type: new Struct(fields), length: batch.numRows, nullCount: 0, children }));
  });
  return new Table(schema, batches);
}
