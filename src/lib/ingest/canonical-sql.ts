// The pipeline's reading of a canonical observations file: DuckDB's own CSV reader takes every
// cell as text, SQL keeps the rows whose cells are in the contract's plain form and pass its
// checks, typed, in a table the merge reads (merge-sql.ts). The few rows it does not keep (a
// number with a thousands separator, a padded code, an unknown area, a repeated key …) are handed
// to the JavaScript reader and checks (readCanonicalRows, checkRows), which refuse or read them
// with the same messages, naming file, row and column, as every other file gets. SQL only ever
// decides that a row is plainly right; what is wrong, and why, is always JavaScript's to say.
import { canonicalAdapter } from '../adapters/canonical';
import { detectTable, emptyTables, headerIndex } from '../contract/canonical';
import { hasInvisible, parseIsoDate } from '../contract/cells';
import { parseCsv, type CsvRow } from '../contract/csv';
import { observationProblems, type Definitions } from '../contract/rules';
import { COLUMNS, PERIOD_TYPES, type Observation } from '../contract/schema';
import type { NativeDb } from '../server/native-duckdb';
import type { AdapterContext } from '../adapters/types';
import type { HeldRows, SourceReader } from './ingest';
import { incomingSql } from './merge-sql';
import { readRecognised, type SourceRead } from './read-source';
import { withReferenceAreas } from './reference-areas';

const OBSERVATION_COLUMNS = COLUMNS.observations.map((c) => c.name);

/**
 * The header of a file DuckDB can read as the JavaScript reader would, or null: UTF-8 text (no
 * NUL byte) whose first line is a canonical observations header and nothing else (no title above
 * it, no column the table does not have, none twice). Anything else is read in JavaScript.
 */
export function plainObservationsHeader(bytes: Uint8Array): string[] | null {
  if (bytes.indexOf(0) >= 0) return null;
  const end = bytes.indexOf(10);
  const first = new TextDecoder().decode(bytes.subarray(0, end < 0 ? bytes.length : end)).replace(/^\uFEFF/, '');
  const rows = parseCsv(first);
  if (rows.length !== 1 || headerIndex(rows) !== 0) return null;
  const header = rows[0]!.cells;
  const found = detectTable(header);
  if (!('table' in found) || found.table !== 'observations') return null;
  const names = header.map((h) => h.trim().toLowerCase());
  if (new Set(names).size !== names.length || names.some((n) => !OBSERVATION_COLUMNS.includes(n))) return null;
  return names;
}

/** Lines in the file: a last line without its line break counts too. */
function lineCount(bytes: Uint8Array): number {
  let lines = 0;
  for (let at = bytes.indexOf(10); at >= 0; at = bytes.indexOf(10, at + 1)) lines++;
  return bytes.length > 0 && bytes[bytes.length - 1] !== 10 ? lines + 1 : lines;
}

/** What JavaScript's trim() removes: a cell of these only is empty. */
const EDGE = String.raw`[\s\x0B\p{Z}\x{FEFF}]`;
/** A count as written plainly: digits, maybe a decimal part; short enough to be exact and finite. */
const NUMBER = String.raw`[0-9]{1,15}(\.[0-9]{1,15})?`;
const BOOLEANS = ['', 'false', '0', 'no', 'n', 'true', '1', 'yes', 'y'];
const TRUE = ['true', '1', 'yes', 'y'];

const sqlList = (xs: readonly string[]) => xs.map((x) => `'${x.replaceAll("'", "''")}'`).join(', ');
const json = (value: unknown) => JSON.stringify(value);

/** A canonical observations file read by DuckDB, its plain rows in `table` (the extract's columns). */
export interface HeldObservations {
  /** Where the rows ready to merge are: the observations extract's columns, `source_row` their line. */
  table: string;
  /** What readFiles reads for the file: the header and the rows left to JavaScript. */
  reader: SourceReader;
  /**
   * Once every file is read (the areas and definitions known): moves the held rows that fail a
   * check into the file's rows read in JavaScript, in file order, so checkRows refuses each with
   * its own message; and says what the rows held cover.
   */
  check(reads: { codes: Set<string>; metrics: Definitions }, rows: Observation[]): Promise<Observation[]>;
}

/**
 * Reads `file` (DuckDB's name for it: `db.path(file)`) with DuckDB's CSV reader into table
 * `obs_held_<n>`. Null when DuckDB does not find one row per line after the header (a blank line,
 * a line break inside a quoted cell, a row of the wrong length, bytes that are not UTF-8): line
 * numbers would not be the file's, so the file is read in JavaScript instead.
 */
export async function readObservationsInDuckDb(db: NativeDb, n: number, name: string, file: string, header: string[], bytes: Uint8Array): Promise<HeldObservations | null> {
  const raw = `obs_raw_${n}`;
  const table = `obs_held_${n}`;
  const columns = header.map((h) => `'${h}': 'VARCHAR'`).join(', ');
  // Rows are numbered by where they are in the file: the reader must keep their order.
  await db.query('SET preserve_insertion_order = true');
  await db.query(
    `CREATE OR REPLACE TABLE ${raw} AS SELECT * FROM read_csv('${db.path(file).replaceAll("'", "''")}', header = false, skip = 1, auto_detect = false,
       delim = ',', quote = '"', escape = '"', columns = {${columns}}, ignore_errors = true)`,
  );
  await db.query('SET preserve_insertion_order = false');
  const [{ rows }] = (await db.query<{ rows: number }>(`SELECT count(*) AS rows FROM ${raw}`)) as [{ rows: number }];
  if (rows === 0 || rows !== lineCount(bytes) - 1) {
    await db.query(`DROP TABLE ${raw}`);
    return null;
  }
  const cell = (c: string) => (header.includes(c) ? c : `NULL::VARCHAR AS ${c}`);
  // The text columns' distinct values (a few thousand codes, dates and words) are judged by the
  // JavaScript reader's own rules; counts, many more, by a pattern of plain digits.
  const plain = async (column: string, judge: (value: string) => boolean) => {
    if (!header.includes(column)) return [];
    const values = await db.query<{ v: string }>(`SELECT DISTINCT ${column} AS v FROM ${raw} WHERE ${column} IS NOT NULL`);
    return values.map((r) => r.v).filter(judge);
  };
  const word = (v: string) => v !== '' && v === v.trim() && !hasInvisible(v);
  const sets = {
    metric: await plain('metric', word),
    area_code: await plain('area_code', word),
    breakdown: await plain('breakdown', word),
    period_type: await plain('period_type', (v) => (PERIOD_TYPES as readonly string[]).includes(v)),
    period_start: await plain('period_start', (v) => { const c = parseIsoDate(v); return c.ok && c.value === v; }),
    suppressed: await plain('suppressed', (v) => BOOLEANS.includes(v)),
  };
  const names = Object.keys(sets);
  const inSet = (c: string, i: number) => `${c} IN (SELECT unnest(from_json($${i + 2}, '["VARCHAR"]')))`;
  const readable = [
    ...names.map((c, i) => (c === 'suppressed' ? `(suppressed IS NULL OR ${inSet(c, i)})` : inSet(c, i))),
    `regexp_full_match(numerator, '${NUMBER}')`,
    `(denominator IS NULL OR regexp_full_match(denominator, '${NUMBER}'))`,
    `(published_value IS NULL OR regexp_full_match(published_value, '${NUMBER}'))`,
  ].join(' AND ');
  // The plain rows, typed, with their line, key and source: as the merge takes a file's rows (incomingSql).
  await db.query(
    `CREATE OR REPLACE TABLE ${table} AS SELECT *, ${incomingSql('observations', n)} FROM (
       SELECT metric, area_code, period_start::DATE AS period_start, period_type, breakdown,
         numerator::DOUBLE AS numerator, denominator::DOUBLE AS denominator, published_value::DOUBLE AS published_value,
         coalesce(suppressed IN (${sqlList(TRUE)}), false) AS suppressed, $1::VARCHAR AS source_file, rowid::INTEGER + 2 AS source_row
       FROM (SELECT rowid, ${OBSERVATION_COLUMNS.map(cell).join(', ')} FROM ${raw}) WHERE ${readable})`,
    [name, ...names.map((c) => json(sets[c as keyof typeof sets]))],
  );
  // The rest, but rows of empty cells (commas, spaces), which the JavaScript reader drops too.
  const blank = header.map((h) => `(${h} IS NULL OR regexp_full_match(${h}, '${EDGE}*'))`).join(' AND ');
  const leftOver = () => db.query<Record<string, string | null> & { line: number }>(
    `SELECT * FROM (SELECT rowid::INTEGER + 2 AS line, ${OBSERVATION_COLUMNS.map(cell).join(', ')} FROM ${raw}) r
     ANTI JOIN ${table} h ON h.source_row = r.line WHERE NOT (${blank}) ORDER BY line`,
  );
  let left = await leftOver();
  // A key given twice is the reader's to refuse (naming the first row): both rows go to it, as do
  // rows whose key only trimming (JavaScript's) would make the same as a row left to it. Keys are
  // compared by their hash: two keys that merely share one go to the reader too.
  const key = ['metric', 'area_code', 'period_start', 'period_type', 'breakdown'];
  const leftKeys = left.map((r) => key.map((c) => (r[c] ?? '').trim()).join('|'));
  const repeated = await db.query<{ line: number }>(
    `SELECT source_row AS line FROM ${table} WHERE hash(k) IN (
       SELECT hash(k) FROM ${table} GROUP BY ALL HAVING count(*) > 1 UNION SELECT hash(unnest(from_json($1, '["VARCHAR"]'))))`,
    [json(leftKeys)],
  );
  if (repeated.length > 0) {
    await db.query(`DELETE FROM ${table} WHERE source_row IN (SELECT unnest(from_json($1, '["INTEGER"]')))`, [json(repeated.map((r) => r.line))]);
    left = await leftOver();
  }
  await db.query(`DROP TABLE ${raw}`);
  const leftRows: CsvRow[] = [{ line: 1, cells: header }, ...left.map((r) => ({ line: r.line, cells: header.map((h) => r[h] ?? '') }))];
  const named = (await db.query<{ code: string }>(`SELECT DISTINCT area_code AS code FROM ${table}`)).map((r) => r.code);
  const periods = (await db.query<{ p: string }>(`SELECT DISTINCT period_type || ' ' || strftime(period_start, '%Y-%m-%d') AS p FROM ${table}`)).map((r) => r.p);
  const held: HeldRows = { areaCodes: [], periodStarts: [] };

  const reader: SourceReader = {
    name,
    held,
    read(context: AdapterContext): SourceRead {
      if (left.length === 0) {
        // Nothing left to the reader (which would refuse a header alone): only the areas the rows name.
        const { tables, notes } = withReferenceAreas(emptyTables(), new Set(context.areas.map((a) => a.area_code)), named);
        return { file: name, adapter: canonicalAdapter, result: { tables, errors: [], skipped: notes, periods: [...periods].sort() } };
      }
      const read = readRecognised({ file: name, adapter: canonicalAdapter, rows: leftRows }, context, named);
      read.result.periods = [...new Set([...read.result.periods, ...periods])].sort();
      return read;
    },
  };

  return {
    table,
    reader,
    async check({ codes, metrics }, rows) {
      // Each metric, breakdown and period held (a few hundred) is checked by observationProblems itself.
      const combos = await db.query<{ metric: string; breakdown: string; period_start: string; period_type: Observation['period_type'] }>(
        `SELECT DISTINCT metric, breakdown, strftime(period_start, '%Y-%m-%d') AS period_start, period_type FROM ${table}`,
      );
      const passing = combos
        .filter((c) => observationProblems({ ...c, area_code: '', numerator: 0, denominator: null, published_value: null, suppressed: false, source: '' }, metrics).length === 0)
        .map((c) => ({ ...c, proportion: metrics.get(c.metric)!.kind === 'proportion' }));
      await db.query(
        `CREATE OR REPLACE TABLE ${table}_failing AS
         WITH combos AS (SELECT unnest(from_json($1, '[{"metric":"VARCHAR","breakdown":"VARCHAR","period_start":"DATE","period_type":"VARCHAR","proportion":"BOOLEAN"}]'), recursive := true)),
              codes AS (SELECT unnest(from_json($2, '["VARCHAR"]')) AS code)
         SELECT metric, area_code, strftime(period_start, '%Y-%m-%d') AS period_start, period_type, breakdown, numerator, denominator, published_value, suppressed, source_row
         FROM ${table} h LEFT JOIN combos c USING (metric, breakdown, period_start, period_type)
         WHERE NOT (c.metric IS NOT NULL AND h.area_code IN (SELECT code FROM codes)
                    AND NOT (h.denominator = 0 AND h.numerator > 0) AND NOT coalesce(c.proportion AND h.numerator > h.denominator, false))`,
        [json(passing), json([...codes])],
      );
      const failing = await db.query<Omit<Observation, 'source'> & { source_row: number }>(`SELECT * FROM ${table}_failing`);
      if (failing.length > 0) await db.query(`DELETE FROM ${table} WHERE source_row IN (SELECT source_row FROM ${table}_failing)`);
      await db.query(`DROP TABLE ${table}_failing`);
      held.areaCodes = (await db.query<{ code: string }>(`SELECT DISTINCT area_code AS code FROM ${table}`)).map((r) => r.code);
      held.periodStarts = (await db.query<{ start: string; rows: number }>(`SELECT strftime(period_start, '%Y-%m-%d') AS start, count(*) AS rows FROM ${table} GROUP BY ALL`)).map((r) => [r.start, r.rows]);
      const line = (source: string) => Number(source.slice(source.lastIndexOf(':') + 1));
      return [...rows, ...failing.map(({ source_row, ...o }) => ({ ...o, source: `${name}:${source_row}` }))].sort((a, b) => line(a.source) - line(b.source));
    },
  };
}
