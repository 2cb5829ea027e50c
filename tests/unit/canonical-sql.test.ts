// The pipeline reads canonical observations files with DuckDB's CSV reader (canonical-sql.ts):
// the rows in plain form stay in DuckDB, the rest go to the JavaScript reader and checks. What a
// person sees must not change: the same refusals (file, row, column, message), notes, counts and
// extracts as the JavaScript path the upload page takes (ingestTexts) on the same text.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinDefinitions } from '../../pipelines/definitions';
import { ingest } from '../../pipelines/ingest';
import { fromArrowIpc } from '../../src/lib/contract/arrow';
import { emptyTables, inKeyOrder } from '../../src/lib/contract/canonical';
import { ingestTexts } from '../../src/lib/ingest/ingest';
import { metricsFromRows } from '../../src/lib/definitions/parse';
import { keysOnce, plainObservationsHeader, readObservationsInDuckDb, scanLines } from '../../src/lib/ingest/canonical-sql';
import { nativeDuckDb, type NativeDb } from '../../src/lib/server/native-duckdb';
import { nodeDuckDb } from '../../src/lib/server/node-duckdb';
import { ADVERSARIAL_CODES, ADVERSARIAL_DATES, ADVERSARIAL_NUMBERS, PLAIN_ROWS, withCell, withLateCell } from '../helpers/adversarial';
import { tempDir } from '../helpers/temp';

const HEADER = 'metric,area_code,period_start,period_type,breakdown,numerator,denominator,published_value,suppressed';
// Line numbers are the file's: the header is line 1.
const MIXED = [
  HEADER,
  'dtoc,E06000006,2019-04-01,month,total,12,1000,,false', // 2: plain
  'dtoc,E06000006,2019-05-01,month,total,"1,234",1000,,false', // 3: a thousands separator
  'dtoc,E99999999,2019-04-01,month,total,3,1000,,false', // 4: plain in form, an unknown area
  'dtoc,E06000006,2019-04-01,month,total,13,1000,,false', // 5: repeats line 2's key
  'ascof_2b1,E06000006,2019-04-01,financial_year,total,60,50,,false', // 6: a proportion above 100%
  'dtoc,E06000006,2019-06-01,month,nhs,3,0,,false', // 7: a denominator of 0
  'dtoc, E06000006 ,2019-07-01,month,total,4,1000,,yes', // 8: a padded code, read trimmed
  'dtoc,E06000006,2019-08-01,month,total,5,#N/A,2.5,true', // 9: #N/A read as empty
  ',,,,,,,,', // 10: a row of commas, dropped
  'dtoc,E06000006,1999-04-01,month,both,0,1000,,0', // 11: plain, an implausible year
  'dtoc,E06000006,2019-04-31,month,social_care,1,1000,,false', // 12: no such day
  'dtoc,E06000006,2019-09-01,month,reason_z,1,1000,,false', // 13: plain in form, no such breakdown
  'dtoc,E06000006,2019-09-01,month,total,2.50,1000,,n', // 14: plain
  'dtoc,E06000006,2019-07-01,month,total,9,1000,,false', // 15: plain, but line 8's key once trimmed
].join('\n') + '\n';

let dir: string;
let db: NativeDb;
beforeAll(async () => {
  dir = tempDir('bcf-canonical-sql-');
  writeFileSync(path.join(dir, 'mixed.csv'), MIXED);
  db = await nativeDuckDb({ 'mixed.csv': path.join(dir, 'mixed.csv') });
});
afterAll(() => db.close());

describe('reading a canonical observations file with DuckDB', () => {
  it("leaves the engine's preserve_insertion_order as it found it: the page's engine lives on after reading an upload", async () => {
    const bytes = readFileSync(path.join(dir, 'mixed.csv'));
    // The page's engine (DuckDB-WASM, which keeps insertion order unless told otherwise; a kept
    // build's hidden rows are marked by position) and the pipeline's (which does not keep it).
    const page = await nodeDuckDb({ 'mixed.csv': path.join(dir, 'mixed.csv') });
    for (const [engine, file] of [[page, 'mixed.csv'], [db, db.path('mixed.csv')]] as const) {
      const order = async () => (await engine.query<{ order: boolean }>("SELECT current_setting('preserve_insertion_order') AS order"))[0]!.order;
      const before = await order();
      expect(await readObservationsInDuckDb(engine, 9, 'mixed.csv', file, plainObservationsHeader(bytes)!, bytes)).not.toBeNull();
      expect(await order()).toBe(before);
    }
    expect(await page.query<{ order: boolean }>("SELECT current_setting('preserve_insertion_order') AS order")).toEqual([{ order: true }]);
  }, 30_000);

  it('keeps the plain rows in DuckDB with their lines, and leaves the rest, with their cells as written, to the JavaScript reader', async () => {
    const bytes = readFileSync(path.join(dir, 'mixed.csv'));
    const held = (await readObservationsInDuckDb(db, 0, 'mixed.csv', db.path('mixed.csv'), plainObservationsHeader(bytes)!, bytes))!;
    const kept = await db.query<{ source_row: number }>(`SELECT source_row FROM ${held.table} ORDER BY source_row`);
    expect(kept.map((r) => r.source_row)).toEqual([4, 6, 7, 11, 13, 14]);
    const read = held.reader.read({ areas: [] });
    // Lines 2 and 5 share a key, as do 8 and 15 once trimmed, so all four are the reader's (it names
    // the first of each); 3, 8, 9 and 12 are not plain.
    expect(read.result.tables.observations.map((o) => o.source)).toEqual(['mixed.csv:2', 'mixed.csv:8', 'mixed.csv:9']);
    expect(read.result.tables.observations[1]).toMatchObject({ area_code: 'E06000006', suppressed: true });
    expect(read.result.errors).toEqual([
      { file: 'mixed.csv', row: 3, column: 'numerator', message: '"1,234" is not a number: it has a thousands separator (,); write it without one (1234)' },
      { file: 'mixed.csv', row: 5, column: '(whole row)', message: 'repeats the key of row 2 (dtoc, E06000006, 2019-04-01, month, total)' },
      { file: 'mixed.csv', row: 12, column: 'period_start', message: '"2019-04-31" is not a real date' },
      { file: 'mixed.csv', row: 15, column: '(whole row)', message: 'repeats the key of row 8 (dtoc, E06000006, 2019-07-01, month, total)' },
    ]);
  });

  it('keeps the rows held where DuckDB read them, as a view (the pipeline\'s), with the same rows, lines, leftovers and refusals as a table of their own (the upload page\'s)', async () => {
    // MIXED with an empty line after its line 6 and two after its line 12: rows' lines shift past them.
    const lines = MIXED.split('\n');
    const text = [...lines.slice(0, 6), '', ...lines.slice(6, 12), '', '', ...lines.slice(12)].join('\n');
    writeFileSync(path.join(dir, 'gaps.csv'), text);
    const own = await nativeDuckDb({ 'gaps.csv': path.join(dir, 'gaps.csv') });
    const metrics = new Map(metricsFromRows(builtinDefinitions()).map((m) => [m.id, m]));
    const bytes = new TextEncoder().encode(text);
    try {
      const seen = [];
      for (const [n, keep] of [[1, 'table'], [2, 'view']] as const) {
        const held = (await readObservationsInDuckDb(own, n, 'gaps.csv', own.path('gaps.csv'), plainObservationsHeader(bytes)!, bytes, { keep }))!;
        const [{ type }] = (await own.query<{ type: string }>(`SELECT 'view' AS type FROM duckdb_views() WHERE view_name = '${held.table}' UNION ALL SELECT 'table' FROM duckdb_tables() WHERE table_name = '${held.table}'`)) as [{ type: string }];
        expect(type).toBe(keep);
        const rows = () => own.query(`SELECT * EXCLUDE (batch) FROM ${held.table} ORDER BY source_row`);
        const before = await rows();
        const read = held.reader.read({ areas: [] });
        const checked = await held.check({ codes: new Set(['E06000006']), metrics }, read.result.tables.observations);
        seen.push({ before, read, checked, after: await rows(), words: held.words });
        for (const drop of held.drops) await own.query(drop);
      }
      expect(seen[1]).toEqual(seen[0]);
      expect(seen[1]!.before.map((r) => r.source_row)).toEqual([4, 6, 8, 12, 16, 17]);
      // The unknown area (4), the proportion above 100% (6), the count over 0 (8) and the unknown breakdown (16) fail their checks.
      expect(seen[1]!.after.map((r) => r.source_row)).toEqual([12, 17]);
      expect(seen[1]!.checked.map((o) => o.source)).toEqual(['gaps.csv:2', 'gaps.csv:4', 'gaps.csv:6', 'gaps.csv:8', 'gaps.csv:9', 'gaps.csv:10', 'gaps.csv:16']);
      expect(seen[1]!.read.result.errors.map((e) => e.row)).toEqual([3, 5, 13, 18]);
      expect((await own.query(`SELECT table_name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal`)).length).toBe(0);
    } finally {
      own.close();
    }
  });

  it('once checked with no held row failing, gives each text column\'s words among the rows held, as DuckDB lists them; none when a row failed', async () => {
    const text = `${HEADER}\ndtoc,E06000006,2019-04-01,month,total,1,1000,,false\ndtoc,E06000007,2019-05-01,month,nhs,2,1000,,false\nascof_2a2,E06000006,2020-04-01,financial_year,total,3,,,false\n`;
    const failing = `${text}dtoc,E99999999,2019-06-01,month,total,4,1000,,false\n`;
    const files = { 'words.csv': text, 'words-failing.csv': failing };
    for (const [name, t] of Object.entries(files)) writeFileSync(path.join(dir, name), t);
    const own = await nativeDuckDb(Object.fromEntries(Object.keys(files).map((n) => [n, path.join(dir, n)])));
    const metrics = new Map(metricsFromRows(builtinDefinitions()).map((m) => [m.id, m]));
    const codes = new Set(['E06000006', 'E06000007']);
    try {
      for (const [n, name] of Object.keys(files).entries()) {
        const bytes = new TextEncoder().encode(files[name as keyof typeof files]);
        const held = (await readObservationsInDuckDb(own, n, name, own.path(name), plainObservationsHeader(bytes)!, bytes))!;
        expect(held.words).toBeNull();
        await held.check({ codes, metrics }, []);
        const sorted = (w: Record<string, string[]> | null) => w && Object.fromEntries(Object.entries(w).map(([c, v]) => [c, [...v].sort()]));
        if (name === 'words-failing.csv') {
          expect(held.words).toBeNull();
          continue;
        }
        const [listed] = await own.query<Record<string, string[]>>(`SELECT ${['metric', 'area_code', 'period_type', 'breakdown', 'source_file'].map((c) => `list(DISTINCT ${c}) AS ${c}`).join(', ')} FROM ${held.table}`);
        expect(sorted(held.words)).toEqual(sorted(listed!));
        expect(sorted(held.words)).toEqual({ metric: ['ascof_2a2', 'dtoc'], area_code: ['E06000006', 'E06000007'], period_type: ['financial_year', 'month'], breakdown: ['nhs', 'total'], source_file: ['words.csv'] });
      }
    } finally {
      own.close();
    }
  });

  it('makes the table read into the rows held where every row is held (the page\'s), with the columns, types, rows and lines of the pipeline\'s view; words listed by first appearance', async () => {
    // Every row plain and checked, with empty lines among them (rows' lines shift past them); words
    // first given in an order that is not theirs.
    const rows = [
      'dtoc,E06000007,2019-05-01,month,nhs,2,1000,,true', 'dtoc,E06000006,2019-05-01,month,total,1,1000,2.5,false',
      '', 'ascof_2a2,E06000006,2020-04-01,financial_year,total,3,,,', '', '',
      'dtoc,E06000006,2019-04-01,month,both,0,1000,,true', 'dtoc,E06000008,2019-04-01,month,nhs,7,900.5,,false',
    ];
    const text = `${HEADER}\n${rows.join('\n')}\n`;
    writeFileSync(path.join(dir, 'all-held.csv'), text);
    const bytes = new TextEncoder().encode(text);
    const metrics = new Map(metricsFromRows(builtinDefinitions()).map((m) => [m.id, m]));
    const codes = new Set(['E06000006', 'E06000007', 'E06000008']);
    const native = await nativeDuckDb({ 'all-held.csv': path.join(dir, 'all-held.csv') });
    const wasm = await nodeDuckDb({ 'all-held.csv': path.join(dir, 'all-held.csv') });
    try {
      for (const [engine, file] of [[native, native.path('all-held.csv')], [wasm, 'all-held.csv']] as const) {
        const seen = [];
        for (const [n, keep] of [[1, 'table'], [2, 'view']] as const) {
          const sent: string[] = [];
          const watched = { ...engine, query: ((sql: string, params?: (string | number)[]) => (sent.push(sql), engine.query(sql, params))) as typeof engine.query };
          const held = (await readObservationsInDuckDb(watched, n, 'all-held.csv', file, plainObservationsHeader(bytes)!, bytes, { keep }))!;
          expect(await held.check({ codes, metrics }, [])).toEqual([]);
          // The page's table is the table read, changed in place: its rows are not copied.
          if (keep === 'table') expect(sent.filter((q) => /CREATE (OR REPLACE )?TABLE obs_held_1 /.test(q))).toEqual([]);
          seen.push({
            columns: await engine.query(`SELECT column_name, column_type FROM (DESCRIBE ${held.table}) WHERE column_name <> 'batch'`),
            rows: await engine.query(`SELECT * EXCLUDE (batch) FROM ${held.table} ORDER BY source_row`),
            batch: await engine.query(`SELECT DISTINCT batch FROM ${held.table}`),
            // (In whatever order DuckDB lists them: the merge numbers them anew.)
            words: held.words && Object.fromEntries(Object.entries(held.words).map(([c, w]) => [c, [...w].sort()])),
            firstSeen: held.firstSeen,
          });
          for (const drop of held.drops) await engine.query(drop);
        }
        expect(seen[0]!.batch).toEqual([{ batch: 1 }]);
        expect(seen[1]!.batch).toEqual([{ batch: 2 }]);
        expect({ ...seen[0], batch: null }).toEqual({ ...seen[1], batch: null });
        expect(seen[0]!.rows.map((r) => r.source_row)).toEqual([2, 3, 5, 8, 9]);
        expect(seen[0]!.rows.map((r) => r.suppressed)).toEqual([true, false, false, true, false]);
        expect(seen[0]!.firstSeen).toEqual({ metric: ['dtoc', 'ascof_2a2'], area_code: ['E06000007', 'E06000006', 'E06000008'], period_type: ['month', 'financial_year'], breakdown: ['nhs', 'total', 'both'], source_file: ['all-held.csv'] });
        expect((await engine.query(`SELECT table_name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal`)).length).toBe(0);
      }
    } finally {
      native.close();
    }
  }, 60_000);

  it('numbers rows by their line across empty lines, and leaves a file whose lines DuckDB would not count one row each to JavaScript', async () => {
    const row = (month: string) => `dtoc,E06000006,2019-${month}-01,month,total,1,1000,,false`;
    const files = { 'empty-lines.csv': `${HEADER}\n\n${row('04')}\n\n\n${row('05')}\n${row('06')}\n\n`, 'quoted-break.csv': `${HEADER}\n"dtoc\n",E06000006,2019-04-01,month,total,1,1000,,false\n` };
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    const own = await nativeDuckDb(Object.fromEntries(Object.keys(files).map((n) => [n, path.join(dir, n)])));
    const read = (name: keyof typeof files, n: number) => {
      const bytes = new TextEncoder().encode(files[name]);
      return readObservationsInDuckDb(own, n, name, own.path(name), plainObservationsHeader(bytes)!, bytes);
    };
    try {
      const held = (await read('empty-lines.csv', 1))!;
      expect((await own.query<{ source_row: number }>(`SELECT source_row FROM ${held.table} ORDER BY source_row`)).map((r) => r.source_row)).toEqual([3, 6, 7]);
      expect(await read('quoted-break.csv', 2)).toBeNull();
    } finally {
      own.close();
    }
  });

  it('reads only a plain observations header: no title above it, no column the table lacks', () => {
    const header = (text: string) => plainObservationsHeader(new TextEncoder().encode(text));
    expect(header(`\uFEFF${HEADER}\r\n1`)).toEqual(HEADER.split(','));
    expect(header(`Delayed transfers\n${HEADER}\n`)).toBeNull();
    expect(header(`${HEADER},notes\n`)).toBeNull();
    expect(header('area_code,year,age_band,population\n')).toBeNull();
  });
});

describe('keys given twice, looked for while DuckDB reads (keysOnce)', () => {
  const once = (text: string) => {
    const bytes = new TextEncoder().encode(text);
    return keysOnce(bytes, plainObservationsHeader(bytes)!, scanLines(bytes, plainObservationsHeader(bytes)!).lines);
  };
  const row = (area: string, month: string, count: number, end = '') => `dtoc,${area},2019-${month}-01,month,total,${count},1000,,false${end}`;
  it('finds a key given twice, whatever the other cells, the line endings or the order of the columns', () => {
    expect(once(`${HEADER}\n${row('E06000006', '04', 1)}\n${row('E06000006', '05', 1)}\n\n${row('E06000007', '04', 1)}\n`)).toBe(true);
    expect(once(`${HEADER}\n${row('E06000006', '04', 1)}\n${row('E06000006', '05', 1)}\n${row('E06000006', '04', 2)}\n`)).toBe(false);
    expect(once(`${HEADER}\r\n${row('E06000006', '04', 1)}\r\n${row('E06000006', '04', 1)}`)).toBe(false);
    // The key's cells last in the line, one line ending CRLF and the other LF: the same key.
    const last = 'numerator,denominator,published_value,suppressed,metric,area_code,period_start,period_type,breakdown';
    expect(once(`${last}\n1,1000,,false,dtoc,E06000006,2019-04-01,month,total\r\n2,1000,,false,dtoc,E06000006,2019-04-01,month,total\n`)).toBe(false);
    expect(once(`${last}\n1,1000,,false,dtoc,E06000006,2019-04-01,month,total\n2,1000,,false,dtoc,E06000006,2019-04-01,month,nhs\n`)).toBe(true);
    // Cells told apart by where the comma falls, not only by their bytes.
    const two = 'metric,area_code,period_start,period_type,breakdown,numerator';
    expect(once(`${two}\nab,c,2019-04-01,month,total,1\na,bc,2019-04-01,month,total,1\n`)).toBe(true);
  });

  it('tells apart keys of the same hash by their bytes, and leaves a file with a quote to DuckDB', () => {
    // Two codes whose keys have the same FNV-1a hash (found by search).
    expect(once(`${HEADER}\n${row('E06000006-N50983', '04', 1)}\n${row('E06000006-N801860', '04', 1)}\n`)).toBe(true);
    expect(once(`${HEADER}\n${row('E06000006-N50983', '04', 1)}\n${row('E06000006-N801860', '04', 1)}\n${row('E06000006-N801860', '04', 3)}\n`)).toBe(false);
    expect(once(`${HEADER}\n${row('E06000006', '04', 1)}\n"dtoc",E06000007,2019-04-01,month,total,1,1000,,false\n`)).toBe(false);
  });
});

describe('cells DuckDB would read where the contract does not, or not alike', () => {
  it('are found before reading: a file whose number cells are all plain (and that has no quote) is read with those columns typed', async () => {
    const header = HEADER.split(',');
    const bytes = (text: string) => new TextEncoder().encode(text);
    expect(scanLines(bytes(withCell('numerator', '5')), header)).toEqual({ lines: 6, empty: [], plainNumbers: true, longRow: false });
    expect(scanLines(bytes(`${HEADER}\r\n\r\n${PLAIN_ROWS.join('\r\n')}\r\n\n`), header)).toEqual({ lines: 7, empty: [2, 7], plainNumbers: true, longRow: false });
    for (const column of ['numerator', 'denominator', 'published_value'] as const) {
      // (An unquoted 1,000 makes its row one cell too long: DuckDB drops that row, and the file, no longer a row a line, is read in JavaScript.)
      for (const cell of ADVERSARIAL_NUMBERS.filter((c) => c !== '1,000')) expect([column, cell, scanLines(bytes(withCell(column, cell)), header).plainNumbers]).toEqual([column, cell, false]);
    }
    // A quote anywhere (a text cell's too) leaves every cell to be read as text.
    expect(scanLines(bytes(`${withCell('numerator', '5')}dtoc,"E06000006",2019-08-01,month,total,1,1000,,false\n`), header).plainNumbers).toBe(false);
    // Counts last, with Windows line endings: the line break is not the cell's.
    const reordered = 'metric,area_code,period_start,period_type,breakdown,suppressed,numerator,denominator,published_value';
    expect(scanLines(bytes(withCell('numerator', '5', reordered).replaceAll('\n', '\r\n')), reordered.split(',')).plainNumbers).toBe(true);
    expect(scanLines(bytes(withCell('published_value', '5 ', reordered).replaceAll('\n', '\r\n')), reordered.split(',')).plainNumbers).toBe(false);
    // Typed, the table read keeps each count's number only, not its text.
    const text = withCell('numerator', '5');
    writeFileSync(path.join(dir, 'typed.csv'), text);
    const own = await nativeDuckDb({ 'typed.csv': path.join(dir, 'typed.csv') });
    try {
      const held = (await readObservationsInDuckDb(own, 1, 'typed.csv', own.path('typed.csv'), header, bytes(text), { keep: 'view' }))!;
      const columns = await own.query<{ name: string; type: string }>("SELECT column_name AS name, data_type AS type FROM duckdb_columns() WHERE table_name = 'obs_raw_1'");
      expect(columns.filter((c) => /numerator|denominator|published_value/.test(c.name))).toEqual([
        { name: 'numerator_number', type: 'DOUBLE' }, { name: 'denominator_number', type: 'DOUBLE' }, { name: 'published_value_number', type: 'DOUBLE' },
      ]);
      for (const drop of held.drops) await own.query(drop);
    } finally {
      own.close();
    }
  });

  const cases = [
    ...(['numerator', 'denominator', 'published_value'] as const).flatMap((column) => ADVERSARIAL_NUMBERS.map((cell) => [column, cell] as const)),
    ...ADVERSARIAL_DATES.map((cell) => ['period_start', cell] as const),
    ...ADVERSARIAL_CODES.map((cell) => ['area_code', cell] as const),
  ];
  // The same, as the last row of a file whose first 256 KB (what decides how DuckDB reads it) are plain.
  const late = (['numerator', 'denominator', 'published_value'] as const).flatMap((column) => ['+5', 'inf', '-5', '1_000'].map((cell) => [column, cell, 'late'] as const));
  it('are refused, or read, by npm run ingest as by the JavaScript path: the same refusals, notes and rows', async () => {
    const differing: string[] = [];
    for (const [i, [column, cell, where]] of [...cases.map(([c, v]) => [c, v, 'early'] as const), ...late].entries()) {
      const name = `adversarial-${i}.csv`;
      const text = where === 'late' ? withLateCell(column as 'numerator', cell) : withCell(column, cell);
      writeFileSync(path.join(dir, name), text);
      const js = ingestTexts(emptyTables(), [{ name, text }], builtinDefinitions());
      const out = path.join(dir, `adversarial-out-${i}`);
      const outcome = await ingest([path.join(dir, name)], { out, fresh: true, allowRejects: true });
      const rows = fromArrowIpc('observations', readFileSync(path.join(out, 'observations.arrow')));
      try {
        expect(outcome.reports[0]).toEqual(js.reports[0]);
        expect(rows).toEqual(inKeyOrder('observations', js.tables.observations));
      } catch {
        differing.push(`${column} ${JSON.stringify(cell)} ${where}`);
      }
    }
    expect(differing).toEqual([]);
  }, 120_000);
});

describe('npm run ingest of a canonical observations file, against the JavaScript path on the same text', () => {
  const expected = () => ingestTexts(emptyTables(), [{ name: 'mixed.csv', text: MIXED }], builtinDefinitions());

  const row = (month: string, code = 'E06000006') => `dtoc,${code},2019-${month}-01,month,total,12,1000,,false`;
  it.each([
    ['a title whose quoted cell holds a line break, above the header', `"Delayed transfers\nApril 2019"\n${HEADER}\n${row('04')}\n`],
    ['a quote opened on the first line and never closed', `"${HEADER}\n${row('04')}\n`],
    ['a header and rows of commas only', `${HEADER}\n,,,,,,,,\n,,,,,,,,\n`],
    ['a key repeated once an invisible character is taken out', `${HEADER}\n${row('04')}\n${row('04', 'E06000006\u200B')}\n${row('05')}\n`],
    ['a key given twice where every row is plain', `${HEADER}\n${row('04')}\n${row('05')}\n${row('04')}\n`],
    ['line endings of both kinds', `${HEADER}\n${row('04')}\r\n${row('05')}\n${row('06')}\r\n`],
    // Every code, metric, breakdown and period known (the checks by list are left out): the count rules still refuse.
    [
      'a proportion above 100% and a count over a denominator of 0, among rows whose codes and periods are all known',
      `${HEADER}\nascof_2b1,E06000006,2019-04-01,financial_year,total,60,50,,false\nascof_2b1,E06000006,2020-04-01,financial_year,total,40,50,,false\n${row('04')}\ndtoc,E06000006,2019-05-01,month,total,3,0,,false\n`,
    ],
    ['a proportion above 100% where no row is of a proportion but that one', `${HEADER}\nascof_2b1,E06000006,2019-04-01,financial_year,total,60,50,,false\n`],
  ])('reads %s as the JavaScript path does', async (what, text) => {
    const name = `${what.replaceAll(' ', '-')}.csv`;
    writeFileSync(path.join(dir, name), text);
    const js = ingestTexts(emptyTables(), [{ name, text }], builtinDefinitions());
    const out = path.join(dir, `as-js-${name}`);
    const outcome = await ingest([path.join(dir, name)], { out, fresh: true, allowRejects: true });
    expect(outcome.errors).toEqual(js.errors);
    if (js.tables.observations.length > 0) expect(fromArrowIpc('observations', readFileSync(path.join(out, 'observations.arrow')))).toEqual(inKeyOrder('observations', js.tables.observations));
  });

  it('refuses the same rows with the same messages, by file, row and column', async () => {
    const outcome = await ingest([path.join(dir, 'mixed.csv')], { out: path.join(dir, 'refused'), fresh: true });
    expect(outcome.written).toBe(false);
    expect(outcome.errors).toEqual(expected().errors);
    expect(outcome.errors.map((e) => `${e.row} ${e.column}`)).toEqual(['3 numerator', '5 (whole row)', '12 period_start', '15 (whole row)', '4 area_code', '6 numerator', '7 denominator', '13 breakdown']);
  });

  it('with --allow-rejects, writes the same rows and reports the same counts and notes, from a path or from bytes', async () => {
    const js = expected();
    for (const [i, file] of [path.join(dir, 'mixed.csv'), { name: 'mixed.csv', bytes: readFileSync(path.join(dir, 'mixed.csv')) }].entries()) {
      const out = path.join(dir, `allowed-${i}`);
      const outcome = await ingest([file], { out, fresh: true, allowRejects: true });
      const { errors, ...report } = outcome.reports[0]!;
      const { errors: jsErrors, ...jsReport } = js.reports[0]!;
      expect(errors).toEqual(jsErrors);
      expect(report).toEqual(jsReport);
      // Five observations, and Halton with its ICB, region and England from the reference geography.
      expect(report).toMatchObject({ accepted: 9, rejected: 8 });
      expect(report.skipped.join(' ')).toContain('1 row starts before 2000 (the earliest 1999-04-01)');
      const written = fromArrowIpc('observations', readFileSync(path.join(out, 'observations.arrow')));
      expect(written).toEqual(inKeyOrder('observations', js.tables.observations));
      expect(written.map((o) => o.source)).toEqual(['mixed.csv:11', 'mixed.csv:2', 'mixed.csv:8', 'mixed.csv:9', 'mixed.csv:14']);
    }
  });
});
