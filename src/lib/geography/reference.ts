// The reference geography as contract areas and joins: England > region > ICB > council. Pure
// (no DOM, no Node), imported by the adapters, ingest and pages; imports nothing above it.
import type { Area } from '../contract/schema';
import { COUNCILS, type Council } from './councils';
import { ICBS } from './icbs';
import { nameKey } from './names';
import { ENGLAND_CODE, ENGLAND_NAME, REGIONS, regionByName } from './regions';

const councilByCode = new Map(COUNCILS.map((c) => [c.code, c]));
/** Old code → the code that continues it (Gateshead and Northumberland, April 2013). */
export const continuedBy = new Map(COUNCILS.filter((c) => c.continues).map((c) => [c.continues!, c.code]));
const continued = (code: string): Join => ({ code: continuedBy.get(code) ?? code });

/** Every area the project knows, as the areas table holds them: councils under their ICB. */
const REFERENCE: Area[] = [
  { area_code: ENGLAND_CODE, area_name: ENGLAND_NAME, area_type: 'england', parent_code: null },
  ...REGIONS.map((r): Area => ({ area_code: r.code, area_name: r.name, area_type: 'region', parent_code: ENGLAND_CODE })),
  ...ICBS.map((i): Area => ({ area_code: i.code, area_name: i.name, area_type: 'icb', parent_code: i.region })),
  ...COUNCILS.map((c): Area => ({ area_code: c.code, area_name: c.name, area_type: 'place', parent_code: c.icb })),
];
const referenceByCode = new Map(REFERENCE.map((a) => [a.area_code, a]));

export function referenceArea(code: string): Area | undefined {
  return referenceByCode.get(code);
}

export function council(code: string): Council | undefined {
  return councilByCode.get(code);
}

/** The areas named and every ancestor the reference gives them, each once, parents first. */
export function withAncestors(codes: Iterable<string>): Area[] {
  const out = new Map<string, Area>();
  for (const code of codes) {
    const chain: Area[] = [];
    for (let a = referenceByCode.get(code); a && !out.has(a.area_code); a = a.parent_code ? referenceByCode.get(a.parent_code) : undefined) chain.push(a);
    for (const a of chain.reverse()) out.set(a.area_code, a);
  }
  return [...out.values()];
}

/** Whether a council's code was in use on a day (ISO date). */
export function inUse(c: Council, day: string): boolean {
  return (c.from === undefined || c.from <= day) && (c.until === undefined || day < c.until);
}

// One formatter, made once: toLocaleDateString with options builds a new one at every call
// (milliseconds each, and the trend's ICB note asks for one at every change of view). Made at first
// use, not as the module loads (3-5 ms of npm run ingest's start, which formats no month).
let monthYearFormat: Intl.DateTimeFormat | undefined;
const monthYear = () => (monthYearFormat ??= new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }));

/** "March 2020" for the month before an ISO first-of-month date: when a code stopped. */
const lastMonth = (until: string) => {
  const d = new Date(`${until}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return monthYear().format(d);
};
export const firstMonth = (from: string) => monthYear().format(new Date(`${from}T00:00:00Z`));

/** When a council's code was in use, in words: "until March 2020", "from April 2019", or "". */
export function validity(code: string): string {
  const c = councilByCode.get(code);
  if (!c) return '';
  if (c.from && c.until) return `${firstMonth(c.from)} to ${lastMonth(c.until)}`;
  if (c.until) return `until ${lastMonth(c.until)}`;
  if (c.from) return `from ${firstMonth(c.from)}`;
  return '';
}

export type Join = { code: string } | { message: string };

const codesText = (cs: Council[]) => cs.map((c) => `${c.code} ${c.name}${validity(c.code) ? ` (${validity(c.code)})` : ''}`).join(', ');

/** The council an old (pre-2015 NHS England) code meant on a day. */
export function joinOldCode(oldCode: string, day: string): Join | null {
  const all = COUNCILS.filter((c) => c.oldCode === oldCode);
  if (all.length === 0) return null;
  const now = all.filter((c) => inUse(c, day) || c.aliases?.some((a) => aliasApplies(a, day)));
  if (now.length === 1) return continued(now[0]!.code);
  return { message: `old council code ${oldCode} is ${codesText(all)}, none of them in use in ${firstMonth(day)}` };
}

const aliasApplies = (a: { from?: string; until?: string }, day: string) => (a.from === undefined || a.from <= day) && (a.until === undefined || day < a.until);

const byName = new Map<string, Council[]>();
const byAlias = new Map<string, Council[]>();
for (const c of COUNCILS) {
  const put = (map: Map<string, Council[]>, k: string) => map.set(k, [...(map.get(k) ?? []).filter((x) => x !== c), c]);
  put(byName, nameKey(c.name));
  for (const a of c.aliases ?? []) put(byAlias, nameKey(a.name));
}

/**
 * The council a name meant on a day (ISO date), or null when the reference knows no such name.
 * A source's spelling with a period (an alias) decides first, then official names of codes in
 * use that day: "Dorset" in April 2019 is the old county (NHS England still reported it), in
 * May 2019 the new unitary council; "Buckinghamshire" in 2019 is the county, in 2020-21 the
 * unitary council. A code continued by another after a minor boundary change (Gateshead's
 * E08000020 by E08000037 in 2013) joins to the code that continues it.
 */
export function joinName(name: string, day: string): Join | null {
  const k = nameKey(name);
  const aliased = (byAlias.get(k) ?? []).filter((c) => c.aliases!.some((a) => nameKey(a.name) === k && aliasApplies(a, day)));
  if (aliased.length === 1) return continued(aliased[0]!.code);
  const named = byName.get(k) ?? [];
  const candidates = aliased.length > 1 ? aliased : named.filter((c) => inUse(c, day));
  if (candidates.length === 1) return continued(candidates[0]!.code);
  const all = [...new Set([...named, ...(byAlias.get(k) ?? [])])];
  if (all.length === 0) return null;
  if (candidates.length === 0) return { message: `"${name}" is ${codesText(all)}, none of them in use in ${firstMonth(day)}` };
  return { message: `"${name}" matches several councils in ${firstMonth(day)} (${codesText(candidates)}); the row was not read` };
}

/** Whether a name is the official name or a recorded spelling of a code (case and punctuation aside). */
export function isKnownSpelling(code: string, name: string): boolean {
  const area = referenceByCode.get(code);
  if (!area) return true;
  const k = nameKey(name);
  return nameKey(area.area_name) === k || !!councilByCode.get(code)?.aliases?.some((a) => nameKey(a.name) === k)
    || (area.area_type === 'region' && regionByName(name)?.code === code);
}
