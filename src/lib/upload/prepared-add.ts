// An upload's rows added to metric_values while its report is read: the page's DuckDB builds and
// suppresses metric_values with them into tables of other names beside its own (nothing the pages
// read changes), so that Add only puts those tables in place (one transaction), and Discard drops
// them; the build is kept for the next page load once the page has drawn it. A million rows took 3.4 s after Add; the reader of a report takes that.
// Only for uploads of observations that make a whole build (prepareWholeBuild), and uploads read
// whole of observations and hubs that make a part build (preparePartBuild: a record set's
// aggregates); any other, or one whose tables changed meanwhile (another upload added or removed,
// new extracts), is added as ever.
import { tableFromIPC } from 'apache-arrow';
import type { AreaIndex } from '../areas';
import {
  adoptBuild, adoptPartBuild, keepPartBuild, keepWholeBuild, preparePartBuild, prepareWholeBuild, tablesVersion,
  type Engine, type KeptBuild, type PartNames, type PreparedBuild, type PreparedPart,
} from '../db/prepare';
import type { Metric } from '../definitions';
import type { BuildNames } from '../metrics/queries';
import { adoptedIntoLayer, prepareLayer, prepareLayerTables, whenLayered } from './local-layer';
import type { TableName } from '../contract/schema';
import { rebuiltMetrics } from '../metrics/rule-rows';
import type { StoredRows } from './read-file';

/** The tables a prepared add makes beside the page's own. */
const NAMES: BuildNames = {
  localObservations: 'prepared_local_observations',
  allAreas: 'prepared_all_areas',
  metricTargets: 'prepared_metric_targets',
  metricValues: 'prepared_metric_values',
};

/** The tables a prepared part build makes beside the page's own (its rebuilt rows in metricValues). */
const PART_NAMES: PartNames = {
  localObservations: 'prepared_part_local_observations',
  localAreas: 'prepared_part_local_areas',
  allAreas: 'prepared_part_all_areas',
  metricTargets: 'prepared_part_metric_targets',
  metricValues: 'prepared_part_metric_values',
  scope: 'prepared_part_metric_values_scope',
};

export interface PreparedAdd {
  /**
   * Puts the prepared tables in place and counts the upload in the layer: the areas, and a way to
   * make the build to keep (once the page has drawn it: the kept copy is only for the next page
   * load, which builds afresh without it), or null where nothing was prepared or it no longer
   * stands (the caller adds it as ever; nothing is left behind either way).
   */
  adopt(): Promise<{ areas: AreaIndex; keep: Keep } | null>;
  /** Drops whatever was prepared (once the work under way is done). */
  discard(): Promise<void>;
}

/**
 * Starts preparing `upload` (its rows maybe already in DuckDB's table `table`, which this then
 * owns and drops) over the tables loaded now. Work goes to DuckDB one query at a time, as any.
 * `store`: where `table` is given, makes the upload's rows to store from the table named (which
 * holds them alone, in the file's order: HeldRead.stored), called once, before anything changes
 * or drops that table, unless the upload is discarded first. Where the upload's rows alone are to
 * be the layer's, it is called first, and the columns it gives are the rule's for those rows (the
 * build's other rows alone are fetched); else while the page runs suppression's rule, when
 * DuckDB's worker would otherwise wait (a million rows: 0.3-0.4 s of it), or before the table is let go.
 */
export function prepareAdd(
  db: Engine, upload: { id: string; ipc: Partial<Record<TableName, Uint8Array>> }, table: string | null, threshold: number, metrics: readonly Metric[],
  store?: (from: string) => Promise<Pick<StoredRows, 'columns'>>,
): PreparedAdd {
  let dropped = false;
  let version = -1;
  const rowsTable = `${NAMES.localObservations}_rows`;
  // As one query, so whatever the page asks after Discard finds them gone.
  const clear = () =>
    db.query([...Object.values(NAMES), ...Object.values(PART_NAMES), rowsTable, ...(table ? [table] : [])].map((t) => `DROP TABLE IF EXISTS ${t}`).join(';\n')).then(() => {}, () => {});
  // Where the upload's rows are, alone and in order, until they are stored.
  let rowsAt = table;
  let storing: Promise<Pick<StoredRows, 'columns'> | null> | null = null;
  const stored = () => (storing ??= store && rowsAt ? store(rowsAt) : Promise.resolve(null));
  const stop = () => {
    // Discarded: the next file read waits for no more of this than the step under way.
    if (dropped) throw new Discarded();
  };
  const work = (async (): Promise<Ready | null> => {
    // The tables as they stand once any rows a page load left for later are in.
    await whenLayered(db);
    version = tablesVersion();
    // An upload read whole (not into a table of DuckDB's) whose build is partial.
    const part = table === null ? await preparePart(db, upload.ipc, threshold, metrics, stop) : undefined;
    if (part !== undefined) return part;
    const layer = await prepareLayer(db, upload.ipc, NAMES.localObservations, table);
    if (layer) rowsAt = layer.rows;
    if (!layer || dropped) return null;
    // Only what partialScope builds whole (uploaded rows outnumbering the published, or uploaded
    // populations, targets or definitions held): anything less, and the page's build is partial.
    const [held] = await db.query<{ whole: boolean }>(`
      SELECT (SELECT count(*) FROM ${NAMES.localObservations}) > (SELECT count(*) FROM observations)
          OR (SELECT count(*) FROM local_populations) + (SELECT count(*) FROM local_targets) + (SELECT count(*) FROM local_metrics) > 0 AS whole`);
    if (!held!.whole || dropped) return null;
    // Where the layer would hold this upload's rows alone, they are stored first, and the columns
    // fetched to store them serve the rule too: only the build's other rows are then fetched for it.
    const own = store && layer.rows === NAMES.localObservations ? { columns: (await stored())!.columns, rebuilt: rebuiltMetrics(metrics) } : undefined;
    stop();
    const build = await prepareWholeBuild(db, threshold, metrics, NAMES, stop, () => void stored().catch(() => {}), own);
    await stored();
    performance.mark('bcf:add-prepared');
    return { kind: 'whole', build, swap: layer.swap };
  })()
    .catch((e: unknown) => {
      if (!(e instanceof Discarded)) console.warn(`${upload.id}: not prepared while its report was read, added as ever:`, e);
      return null;
    })
    .then(async (ready) => {
      // Prepared or not, the rows are stored from the table that holds them before it goes.
      if (!dropped) await stored().catch(() => {});
      await db.query([rowsTable, ...(table ? [table] : [])].map((t) => `DROP TABLE IF EXISTS ${t}`).join(';\n')).catch(() => {});
      return ready;
    });
  return {
    async adopt() {
      const ready = await work;
      // Anything loaded since the work began (it read those tables) and it no longer stands.
      if (!ready || dropped || tablesVersion() !== version) {
        await this.discard();
        return null;
      }
      dropped = true;
      try {
        if (ready.kind === 'part') await adoptPartBuild(db, ready.build, ready.swap);
        else await adoptBuild(db, ready.build, ready.swap);
      } catch (e) {
        console.warn(`${upload.id}: the prepared tables could not be put in place, added as ever:`, e);
        await clear();
        return null;
      }
      adoptedIntoLayer(upload.id);
      const adopted = tablesVersion();
      // Not where the tables changed since (another upload, one removed, new extracts): that
      // change's build is kept instead, and a removed upload's figures never are.
      const keep = async (remember: (kept: KeptBuild) => Promise<void>) => {
        if (tablesVersion() !== adopted) return false;
        const kept = await (ready.kind === 'part' ? keepPartBuild : keepWholeBuild)(db, ready.build.held);
        if (tablesVersion() !== adopted) return false;
        await remember(kept);
        return true;
      };
      return { areas: ready.build.areas, keep };
    },
    async discard() {
      dropped = true;
      await work;
      await clear();
    },
  };
}

/**
 * Makes the build in place as kept and hands it to `remember`, unless the tables changed since it
 * was put in place (before or while it is made): whether it was remembered.
 */
export type Keep = (remember: (kept: KeptBuild) => Promise<void>) => Promise<boolean>;

/** What was prepared, for adopt: a whole build or a part one, and the local layer's change. */
type Ready = { kind: 'whole'; build: PreparedBuild; swap: string[] } | { kind: 'part'; build: PreparedPart; swap: string[] };

/**
 * The part build of an upload read whole (its rows in `ipc`), prepared with its observations and
 * areas layered beside the local tables (PART_NAMES); undefined where its rows may make the build
 * whole (more observations than published, or populations, targets or definitions: held now or
 * uploaded), for prepareWholeBuild; null where it is not prepared (nothing left behind).
 */
async function preparePart(db: Engine, ipc: Partial<Record<TableName, Uint8Array>>, threshold: number, metrics: readonly Metric[], stop: () => void): Promise<Ready | null | undefined> {
  const rows = (t: TableName) => (ipc[t] ? tableFromIPC(ipc[t]).numRows : 0);
  if (rows('populations') + rows('targets') + rows('metrics') > 0) return undefined;
  const [held] = await db.query<{ part: boolean }>(`
    SELECT (SELECT count(*) FROM local_observations) + ${rows('observations')} <= (SELECT count(*) FROM observations)
       AND (SELECT count(*) FROM local_populations) + (SELECT count(*) FROM local_targets) + (SELECT count(*) FROM local_metrics) = 0 AS part`);
  if (!held!.part) return undefined;
  const swap = await prepareLayerTables(db, ipc, { observations: PART_NAMES.localObservations, areas: PART_NAMES.localAreas });
  stop();
  const build = swap && (await preparePartBuild(db, threshold, metrics, PART_NAMES, stop));
  if (!swap || !build) {
    await db.query(Object.values(PART_NAMES).map((t) => `DROP TABLE IF EXISTS ${t}`).join(';\n')).catch(() => {});
    return null;
  }
  performance.mark('bcf:add-prepared');
  return { kind: 'part', build, swap };
}

/** Thrown between the steps of a prepared add once it is discarded. */
class Discarded extends Error {}
