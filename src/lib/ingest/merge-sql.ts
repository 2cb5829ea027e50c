// The pipeline's merge of its large tables (observations, populations, targets) with the extracts
// it already holds, in DuckDB: the extracts go in as the columns Arrow holds (text as dictionary
// codes, numbers and dates as memory), the merge and its revision tracking are SQL, and the merged
// table comes back as columns to write as Arrow. No existing row becomes a JavaScript object; only
// the revised rows do, for their text. The rules are mergeTables' (merge.ts), which still merges
// the areas (a few hundred rows, whose parent and spelling rules walk the tree) and the metric
// definitions, and whose `describe` writes every revision's text.
import { columnsToArrowIpc, extractColumnSpecs, rowsToColumns, type ExtractColumn } from '../contract/arrow';
import type { CellError } from '../contract/errors';
import type { Manifest } from '../contract/manifest';
import { KEY_COLUMNS, type TableName, type Tables } from '../contract/schema';
import type { Column, NativeDb } from '../server/native-duckdb';
import { describe, repeatedKey, type Batch, type MergeCounts, type Merged, type Revision } from './merge';

export const SQL_TABLES = ['observations', 'populations', 'targets'] as const satisfies TableName[];
export type SqlTable = (typeof SQL_TABLES)[number];
export const isSqlTable = (name: TableName): name is SqlTable => (SQL_TABLES as readonly string[]).includes(name);

/** The columns a revision's text shows: equal values are equal text (`describe`), and so unchanged. */
const SHOWN: Record<SqlTable, string[]> = {
  observations: ['numerator', 'denominator', 'published_value', 'suppressed'],
  populations: ['population'],
  targets: ['target'],
};

const CODE_TYPE = { text: 'INTEGER', date: 'DATE', number: 'DOUBLE', int: 'INTEGER', bool: 'BOOLEAN' } as const;

/** A table's merged extract, made only when it is to be written. */
export interface MergedExtract {
  bytes: Uint8Array;
  rows: number;
}

const hasSource = (name: SqlTable) => extractColumnSpecs(name).some((s) => s.name === 'source_file');
/** Where a row came from as mergeTables names it: its "file:line", or (without one) the file. */
const sourceSql = "CASE WHEN source_row IS NULL THEN source_file ELSE source_file || ':' || source_row END";
/** The key as tableKey writes it: key values joined by "|". */
const keySql = (name: SqlTable) =>
  KEY_COLUMNS[name].map((c) => (extractColumnSpecs(name).find((s) => s.name === c)!.kind === 'date' ? `strftime(${c}, '%Y-%m-%d')` : `CAST(${c} AS VARCHAR)`)).join(" || '|' || ");
/** What the merge adds to a file's rows of a table with a source (its place, key and source), for a file read into DuckDB. */
export const incomingSql = (name: 'observations' | 'targets', batch: number) => `source_row AS pos, ${keySql(name)} AS k, ${sourceSql} AS w, ${batch} AS batch`;

/**
 * Loads columns into table `table` (created, or added to), decoded: the extract's columns with
 * their text, `pos` (the row's place, from 0) and the `extra` columns (SQL over those, with their
 * parameters after the dictionaries').
 */
async function load(db: NativeDb, table: string, name: SqlTable, columns: Record<string, ExtractColumn>, extra: string[], params: string[], add = false): Promise<void> {
  const specs = extractColumnSpecs(name);
  const length = columns[specs[0]!.name]!.values.length;
  await db.query(`CREATE OR REPLACE TABLE ${table}_codes (${specs.map((s) => `${s.name} ${CODE_TYPE[s.kind]}`).join(', ')}, pos INTEGER)`);
  await db.appendColumns(`${table}_codes`, [
    ...specs.map((s): Column => ({ type: CODE_TYPE[s.kind], values: columns[s.name]!.values, valid: columns[s.name]!.valid })),
    { type: 'INTEGER', values: Int32Array.from({ length }, (_, i) => i), valid: null },
  ]);
  const texts = specs.filter((s) => s.kind === 'text');
  const words = (n: number) => `(SELECT unnest(d) AS word, generate_subscripts(d, 1) - 1 AS code FROM (SELECT from_json($${n}, '["VARCHAR"]') AS d))`;
  const decoded = `SELECT ${[...specs.map((s) => s.name), 'pos', ...extra].join(', ')} FROM (
       SELECT ${specs.map((s) => (s.kind === 'text' ? `d_${s.name}.word AS ${s.name}` : `c.${s.name}`)).join(', ')}, c.pos
       FROM ${table}_codes c ${texts.map((s, i) => `LEFT JOIN ${words(i + 1)} d_${s.name} ON d_${s.name}.code = c.${s.name}`).join(' ')})`;
  await db.query(add ? `INSERT INTO ${table} ${decoded}` : `CREATE OR REPLACE TABLE ${table} AS ${decoded}`, [...texts.map((s) => JSON.stringify(columns[s.name]!.dictionary ?? [])), ...params]);
  await db.query(`DROP TABLE ${table}_codes`);
}

/**
 * The merged table's columns in key order, text coded by first appearance in that order (a word's
 * smallest key): what toArrowIpc writes for the same rows. DuckDB orders text by its UTF-8 bytes,
 * JavaScript by UTF-16 units: they differ only between characters beyond U+FFFF and U+E000–U+FFFF,
 * which no code, metric or breakdown has.
 */
async function extractOf(db: NativeDb, name: SqlTable): Promise<MergedExtract> {
  const specs = extractColumnSpecs(name);
  const columns: Record<string, ExtractColumn> = {};
  const joins: string[] = [];
  for (const s of specs.filter((s) => s.kind === 'text')) {
    const dict = `${name}_dict_${s.name}`;
    await db.query(`CREATE OR REPLACE TABLE ${dict} AS SELECT ${s.name} AS word, CAST(row_number() OVER (ORDER BY min(k)) - 1 AS INTEGER) AS code FROM ${name}_merged WHERE ${s.name} IS NOT NULL GROUP BY ${s.name}`);
    const words = await db.query<{ word: string }>(`SELECT word FROM ${dict} ORDER BY code`);
    columns[s.name] = { values: new Int32Array(0), valid: null, dictionary: words.map((w) => w.word) };
    joins.push(`LEFT JOIN ${dict} d_${s.name} ON d_${s.name}.word = o.${s.name}`);
  }
  const read = await db.queryColumns(
    `SELECT ${specs.map((s) => (s.kind === 'text' ? `d_${s.name}.code AS ${s.name}` : `o.${s.name}`)).join(', ')} FROM ${name}_merged o ${joins.join(' ')} ORDER BY o.k`,
  );
  for (const s of specs) columns[s.name] = { ...columns[s.name], values: read[s.name]!.values, valid: read[s.name]!.valid };
  const rows = read[specs[0]!.name]!.values.length;
  return { bytes: columnsToArrowIpc(name, columns), rows };
}

/**
 * Merges `batches`, in order, into table `name` of the extracts (`existing`: its columns, or null
 * for none), as mergeTables does: a key new to the table is accepted; the same key with the same
 * values is unchanged (the row already held stays, with its source); with other values it is
 * revised (a revision names the old values and where they came from, and the new); a key a file
 * repeats is refused. A key revised twice in one run is revised from the first file's values.
 * `held`: for a batch whose observations DuckDB read (canonical-sql.ts), the table holding those
 * not in `batch.tables` (the observations extract's columns, then incomingSql's); the merge drops it.
 */
export async function mergeTableInDuckDb(
  db: NativeDb,
  name: SqlTable,
  existing: Record<string, ExtractColumn> | null,
  batches: Batch[],
  held: ReadonlyMap<number, string> = new Map(),
): Promise<Merged<Record<never, never>> & { extract: () => Promise<MergedExtract> }> {
  const specs = extractColumnSpecs(name);
  const columns = specs.map((s) => s.name).join(', ');
  const shown = SHOWN[name];
  const texts = specs.filter((s) => s.kind === 'text').length;
  // The rows held, with their key and where they came from; then every file's, with its place in the run.
  const heldFrom = hasSource(name) ? sourceSql : "'earlier extract'";
  await load(db, `${name}_held`, name, existing ?? rowsToColumns(name, []), [`${keySql(name)} AS k`, `${heldFrom} AS w`], []);
  await db.query(`CREATE OR REPLACE TABLE ${name}_loaded AS SELECT ${columns}, pos, k, w, 0 AS batch FROM ${name}_held WHERE false`);
  const more = name === 'observations' ? held : new Map<number, string>();
  for (const [i, batch] of batches.entries()) {
    const from = hasSource(name) ? sourceSql : `$${texts + 1}::VARCHAR`;
    const params = hasSource(name) ? [] : [batch.file];
    await load(db, `${name}_loaded`, name, rowsToColumns(name, batch.tables[name] as Tables[SqlTable]), [`${keySql(name)} AS k`, `${from} AS w`, `${i} AS batch`], params, true);
    // The file's rows held in DuckDB (canonical-sql.ts) join its rows read in JavaScript, all in file order.
    if (more.has(i)) await db.query(`UPDATE ${name}_loaded SET pos = source_row WHERE batch = ${i}`);
  }
  await db.query(`CREATE OR REPLACE VIEW ${name}_incoming AS ${[`${name}_loaded`, ...more.values()].map((t) => `SELECT * FROM ${t}`).join(' UNION ALL ')}`);
  // Ordering rows by key is costly at a million rows, and needed only for the keys that come more
  // than once (held and brought again, brought by two files, or repeated in one): most come once,
  // and are simply new.
  await db.query(
    `CREATE OR REPLACE TABLE ${name}_multi AS SELECT k FROM ${name}_incoming GROUP BY k HAVING count(*) > 1
     UNION SELECT k FROM ${name}_held SEMI JOIN ${name}_incoming USING (k)`,
  );
  await db.query(`CREATE OR REPLACE TABLE ${name}_again AS SELECT * FROM ${name}_incoming SEMI JOIN ${name}_multi USING (k)`);
  // A file's repeat of a key it already gave is refused (naming the first), and merges nothing.
  const repeats = await db.query<{ batch: number; w: string; first_w: string; k: string }>(
    `SELECT batch, w, first_value(w) OVER (PARTITION BY batch, k ORDER BY pos) AS first_w, k FROM ${name}_again
     QUALIFY row_number() OVER (PARTITION BY batch, k ORDER BY pos) > 1 ORDER BY batch, pos`,
  );
  const errors: CellError[] = repeats.map((r) => repeatedKey(batches[r.batch]!.file, r.w, r.first_w, r.k));

  // Every row that such a key goes through, in order: the one held (step 0), then each file's (step 1, 2 …).
  await db.query(
    `CREATE OR REPLACE TABLE ${name}_steps AS
     WITH firsts AS (SELECT * FROM ${name}_again QUALIFY row_number() OVER (PARTITION BY batch, k ORDER BY pos) = 1),
     touched AS (SELECT ${columns}, k, 0 AS step, pos, w FROM ${name}_held SEMI JOIN firsts USING (k)
                 UNION ALL SELECT ${columns}, k, batch + 1 AS step, pos, w FROM firsts),
     judged AS (
       SELECT *, ${shown.map((c) => `lag(${c}) OVER byKey AS old_${c}`).join(', ')},
         CASE WHEN step = 0 THEN 'held' WHEN lag(step) OVER byKey IS NULL THEN 'accepted'
              WHEN ${shown.map((c) => `${c} IS NOT DISTINCT FROM lag(${c}) OVER byKey`).join(' AND ')} THEN 'unchanged' ELSE 'revised' END AS status,
         first_value(step) OVER byKey AS first_step, first_value(pos) OVER byKey AS first_pos
       FROM touched WINDOW byKey AS (PARTITION BY k ORDER BY step))
     -- The row a key holds before a step is the last that changed it: where that came from is the old source.
     SELECT *, last_value(CASE WHEN status <> 'unchanged' THEN w END IGNORE NULLS)
                 OVER (PARTITION BY k ORDER BY step ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS old_w
     FROM judged`,
  );
  await db.query(`DROP TABLE ${name}_again`);
  const counted = await db.query<{ batch: number; accepted: number; revised: number; unchanged: number }>(
    `SELECT batch, sum(accepted)::INTEGER AS accepted, sum(revised)::INTEGER AS revised, sum(unchanged)::INTEGER AS unchanged FROM (
       SELECT step - 1 AS batch, count(*) FILTER (WHERE status = 'accepted') AS accepted, count(*) FILTER (WHERE status = 'revised') AS revised,
              count(*) FILTER (WHERE status = 'unchanged') AS unchanged
       FROM ${name}_steps WHERE step > 0 GROUP BY step
       UNION ALL SELECT batch, count(*), 0, 0 FROM ${name}_incoming ANTI JOIN ${name}_multi USING (k) GROUP BY batch)
     GROUP BY batch`,
  );
  const counts = new Map<string, MergeCounts>(batches.map((b) => [b.file, { accepted: 0, revised: 0, unchanged: 0 }]));
  for (const c of counted) counts.set(batches[c.batch]!.file, { accepted: c.accepted, revised: c.revised, unchanged: c.unchanged });

  // A revision's text is describe's, from the values before and after.
  const show = describe[name] as unknown as (row: Record<string, unknown>) => string;
  const revised = await db.query<Record<string, unknown> & { k: string; old_w: string; w: string }>(
    `SELECT k, old_w, w, ${shown.map((c) => `${c}, old_${c}`).join(', ')} FROM ${name}_steps WHERE status = 'revised' ORDER BY step, pos`,
  );
  const revisions: Revision[] = revised.map((r) => ({
    table: name,
    key: r.k,
    old: show(Object.fromEntries(shown.map((c) => [c, r[`old_${c}`]]))),
    new: show(Object.fromEntries(shown.map((c) => [c, r[c]]))),
    old_source: r.old_w,
    new_source: r.w,
  }));

  // The merged table: rows no file touched as they are, and each touched key's last change. Where
  // a key first appeared (held rows in their order, then new keys as they came) orders the coverage.
  await db.query(
    `CREATE OR REPLACE TABLE ${name}_merged AS
     SELECT ${columns}, k, pos::BIGINT AS arrival FROM ${name}_held ANTI JOIN ${name}_multi USING (k)
     UNION ALL
     SELECT ${columns}, k, (batch + 1)::BIGINT * 4294967296 + pos AS arrival FROM ${name}_incoming ANTI JOIN ${name}_multi USING (k)
     UNION ALL
     (SELECT ${columns}, k, first_step::BIGINT * 4294967296 + first_pos AS arrival FROM ${name}_steps WHERE status <> 'unchanged'
      QUALIFY row_number() OVER (PARTITION BY k ORDER BY step DESC) = 1)`,
  );
  await db.query(`DROP VIEW ${name}_incoming`);
  for (const t of [...['loaded', 'multi', 'held', 'steps'].map((t) => `${name}_${t}`), ...more.values()]) await db.query(`DROP TABLE ${t}`);
  return { tables: {}, revisions, counts, errors, extract: () => extractOf(db, name) };
}

/** What the merged observations cover (the manifest's periods and breakdowns), as writeExtracts works it out. */
export async function coverageInDuckDb(db: NativeDb): Promise<Pick<Manifest, 'periods' | 'breakdowns'>> {
  const periods = await db.query<{ metric: string; period_type: string; first: string; last: string }>(
    `SELECT metric, period_type, strftime(min(period_start), '%Y-%m-%d') AS first, strftime(max(period_start), '%Y-%m-%d') AS last
     FROM observations_merged GROUP BY metric, period_type ORDER BY min(arrival)`,
  );
  const breakdowns = await db.query<{ metric: string; breakdowns: string[] }>(
    `SELECT metric, list(DISTINCT breakdown) AS breakdowns FROM observations_merged GROUP BY metric ORDER BY min(arrival)`,
  );
  return {
    periods: Object.fromEntries(periods.map((p) => [`${p.metric}/${p.period_type}`, { first: p.first, last: p.last }])),
    breakdowns: Object.fromEntries(breakdowns.map((b) => [b.metric, [...b.breakdowns].sort()])),
  };
}
