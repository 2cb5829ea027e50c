import type { Point } from './series';

export interface Summary {
  latest: Point;
  /** The comparator's value for the same period as `latest`. */
  comparator: Point | null;
}

/** The latest period with a value, and a comparator's point for the same period. (Change: change.ts.) */
export function summarise(points: Point[], comparator: Point[]): Summary | null {
  const latest = points.filter((p) => p.value != null).at(-1);
  if (!latest) return null;
  return { latest, comparator: comparator.find((p) => p.period_start === latest.period_start) ?? null };
}

/** Each area's point for one period (areas without one are left out). */
export function pointsAt(points: Point[], periodStart: string): Map<string, Point> {
  return new Map(points.filter((p) => p.period_start === periodStart).map((p) => [p.area_code, p]));
}
