// The generated demo published as the site publishes it (suppressed, ICB sums made), for tests that
// load the published tables into DuckDB and upload over them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Observation } from '../../src/lib/contract/schema';
import { TABLE_NAMES } from '../../src/lib/contract/schema';
import { DEFAULT_SETTINGS } from '../../src/lib/contract/settings';
import { loadTables } from '../../src/lib/db/prepare';
import { nodeDuckDb } from '../../src/lib/server/node-duckdb';
import { generateDemo } from '../../pipelines/demo/generate';
import { writeExtracts } from '../../pipelines/extracts';
import { publish } from '../../pipelines/publish';
import { tempDir } from './temp';

/** An observation's key columns, its date as text (as an upload gives it). */
export const KEYS = `metric, area_code, strftime(period_start, '%Y-%m-%d') AS period_start, period_type, breakdown`;

export interface PublishedDemo {
  /** A fresh DuckDB holding the published tables. */
  loaded: () => ReturnType<typeof nodeDuckDb>;
  /** Every published observation's key, numerator and denominator. */
  published: (Observation & Record<string, unknown>)[];
}

export async function publishDemo(prefix: string): Promise<PublishedDemo> {
  const work = tempDir(prefix);
  writeExtracts(path.join(work, 'extracts'), generateDemo(), { illustrative: true, sources: [], revisions: [] });
  const dir = path.join(work, 'site');
  const manifest = await publish(path.join(work, 'extracts'), dir, DEFAULT_SETTINGS);
  const loaded = async () => {
    const db = await nodeDuckDb();
    await loadTables(db, TABLE_NAMES.map((name) => ({ name, bytes: readFileSync(path.join(dir, manifest.extracts[name].file)) })));
    return db;
  };
  const published = await (await loaded()).query<Observation & Record<string, unknown>>(`SELECT ${KEYS}, numerator, denominator FROM observations`);
  return { loaded, published };
}
