// Native DuckDB, the pipelines' engine for record-level files: it reads the files it is given and
// nothing else, and answers exactly as the browser's DuckDB-WASM does, so the same queries serve both.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeDuckDb, rowsFromColumns, type NativeDb } from '../../src/lib/server/native-duckdb';
import { nodeDuckDb } from '../../src/lib/server/node-duckdb';
import { tempDir } from '../helpers/temp';

const dir = tempDir('native-duckdb-');
const given = path.join(dir, 'spells [2024] it\'s.csv');
const other = path.join(dir, 'other.csv');
writeFileSync(given, 'n,d\n1,2024-03-01\n2,\n');
writeFileSync(other, 'secret\nMARKER\n');

describe('native DuckDB', () => {
  let db: NativeDb;
  beforeAll(async () => {
    db = await nativeDuckDb({ 'record-file-0.csv': given });
  });
  afterAll(() => db.close());

  it('reads a file it was given by its plain name, whatever the file itself is called', async () => {
    expect(await db.query(`SELECT sum(n) AS total FROM read_csv('${db.path('record-file-0.csv')}', header = true)`)).toEqual([{ total: 3 }]);
  });

  it('refuses any other file, in the same folder or elsewhere, and any name that is not plain', async () => {
    await expect(db.query(`SELECT * FROM read_csv('${other}')`)).rejects.toThrow(/Permission Error/);
    await expect(db.query("SELECT * FROM read_csv('/etc/hostname')")).rejects.toThrow(/Permission Error/);
    await expect(db.query("SET enable_external_access = true")).rejects.toThrow();
    expect(() => db.path('other.csv')).toThrow('other.csv was not given to DuckDB to read');
    await expect(nativeDuckDb({ "x'; --.csv": given })).rejects.toThrow('a file for DuckDB needs a plain name');
  });

  it('answers as DuckDB-WASM does: counts and sums as numbers, dates as milliseconds since 1970, no value as null', async () => {
    const sql = `SELECT count(*) AS n, sum(x) AS total, CAST(sum(x) AS HUGEINT) AS huge, DATE '2024-03-01' AS day, CAST(NULL AS DATE) AS none, 'a' AS s
      FROM range(5) t(x) WHERE x > ?`;
    const wasm = await nodeDuckDb();
    const expected = [{ n: 3, total: 9, huge: 9, day: Date.UTC(2024, 2, 1), none: null, s: 'a' }];
    expect(await wasm.query(sql, [1])).toEqual(expected);
    expect(await db.query(sql, [1])).toEqual(expected);
  }, 30_000);

  it('makes rows from columns as plain values: numbers for 64-bit integers, milliseconds for dates, null kept', () => {
    const columns = [[1n, null, 3n], [new Date(Date.UTC(2024, 2, 1)), null, new Date(0)], ['a', 'b', null], [[1, 2], [], null]];
    expect(rowsFromColumns(['n', 'day', 's', 'list'], columns)).toEqual([
      { n: 1, day: Date.UTC(2024, 2, 1), s: 'a', list: [1, 2] },
      { n: null, day: null, s: 'b', list: [] },
      { n: 3, day: 0, s: null, list: null },
    ]);
    expect(rowsFromColumns(['n'], [[]])).toEqual([]);
    expect(rowsFromColumns([], [])).toEqual([]);
  });

  it('answers a query of many chunks row by row in order, lists and repeated column names included', async () => {
    // 5000 rows: three of DuckDB's chunks.
    const rows = await db.query<Record<string, unknown>>(
      `SELECT x AS n, x AS n, CASE WHEN x % 2 = 0 THEN NULL ELSE 'v' || x END AS s, [x::INTEGER, x::INTEGER + 1] AS l, DATE '2024-01-01' + x::INTEGER AS day FROM range(5000) t(x) ORDER BY x`,
    );
    expect(rows).toHaveLength(5000);
    rows.forEach((r, x) => expect(r).toEqual({ n: x, 'n:1': x, s: x % 2 === 0 ? null : `v${x}`, l: [x, x + 1], day: Date.UTC(2024, 0, 1) + x * 86_400_000 }));
  });

  it('hands a result back as columns, streamed chunk by chunk into columns of the length it is told, and says when that length is wrong', async () => {
    // 5000 rows: three of DuckDB's chunks; every third value missing.
    const sql = 'SELECT x::INTEGER AS i, CASE WHEN x % 3 = 0 THEN NULL ELSE x / 2 END AS d FROM range(5000) t(x) ORDER BY x';
    const whole = await db.queryColumns(sql);
    const streamed = await db.queryColumns(sql, 5000);
    expect(streamed).toEqual(whole);
    expect([...streamed.i!.values.subarray(4997)]).toEqual([4997, 4998, 4999]);
    expect([...streamed.d!.values.subarray(0, 4)]).toEqual([0, 0.5, 1, 0]);
    expect([...streamed.d!.valid!.subarray(0, 1)]).toEqual([0b10110110]);
    await expect(db.queryColumns(sql, 4999)).rejects.toThrow('queryColumns was told of 4999 rows, and found more');
    await expect(db.queryColumns(sql, 5001)).rejects.toThrow('queryColumns was told of 5001 rows, and found 5000');
  });

  it('leaves nothing behind once closed: its folder of links is removed', async () => {
    const temporary = await nativeDuckDb({ 'a.csv': given });
    const link = temporary.path('a.csv');
    expect(existsSync(link)).toBe(true);
    temporary.close();
    expect(existsSync(path.dirname(link))).toBe(false);
    expect(existsSync(given)).toBe(true);
  });

  it('closed for a process about to exit, leaves its folder removed at once (links and bytes handed to it)', async () => {
    const leaving = await nativeDuckDb({ 'a.csv': given }, { written: 1 });
    expect(leaving.write('b.csv', new TextEncoder().encode('n\n1\n'))).toBe(true);
    const folder = path.dirname(leaving.path('a.csv'));
    expect(readdirSync(folder).sort()).toEqual(['a.csv', 'written-0']);
    leaving.closeAtExit();
    expect(existsSync(folder)).toBe(false);
    expect(existsSync(given)).toBe(true);
  });

  it('made for a whole run, reads later only the files named when it was made, and bytes handed to it in as many places as it kept', async () => {
    const later = path.join(dir, 'later.csv');
    writeFileSync(later, 'n\n5\n');
    const run = await nativeDuckDb({}, { readable: [given, later], written: 1 });
    try {
      // A file named when it was made: given to it under a plain name of ours, and read.
      expect(run.link('input-0.csv', later)).toBe(true);
      expect(await run.query(`SELECT sum(n) AS total FROM read_csv('${run.path('input-0.csv')}', header = true)`)).toEqual([{ total: 5 }]);
      expect(run.link('input-1.csv', path.join(dir, '.', 'spells [2024] it\'s.csv'))).toBe(true);
      // Any other: not given (the caller makes an engine of its own for it), and not readable however it is reached.
      expect(run.link('input-2.csv', other)).toBe(false);
      expect(() => run.path('input-2.csv')).toThrow('input-2.csv was not given to DuckDB to read');
      await expect(run.query(`SELECT * FROM read_csv('${other}')`)).rejects.toThrow(/Permission Error/);
      // A name already given is not given again.
      expect(run.link('input-0.csv', given)).toBe(false);
      // Bytes: into the one place kept, then no more.
      expect(run.write('input-3.csv', new TextEncoder().encode('n\n7\n8\n'))).toBe(true);
      expect(await run.query(`SELECT sum(n) AS total FROM read_csv('${run.path('input-3.csv')}', header = true)`)).toEqual([{ total: 15 }]);
      expect(run.write('input-4.csv', new TextEncoder().encode('n\n1\n'))).toBe(false);
      expect(() => run.write("x'.csv", new Uint8Array())).toThrow('a file for DuckDB needs a plain name');
    } finally {
      run.close();
    }
    // The bytes handed to it went with its folder.
    expect(existsSync(path.dirname(run.path('input-3.csv')))).toBe(false);
    // Made without: no file may be given later.
    expect(db.link('input-9.csv', given)).toBe(false);
    expect(db.write('input-9.csv', new Uint8Array())).toBe(false);
  });

  it('answers on another connection at the same time as on its first, the same tables seen from both', async () => {
    const other = await db.connect();
    await db.query('CREATE OR REPLACE TABLE both_see AS SELECT range AS x FROM range(3000000)');
    // Two queries at once, each on its own connection, both answered.
    const [a, b] = await Promise.all([
      db.query('SELECT sum(x * x) AS s FROM both_see'),
      other.query('SELECT count(*) AS n FROM both_see WHERE x % 2 = 0'),
    ]);
    expect(a).toEqual([{ s: 8999995500000500000 }]);
    expect(b).toEqual([{ n: 1500000 }]);
    await other.query('DROP TABLE both_see');
    expect(await db.query("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'both_see'")).toEqual([{ n: 0 }]);
  });
});
