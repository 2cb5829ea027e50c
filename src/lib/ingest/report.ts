// What a data team reads after an ingest: a summary per file and the refused rows as CSV.
import Papa from 'papaparse';
import type { CellError } from '../contract/errors';
import { formatError } from '../contract/errors';
import type { FileReport } from './ingest';
import type { Revision } from './merge';

/** Neutralises cells a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start). */
export function safeCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function rejectedRowsCsv(errors: CellError[]): string {
  return Papa.unparse({
    fields: ['file', 'row', 'column', 'reason'],
    data: errors.map((e) => [e.file, e.row === 0 ? 'whole file' : String(e.row), e.column, e.message].map(safeCell)),
  }, { newline: '\n' }) + '\n';
}

export function summaryLines(report: FileReport, maxErrors = 5): string[] {
  const lines = [
    `${report.file}: ${report.layout ?? 'not read'}`,
    ...(report.periods.length ? [`  periods: ${report.periods.length > 4 ? `${report.periods[0]} … ${report.periods.at(-1)} (${report.periods.length})` : report.periods.join(', ')}`] : []),
    `  ${report.accepted} accepted, ${report.revised} revised, ${report.unchanged} unchanged, ${report.rejected} rejected${report.areasCovered > 0 ? `; figures for ${report.areasCovered} areas` : ''}`,
    ...report.skipped.map((s) => `  note: ${s}`),
    ...report.errors.slice(0, maxErrors).map((e) => `  ✗ ${formatError(e)}`),
  ];
  if (report.errors.length > maxErrors) lines.push(`  … and ${report.errors.length - maxErrors} more problems`);
  return lines;
}

export function revisionLines(revisions: Revision[], max = 10): string[] {
  const lines = revisions.slice(0, max).map((r) => `  revised ${r.table} ${r.key.replaceAll('|', ' ')}: ${r.old} (${r.old_source}) → ${r.new} (${r.new_source})`);
  if (revisions.length > max) lines.push(`  … and ${revisions.length - max} more revisions`);
  return lines;
}
