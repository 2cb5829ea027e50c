// The upload page's DuckDB reading a chosen canonical observations file where it lies (read-file.ts);
// null for every other file, which the page's worker reads.
import type { Area } from '../contract/schema';
import type { Engine } from '../db/prepare';
import type { Metric } from '../definitions/metric';
import { plainObservationsHeader, READ_HEAD } from '../ingest/canonical-sql';
import { readInDuckDb, type HeldRead } from './read-file';

let files = 0;

/**
 * The file read by the page's DuckDB, its accepted observations left in table `table` (to compare
 * with what is loaded and store, then take or drop: HeldRead); null where the JavaScript reader is to read it: any other
 * layout, a file DuckDB would not number line by line, or one DuckDB failed on.
 */
export async function readInPage(db: Engine, file: File, areas: Area[], metrics: readonly Metric[]): Promise<HeldRead | null> {
  // Any other file is not read here at all (the worker reads it): its first lines tell.
  const head = new Uint8Array(await file.slice(0, READ_HEAD).arrayBuffer());
  const header = plainObservationsHeader(head);
  if (!header) return null;
  // The whole file comes into memory (for the scans beside DuckDB's reading) while DuckDB begins
  // reading it where it lies: 0.15-0.45 s for 56 MB, which DuckDB waited for. (Its failure is the
  // reading's, below: not also an unhandled rejection.)
  const whole = file.arrayBuffer().then((b) => new Uint8Array(b));
  whole.catch(() => {});
  const { withFiles } = await import('../db/duckdb');
  const n = ++files;
  try {
    return await withFiles([file], ([path]) => readInDuckDb(db, n, file.name, path!, header, head, areas, metrics, whole));
  } catch (e) {
    // The JavaScript reader reads the file as it always has, and says what is wrong with it.
    console.warn(`${file.name}: read in JavaScript, DuckDB could not: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    return null;
  } finally {
    // The reading keeps rows in file order, then turns that off (as the pipeline's engine runs):
    // the page's engine goes back to its own default.
    await db.query('RESET preserve_insertion_order');
  }
}
