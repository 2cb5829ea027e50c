// An adapter reads one published file layout into the contract tables. Adapters are pure (no
// DOM, no Node APIs) so the pipeline and the browser upload run the very same code.
import type { CsvRow } from '../contract/csv';
import type { CellError } from '../contract/errors';
import type { Area, Tables } from '../contract/schema';

export interface AdapterContext {
  /** Areas known before this file: from the extracts already loaded and earlier files of the run. */
  areas: Area[];
}

export interface AdapterResult {
  /** Rows read. Observations carry `source` = "file:line" and a null denominator where the source gives none. */
  tables: Tables;
  /** Rows refused, each naming file, row, column and why. */
  errors: CellError[];
  /** Rows deliberately left out (pseudo-areas, notes, totals we recompute), said in plain words. */
  skipped: string[];
  /** What the file covers, for the report: e.g. "May 2017" or "2020-21". */
  periods: string[];
  /** When the publisher released these figures (YYYY-MM-DD), where the file says. */
  published?: string;
}

export interface Adapter {
  /** Stable id, e.g. "nhse-dtoc-monthly-responsible-org". */
  id: string;
  /** What a data team would call the layout. */
  label: string;
  /** Whether the file has this layout, judged from its content (never its name). */
  detect(rows: CsvRow[]): boolean;
  /** Joins names to codes through the context, so it is read after files that bring areas. */
  needsAreaNames?: boolean;
  read(file: string, rows: CsvRow[], context: AdapterContext): AdapterResult;
}
