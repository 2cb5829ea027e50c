import { quote, type Cell } from '../contract/cells';

/**
 * A count as spreadsheets print it: thousands separators ("1,419"), "-" for nil (zero), spaces.
 * Negative or fractional values are refused: these are counts of days or people.
 */
export function parsePublishedCount(text: string): Cell<number> {
  const t = text.trim().replace(/\u00a0/g, '');
  if (t === '-' || t === '–') return { ok: true, value: 0 };
  if (!/^\d{1,3}(,\d{3})*$|^\d+$/.test(t)) {
    if (/^-\d/.test(t)) return { ok: false, message: `${quote(text)} is negative; counts cannot be below zero` };
    return { ok: false, message: `${quote(text)} is not a count` };
  }
  return { ok: true, value: Number(t.replace(/,/g, '')) };
}
