// Areas whose counts are held but whose rates cannot be made. A rate per 100,000 needs the area's
// population; a data team's own records give its hubs counts alone, so until their populations
// are given, a hub chart would stand blank without a word (or a hub be missing from a ranking).
import type { Metric } from '../definitions';
import type { Point } from './series';

/** A count held and shown (not suppressed) that has no value, for want of its area's population. */
export const lacksPopulation = (metric: Metric, p: Point): boolean =>
  metric.denominatorBand !== null && !p.suppressed && p.value == null && p.denominator == null;

const population = (band: string) => (band === 'all' ? 'population' : `population aged ${band}`);

/**
 * Which of these areas have counts but no rate, and why, in a reader's words; null where every
 * count has its rate. `all`: what to call them when none has one ("Bury's hubs").
 */
export function unratedNote(metric: Metric, areas: readonly { label: string; points: readonly Point[] }[], all: string): string | null {
  if (metric.denominatorBand === null) return null;
  const unrated = areas.filter((a) => a.points.some((p) => lacksPopulation(metric, p))).map((a) => a.label);
  if (unrated.length === 0) return null;
  const counted = metric.counts.numerator;
  const wanted = population(metric.denominatorBand);
  if (unrated.length === areas.length && areas.length > 1) {
    return `No rates for ${all}: their ${counted} are counted, but their ${wanted} is not held, and a rate needs it. The counts are in the data table.`;
  }
  const names = unrated.length === 1 ? unrated[0]! : `${unrated.slice(0, -1).join(', ')} and ${unrated.at(-1)}`;
  const its = unrated.length === 1 ? 'its' : 'their';
  return `No rate for ${names}: ${its} ${counted} are counted, but ${its} ${wanted} is not held, and a rate needs it. The counts are in the data table.`;
}

/**
 * Whether a chart of these areas has nothing to draw for want of populations: no point at all, or
 * no value where `note` (unratedNote's) says why. A chart whose values are all suppressed is drawn,
 * and says so, as ever.
 */
export const blankForWantOfPopulation = (areas: readonly { points: readonly Point[] }[], note: string | null): boolean =>
  areas.every((a) => a.points.length === 0) || (note !== null && areas.every((a) => a.points.every((p) => p.value == null)));
