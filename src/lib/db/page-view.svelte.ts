// What a page that draws series (the overview, the metric page) shows for the view its reader
// chose: the figures its build drew where they answer it, else rows kept in the page or DuckDB's.
import type { BuiltSeriesFile } from '../metrics/built-series';
import type { Point } from '../metrics/series';
import { asyncDerived } from './async.svelte';
import { buildDataUsable, builtHolds, data, fetchSeriesSet, keepRowsFor, useBuiltSeries } from './data.svelte';
import type { SeriesWanted } from './prepare';

/** A view's choices (its key among them) and the areas whose rows it draws. */
export interface ViewAsked<C extends { key: string }> {
  choices: C;
  codes: string[];
}

/** What an answer is from: the build's figures (while they are those served), or else the page's data at this version. */
export interface AnsweredFrom {
  built: boolean;
  version: number;
}

export interface PageViewOptions<C extends { key: string }, V extends { key: string }> {
  /** The build this page came with (its time, and the /views files of every area's rows it wrote), if any. */
  build: () => { builtAt: string; everyArea: BuiltSeriesFile[] } | null;
  /** The series the view chosen now draws. */
  wanted: () => SeriesWanted[];
  /** The view chosen now, once the areas are known. */
  asked: () => ViewAsked<C> | null;
  /** The view from the figures the build drew, where they answer it (then drawn without asking anything). */
  fromBuild: () => V | null;
  /** The view from the points of each series wanted, in order. */
  answer: (choices: C, points: Point[][], from: AnsweredFrom) => V;
}

/**
 * The view to draw (call during component initialisation): the build's figures where they answer
 * it (before DuckDB is up, and after too while they are what is served and nothing is uploaded:
 * DuckDB's answer would be the same rows, drawn again); else, once DuckDB or the rows kept from the
 * build answer the view, the last view answered (the last one stays on screen, marked busy, while
 * the next loads), and before that nothing rather than another view's numbers.
 */
export function pageView<C extends { key: string }, V extends { key: string }>({ build, wanted, asked, fromBuild, answer }: PageViewOptions<C, V>): { readonly value: V | null } {
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
  const answers = asyncDerived<V>((signal) => {
    const ask = asked();
    if (!ask) return null;
    const series = wanted();
    const from = { built: usable() === true, version: data.version };
    const { built } = from;
    // This view answered while the build's figures are those served (the same rows, from the build
    // or DuckDB): kept as it is. DuckDB's start asks again, with its own objects for the same
    // areas, and the same rows answered again redrew every chart.
    const drawn = built ? fromBuild() : null;
    const same = built && answered?.built && answered.view.key === ask.choices.key ? answered.view : null;
    if (drawn || same) {
      // Nothing asked of DuckDB for this view; the rows for the next change are kept all the same.
      void keepRowsFor(series, ask.codes, signal);
      return Promise.resolve((drawn ?? same)!);
    }
    return fetchSeriesSet(series, ask.codes, { index: true, signal }).then((points) => {
      const view = answer(ask.choices, points, from);
      // (An answer for a view already left is not what the page answered.)
      if (!signal.aborted) answered = { view, built };
      return view;
    });
  });
  const shown = $derived.by(() => {
    const drawn = fromBuild();
    if (drawn) return drawn;
    // Answered by the data the page's DuckDB holds, or by the build's rows of every area.
    return data.phase === 'ready' || builtHolds(wanted()) ? answers.value : null;
  });
  return {
    get value() {
      return shown;
    },
  };
}
