// The pipeline's merge in DuckDB (merge-sql.ts) against hand-worked answers, and against
// mergeTables (merge.ts), whose rules it follows, on a varied generated set.
import { readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../pipelines/ingest';
import { seeded } from '../../pipelines/demo/random';
import { extractColumns, fromArrowIpc, toArrowIpc } from '../../src/lib/contract/arrow';
import { emptyTables, inKeyOrder } from '../../src/lib/contract/canonical';
import type { Observation, Population, Tables, Target } from '../../src/lib/contract/schema';
import { coverageInDuckDb, mergeTableInDuckDb, SQL_TABLES } from '../../src/lib/ingest/merge-sql';
import { mergeTables, type Batch } from '../../src/lib/ingest/merge';
import { nativeDuckDb, type NativeDb } from '../../src/lib/server/native-duckdb';
import { tempDir } from '../helpers/temp';

const obs = (period_start: string, numerator: number, source: string, more: Partial<Observation> = {}): Observation => ({
  metric: 'dtoc', area_code: 'E06000006', period_start, period_type: 'month', breakdown: 'total',
  numerator, denominator: 1000, published_value: null, suppressed: false, source, ...more,
});
const batch = (file: string, tables: Partial<Tables>): Batch => ({ file, tables: { ...emptyTables(), ...tables } });
const extractOf = <K extends (typeof SQL_TABLES)[number]>(name: K, rows: Tables[K]) => extractColumns(name, toArrowIpc(name, rows)).columns;

let db: NativeDb;
beforeAll(async () => {
  db = await nativeDuckDb();
});
afterAll(() => db.close());

describe('the merge with the extracts in DuckDB', () => {
  const held = [obs('2019-04-01', 10, 'old.csv:2'), obs('2019-05-01', 12, 'old.csv:3')];
  const batches = [
    batch('new.csv', {
      observations: [
        obs('2019-05-01', 12, 'new.csv:2'), // the same values: unchanged, and the row held keeps its source
        obs('2019-04-01', 11, 'new.csv:3', { published_value: 1.1 }), // revised
        obs('2019-06-01', 5, 'new.csv:4', { denominator: null, suppressed: true }), // new
      ],
    }),
    batch('newer.csv', {
      observations: [
        obs('2019-04-01', 13, 'newer.csv:2'), // revised again, from new.csv's values
        obs('2019-06-01', 5, 'newer.csv:3', { denominator: null, suppressed: true }), // as new.csv gave it
        obs('2019-07-01', 1, 'newer.csv:4'),
        obs('2019-07-01', 2, 'newer.csv:5'), // the file repeats a key: refused
      ],
    }),
  ];

  it('counts each file\'s new, unchanged and revised rows, and refuses a key a file repeats, naming both rows', async () => {
    const merged = await mergeTableInDuckDb(db, 'observations', extractOf('observations', held), batches);
    expect(merged.counts).toEqual(new Map([['new.csv', { accepted: 1, revised: 1, unchanged: 1 }], ['newer.csv', { accepted: 1, revised: 1, unchanged: 1 }]]));
    expect(merged.errors).toEqual([
      { file: 'newer.csv', row: 5, column: '(whole row)', message: 'repeats the key of newer.csv:4 (dtoc, E06000006, 2019-07-01, month, total)' },
    ]);
  });

  it('records each revision with the old and new values and where each came from, a row revised twice in one run from the first file', async () => {
    const merged = await mergeTableInDuckDb(db, 'observations', extractOf('observations', held), batches);
    expect(merged.revisions).toEqual([
      { table: 'observations', key: 'dtoc|E06000006|2019-04-01|month|total', old: 'numerator 10, denominator 1000', new: 'numerator 11, denominator 1000, published 1.1', old_source: 'old.csv:2', new_source: 'new.csv:3' },
      { table: 'observations', key: 'dtoc|E06000006|2019-04-01|month|total', old: 'numerator 11, denominator 1000, published 1.1', new: 'numerator 13, denominator 1000', old_source: 'new.csv:3', new_source: 'newer.csv:2' },
    ]);
  });

  it('writes every key once, in key order: the last change of each, the unchanged row as it was held', async () => {
    const merged = await mergeTableInDuckDb(db, 'observations', extractOf('observations', held), batches);
    const extract = await merged.extract();
    expect(extract.rows).toBe(4);
    expect(fromArrowIpc('observations', Buffer.concat(extract.parts))).toEqual([
      obs('2019-04-01', 13, 'newer.csv:2'),
      obs('2019-05-01', 12, 'old.csv:3'),
      obs('2019-06-01', 5, 'new.csv:4', { denominator: null, suppressed: true }),
      obs('2019-07-01', 1, 'newer.csv:4'),
    ]);
    expect(await coverageInDuckDb(db)).toEqual({ periods: { 'dtoc/month': { first: '2019-04-01', last: '2019-07-01' } }, breakdowns: { dtoc: ['total'] } });
  });

  it('names a population revision\'s sources by file, and the held one as an earlier extract', async () => {
    const pop = (population: number): Population => ({ area_code: 'E06000006', year: 2019, age_band: '65+', population });
    const merged = await mergeTableInDuckDb(db, 'populations', extractOf('populations', [pop(22000)]), [batch('pop.csv', { populations: [pop(22100)] })]);
    expect(merged.revisions).toEqual([{ table: 'populations', key: 'E06000006|2019|65+', old: '22000', new: '22100', old_source: 'earlier extract', new_source: 'pop.csv' }]);
  });
});

/** Observations, populations and targets over a few keys, so that files often meet each other's rows. */
function varied(seed: string, rows: number) {
  const r = seeded(seed);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r.uniform() * xs.length)]!;
  const observations: Observation[] = [];
  const populations: Population[] = [];
  const targets: Target[] = [];
  for (let i = 0; i < rows; i++) {
    const start = `20${pick(['19', '20'])}-0${pick(['4', '5', '6'])}-01`;
    const area = pick(['E06000006', 'E06000007', 'E08000001']);
    observations.push({
      metric: pick(['dtoc', 'falls_65']), area_code: area, period_start: start, period_type: 'month', breakdown: pick(['total', 'nhs', 'both', 'Ünïcode']),
      numerator: pick([0, 1, 2, 7, 12.5]), denominator: pick([null, 1000, 1000]), published_value: pick([null, null, 0.1 + 0.2, 33.3, 1e-7, -0]),
      suppressed: pick([false, false, true]), source: `${seed}.csv:${i + 2}`,
    });
    populations.push({ area_code: area, year: pick([2019, 2020]), age_band: pick(['65+', '18+']), population: pick([100, 101, 100.5]) });
    targets.push({ metric: 'dtoc', area_code: area, period_start: start, period_type: 'month', target: pick([1, 1.25, 2]), source: `${seed}.csv:${i + 2}` });
  }
  return { observations, populations, targets };
}

describe('the merge in DuckDB and mergeTables, on varied rows', () => {
  // The extract held is itself merged from a file; three more files revise it, each other, and repeat keys.
  const base = { ...emptyTables(), ...mergeTables(emptyTables(), [batch('held.csv', varied('held', 60))]).tables };
  const files = ['a', 'b', 'c'].map((f) => batch(`${f}.csv`, varied(f, 40)));
  const expected = mergeTables(base, files);

  it.each(SQL_TABLES)('gives %s the same counts, revisions (text and sources), refusals and rows', async (name) => {
    const merged = await mergeTableInDuckDb(db, name, extractOf(name, inKeyOrder(name, base[name] as never)), files);
    const alone = mergeTables(base, files, [name]);
    expect(alone.revisions.length).toBeGreaterThan(5);
    expect(alone.errors.length).toBeGreaterThan(5);
    expect(merged.counts).toEqual(alone.counts);
    expect(merged.revisions).toEqual(alone.revisions);
    expect(merged.errors).toEqual(alone.errors);
    const bytes = Buffer.concat((await merged.extract()).parts);
    const rows = inKeyOrder(name, expected.tables[name] as never);
    expect(fromArrowIpc(name, bytes)).toEqual(rows);
    // Column for column what writeExtracts makes of mergeTables' rows: the same codes, dictionaries
    // and null bitmaps (the files differ only in Arrow's dictionary ids, numbered per process).
    expect(extractColumns(name, bytes)).toEqual(extractColumns(name, toArrowIpc(name, rows)));
  });
});

describe('npm run ingest with the merge in DuckDB', () => {
  it('writes nothing, not even a new version, when a file changes nothing', async () => {
    const dir = tempDir('bcf-merge-sql-');
    const out = path.join(dir, 'extracts');
    writeFileSync(path.join(dir, 'areas.csv'), 'area_code,area_name,area_type,parent_code\nE06000006,Halton,place,\n');
    writeFileSync(path.join(dir, 'a.csv'), 'metric,area_code,period_start,period_type,breakdown,numerator,denominator,published_value,suppressed\ndtoc,E06000006,2019-04-01,month,total,10,1000,,\n');
    // The same row in another file: a new source would be recorded, so the same file is given again.
    expect((await ingest([path.join(dir, 'areas.csv'), path.join(dir, 'a.csv')], { out, log: () => {} })).written).toBe(true);
    const version = readlinkSync(out);
    const again = await ingest([path.join(dir, 'a.csv')], { out, log: () => {} });
    expect([again.written, again.reports[0]!.accepted, again.reports[0]!.revised, again.reports[0]!.unchanged, again.revisions]).toEqual([false, 0, 0, 1, []]);
    expect(readlinkSync(out)).toBe(version);
    // No population or target was held or brought: their extracts are written empty, as ever.
    for (const name of ['populations', 'targets'] as const) {
      expect(again.manifest!.extracts[name]!.rows).toBe(0);
      expect(extractColumns(name, readFileSync(path.join(out, `${name}.arrow`)))).toEqual(extractColumns(name, toArrowIpc(name, [])));
    }
  });
});

describe('the merge in DuckDB orders and codes rows as their text key does', () => {
  // The merge sorts word numbers, not text: "E08000005-N5|…" must still come before "E08000005|…"
  // ("-" before "|"), "dtoc_x|…" before "dtoc|…", and a year be compared as text ("999|" after
  // "2019|"); a word holding "|" makes the text key itself the order.
  const cases = {
    'keys that are prefixes of one another': { areas: ['E08000005', 'E08000005-N5', 'E08000005A', 'E0800000'], metrics: ['dtoc', 'dtoc_x', 'dto'], breakdowns: ['reason_di', 'reason_dii', 'total'], years: [999, 2019, 20190] },
    // "dtoc|A|E08…" comes before "dtoc|E08…", and "…|E08000005|0|2019…" before "…|E08000005|2019…".
    'a key word holding "|"': { areas: ['E08000005', 'E08000005|0', 'E08000005-N5'], metrics: ['dtoc', 'dtoc|A'], breakdowns: ['a|b', 'a'], years: [2019, 999] },
  };
  it.each(Object.entries(cases))('with %s, as mergeTables and writeExtracts do', async (_, words) => {
    const tables = (file: string, numerator: number, every: number) => {
      const t = { ...emptyTables() };
      let i = 0;
      for (const metric of words.metrics) for (const area_code of words.areas) for (const breakdown of words.breakdowns) {
        if (i++ % every) continue;
        const source = `${file}:${i + 1}`;
        t.observations.push({ ...obs('2019-04-01', numerator, source), metric, area_code, breakdown });
        t.targets.push({ metric, area_code, period_start: '2019-04-01', period_type: breakdown === 'a' ? 'quarter' : 'month', target: numerator, source });
      }
      for (const area_code of words.areas) for (const year of words.years) for (const age_band of words.breakdowns) t.populations.push({ area_code, year, age_band: age_band as Population['age_band'], population: numerator * 10 });
      return t;
    };
    // Held: every second row; the file brings every row, some again (unchanged), others new, and revises some.
    const base = mergeTables(emptyTables(), [batch('held.csv', tables('held', 1, 2))]).tables;
    const file = tables('new', 1, 1);
    for (const [i, o] of file.observations.entries()) if (i % 4 === 0) o.numerator = 2;
    const files = [batch('new.csv', file)];
    for (const name of SQL_TABLES) {
      const merged = await mergeTableInDuckDb(db, name, extractOf(name, inKeyOrder(name, base[name] as never)), files);
      const alone = mergeTables({ ...emptyTables(), ...base }, files, [name]);
      expect(merged.counts).toEqual(alone.counts);
      expect(merged.revisions).toEqual(alone.revisions);
      if (name === 'observations') expect(alone.revisions.length).toBeGreaterThan(2);
      const bytes = Buffer.concat((await merged.extract()).parts);
      expect(extractColumns(name, bytes)).toEqual(extractColumns(name, toArrowIpc(name, inKeyOrder(name, alone.tables[name] as never))));
    }
  });
});
