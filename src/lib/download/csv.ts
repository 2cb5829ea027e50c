// A data table as CSV: the header and the cells exactly as the page shows them, each neutralised
// so a spreadsheet cannot run it as a formula (a cell starting =, +, -, @, tab or CR gains a
// leading apostrophe).
import Papa from 'papaparse';
import { safeCell } from '../ingest/report';

export function tableCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const text = Papa.unparse({ fields: header.map(safeCell), data: rows.map((r) => r.map(safeCell)) }, { newline: '\n' });
  // PapaParse ends a header with no rows with a newline of its own; every line ends with one.
  return `${text.replace(/\n$/, '')}\n`;
}

/** The CSV as a file: UTF-8 with a byte-order mark, so Excel reads "–" and "◇" as they are. */
export const csvBlob = (csv: string): Blob => new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' });
