// NHS Digital, "Measures from the Adult Social Care Outcomes Framework" (ASCOF), long format: one
// row per area, measure, disaggregation and measure type —
// `Geographical Code, Geographical Description, Geographical Level, ONS Code, ASCOF Measure Code,
//  Disaggregation Level, Measure Type, Measure Value, Measure Group, Measure Group Description`.
//
// The dashboard reads measure groups 2A1, 2A2 and 2B1 at the Total disaggregation: for each area,
// the Numerator, Denominator and Outcome rows (in any order) make one observation. `[x]` (not
// available) leaves the area's measure out; `[c]` (suppressed) gives a suppressed observation and
// never a guessed number. The file does not state its year, so it is taken from the file name.
import { quote, type Cell } from '../contract/cells';
import { emptyTables } from '../contract/canonical';
import type { CsvRow } from '../contract/csv';
import type { Area, Observation } from '../contract/schema';
import { displayName } from '../geography/names';
import { parsePublishedCount } from './published-number';
import { ENGLAND_CODE, REGIONS, regionByName } from '../geography/regions';
import { headerKey } from './text';
import type { Adapter, AdapterResult } from './types';


/** Measure groups read, with the metric they feed and how the publication names them. */
const GROUPS: Record<string, { metric: string; label: string }> = {
  '2A1': { metric: 'ascof_2a1', label: '2A(1)' },
  '2A2': { metric: 'ascof_2a2', label: '2A(2)' },
  '2B1': { metric: 'ascof_2b1', label: '2B(1)' },
};

/** Region abbreviations used as the Geographical Code of region rows. */
const REGION_ABBREVIATIONS: Record<string, string> = {
  NE: 'E12000001', NW: 'E12000002', YH: 'E12000003', EM: 'E12000004', WM: 'E12000005',
  E: 'E12000006', EE: 'E12000006', L: 'E12000007', SE: 'E12000008', SW: 'E12000009',
};

const COLUMN_NAMES = {
  geoCode: 'geographical code',
  geoName: 'geographical description',
  level: 'geographical level',
  ons: 'ons code',
  measureCode: 'ascof measure code',
  disaggregation: 'disaggregation level',
  type: 'measure type',
  value: 'measure value',
  group: 'measure group',
} as const;
type ColumnId = keyof typeof COLUMN_NAMES;
const REQUIRED: ColumnId[] = ['geoCode', 'measureCode', 'type', 'value', 'group'];

function columns(header: string[]): Partial<Record<ColumnId, number>> | null {
  const keys = header.map(headerKey);
  const found: Partial<Record<ColumnId, number>> = {};
  for (const [id, name] of Object.entries(COLUMN_NAMES) as [ColumnId, string][]) {
    const at = keys.indexOf(name);
    if (at >= 0) found[id] = at;
  }
  return REQUIRED.every((id) => found[id] !== undefined) ? found : null;
}

/**
 * The financial year in a file name: "ascof-2020-21-measures.csv" (or "…2020-2021…") → 2020-21,
 * starting 2020-04-01. Null when the name holds no such pair of consecutive years.
 */
export function financialYearFromFileName(file: string): { start: string; label: string } | null {
  const base = file.split(/[\\/]/).pop() ?? file;
  for (const m of base.matchAll(/(?<!\d)(20\d{2})[-_](20\d{2}|\d{2})(?!\d)/g)) {
    const first = Number(m[1]);
    const second = m[2]!.length === 4 ? Number(m[2]) : Math.floor(first / 100) * 100 + Number(m[2]);
    if (second === first + 1) return { start: `${first}-04-01`, label: `${first}-${String(second % 100).padStart(2, '0')}` };
  }
  return null;
}

/** An outcome as published: a non-negative decimal, thousands separators allowed. */
function parseOutcome(text: string): Cell<number> {
  const t = text.trim();
  if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(t)) return { ok: false, message: `${quote(text)} is not a number` };
  return { ok: true, value: Number(t.replace(/,/g, '')) };
}

type Part = 'numerator' | 'denominator' | 'outcome';
const PARTS: Record<string, Part> = { numerator: 'numerator', denominator: 'denominator', outcome: 'outcome' };

interface Gathered {
  metric: string;
  group: string;
  areaCode: string;
  areaName: string;
  parts: Map<Part, { line: number; text: string }>;
}

type Place = { kind: 'area'; area: Area } | { kind: 'group' } | { kind: 'error'; column: string; message: string };

function place(get: (id: ColumnId) => string, hasColumn: (id: ColumnId) => boolean): Place {
  const code = get('geoCode');
  const name = get('geoName') || code;
  const ons = get('ons');
  const level = headerKey(get('level'));
  const isEngland = level === 'england' || level === 'national' || level === 'country' || (!level && (headerKey(code) === 'england' || ons === ENGLAND_CODE));
  if (isEngland) return { kind: 'area', area: { area_code: ENGLAND_CODE, area_name: 'England', area_type: 'england', parent_code: null } };
  const regionCode = /^E12\d{6}$/.test(ons) ? ons : (regionByName(name)?.code ?? REGION_ABBREVIATIONS[code.toUpperCase()]);
  if (level === 'region' || (!level && regionCode)) {
    if (!regionCode) return { kind: 'error', column: hasColumn('geoName') ? 'Geographical Description' : 'Geographical Code', message: `${quote(name)} is not one of England's nine regions` };
    const region = REGIONS.find((r) => r.code === regionCode);
    return { kind: 'area', area: { area_code: regionCode, area_name: region?.name ?? displayName(name), area_type: 'region', parent_code: ENGLAND_CODE } };
  }
  if (level === 'council' || level === 'local authority' || level === 'cassr' || !level) {
    if (!/^E\d{8}$/.test(ons)) {
      return {
        kind: 'error', column: 'ONS Code',
        message: `${quote(ons)} is not an ONS code (E followed by 8 digits) for council ${quote(name)}; the row was not read`,
      };
    }
    return { kind: 'area', area: { area_code: ons, area_name: displayName(name), area_type: 'place', parent_code: null } };
  }
  return { kind: 'group' };
}

function read(file: string, rows: CsvRow[]): AdapterResult {
  const result: AdapterResult = { tables: emptyTables(), errors: [], skipped: [], periods: [] };
  const header = rows[0]?.cells ?? [];
  const at = columns(header);
  if (!at) {
    result.errors.push({ file, row: 0, column: '', message: `expected the ASCOF measures header (${REQUIRED.map((id) => COLUMN_NAMES[id]).join(', ')}); found ${header.slice(0, 10).map(quote).join(', ')}` });
    return result;
  }
  const year = financialYearFromFileName(file);
  if (!year) {
    result.errors.push({
      file, row: 0, column: '',
      message: `the year could not be found: the ASCOF file does not state it in its content, so its name must hold the financial year as 20YY-YY (e.g. ascof-2020-21-measures.csv); rename the file and load it again`,
    });
    return result;
  }
  result.periods.push(year.label);

  const gathered = new Map<string, Gathered>();
  const areas = new Map<string, Area>();
  const otherGroups = new Map<string, number>();
  const disaggregations = new Map<string, number>();
  const groupsOfCouncils = new Map<string, number>();
  const otherTypes = new Map<string, number>();
  const count = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

  for (const row of rows.slice(1)) {
    const get = (id: ColumnId) => (at[id] === undefined ? '' : (row.cells[at[id]!] ?? '').trim());
    const groupId = get('group').toUpperCase().replace(/[()\s]/g, '');
    const group = GROUPS[groupId];
    if (!group) {
      count(otherGroups, get('group') || '(blank)');
      continue;
    }
    const disaggregation = get('disaggregation');
    const isTotal = at.disaggregation !== undefined
      ? headerKey(disaggregation) === 'total'
      : get('measureCode').toUpperCase().replace(/[()\s]/g, '') === groupId;
    if (!isTotal) {
      count(disaggregations, disaggregation || get('measureCode'));
      continue;
    }
    const where = place(get, (id) => at[id] !== undefined);
    if (where.kind === 'group') {
      count(groupsOfCouncils, get('geoName') || get('geoCode'));
      continue;
    }
    if (where.kind === 'error') {
      result.errors.push({ file, row: row.line, column: where.column, message: where.message });
      continue;
    }
    const part = PARTS[headerKey(get('type'))];
    if (!part) {
      count(otherTypes, get('type') || '(blank)');
      continue;
    }
    const area = where.area;
    if (!areas.has(area.area_code)) areas.set(area.area_code, area);
    const id = `${group.metric} ${area.area_code}`;
    const entry = gathered.get(id) ?? { metric: group.metric, group: group.label, areaCode: area.area_code, areaName: area.area_name, parts: new Map() };
    gathered.set(id, entry);
    const twin = entry.parts.get(part);
    if (twin) {
      result.errors.push({ file, row: row.line, column: 'Measure Type', message: `a second ${get('type')} row for ${entry.areaName} ${group.label} (first on row ${twin.line}); the row was not read` });
      continue;
    }
    entry.parts.set(part, { line: row.line, text: get('value') });
  }

  const notAvailable: string[] = [];
  for (const g of gathered.values()) {
    const parts = g.parts;
    if ([...parts.values()].some((p) => /^\[x\]$/i.test(p.text))) {
      notAvailable.push(`${g.areaName} ${g.group}`);
      continue;
    }
    const lines = [...parts.values()].map((p) => p.line).sort((a, b) => a - b);
    const lacking = (['numerator', 'denominator'] as const).filter((p) => !parts.has(p));
    if (lacking.length) {
      result.errors.push({ file, row: lines[0]!, column: 'Measure Type', message: `${g.areaName} ${g.group} has no ${lacking.map((p) => p[0]!.toUpperCase() + p.slice(1)).join(' or ')} row; the measure was not read` });
      continue;
    }
    let bad = false;
    const value = (part: Part): number | 'c' | null | undefined => {
      const p = parts.get(part);
      if (!p) return null;
      if (/^\[c\]$/i.test(p.text)) return 'c';
      const parsed = part === 'outcome' ? parseOutcome(p.text) : parsePublishedCount(p.text);
      if (parsed.ok) return parsed.value;
      bad = true;
      const message = p.text === '' ? 'is empty; expected a number, "[x]" or "[c]"'
        : /^-\d/.test(p.text) ? parsed.message
        : `${quote(p.text)} is not a number, "[x]" (not available) or "[c]" (suppressed)`;
      result.errors.push({ file, row: p.line, column: 'Measure Value', message: `${message}: ${g.areaName} ${g.group} ${part}; the measure was not read` });
      return undefined;
    };
    const numerator = value('numerator');
    const denominator = value('denominator');
    const outcome = value('outcome');
    if (bad) continue;
    const suppressed = numerator === 'c' || denominator === 'c' || outcome === 'c';
    result.tables.observations.push({
      metric: g.metric,
      area_code: g.areaCode,
      period_start: year.start,
      period_type: 'financial_year',
      breakdown: 'total',
      numerator: typeof numerator === 'number' ? numerator : 0,
      denominator: typeof denominator === 'number' ? denominator : null,
      published_value: typeof outcome === 'number' ? Math.round(outcome * 10) / 10 : null,
      suppressed,
      source: `${file}:${parts.get('numerator')!.line}`,
    } satisfies Observation);
  }
  result.tables.areas = [...areas.values()];

  const list = (m: Map<string, number>) => [...m.keys()].join(', ');
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  if (notAvailable.length) result.skipped.push(`${notAvailable.length} measure(s) not available ([x]) left out: ${notAvailable.join(', ')}.`);
  if (disaggregations.size) result.skipped.push(`${total(disaggregations)} row(s) breaking 2A/2B measures down (${list(disaggregations)}) not read: the dashboard uses the Total.`);
  if (groupsOfCouncils.size) result.skipped.push(`${total(groupsOfCouncils)} row(s) for groups of councils (${list(groupsOfCouncils)}) not read: they are not areas.`);
  if (otherTypes.size) result.skipped.push(`${total(otherTypes)} row(s) of other measure types (${list(otherTypes)}) not read.`);
  if (otherGroups.size) result.skipped.push(`${total(otherGroups)} row(s) of other ASCOF measure groups (${list(otherGroups)}) not read: only 2A1, 2A2 and 2B1 are shown.`);
  return result;
}

export const ascofAdapter: Adapter = {
  id: 'ascof-measures',
  label: 'NHS Digital ASCOF measures, long format (Geographical Code, ASCOF Measure Code, Measure Type, Measure Value, Measure Group)',
  detect: (rows) => rows.length > 0 && columns(rows[0]!.cells) !== null,
  read: (file, rows) => read(file, rows),
};
