// NHS England's monthly Delayed Transfers of Care sitrep (MSitDT), "Total Delayed Days Local
// Authority" workbook, saved sheet by sheet as CSV: `LA - by responsible org` and `LA - by reason`.
//
// Both sheets share one shape: a metadata block (`Title:`, `Period:` …) in column B, an optional
// super-header row, a header row (`Region, ONS Geography, Code, Name, <measures>` from July 2015;
// `Region, (blank), Code, Name` from 2014; `SHA, Code, Name` in 2011 and after), the England
// row, then one row per local authority, three pseudo-LA rows (patients resident in Scotland,
// Wales or outside GB) and, in later publications, `Notes:` rows. The header is found by its
// content, never by its row number, and column names are matched loosely because the wording and
// case change between vintages. Before July 2015 the sheets give no ONS code, only NHS England's
// old council code: the reference geography maps it to the ONS code in use that month (and the
// name, where the code is not one it knows).
import { emptyTables } from '../contract/canonical';
import type { CsvRow } from '../contract/csv';
import type { Area, Observation } from '../contract/schema';
import { displayName } from '../geography/names';
import { parsePublishedCount } from './published-number';
import { joinName, joinOldCode } from '../geography/reference';
import { ENGLAND_CODE, regionByName } from '../geography/regions';
import type { Adapter, AdapterResult } from './types';
import { findColumn, headerKey, parseMonth, type Column } from './text';




// ---------------------------------------------------------------------------------------------
// Layout: metadata block and header row

interface Layout {
  /** Index into rows of the header row. */
  headerAt: number;
  /** The value beside the `Period:` label, if the metadata block has one. */
  period: { text: string } | null;
  /** When the figures were published (YYYY-MM-DD): the `Revised:` date, else `Published:`. */
  published: string | null;
  region: Column | null;
  /** ONS codes: from July 2015 only. */
  ons: Column | null;
  code: Column | null;
  name: Column;
  /**
   * The first block of measure columns after the identity columns: up to the first blank header
   * cell (the spacer before the per-day block) or the first measure seen twice.
   */
  measures: Column[];
  /** Non-blank header cells after the first block (e.g. the per-day "DTOC Beds" block). */
  later: Column[];
}

const HEADER_SEARCH_ROWS = 40;
const isOnsHeader = (k: string) => /^ons (geography|code|area code)\b/.test(k);
const isNameHeader = (k: string) => /^((la|local authority|area) )?name$/.test(k);
const isRegionHeader = (k: string) => /^(region( name)?|sha)$/.test(k);
const isCodeHeader = (k: string) => /^((la|cassr|council) )?code$/.test(k);

/** Reads the layout, or says what is missing. Used both to detect and to read. */
function readLayout(rows: CsvRow[]): Layout | string {
  // An identity column and a name: "ONS Geography" from July 2015, "Code" (NHS England's) before.
  // The header sits below a short metadata block: looking further would only slow detection of other files.
  const headerAt = rows.slice(0, HEADER_SEARCH_ROWS).findIndex((r) => r.cells.some((c) => isOnsHeader(headerKey(c)) || isCodeHeader(headerKey(c))) && r.cells.some((c) => isNameHeader(headerKey(c))));
  if (headerAt < 0) return 'expected a header row with "ONS Geography" (or "Code") and "Name" columns, found none';
  const cells = rows[headerAt]!.cells;
  const ons = findColumn(cells, isOnsHeader);
  const name = findColumn(cells, isNameHeader)!;
  const region = findColumn(cells, isRegionHeader);
  const code = findColumn(cells, isCodeHeader);

  const firstMeasure = Math.max(ons?.index ?? -1, name.index, region?.index ?? -1, code?.index ?? -1) + 1;
  const measures: Column[] = [];
  const later: Column[] = [];
  const seen = new Set<string>();
  let i = firstMeasure;
  for (; i < cells.length; i++) {
    const header = cells[i]!.trim();
    if (header === '' && measures.length === 0) continue;
    if (header === '' || seen.has(headerKey(header))) break;
    seen.add(headerKey(header));
    measures.push({ index: i, header });
  }
  for (; i < cells.length; i++) {
    const header = cells[i]!.trim();
    if (header !== '') later.push({ index: i, header });
  }

  const meta = (label: string) => metadataValue(rows.slice(0, headerAt), label);
  const period = meta('period');
  // The figures as revised are the ones read: a revision's date, else the first publication's.
  const published = parseDayMonthYear(meta('revised') ?? meta('published') ?? '');
  return { headerAt, period: period === null ? null : { text: period }, published, region, ons, code, name, measures, later };
}

/** The text beside a label of the metadata block (`Period:`, `Published:` …), or null. */
function metadataValue(rows: CsvRow[], label: string): string | null {
  for (const row of rows) {
    const at = row.cells.findIndex((c) => headerKey(c).replace(/\s*:$/, '') === label);
    if (at >= 0) return (row.cells.slice(at + 1).find((c) => c.trim() !== '') ?? '').trim();
  }
  return null;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** "13th July 2017" or "1 June 2018" as 2017-07-13; null for anything else. */
export function parseDayMonthYear(text: string): string | null {
  const m = /^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\s+(\d{4})$/i.exec(text.trim());
  const month = m ? MONTHS.indexOf(m[2]!.toLowerCase()) + 1 : 0;
  if (!m || month === 0 || Number(m[1]) < 1 || Number(m[1]) > 31) return null;
  return `${m[3]}-${String(month).padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
}


// ---------------------------------------------------------------------------------------------
// Measures of each sheet

interface Measure {
  /** Breakdown id the column feeds, or null for a column that is read but not emitted. */
  breakdown: string | null;
  column: Column;
}

/** Whether the parts add up to the published total; if not, the complaint about the total's cell. */
function totalCheck(values: Map<Measure, number>, parts: Measure[], total: Measure, what: string): { column: Column; message: string } | null {
  const sum = parts.reduce((n, m) => n + values.get(m)!, 0);
  const published = values.get(total)!;
  if (sum === published) return null;
  return { column: total.column, message: `${published} is not ${what}; the row was not read` };
}

interface Sheet {
  id: string;
  label: string;
  /** Whether the first block of columns looks like this sheet (detection; reading checks more). */
  recognises(block: Column[]): boolean;
  /** Picks this sheet's measure columns out of the first block, or says why the layout is not this sheet. */
  measures(block: Column[]): Measure[] | string;
  /** A row-level check across the parsed values (e.g. the parts sum to the total). */
  check?(values: Map<Measure, number>, measures: Measure[]): { column: Column; message: string } | null;
  /** Lines for `skipped` about columns deliberately not read. */
  leftOut(measures: Measure[], layout: Layout): string[];
}

function orgKey(header: string): 'nhs' | 'social_care' | 'both' | 'total' | null {
  const k = headerKey(header)
    .replace(/^(delayed days )?(attributable to )?(the )?/, '')
    .replace(/ (attributable|delayed days)$/, '')
    .replace(/[^a-z ]/g, '')
    .trim();
  if (k === 'nhs') return 'nhs';
  if (k === 'social care' || k === 'socialcare' || k === 'asc' || k === 'adult social care') return 'social_care';
  if (k === 'both' || k === 'both nhs and social care') return 'both';
  if (k === 'total' || k === 'total delayed days') return 'total';
  return null;
}

const ORG_LABELS = { nhs: 'NHS', social_care: 'Social Care', both: 'Both', total: 'Total' } as const;

const responsibleOrg: Sheet = {
  id: 'nhse-dtoc-monthly-responsible-org',
  label: 'NHS England monthly DToC, delayed days by local authority and responsible organisation',
  recognises(block) {
    const keys = new Set(block.map((c) => orgKey(c.header)));
    return keys.has('nhs') && keys.has('social_care') && keys.has('both');
  },
  measures(block) {
    const found = new Map<string, Column>();
    for (const column of block) {
      const k = orgKey(column.header);
      if (k && !found.has(k)) found.set(k, column);
    }
    const missing = (['nhs', 'social_care', 'both', 'total'] as const).filter((k) => !found.has(k));
    if (missing.length > 0) {
      return `expected NHS, Social Care, Both and Total columns after "Name", found no ${missing.map((k) => `"${ORG_LABELS[k]}"`).join(', ')} column`;
    }
    return [...found].map(([breakdown, column]) => ({ breakdown, column }));
  },
  check(values, measures) {
    const by = (b: string) => measures.find((m) => m.breakdown === b)!;
    const parts = ['nhs', 'social_care', 'both'].map(by);
    const sum = parts.map((m) => values.get(m)!);
    return totalCheck(values, parts, by('total'), `NHS + Social Care + Both (${sum.join(' + ')} = ${sum.reduce((a, b) => a + b, 0)})`);
  },
  leftOut(_measures, layout) {
    if (layout.later.length === 0) return [];
    const later = layout.later.map((c) => c.header).join(', ');
    return [`The second block of columns after the spacer (${later}: delayed beds, the average per day) was not read; delayed days come from the first block.`];
  },
};

/** Reason letter codes as the publications print them, to breakdown ids. */
const REASON_CODES: Record<string, string> = {
  a: 'reason_a',
  b: 'reason_b',
  c: 'reason_c',
  di: 'reason_di',
  dii: 'reason_dii',
  e: 'reason_e',
  f: 'reason_f',
  g: 'reason_g',
  h: 'reason_h',
  i: 'reason_i',
  o: 'reason_o',
};
/** Reasons every vintage publishes; O) Other only from April 2017. */
const REQUIRED_REASONS = ['a', 'b', 'c', 'di', 'dii', 'e', 'f', 'g', 'h', 'i'];

function reasonCode(header: string): string | null {
  const m = /^\(?([a-z]{1,3})\s*\)/.exec(headerKey(header));
  return m && m[1]! in REASON_CODES ? m[1]! : null;
}

const byReason: Sheet = {
  id: 'nhse-dtoc-monthly-reason',
  label: 'NHS England monthly DToC, delayed days by local authority and reason for delay',
  recognises(block) {
    return new Set(block.map((c) => reasonCode(c.header)).filter((c) => c !== null)).size >= 3;
  },
  measures(block) {
    const found = new Map<string, Column>();
    for (const column of block) {
      const code = reasonCode(column.header);
      if (code === null) continue;
      const twin = found.get(code);
      if (twin) return `found two columns for reason ${code.toUpperCase()}): "${twin.header}" and "${column.header}"`;
      found.set(code, column);
    }
    if (found.size === 0) return 'expected lettered reason-for-delay columns ("A) …", "B) …") after "Name", found none';
    const missing = REQUIRED_REASONS.filter((c) => !found.has(c));
    if (missing.length > 0) {
      return `expected reason columns A) to I), found no column for ${missing.map((c) => `${c === 'di' ? 'Di' : c === 'dii' ? 'Dii' : c.toUpperCase()})`).join(', ')}`;
    }
    const measures: Measure[] = [...found].map(([code, column]) => ({ breakdown: REASON_CODES[code]!, column }));
    // The published total is read only to check the reasons add up to it.
    const total = block.find((c) => /^total\b/.test(headerKey(c.header)));
    if (total) measures.push({ breakdown: null, column: total });
    return measures;
  },
  check(values, measures) {
    const total = measures.find((m) => m.breakdown === null);
    if (!total) return null;
    const parts = measures.filter((m) => m.breakdown !== null);
    const sum = parts.reduce((n, m) => n + values.get(m)!, 0);
    return totalCheck(values, parts, total, `the sum of the ${parts.length} reason columns (${sum})`);
  },
  leftOut(measures, layout) {
    const lines: string[] = [];
    const total = measures.find((m) => m.breakdown === null);
    if (total) lines.push(`Column "${total.column.header}" used only to check the reasons add up: the total delayed days come from the responsible-organisation sheet.`);
    if (!measures.some((m) => m.breakdown === 'reason_o')) lines.push('This vintage has no "O) Other" column: reason O is left out, not counted as zero.');
    const read = new Set(measures.map((m) => m.column.index));
    const others = [...layout.measures, ...layout.later].filter((c) => !read.has(c.index));
    if (others.length > 0) lines.push(`Column(s) ${others.map((c) => `"${c.header}"`).join(', ')} not read: they are not reasons for delay.`);
    return lines;
  },
};

// ---------------------------------------------------------------------------------------------
// Row walking, shared by both sheets

const PSEUDO_NAME = /\bresident\b|\boutside (england|gb|uk)\b|\bscotland\b|\bwales\b|\bnorthern ireland\b/i;

function read(sheet: Sheet, file: string, rows: CsvRow[]): AdapterResult {
  const result: AdapterResult = {
    tables: emptyTables(),
    errors: [],
    skipped: [],
    periods: [],
  };
  const fileError = (message: string) => {
    result.errors.push({ file, row: 0, column: '', message });
    return result;
  };

  const layout = readLayout(rows);
  if (typeof layout === 'string') return fileError(layout);
  if (!layout.period) return fileError('expected a "Period:" line (e.g. "Period:,May 2017") in the metadata block above the header, found none');
  const period = parseMonth(layout.period.text);
  if (!period) {
    return fileError(`expected the "Period:" line to give a month and year such as "May 2017", found ${JSON.stringify(layout.period.text)}`);
  }
  const measures = sheet.measures(layout.measures);
  if (typeof measures === 'string') return fileError(measures);
  result.periods.push(period.label);

  const pseudo: string[] = [];
  let byOldCode = 0;
  let notes = 0;
  let inNotes = false;
  const firstRowOf = new Map<string, number>();
  const cell = (row: CsvRow, column: Column | null) => (column ? (row.cells[column.index] ?? '').trim() : '');

  for (const row of rows.slice(layout.headerAt + 1)) {
    const firstText = row.cells.find((c) => c.trim() !== '')!.trim();
    if (/^notes?\b/i.test(firstText)) inNotes = true;
    const onsText = cell(row, layout.ons);
    const codeText = cell(row, layout.code);
    const nameText = cell(row, layout.name);
    if (inNotes || (onsText === '' && nameText === '' && measures.every((m) => cell(row, m.column) === ''))) {
      // Notes and footnotes: text with no area code, no name and no figures.
      notes++;
      continue;
    }

    const isEngland = headerKey(nameText) === 'england';
    if (!isEngland && (onsText === '-' || onsText === '') && PSEUDO_NAME.test(nameText)) {
      pseudo.push(nameText);
      continue;
    }
    let areaCode: string;
    if (isEngland && (onsText === '-' || onsText === '' || onsText.toUpperCase() === ENGLAND_CODE)) {
      areaCode = ENGLAND_CODE;
    } else if (/^E\d{8}$/.test(onsText)) {
      areaCode = onsText;
    } else if (layout.ons) {
      result.errors.push({
        file,
        row: row.line,
        column: layout.ons.header,
        message: `${JSON.stringify(onsText)} is not an ONS local authority code (E followed by 8 digits)${nameText ? ` for "${nameText}"` : ''}; the row was not read`,
      });
      continue;
    } else {
      // No ONS code in this vintage: NHS England's old council code for the month, else the name.
      const joined = joinOldCode(codeText, period.start) ?? joinName(nameText, period.start);
      if (!joined || 'message' in joined) {
        const column = layout.code ?? layout.name;
        const why = joined ? joined.message : `${JSON.stringify(codeText)} is not an old council code, nor ${JSON.stringify(nameText)} a council name, the reference geography knows`;
        result.errors.push({ file, row: row.line, column: column.header, message: `${why}; the row was not read` });
        continue;
      }
      areaCode = joined.code;
      byOldCode++;
    }
    const earlier = firstRowOf.get(areaCode);
    if (earlier !== undefined) {
      result.errors.push({ file, row: row.line, column: (layout.ons ?? layout.code ?? layout.name).header, message: `${areaCode} appears again (first on row ${earlier}); the row was not read` });
      continue;
    }
    firstRowOf.set(areaCode, row.line);

    const values = new Map<Measure, number>();
    let bad = false;
    for (const m of measures) {
      const parsed = parsePublishedCount(row.cells[m.column.index] ?? '');
      if (parsed.ok) values.set(m, parsed.value);
      else {
        bad = true;
        result.errors.push({ file, row: row.line, column: m.column.header, message: parsed.message });
      }
    }
    if (bad) continue;
    const problem = sheet.check?.(values, measures);
    if (problem) {
      result.errors.push({ file, row: row.line, column: problem.column.header, message: problem.message });
      continue;
    }

    for (const m of measures) {
      if (m.breakdown === null) continue;
      const observation: Observation = {
        metric: 'dtoc',
        area_code: areaCode,
        period_start: period.start,
        period_type: 'month',
        breakdown: m.breakdown,
        numerator: values.get(m)!,
        denominator: null,
        published_value: null,
        suppressed: false,
        source: `${file}:${row.line}`,
      };
      result.tables.observations.push(observation);
    }
    const area: Area = isEngland
      ? { area_code: ENGLAND_CODE, area_name: 'England', area_type: 'england', parent_code: null }
      : { area_code: areaCode, area_name: displayName(nameText), area_type: 'place', parent_code: regionByName(cell(row, layout.region))?.code ?? null };
    result.tables.areas.push(area);
  }

  if (pseudo.length > 0) {
    result.skipped.push(
      `${pseudo.length} row(s) for patients living outside England (${pseudo.join(', ')}) skipped: they belong to no English local authority.`,
    );
  }
  if (notes > 0) result.skipped.push(`${notes} notes row(s) below the table skipped.`);
  if (!layout.ons) {
    result.skipped.push(`This vintage gives no ONS codes (they appear from July 2015): ${byOldCode} council(s) were matched by NHS England's old council code ("${layout.code?.header ?? 'Code'}") to the ONS code in use in ${period.label}.`);
  }
  if (!layout.region || rows.slice(layout.headerAt + 1).every((r) => ['', '-'].includes(cell(r, layout.region)))) {
    result.skipped.push('This vintage gives no region for its councils; the reference geography places them.');
  }
  result.skipped.push(...sheet.leftOut(measures, layout));
  if (layout.published) result.published = layout.published;
  return result;
}

function detect(sheet: Sheet, other: Sheet, rows: CsvRow[]): boolean {
  const layout = readLayout(rows);
  // A missing Period: line is still this layout: read() then says exactly what is missing. Without
  // an ONS column only the metadata block tells these sheets from other tables of codes and names.
  if (typeof layout === 'string' || (!layout.ons && !layout.period)) return false;
  return sheet.recognises(layout.measures) && !other.recognises(layout.measures);
}

function adapter(sheet: Sheet, other: Sheet): Adapter {
  return {
    id: sheet.id,
    label: sheet.label,
    detect: (rows) => detect(sheet, other, rows),
    read: (file, rows) => read(sheet, file, rows),
  };
}

export const dtocByResponsibleOrgAdapter: Adapter = adapter(responsibleOrg, byReason);
export const dtocByReasonAdapter: Adapter = adapter(byReason, responsibleOrg);
