import { allMetrics } from '../../src/lib/definitions';
import { beforeAll, describe, expect, it } from 'vitest';
import { toArrowIpc } from '../../src/lib/contract/arrow';
import { emptyTables } from '../../src/lib/contract/canonical';
import { TABLE_NAMES, type Observation, type Tables } from '../../src/lib/contract/schema';
import { loadTables } from '../../src/lib/db/prepare';
import { createMetricValues } from '../../src/lib/metrics/queries';
import { analystQuery } from '../../src/lib/sql/guard';
import { CELL_CHARS, RESULT_BYTES, cutNote, runAnalystQuery, type AnalystResult, type Outcome } from '../../src/lib/sql/run';
import { sqlText } from '../../src/lib/sql/literal';
import { nodeDuckDb, type NodeDb } from '../../src/lib/server/node-duckdb';

const sqlOf = (text: string, limit = 100) => {
  const g = analystQuery(text, limit);
  if ('error' in g) throw new Error(`refused: ${g.error}`);
  return g.sql;
};
const errorOf = (text: string, limit = 100) => {
  const g = analystQuery(text, limit);
  return 'error' in g ? g.error : null;
};
const READ_ONLY = 'Only queries that read data can run here:';

describe('the guard allows reads', () => {
  it.each([
    'SELECT 1',
    'select area_code, area_name from areas',
    'with x as (select 1 as a) select a from x',
    'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT n FROM r',
    'FROM observations',
    'FROM areas SELECT area_code, \'x\' AS y',
    'VALUES (1, 2), (3, 4)',
    'DESCRIBE observations',
    'SUMMARIZE areas',
    'SHOW TABLES',
    '(SELECT 1) UNION ALL (SELECT 2)',
    "PIVOT metric_values ON metric USING sum(numerator)",
    "SELECT extract(year FROM '2020-04-01'::DATE) AS y",
    "SELECT * FROM observations WHERE source_file = 'observations-dtoc.csv'",
    "SELECT replace(area_name, 'a', 'b') FROM areas",
    '  \n\tSeLeCt\n*\nFrOm areas  ',
  ])('%s', (text) => {
    expect(errorOf(text)).toBeNull();
  });

  it('wraps the query so one statement runs, asking for one row more than the limit', () => {
    expect(sqlOf('SELECT * FROM areas', 1000)).toBe('SELECT * FROM (SELECT * FROM areas\n) AS q LIMIT 1001');
  });

  it('drops a trailing semicolon and comments, keeping line breaks so DuckDB points at the right line', () => {
    expect(sqlOf('-- the places\nSELECT 1 /* one */ ; ;\n-- done', 10)).toBe(`SELECT * FROM (${' '.repeat(13)}\nSELECT 1\n) AS q LIMIT 11`);
    expect(sqlOf('SELECT 1 -- DROP TABLE areas')).not.toMatch(/DROP/);
  });

  it('does not refuse keywords inside quoted text or quoted names', () => {
    expect(errorOf("SELECT * FROM areas WHERE area_name = 'DELETE FROM areas; DROP TABLE areas'")).toBeNull();
    expect(errorOf('SELECT 1 AS "drop", 2 AS "set", 3 AS "read_csv"')).toBeNull();
    expect(errorOf("SELECT $$ ; DROP TABLE areas $$ AS x")).toBeNull();
    expect(errorOf("SELECT $tag$ it's; DELETE $tag$ AS x")).toBeNull();
    expect(errorOf("SELECT E'it\\'s; DELETE' AS x")).toBeNull();
    expect(errorOf("SELECT 'it''s; DELETE' AS x")).toBeNull();
    // DuckDB nests block comments, and so does the guard.
    expect(errorOf('SELECT 1 /* a /* b */ DROP TABLE areas */')).toBeNull();
  });
});

describe('the guard refuses, saying why', () => {
  it.each([
    ['', 'There is no query to run: write a query that starts with SELECT, WITH or FROM.'],
    ['  ;  ', 'There is no query to run: write a query that starts with SELECT, WITH or FROM.'],
    ['-- just a comment', 'There is no query to run: write a query that starts with SELECT, WITH or FROM.'],
    ['INSERT INTO areas VALUES (1, 2, 3, 4)', `${READ_ONLY} INSERT changes a table.`],
    ['delete from observations', `${READ_ONLY} DELETE changes a table.`],
    ['  uPdAtE\n\tobservations SET numerator = 0', `${READ_ONLY} UPDATE changes a table.`],
    ['DROP TABLE areas', `${READ_ONLY} DROP deletes tables or other objects.`],
    ['CREATE TABLE x AS SELECT 1', `${READ_ONLY} CREATE creates tables or other objects.`],
    ['ALTER TABLE areas ADD COLUMN x INT', `${READ_ONLY} ALTER changes a table.`],
    ['TRUNCATE observations', `${READ_ONLY} TRUNCATE changes a table.`],
    ["COPY observations TO 'out.csv'", `${READ_ONLY} COPY reads or writes files.`],
    ["ATTACH 'other.db'", `${READ_ONLY} ATTACH opens another database or file.`],
    ['INSTALL httpfs', `${READ_ONLY} INSTALL downloads an extension.`],
    ['LOAD httpfs', `${READ_ONLY} LOAD loads an extension.`],
    ['PRAGMA enable_profiling', `${READ_ONLY} PRAGMA changes settings or runs commands.`],
    ['SET enable_external_access = true', `${READ_ONLY} SET changes a setting.`],
    ['CALL pragma_version()', `${READ_ONLY} CALL runs a procedure.`],
    ["EXPORT DATABASE 'dir'", `${READ_ONLY} EXPORT writes files.`],
    ["IMPORT DATABASE 'dir'", `${READ_ONLY} IMPORT reads files.`],
    ['CHECKPOINT', `${READ_ONLY} CHECKPOINT writes the database to storage.`],
    ['BEGIN TRANSACTION', `${READ_ONLY} BEGIN controls transactions.`],
    ['EXPLAIN SELECT 1', `${READ_ONLY} EXPLAIN shows a plan, not data; run the query itself.`],
    ['GRANT ALL ON areas TO x', `${READ_ONLY} start with SELECT, WITH, FROM, VALUES, DESCRIBE or SUMMARIZE, not GRANT.`],
    ['42', `${READ_ONLY} start with SELECT, WITH, FROM, VALUES, DESCRIBE or SUMMARIZE.`],
    ['WITH x AS (SELECT 1) DELETE FROM areas', `${READ_ONLY} DELETE changes a table. (If it is a name here, put it in double quotes: "delete".)`],
    ['SELECT 1 AS x FROM areas /**/ ; /**/ UPDATE/**/areas SET area_name = 1', 'Only one statement can run at a time: remove the semicolon (;) in the middle of the query and whatever follows it.'],
    ['SELECT 1; DROP TABLE areas', 'Only one statement can run at a time: remove the semicolon (;) in the middle of the query and whatever follows it.'],
    // In DuckDB a backslash does not escape a quote in ordinary text: the ; is outside the string.
    ["SELECT 'a\\' ; DROP TABLE areas; --'", 'Only one statement can run at a time: remove the semicolon (;) in the middle of the query and whatever follows it.'],
    ["SELECT * FROM read_csv('http://example.com/x.csv')", 'Reading files or the network is not allowed here: read_csv() reads from outside the loaded tables.'],
    ["SELECT * FROM read_csv_auto('data/areas.csv')", 'Reading files or the network is not allowed here: read_csv_auto() reads from outside the loaded tables.'],
    ["SELECT * FROM READ_Parquet ('x.parquet')", 'Reading files or the network is not allowed here: read_parquet() reads from outside the loaded tables.'],
    ["SELECT * FROM main.read_json('x.json')", 'Reading files or the network is not allowed here: read_json() reads from outside the loaded tables.'],
    ['SELECT * FROM "READ_TEXT"(\'/etc/passwd\')', 'Reading files or the network is not allowed here: read_text() reads from outside the loaded tables.'],
    ["SELECT * FROM glob('*')", 'Reading files or the network is not allowed here: glob() reads from outside the loaded tables.'],
    ["SELECT * FROM query('DELETE FROM areas')", 'Only the loaded tables can be queried here: query() runs SQL held in text, which cannot be checked.'],
    ["SELECT * FROM 'https://example.com/data.csv'", "Reading files or the network is not allowed here: 'https://example.com/data.csv' is a web or cloud address."],
    ["SELECT 's3://bucket/key' AS x", "Reading files or the network is not allowed here: 's3://bucket/key' is a web or cloud address."],
    ["SELECT * FROM 'observations.csv'", "Reading files is not allowed here: 'observations.csv' would be read as a file. Query the loaded tables instead."],
    ["SELECT * FROM areas a JOIN '/tmp/x.parquet' p USING (area_code)", "Reading files is not allowed here: '/tmp/x.parquet' would be read as a file. Query the loaded tables instead."],
    ["SELECT * FROM areas, 'x.parquet'", "Reading files is not allowed here: 'x.parquet' would be read as a file. Query the loaded tables instead."],
    ["DESCRIBE 'x.csv'", "Reading files is not allowed here: 'x.csv' would be read as a file. Query the loaded tables instead."],
    ['SELECT * FROM areas WHERE area_code = ?', 'Placeholders such as ? cannot be used here: write the value into the query.'],
    ['SELECT * FROM areas WHERE area_code = $1', 'Placeholders such as $1 cannot be used here: write the value into the query.'],
    ["SELECT 'abc", "A quoted text is not closed: add the missing ' at its end."],
    ['SELECT "abc', 'A quoted name is not closed: add the missing " at its end.'],
    ['SELECT 1 /* note', 'A comment is not closed: add the missing */ at its end.'],
    ['SELECT (1', 'The brackets do not match: a ( is never closed.'],
    // Closing the wrapper's bracket early to run a second query beside it.
    ['SELECT 1) AS q, (SELECT 2', 'The brackets do not match: there is a ) without a ( before it.'],
  ])('%j', (text, message) => {
    expect(errorOf(text)).toBe(message);
  });

  it('refuses a limit that is not a whole number from 1 to 100,000', () => {
    for (const limit of [0, -1, 1.5, Number.NaN, 100_001]) expect(errorOf('SELECT 1', limit)).toBe('The row limit must be a whole number from 1 to 100,000.');
  });
});

describe('guarded queries in DuckDB-WASM', () => {
  const areas: Tables['areas'] = [
    { area_code: 'E54000008', area_name: 'Cheshire and Merseyside ICB', area_type: 'icb', parent_code: null },
    { area_code: 'E06000006', area_name: 'Halton', area_type: 'place', parent_code: 'E54000008' },
    { area_code: 'E08000015', area_name: 'Wirral', area_type: 'place', parent_code: 'E54000008' },
  ];
  const obs = (area: string, year: number, n: number): Observation => ({
    metric: 'ascof_2a2', area_code: area, period_start: `${year}-04-01`, period_type: 'financial_year', breakdown: 'total',
    numerator: n, denominator: 20_000 + n, published_value: null, suppressed: false, source: `t.csv:${year}`,
  });
  const observations = [2019, 2020, 2021].flatMap((y, i) => [obs('E06000006', y, 30 + i), obs('E08000015', y, 100 + i)]);
  let db: NodeDb;

  const counts = async () => {
    const [row] = await db.query<Record<string, number>>(
      `SELECT (SELECT count(*) FROM observations) AS observations, (SELECT sum(numerator) FROM observations) AS numerators,
              (SELECT count(*) FROM areas) AS areas, (SELECT count(*) FROM metric_values) AS metric_values,
              (SELECT count(*) FROM local_observations) AS local_observations,
              (SELECT count(*) FROM duckdb_tables()) AS tables`,
    );
    return row;
  };
  const result = (o: Outcome): AnalystResult => {
    if (!('result' in o)) throw new Error(JSON.stringify(o));
    return o.result;
  };

  beforeAll(async () => {
    db = await nodeDuckDb();
    const tables: Tables = { ...emptyTables(), observations, areas };
    await loadTables(db, TABLE_NAMES.map((name) => ({ name, bytes: toArrowIpc(name, tables[name]) })));
    await db.query(createMetricValues(allMetrics()));
  }, 30_000);

  it('returns rows with their column types, dates as ISO text, in the query order', async () => {
    const r = result(await runAnalystQuery(db, `
      SELECT v.period_start, a.area_name, v.numerator, v.numerator / v.denominator * 100000 AS rate, v.local
      FROM metric_values v JOIN all_areas a USING (area_code)
      WHERE v.area_code = 'E06000006'
      ORDER BY v.period_start DESC;`, 100));
    expect(r.columns.map((c) => [c.name, c.kind])).toEqual([['period_start', 'date'], ['area_name', 'text'], ['numerator', 'number'], ['rate', 'number'], ['local', 'boolean']]);
    expect(r.rows.map((row) => [row.period_start, row.area_name, row.numerator, row.local])).toEqual([
      ['2021-04-01', 'Halton', 32, false], ['2020-04-01', 'Halton', 31, false], ['2019-04-01', 'Halton', 30, false],
    ]);
    expect(r.rows[0]!.rate).toBeCloseTo((32 / 20_032) * 100_000, 9);
    expect(r.cut).toBe(false);
  });

  it('reads with WITH, FROM-first, VALUES, DESCRIBE and SUMMARIZE, in lower case too', async () => {
    expect(result(await runAnalystQuery(db, 'with p as (from areas where area_type = \'place\') select count(*) as n from p', 10)).rows).toEqual([{ n: 2 }]);
    expect(result(await runAnalystQuery(db, 'values (1, \'a\'), (2, \'b\')', 10)).rows).toEqual([{ col0: 1, col1: 'a' }, { col0: 2, col1: 'b' }]);
    expect(result(await runAnalystQuery(db, 'describe areas', 10)).rows.map((r) => r.column_name)).toEqual(['area_code', 'area_name', 'area_type', 'parent_code']);
    expect(result(await runAnalystQuery(db, 'summarize observations', 20)).rows.find((r) => r.column_name === 'numerator')?.max).toBe('102.0');
    const nested = result(await runAnalystQuery(db, "SELECT [1, 2] AS l, {'a': 1} AS s, 12345678901::BIGINT AS big, 2.50::DECIMAL(5,2) AS d, INTERVAL 3 DAY AS i", 10));
    expect(nested.rows).toEqual([{ l: '[1, 2]', s: '{\'a\': 1}', big: 12345678901, d: 2.5, i: '3 days' }]);
  });

  it('keeps the keyword-in-a-string query harmless and correct', async () => {
    const r = result(await runAnalystQuery(db, "SELECT count(*) AS n FROM areas WHERE area_name <> 'DELETE FROM areas; DROP TABLE areas'", 10));
    expect(r.rows).toEqual([{ n: 3 }]);
  });

  it('applies the limit, and says when the result was cut', async () => {
    const cut = result(await runAnalystQuery(db, 'SELECT * FROM observations ORDER BY numerator', 4));
    expect(cut.rows.map((r) => r.numerator)).toEqual([30, 31, 32, 100]);
    expect(cut.cut).toBe(true);
    const exact = result(await runAnalystQuery(db, 'SELECT * FROM observations', 6));
    expect([exact.rows.length, exact.cut]).toEqual([6, false]);
    // The analyst's own LIMIT still applies inside.
    expect(result(await runAnalystQuery(db, 'SELECT * FROM observations LIMIT 2', 100)).rows).toHaveLength(2);
  });

  it('gives DuckDB\'s message for a mistake, pointing at the analyst\'s line', async () => {
    const syntax = await runAnalystQuery(db, 'SELECT area_code\nFORM areas', 10);
    expect(syntax).toEqual({ failed: expect.stringMatching(/^Parser Error: syntax error at or near "areas"\n\nLINE 2: FORM areas/) });
    const column = await runAnalystQuery(db, 'SELECT nope\nFROM areas', 10);
    expect(column).toEqual({ failed: expect.stringMatching(/^Binder Error: Referenced column "nope" not found/) });
    expect((column as { failed: string }).failed).toMatch(/LINE 1: .*SELECT nope/);
    const runtime = await runAnalystQuery(db, "SELECT 'x'::INTEGER AS n", 10);
    expect(runtime).toEqual({ failed: expect.stringMatching(/^Conversion Error: Could not convert string 'x' to INT32/) });
  });

  it('leaves every table as it was, whatever trick a write attempt uses', async () => {
    const before = await counts();
    const tricks = [
      'DELETE FROM observations',
      'delete/**/from observations',
      'SELECT 1; DELETE FROM observations',
      'SELECT 1) AS q; DELETE FROM observations; SELECT * FROM (SELECT 1',
      'SELECT 1 AS x\n;\nDROP TABLE areas',
      "SELECT 'a\\' ; DROP TABLE areas; --'",
      "SELECT E'\\' ; DROP TABLE areas; SELECT '",
      "SELECT $$ ; DROP TABLE areas; $$ AS x",
      'SELECT 1 /* /* */ DROP TABLE areas */',
      'WITH d AS (DELETE FROM observations RETURNING *) SELECT * FROM d',
      "SELECT * FROM query('DELETE FROM observations')",
      "SELECT * FROM query_table('areas')",
      'UPDATE observations SET numerator = 0',
      "INSERT INTO areas VALUES ('X', 'X', 'place', NULL)",
      'INSERT INTO local_observations SELECT * FROM observations',
      'CREATE OR REPLACE TABLE metric_values AS SELECT 1 AS x',
      'TRUNCATE observations',
      'ALTER TABLE areas RENAME TO gone',
      'DROP TABLE areas',
      "COPY observations TO 'out.csv'",
      "ATTACH ':memory:' AS other",
      'CHECKPOINT',
      'SELECT * FROM checkpoint()',
      'PRAGMA disable_checkpoint_on_shutdown',
      'SET threads = 1',
      'CALL checkpoint()',
      'SELECT 1 AS x FROM observations, (DELETE FROM observations)',
      'SELECT * FROM (FROM observations) q; DELETE FROM observations',
    ];
    for (const trick of tricks) {
      const outcome = await runAnalystQuery(db, trick, 100);
      // Either refused or a harmless read (the quoted texts above are only texts).
      if ('result' in outcome) expect(trick).toMatch(/\$\$|E'|\/\* \/\*/);
      expect(await counts(), trick).toEqual(before);
    }
  }, 30_000);

  it('refuses to read files or the network, and the engine would refuse too', async () => {
    expect(await runAnalystQuery(db, "SELECT * FROM read_csv('http://example.com/x.csv')", 10)).toEqual({
      refused: 'Reading files or the network is not allowed here: read_csv() reads from outside the loaded tables.',
    });
    // Past the guard (straight to the engine), external access is switched off.
    for (const sql of ["SELECT * FROM read_csv('http://127.0.0.1:9/x.csv')", "SELECT * FROM 'https://example.com/x.csv'", "SELECT * FROM read_text('package.json')", "SELECT * FROM glob('*')"]) {
      await expect(db.query(sql), sql).rejects.toThrow(/Permission Error: Cannot access file .* file system operations are disabled by configuration/);
    }
    await expect(db.query('SET enable_external_access = true')).rejects.toThrow(/Cannot change enable_external_access setting while database is running/);
    // INSTALL does nothing in DuckDB-WASM (LOAD fetches extensions), and LOAD is refused.
    await expect(db.query('LOAD httpfs')).rejects.toThrow(/Permission Error: Loading external extensions is disabled/);
  });

  it('runs one statement only, even if a text with several got past the guard', async () => {
    // What runAnalystQuery hands DuckDB: query() takes the SQL as a string constant and parses it itself.
    await expect(db.query(`SELECT * FROM query(${sqlText('SELECT * FROM (SELECT 1) AS q; DELETE FROM observations; SELECT 1')})`)).rejects.toThrow(/Expected a single SELECT statement/);
    await expect(db.query(`SELECT * FROM query(${sqlText("DELETE FROM observations WHERE 'it''s' <> ''")})`)).rejects.toThrow(/Expected a single SELECT statement/);
    // A quote in the text cannot end the constant early: it is doubled.
    expect(sqlText("a' ; DROP TABLE areas; --")).toBe("'a'' ; DROP TABLE areas; --'");
    expect((await counts())!.observations).toBe(observations.length);
  });

  it('still loads Arrow data after the lock-down, as extracts and uploads are loaded', async () => {
    await db.query('SET enable_external_access = false');
    // An upload: rows into the local layer (as addToLocalLayer does), then the views rebuilt.
    await db.query('DROP TABLE IF EXISTS upload_rows');
    await db.insertArrow('upload_rows', toArrowIpc('observations', [obs('E06000006', 2022, 44)]));
    await db.query('INSERT INTO local_observations SELECT * FROM upload_rows');
    await db.query('DROP TABLE upload_rows');
    // Fresh extracts (as loadExtracts does): the table replaced from Arrow.
    await db.query('DROP TABLE IF EXISTS areas');
    await db.insertArrow('areas', toArrowIpc('areas', areas));
    await db.query(createMetricValues(allMetrics()));
    const r = result(await runAnalystQuery(db, "SELECT strftime(period_start, '%Y') AS year, numerator, local FROM metric_values WHERE area_code = 'E06000006' ORDER BY 1", 10));
    expect(r.rows).toEqual([
      { year: '2019', numerator: 30, local: false }, { year: '2020', numerator: 31, local: false },
      { year: '2021', numerator: 32, local: false }, { year: '2022', numerator: 44, local: true },
    ]);
  });

  it('cuts a huge cell to its first characters and says how long it was, instead of bringing it all back', async () => {
    expect([CELL_CHARS, cutNote(100_000_000)]).toEqual([2000, ' … [cut: 100,000,000 characters in all, 2,000 shown]']);
    // (A 1,000,000,000-character cell used to come back empty, as no JavaScript string can hold it; it
    // now comes back cut like this one, checked once by hand: it takes minutes here, so it is not run.)
    const r = result(await runAnalystQuery(db, "SELECT repeat('x', 100000000) AS x, 7 AS seven", 10));
    expect(r.rows).toEqual([{ x: 'x'.repeat(2000) + cutNote(100_000_000), seven: 7 }]);
    expect([r.cellsCut, r.bytesCut, r.cut]).toEqual([1, false, false]);
    // Nested values are text too, and cut the same way; a cell of exactly CELL_CHARS is whole.
    const list = result(await runAnalystQuery(db, 'SELECT range(100000) AS l, repeat(\'y\', 2000) AS y', 10));
    expect(list.rows[0]!.l).toBe(`[${[...Array(500).keys()].join(', ')}`.slice(0, 2000) + cutNote(688_890));
    expect([list.rows[0]!.y, list.cellsCut]).toEqual(['y'.repeat(2000), 1]);
  }, 60_000);

  it('stops bringing rows back before the result passes the byte cap, and says so', async () => {
    expect(RESULT_BYTES).toBe(5_000_000);
    // Each row: 8 bytes for n and 2,000 for t, so 2,490 rows (4,999,920 bytes) fit and the 2,491st would not.
    const r = result(await runAnalystQuery(db, "SELECT range AS n, repeat('y', 2000) AS t FROM range(100000) ORDER BY n DESC", 10_000));
    expect([r.rows.length, r.bytesCut, r.cut, r.cellsCut]).toEqual([2490, true, false, 0]);
    // In the query's own order.
    expect(r.rows.slice(0, 2).map((row) => row.n)).toEqual([99_999, 99_998]);
    expect(r.rows.at(-1)!.n).toBe(99_999 - 2489);
    // Under the cap nothing is said.
    const small = result(await runAnalystQuery(db, 'SELECT range AS n FROM range(5000)', 10_000));
    expect([small.rows.length, small.bytesCut]).toEqual([5000, false]);
  }, 60_000);

  it('stops a query that runs too long, or on Cancel, and the connection then runs the next query', async () => {
    const analyst = db.stoppable();
    const endless = 'SELECT count(*) AS n FROM range(1000000000000)';
    let started = Date.now();
    expect(await runAnalystQuery(analyst, endless, 10, { timeLimitMs: 1000 })).toEqual({
      stopped: 'The query was stopped after 1 seconds, the longest a query may run here. Narrow it (a WHERE clause, fewer rows or joins) and run it again.',
    });
    expect(Date.now() - started).toBeLessThan(5000);

    const cancel = new AbortController();
    setTimeout(() => cancel.abort(), 500);
    started = Date.now();
    expect(await runAnalystQuery(analyst, endless, 10, { signal: cancel.signal })).toEqual({ stopped: 'The query was stopped: you pressed Cancel.' });
    expect(Date.now() - started).toBeLessThan(5000);

    expect(result(await runAnalystQuery(analyst, 'SELECT count(*) AS n FROM range(1000)', 10)).rows).toEqual([{ n: 1000 }]);
    expect(result(await runAnalystQuery(db, 'SELECT count(*) AS n FROM areas', 10)).rows).toEqual([{ n: 3 }]);
  }, 30_000);
});
