// The pipeline's merge of its large tables (observations, populations, targets) with the extracts
// it already holds, in DuckDB. Text never goes in as text where it can be helped: every word of a
// text column (a metric, an area code, a source file …) is numbered once, in JavaScript, over the
// few thousand distinct words the extract's dictionaries and the files bring, and the rows go in
// and are merged, keyed and sorted as those numbers, which DuckDB hashes and sorts far faster than
// text. The extract held goes in as its own dictionary codes, renumbered (no row is decoded); the
// rows DuckDB read from a file (canonical-sql.ts) are numbered by one join per text column; the
// merged table comes back as columns to write as Arrow. No existing row becomes a JavaScript
// object; only the revised and refused rows do, for their text. The rules are mergeTables'
// (merge.ts), which still merges the areas (a few hundred rows, whose parent and spelling rules
// walk the tree) and the metric definitions, and whose `describe` writes every revision's text.
import { columnsToArrowIpcParts, extractColumnSpecs, rowsToColumns, type ExtractColumn } from '../contract/arrow';
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

/** A table's merged extract (the pieces of its bytes, columnsToArrowIpcParts'), made only when it is to be written. */
export interface MergedExtract {
  parts: Uint8Array[];
  rows: number;
}

const hasSource = (name: SqlTable) => extractColumnSpecs(name).some((s) => s.name === 'source_file');
/** What the merge adds to a file's rows DuckDB read (their place in the file, and the file's place in the run). */
export const incomingSql = (_name: 'observations' | 'targets', batch: number) => `source_row AS pos, ${batch} AS batch`;

/**
 * A file's observations DuckDB read (canonical-sql.ts): the table holding them, no key twice (the
 * reading leaves any repeat to the JavaScript reader), and their words if known.
 */
export type HeldTable = { table: string; words: Record<string, string[]> | null; drops: string[] };

/** Each text column's words, numbered from 0 in the order that sorts the rows as their text key does. */
type Words = Map<string, { words: string[]; ids: Map<string, number> }>;

const utf8 = new TextEncoder();
/**
 * Numbers `found` (a text column's words) so that their order is the order of the rows' text keys
 * (tableKey's: key values joined by "|", compared as DuckDB and the extracts always have, by UTF-8
 * bytes). A key column before the last is compared with its "|" (`withBar`): "E08000005-N5|…" comes before
 * "E08000005|…", as the text key has it. Rows ordered by their key columns' numbers (dates by
 * value: four-digit years, so the same order as their text) are then in text-key order, provided
 * no key word holds a "|" (`piped`, checked by the caller).
 */
function numbered(found: Set<string>, withBar: boolean): { words: string[]; ids: Map<string, number> } {
  const bytes = [...found].map((w) => [w, utf8.encode(withBar ? `${w}|` : w)] as const);
  bytes.sort(([, a], [, b]) => {
    for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return a.length - b.length;
  });
  const words = bytes.map(([w]) => w);
  return { words, ids: new Map(words.map((w, i) => [w, i])) };
}

/** A column of dictionary codes (into `dictionary`) as word numbers. */
function renumbered(column: ExtractColumn, ids: Map<string, number>): Int32Array {
  const to = Int32Array.from(column.dictionary ?? [], (w) => ids.get(w)!);
  const codes = column.values as Int32Array;
  const out = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = to[codes[i]!] ?? 0;
  return out;
}

/** Word numbers (in key order) as codes by first appearance, and their dictionary: what toArrowIpc writes. */
function firstSeen(column: Column, words: string[]): ExtractColumn {
  const codes = column.values as Int32Array;
  const code = new Int32Array(words.length).fill(-1);
  const dictionary: string[] = [];
  const valid = column.valid;
  for (let i = 0; i < codes.length; i++) {
    if (valid && !((valid[i >> 3]! >> (i & 7)) & 1)) continue;
    const id = codes[i]!;
    if (code[id]! < 0) {
      code[id] = dictionary.length;
      dictionary.push(words[id]!);
    }
    codes[i] = code[id]!;
  }
  return { values: codes, valid, dictionary };
}

const json = (value: unknown) => JSON.stringify(value);

/** Columns read back (queryColumns) as rows: null where not valid, booleans as booleans, dates as YYYY-MM-DD. */
function asRows(columns: Record<string, Column>): Record<string, unknown>[] {
  const entries = Object.entries(columns);
  const value = (c: Column, i: number) => {
    if (c.valid && !((c.valid[i >> 3]! >> (i & 7)) & 1)) return null;
    const v = c.values[i]!;
    return c.type === 'BOOLEAN' ? v === 1 : c.type === 'DATE' ? new Date(v * 86_400_000).toISOString().slice(0, 10) : v;
  };
  return Array.from({ length: entries[0]?.[1].values.length ?? 0 }, (_, i) => Object.fromEntries(entries.map(([n, c]) => [n, value(c, i)])));
}

/**
 * Merges `batches`, in order, into table `name` of the extracts (`existing`: its columns, or null
 * for none), as mergeTables does: a key new to the table is accepted; the same key with the same
 * values is unchanged (the row already held stays, with its source); with other values it is
 * revised (a revision names the old values and where they came from, and the new); a key a file
 * repeats is refused. A key revised twice in one run is revised from the first file's values.
 * `held`: for a batch whose observations DuckDB read (canonical-sql.ts's HeldObservations), the
 * table holding those not in `batch.tables` (the observations extract's columns, text as text, then
 * incomingSql's), which the merge drops, and each text column's words among its rows where the
 * reading knows them (`words`; otherwise they are asked of DuckDB).
 */
export async function mergeTableInDuckDb(
  db: NativeDb,
  name: SqlTable,
  existing: Record<string, ExtractColumn> | null,
  batches: Batch[],
  held: ReadonlyMap<number, HeldTable> = new Map(),
): Promise<Merged<Record<never, never>> & { extract: () => Promise<MergedExtract> }> {
  const specs = extractColumnSpecs(name);
  const texts = specs.filter((s) => s.kind === 'text');
  const columns = specs.map((s) => s.name).join(', ');
  const key = KEY_COLUMNS[name];
  const keys = key.join(', ');
  const shown = SHOWN[name];
  const more = name === 'observations' ? held : new Map<number, HeldTable>();
  const batchColumns = batches.map((b) => rowsToColumns(name, b.tables[name] as Tables[SqlTable]));

  // Every word each text column has: the extract's, the files' rows read in JavaScript, and those DuckDB read.
  const found = new Map(texts.map((s) => [s.name, new Set<string>(existing?.[s.name]?.dictionary ?? [])]));
  for (const c of batchColumns) for (const s of texts) for (const w of c[s.name]!.dictionary ?? []) found.get(s.name)!.add(w);
  const heldWords = new Map<string, Record<string, string[] | null>>();
  for (const { table, words: known } of more.values()) {
    const [lists] = known && texts.every((s) => s.name in known)
      ? [known]
      : ((await db.query<Record<string, string[]>>(`SELECT ${texts.map((s) => `list(DISTINCT ${s.name}) AS ${s.name}`).join(', ')} FROM ${table}`)) as [Record<string, string[] | null>]);
    for (const s of texts) for (const w of lists[s.name] ?? []) found.get(s.name)!.add(w);
    heldWords.set(table, lists);
  }
  // A key word holding "|" would make its column's order not the text key's: then the rows are sorted by that text.
  const piped = texts.some((s) => key.includes(s.name) && [...found.get(s.name)!].some((w) => w.includes('|')));
  const words: Words = new Map(texts.map((s) => [s.name, numbered(found.get(s.name)!, !piped && key.includes(s.name) && s.name !== key.at(-1))]));
  // The words, for the few rows whose text is wanted in SQL (the coverage), and for numbering the rows DuckDB read.
  await db.query(`CREATE OR REPLACE TABLE ${name}_words (col VARCHAR, id INTEGER, word VARCHAR)`);
  await db.query(
    `INSERT INTO ${name}_words SELECT w.col, w.id, w.word FROM (SELECT unnest(from_json($1, '[{"col":"VARCHAR","id":"INTEGER","word":"VARCHAR"}]'), recursive := true)) w`,
    [json([...words].flatMap(([col, w]) => w.words.map((word, id) => ({ col, id, word }))))],
  );
  const wordsOf = (col: string) => `(SELECT id, word FROM ${name}_words WHERE col = '${col}')`;

  /** Columns as they go in: text as word numbers, then pos (and the file's place in the run). */
  const typed = (extra: string[]) => `${specs.map((s) => `${s.name} ${CODE_TYPE[s.kind]}`).join(', ')}, pos INTEGER${extra.map((e) => `, ${e}`).join('')}`;
  const asColumns = (c: Record<string, ExtractColumn>, pos: Int32Array, batch?: number): Column[] => [
    ...specs.map((s): Column => ({ type: CODE_TYPE[s.kind], values: s.kind === 'text' ? renumbered(c[s.name]!, words.get(s.name)!.ids) : c[s.name]!.values, valid: c[s.name]!.valid })),
    { type: 'INTEGER', values: pos, valid: null },
    ...(batch === undefined ? [] : [{ type: 'INTEGER' as const, values: new Int32Array(pos.length).fill(batch), valid: null }]),
  ];
  const places = (length: number) => Int32Array.from({ length }, (_, i) => i);

  // The rows held, in their place in the extract; then every file's, with its place in the run.
  const base = existing ?? rowsToColumns(name, []);
  await db.query(`CREATE OR REPLACE TABLE ${name}_held (${typed([])})`);
  await db.appendColumns(`${name}_held`, asColumns(base, places(base[specs[0]!.name]!.values.length)));
  await db.query(`CREATE OR REPLACE TABLE ${name}_loaded (${typed(['batch INTEGER'])})`);
  for (const [i, c] of batchColumns.entries()) {
    const length = c[specs[0]!.name]!.values.length;
    if (length === 0) continue;
    // A file some of whose rows DuckDB holds: its rows read in JavaScript join those in file order, by line.
    await db.appendColumns(`${name}_loaded`, asColumns(c, more.has(i) ? (c.source_row!.values as Int32Array) : places(length), i));
  }
  for (const { table } of more.values()) {
    // A column of one word in the file (its source file; often its metric and period type) is that word's number.
    const one = (c: string) => (heldWords.get(table)![c]?.length === 1 ? words.get(c)!.ids.get(heldWords.get(table)![c]![0]!)! : null);
    const joined = texts.filter((s) => one(s.name) === null);
    await db.query(
      `INSERT INTO ${name}_loaded SELECT ${specs.map((s) => (s.kind !== 'text' ? `h.${s.name}` : one(s.name) !== null ? `${one(s.name)}::INTEGER` : `w_${s.name}.id`)).join(', ')}, h.pos, h.batch
       FROM ${table} h ${joined.map((s) => `JOIN ${wordsOf(s.name)} w_${s.name} ON w_${s.name}.word = h.${s.name}`).join(' ')}`,
    );
  }

  // Ordering rows by key is costly at a million rows, and needed only for the keys that come more
  // than once (held and brought again, brought by two files, or repeated in one): most come once,
  // and are simply new. With nothing held and every row from one table DuckDB read (which repeats
  // no key), none can: then the rows are not grouped to find out (0.14 processor-s at 1M rows).
  const none = base[specs[0]!.name]!.values.length === 0 && more.size <= 1 && batchColumns.every((c) => c[specs[0]!.name]!.values.length === 0);
  /** What the keys that come more than once make (refused repeats, revisions), and each file's counts. */
  const again = async (): Promise<{ counts: Map<string, MergeCounts>; errors: CellError[]; revisions: Revision[] }> => {
    const counts = new Map<string, MergeCounts>(batches.map((b) => [b.file, { accepted: 0, revised: 0, unchanged: 0 }]));
    if (none) {
      // Every row is new: nothing refused or revised, and the keys that come again (none) not looked for (five queries fewer).
      const counted = await db.query<{ batch: number; accepted: number }>(`SELECT batch, count(*)::INTEGER AS accepted FROM ${name}_loaded GROUP BY batch`);
      for (const c of counted) counts.set(batches[c.batch]!.file, { accepted: c.accepted, revised: 0, unchanged: 0 });
      return { counts, errors: [], revisions: [] };
    }
    await db.query(
      `CREATE OR REPLACE TABLE ${name}_multi AS SELECT ${keys} FROM ${name}_loaded GROUP BY ALL HAVING count(*) > 1
       UNION SELECT ${keys} FROM ${name}_held SEMI JOIN ${name}_loaded USING (${keys})`,
    );
    await db.query(`CREATE OR REPLACE TABLE ${name}_again AS SELECT * FROM ${name}_loaded SEMI JOIN ${name}_multi USING (${keys})`);

    // Text for the few rows that need it: a row's key as tableKey writes it, and where it came from.
    const keyCells = key.map((c) => (specs.find((s) => s.name === c)!.kind === 'date' ? `strftime(${c}, '%Y-%m-%d') AS ${c}` : c)).join(', ');
    const keyText = (r: Record<string, unknown>) => key.map((c) => (words.has(c) ? words.get(c)!.words[r[c] as number] : String(r[c]))).join('|');
    type Where = { source_file: number | null; source_row: number | null; step: number };
    /** Where a row came from as mergeTables names it: its "file:line", or (without one) the file; a file's row without a source, by its file. */
    const whereOf = ({ source_file, source_row, step }: Where) => {
      if (!hasSource(name)) return step === 0 ? 'earlier extract' : batches[step - 1]!.file;
      const file = words.get('source_file')!.words[source_file!]!;
      return source_row === null ? file : `${file}:${source_row}`;
    };
    const source = hasSource(name) ? 'source_file, source_row' : 'NULL AS source_file, NULL AS source_row';

    // A file's repeat of a key it already gave is refused (naming the first), and merges nothing.
    const repeats = await db.query<Record<string, unknown> & { batch: number; source_file: number | null; source_row: number | null; first_file: number | null; first_row: number | null }>(
      `SELECT batch, ${keyCells}, ${source}, first_value(${hasSource(name) ? 'source_file' : 'NULL'}) OVER byFile AS first_file, first_value(${hasSource(name) ? 'source_row' : 'NULL'}) OVER byFile AS first_row
       FROM ${name}_again WINDOW byFile AS (PARTITION BY batch, ${keys} ORDER BY pos)
       QUALIFY row_number() OVER byFile > 1 ORDER BY batch, pos`,
    );
    const errors: CellError[] = repeats.map((r) =>
      repeatedKey(batches[r.batch]!.file, whereOf({ ...r, step: r.batch + 1 }), whereOf({ source_file: r.first_file, source_row: r.first_row, step: r.batch + 1 }), keyText(r)),
    );

    // Every row that such a key goes through, in order: the one held (step 0), then each file's (step 1, 2 …).
    await db.query(
      `CREATE OR REPLACE TABLE ${name}_steps AS
       WITH firsts AS (SELECT * FROM ${name}_again QUALIFY row_number() OVER (PARTITION BY batch, ${keys} ORDER BY pos) = 1),
       touched AS (SELECT ${columns}, 0 AS step, pos FROM ${name}_held SEMI JOIN firsts USING (${keys})
                   UNION ALL SELECT ${columns}, batch + 1 AS step, pos FROM firsts),
       judged AS (
         SELECT *, ${shown.map((c) => `lag(${c}) OVER byKey AS old_${c}`).join(', ')},
           CASE WHEN step = 0 THEN 'held' WHEN lag(step) OVER byKey IS NULL THEN 'accepted'
                WHEN ${shown.map((c) => `${c} IS NOT DISTINCT FROM lag(${c}) OVER byKey`).join(' AND ')} THEN 'unchanged' ELSE 'revised' END AS status,
           first_value(step) OVER byKey AS first_step, first_value(pos) OVER byKey AS first_pos
         FROM touched WINDOW byKey AS (PARTITION BY ${keys} ORDER BY step))
       -- The row a key holds before a step is the last that changed it: where that came from is the old source.
       SELECT *, last_value(CASE WHEN status <> 'unchanged' THEN step END IGNORE NULLS)
                   OVER (PARTITION BY ${keys} ORDER BY step ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS old_step
       FROM judged`,
    );
    const counted = await db.query<{ batch: number; accepted: number; revised: number; unchanged: number }>(
      `SELECT batch, sum(accepted)::INTEGER AS accepted, sum(revised)::INTEGER AS revised, sum(unchanged)::INTEGER AS unchanged FROM (
         SELECT step - 1 AS batch, count(*) FILTER (WHERE status = 'accepted') AS accepted, count(*) FILTER (WHERE status = 'revised') AS revised,
                count(*) FILTER (WHERE status = 'unchanged') AS unchanged
         FROM ${name}_steps WHERE step > 0 GROUP BY step
         -- The rows whose key came once, new: every file's rows but those of keys that came again.
         UNION ALL SELECT batch, count(*), 0, 0 FROM ${name}_loaded GROUP BY batch
         UNION ALL SELECT batch, -count(*), 0, 0 FROM ${name}_again GROUP BY batch)
       GROUP BY batch`,
    );
    await db.query(`DROP TABLE ${name}_again`);
    for (const c of counted) counts.set(batches[c.batch]!.file, { accepted: c.accepted, revised: c.revised, unchanged: c.unchanged });

    // A revision's text is describe's, from the values before and after.
    const show = describe[name] as unknown as (row: Record<string, unknown>) => string;
    const sourceAs = (t: string, file: string, row: string) => (hasSource(name) ? `${t}.source_file AS ${file}, ${t}.source_row AS ${row}` : `NULL::INTEGER AS ${file}, NULL::INTEGER AS ${row}`);
    // A file may revise many rows (a year restated): they come back as columns, not row objects.
    const revised = asRows(
      await db.queryColumns(
        `SELECT ${key.map((c) => `s.${c}`).join(', ')}, s.step, s.old_step, ${sourceAs('s', 'source_file', 'source_row')}, ${sourceAs('o', 'old_file', 'old_row')},
           ${shown.map((c) => `s.${c}, s.old_${c}`).join(', ')}
         FROM ${name}_steps s LEFT JOIN ${name}_steps o ON ${key.map((c) => `o.${c} = s.${c}`).join(' AND ')} AND o.step = s.old_step
         WHERE s.status = 'revised' ORDER BY s.step, s.pos`,
      ),
    ) as (Record<string, unknown> & Where & { old_step: number; old_file: number | null; old_row: number | null })[];
    const revisions: Revision[] = revised.map((r) => ({
      table: name,
      key: keyText(r),
      old: show(Object.fromEntries(shown.map((c) => [c, r[`old_${c}`]]))),
      new: show(Object.fromEntries(shown.map((c) => [c, r[c]]))),
      old_source: whereOf({ source_file: r.old_file, source_row: r.old_row, step: r.old_step }),
      new_source: whereOf(r),
    }));
    return { counts, errors, revisions };
  };
  const { counts, errors, revisions } = await again();

  // The merged table: rows no file touched as they are, and each touched key's last change. Where
  // a key first appeared (held rows in their order, then new keys as they came) orders the coverage.
  // When no key can come twice, it is the rows loaded as they are: a view of them, not a copy (0.1
  // processor-s at 1M rows).
  const arrival = `(batch + 1)::BIGINT * 4294967296 + pos AS arrival`;
  await db.query(
    none
      ? `CREATE OR REPLACE VIEW ${name}_merged AS SELECT ${columns}, ${arrival} FROM ${name}_loaded`
      : `CREATE OR REPLACE TABLE ${name}_merged AS
         SELECT ${columns}, pos::BIGINT AS arrival FROM ${name}_held ANTI JOIN ${name}_multi USING (${keys})
         UNION ALL
         SELECT ${columns}, ${arrival} FROM ${name}_loaded ANTI JOIN ${name}_multi USING (${keys})
         UNION ALL
         (SELECT ${columns}, first_step::BIGINT * 4294967296 + first_pos AS arrival FROM ${name}_steps WHERE status <> 'unchanged'
          QUALIFY row_number() OVER (PARTITION BY ${keys} ORDER BY step DESC) = 1)`,
  );
  const done = ['held', ...(none ? [] : ['multi', 'steps', 'loaded'])].map((t) => `${name}_${t}`);
  for (const t of done) await db.query(`DROP TABLE ${t}`);
  // A file's rows held (a table, or a view of the table DuckDB read them into).
  for (const h of more.values()) for (const drop of h.drops) await db.query(drop);
  return { tables: {}, revisions, counts, errors, extract: () => extractOf(db, name, words, piped) };
}

/**
 * The merged table's columns in key order (the text key's: tableKey's, compared by UTF-8 bytes),
 * text coded by first appearance in that order (a word's smallest key): what toArrowIpc writes for
 * the same rows. JavaScript orders text by UTF-16 units: they differ only between characters
 * beyond U+FFFF and U+E000–U+FFFF, which no code, metric or breakdown has.
 */
async function extractOf(db: NativeDb, name: SqlTable, words: Words, piped: boolean): Promise<MergedExtract> {
  const specs = extractColumnSpecs(name);
  const key = KEY_COLUMNS[name];
  const kind = (c: string) => specs.find((s) => s.name === c)!.kind;
  // Word numbers are in key order (`numbered`), dates too; a year is compared as its text, with its "|".
  const last = key.at(-1);
  // With a "|" in a key word, by the text key itself.
  const joins = piped ? key.filter((c) => kind(c) === 'text').map((c) => `JOIN (SELECT id, word FROM ${name}_words WHERE col = '${c}') w_${c} ON w_${c}.id = o.${c}`) : [];
  const order = piped
    ? [key.map((c) => (kind(c) === 'text' ? `w_${c}.word` : kind(c) === 'date' ? `strftime(o.${c}, '%Y-%m-%d')` : `CAST(o.${c} AS VARCHAR)`)).join(" || '|' || ")]
    : key.map((c) => (kind(c) === 'int' ? `CAST(o.${c} AS VARCHAR)${c === last ? '' : " || '|'"}` : `o.${c}`));
  const [{ rows }] = (await db.query<{ rows: number }>(`SELECT count(*)::INTEGER AS rows FROM ${name}_merged`)) as [{ rows: number }];
  const read = await db.queryColumns(`SELECT ${specs.map((s) => `o.${s.name}`).join(', ')} FROM ${name}_merged o ${joins.join(' ')} ORDER BY ${order.join(', ')}`, rows);
  const columns: Record<string, ExtractColumn> = {};
  for (const s of specs) columns[s.name] = s.kind === 'text' ? firstSeen(read[s.name]!, words.get(s.name)!.words) : read[s.name]!;
  return { parts: await columnsToArrowIpcParts(name, columns), rows: read[specs[0]!.name]!.values.length };
}

/** What the merged observations cover (the manifest's periods and breakdowns), as writeExtracts works it out. */
export async function coverageInDuckDb(db: NativeDb): Promise<Pick<Manifest, 'periods' | 'breakdowns'>> {
  const word = (col: string) => `JOIN (SELECT id, word AS ${col} FROM observations_words WHERE col = '${col}') w_${col} ON w_${col}.id = c.${col}`;
  const periods = await db.query<{ metric: string; period_type: string; first: string; last: string }>(
    `SELECT w_metric.metric, w_period_type.period_type, first, last FROM (
       SELECT metric, period_type, strftime(min(period_start), '%Y-%m-%d') AS first, strftime(max(period_start), '%Y-%m-%d') AS last, min(arrival) AS arrival
       FROM observations_merged GROUP BY metric, period_type) c ${word('metric')} ${word('period_type')} ORDER BY c.arrival`,
  );
  const breakdowns = await db.query<{ metric: string; breakdowns: string[] }>(
    `SELECT w_metric.metric, list(w_breakdown.breakdown) AS breakdowns FROM (
       SELECT metric, breakdown, min(arrival) AS arrival FROM observations_merged GROUP BY metric, breakdown) c ${word('metric')} ${word('breakdown')}
     GROUP BY w_metric.metric ORDER BY min(c.arrival)`,
  );
  return {
    periods: Object.fromEntries(periods.map((p) => [`${p.metric}/${p.period_type}`, { first: p.first, last: p.last }])),
    breakdowns: Object.fromEntries(breakdowns.map((b) => [b.metric, [...b.breakdowns].sort()])),
  };
}
