// Every area's rows of a series a page has asked for (a metric by one breakdown and period type),
// kept in the page, so that the next change of area, comparator or hub is answered here rather
// than by a query to DuckDB's worker: that round trip took 25–45 ms of a change of view on the
// demo's metric page, the worker and the page sharing two cores, and more at national size.
import type { Table } from 'apache-arrow';
import type { SeriesRow } from '../metrics/queries';
import { rowsOf, textColumn } from './arrow-rows';

export interface SeriesIndex {
  /** The rows of these areas (each once, whatever the list repeats), by area and then period, as seriesQuery gives them. */
  rowsFor(areaCodes: string[]): SeriesRow[];
}

/** What every row of one series shares, which everyAreaQuery leaves out of its answer. */
export type SeriesShared = Pick<SeriesRow, 'metric' | 'breakdown' | 'period_type'>;

/**
 * Indexes an everyAreaQuery answer: its rows come by area, so each area's are one run. `shared`
 * (the series' metric, breakdown and period type) goes back into each row read.
 */
export function indexSeries(table: Table, shared: SeriesShared): SeriesIndex {
  const codes = textColumn(table, 'area_code');
  // In DuckDB's order of the codes, which rowsFor keeps: JavaScript's own sort orders text otherwise.
  const runs = new Map<string, [number, number]>();
  for (let start = 0, i = 1; start < codes.length; i++) {
    if (i === codes.length || codes[i] !== codes[start]) {
      if (runs.has(codes[start]!)) throw new Error(`the rows of ${codes[start]} are not together: not an everyAreaQuery answer`);
      runs.set(codes[start]!, [start, i]);
      start = i;
    }
  }
  return {
    rowsFor(areaCodes) {
      const asked = new Set(areaCodes);
      const rows: SeriesRow[] = [];
      for (const [code, [from, to]] of runs) if (asked.has(code)) for (const row of rowsOf<SeriesRow>(table, from, to)) rows.push(Object.assign(row, shared));
      return rows;
    },
  };
}

/**
 * The indexes a page holds: the `limit` series it asked for last, for one version of the loaded
 * data (a new version, from fresh extracts or an upload, lets every index go).
 */
export function seriesIndexes(limit: number) {
  let version = -Infinity;
  const held = new Map<string, SeriesIndex>();
  // Those on their way: a change made meanwhile waits for them rather than asking DuckDB, whose
  // worker would answer it only after them.
  const coming = new Map<string, Promise<SeriesIndex>>();
  // A series whose fetch failed is not asked for again with every change of view, until new data.
  const failed = new Set<string>();
  // Versions only grow: a caller still holding an older one neither finds nor fills anything.
  const at = (v: number) => {
    if (v > version) {
      version = v;
      held.clear();
      coming.clear();
      failed.clear();
    }
    return v === version;
  };
  return {
    /** The series' index for data version `v`, if held. */
    get(key: string, v: number): SeriesIndex | undefined {
      const index = at(v) ? held.get(key) : undefined;
      if (index) {
        // The latest asked are the last to go.
        held.delete(key);
        held.set(key, index);
      }
      return index;
    },
    /** The series' index for data version `v` once it arrives, if it is on its way. */
    coming(key: string, v: number): Promise<SeriesIndex> | undefined {
      return at(v) ? coming.get(key) : undefined;
    },
    /**
     * Indexes the series (unless held, on its way or failed) from `fetch`, its everyAreaQuery
     * answer for data version `v`; true once this call has indexed it. A failure is thrown once.
     */
    async fill(key: string, v: number, fetch: () => Promise<SeriesIndex>): Promise<boolean> {
      if (!at(v) || held.has(key) || coming.has(key) || failed.has(key)) return false;
      const index = fetch();
      coming.set(key, index);
      try {
        const got = await index;
        if (v !== version) return false;
        held.set(key, got);
        while (held.size > limit) held.delete(held.keys().next().value!);
        return true;
      } catch (e) {
        if (v === version) failed.add(key);
        throw e;
      } finally {
        if (v === version) coming.delete(key);
      }
    },
    /** Lets go of every index of data older than version `v` (when the data change, not at the next ask). */
    forgetBefore(v: number): void {
      at(v);
    },
  };
}
