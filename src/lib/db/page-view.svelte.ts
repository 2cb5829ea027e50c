// What a page that draws series (the overview, the metric page) shows for the view its reader
// chose: the figures its build drew where they answer it, else rows kept in the page or DuckDB's.
import type { BuiltSeriesFile } from '../metrics/built-series';
import type { Point } from '../metrics/series';
import { asyncDerived } from './async.svelte';
import { buildDataUsable, builtHolds, data, fetchSeriesSet, keepRowsFor, useBuiltSeries } from './data.svelte';
import type { SeriesWanted } from './prepare';

/** A view's choices (its key among them), the series it draws and the areas whose rows it draws. */
export interface ViewAsked<C extends { key: string }> {
  choices: C;
  wanted: SeriesWanted[];
  codes: string[];
}

export interface PageViewOptions<C extends { key: string }, V extends { key: string }> {
  /** The build this page came with (its time, and the /views files of every area's rows it wrote), if any. */
  build: () => { builtAt: string; everyArea: BuiltSeriesFile[] } | null;
  /** The view chosen now, once the areas are known. */
  asked: () => ViewAsked<C> | null;
  /** The view from the figures the build drew, where they answer it (then drawn without asking anything). */
  fromBuild: () => V | null;
  /** The view from the points of each series wanted, in order; `built`: while the build's figures are those served. */
  answer: (choices: C, points: Point[][], built: boolean) => V;
}

/**
 * The view to draw (call during component initialisation): the build's figures where they answer
 * it (before DuckDB is up, and after too while they are what is served and nothing is uploaded:
 * DuckDB's answer would be the same rows, drawn again); else, once DuckDB or the rows kept from the
 * build answer the view, the last view answered (the last one stays on screen, marked busy, while
 * the next loads), and before that nothing rather than another view's numbers.
 */
export function pageView<C extends { key: string }, V extends { key: string }>({ build, asked, fromBuild, answer }: PageViewOptions<C, V>): { readonly value: V | null } {
  // Every area's rows of the default views' series, which the build wrote too (before the view is asked for).
  $effect.pre(() => {
    const b = build();
    if (b) useBuiltSeries(b.builtAt, b.everyArea);
  });
  const usable = () => {
    const b = build();
    return b ? buildDataUsable(b.builtAt) : false;
  };
  // The last view answered from rows (not state: what it was, not what to draw).
  let answered: { view: V; built: boolean } | null = null;
  const series = asyncDerived<V>((signal) => {
    const ask = asked();
    if (!ask) return null;
    const built = usable() === true;
    // This view answered while the build's figures are those served (the same rows, from the build
    // or DuckDB): kept as it is. DuckDB's start asks again, with its own objects for the same
    // areas, and the same rows answered again redrew every chart.
    const drawn = built ? fromBuild() : null;
    const same = built && answered?.built && answered.view.key === ask.choices.key ? answered.view : null;
    if (drawn || same) {
      // Nothing asked of DuckDB for this view; the rows for the next change are kept all the same.
      void keepRowsFor(ask.wanted, ask.codes, signal);
      return Promise.resolve((drawn ?? same)!);
    }
    return fetchSeriesSet(ask.wanted, ask.codes, { index: true, signal }).then((points) => {
      const view = answer(ask.choices, points, built);
      answered = { view, built };
      return view;
    });
  });
  const shown = $derived.by(() => {
    const drawn = fromBuild();
    if (drawn) return drawn;
    const ask = asked();
    // Answered by the data the page's DuckDB holds, or by the build's rows of every area.
    return data.phase === 'ready' || (ask && builtHolds(ask.wanted)) ? series.value : null;
  });
  return {
    get value() {
      return shown;
    },
  };
}
