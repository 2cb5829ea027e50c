// Reads a CSV in the canonical long layout (one of the contract tables) into typed rows.
import {
  isNotAvailable, parseBoolean, parseCount, parseIsoDate, parseName, parseNumber, parseOneOf, parseOptional, quote, type Cell,
} from './cells';
import { DEFINITION_COLUMNS, parseDefinition, type DefinitionRow } from '../definitions/parse';
import { parseCsv, type CsvRow } from './csv';
import type { CellError } from './errors';
import {
  AGE_BANDS, AREA_TYPES, COLUMNS, KEY_COLUMNS, PERIOD_TYPES, TABLE_NAMES,
  type Area, type Observation, type Population, type TableName, type Tables, type Target,
} from './schema';

export interface CanonicalFile {
  tables: Tables;
  errors: CellError[];
  /** What was read other than as written, or left out, in plain words (the report's notes). */
  notes: string[];
}

export const emptyTables = (): Tables => ({ observations: [], areas: [], populations: [], targets: [], metrics: [] });

/** The table whose columns the header holds, or a message saying what was expected. */
export function detectTable(header: string[]): { table: TableName } | { message: string; near: boolean } {
  const names = header.map((h) => h.trim().toLowerCase());
  const scored = TABLE_NAMES.map((table) => {
    const required = COLUMNS[table].filter((c) => c.required).map((c) => c.name);
    const missing = required.filter((c) => !names.includes(c));
    return { table, missing, found: required.length - missing.length };
  }).sort((a, b) => a.missing.length - b.missing.length || b.found - a.found);
  const best = scored[0]!;
  if (best.missing.length === 0) return { table: best.table };
  const shown = header.slice(0, 12).map(quote).join(', ') || '(nothing)';
  if (best.found >= 2) {
    return { message: `looks like ${best.table} but is missing column(s) ${best.missing.join(', ')}; found ${shown}`, near: true };
  }
  const expected = TABLE_NAMES.map(
    (t) => `${t} (${COLUMNS[t].filter((c) => c.required).map((c) => c.name).join(', ')})`,
  ).join('; or ');
  return { message: `unknown layout: expected a header row with the columns of ${expected}; found ${shown}`, near: false };
}

type RowReader<T> = (get: (column: string) => string, cell: <V>(column: string, c: Cell<V>) => V | undefined) => T | undefined;

// Cells are parsed here; what an observation must satisfy is checked for every layout alike
// (contract/rules.ts).
const readObservation = (file: string, line: number): RowReader<Observation> => (get, cell) => {
  const periodStart = cell('period_start', parseIsoDate(get('period_start')));
  const periodType = cell('period_type', parseOneOf(get('period_type'), PERIOD_TYPES, 'period type'));
  const numerator = cell('numerator', parseCount(get('numerator')));
  const denominator = cell('denominator', parseOptional(get('denominator'), parseCount));
  const published = cell('published_value', parseOptional(get('published_value'), parseNumber));
  const suppressed = cell('suppressed', parseBoolean(get('suppressed')));
  if (!periodStart || !periodType || numerator == null || denominator === undefined || published === undefined || suppressed == null) return undefined;
  return {
    metric: get('metric').trim(), area_code: get('area_code').trim(), period_start: periodStart, period_type: periodType,
    breakdown: get('breakdown').trim(), numerator, denominator, published_value: published, suppressed, source: `${file}:${line}`,
  };
};

const readArea: RowReader<Area> = (get, cell) => {
  const code = cell('area_code', parseName(get('area_code')));
  const name = cell('area_name', parseName(get('area_name')));
  const parent = cell('parent_code', parseName(get('parent_code')));
  const areaType = cell('area_type', parseOneOf(get('area_type'), AREA_TYPES, 'area type'));
  if (code === undefined || name === undefined || parent === undefined || !areaType) return undefined;
  return { area_code: code, area_name: name, area_type: areaType, parent_code: parent || null };
};

const readPopulation: RowReader<Population> = (get, cell) => {
  const year = cell('year', parseNumber(get('year')));
  const ageBand = cell('age_band', parseOneOf(get('age_band'), AGE_BANDS, 'age band'));
  const population = cell('population', parseCount(get('population')));
  if (year != null && (!Number.isInteger(year) || year < 1900 || year > 2100)) cell('year', { ok: false, message: `${year} is not a plausible year` });
  if (year == null || !ageBand || population == null) return undefined;
  return { area_code: get('area_code').trim(), year, age_band: ageBand, population };
};

// What a target must satisfy (known metric, period that fits it) is checked in contract/rules.ts.
const readTarget = (file: string, line: number): RowReader<Target> => (get, cell) => {
  const periodStart = cell('period_start', parseIsoDate(get('period_start')));
  const periodType = cell('period_type', parseOneOf(get('period_type'), PERIOD_TYPES, 'period type'));
  const target = cell('target', parseNumber(get('target')));
  if (!periodStart || !periodType || target == null) return undefined;
  return { metric: get('metric').trim(), area_code: get('area_code').trim(), period_start: periodStart, period_type: periodType, target, source: `${file}:${line}` };
};

// A definition is checked whole here (it needs no other table): a bad one is refused with every
// cell that is wrong named, and changes nothing.
const readDefinition: RowReader<DefinitionRow> = (get, cell) => {
  const row = Object.fromEntries(DEFINITION_COLUMNS.map(({ name }) => [name, get(name).trim() || null])) as DefinitionRow;
  const parsed = parseDefinition(row);
  if ('problems' in parsed) {
    for (const p of parsed.problems) cell(p.column, { ok: false, message: p.message });
    return undefined;
  }
  return row;
};

const READERS: { [K in TableName]: (file: string, line: number) => RowReader<Tables[K][number]> } = {
  observations: readObservation,
  areas: () => readArea,
  populations: () => readPopulation,
  targets: readTarget,
  metrics: () => readDefinition,
};

/** Key that must be unique within a table: its key columns' values, joined. */
export const tableKey = (table: TableName) => {
  const columns = KEY_COLUMNS[table];
  return (row: Tables[TableName][number]): string => columns.map((c) => (row as unknown as Record<string, unknown>)[c]).join('|');
};

/** A table's rows sorted by their key, so the same rows always make the same extract. */
export function inKeyOrder<K extends TableName>(table: K, rows: Tables[K]): Tables[K] {
  const key = tableKey(table);
  const keyed = (rows as Tables[TableName][number][]).map((row) => [key(row), row] as const);
  keyed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return keyed.map(([, row]) => row) as Tables[K];
}

export function readCanonicalCsv(file: string, text: string): CanonicalFile {
  if (text.includes('\u0000')) {
    return { tables: emptyTables(), errors: [{ file, row: 0, column: '', message: 'is not a text file (it contains binary data)' }], notes: [] };
  }
  return readCanonicalRows(file, parseCsv(text));
}

/** Rows above the header that a title (or a note) may take, as spreadsheets are often saved. */
const TITLE_ROWS = 5;

/** Where the header is: the first row, or one of the next few that holds every column of a table. */
export function headerIndex(rows: CsvRow[]): number {
  const found = rows.slice(0, TITLE_ROWS + 1).findIndex((r) => 'table' in detectTable(r.cells));
  return Math.max(0, found);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
const listed = (items: string[], max = 5) => (items.length > max ? `${items.slice(0, max).join(', ')} and ${plural(items.length - max, 'more', 'more')}` : items.join(', '));

export function readCanonicalRows(file: string, allRows: CsvRow[]): CanonicalFile {
  const out: CanonicalFile = { tables: emptyTables(), errors: [], notes: [] };
  const fileError = (message: string) => { out.errors.push({ file, row: 0, column: '', message }); return out; };
  if (allRows.length === 0) return fileError('is empty');
  const skip = headerIndex(allRows);
  const rows = allRows.slice(skip);
  if (skip > 0) {
    const titles = allRows.slice(0, skip).map((r) => r.cells.filter((c) => c.trim() !== '').map(quote).join(', '));
    out.notes.push(`The header is on row ${rows[0]!.line}: ${skip === 1 ? 'the row above it was' : `the ${skip} rows above it were`} read as a title and left out (${titles.join('; ')}).`);
  }
  const header = rows[0]!;
  if (header.cells.length === 1 && /[;\t|]/.test(header.cells[0]!)) {
    return fileError(`is not comma-separated: the header ${quote(header.cells[0]!)} uses another delimiter`);
  }
  const detected = detectTable(header.cells);
  if ('message' in detected) return fileError(detected.message);
  const table = detected.table;
  if (rows.length === 1) return fileError('has a header but no data rows');

  const index = new Map(header.cells.map((h, i) => [h.trim().toLowerCase(), i]));
  const required = new Set(COLUMNS[table].filter((c) => c.required).map((c) => c.name));
  const known = new Set(COLUMNS[table].map((c) => c.name));
  const extra = header.cells.filter((h) => h.trim() !== '' && !known.has(h.trim().toLowerCase()));
  if (extra.length > 0) {
    out.notes.push(`Ignored ${plural(extra.length, 'column')} that the ${table} table does not have: ${listed(extra.map(quote))}.`);
  }
  const notAvailable: string[] = [];
  const seen = new Map<string, number>();
  const keyOf = tableKey(table);
  for (const { line, cells } of rows.slice(1)) {
    const before = out.errors.length;
    const push = (column: string, message: string) => out.errors.push({ file, row: line, column, message });
    if (cells.length !== header.cells.length) {
      push('(whole row)', `has ${cells.length} cells but the header has ${header.cells.length}`);
      continue;
    }
    const get = (column: string) => {
      const i = index.get(column);
      return i === undefined ? '' : (cells[i] ?? '');
    };
    for (const column of required) if (get(column).trim() === '') push(column, 'is empty but required');
    if (/^[=+\-@]/.test(get('area_name').trim())) push('area_name', `${quote(get('area_name').trim())} looks like a spreadsheet formula`);
    if (out.errors.length > before) continue;
    const cell = <V>(column: string, c: Cell<V>): V | undefined => {
      if (c.ok) {
        if (c.value === null && isNotAvailable(get(column))) notAvailable.push(`row ${line} column "${column}"`);
        return c.value;
      }
      push(column, c.message);
      return undefined;
    };
    const reader = READERS[table](file, line) as RowReader<Tables[typeof table][number]>;
    const row = reader(get, cell);
    if (!row || out.errors.length > before) continue;
    const key = keyOf(row);
    const first = seen.get(key);
    if (first !== undefined) {
      push(table === 'areas' ? 'area_code' : '(whole row)', `repeats the key of row ${first} (${key.replaceAll('|', ', ')})`);
      continue;
    }
    seen.set(key, line);
    (out.tables[table] as (typeof row)[]).push(row);
  }
  if (notAvailable.length > 0) {
    out.notes.push(`Read "#N/A" (a spreadsheet's "not available") as empty in ${plural(notAvailable.length, 'optional cell')}: ${listed(notAvailable)}.`);
  }
  return out;
}
