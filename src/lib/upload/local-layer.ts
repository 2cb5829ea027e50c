// The rows of this browser's uploads, layered over the bundled extracts in DuckDB: an upload's
// rows replace bundled rows of the same key until it is removed.
import { TABLE_NAMES, type TableName } from '../contract/schema';
import type { Engine } from '../db/prepare';
import { allUploads, type StoredUpload } from './store';

const KEYS: Record<TableName, string[]> = {
  observations: ['metric', 'area_code', 'period_start', 'period_type', 'breakdown'],
  areas: ['area_code'],
  populations: ['area_code', 'year', 'age_band'],
  targets: ['metric', 'area_code', 'period_start', 'period_type'],
};

const matches = (table: TableName, a: string, b: string) => KEYS[table].map((k) => `${a}.${k} = ${b}.${k}`).join(' AND ');

/** Puts an upload's rows into the local tables, replacing earlier local rows of the same keys. */
export async function addToLocalLayer(db: Engine, upload: Pick<StoredUpload, 'ipc'>): Promise<void> {
  for (const table of TABLE_NAMES) {
    const ipc = upload.ipc[table];
    if (!ipc) continue;
    await db.query('DROP TABLE IF EXISTS upload_rows');
    await db.insertArrow('upload_rows', ipc);
    await db.query(`DELETE FROM local_${table} l USING upload_rows u WHERE ${matches(table, 'l', 'u')}`);
    await db.query(`INSERT INTO local_${table} SELECT * FROM upload_rows`);
  }
  await db.query('DROP TABLE IF EXISTS upload_rows');
}

/** Rebuilds the local layer from the uploads kept in this browser, oldest first. */
export async function restoreUploads(db: Engine): Promise<StoredUpload[]> {
  for (const table of TABLE_NAMES) await db.query(`DELETE FROM local_${table}`);
  const uploads = await allUploads().catch(() => []);
  for (const u of uploads) await addToLocalLayer(db, u);
  return uploads;
}

/**
 * How an upload's observations compare with what is loaded now: new keys, keys whose values it
 * would change, and keys it repeats as they are.
 */
export async function compareWithLoaded(db: Engine, observationsIpc: Uint8Array): Promise<{ accepted: number; revised: number; unchanged: number }> {
  await db.query('DROP TABLE IF EXISTS upload_check');
  await db.insertArrow('upload_check', observationsIpc);
  const key = KEYS.observations.join(', ');
  const [counts] = await db.query<{ accepted: number; revised: number; unchanged: number }>(`
    WITH current AS (
      SELECT * FROM local_observations
      UNION ALL SELECT b.* FROM observations b ANTI JOIN local_observations l USING (${key})
    )
    SELECT count(*) FILTER (WHERE c.metric IS NULL) AS accepted,
           count(*) FILTER (WHERE c.metric IS NOT NULL AND (c.numerator, c.denominator, c.published_value, c.suppressed)
                            IS DISTINCT FROM (u.numerator, u.denominator, u.published_value, u.suppressed)) AS revised,
           count(*) FILTER (WHERE c.metric IS NOT NULL AND (c.numerator, c.denominator, c.published_value, c.suppressed)
                            IS NOT DISTINCT FROM (u.numerator, u.denominator, u.published_value, u.suppressed)) AS unchanged
    FROM upload_check u LEFT JOIN current c USING (${key})`);
  await db.query('DROP TABLE upload_check');
  return counts!;
}
