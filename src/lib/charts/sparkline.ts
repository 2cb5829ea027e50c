import * as Plot from '@observablehq/plot';
import type { Point } from '../metrics/series';
import { FOCUS } from './palette';
import { toDate } from './time-axis';

/** A small trend without axes: its numbers are in the card beside it. */
export function sparklinePlot(points: Point[]) {
  const last = points.filter((p) => p.value != null).slice(-1);
  return (width: number): Plot.PlotOptions => ({
    width,
    height: 56,
    margin: 4,
    x: { type: 'utc', axis: null },
    y: { axis: null, zero: true },
    marks: [
      Plot.lineY(points, { x: (p: Point) => toDate(p.period_start), y: 'value', stroke: FOCUS, strokeWidth: 1.75 }),
      Plot.dot(last, { x: (p: Point) => toDate(p.period_start), y: 'value', r: 3, fill: FOCUS }),
    ],
  });
}
