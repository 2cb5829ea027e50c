import { COLUMNS, type TableName, type Tables } from './schema';

/**
 * What makes PapaParse's unparse (which wrote these files before) quote a cell: a quote, comma,
 * line break or byte-order mark in it, or a space at either end. Quoting is the same here, so the
 * files are the same bytes; written by hand, as Papa's general writer took most of the time of
 * writing a record set's aggregates (about 50 ms for 10,872 rows, 0.5 s for 97,000).
 */
const NEEDS_QUOTES = /[",\r\n\uFEFF]|^ | $/;

/** A cell as PapaParse writes it: nothing for null, a date in ISO form, text quoted if it must be. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Writes rows in the canonical CSV layout (the columns of COLUMNS, in order; nulls empty). */
export function toCanonicalCsv<K extends TableName>(table: K, rows: Tables[K]): string {
  const fields = COLUMNS[table].map((c) => c.name);
  const lines = [fields.map(csvCell).join(',')];
  for (const r of rows as unknown as Record<string, unknown>[]) lines.push(fields.map((f) => csvCell(r[f])).join(','));
  // PapaParse ended a header with no rows under it with a line break too, and one was added after.
  return lines.join('\n') + (rows.length === 0 ? '\n\n' : '\n');
}
