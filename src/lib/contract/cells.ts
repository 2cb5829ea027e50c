// Parsers for single cells of the canonical layout. Each returns the value or a message saying
// what was wrong, so the caller can add file, row and column.

import { quote } from '../quote';

export { quote };

export type Cell<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Cell<T> => ({ ok: true, value });
const fail = <T>(message: string): Cell<T> => ({ ok: false, message });

/** A spreadsheet's error value (#N/A, #DIV/0!, #REF!, #VALUE!, #NAME?, #NUM!, #NULL!). */
export const SPREADSHEET_ERROR = /^#(N\/A|DIV\/0!|REF!|VALUE!|NAME\?|NUM!|NULL!)$/i;

/** Why a number written the way spreadsheets show it is not read as one. */
function notANumber(text: string): string {
  const t = text.trim();
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) {
    return `${quote(text)} is not a number: it has a thousands separator (,); write it without one (${t.replaceAll(',', '')})`;
  }
  if (SPREADSHEET_ERROR.test(t)) return `${quote(text)} is not a number: it is a spreadsheet error value`;
  return `${quote(text)} is not a number`;
}

export function parseNumber(text: string): Cell<number> {
  const t = text.trim();
  if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return fail(notANumber(text));
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

/** "#N/A" in an optional column: read as empty (the caller says so in the report). */
export const isNotAvailable = (text: string) => /^#N\/A$/i.test(text.trim());

export function parseOptional<T>(text: string, parse: (t: string) => Cell<T>): Cell<T | null> {
  return text.trim() === '' || isNotAvailable(text) ? ok(null) : parse(text);
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
  if (!m) return fail(`${quote(text)} is not a date written as YYYY-MM-DD${slashedDate(t)}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return fail(`${quote(text)} is not a real date`);
  }
  return ok(t);
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const isReal = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

/** For a date written with slashes, what it would be, and whether day and month can be told apart. */
function slashedDate(t: string): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (!m) return '';
  const [a, b, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const readings = [
    { d: a, m: b },
    { d: b, m: a },
  ].filter((r, i, all) => isReal(y, r.m, r.d) && (i === 0 || r.d !== all[0]!.d));
  if (readings.length === 2) {
    const [dm, md] = readings as [{ d: number; m: number }, { d: number; m: number }];
    return `; this one is ambiguous: ${dm.d} ${MONTH_NAMES[dm.m - 1]} ${y} (${iso(y, dm.m, dm.d)}) or ${md.d} ${MONTH_NAMES[md.m - 1]} ${y} (${iso(y, md.m, md.d)})`;
  }
  if (readings.length === 1) return `; write it as ${iso(y, readings[0]!.m, readings[0]!.d)}`;
  return '';
}

export function parseOneOf<T extends string>(text: string, allowed: readonly T[], what: string): Cell<T> {
  const t = text.trim();
  if ((allowed as readonly string[]).includes(t)) return ok(t as T);
  return fail(`${quote(text)} is not a known ${what} (expected one of: ${allowed.join(', ')})`);
}

/** Most characters an area's name or code may have: longer ones stretch every page that shows them. */
export const MAX_NAME = 120;

/** An area's name or code as stored: at most MAX_NAME characters. */
export function parseName(text: string): Cell<string> {
  const t = text.trim();
  if (t.length > MAX_NAME) return fail(`is ${t.length.toLocaleString('en-GB')} characters long; a name or code may have at most ${MAX_NAME}`);
  return ok(t);
}

// Control (Cc) and format (Cf) characters are invisible; the bidirectional ones (embeddings,
// overrides, isolates) reorder the text around them, so "Knutsford ‮gnp.exe‬" shows as
// "Knutsford exe.png". None belongs in a published figure or name. Tabs and line breaks are text.
const INVISIBLE = /(?![\t\n\r])[\p{Cc}\p{Cf}]/gu;
const HAS_INVISIBLE = /(?![\t\n\r])[\p{Cc}\p{Cf}]/u;
const BIDI_NAMES: Record<number, string> = {
  0x202a: 'left-to-right embedding', 0x202b: 'right-to-left embedding', 0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override', 0x202e: 'right-to-left override', 0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate', 0x2068: 'first strong isolate', 0x2069: 'pop directional isolate',
  0x200e: 'left-to-right mark', 0x200f: 'right-to-left mark', 0x200b: 'zero width space', 0xfeff: 'byte order mark',
};

/** A character as a person can look it up: U+202E right-to-left override. */
export function codePoint(c: string): string {
  const n = c.codePointAt(0)!;
  const hex = `U+${n.toString(16).toUpperCase().padStart(4, '0')}`;
  return BIDI_NAMES[n] ? `${hex} ${BIDI_NAMES[n]}` : hex;
}

export const hasInvisible = (text: string) => HAS_INVISIBLE.test(text);

/** The text without its invisible control and format characters, and those it had. */
export function withoutInvisible(text: string): { text: string; removed: string[] } {
  const removed = HAS_INVISIBLE.test(text) ? text.match(INVISIBLE) : null;
  return removed ? { text: text.replace(INVISIBLE, ''), removed } : { text, removed: [] };
}
