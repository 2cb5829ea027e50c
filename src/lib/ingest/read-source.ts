// Recognises a file's layout from its content and reads it with the matching adapter.
import type { Adapter, AdapterContext, AdapterResult } from '../adapters/types';
import { quote } from '../contract/cells';
import { parseCsv } from '../contract/csv';
import { emptyTables } from '../contract/canonical';
import { ADAPTERS } from './registry';

export interface SourceRead {
  file: string;
  adapter: Adapter | null;
  result: AdapterResult;
}

const failed = (file: string, message: string): SourceRead => ({
  file,
  adapter: null,
  result: { tables: emptyTables(), errors: [{ file, row: 0, column: '', message }], skipped: [], periods: [] },
});

export function readSource(file: string, text: string, context: AdapterContext, adapters: Adapter[] = ADAPTERS): SourceRead {
  if (text.includes('\u0000')) return failed(file, 'is not a text file (it contains binary data); save the sheet as CSV');
  const rows = parseCsv(text);
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
