// The places of a group side by side at the place's latest period: each with its interval and its
// significance against the benchmark (England, or where England has no figure for the period the
// group: benchmark.ts), with England and the group as references.
import type { Area } from '../contract/schema';
import type { Bar, Reference } from '../charts/bars';
import { SIGNIFICANCE_TEXT, periodLabel } from '../format';
import type { Comparison } from '../stats/significance';
import { comparatorLabel, shortName } from '../selection';
import type { Metric } from '../definitions';
import { benchmarkOf, notComparedReason, passedOverNote, type Benchmark } from './benchmark';
import { intervalOf, pointsOf, significance, type Point } from './series';
import { pointsAt, summarise } from './summary';

export interface GroupComparison extends Against {
  bars: (Bar & { point: Point | undefined })[];
  refs: Reference[];
}

/** What a comparison's bars were tested against, in words. */
export interface Against {
  /** The period compared, in words ("Mar 2025"). */
  period: string;
  /** What the bars were tested against; null where nothing was (`reason` says why). */
  benchmark: Benchmark | null;
  /** Why the benchmark is not England ("no England figure for 2024-25"), or null. */
  note: string | null;
  /** Why no bar was tested (no interval for the measure, no comparator's figure), or null. */
  reason: string | null;
}

/** A reference line drawn for an area, named as the key and as a sentence name it. */
export const referenceOf = (area: Area, value: number | null, kind: Reference['kind']): Reference =>
  kind === 'england' ? { label: 'England', name: 'England', value, kind } : { label: comparatorLabel(area), name: shortName(area), value, kind };

/**
 * Areas' bars at one period, each tested against the first reference with a figure (refs in order
 * of preference: England, then the group), with why the benchmark is not England or nothing was tested.
 */
export function compareAt(metric: Metric, at: Map<string, Point>, areas: Area[], focus: string, refs: Reference[], period: string): GroupComparison {
  const benchmark = benchmarkOf(refs);
  const bars = areas.map((a) => {
    const point = at.get(a.area_code);
    return {
      code: a.area_code, label: a.area_name, value: point?.value ?? null, focus: a.area_code === focus, point,
      interval: point ? intervalOf(metric, point) : null, significance: significance(metric, point, benchmark?.value),
    };
  });
  return { period, bars, refs, benchmark, note: passedOverNote(benchmark, period), reason: notComparedReason(metric, refs, period) };
}

export function compareGroup(metric: Metric, points: Point[], place: Area, england: Area, group: Area, groupPlaces: Area[]): GroupComparison | null {
  const latest = summarise(pointsOf(points, place.area_code), [])?.latest;
  if (!latest) return null;
  const at = pointsAt(points, latest.period_start);
  const period = periodLabel(latest.period_start, latest.period_type);
  const refs = [referenceOf(england, at.get(england.area_code)?.value ?? null, 'england'), referenceOf(group, at.get(group.area_code)?.value ?? null, 'parent')];
  return compareAt(metric, at, groupPlaces, place.area_code, refs, period);
}

/**
 * Why a comparison has no bar to draw (no area has a value at its period: no figure, or only
 * suppressed ones), in a reader's words; null where a bar has one. `areas`: "Halton's hubs".
 */
export const noBarsNote = (c: GroupComparison, areas: string): string | null =>
  c.bars.some((b) => b.value != null)
    ? null
    : `No figure for ${areas} in ${c.period}${c.bars.some((b) => b.point?.suppressed) ? ' that can be shown (small counts are suppressed)' : ''}, so nothing to rank.`;

/**
 * The reference lines a comparison's chart draws (those with a figure), as its alt text names them:
 * "with England and Halton as reference lines", "with Halton as a reference line" where England has
 * no figure for the period; '' where none is drawn.
 */
export function referencesDrawn(refs: readonly Reference[]): string {
  const names = refs.filter((r) => r.value != null && Number.isFinite(r.value)).map((r) => r.name);
  if (names.length === 0) return '';
  return names.length === 1 ? `, with ${names[0]} as a reference line` : `, with ${names.slice(0, -1).join(', ')} and ${names.at(-1)} as reference lines`;
}

/** A data table's heading for the comparison's column: "Against Cheshire and Merseyside ICB". */
export const againstHeading = (a: Against | null): string => `Against ${a?.benchmark?.name ?? 'England'}`;

/** A bar's comparison in a data table's words, saying why where it was not tested. */
export const againstCell = (a: Against | null, s: Comparison): string => (s === 'not compared' && a?.reason ? `not compared (${a.reason})` : SIGNIFICANCE_TEXT[s]);
