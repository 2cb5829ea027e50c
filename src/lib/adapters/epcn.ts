// NHS Digital ePCN list, "PCN Details" sheet saved as CSV: one row per Primary Care Network with
// its CCG, open and close dates (YYYYMMDD numbers) and address, names in capitals. PCNs become
// the neighbourhood hubs of the places the CCG lookup knows. (The list's "PCN Core Partner
// Details" sheet, one row per member practice, is a different layout and is not read here.)
import { quote, type Cell } from '../contract/cells';
import { emptyTables } from '../contract/canonical';
import type { CsvRow } from '../contract/csv';
import type { CellError } from '../contract/errors';
import type { Area } from '../contract/schema';
import { CCG_PLACES, PCNS_OUTSIDE_PLACE } from './ccg-places';
import { skipTally } from './skipped';
import { headerKey } from './text';
import type { Adapter } from './types';

const HEADER_SEARCH_ROWS = 20;

const norm = (s: string | undefined) => headerKey(s ?? '');

interface Columns {
  index: number;
  code: number;
  name: number;
  ccg: number;
  open: number;
  close: number;
}

function columnsOf(cells: string[], index: number): Columns | null {
  const c = cells.map(norm);
  const at = (test: (h: string) => boolean) => c.findIndex(test);
  const cols = {
    index,
    code: at((h) => h === 'pcn code'),
    name: at((h) => h === 'pcn name'),
    ccg: at((h) => h === 'current clinical commissioning group code'),
    open: at((h) => h.startsWith('open date')),
    close: at((h) => h.startsWith('close date')),
  };
  return Object.values(cols).every((i) => i >= 0) ? cols : null;
}

function findColumns(rows: CsvRow[]): Columns | null {
  for (let i = 0; i < Math.min(rows.length, HEADER_SEARCH_ROWS); i++) {
    const cols = columnsOf(rows[i]!.cells, i);
    if (cols) return cols;
  }
  return null;
}

/** A date written as the number YYYYMMDD (20191001), as a real calendar date. */
function parseYmdNumber(text: string): Cell<string> {
  const t = text.trim();
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return { ok: false, message: `${quote(text)} is not a date written as YYYYMMDD` };
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return { ok: false, message: `${quote(text)} is not a real date` };
  }
  return { ok: true, value: `${m[1]}-${m[2]}-${m[3]}` };
}

/** Words that stay in capitals: initials that PCNs in our places go by. Add more as places are added. */
const ACRONYMS = new Set(['PCN', 'GP', 'NHS', 'ICC', 'IGPC', 'CHAW', 'CHOC', 'SMASH', 'SWAGGA', 'TABA']);
/** Vowel-less words that are abbreviations read as words, not initials. */
const ABBREVIATIONS = new Set(['ST', 'RD', 'LTD', 'DR', 'MR', 'MRS']);
const SMALL_WORDS = new Set(['and', 'of', 'the', 'upon', 'on', 'in', 'under', 'le', 'by', 'with', 'at', 'for', 'to']);

/** Capitals that are the initials of the words beside them: "North Oxfordshire Rural Alliance (NORA)", "Lytham St Anne's & Ansdell (LSA)", "FABB (Fishponds, Air Balloon & Beechwood)". */
function bracketInitials(name: string): Set<string> {
  const found = new Set<string>();
  const initials = (words: string) => words.split(/[^A-Za-z]+/).filter((w) => w && !/^(and|of|the)$/i.test(w)).map((w) => w[0]!.toUpperCase()).join('');
  for (const m of name.matchAll(/([A-Za-z ,&'-]*?)\s*\(([^()]+)\)/g)) {
    const before = m[1]!.trim();
    const inside = m[2]!.trim();
    if (/^[A-Z]{2,}$/.test(inside) && initials(before).includes(inside)) found.add(inside);
    const last = /([A-Z]{2,})$/.exec(before)?.[1];
    if (last && initials(inside) === last) found.add(last);
  }
  return found;
}

/**
 * A PCN name as local people write it: "CENTRAL LIVERPOOL PCN" → "Central Liverpool PCN",
 * "EAST AND SOUTH KNOWSLEY PCN" → "East and South Knowsley PCN", "ST JOHN'S WOOD" → "St John's
 * Wood". Initials stay in capitals (PCN, HWL, GHR, known acronyms, initials explained in
 * brackets), as do words the list already writes in mixed case ("LiGA") or with digits ("OX3+").
 */
export function pcnDisplayName(name: string): string {
  const text = name.trim().replace(/\s+/g, ' ');
  const initials = bracketInitials(text);
  let first = true;
  return text.replace(/[A-Za-z0-9]+(?:'[A-Za-z]+)?/g, (word) => {
    const isFirst = first;
    first = false;
    const upper = word.toUpperCase();
    if (/\d/.test(word) || /[a-z]/.test(word)) return word;
    if (ACRONYMS.has(upper) || initials.has(upper)) return upper;
    if (!/[AEIOUY]/.test(upper) && !ABBREVIATIONS.has(upper)) return upper;
    const lower = word.toLowerCase();
    if (!isFirst && SMALL_WORDS.has(lower)) return lower;
    return lower[0]!.toUpperCase() + lower.slice(1);
  });
}

export const epcnAdapter: Adapter = {
  id: 'nhsd-epcn-pcn-details',
  label: 'NHS Digital ePCN list, PCN details (Primary Care Networks by CCG)',
  detect: (rows) => findColumns(rows) !== null,
  read(file, rows) {
    const errors: CellError[] = [];
    const { skip, lines } = skipTally();
    const areas: Area[] = [];
    const cols = findColumns(rows);
    if (!cols) {
      errors.push({ file, row: 0, column: '(header)', message: 'no header row with PCN Code, PCN Name, Current Clinical Commissioning Group Code, Open Date and Close Date found' });
      return { tables: { ...emptyTables(), areas }, errors, skipped: [], periods: [] };
    }
    const header = rows[cols.index]!.cells.map((h) => h.trim());

    for (const row of rows.slice(cols.index + 1)) {
      const get = (i: number) => (row.cells[i] ?? '').trim();
      if (row.cells.every((c) => c.trim() === '')) continue;
      const code = get(cols.code);
      const ccg = get(cols.ccg);
      const place = CCG_PLACES[ccg];
      if (!place) {
        skip('PCNs in CCGs outside the 19 places');
        continue;
      }
      if (!/^U\d{5}$/.test(code)) {
        errors.push({ file, row: row.line, column: header[cols.code]!, message: `${quote(code)} is not a PCN code (U and five digits)` });
        continue;
      }
      const open = parseYmdNumber(get(cols.open));
      if (!open.ok) errors.push({ file, row: row.line, column: header[cols.open]!, message: open.message });
      const closeText = get(cols.close);
      const close = closeText === '' ? null : parseYmdNumber(closeText);
      if (close && !close.ok) errors.push({ file, row: row.line, column: header[cols.close]!, message: close.message });
      const name = get(cols.name);
      if (name === '') errors.push({ file, row: row.line, column: header[cols.name]!, message: 'is empty; every PCN has a name' });
      if (!open.ok || (close && !close.ok) || name === '') continue;
      if (close) {
        skip('closed PCNs (a Close Date is given)');
        continue;
      }
      if (PCNS_OUTSIDE_PLACE[code]) {
        skip(`PCNs outside their CCG's place (${PCNS_OUTSIDE_PLACE[code]})`);
        continue;
      }
      areas.push({ area_code: code, area_name: pcnDisplayName(name), area_type: 'hub', parent_code: place.place });
    }

    return { tables: { ...emptyTables(), areas }, errors, skipped: lines(), periods: [] };
  },
};
