// Reads a set of canonical CSV files into one validated set of tables, or says what is wrong.
import { checkAreaReferences, emptyTables, readCanonicalCsv, tableKey } from './canonical';
import type { CellError } from './errors';
import { TABLE_NAMES, type TableName, type Tables } from './schema';

export interface SourceFile {
  name: string;
  text: string;
}

export interface SourceSummary {
  file: string;
  table: TableName | null;
  rows: number;
}

export interface Combined {
  tables: Tables;
  sources: SourceSummary[];
  errors: CellError[];
}

export function combineCanonical(files: SourceFile[]): Combined {
  const reads = files.map((f) => ({ file: f.name, read: readCanonicalCsv(f.name, f.text) }));
  const tables = emptyTables();
  const errors: CellError[] = reads.flatMap((r) => r.read.errors);
  const areaCodes = new Set(reads.flatMap((r) => r.read.tables.areas.map((a) => a.area_code)));
  for (const { file, read } of reads) errors.push(...checkAreaReferences(file, read, areaCodes));

  for (const name of TABLE_NAMES) {
    const firstSeen = new Map<string, string>();
    for (const { file, read } of reads) {
      const key = tableKey[name] as (row: Tables[typeof name][number]) => string;
      read.tables[name].forEach((row, i) => {
        const k = key(row);
        const where = `${file} row ${read.lines[name][i]}`;
        const earlier = firstSeen.get(k);
        if (earlier !== undefined) {
          errors.push({ file, row: read.lines[name][i]!, column: '(whole row)', message: `repeats ${earlier} (${k.replaceAll('|', ', ')})` });
        } else {
          firstSeen.set(k, where);
          (tables[name] as (typeof row)[]).push(row);
        }
      });
    }
  }
  if (files.length > 0 && areaCodes.size === 0 && errors.length === 0) {
    errors.push({ file: files.map((f) => f.name).join(', '), row: 0, column: '', message: 'no areas table was given, so no area code can be checked' });
  }
  const sources = reads.map(({ file, read }) => ({ file, table: read.table, rows: read.table ? read.tables[read.table].length : 0 }));
  return { tables, sources, errors };
}
