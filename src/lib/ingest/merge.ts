// Adds newly read rows to what is already loaded: same key and same values changes nothing, same
// key with new values replaces the old row and is recorded as a revision, other keys are untouched.
import { nameKey } from '../geography/names';
import { tableKey } from '../contract/canonical';
import { parseName, quote } from '../contract/cells';
import { observationProblems, targetProblems, type Definitions, type Problem } from '../contract/rules';
import type { CellError } from '../contract/errors';
import { TABLE_NAMES, type Area, type TableName, type Tables } from '../contract/schema';

export interface Revision {
  table: TableName;
  key: string;
  old: string;
  new: string;
  old_source: string;
  new_source: string;
}

export interface MergeCounts {
  accepted: number;
  revised: number;
  unchanged: number;
}

export interface Batch {
  file: string;
  tables: Tables;
}

type Row = Tables[TableName][number];

/** A row's values as a revision shows them; rows whose text is the same are the same. */
export const describe: { [K in TableName]: (row: Tables[K][number]) => string } = {
  observations: (o) =>
    `numerator ${o.numerator}, denominator ${o.denominator ?? 'none'}${o.published_value != null ? `, published ${o.published_value}` : ''}${o.suppressed ? ', suppressed' : ''}`,
  areas: (a) => `${a.area_name} (${a.area_type}${a.parent_code ? ` in ${a.parent_code}` : ''})`,
  populations: (p) => `${p.population}`,
  targets: (t) => `target ${t.target}`,
  metrics: (m) => JSON.stringify(m),
};

/** The line of a "file:line" source (0 when there is none). */
const lineOf = (source: string) => Number(source.split(':').at(-1)) || 0;

/** Where a row came from, for revisions and errors. */
const sourceOf = (row: Row, file: string) => ('source' in row ? row.source : file);

/**
 * An area read again keeps its parent where the new file says nothing, or names only a coarser
 * ancestor (ONS puts Halton in the North West; the extract already has it in its ICB, which is
 * in the North West).
 */
function mergeArea(old: Area, next: Area, areas: Map<string, Row>): Area {
  let ancestor = old.parent_code;
  while (ancestor && ancestor !== next.parent_code) ancestor = (areas.get(ancestor) as Area | undefined)?.parent_code ?? null;
  const keepParent = next.parent_code === null || ancestor === next.parent_code;
  // "Blackburn With Darwen" is not a new name for "Blackburn with Darwen".
  const sameName = nameKey(old.area_name) === nameKey(next.area_name);
  return { ...next, area_name: sameName ? old.area_name : next.area_name, parent_code: keepParent ? old.parent_code : next.parent_code };
}

/** What merging brings: the merged rows, the revisions and refused repeats, and each file's counts. */
export interface Merged<T> {
  tables: T;
  revisions: Revision[];
  counts: Map<string, MergeCounts>;
  errors: CellError[];
}

/**
 * Puts the merges of single tables together, in the order given (the contract's, so revisions and
 * errors are listed table by table wherever each table was merged).
 */
export function combineMerged<T>(files: string[], parts: Merged<Partial<T>>[]): Merged<T> {
  const counts = new Map<string, MergeCounts>(files.map((f) => [f, { accepted: 0, revised: 0, unchanged: 0 }]));
  for (const part of parts) {
    for (const [file, c] of part.counts) {
      const sum = counts.get(file)!;
      sum.accepted += c.accepted;
      sum.revised += c.revised;
      sum.unchanged += c.unchanged;
    }
  }
  return {
    tables: Object.assign({}, ...parts.map((p) => p.tables)) as T,
    revisions: parts.flatMap((p) => p.revisions),
    counts,
    errors: parts.flatMap((p) => p.errors),
  };
}

function mergeTable(name: TableName, base: Tables, batches: Batch[]): Merged<Partial<Tables>> {
  const revisions: Revision[] = [];
  const errors: CellError[] = [];
  const counts = new Map<string, MergeCounts>(batches.map((b) => [b.file, { accepted: 0, revised: 0, unchanged: 0 }]));
  const key = tableKey(name);
  const rows = new Map<string, Row>((base[name] as Row[]).map((r) => [key(r), r]));
  const origin = new Map<string, string>();
  for (const batch of batches) {
    const count = counts.get(batch.file)!;
    const seen = new Map<string, string>();
    for (const incoming of batch.tables[name] as Row[]) {
      const k = key(incoming);
      const where = sourceOf(incoming, batch.file);
      const earlier = seen.get(k);
      if (earlier !== undefined) {
        errors.push(repeatedKey(batch.file, where, earlier, k));
        continue;
      }
      seen.set(k, where);
      const old = rows.get(k);
      const next = name === 'areas' && old ? mergeArea(old as Area, incoming as Area, rows) : incoming;
      const show = describe[name] as (row: Row) => string;
      if (!old) count.accepted++;
      else if (show(old) === show(next)) {
        count.unchanged++;
        continue;
      } else {
        count.revised++;
        revisions.push({ table: name, key: k, old: show(old), new: show(next), old_source: origin.get(k) ?? sourceOf(old, 'earlier extract'), new_source: where });
      }
      rows.set(k, next);
      origin.set(k, where);
    }
  }
  return { tables: { [name]: [...rows.values()] }, revisions, counts, errors };
}

/** A row whose key an earlier row of the same file had: refused, naming both. */
export const repeatedKey = (file: string, where: string, earlier: string, key: string): CellError => ({
  file, row: lineOf(where), column: '(whole row)', message: `repeats the key of ${earlier} (${key.replaceAll('|', ', ')})`,
});

/**
 * Merges `batches`, in order, into `base`, table by table. The pipeline merges the large tables in
 * DuckDB instead (merge-sql.ts) and these rules decide there too: `only` names the tables merged here.
 */
export function mergeTables(base: Tables, batches: Batch[]): Merged<Tables>;
export function mergeTables(base: Tables, batches: Batch[], only: TableName[]): Merged<Partial<Tables>>;
export function mergeTables(base: Tables, batches: Batch[], only: TableName[] = TABLE_NAMES): Merged<Partial<Tables>> {
  return combineMerged(batches.map((b) => b.file), only.map((name) => mergeTable(name, base, batches)));
}

/**
 * Splits a batch into rows that meet the contract (known areas, valid metric, breakdown and
 * period, counts and targets that make sense) and errors for the rest, so a bad row rejects only
 * itself.
 */
export function checkRows(batch: Batch, codes: Set<string>, metrics: Definitions): { batch: Batch; errors: CellError[] } {
  const errors: CellError[] = [];
  let byCase: Map<string, string> | undefined;
  const unknownArea = (code: string): string => {
    byCase ??= new Map([...codes].map((c) => [c.toUpperCase(), c]));
    const known = byCase.get(code.toUpperCase());
    return known
      ? `${quote(code)} is not a known area; it differs from the known code ${quote(known)} only in case (area codes are upper case)`
      : `${quote(code)} is not a known area; ingest an areas or population file that names it first`;
  };
  const passes = <R extends { area_code: string; source: string }>(rules: (row: R) => Problem[]) => (row: R) => {
    const problems = rules(row);
    if (!codes.has(row.area_code)) problems.push({ column: 'area_code', message: unknownArea(row.area_code) });
    for (const p of problems) errors.push({ file: batch.file, row: lineOf(row.source), ...p });
    return problems.length === 0;
  };
  const observations = batch.tables.observations.filter(passes((o) => observationProblems(o, metrics)));
  const targets = batch.tables.targets.filter(passes((t) => targetProblems(t, metrics)));
  const missing = [...new Set(batch.tables.populations.map((p) => p.area_code).filter((c) => !codes.has(c)))];
  if (missing.length) {
    errors.push({ file: batch.file, row: 0, column: 'area_code', message: `names area(s) that are not known: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ' …' : ''}` });
  }
  const areas = batch.tables.areas.filter((a) => {
    // Every layout's names are held to the canonical reader's limit (which names the row itself).
    const name = parseName(a.area_name);
    if (!name.ok) {
      errors.push({ file: batch.file, row: 0, column: 'area_name', message: `the name of area ${a.area_code} ${name.message}` });
      return false;
    }
    if (!a.parent_code || codes.has(a.parent_code)) return true;
    errors.push({ file: batch.file, row: 0, column: 'parent_code', message: `area ${a.area_code} names a parent "${a.parent_code}" that is not a known area` });
    return false;
  });
  const populations = batch.tables.populations.filter((p) => codes.has(p.area_code));
  return { batch: { file: batch.file, tables: { observations, areas, populations, targets, metrics: batch.tables.metrics } }, errors };
}
