import * as Plot from '@observablehq/plot';
import { withGaps, type Point } from '../metrics/series';
import { FOCUS } from './palette';
import { toDate } from './time-axis';
import { lonePoints } from './trend';

/**
 * A small trend without axes: its numbers are in the card beside it. It breaks where periods are
 * missing, as the trend does: joined across them, a council's ASCOF of 2020-21 and its own records
 * of 2024-25 drew one level line, read as four steady years. A value no neighbour joins is a dot.
 */
export function sparklinePlot(points: Point[]) {
  const gapped = withGaps(points);
  const last = gapped.filter((p) => p.value != null).slice(-1);
  const dots = [...new Set([...lonePoints(gapped), ...last])];
  return (width: number): Plot.PlotOptions => ({
    width,
    height: 56,
    margin: 4,
    x: { type: 'utc', axis: null },
    y: { axis: null, zero: true },
    marks: [
      Plot.lineY(gapped, { x: (p: Point) => toDate(p.period_start), y: 'value', stroke: FOCUS, strokeWidth: 1.75 }),
      Plot.dot(dots, { x: (p: Point) => toDate(p.period_start), y: 'value', r: 3, fill: FOCUS }),
    ],
  });
}
