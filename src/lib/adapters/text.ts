// Small text helpers the published layouts share.

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_NAMES = MONTHS.map((m) => m[0]!.toUpperCase() + m.slice(1));

/** Lower case, single spaces, trimmed: how header cells are compared across vintages. */
export function headerKey(text: string): string {
  return text.toLowerCase().replace(/[\u00a0\s]+/g, ' ').trim();
}

/** A header cell found: where it is, and its text as published, for messages. */
export interface Column {
  index: number;
  header: string;
}

/** The first header cell whose key passes `test`. */
export function findColumn(cells: string[], test: (k: string) => boolean): Column | null {
  const index = cells.findIndex((c) => test(headerKey(c)));
  return index < 0 ? null : { index, header: cells[index]!.trim() };
}

/** "May 2017" (also "May-2017", "may 2017", "Sep 2017") → { start: "2017-05-01", label: "May 2017" }, or null. */
export function parseMonth(text: string): { start: string; label: string } | null {
  const m = /^([a-z]+)\.?[\s-]+(\d{4})$/.exec(headerKey(text));
  if (!m) return null;
  const month = MONTHS.findIndex((name) => name === m[1] || (m[1]!.length >= 3 && name.startsWith(m[1]!)));
  if (month < 0) return null;
  return { start: `${m[2]}-${String(month + 1).padStart(2, '0')}-01`, label: `${MONTH_NAMES[month]} ${m[2]}` };
}
