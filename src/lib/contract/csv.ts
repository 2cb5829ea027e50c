import Papa from 'papaparse';

export interface CsvRow {
  /** 1-based line number in the file, so errors point where a person looks. */
  line: number;
  cells: string[];
}

/** A CSV the parser cannot split into rows reliably, at a given line. */
export class CsvSyntaxError extends Error {
  constructor(readonly line: number, message: string) {
    super(message);
  }
}

/** Splits parsed cells into rows with their line numbers, dropping rows with nothing in them. */
export function collectRows(data: string[][], firstLine: number, into: CsvRow[]): number {
  let line = firstLine;
  for (const cells of data) {
    if (cells.some((c) => c.trim() !== '')) into.push({ line, cells });
    // A quoted cell may hold line breaks; keep counting physical lines.
    line += 1 + cells.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
  }
  return line;
}

export const UNCLOSED_QUOTE = 'a quoted cell starts on this row but its closing quote is missing, so the rest of the file would run into one cell';

/**
 * Splits CSV text into rows, keeping each row's line number. Blank rows (also rows of commas
 * only, as spreadsheets save formatted empty rows) are dropped but counted. A byte-order mark is
 * removed.
 */
export function parseCsv(text: string): CsvRow[] {
  const result = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { header: false, delimiter: ',', skipEmptyLines: false });
  const rows: CsvRow[] = [];
  const unclosed = result.errors.find((e) => e.code === 'MissingQuotes');
  if (unclosed) {
    const before = collectRows(result.data.slice(0, unclosed.row ?? 0), 1, []);
    throw new CsvSyntaxError(before, UNCLOSED_QUOTE);
  }
  collectRows(result.data, 1, rows);
  return rows;
}
