// Rows kept in the page that answer later views without a query to DuckDB's worker: every area's
// rows of a series a page has shown (a change of area, comparator or hub), and every series' rows
// of the areas a view shows (a change of metric, breakdown, period type or BCF year). The round
// trip to the worker took 25–45 ms of a change of view on the demo's metric page, the worker and
// the page sharing two cores, and more at national size.
import { Type, type Table } from 'apache-arrow';
import type { SeriesRow } from '../metrics/queries';
import { rowReader, textColumn } from './arrow-rows';
import { seriesKey } from './prepare';

export interface SeriesIndex {
  /**
   * The rows of one series (its seriesKey) for these areas, each area once whatever the list
   * repeats, by area and then period, as seriesQuery gives them.
   */
  rowsFor(series: string, areaCodes: string[]): SeriesRow[];
}

/** What every row of one series shares, which everyAreaQuery leaves out of its answer. */
export type SeriesShared = Pick<SeriesRow, 'metric' | 'breakdown' | 'period_type'>;

/**
 * Indexes an answer whose rows come by series and then area (seriesQuery's order), so that each
 * series' area's rows are one run: everySeriesQuery's, whose rows name their series, or, given
 * `shared` (the one series' metric, breakdown and period type, put back into each row read),
 * everyAreaQuery's.
 */
export function indexSeries(table: Table, shared?: SeriesShared): SeriesIndex {
  const codes = textColumn(table, 'area_code');
  // Periods sent as dates are given as seriesQuery's text, for only the rows a view takes.
  const dated = table.getChild('period_start')?.type.typeId === Type.Date;
  const named = shared ? null : (['metric', 'breakdown', 'period_type'] as const).map((c) => textColumn(table, c));
  const seriesAt = named ? (i: number) => seriesKey(named[0]![i]!, named[1]![i]!, named[2]![i]!) : () => seriesKey(shared!.metric, shared!.breakdown, shared!.period_type);
  const sameSeries = (i: number, j: number) => !named || named.every((c) => c[i] === c[j]);
  // Per series, its areas in DuckDB's order of the codes, which rowsFor keeps (JavaScript's own
  // sort orders text otherwise).
  const runs = new Map<string, Map<string, [number, number]>>();
  for (let start = 0, i = 1; start < codes.length; i++) {
    if (i === codes.length || codes[i] !== codes[start] || !sameSeries(i, start)) {
      const series = seriesAt(start);
      const areas = runs.get(series) ?? runs.set(series, new Map()).get(series)!;
      if (areas.has(codes[start]!)) throw new Error(`the rows of ${codes[start]} are not together: not an answer in seriesQuery's order`);
      areas.set(codes[start]!, [start, i]);
      start = i;
    }
  }
  const readRows = rowReader<SeriesRow>(table);
  // A date's text made once (a view's rows share a few hundred periods): made for every row it
  // was most of the reading.
  const isoDates = new Map<number, string>();
  const isoDate = (ms: number) => isoDates.get(ms) ?? isoDates.set(ms, new Date(ms).toISOString().slice(0, 10)).get(ms)!;
  return {
    rowsFor(series, areaCodes) {
      const areas = runs.get(series);
      // The asked areas' runs, in the table's order (DuckDB's), each once: going through every
      // area of the series instead took most of a change of place's reading at national size.
      const asked = [...new Set(areaCodes)].flatMap((code) => {
        const run = areas?.get(code);
        return run ? [run] : [];
      }).sort((x, y) => x[0] - y[0]);
      const rows: SeriesRow[] = [];
      for (const [from, to] of asked) {
        for (const row of readRows(from, to)) {
          if (dated && row.period_start !== null) row.period_start = isoDate(row.period_start as unknown as number);
          rows.push(shared ? Object.assign(row, shared) : row);
        }
      }
      return rows;
    },
  };
}

/**
 * Indexes a page holds, of one kind (each index answering the views `W` describes: a series, or a
 * set of areas): the `limit` asked for last, for one version of the loaded data (a new version,
 * from fresh extracts or an upload, lets every index go).
 */
export function keptIndexes<W>(limit: number) {
  let version = -Infinity;
  const held = new Map<string, { what: W; index: SeriesIndex }>();
  // Those on their way: a change made meanwhile waits for them rather than asking DuckDB, whose
  // worker would answer it only after them.
  const coming = new Map<string, { what: W; index: Promise<SeriesIndex> }>();
  // An index whose fetch failed is not asked for again with every change of view, until new data.
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
    /** The latest held index for data version `v` that `answers`, if any. */
    get(v: number, answers: (what: W) => boolean): SeriesIndex | undefined {
      if (!at(v)) return undefined;
      const found = [...held].reverse().find(([, e]) => answers(e.what));
      if (!found) return undefined;
      // The latest asked are the last to go.
      held.delete(found[0]);
      held.set(...found);
      return found[1].index;
    },
    /** An index for data version `v` that `answers`, once it arrives, if one is on its way. */
    coming(v: number, answers: (what: W) => boolean): Promise<SeriesIndex> | undefined {
      return at(v) ? [...coming.values()].find((e) => answers(e.what))?.index : undefined;
    },
    /** Whether the index under `key` is held, on its way, or failed, for data version `v` (nothing to fetch). */
    knows(key: string, v: number): boolean {
      return at(v) && (held.has(key) || coming.has(key) || failed.has(key));
    },
    /**
     * Indexes `what` under `key` (unless held, on its way or failed) from `fetch`, its answer for
     * data version `v`; true once this call has indexed it. A failure is thrown once.
     */
    async fill(key: string, what: W, v: number, fetch: () => Promise<SeriesIndex>): Promise<boolean> {
      if (!at(v) || held.has(key) || coming.has(key) || failed.has(key)) return false;
      const index = fetch();
      coming.set(key, { what, index });
      try {
        const got = await index;
        if (v !== version) return false;
        held.set(key, { what, index: got });
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
