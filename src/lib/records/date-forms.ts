// How a record-level file writes its dates, as DuckDB's reader is told to read them: a date alone
// (YYYY-MM-DD as SUS writes it, dd/mm/yyyy as the CLD specification does), or a date with a time,
// as SQL Server exports a datetime column ('2024-04-01 00:00:00.000', or '01/04/2024 00:00' from a
// spreadsheet). A time is read and left: a record's date is the day it falls on, which is what the
// metrics count by (an admission at 14:30 on 1 April is admitted on 1 April). Pure.

const DATE_TIME = /^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\/\d{1,2}\/\d{4})(?:([ T])\d{1,2}:\d{2}(?:(:\d{2})(\.\d{1,9})?)?)?$/;

/**
 * The reader's format for dates written as `sample` is (one date cell of the file; ISO where it is
 * no date at all). A format with a time still reads a DATE column: the reader keeps the date. Its
 * fraction of a second (%n) takes one to nine digits (SQL Server's datetime writes three, datetime2
 * seven), in both engines.
 */
export function dateFormOf(sample: string): string {
  const m = DATE_TIME.exec(sample.trim());
  if (!m) return '%Y-%m-%d';
  const [, date, sep, seconds, fraction] = m;
  const day = date!.includes('/') ? '%d/%m/%Y' : '%Y-%m-%d';
  return sep ? `${day}${sep}%H:%M${seconds ? ':%S' : ''}${fraction ? '.%n' : ''}` : day;
}

/** A date format (dateFormOf's) in words, for a message: 'YYYY-MM-DD without a time', 'dd/mm/yyyy hh:mm'. */
export function dateFormWords(format: string): string {
  const words = format.replace('%Y-%m-%d', 'YYYY-MM-DD').replace('%d/%m/%Y', 'dd/mm/yyyy').replace('%H:%M', 'hh:mm').replace(':%S', ':ss').replace('.%n', '.fff');
  return format.includes('%H') ? words : `${words} without a time`;
}

/**
 * The first day of the far future that systems write for no date: SQL Server's last day,
 * 9999-12-31, which social care systems give a service without an end (the CLD guidance leaves
 * such a service's Event_End_Date empty: "open and ongoing"), 2999-12-31 or 3000-01-01 in others.
 * No record of these extracts can be dated so.
 */
export const FAR_FUTURE = "DATE '2900-01-01'";

/** An end date cell (RecordField.openEnd) as the system means it: none where it is FAR_FUTURE or after (a service still open). */
export const openEndSql = (cell: string) => `CASE WHEN ${cell} < ${FAR_FUTURE} THEN ${cell} END`;
