// The upload page looks for keys given twice in JavaScript while DuckDB reads (canonical-sql.ts
// keysOnce: a hash of each line's key cells, byte for byte), DuckDB's grouping left to files where
// it finds one. A key given again in another spelling that the reader reads alike (a padded code,
// an invisible character, a byte order mark, another line ending, a quoted cell), or given first
// in the start DuckDB begins reading from and again past it, must still be refused as the
// JavaScript reader refuses it, with the same report and rows kept. (review9's attacks on read8's
// changes: these held; kept so that they go on holding.)
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinDefinitions } from '../../pipelines/definitions';
import { fromArrowIpc } from '../../src/lib/contract/arrow';
import type { Area } from '../../src/lib/contract/schema';
import { metricsFromRows } from '../../src/lib/definitions';
import { plainObservationsHeader, READ_HEAD } from '../../src/lib/ingest/canonical-sql';
import { nodeDuckDb } from '../../src/lib/server/node-duckdb';
import { allIpc, readInDuckDb, readText } from '../../src/lib/upload/read-file';
import { tempDir } from '../helpers/temp';

const HEADER = 'metric,area_code,period_start,period_type,breakdown,numerator,denominator,published_value,suppressed';
const HUBS = 250;
const AREAS: Area[] = [
  { area_code: 'E06000006', area_name: 'Halton', area_type: 'place', parent_code: null },
  ...Array.from({ length: HUBS }, (_, h) => ({ area_code: `E06000006-N${h + 1}`, area_name: `Halton hub ${h + 1}`, area_type: 'hub' as const, parent_code: 'E06000006' })),
];
const month = (i: number) => new Date(Date.UTC(2010, Math.floor(i / HUBS), 1)).toISOString().slice(0, 10);
/** Row i in plain form, each key once; `area` and `count` as given. */
const row = (i: number, area = `E06000006-N${(i % HUBS) + 1}`, count = i % 50) => `dtoc,${area},${month(i)},month,total,${count},1000,,false`;
const rows = (n: number) => Array.from({ length: n }, (_, i) => row(i));
const area = (i: number) => `E06000006-N${(i % HUBS) + 1}`;
/** Row i's key again, its area spelled as `spelled` gives it, and another count. */
const again = (i: number, spelled: (code: string) => string) => row(i, spelled(area(i)), 49);

const SPELLINGS: Record<string, (code: string) => string> = {
  same: (c) => c,
  'space before': (c) => ` ${c}`,
  'tab after': (c) => `${c}\t`,
  'zero-width space': (c) => `${c}\u200B`,
  'byte order mark': (c) => `\uFEFF${c}`,
  quoted: (c) => `"${c}"`,
};
const texts: Record<string, string> = {};
for (const [what, spelled] of Object.entries(SPELLINGS)) {
  texts[`small, ${what}`] = [HEADER, ...rows(300), again(10, spelled)].join('\n') + '\n';
  // Given first in the start DuckDB begins reading from (READ_HEAD), again at the file's end (a
  // few spellings: each such file is read twice, whole and from its start).
  if (['same', 'space before', 'quoted'].includes(what)) texts[`past the start, ${what}`] = [HEADER, ...rows(12_000), again(5, spelled)].join('\n') + '\n';
}
// The key's columns last, so a line's end touches its cells: the same key on a line ending CR LF
// in a file of LF, and on one ending CR CR LF.
const LAST = 'numerator,denominator,published_value,suppressed,metric,period_start,period_type,breakdown,area_code';
const lastRow = (i: number, count = i % 50) => `${count},1000,,false,dtoc,${month(i)},month,total,${area(i)}`;
const lastRows = Array.from({ length: 300 }, (_, i) => lastRow(i));
texts['key last, CR LF among LF'] = [LAST, ...lastRows].join('\n') + '\n' + lastRow(10, 49) + '\r\n';
texts['key last, CR CR LF'] = [LAST, ...lastRows].join('\r\n') + '\r\n' + lastRow(10, 49) + '\r\r\n';

describe('a key given twice, spelled otherwise, in a canonical observations file the page\'s DuckDB reads', () => {
  it('is refused as the JavaScript reader refuses it, the same report and rows kept, read whole or from its start', async () => {
    const dir = tempDir('bcf-keys-spelled-');
    const files = Object.keys(texts).map((what, i) => [what, `spelled-${i}.csv`] as const);
    for (const [what, file] of files) writeFileSync(path.join(dir, file), texts[what]!);
    const db = await nodeDuckDb(Object.fromEntries(files.map(([, file]) => [file, path.join(dir, file)])));
    const metrics = metricsFromRows(builtinDefinitions());
    const differing: string[] = [];
    const toJavaScript: string[] = [];
    let n = 0;
    for (const [what, file] of files) {
      const text = texts[what]!;
      const bytes = new TextEncoder().encode(text);
      const js = readText(file, text, null, AREAS, metrics);
      expect([what, js.report.rejected]).toEqual([what, 1]);
      const ways = bytes.length > READ_HEAD ? ([['whole', bytes], ['from its start', bytes.slice(0, READ_HEAD)]] as const) : ([['whole', bytes]] as const);
      for (const [way, head] of ways) {
        const duck = await readInDuckDb(db, ++n, file, file, plainObservationsHeader(head)!, head, AREAS, metrics, head === bytes ? undefined : Promise.resolve(bytes));
        if (!duck) {
          toJavaScript.push(what);
          continue;
        }
        const ipc = await allIpc(duck);
        await db.query(`DROP TABLE ${duck.table}`);
        const same = JSON.stringify(duck.report) === JSON.stringify(js.report)
          && JSON.stringify(fromArrowIpc('observations', ipc.observations)) === JSON.stringify(fromArrowIpc('observations', js.ipc.observations));
        if (!same) differing.push(`${what} (${way})`);
      }
    }
    expect(differing).toEqual([]);
    // DuckDB read all but those whose line endings differ, which it leaves to JavaScript whole.
    expect(toJavaScript).toEqual(['key last, CR LF among LF', 'key last, CR CR LF']);
    expect(await db.query('SELECT table_name FROM duckdb_tables()')).toEqual([]);
  }, 180_000);
});
