// What a comparison is made against. England first; where England has no figure for the period
// (a data team's own records of a year England's published figures do not reach), the next
// comparator in order that has one: a place's ICB (or its region where no ICB is known, as
// selection.ts's peerGroup chooses), a hub's place (its figures come from the same records), an
// ICB's region. Every page names the comparator it used, so none claims a comparison with England
// it did not make.
import type { Metric } from '../definitions';
import { periodLabel } from '../format';
import type { Comparison } from '../stats/significance';
import { significance, type Point } from './series';

/** A comparator in order of preference, with its figure for the period compared (null: none). */
export interface Candidate {
  /** As a sentence names it: "England", "Cheshire and Merseyside ICB". */
  name: string;
  value: number | null;
}

export interface Benchmark {
  name: string;
  value: number;
  /** The comparators before it that have no figure for the period ("England"), first first. */
  passedOver: string[];
}

/** The first candidate with a figure, or null where none has one. */
export function benchmarkOf(candidates: Candidate[]): Benchmark | null {
  const i = candidates.findIndex((c) => c.value != null && Number.isFinite(c.value));
  if (i < 0) return null;
  return { name: candidates[i]!.name, value: candidates[i]!.value!, passedOver: candidates.slice(0, i).map((c) => c.name) };
}

/** "England", "England or Cheshire and Merseyside ICB", "England, Halton or Cheshire and Merseyside ICB". */
const either = (names: string[]) => (names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`);

/**
 * Why the comparison is not with England, in words beside it: "no England figure for 2024-25".
 * Null where it is (or nothing was passed over).
 */
export function passedOverNote(b: Benchmark | null, period: string): string | null {
  return b && b.passedOver.length > 0 ? `no ${either(b.passedOver)} figure for ${period}` : null;
}

/**
 * Why no place or hub was tested, in words a reader sees beside the "not compared": the measure
 * has no interval, or no comparator has a figure for the period ("no England or Cheshire and
 * Merseyside ICB figure for 2024-25"); null where a comparison could be made.
 */
export function notComparedReason(metric: Pick<Metric, 'ciMethod'>, candidates: Candidate[], period: string): string | null {
  if (metric.ciMethod === 'none') return 'no 95% interval for this measure';
  if (candidates.length > 0 && !benchmarkOf(candidates)) return `no ${either(candidates.map((c) => c.name))} figure for ${period}`;
  return null;
}

/** A comparator's series, in order of preference (England's first). */
export interface ComparatorSeries {
  name: string;
  points: Pick<Point, 'period_start' | 'value'>[];
}

export interface LatestComparison {
  verdict: Comparison;
  benchmark: Benchmark | null;
  /** Why the benchmark is not England, or null. */
  note: string | null;
  /** Why nothing was compared, or null. */
  reason: string | null;
}

/** An area's latest point against the first comparator with a figure for its period. */
export function compareLatest(metric: Metric, latest: Point, comparators: ComparatorSeries[]): LatestComparison {
  const period = periodLabel(latest.period_start, latest.period_type);
  const candidates = comparators.map((c) => ({ name: c.name, value: c.points.find((p) => p.period_start === latest.period_start)?.value ?? null }));
  const benchmark = benchmarkOf(candidates);
  return { verdict: significance(metric, latest, benchmark?.value), benchmark, note: passedOverNote(benchmark, period), reason: notComparedReason(metric, candidates, period) };
}
