import Papa from 'papaparse';

export interface CsvRow {
  /** 1-based line number in the file, so errors point where a person looks. */
  line: number;
  cells: string[];
}

/**
 * Splits CSV text into rows, keeping each row's line number. Blank lines are dropped but
 * counted. A byte-order mark is removed.
 */
export function parseCsv(text: string): CsvRow[] {
  const result = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { header: false, delimiter: ',', skipEmptyLines: false });
  const rows: CsvRow[] = [];
  let line = 1;
  for (const cells of result.data) {
    if (!(cells.length === 1 && cells[0] === '')) rows.push({ line, cells });
    // A quoted cell may hold line breaks; keep counting physical lines.
    line += 1 + cells.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
  }
  return rows;
}
