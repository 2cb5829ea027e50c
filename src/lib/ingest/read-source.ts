// Recognises a file's layout from its content and reads it with the matching adapter.
import type { Adapter, AdapterContext, AdapterResult } from '../adapters/types';
import { quote } from '../contract/cells';
import { CsvSyntaxError, parseCsv, type CsvRow } from '../contract/csv';
import { emptyTables } from '../contract/canonical';
import { ADAPTERS } from './registry';

export interface SourceRead {
  file: string;
  adapter: Adapter | null;
  result: AdapterResult;
}

export const failed = (file: string, message: string, row = 0): SourceRead => ({
  file,
  adapter: null,
  result: { tables: emptyTables(), errors: [{ file, row, column: row ? '(whole row)' : '', message }], skipped: [], periods: [] },
});

export const NOT_TEXT = 'is not a text file (it contains binary data); save the sheet as CSV';

export function readSource(file: string, text: string, context: AdapterContext, adapters: Adapter[] = ADAPTERS): SourceRead {
  if (text.includes('\u0000')) return failed(file, NOT_TEXT);
  let rows: CsvRow[];
  try {
    rows = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) return failed(file, e.message, e.line);
    throw e;
  }
  return readRows(file, rows, context, adapters);
}

/** Reads rows already split from CSV (as the browser's streaming parser delivers them). */
export function readRows(file: string, rows: CsvRow[], context: AdapterContext, adapters: Adapter[] = ADAPTERS): SourceRead {
  if (rows.length === 0) return failed(file, 'is empty');
  const adapter = adapters.find((a) => a.detect(rows));
  if (adapter) return { file, adapter, result: adapter.read(file, rows, context) };
  const first = rows[0]!.cells;
  if (first.length === 1 && /[;\t|]/.test(first[0]!)) {
    return failed(file, `is not comma-separated: the first row ${quote(first[0]!)} uses another delimiter; save it as CSV (comma delimited)`);
  }
  const shown = first.filter((c) => c.trim() !== '').slice(0, 8).map(quote).join(', ') || '(an empty row)';
  return failed(file, `unknown layout: expected one of ${adapters.map((a) => a.label).join('; ')}; found a first row of ${shown}`);
}
