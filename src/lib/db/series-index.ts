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

/** Indexes an everyAreaQuery answer: its rows come by area, so each area's are one run. */
export function indexSeries(table: Table): SeriesIndex {
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
      for (const [code, [from, to]] of runs) if (asked.has(code)) rows.push(...rowsOf<SeriesRow>(table, from, to));
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
  const coming = new Set<string>();
  // Versions only grow: a caller still holding an older one neither finds nor fills anything.
  const at = (v: number) => {
    if (v > version) {
      version = v;
      held.clear();
      coming.clear();
    }
    return v === version;
  };
  return {
    /** The series' index for data version `v`, if held. */
    get(key: string, v: number): SeriesIndex | undefined {
      const index = at(v) ? held.get(key) : undefined;
      // The latest asked are the last to go.
      if (index) held.delete(key), held.set(key, index);
      return index;
    },
    /**
     * Indexes the series (unless held or on its way) from `fetch`, its everyAreaQuery answer for
     * data version `v`; true once this call has indexed it.
     */
    async fill(key: string, v: number, fetch: () => Promise<Table>): Promise<boolean> {
      if (!at(v) || held.has(key) || coming.has(key)) return false;
      coming.add(key);
      try {
        const table = await fetch();
        if (v !== version) return false;
        held.set(key, indexSeries(table));
        for (const old of held.keys()) if (held.size > limit) held.delete(old);
        return true;
      } finally {
        if (v === version) coming.delete(key);
      }
    },
  };
}
