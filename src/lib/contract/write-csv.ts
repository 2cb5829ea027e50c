import Papa from 'papaparse';
import { COLUMNS, type TableName, type Tables } from './schema';

/** Writes rows in the canonical CSV layout (the columns of COLUMNS, in order; nulls empty). */
export function toCanonicalCsv<K extends TableName>(table: K, rows: Tables[K]): string {
  const fields = COLUMNS[table].map((c) => c.name);
  const data = (rows as unknown as Record<string, unknown>[]).map((r) => fields.map((f) => r[f] ?? ''));
  return Papa.unparse({ fields, data }, { newline: '\n' }) + '\n';
}
