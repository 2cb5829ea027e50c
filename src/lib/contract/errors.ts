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

export class ValidationFailed extends Error {
  constructor(readonly errors: CellError[]) {
    const shown = errors.slice(0, 20).map(formatError);
    const more = errors.length > 20 ? [`… and ${errors.length - 20} more`] : [];
    super([`${errors.length} problem(s) found; nothing was written.`, ...shown, ...more].join('\n'));
    this.name = 'ValidationFailed';
  }
}
