// One series query's rows as the build answered it, sent in a page's HTML so the page can draw and
// redraw from them before its own DuckDB is up. Packed by column (areas and periods as indices,
// flags as bits): as objects, the metric page's 5,000 rows would weigh about a megabyte.
import type { SeriesAsk, SeriesRow } from './queries';

type Column = (number | null)[] | null;

/** A file of every area's rows of one series, as everyAreaQuery answers (server/built-views.ts): its name under /views/. */
export interface BuiltSeriesFile extends SeriesAsk {
  file: string;
  /** Drawn in another BCF year's view than the default: fetched only once a view asks for it. */
  later?: boolean;
}

export interface BuiltSeries {
  metric: string;
  breakdown: string;
  periodType: string;
  /** Every area asked for (an area with no figures has no rows, and that too is an answer). */
  codes: string[];
  periods: string[];
  /** Per row: index into codes, index into periods, flags (1 suppressed, 2 local, 4 target_local). */
  area: number[];
  period: number[];
  flags: number[];
  /** Null where no row has a value (most columns of most metrics). */
  numerator: Column;
  denominator: Column;
  published_value: Column;
  target: Column;
  standardised_rate: Column;
  standardised_variance: Column;
}

const COLUMNS = ['numerator', 'denominator', 'published_value', 'target', 'standardised_rate', 'standardised_variance'] as const;

/** Packs the rows of one series query (metric, breakdown, period type, areas asked for). */
export function packSeries(asked: Pick<BuiltSeries, 'metric' | 'breakdown' | 'periodType' | 'codes'>, rows: SeriesRow[]): BuiltSeries {
  const periods = [...new Set(rows.map((r) => r.period_start))].sort();
  const areaAt = new Map(asked.codes.map((c, i) => [c, i]));
  const periodAt = new Map(periods.map((p, i) => [p, i]));
  const column = (name: (typeof COLUMNS)[number]): Column => (rows.some((r) => r[name] != null) ? rows.map((r) => r[name] ?? null) : null);
  return {
    ...asked,
    periods,
    area: rows.map((r) => {
      const i = areaAt.get(r.area_code);
      if (i === undefined) throw new Error(`packSeries: a row of ${r.area_code}, which was not asked for`);
      return i;
    }),
    period: rows.map((r) => periodAt.get(r.period_start)!),
    flags: rows.map((r) => (r.suppressed ? 1 : 0) | (r.local ? 2 : 0) | (r.target_local ? 4 : 0)),
    ...(Object.fromEntries(COLUMNS.map((c) => [c, column(c)])) as Record<(typeof COLUMNS)[number], Column>),
  };
}

/**
 * The rows the page's DuckDB would give for this query, when the build's series holds the answer
 * (the same metric, breakdown and period type, every area asked among those the build asked for);
 * null otherwise. In the query's order (area, then period), as the build's rows are.
 */
export function builtRows(built: BuiltSeries, metric: string, breakdown: string, periodType: string, codes: string[]): SeriesRow[] | null {
  if (built.metric !== metric || built.breakdown !== breakdown || built.periodType !== periodType) return null;
  const wanted = new Set(codes);
  if (![...wanted].every((c) => built.codes.includes(c))) return null;
  const rows: SeriesRow[] = [];
  built.area.forEach((a, i) => {
    const code = built.codes[a]!;
    if (!wanted.has(code)) return;
    rows.push({
      metric: built.metric,
      breakdown: built.breakdown,
      area_code: code,
      period_start: built.periods[built.period[i]!]!,
      period_type: built.periodType,
      numerator: built.numerator?.[i] ?? null,
      denominator: built.denominator?.[i] ?? null,
      published_value: built.published_value?.[i] ?? null,
      suppressed: (built.flags[i]! & 1) !== 0,
      local: (built.flags[i]! & 2) !== 0,
      target: built.target?.[i] ?? null,
      target_local: (built.flags[i]! & 4) !== 0,
      standardised_rate: built.standardised_rate?.[i] ?? null,
      standardised_variance: built.standardised_variance?.[i] ?? null,
    });
  });
  return rows;
}
