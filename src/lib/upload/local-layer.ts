// The rows of this browser's uploads, layered over the bundled extracts in DuckDB: an upload's
// rows replace bundled rows of the same key until it is removed.
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { KEY_COLUMNS, TABLE_NAMES, type TableName } from '../contract/schema';
import { columnTypes, tablesChanged, type Engine } from '../db/prepare';
import { layered } from '../metrics/queries';
import { sqlName } from '../sql/literal';
import { allUploads, type StoredUpload } from './store';
import { layerFailed, layerFailures } from './layer-failures.svelte';

const matches = (table: TableName, a: string, b: string) => KEY_COLUMNS[table].map((k) => `${a}.${k} = ${b}.${k}`).join(' AND ');

let inLayer: (string | undefined)[] = [];
/** The ids of the uploads in the local layer, in the order they were put there (for the suppression memo). */
export const uploadsInLayer = (): readonly (string | undefined)[] => inLayer;

/**
 * Observations of uploads in the layer not yet in local_observations (restoreUploads' `later`), in
 * the order they go in, and their work under way: every reader of the local tables waits for them
 * (whenLayered), as does a build of metric_values; a page load that takes the kept build does not.
 */
let pending: { ipc: Uint8Array; rows: number; name?: string }[] = [];
let layering: Promise<void> | null = null;

/** Rows of the uploads in the layer still to go into local_observations. */
export const pendingRows = (): number => pending.reduce((n, p) => n + p.rows, 0);

/**
 * Puts every upload's observations left for later into local_observations, in order (once: later
 * callers wait for the same work). Each was checked to go in when it was left.
 */
export function whenLayered(db: Engine): Promise<void> {
  if (!layering && pending.length > 0) {
    layering = (async () => {
      tablesChanged();
      while (pending.length > 0) {
        // Checked when it was left, so this does not fail but where the engine does (out of
        // memory, say): the page keeps working on what it holds, and says so (layer-failures.svelte.ts).
        // All or nothing, as addToLocalLayer: a failure between dropping the empty table and
        // renaming the upload's, or between deleting the keys it replaces and inserting its rows,
        // left no local_observations, or neither upload's rows of those keys. The change is sent
        // as one query, so the charts' queries, answered meanwhile, are never inside its transaction.
        try {
          const steps = await stageRows(db, 'observations', pending[0]!.ipc);
          await db.query(['BEGIN TRANSACTION', ...steps, 'COMMIT'].join(';\n'));
        } catch (e) {
          await db.query('ROLLBACK').catch(() => {});
          // (Readied before the transaction: the next upload put in makes a table of that name.)
          await db.query('DROP TABLE IF EXISTS upload_rows').catch(() => {});
          layerFailed(pending[0]!.name, e);
        }
        pending = pending.slice(1);
      }
    })().finally(() => (layering = null));
  }
  return layering ?? Promise.resolve();
}

/**
 * Readies one table's rows of an upload (as table upload_rows), and gives the statements that
 * then put them into its local table, replacing local rows of the same keys, to be run in order
 * in one transaction.
 */
async function stageRows(db: Engine, table: TableName, ipc: Uint8Array): Promise<string[]> {
  await db.query('DROP TABLE IF EXISTS upload_rows');
  const [held] = await db.query<{ rows: number }>(`SELECT count(*)::INTEGER AS rows FROM local_${table}`);
  // Into an empty table (the first upload restored after a reload) there is nothing to replace:
  // the join of a million keys against none is skipped, and an upload whose columns are the
  // table's own (names and types, in order) becomes the table, sparing a copy of every row.
  await db.insertArrow('upload_rows', ipc);
  if (held!.rows === 0 && (await columnTypes(db, 'upload_rows')) === (await columnTypes(db, `local_${table}`))) {
    return [`DROP TABLE local_${table}`, `ALTER TABLE upload_rows RENAME TO local_${table}`];
  }
  return [
    ...(held!.rows > 0 ? [`DELETE FROM local_${table} l USING upload_rows u WHERE ${matches(table, 'l', 'u')}`] : []),
    `INSERT INTO local_${table} BY NAME SELECT * FROM upload_rows`,
    'DROP TABLE upload_rows',
  ];
}

/**
 * Puts an upload's rows into the local tables, replacing earlier local rows of the same keys, all
 * or nothing. Columns are matched by name, so an upload saved before a table gained a column
 * (or before a table joined the contract: targets, metric definitions) still loads. `later`: its
 * observations are only checked to go in (their first row), and left for whenLayered.
 */
export async function addToLocalLayer(db: Engine, upload: Pick<StoredUpload, 'ipc'> & { id?: string; name?: string }, later = false): Promise<void> {
  if (!later) await whenLayered(db);
  tablesChanged();
  const left: typeof pending = [];
  await db.query('BEGIN TRANSACTION');
  try {
    for (const table of TABLE_NAMES) {
      const ipc = upload.ipc[table];
      // A table without rows adds and replaces nothing: skipped, not sent (seven round trips to
      // DuckDB's worker each; most uploads bring one or two of the five tables).
      const rows = ipc ? tableFromIPC(ipc).numRows : 0;
      if (!ipc || rows === 0) continue;
      if (later && table === 'observations') {
        // A million rows took 0.7 s to put into DuckDB on every page load, before the kept
        // metric_values (which holds them) could be taken: what would refuse them is their
        // columns, which one row shows.
        await db.insertArrow('upload_rows', tableToIPC(tableFromIPC(ipc).slice(0, 1), 'stream'));
        await db.query(`INSERT INTO local_${table} BY NAME SELECT * FROM upload_rows LIMIT 0`);
        await db.query('DROP TABLE upload_rows');
        left.push({ ipc, rows, name: upload.name });
        continue;
      }
      for (const step of await stageRows(db, table, ipc)) await db.query(step);
    }
    await db.query('DROP TABLE IF EXISTS upload_rows');
    await db.query('COMMIT');
    inLayer = [...inLayer, upload.id];
    pending = [...pending, ...left];
  } catch (e) {
    await db.query('ROLLBACK');
    throw e;
  }
}

/** An upload kept in this browser that could not be loaded, and why. */
export interface SetAside {
  name: string;
  reason: string;
}

/**
 * Rebuilds the local layer from the uploads kept in this browser, oldest first. One that no
 * longer loads (saved by a version whose tables differ beyond what matching columns by name
 * mends) is set aside, not fatal: the others load, and the page says what to do. `later`: their
 * observations are left for whenLayered (a page load, which may take the kept metric_values);
 * `stored`: the uploads, read already.
 */
export async function restoreUploads(db: Engine, { later = false, stored }: { later?: boolean; stored?: Promise<StoredUpload[]> } = {}): Promise<{ uploads: StoredUpload[]; setAside: SetAside[] }> {
  // Work left from a restore before this one ends first (it is done over again below).
  await layering;
  tablesChanged();
  pending = [];
  layerFailures.length = 0;
  for (const table of TABLE_NAMES) await db.query(`DELETE FROM local_${table}`);
  inLayer = [];
  const uploads = await (stored ?? allUploads()).catch(() => []);
  const setAside: SetAside[] = [];
  for (const u of uploads) {
    try {
      await addToLocalLayer(db, u, later);
    } catch (e) {
      setAside.push({ name: u.name, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  return { uploads, setAside };
}

/**
 * How an upload's observations compare with what is loaded now: new keys, keys whose values it
 * would change, and keys it repeats as they are.
 */
export async function compareWithLoaded(db: Engine, observationsIpc: Uint8Array): Promise<{ accepted: number; revised: number; unchanged: number }> {
  await whenLayered(db);
  await db.query('DROP TABLE IF EXISTS upload_check');
  await db.insertArrow('upload_check', observationsIpc);
  const counts = await compareTableWithLoaded(db, 'upload_check');
  await db.query('DROP TABLE upload_check');
  return counts;
}

/** compareWithLoaded for observations already in a table of DuckDB's (the extract's columns). */
export async function compareTableWithLoaded(db: Engine, table: string): Promise<{ accepted: number; revised: number; unchanged: number }> {
  await whenLayered(db);
  const [counts] = await db.query<{ accepted: number; revised: number; unchanged: number }>(`
    WITH current AS (${layered('observations')})
    SELECT count(*) FILTER (WHERE c.metric IS NULL) AS accepted,
           count(*) FILTER (WHERE c.metric IS NOT NULL AND (c.numerator, c.denominator, c.published_value, c.suppressed)
                            IS DISTINCT FROM (u.numerator, u.denominator, u.published_value, u.suppressed)) AS revised,
           count(*) FILTER (WHERE c.metric IS NOT NULL AND (c.numerator, c.denominator, c.published_value, c.suppressed)
                            IS NOT DISTINCT FROM (u.numerator, u.denominator, u.published_value, u.suppressed)) AS unchanged
    FROM ${table} u LEFT JOIN current c USING (${KEY_COLUMNS.observations.join(', ')})`);
  return counts!;
}

/**
 * An upload of observations only, its rows made into table `into` beside local_observations as
 * addToLocalLayer would leave that table (replacing local rows of the same keys), without
 * changing it: `table`, a table of DuckDB's holding the very rows of the upload (read-file.ts's),
 * is taken (renamed, or copied) rather than its IPC sent (`ipc`: needed only where there is no
 * such table, or it cannot be taken). Gives the statements that then put `into` in
 * local_observations' place (in adoptBuild's transaction), and `rows`, the table that now holds
 * the upload's rows alone, in the file's order (`into` itself, or `into`_rows for the caller to
 * drop: HeldRead.stored reads it); or null where the upload holds anything but observations (for
 * addToLocalLayer as ever), `table` then untouched.
 */
export async function prepareLayer(db: Engine, ipc: Partial<Record<TableName, Uint8Array>>, into: string, table: string | null): Promise<{ swap: string[]; rows: string | null } | null> {
  const others = TABLE_NAMES.filter((t) => t !== 'observations' && ipc[t] && tableFromIPC(ipc[t]).numRows > 0);
  if (others.length > 0 || (!ipc.observations && !table)) return null;
  await whenLayered(db);
  const own = await columnTypes(db, 'local_observations');
  const rows = `${into}_rows`;
  await db.query(`DROP TABLE IF EXISTS ${rows}`);
  const taken = table !== null && (await asLocal(db, table, own));
  if (taken) await db.query(`ALTER TABLE ${table} RENAME TO ${rows}`);
  else if (ipc.observations) await db.insertArrow(rows, ipc.observations);
  else return null;
  const [held] = await db.query<{ rows: number }>('SELECT count(*)::INTEGER AS rows FROM local_observations');
  const swap = ['DROP TABLE local_observations', `ALTER TABLE ${into} RENAME TO local_observations`];
  // As stageRows: into an empty layer the upload's rows become the table where their columns are its own.
  if (held!.rows === 0 && (await columnTypes(db, rows)) === own) {
    await db.query(`ALTER TABLE ${rows} RENAME TO ${into}`);
    return { swap, rows: taken ? into : null };
  }
  await db.query(`CREATE OR REPLACE TABLE ${into} AS SELECT * FROM local_observations`);
  if (held!.rows > 0) await db.query(`DELETE FROM ${into} l USING ${rows} u WHERE ${matches('observations', 'l', 'u')}`);
  await db.query(`INSERT INTO ${into} BY NAME SELECT * FROM ${rows}`);
  return { swap, rows: taken ? rows : null };
}

/**
 * Whether `table` is, or becomes, of the columns `own` (columnTypes'), dropping any others it has
 * (the reading's own, line numbers say): DuckDB drops a column of a million rows in milliseconds,
 * where copying the others took 0.55 s and sending the IPC again 0.45.
 */
async function asLocal(db: Engine, table: string, own: string): Promise<boolean> {
  const columns = JSON.parse(await columnTypes(db, table)) as [string, string][];
  const wanted = new Set((JSON.parse(own) as [string, string][]).map(([c]) => c));
  const others = columns.filter(([c]) => !wanted.has(c)).map(([c]) => c);
  if (JSON.stringify(columns.filter(([c]) => wanted.has(c))) !== own) return false;
  if (others.length > 0) await db.query(others.map((c) => `ALTER TABLE ${table} DROP COLUMN ${sqlName(c)}`).join(';\n'));
  return true;
}

/** Counts an upload whose rows a prepared build put in local_observations (prepareLayer's) as in the layer. */
export function adoptedIntoLayer(id: string): void {
  inLayer = [...inLayer, id];
}

/**
 * An upload's rows of the tables in `into` made into those tables (by its own name, each: its
 * observations, its hubs), each as addToLocalLayer would leave local_<table> (replacing local
 * rows of the same keys), without changing the local tables. Gives the statements that then put
 * them in the local tables' places (in adoptPartBuild's transaction); null, with nothing made,
 * where the upload holds rows of any other table.
 */
export async function prepareLayerTables(db: Engine, ipc: Partial<Record<TableName, Uint8Array>>, into: Partial<Record<TableName, string>>): Promise<string[] | null> {
  const held = TABLE_NAMES.filter((t) => ipc[t] && tableFromIPC(ipc[t]).numRows > 0);
  if (held.some((t) => !into[t])) return null;
  await whenLayered(db);
  const swap: string[] = [];
  for (const table of held) {
    const name = into[table]!;
    const rows = `${name}_rows`;
    await db.query(`DROP TABLE IF EXISTS ${rows}`);
    await db.insertArrow(rows, ipc[table]!);
    await db.query(`CREATE OR REPLACE TABLE ${name} AS SELECT * FROM local_${table}`);
    await db.query(`DELETE FROM ${name} l USING ${rows} u WHERE ${matches(table, 'l', 'u')}`);
    await db.query(`INSERT INTO ${name} BY NAME SELECT * FROM ${rows}; DROP TABLE ${rows}`);
    swap.push(`DROP TABLE local_${table}`, `ALTER TABLE ${name} RENAME TO local_${table}`);
  }
  return swap;
}
