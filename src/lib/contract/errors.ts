/** A problem with one cell (or a whole file when row is 0), reported as a person reads it. */
export interface CellError {
  file: string;
  /** 1-based line in the file, header included; 0 for the file as a whole. */
  row: number;
  column: string;
  message: string;
}

export function formatError(e: CellError): string {
  if (e.row === 0) return `${e.file}: ${e.message}`;
  return `${e.file}, row ${e.row}, column "${e.column}": ${e.message}`;
}
