// Parsers for single cells of the canonical layout. Each returns the value or a message saying
// what was wrong, so the caller can add file, row and column.

export type Cell<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Cell<T> => ({ ok: true, value });
const fail = <T>(message: string): Cell<T> => ({ ok: false, message });

/** Shows a cell's text safely inside a message (quoted, shortened, control characters removed). */
export function quote(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return JSON.stringify(clean.length > 40 ? `${clean.slice(0, 40)}…` : clean);
}

export function parseNumber(text: string): Cell<number> {
  const t = text.trim();
  if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return fail(`${quote(text)} is not a number`);
  const value = Number(t);
  if (!Number.isFinite(value)) return fail(`${quote(text)} is too large to be a count or value`);
  return ok(value);
}

export function parseCount(text: string): Cell<number> {
  const n = parseNumber(text);
  if (!n.ok) return n;
  if (n.value < 0) return fail(`${quote(text)} is negative; counts cannot be below zero`);
  return n;
}

export function parseOptional<T>(text: string, parse: (t: string) => Cell<T>): Cell<T | null> {
  return text.trim() === '' ? ok(null) : parse(text);
}

export function parseBoolean(text: string): Cell<boolean> {
  const t = text.trim().toLowerCase();
  if (['', 'false', '0', 'no', 'n'].includes(t)) return ok(false);
  if (['true', '1', 'yes', 'y'].includes(t)) return ok(true);
  return fail(`${quote(text)} is not true or false`);
}

// Files repeat a few hundred dates over a million rows: parse each once.
const dates = new Map<string, Cell<string>>();

/** A calendar date written as YYYY-MM-DD that exists (no 31 April). */
export function parseIsoDate(text: string): Cell<string> {
  let parsed = dates.get(text);
  if (!parsed) {
    parsed = parseDate(text);
    if (dates.size < 100_000) dates.set(text, parsed);
  }
  return parsed;
}

function parseDate(text: string): Cell<string> {
  const t = text.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (!m) return fail(`${quote(text)} is not a date written as YYYY-MM-DD`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return fail(`${quote(text)} is not a real date`);
  }
  return ok(t);
}

export function parseOneOf<T extends string>(text: string, allowed: readonly T[], what: string): Cell<T> {
  const t = text.trim();
  if ((allowed as readonly string[]).includes(t)) return ok(t as T);
  return fail(`${quote(text)} is not a known ${what} (expected one of: ${allowed.join(', ')})`);
}
