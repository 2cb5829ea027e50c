// The upload page reads a canonical observations file with its own DuckDB-WASM (read-file.ts
// readInDuckDb, the pipeline's canonical-sql.ts SQL) and every other file in JavaScript (readText,
// the worker's). For the same file both must give the same report (counts, notes, every refusal by
// file, row, column and message) and the very same Arrow IPC to keep: tried here on the bad-files
// corpus and on a file of many rows with bad ones among them, in DuckDB-WASM's Node build.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Type, tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromArrowIpc } from '../../src/lib/contract/arrow';
import { decodeText } from '../../src/lib/contract/decode';
import type { Area } from '../../src/lib/contract/schema';
import { builtinDefinitions } from '../../pipelines/definitions';
import { metricsFromRows } from '../../src/lib/definitions';
import { plainObservationsHeader, READ_HEAD } from '../../src/lib/ingest/canonical-sql';
import { nodeDuckDb, type NodeDb } from '../../src/lib/server/node-duckdb';
import { allIpc, readInDuckDb, readText, type FileRead } from '../../src/lib/upload/read-file';
import { ADVERSARIAL_CODES, ADVERSARIAL_DATES, ADVERSARIAL_NUMBERS, withCell, withLateCell } from '../helpers/adversarial';
import { tempDir } from '../helpers/temp';

/** The definitions in force in a page: the built-in ones. */
const METRICS = metricsFromRows(builtinDefinitions());
const DIR = fileURLToPath(new URL('../bad-files/', import.meta.url));
const HEADER = 'metric,area_code,period_start,period_type,breakdown,numerator,denominator,published_value,suppressed';

const HUBS = 250;
/** The areas a page holds: those of tests/bad-files/areas.csv (as the demo extract has them), and hubs of Halton. */
const AREAS: Area[] = [
  { area_code: 'E92000001', area_name: 'England', area_type: 'england', parent_code: null },
  { area_code: 'E12000002', area_name: 'North West', area_type: 'region', parent_code: 'E92000001' },
  { area_code: 'E06000006', area_name: 'Halton', area_type: 'place', parent_code: 'E12000002' },
  { area_code: 'E08000015', area_name: 'Wirral', area_type: 'place', parent_code: 'E12000002' },
  ...Array.from({ length: HUBS }, (_, h) => ({ area_code: `E06000006-N${h + 1}`, area_name: `Halton hub ${h + 1}`, area_type: 'hub' as const, parent_code: 'E06000006' })),
];

/**
 * Many rows, each key once (row i: hub i % 250, breakdown by i / 250, month by i / 1000), in plain
 * form but for every 997th (a thousands separator) and every 1,499th (an area no page knows).
 */
function manyRows(rows: number): string {
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    const month = new Date(Date.UTC(2018, Math.floor(i / 1000), 1)).toISOString().slice(0, 10);
    const area = i % 1499 === 7 ? 'E06000099' : `E06000006-N${(i % HUBS) + 1}`;
    const breakdown = ['total', 'nhs', 'social_care', 'both'][Math.floor(i / HUBS) % 4];
    const numerator = i % 997 === 5 ? '"1,234"' : String(i % 50);
    lines.push(`dtoc,${area},${month},month,${breakdown},${numerator},${1000 + (i % 7)},${i % 3 ? '' : '2.5'},${i % 5 ? 'false' : 'true'}`);
  }
  return lines.join('\n') + '\n';
}

let dir: string;
let db: NodeDb;
let files: Record<string, string>;
beforeAll(async () => {
  dir = tempDir('bcf-upload-read-');
  files = Object.fromEntries(readdirSync(DIR).filter((f) => f.endsWith('.csv')).map((f) => [f, path.join(DIR, f)]));
  const extra: Record<string, string> = {
    'many-rows.csv': manyRows(20_000),
    // A byte that is not UTF-8 (é in Windows-1252) in a cell: DuckDB must not keep its row as plain text.
    'windows-1252-observations.csv': `${HEADER}\ndtoc,E06000006,2019-03-01,month,total,370,100914,,\ndtoc,E06000006,2019-04-01,month,total,3\xe9,100914,,\n`,
    'one-metric.csv': `${HEADER}\n${Array.from({ length: 400 }, (_, i) => `dtoc,E06000006-N${(i % HUBS) + 1},2019-0${1 + Math.floor(i / HUBS)}-01,month,${i % 2 ? 'nhs' : 'total'},${i % 40},1000,,false`).join('\n')}\n`,
    'blank-and-padded.csv': `${HEADER}\r\n\r\ndtoc,E06000006,2019-03-01,month,total,370,100914,,\r\n,,,,,,,,\r\ndtoc, E06000006,2019-04-01,month,total,1,100914,,TRUE\r\ndtoc,E06000006\u00a0,2019-05-01,month,total,2,100914,,\r\n`,
  };
  for (const [name, text] of Object.entries(extra)) {
    writeFileSync(path.join(dir, name), name.includes('1252') ? Buffer.from(text, 'latin1') : text);
    files[name] = path.join(dir, name);
  }
  db = await nodeDuckDb(files);
});
afterAll(() => void 0);

/**
 * What an Arrow IPC stream holds, column by column: type, nullability, validity, the values as laid
 * out (codes, days, numbers, bits) and each dictionary. (Its bytes differ between any two writes of
 * the same rows: Arrow numbers each dictionary it writes anew.)
 */
function stored(ipc: Uint8Array) {
  const table = tableFromIPC(ipc);
  return table.schema.fields.map((field) => {
    const [data, ...more] = table.getChild(field.name)!.data;
    const bits = (bytes: Uint8Array | undefined) => (bytes ? Array.from({ length: data!.length }, (_, i) => (bytes[(data!.offset + i) >> 3]! >> ((data!.offset + i) & 7)) & 1) : null);
    return {
      field: `${field.name}: ${String(field.type)}${field.nullable ? ' (nullable)' : ''}`,
      batches: 1 + more.length,
      nullCount: data!.nullCount,
      valid: data!.nullCount ? bits(data!.nullBitmap) : null,
      values: field.type.typeId === Type.Bool ? bits(data!.values as Uint8Array) : Array.from(data!.values as ArrayLike<number>).slice(data!.offset, data!.offset + data!.length),
      dictionary: data!.dictionary ? (data!.dictionary.toArray() as string[]) : null,
    };
  });
}

let n = 0;
/** Both readings of one file: in JavaScript, and with DuckDB where it takes the file (else null). */
async function bothWays(name: string): Promise<{ js: FileRead; duck: FileRead | null }> {
  const bytes = new Uint8Array(readFileSync(files[name]!));
  const { text, note } = decodeText(bytes);
  const js = readText(name, text, note, AREAS, METRICS);
  const header = plainObservationsHeader(bytes);
  const duck = header && (await readInDuckDb(db, ++n, name, name, header, bytes, AREAS, METRICS));
  if (!duck) return { js, duck: null };
  const ipc = await allIpc(duck);
  await db.query(`DROP TABLE ${duck.table}`);
  return { js, duck: { report: duck.report, ipc } };
}

describe('a canonical observations file read by the upload page', () => {
  const corpus = readdirSync(DIR).filter((f) => f.endsWith('.csv'));

  it.each([...corpus, 'many-rows.csv', 'windows-1252-observations.csv', 'blank-and-padded.csv'])('%s: the same report and the same Arrow IPC from DuckDB as from JavaScript', async (name) => {
    const { js, duck } = await bothWays(name);
    if (!duck) return;
    expect(duck.report).toEqual(js.report);
    for (const [table, bytes] of Object.entries(js.ipc)) expect([table, stored(duck.ipc[table as keyof typeof duck.ipc])]).toEqual([table, stored(bytes)]);
  });

  it('is read by DuckDB wherever its header is plain, bad rows and all; any other file is left to JavaScript', async () => {
    const taken: string[] = [];
    for (const name of [...corpus, 'blank-and-padded.csv']) if ((await bothWays(name)).duck) taken.push(name);
    // Files of bad rows DuckDB reads (their bad rows going to the JavaScript checks) ...
    for (const name of ['duplicated-key.csv', 'impossible-date.csv', 'unknown-area-code.csv', 'unknown-metric.csv', 'negative-count.csv', 'non-numeric-count.csv', 'bom-and-crlf.csv', 'trailing-comma-rows.csv', 'blank-and-padded.csv']) expect(taken).toContain(name);
    // ... and those it leaves whole to JavaScript: not observations, a title above the header, a
    // line break in a quoted cell, a row of the wrong length, no row in plain form.
    for (const name of ['areas.csv', 'targets.csv', 'title-above-header.csv', 'quoted-newline.csv', 'ragged-row.csv', 'utf16-le.csv', 'binary.csv', 'excel-error-values.csv']) expect(taken).not.toContain(name);
  });

  it('asks DuckDB for no text column whose every row the reading knows holds one word (a file\'s metric, period type and name), and stores the same rows', async () => {
    const asked: string[] = [];
    const logged: NodeDb = { ...db, queryTable: (sql, params) => (asked.push(sql), db.queryTable(sql, params)) };
    const bytes = new Uint8Array(readFileSync(files['one-metric.csv']!));
    const duck = await readInDuckDb(logged, ++n, 'one-metric.csv', 'one-metric.csv', plainObservationsHeader(bytes)!, bytes, AREAS, METRICS);
    expect(duck).not.toBeNull();
    asked.length = 0;
    const ipc = await allIpc(duck!);
    await db.query(`DROP TABLE ${duck!.table}`);
    expect(asked).toHaveLength(1);
    for (const column of ['metric', 'period_type', 'source_file']) expect(asked[0]).not.toContain(`o.${column}`);
    for (const column of ['area_code', 'breakdown']) expect(asked[0]).toContain(`o.${column}`);
    const { text, note } = decodeText(bytes);
    const js = readText('one-metric.csv', text, note, AREAS, METRICS);
    expect(stored(ipc.observations)).toEqual(stored(js.ipc.observations));
    expect(fromArrowIpc('observations', ipc.observations)).toHaveLength(400);
  });

  it('reads a code padded with spaces or a no-break space (a spreadsheet\'s export) as the code, in both readings', async () => {
    const { js, duck } = await bothWays('blank-and-padded.csv');
    for (const read of [js, duck!]) {
      expect(read.report.errors).toEqual([]);
      expect([...tableFromIPC(read.ipc.observations).getChild('area_code')!]).toEqual(['E06000006', 'E06000006', 'E06000006']);
    }
  });

  it('refuses the bad rows of many by file, row and column, and keeps the rest in the file\'s order', async () => {
    const { js, duck } = await bothWays('many-rows.csv');
    expect(duck).not.toBeNull();
    const { report } = duck!;
    // i % 997 === 5 → line i + 2 (a thousands separator); i % 1499 === 7 → an unknown area.
    const separators = Array.from({ length: 20_000 }, (_, i) => i).filter((i) => i % 997 === 5);
    const unknown = Array.from({ length: 20_000 }, (_, i) => i).filter((i) => i % 1499 === 7);
    expect(report.errors.filter((e) => e.column === 'numerator').map((e) => e.row)).toEqual(separators.map((i) => i + 2));
    expect(report.errors.filter((e) => e.column === 'area_code').map((e) => e.row)).toEqual(unknown.map((i) => i + 2));
    expect(report.errors.every((e) => e.file === 'many-rows.csv')).toBe(true);
    expect(report.rejected).toBe(new Set([...separators, ...unknown]).size);
    const rows = fromArrowIpc('observations', duck!.ipc.observations);
    expect(rows.length).toBe(20_000 - report.rejected);
    expect(rows.map((r) => r.source)).toEqual(fromArrowIpc('observations', js.ipc.observations).map((r) => r.source));
    const lines = rows.map((r) => Number(r.source.split(':')[1]));
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });
});

describe('cells DuckDB would read where the contract does not, or not alike, on the upload page', () => {
  // Each in a file of rows otherwise plain (with no quote, so DuckDB may read the counts typed):
  // the same report and the same stored Arrow as the JavaScript reader's.
  const cases = [
    ...(['numerator', 'denominator', 'published_value'] as const).flatMap((column) => ADVERSARIAL_NUMBERS.map((cell) => [column, cell] as const)),
    ...ADVERSARIAL_DATES.map((cell) => ['period_start', cell] as const),
    ...ADVERSARIAL_CODES.map((cell) => ['area_code', cell] as const),
    ['numerator', '5'] as const,
  ];
  // The same, as the last row of a file whose first 256 KB (what decides how DuckDB reads it) are plain.
  const late = (['numerator', 'denominator', 'published_value'] as const).flatMap((column) => ['+5', 'inf', '-5', '1_000'].map((cell) => [column, cell] as const));
  it('are refused, or read, as the JavaScript reader does', async () => {
    const own = tempDir('bcf-upload-adversarial-');
    const texts: Record<string, string> = Object.fromEntries([
      ...cases.map(([column, cell], i) => [`adversarial-${i}.csv`, withCell(column, cell)] as const),
      ...late.map(([column, cell], i) => [`adversarial-${cases.length + i}.csv`, withLateCell(column, cell)] as const),
    ]);
    for (const [name, text] of Object.entries(texts)) writeFileSync(path.join(own, name), text);
    const engine = await nodeDuckDb(Object.fromEntries(Object.keys(texts).map((name) => [name, path.join(own, name)])));
    const differing: string[] = [];
    for (const [i, [column, cell]] of [...cases, ...late].entries()) {
      const name = `adversarial-${i}.csv`;
      const bytes = new TextEncoder().encode(texts[name]);
      const js = readText(name, texts[name]!, null, AREAS, METRICS);
      const header = plainObservationsHeader(bytes);
      const duck = header && (await readInDuckDb(engine, i, name, name, header, bytes, AREAS, METRICS));
      if (!duck) continue;
      const duckIpc = await allIpc(duck);
      await engine.query(`DROP TABLE ${duck.table}`);
      try {
        expect(duck.report).toEqual(js.report);
        for (const [table, ipc] of Object.entries(js.ipc)) expect(stored(duckIpc[table as keyof typeof duckIpc])).toEqual(stored(ipc));
      } catch {
        differing.push(`${column} ${JSON.stringify(cell)}`);
      }
    }
    expect(differing).toEqual([]);
  }, 120_000);
});

describe('a canonical observations file of more distinct words than the reading writes into a query', () => {
  it('codes them by a joined dictionary, in the order of first appearance, as the JavaScript reader does', async () => {
    // 20,001 hubs, one row each, in an order that is not their codes' (the dictionary is by first appearance).
    const hubs = Array.from({ length: 20_001 }, (_, h) => `E06000006-M${String((h * 7919) % 20_001).padStart(5, '0')}`);
    const areas: Area[] = [AREAS[2]!, ...hubs.map((code) => ({ area_code: code, area_name: code, area_type: 'hub' as const, parent_code: 'E06000006' }))];
    const text = [HEADER, ...hubs.map((code, i) => `dtoc,${code},2019-04-01,month,total,${i % 50},1000,,false`)].join('\n') + '\n';
    const own = tempDir('bcf-upload-many-words-');
    writeFileSync(path.join(own, 'many-words.csv'), text);
    const engine = await nodeDuckDb({ 'many-words.csv': path.join(own, 'many-words.csv') });
    const bytes = new TextEncoder().encode(text);
    const js = readText('many-words.csv', text, null, areas, METRICS);
    const duck = (await readInDuckDb(engine, 1, 'many-words.csv', 'many-words.csv', plainObservationsHeader(bytes)!, bytes, areas, METRICS))!;
    expect(duck.report).toEqual(js.report);
    expect(stored((await allIpc(duck)).observations)).toEqual(stored(js.ipc.observations));
    expect((await engine.query(`SELECT table_name FROM duckdb_tables() WHERE table_name <> '${duck.table}'`)).length).toBe(0);
  }, 60_000);
});

describe('a canonical observations file every row of which DuckDB holds', () => {
  // Rows in plain form, each key once, words first given in an order that is not theirs, with
  // empty lines among them (rows' lines shift past them).
  const text = [
    HEADER,
    ...Array.from({ length: 600 }, (_, i) => {
      const month = new Date(Date.UTC(2019, Math.floor(i / 40), 1)).toISOString().slice(0, 10);
      const row = `dtoc,E06000006-N${((i * 7) % 40) + 1},${month},month,${['social_care', 'nhs', 'total'][i % 3]},${i % 50},${1000 + (i % 7)},${i % 4 ? '' : '2.5'},${i % 5 ? 'false' : 'true'}`;
      return i % 97 === 3 ? `${row}\n` : row;
    }),
  ].join('\n') + '\n';
  const name = 'all-plain.csv';
  let engine: NodeDb;
  beforeAll(async () => {
    const own = tempDir('bcf-upload-all-plain-');
    writeFileSync(path.join(own, name), text);
    engine = await nodeDuckDb({ [name]: path.join(own, name) });
  });
  const read = async (n: number, sent: string[] = []) => {
    const watched = { ...engine, query: ((sql: string, params?: (string | number)[]) => (sent.push(sql), engine.query(sql, params))) as typeof engine.query };
    const bytes = new TextEncoder().encode(text);
    return (await readInDuckDb(watched, n, name, name, plainObservationsHeader(bytes)!, bytes, AREAS, METRICS))!;
  };

  it('gives its report before its rows to store are made, which are then the very rows JavaScript keeps', async () => {
    const sent: string[] = [];
    const duck = await read(1, sent);
    const js = readText(name, text, null, AREAS, METRICS);
    expect(duck.report).toEqual(js.report);
    expect(duck.report.accepted).toBe(600);
    // Nothing was asked of the rows to store (their codes, their words' first rows) for the report,
    // nor a grouping of the keys (each given once, as the scan beside DuckDB's reading found).
    expect(sent.filter((q) => /enum_code|GROUPING SETS \(\(metric\), \(area_code\)|_twice/.test(q))).toEqual([]);
    const ipc = await allIpc(duck);
    for (const [table, bytes] of Object.entries(js.ipc)) expect([table, stored(ipc[table as keyof typeof ipc])]).toEqual([table, stored(bytes)]);
    // The table left for the prepared add: the extract's columns, names and types in order, as the
    // stored rows put into DuckDB have them (so it is taken as it is, not sent again).
    await engine.insertArrow('all_plain_sent', ipc.observations);
    const columns = (t: string) => engine.query(`SELECT column_name, column_type FROM (DESCRIBE ${t})`);
    expect((await columns(duck.table)).filter((c) => c.column_name !== 'pos' && c.column_name !== 'batch')).toEqual(await columns('all_plain_sent'));
    await engine.query(`DROP TABLE all_plain_sent; DROP TABLE ${duck.table}`);
  });

  it('refuses a key given twice as JavaScript does, found by the scan beside DuckDB\'s reading, its key\'s cells in any column order', async () => {
    const own = tempDir('bcf-upload-twice-');
    const lines = text.split('\n');
    const columns = HEADER.split(',');
    const order = ['numerator', 'breakdown', 'denominator', 'period_start', 'published_value', 'metric', 'suppressed', 'area_code', 'period_type'];
    const reordered = (l: string) => (l ? order.map((c) => l.split(',')[columns.indexOf(c)]).join(',') : l);
    const texts = {
      'twice.csv': [...lines.slice(0, -1), lines[300]!.replace(/,(\d+),(\d+),/, ',49,$2,'), ''].join('\n'),
      'twice-reordered.csv': [order.join(','), ...lines.slice(1, -1).map(reordered), reordered(lines[7]!.replace(/,(\d+),(\d+),/, ',48,$2,')), ''].join('\n'),
    };
    for (const [file, t] of Object.entries(texts)) writeFileSync(path.join(own, file), t);
    const twice = await nodeDuckDb(Object.fromEntries(Object.keys(texts).map((f) => [f, path.join(own, f)])));
    for (const [file, t] of Object.entries(texts)) {
      const bytes = new TextEncoder().encode(t);
      const duck = (await readInDuckDb(twice, 1, file, file, plainObservationsHeader(bytes)!, bytes, AREAS, METRICS))!;
      const js = readText(file, t, null, AREAS, METRICS);
      expect(duck.report.rejected).toBe(1);
      expect(duck.report).toEqual(js.report);
      const ipc = await allIpc(duck);
      expect(stored(ipc.observations)).toEqual(stored(js.ipc.observations));
      // What the comparison with what is loaded is told (compareHeld): the rows' count and areas.
      const rows = fromArrowIpc('observations', ipc.observations);
      expect([duck.rows, [...duck.areaCodes].sort()]).toEqual([rows.length, [...new Set(rows.map((r) => r.area_code))].sort()]);
      await twice.query(`DROP TABLE ${duck.table}`);
    }
  });

  it('stores its rows in the file\'s order whatever order DuckDB keeps them in', async () => {
    const duck = await read(2);
    // As though the table had been made in another order.
    await engine.query(`CREATE OR REPLACE TABLE ${duck.table} AS SELECT * FROM ${duck.table} ORDER BY source_row DESC`);
    const js = readText(name, text, null, AREAS, METRICS);
    expect(stored((await allIpc(duck)).observations)).toEqual(stored(js.ipc.observations));
    await engine.query(`DROP TABLE ${duck.table}`);
  });
});

describe('a canonical observations file read by DuckDB from its start, the whole file given while DuckDB reads', () => {
  it('gives the report and rows it gives read whole, a cell not plain past the start and a key given twice included; a NUL byte past the start leaves it to JavaScript', async () => {
    const plain = withLateCell('numerator', '5', 12_000);
    const lines = plain.trimEnd().split('\n');
    const texts: Record<string, string> = {
      'late-plus.csv': withLateCell('numerator', '+5', 12_000),
      'late-twice.csv': [...lines, lines[3]!.replace(/,(\d+),1000,/, ',49,1000,')].join('\n') + '\n',
      'late-nul.csv': [...lines.slice(0, -1), lines.at(-1)!.replace('total', 'to\0tal')].join('\n') + '\n',
    };
    const own = tempDir('bcf-upload-whole-later-');
    for (const [file, t] of Object.entries(texts)) writeFileSync(path.join(own, file), t);
    const engine = await nodeDuckDb(Object.fromEntries(Object.keys(texts).map((f) => [f, path.join(own, f)])));
    for (const [i, [file, t]] of Object.entries(texts).entries()) {
      const bytes = new TextEncoder().encode(t);
      expect(bytes.length).toBeGreaterThan(READ_HEAD);
      const head = bytes.slice(0, READ_HEAD);
      const header = plainObservationsHeader(head)!;
      const later = await readInDuckDb(engine, 10 + i, file, file, header, head, AREAS, METRICS, Promise.resolve(bytes));
      if (file === 'late-nul.csv') {
        expect(later).toBeNull();
        expect(plainObservationsHeader(bytes)).toBeNull();
        continue;
      }
      const whole = (await readInDuckDb(engine, 20 + i, file, file, header, bytes, AREAS, METRICS))!;
      expect(later!.report.rejected).toBe(1);
      expect(later!.report).toEqual(whole.report);
      expect(stored((await allIpc(later!)).observations)).toEqual(stored((await allIpc(whole)).observations));
      for (const r of [later!, whole]) await engine.query(`DROP TABLE ${r.table}`);
    }
    expect((await engine.query(`SELECT table_name FROM duckdb_tables()`)).length).toBe(0);
  }, 60_000);
});
