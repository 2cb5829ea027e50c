// A kept copy of metric_values is asked of DuckDB in two queries and sent on as one IPC stream
// (db/side-by-side.ts): it must put back the very table, text kept as dictionaries whose numbers
// the two answers both start from 0, and refuse answers whose rows do not line up.
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { sideBySide } from '../../src/lib/db/side-by-side';
import { nodeDuckDb } from '../../src/lib/server/node-duckdb';

const TABLE = `CREATE TABLE t AS SELECT
  ['dtoc', 'falls_65', 'ascof_2b1'][i % 3 + 1] AS metric, 'A' || (i % 997) AS area_code,
  CASE WHEN i % 5 = 0 THEN NULL ELSE i * 0.5 END AS numerator, i % 7 = 0 AS suppressed,
  ['a.csv', 'b.csv', NULL][i % 3 + 1] AS source_file, (i % 11)::INTEGER AS source_row
  FROM range(10000) r(i)`;
const en = (c: string, words: string) => `${c}::ENUM(${words}) AS ${c}`;

describe('two answers side by side', () => {
  it('put back the very table, both answers\' dictionaries kept apart', async () => {
    const db = await nodeDuckDb();
    await db.query(TABLE);
    const areas = Array.from({ length: 997 }, (_, i) => `'A${i}'`).join(', ');
    const a = await db.queryTable(`SELECT rowid::INTEGER AS r, ${en('metric', "'dtoc', 'falls_65', 'ascof_2b1'")}, ${en('area_code', areas)}, numerator FROM t`);
    const b = await db.queryTable(`SELECT rowid::INTEGER AS r, suppressed, ${en('source_file', "'a.csv', 'b.csv'")}, source_row FROM t`);
    const names = ['metric', 'area_code', 'numerator', 'suppressed', 'source_file', 'source_row'];
    const both = sideBySide(a, b, names)!;
    expect(both).not.toBeNull();
    // Both answers number their first dictionary 0: written apart, or source_file would read metric's words.
    expect(tableFromIPC(tableToIPC(both, 'stream')).getChild('source_file')!.get(1)).toBe('b.csv');
    await db.insertArrow('back', tableToIPC(both, 'stream'));
    const rows = (table: string) => db.query(`SELECT metric::VARCHAR AS metric, area_code::VARCHAR AS area_code, numerator, suppressed, source_file::VARCHAR AS source_file, source_row FROM ${table} ORDER BY ALL`);
    expect(await rows('back')).toEqual(await rows('t'));
    expect(await db.query('SELECT count(*)::INTEGER AS n FROM back')).toEqual([{ n: 10_000 }]);
  });

  it('refuses answers whose rows are in another order', async () => {
    const db = await nodeDuckDb();
    await db.query(TABLE);
    const a = await db.queryTable('SELECT rowid::INTEGER AS r, metric FROM t');
    const b = await db.queryTable('SELECT rowid::INTEGER AS r, numerator FROM (SELECT rowid, numerator FROM t ORDER BY rowid DESC LIMIT 10000)');
    expect(sideBySide(a, b, ['metric', 'numerator'])).toBeNull();
    const c = await db.queryTable('SELECT rowid::INTEGER AS r, numerator FROM t WHERE rowid < 9999');
    expect(sideBySide(a, c, ['metric', 'numerator'])).toBeNull();
  });
});
