// Delayed Transfers of Care per local authority per month, April 2011 – December 2019, as
// compiled by a council analyst from NHS England's monthly sitrep files into two long CSVs:
//
// - by responsible organisation: `Name, NHS, Social Care, Both, Period_year` — no code column, so
//   names are joined to ONS codes through the reference geography, by month;
// - by reason for delay: `Code, Name, <reasons A–I, O>, Total Delayed Transfers of Care, Period` —
//   `Code` is an ONS code only from July 2015 (NHS England's old council code before), so earlier
//   rows are joined by old code, or by name where the code is not one the reference knows.
//
// Periods read like `April 2019` and rows are not in time order. `NA` means the figure was not
// collected (e.g. "Other" before 2015): that observation is left out, never read as zero, while
// `-` is the publications' nil and reads as 0.
import { quote } from '../contract/cells';
import { emptyTables } from '../contract/canonical';
import type { CsvRow } from '../contract/csv';
import type { CellError } from '../contract/errors';
import type { Area, Observation } from '../contract/schema';
import { nameKey } from '../geography/names';
import { parsePublishedCount } from './published-number';
import { joinName, joinOldCode } from '../geography/reference';
import { ENGLAND_CODE } from '../geography/regions';
import type { Adapter, AdapterContext, AdapterResult } from './types';
import { findColumn, headerKey, parseMonth, type Column } from './text';




const isMissing = (text: string) => /^(na|n\/a)$/i.test(text.trim());
const isOnsCode = (text: string) => /^E\d{8}$/.test(text);

// ---------------------------------------------------------------------------------------------
// Joining names to codes

type Resolved = { code: string } | { message: string };

/** Names of areas outside the reference geography (a team's own), from the areas already known. */
function nameIndex(areas: Area[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const a of areas) {
    if (a.area_type !== 'place') continue;
    const k = nameKey(a.area_name);
    const codes = index.get(k) ?? [];
    if (!codes.includes(a.area_code)) codes.push(a.area_code);
    index.set(k, codes);
  }
  return index;
}

/**
 * The reference geography joins a name by the month (so "Buckinghamshire" is the county until
 * March 2020 and "Dorset" the old county until April 2019); names it does not know are looked up
 * among the areas already loaded.
 */
function resolveName(index: Map<string, string[]>, name: string, period: { start: string; label: string }): Resolved {
  const k = nameKey(name);
  if (k === 'england') return { code: ENGLAND_CODE };
  if (k === '') return { message: 'is empty; expected the name of a local authority' };
  const joined = joinName(name, period.start);
  if (joined) return joined;
  const candidates = index.get(k) ?? [];
  if (candidates.length === 1) return { code: candidates[0]! };
  if (candidates.length === 0) return { message: `${quote(name)} is not a known area; ingest an areas or population file that gives its code first` };
  return { message: `${quote(name)} matches several known areas (${candidates.join(', ')}); the row was not read` };
}

// ---------------------------------------------------------------------------------------------
// Layouts


interface Measure {
  breakdown: string;
  column: Column;
}

interface Layout {
  name: Column;
  code: Column | null;
  period: Column;
  measures: Measure[];
  /** A published total checked against the sum of the measures, not emitted. */
  total: Column | null;
  /** Header cells neither read nor checked. */
  ignored: Column[];
}

interface Variant {
  id: string;
  label: string;
  /** The layout if the header is this file's, a message if it is this file's but cannot be read, null if not this file. */
  layout(header: string[]): Layout | string | null;
  /** Emits a total as the sum of the measures (the responsible-organisation file publishes none). */
  sumAsTotal: boolean;
  leftOut(layout: Layout): string[];
}

/** The first column of each breakdown `classify` names, and the pairs that name one twice. */
function columnsBy(header: string[], classify: (k: string) => string | null): { found: Map<string, Column>; twins: string[] } {
  const found = new Map<string, Column>();
  const twins: string[] = [];
  header.forEach((h, index) => {
    const b = classify(headerKey(h));
    if (b === null) return;
    const twin = found.get(b);
    if (twin) twins.push(`${quote(twin.header)} and ${quote(h.trim())}`);
    else found.set(b, { index, header: h.trim() });
  });
  return { found, twins };
}

/** The named columns a layout does not read (empty headers are not worth a mention). */
const unread = (header: string[], used: (Column | null | undefined)[]): Column[] => {
  const indices = new Set(used.map((c) => c?.index));
  return header.map((h, index) => ({ index, header: h.trim() })).filter((c) => !indices.has(c.index) && c.header !== '');
};
const notRead = (ignored: Column[]) => (ignored.length ? [`Column(s) ${ignored.map((c) => quote(c.header)).join(', ')} not read.`] : []);

const isName = (k: string) => k === 'name' || k === 'la name' || k === 'local authority';
const isCode = (k: string) => k === 'code' || k === 'ons code' || k === 'la code';
const isPeriod = (k: string) => /^period([ _]?year)?$/.test(k) || k === 'month';

function orgBreakdown(k: string): 'nhs' | 'social_care' | 'both' | 'total' | null {
  const t = k.replace(/[^a-z ]/g, ' ').replace(/\s+/g, ' ').trim();
  if (t === 'nhs') return 'nhs';
  if (t === 'social care' || t === 'adult social care' || t === 'asc') return 'social_care';
  if (t === 'both' || t === 'both nhs and social care') return 'both';
  if (t === 'total' || t === 'total delayed days' || t === 'total delayed transfers of care') return 'total';
  return null;
}

/** Reasons for delay by the wording of their header, with or without the letter ("A) …"). */
const REASON_WORDING: [RegExp, string][] = [
  [/completion of assessment/, 'reason_a'],
  [/public funding/, 'reason_b'],
  [/non-? ?acute/, 'reason_c'],
  [/residential/, 'reason_di'],
  [/nursing/, 'reason_dii'],
  [/care package/, 'reason_e'],
  [/equipment|adaptations/, 'reason_f'],
  [/choice/, 'reason_g'],
  [/dispute/, 'reason_h'],
  [/housing/, 'reason_i'],
  [/^other$/, 'reason_o'],
];
const REQUIRED_REASONS = ['reason_a', 'reason_b', 'reason_c', 'reason_di', 'reason_dii', 'reason_e', 'reason_f', 'reason_g', 'reason_h', 'reason_i'];

function reasonBreakdown(k: string): string | null {
  const t = k.replace(/^\(?(a|b|c|di|dii|e|f|g|h|i|o)\s*\)\s*/, '');
  return REASON_WORDING.find(([re]) => re.test(t))?.[1] ?? null;
}

const responsibleOrg: Variant = {
  id: 'dtoc-compiled-responsible-org',
  label: 'Compiled DToC series, delayed days by local authority, month and responsible organisation (Name, NHS, Social Care, Both, Period_year)',
  sumAsTotal: true,
  layout(header) {
    const name = findColumn(header, isName);
    const period = findColumn(header, isPeriod);
    const { found } = columnsBy(header, orgBreakdown);
    if (!name || !period || !found.has('nhs') || !found.has('social_care') || !found.has('both')) return null;
    if (header.some((h) => reasonBreakdown(headerKey(h)) !== null)) return null;
    const measures = (['nhs', 'social_care', 'both'] as const).map((b) => ({ breakdown: b, column: found.get(b)! }));
    const total = found.get('total') ?? null;
    const ignored = unread(header, [name, period, ...measures.map((m) => m.column), total]);
    return { name, code: findColumn(header, isCode), period, measures, total, ignored };
  },
  leftOut: (layout) => notRead(layout.ignored),
};

const byReason: Variant = {
  id: 'dtoc-compiled-reason',
  label: 'Compiled DToC series, delayed days by local authority, month and reason for delay (Code, Name, reasons A–O, Period)',
  sumAsTotal: false,
  layout(header) {
    const name = findColumn(header, isName);
    const code = findColumn(header, isCode);
    const period = findColumn(header, isPeriod);
    const { found, twins } = columnsBy(header, reasonBreakdown);
    if (!name || !code || !period || found.size < 3) return null;
    if (header.some((h) => { const b = orgBreakdown(headerKey(h)); return b !== null && b !== 'total'; })) return null;
    if (twins.length) return `found two columns for the same reason for delay: ${twins.join('; ')}`;
    const missing = REQUIRED_REASONS.filter((b) => !found.has(b));
    if (missing.length) {
      return `expected a column for each reason for delay A) to I); found none for ${missing.map((b) => b.replace('reason_', '').replace(/^./, (c) => c.toUpperCase()) + ')').join(', ')}`;
    }
    const measures = [...found].map(([breakdown, c]) => ({ breakdown, column: c }));
    const total = findColumn(header, (k) => orgBreakdown(k) === 'total');
    const ignored = unread(header, [name, code, period, ...measures.map((m) => m.column), total]);
    return { name, code, period, measures, total, ignored };
  },
  leftOut(layout) {
    const out: string[] = [];
    if (layout.total) out.push(`Column ${quote(layout.total.header)} checked against the sum of the reasons but not read: totals come from the responsible-organisation file.`);
    return [...out, ...notRead(layout.ignored)];
  },
};

// ---------------------------------------------------------------------------------------------
// Reading, shared by both files

function read(variant: Variant, file: string, rows: CsvRow[], context: AdapterContext): AdapterResult {
  const result: AdapterResult = { tables: emptyTables(), errors: [], skipped: [], periods: [] };
  const header = rows[0]?.cells ?? [];
  const layout = variant.layout(header);
  if (layout === null || typeof layout === 'string') {
    const message = layout ?? `expected the header of the ${variant.label}; found ${header.slice(0, 8).map(quote).join(', ') || '(nothing)'}`;
    result.errors.push({ file, row: 0, column: '', message });
    return result;
  }

  const index = nameIndex(context.areas);
  const cell = (row: CsvRow, c: Column | null) => (c ? (row.cells[c.index] ?? '').trim() : '');
  const error = (row: CsvRow, c: Column, message: string) => result.errors.push({ file, row: row.line, column: c.header, message } satisfies CellError);
  const firstRowOf = new Map<string, number>();
  const periods = new Map<string, string>();
  /** NA cells per column header, with the first and last period they occur in. */
  const missing = new Map<string, { count: number; first: string; last: string; labels: Map<string, string> }>();
  let totalsNotSummed = 0;

  for (const row of rows.slice(1)) {
    const nameText = cell(row, layout.name);
    const periodText = cell(row, layout.period);
    const period = parseMonth(periodText);
    if (!period) {
      error(row, layout.period, `${quote(periodText)} is not a month; expected a month and year such as "April 2019"`);
      continue;
    }

    const codeText = cell(row, layout.code);
    let areaCode: string;
    if (isOnsCode(codeText)) areaCode = codeText;
    else if (codeText === '-' && headerKey(nameText) === 'england') areaCode = ENGLAND_CODE;
    else {
      const resolved = joinOldCode(codeText, period.start) ?? resolveName(index, nameText, period);
      if ('message' in resolved) {
        error(row, layout.name, resolved.message);
        continue;
      }
      areaCode = resolved.code;
    }

    const seen = `${areaCode} ${period.start}`;
    const earlier = firstRowOf.get(seen);
    if (earlier !== undefined) {
      error(row, layout.name, `${quote(nameText)} (${areaCode}) appears again for ${period.label} (first on row ${earlier}); the row was not read`);
      continue;
    }
    firstRowOf.set(seen, row.line);

    const values = new Map<Measure, number | null>();
    let bad = false;
    for (const m of layout.measures) {
      const text = cell(row, m.column);
      if (isMissing(text)) {
        values.set(m, null);
        continue;
      }
      const parsed = parsePublishedCount(text);
      if (parsed.ok) values.set(m, parsed.value);
      else {
        bad = true;
        error(row, m.column, text === '' ? 'is empty; write NA where the figure was not collected' : parsed.message);
      }
    }
    if (bad) continue;

    const present = [...values.values()].filter((v): v is number => v !== null);
    const sum = present.reduce((a, b) => a + b, 0);
    if (layout.total && !variant.sumAsTotal) {
      const totalText = cell(row, layout.total);
      const total = parsePublishedCount(totalText);
      if (!total.ok && !isMissing(totalText)) {
        error(row, layout.total, total.message);
        continue;
      }
      if (total.ok && total.value !== sum) {
        error(row, layout.total, `${total.value} is not the sum of the reasons for delay (${sum}); the row was not read`);
        continue;
      }
    }

    periods.set(period.start, period.label);
    const observe = (breakdown: string, numerator: number) =>
      result.tables.observations.push({
        metric: 'dtoc', area_code: areaCode, period_start: period.start, period_type: 'month', breakdown, numerator,
        denominator: null, published_value: null, suppressed: false, source: `${file}:${row.line}`,
      } satisfies Observation);
    for (const m of layout.measures) {
      const v = values.get(m)!;
      if (v !== null) {
        observe(m.breakdown, v);
        continue;
      }
      const entry = missing.get(m.column.header) ?? { count: 0, first: period.start, last: period.start, labels: new Map<string, string>() };
      entry.count++;
      if (period.start < entry.first) entry.first = period.start;
      if (period.start > entry.last) entry.last = period.start;
      entry.labels.set(period.start, period.label);
      missing.set(m.column.header, entry);
    }
    if (variant.sumAsTotal) {
      if (present.length === layout.measures.length) observe('total', sum);
      else totalsNotSummed++;
    }
  }

  result.periods = [...periods].sort(([a], [b]) => a.localeCompare(b)).map(([, label]) => label);
  for (const [header, m] of missing) {
    const span = m.first === m.last ? m.labels.get(m.first)! : `${m.labels.get(m.first)} to ${m.labels.get(m.last)}`;
    result.skipped.push(`${m.count} ${quote(header)} cell(s) marked NA (not collected; ${span}) left out, not counted as zero.`);
  }
  if (totalsNotSummed > 0) result.skipped.push(`${totalsNotSummed} row(s) with an NA part have no total: a total needs NHS, Social Care and Both.`);
  result.skipped.push(...variant.leftOut(layout));
  return result;
}

function adapter(variant: Variant): Adapter {
  return {
    id: variant.id,
    label: variant.label,
    needsAreaNames: true,
    detect: (rows) => rows.length > 0 && variant.layout(rows[0]!.cells) !== null,
    read: (file, rows, context) => read(variant, file, rows, context),
  };
}

export const dtocCompiledResponsibleOrgAdapter: Adapter = adapter(responsibleOrg);
export const dtocCompiledReasonAdapter: Adapter = adapter(byReason);
