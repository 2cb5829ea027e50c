// Areas come from the reference geography, never from whichever file came last: a file's rows
// for a known code are replaced by the reference row (official name, its ICB or region), and
// every area a file's rows name brings itself and its ancestors where they are not known yet. So
// no file needs another ingested first, and any order of the same files gives the same areas.
import type { Area, Tables } from '../contract/schema';
import { isKnownSpelling, referenceArea, withAncestors } from '../geography/reference';

/**
 * The file's tables with reference areas, and what the report should say about the file's own
 * spellings. `known`: codes already loaded (from the extracts or earlier files of the run);
 * `named`: codes the file's rows held elsewhere name (the pipeline keeps most canonical rows in DuckDB).
 */
export function withReferenceAreas(tables: Tables, known: Set<string>, named: Iterable<string> = []): { tables: Tables; notes: string[] } {
  const spellings: string[] = [];
  const parents: string[] = [];
  const own: Area[] = [];
  for (const a of tables.areas) {
    const ref = referenceArea(a.area_code);
    own.push(ref ?? a);
    if (!ref) continue;
    if (!isKnownSpelling(a.area_code, a.area_name)) spellings.push(`"${a.area_name}" (${ref.area_name})`);
    if (a.parent_code && a.parent_code !== ref.parent_code && !withAncestors([ref.area_code]).some((x) => x.area_code === a.parent_code)) {
      parents.push(`${a.area_code} in ${a.parent_code} (${ref.parent_code})`);
    }
  }
  const codes = new Set<string>();
  for (const rows of [tables.observations, tables.populations, tables.targets, tables.areas]) for (const r of rows) codes.add(r.area_code);
  for (const code of named) codes.add(code);
  for (const a of own) if (a.parent_code) codes.add(a.parent_code);
  const given = new Set(own.map((a) => a.area_code));
  const brought = withAncestors(codes).filter((a) => !given.has(a.area_code) && !known.has(a.area_code));
  const areas = [...brought, ...own];

  const notes: string[] = [];
  const list = (xs: string[]) => (xs.length > 6 ? `${xs.slice(0, 6).join(', ')} and ${xs.length - 6} more` : xs.join(', '));
  if (spellings.length) notes.push(`${spellings.length} area name(s) spelled differently here were used for joining only; the official names are shown: ${list(spellings)}.`);
  if (parents.length) notes.push(`${parents.length} area(s) placed differently here keep the reference geography's parent: ${list(parents)}.`);
  return { tables: { ...tables, areas }, notes };
}
