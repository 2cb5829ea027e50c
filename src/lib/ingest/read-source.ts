// Recognises a file's layout from its content and reads it with the matching adapter.
import type { Adapter, AdapterContext, AdapterResult } from '../adapters/types';
import { codePoint, hasInvisible, quote, withoutInvisible } from '../contract/cells';
import { CsvSyntaxError, parseCsv, type CsvRow } from '../contract/csv';
import { emptyTables } from '../contract/canonical';
import { withReferenceAreas } from './reference-areas';
import { ADAPTERS } from './registry';
import { ratesOnlyRefusal } from '../adapters/rates-only';

export interface SourceRead {
  file: string;
  adapter: Adapter | null;
  result: AdapterResult;
}

const failed = (file: string, message: string, row = 0): SourceRead => ({
  file,
  adapter: null,
  result: { tables: emptyTables(), errors: [{ file, row, column: row ? '(whole row)' : '', message }], skipped: [], periods: [] },
});

const NOT_TEXT = 'is not a text file (it contains binary data); save the sheet as CSV';

/** A file whose layout is known and whose rows are split, ready to read; or why it cannot be. */
export type Recognised = { file: string; adapter: Adapter; rows: CsvRow[] } | { failure: SourceRead };

/** `split` turns text into rows: PapaParse at once here, or in chunks in the browser's worker. */
export function recogniseText(file: string, text: string, split: (text: string) => CsvRow[] = parseCsv, adapters: Adapter[] = ADAPTERS): Recognised {
  if (text.includes('\u0000')) return { failure: failed(file, NOT_TEXT) };
  let rows: CsvRow[];
  try {
    rows = split(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) return { failure: failed(file, e.message, e.line) };
    throw e;
  }
  return recogniseRows(file, rows, adapters);
}

function recogniseRows(file: string, rows: CsvRow[], adapters: Adapter[] = ADAPTERS): Recognised {
  if (rows.length === 0) return { failure: failed(file, 'is empty') };
  const refused = ratesOnlyRefusal(rows);
  if (refused) return { failure: failed(file, refused) };
  const adapter = adapters.find((a) => a.detect(rows));
  if (adapter) return { file, adapter, rows };
  const first = rows[0]!.cells;
  if (first.length === 1 && /[;\t|]/.test(first[0]!)) {
    return { failure: failed(file, `is not comma-separated: the first row ${quote(first[0]!)} uses another delimiter; save it as CSV (comma delimited)`) };
  }
  const shown = first.filter((c) => c.trim() !== '').slice(0, 8).map(quote).join(', ') || '(an empty row)';
  return { failure: failed(file, `unknown layout: expected one of ${adapters.map((a) => a.label).join('; ')}; found a first row of ${shown}`) };
}

/**
 * Reads a recognised file; its areas are the reference geography's wherever it knows them.
 * `named`: area codes of the file's rows read elsewhere (withReferenceAreas).
 */
export function readRecognised(r: Recognised, context: AdapterContext, named: Iterable<string> = []): SourceRead {
  if ('failure' in r) return r.failure;
  const { rows, note } = withoutInvisibleCharacters(r.rows);
  const result = r.adapter.read(r.file, rows, context);
  if (note) result.skipped.unshift(note);
  const { tables, notes } = withReferenceAreas(result.tables, new Set(context.areas.map((a) => a.area_code)), named);
  return { file: r.file, adapter: r.adapter, result: { ...result, tables, skipped: [...result.skipped, ...notes] } };
}

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/**
 * Every cell without invisible control and format characters (contract/cells.ts), before any
 * layout reads it, and a note saying what was removed and where. Rows without any are kept as they are.
 */
export function withoutInvisibleCharacters(rows: CsvRow[]): { rows: CsvRow[]; note: string | null } {
  const places: string[] = [];
  const kinds = new Set<string>();
  let removedCount = 0;
  const cleaned = rows.map((row) => {
    if (!row.cells.some(hasInvisible)) return row;
    return {
      line: row.line,
      cells: row.cells.map((cell, i) => {
        const { text, removed } = withoutInvisible(cell);
        if (removed.length === 0) return cell;
        removedCount += removed.length;
        removed.forEach((c) => kinds.add(codePoint(c)));
        places.push(`row ${row.line} column ${i + 1}`);
        return text;
      }),
    };
  });
  if (places.length === 0) return { rows, note: null };
  const where = places.length > 5 ? `${places.slice(0, 5).join(', ')} and ${count(places.length - 5, 'more cell')}` : places.join(', ');
  return {
    rows: cleaned,
    note: `Removed ${count(removedCount, 'invisible control or formatting character')} (${[...kinds].join(', ')}), which can make text show other than it is, from ${count(places.length, 'cell')}: ${where}.`,
  };
}

/** Says in the report how a file was decoded when it was not plain UTF-8 (for a file that was read). */
export function noteEncoding(read: SourceRead, note: string | null | undefined): void {
  if (note && read.adapter) read.result.skipped.unshift(`Encoding: ${note}.`);
}
