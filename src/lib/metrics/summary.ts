import type { Point } from './series';

export interface Summary {
  latest: Point;
  previous: Point | null;
  /** Latest minus previous value; null when either is missing. */
  change: number | null;
  /** The comparator's value for the same period as `latest`. */
  comparator: Point | null;
}

/** The latest period with a value, the change on the period before, and a comparator alongside. */
export function summarise(points: Point[], comparator: Point[]): Summary | null {
  const withValue = points.filter((p) => p.value != null);
  const latest = withValue.at(-1);
  if (!latest) return null;
  const previous = withValue.at(-2) ?? null;
  return {
    latest,
    previous,
    change: previous ? latest.value! - previous.value! : null,
    comparator: comparator.find((p) => p.period_start === latest.period_start) ?? null,
  };
}

/** Each area's point for one period (areas without one are left out). */
export function pointsAt(points: Point[], periodStart: string): Map<string, Point> {
  return new Map(points.filter((p) => p.period_start === periodStart).map((p) => [p.area_code, p]));
}
