// What spell-codes.ts's SQL says of single codes as exports write them: the NHS Data Dictionary's
// emergency admission methods (21-25, 28, 2A-2D), the discharge destination of a death in hospital
// (79), ICD-10 categories with the fourth character after a dot or not (W01.0, W010, W01X), in
// either case and padded; and codes next to the ranges' ends.
import { beforeAll, describe, expect, it } from 'vitest';
import { diedInHospital, dueToFall, emergency, fallCause, icd10In } from '../../src/lib/records/spell-codes';
import { nodeDuckDb, type NodeDb } from '../../src/lib/server/node-duckdb';
import { sqlText } from '../../src/lib/sql/literal';

let db: NodeDb;
beforeAll(async () => {
  db = await nodeDuckDb();
}, 30_000);

/** Each cell's answer from `sql` (of the cell `v`). */
async function answers(sql: (cell: string) => string, cells: string[]): Promise<Record<string, boolean>> {
  const rows = await db.query<{ v: string; a: boolean }>(`SELECT v, coalesce(${sql('v')}, false) AS a FROM (VALUES ${cells.map((c) => `(${sqlText(c)})`).join(', ')}) t(v)`);
  return Object.fromEntries(rows.map((r) => [r.v, r.a]));
}

describe('spell codes', () => {
  it('emergency: every admission method of 2, in either case and padded; elective, maternity and other methods not', async () => {
    const yes = ['21', '22', '23', '24', '25', '28', '2A', '2B', '2C', '2D', '2a', ' 2d', '\u00a028', '\t21', '24 '];
    const no = ['11', '12', '13', '31', '32', '81', '82', '83', '99', '', ' ', '12 '];
    const got = await answers(emergency, [...yes, ...no]);
    expect(yes.filter((c) => !got[c])).toEqual([]);
    expect(no.filter((c) => got[c])).toEqual([]);
  });

  it('died in hospital: destination 79 alone, padded or not', async () => {
    const got = await answers(diedInHospital, ['79', ' 79', '79\t', '\u00a079\u00a0', '19', '51', '98', '97', '7', '']);
    expect(Object.entries(got).filter(([, a]) => a).map(([c]) => c).sort()).toEqual(['\u00a079\u00a0', ' 79', '79', '79\t'].sort());
  });

  it('ICD-10 ranges: the category decides, whatever follows it (a dot, a fourth character, an X), in either case and padded', async () => {
    const falls = ['W00', 'W01.0', 'W010', 'w01.0', ' W19X', 'W19.9', '\u00a0w19', 'W18'];
    const notFalls = ['W20', 'W20.1', 'V99', 'X00', 'w20', 'Y30', 'S00', ''];
    const got = await answers((c) => icd10In(c, 'W00', 'W20'), [...falls, ...notFalls]);
    expect(falls.filter((c) => !got[c])).toEqual([]);
    expect(notFalls.filter((c) => got[c])).toEqual([]);
    const injuries = ['S00', 's72.0', 'S720', 'T98.3', ' t98'];
    const notInjuries = ['R69', 'T99', 't99.0', 'U07.1', 'Z00'];
    const hurt = await answers((c) => icd10In(c, 'S00', 'T99'), [...injuries, ...notInjuries]);
    expect(injuries.filter((c) => !hurt[c])).toEqual([]);
    expect(notInjuries.filter((c) => hurt[c])).toEqual([]);
  });

  it('a fall: an injury with a fall as its cause, both needed', async () => {
    const rows = await db.query<{ a: boolean }>(`SELECT coalesce(${dueToFall('d', fallCause('c'))}, false) AS a FROM (VALUES ('S72.0', 'W01.0'), ('S72.0', 'X59'), ('I10', 'W19'), ('T98.3', NULL)) t(d, c)`);
    expect(rows.map((r) => r.a)).toEqual([true, false, false, false]);
  });
});
