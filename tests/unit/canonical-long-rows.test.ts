// DuckDB's CSV reader reads a row with empty cells past the header's (`…,false,`, `…,false,,`, as
// a spreadsheet or a join of two exports leaves them) as though they were not there, where the
// JavaScript reader refuses the row ("has 10 cells but the header has 9"). A file with one is left
// to JavaScript (canonical-sql.ts scanLines' longRow), so the upload page's reading and npm run
// ingest refuse it as the JavaScript path does; rows whose last cell is merely empty are not such rows.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinDefinitions } from '../../pipelines/definitions';
import { ingest } from '../../pipelines/ingest';
import { fromArrowIpc } from '../../src/lib/contract/arrow';
import { emptyTables, inKeyOrder } from '../../src/lib/contract/canonical';
import type { Area } from '../../src/lib/contract/schema';
import { metricsFromRows } from '../../src/lib/definitions';
import { ingestTexts } from '../../src/lib/ingest/ingest';
import { plainObservationsHeader } from '../../src/lib/ingest/canonical-sql';
import { nodeDuckDb } from '../../src/lib/server/node-duckdb';
import { allIpc, readInDuckDb, readText } from '../../src/lib/upload/read-file';
import { tempDir } from '../helpers/temp';

const HEADER = 'metric,area_code,period_start,period_type,breakdown,numerator,denominator,published_value,suppressed';
const AREAS: Area[] = [{ area_code: 'E06000006', area_name: 'Halton', area_type: 'place', parent_code: null }];
const row = (month: string, last = 'false') => `dtoc,E06000006,2019-${month}-01,month,total,12,1000,,${last}`;
const LONG: Record<string, string> = {
  'one-more-cell.csv': `${HEADER}\n${row('04')}\n${row('05')},\n${row('06')}\n`,
  'two-more-cells.csv': `${HEADER}\r\n${row('04')}\r\n${row('05')}\r\n${row('06')},,\r\n`,
  'more-cells-empty-suppressed.csv': `${HEADER}\n${row('04', '')}\n${row('05', '')},\n`,
  'more-cells-last-line.csv': `${HEADER}\n${row('04')}\n${row('05')},`,
};
// Every row ending in a comma, its last cell (suppressed) empty, one count quoted with a comma in it: one row a line.
const PLAIN = `${HEADER}\n${row('04', '')}\ndtoc,E06000006,2019-05-01,month,total,"1,234",100000,,\n${row('06', '')}\n`;

describe('a canonical observations file with a row of more cells than the header, the extra ones empty', () => {
  it('is refused on the upload page as the JavaScript reader refuses it; a row whose last cell is empty is still read by DuckDB', async () => {
    const dir = tempDir('bcf-long-rows-');
    const texts = { ...LONG, 'plain.csv': PLAIN };
    for (const [name, text] of Object.entries(texts)) writeFileSync(path.join(dir, name), text);
    const db = await nodeDuckDb(Object.fromEntries(Object.keys(texts).map((name) => [name, path.join(dir, name)])));
    const metrics = metricsFromRows(builtinDefinitions());
    for (const [i, [name, text]] of Object.entries(texts).entries()) {
      const bytes = new TextEncoder().encode(text);
      const js = readText(name, text, null, AREAS, metrics);
      const duck = await readInDuckDb(db, i, name, name, plainObservationsHeader(bytes)!, bytes, AREAS, metrics);
      if (name === 'plain.csv') {
        expect(duck).not.toBeNull();
        expect(duck!.report).toEqual(js.report);
        expect(fromArrowIpc('observations', (await allIpc(duck!)).observations)).toEqual(fromArrowIpc('observations', js.ipc.observations));
        await db.query(`DROP TABLE ${duck!.table}`);
        continue;
      }
      expect([name, js.report.errors.map((e) => e.message)]).toEqual([name, [`has ${name.startsWith('two') ? 11 : 10} cells but the header has 9`]]);
      // Left to the JavaScript reader, which refuses the row.
      expect([name, duck]).toEqual([name, null]);
    }
    expect(await db.query('SELECT table_name FROM duckdb_tables()')).toEqual([]);
  }, 60_000);

  it.each(Object.keys(LONG))('%s: npm run ingest refuses the row as the JavaScript path does', async (name) => {
    const dir = tempDir('bcf-long-rows-ingest-');
    writeFileSync(path.join(dir, name), LONG[name]!);
    const js = ingestTexts(emptyTables(), [{ name, text: LONG[name]! }], builtinDefinitions());
    expect(js.errors).toHaveLength(1);
    const out = path.join(dir, 'out');
    const outcome = await ingest([path.join(dir, name)], { out, fresh: true, allowRejects: true });
    expect(outcome.errors).toEqual(js.errors);
    expect(fromArrowIpc('observations', readFileSync(path.join(out, 'observations.arrow')))).toEqual(inKeyOrder('observations', js.tables.observations));
  }, 60_000);
});
