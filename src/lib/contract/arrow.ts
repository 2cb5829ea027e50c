// Turns contract rows into Arrow IPC streams (what DuckDB-WASM loads) with a fixed schema.
import {
  Bool, DateDay, RecordBatch, Field, Float64, Int32, Schema, Table, Utf8, tableFromIPC, tableToIPC, vectorFromArray, type DataType,
} from 'apache-arrow';
import type { TableName, Tables } from './schema';

type ColumnSpec = [name: string, type: DataType, nullable: boolean];

const SCHEMAS: Record<TableName, ColumnSpec[]> = {
  observations: [
    ['metric', new Utf8(), false],
    ['area_code', new Utf8(), false],
    ['period_start', new DateDay(), false],
    ['period_type', new Utf8(), false],
    ['breakdown', new Utf8(), false],
    ['numerator', new Float64(), false],
    ['denominator', new Float64(), true],
    ['published_value', new Float64(), true],
    ['suppressed', new Bool(), false],
    ['source', new Utf8(), false],
  ],
  areas: [
    ['area_code', new Utf8(), false],
    ['area_name', new Utf8(), false],
    ['area_type', new Utf8(), false],
    ['parent_code', new Utf8(), true],
  ],
  populations: [
    ['area_code', new Utf8(), false],
    ['year', new Int32(), false],
    ['age_band', new Utf8(), false],
    ['population', new Float64(), false],
  ],
};

export function toArrowTable<K extends TableName>(name: K, rows: Tables[K]): Table {
  const specs = SCHEMAS[name];
  const columns = Object.fromEntries(
    specs.map(([n, type]) => {
      const values = (rows as unknown as Record<string, unknown>[]).map((r) =>
        n === 'period_start' ? new Date(`${r[n] as string}T00:00:00Z`) : r[n],
      );
      return [n, vectorFromArray(values, type)];
    }),
  );
  const table = new Table(columns);
  // Declare nullability from the contract, not from whether this batch happens to hold a null.
  const schema = new Schema(specs.map(([n, type, nullable]) => new Field(n, type, nullable)));
  return new Table(schema, table.batches.map((b) => new RecordBatch(schema, b.data)));
}

export function toArrowIpc<K extends TableName>(name: K, rows: Tables[K]): Uint8Array {
  return tableToIPC(toArrowTable(name, rows), 'stream');
}

/** Reads an extract back into contract rows (dates as ISO text, as the CSVs have them). */
export function fromArrowIpc<K extends TableName>(name: K, bytes: Uint8Array): Tables[K] {
  const table = tableFromIPC(bytes);
  const columns = SCHEMAS[name].map(([n]) => [n, table.getChild(n)] as const);
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, unknown> = {};
    for (const [n, column] of columns) {
      const v = column?.get(i) ?? null;
      row[n] = n === 'period_start' && v != null ? new Date(v as number | Date).toISOString().slice(0, 10) : v;
    }
    rows.push(row);
  }
  return rows as unknown as Tables[K];
}
