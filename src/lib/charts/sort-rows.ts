// Sorting a data table by one of its columns, on the text the table shows: numbers as numbers
// ("1,234", "12.5%", "3.1 to 4.2" by its first number), period labels in time order, other text
// alphabetically (en-GB, with digits compared as numbers). Cells with no figure ("suppressed", "–",
// empty) sort last whichever way the column is sorted, and ties keep the order the table was given.

export type SortDirection = 'ascending' | 'descending';

export interface SortBy {
  /** Index of the column in each row of cells. */
  column: number;
  direction: SortDirection;
  /** Sort the column as numbers rather than text. */
  numeric?: boolean;
}

/** Text a table prints where it has no figure. */
const MISSING = new Set(['', '–', '—', '-', 'suppressed', 'null', 'n/a']);

export const isMissing = (text: string): boolean => MISSING.has(text.trim().toLowerCase());

/**
 * The number a numeric cell shows, or null when it shows none: thousands separators, %, spaces and
 * the sign of a Unicode minus are understood; an interval ("3.1 to 4.2") gives its first number.
 */
export function numericKey(text: string): number | null {
  if (isMissing(text)) return null;
  const plain = text.trim().replace(/\u2212/g, '-').replace(/[,%£]/g, '');
  const m = /^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?/i.exec(plain);
  if (!m) return null;
  const n = Number(m[0]);
  return Number.isFinite(n) ? n : null;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * A sortable number for a period label as the site prints them ("Mar 2019", "Q4 2019-20",
 * "2019-20") or an ISO date, or null for other text. Months count from April, the start of the
 * financial year, so every kind of label lands in time order.
 */
export function periodKey(text: string): number | null {
  const t = text.trim();
  let m = /^([A-Za-z]{3}) (\d{4})$/.exec(t);
  if (m) {
    const month = MONTHS.indexOf(m[1]!.toLowerCase());
    return month < 0 ? null : Number(m[2]) * 12 + month;
  }
  m = /^Q([1-4]) (\d{4})-\d{2}$/.exec(t);
  if (m) return Number(m[2]) * 12 + 3 + (Number(m[1]) - 1) * 3; // Q1 starts in April
  m = /^(\d{4})-\d{2}$/.exec(t);
  if (m) return Number(m[1]) * 12 + 3;
  m = /^(\d{4})-(\d{2})-(\d{2})/.exec(t);
  if (m) return Number(m[1]) * 12 + Number(m[2]) - 1 + Number(m[3]) / 32;
  return null;
}

const collator = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

/**
 * The rows in the order of one column, as a new array; `null` gives the rows as they are.
 * Rows are arrays of the cells' text, in the table's column order.
 */
export function sortRows<T extends readonly string[]>(rows: readonly T[], by: SortBy | null): T[] {
  if (!by) return [...rows];
  const text = rows.map((r) => r[by.column] ?? '');
  let keys: (number | string | null)[];
  let compare: (a: number | string, b: number | string) => number;
  if (by.numeric) {
    keys = text.map(numericKey);
    compare = (a, b) => (a as number) - (b as number);
  } else {
    const periods = text.map((t) => (isMissing(t) ? null : periodKey(t)));
    const allPeriods = text.every((t, i) => isMissing(t) || periods[i] !== null) && periods.some((p) => p !== null);
    if (allPeriods) {
      keys = periods;
      compare = (a, b) => (a as number) - (b as number);
    } else {
      keys = text.map((t) => (isMissing(t) ? null : t.trim()));
      compare = (a, b) => collator.compare(a as string, b as string);
    }
  }
  const sign = by.direction === 'descending' ? -1 : 1;
  const order = rows.map((_, i) => i);
  order.sort((i, j) => {
    const a = keys[i] ?? null;
    const b = keys[j] ?? null;
    if (a === null || b === null) return a === null ? (b === null ? 0 : 1) : -1;
    return sign * compare(a, b);
  });
  return order.map((i) => rows[i]!);
}

/** The next sort after a click on a column's header: ascending first, then each way in turn. */
export function nextSort(current: SortBy | null, column: number, numeric = false): SortBy {
  if (current?.column === column) return { column, numeric, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { column, numeric, direction: 'ascending' };
}
