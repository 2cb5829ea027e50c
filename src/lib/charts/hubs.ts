import * as Plot from '@observablehq/plot';
import { axisFormat } from '../format';
import type { Metric } from '../definitions';
import { withGaps, type Point } from '../metrics/series';
import { suppressionLabel } from '../stats/suppression';
import { FOCUS, PARENT } from './palette';
import { dotMarker, lazyTitle, lonePoints, swatchDots, timeAxis, tipText, toDate, type Line } from './trend';

/** Panels per row that keep each panel at least about 260 px wide. */
export const hubColumns = (width: number, hubs: number) => Math.max(1, Math.min(3, hubs, Math.floor(width / 260)));

/** Each panel's plotting height, and the strip above it for the hub's name (two lines of 10 px text). */
const PANEL = 140;
const TITLE = 30;
/** Half the width of a financial year's tick label ("2025-26", about 40 px at Plot's 10 px). */
const TICK_HALF = 22;

/**
 * What the panels leave out, in words: how many hub values are suppressed, where, and why; null
 * when none are.
 */
export function hubSuppressionNote(hubs: Line[], threshold: number): string | null {
  const hidden = hubs.map((h) => ({ label: h.label, n: h.points.filter((p) => p.suppressed).length })).filter((h) => h.n > 0);
  if (hidden.length === 0) return null;
  const total = hidden.reduce((s, h) => s + h.n, 0);
  const of = hubs.reduce((s, h) => s + h.points.length, 0);
  return `${total} of ${of} hub values are suppressed and not drawn (${hidden.map((h) => `${h.label} ${h.n}`).join(', ')}), which breaks their lines. ${suppressionLabel(threshold, 'note')}`;
}

/**
 * One small panel per hub, each with the place's line behind it for context, on one shared scale
 * so the hubs can be compared. The scale spans the hubs' and the place's values only: England is
 * not drawn here, and a scale from zero would flatten panels whose values lie close together.
 * A value with no neighbour to join (around suppressed periods) is still drawn, as a dot (every
 * value is, by the line's markers).
 */
export function hubsPlot(metric: Metric, hubs: Line[], place: Line) {
  const x = (p: Point) => toDate(p.period_start);
  const valued = [...hubs, place].flatMap((l) => l.points.filter((p) => p.value != null).map((p) => p.value!));
  return (width: number): Plot.PlotOptions => {
    const cols = hubColumns(width, hubs.length);
    const facet = (i: number) => ({ col: i % cols, row: Math.floor(i / cols) });
    const hubPoints = hubs.flatMap((h, i) => withGaps(h.points).map((p) => ({ ...p, ...facet(i), hub: h.label })));
    const placeGapped = withGaps(place.points);
    const placePoints = hubs.flatMap((_, i) => placeGapped.map((p) => ({ ...p, ...facet(i) })));
    const placeLone = hubs.flatMap((_, i) => lonePoints(placeGapped).map((p) => ({ ...p, ...facet(i) })));
    const names = hubs.map((h, i) => ({ name: h.label, ...facet(i) }));
    const rows = Math.ceil(hubs.length / cols);
    const step = PANEL + TITLE;
    const panelWidth = (width - 48 - 10) / cols;
    const inset = cols > 1 ? TICK_HALF : 0;
    return {
      width,
      // The names stand in the strip above each panel (the first row's in the top margin), clear
      // of the lines: the facet padding is exactly one strip.
      height: TITLE + rows * step - TITLE + 30,
      marginLeft: 48,
      marginRight: 10,
      marginTop: TITLE,
      marginBottom: 30,
      fx: { axis: null, padding: 0.08 },
      fy: { axis: null, paddingInner: TITLE / step, paddingOuter: 0 },
      // Panels side by side are inset by half a period's label, so the last label of one panel and
      // the first of the next (each centred on its panel's edge) do not run into each other
      // ("2025-262020-21" at 1280 px). A single column keeps its points at the edges.
      x: { ...timeAxis(hubPoints, panelWidth - 2 * inset), inset },
      y: { grid: true, domain: valued.length ? [Math.min(...valued), Math.max(...valued)] : undefined, nice: true, label: null, ticks: 4, tickFormat: axisFormat(metric) },
      marks: [
        Plot.frame({ stroke: '#d8dde0' }),
        Plot.line(placePoints, { x, y: 'value', fx: 'col', fy: 'row', stroke: PARENT, strokeDasharray: '2 3', strokeWidth: 1.75 }),
        swatchDots(placeLone, { color: PARENT, dash: '2 3', width: 1.75 }, { x, fx: 'col', fy: 'row' }),
        Plot.line(hubPoints, { x, y: 'value', fx: 'col', fy: 'row', stroke: FOCUS, strokeWidth: 2, marker: dotMarker(2) }),
        Plot.text(names, { fx: 'col', fy: 'row', text: 'name', frameAnchor: 'top-left', lineAnchor: 'bottom', dy: -4, fontWeight: 'bold', lineWidth: Math.max(8, (panelWidth - 8) / 10), className: 'hub-name' }),
        Plot.tip(hubPoints, Plot.pointer({ x, y: 'value', fx: 'col', fy: 'row', ...lazyTitle((p: (typeof hubPoints)[number]) => tipText(metric, p.hub, p), panelWidth) })),
      ],
    };
  };
}
