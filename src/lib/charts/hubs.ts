import * as Plot from '@observablehq/plot';
import { axisFormat } from '../format';
import type { Metric } from '../metrics/catalogue';
import { withGaps, type Point } from '../metrics/series';
import { FOCUS, PARENT } from './palette';
import { tipText, toDate, type Line } from './trend';

/** Panels per row that keep each panel at least about 260 px wide. */
export const hubColumns = (width: number, hubs: number) => Math.max(1, Math.min(3, hubs, Math.floor(width / 260)));

/** One small panel per hub, each with the place's line behind it for context. */
export function hubsPlot(metric: Metric, hubs: Line[], place: Line) {
  const x = (p: Point) => toDate(p.period_start);
  return (width: number): Plot.PlotOptions => {
    const cols = hubColumns(width, hubs.length);
    const facet = (i: number) => ({ col: i % cols, row: Math.floor(i / cols) });
    const hubPoints = hubs.flatMap((h, i) => withGaps(h.points).map((p) => ({ ...p, ...facet(i), tip: tipText(metric, h.label, p) })));
    const placePoints = hubs.flatMap((_, i) => place.points.map((p) => ({ ...p, ...facet(i) })));
    const names = hubs.map((h, i) => ({ name: h.label, ...facet(i) }));
    const rows = Math.ceil(hubs.length / cols);
    return {
    width,
    height: rows * 150 + 40,
    marginLeft: 48,
    marginTop: 8,
    fx: { axis: null, padding: 0.08 },
    fy: { axis: null, padding: 0.15 },
    x: { type: 'utc', label: null, ticks: 3 },
    y: { grid: true, zero: true, label: null, ticks: 4, tickFormat: axisFormat(metric) },
    marks: [
      Plot.frame({ stroke: '#d8dde0' }),
      Plot.line(placePoints, { x, y: 'value', fx: 'col', fy: 'row', stroke: PARENT, strokeDasharray: '2 3', strokeWidth: 1.75 }),
      Plot.line(hubPoints, { x, y: 'value', fx: 'col', fy: 'row', stroke: FOCUS, strokeWidth: 2 }),
      Plot.text(names, { fx: 'col', fy: 'row', text: 'name', frameAnchor: 'top-left', dx: 6, dy: 6, fontWeight: 'bold', lineWidth: 24 }),
      Plot.tip(hubPoints, Plot.pointer({ x, y: 'value', fx: 'col', fy: 'row', title: 'tip' })),
    ],
    };
  };
}
