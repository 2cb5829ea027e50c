import * as Plot from '@observablehq/plot';
import { axisFormat } from '../format';
import type { Metric } from '../definitions';
import { withGaps, type Point } from '../metrics/series';
import { suppressionLabel } from '../stats/suppression';
import { FOCUS, PARENT } from './palette';
import { dotMarker, lazyTitle, loneDots, lonePoints, swatchDots, tipText, type Line } from './trend';
import { timeAxis, timeAxisMargin, toDate } from './time-axis';
import { yAxisMargin } from './axis-margin';
import { BOLD_CHAR, CHAR, LINE, wrapLines } from './text';

/** Panels per row that keep each panel at least about 260 px wide. */
export const hubColumns = (width: number, hubs: number) => Math.max(1, Math.min(3, hubs, Math.floor(width / 260)));

/** Each panel's plotting height. */
const PANEL = 140;
/** The strip above a panel for hub names of `lines` lines (at least two) of chart text. */
const titleStrip = (lines: number) => Math.ceil(Math.max(2, lines) * LINE + 6);
/** About how many value ticks a panel has. */
const TICKS = 4;
/** Half the width of a financial year's tick label ("2025-26"), and a pixel. */
const TICK_HALF = Math.ceil((7 * CHAR) / 2 + 1);
/** The gap between panels side by side is wider than this: end labels may reach into it by half. */
const PANEL_GAP = 16;
/** The padding between panels side by side, as a fraction of a panel's step. */
const PAD = 0.08;

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
 * A value with no neighbour to join (around suppressed periods, or a data team's one year of
 * records) is drawn as a larger dot (loneDots); every other value by the line's markers.
 */
export function hubsPlot(metric: Metric, hubs: Line[], place: Line) {
  const x = (p: Point) => toDate(p.period_start);
  const valued = [...hubs, place].flatMap((l) => l.points.filter((p) => p.value != null).map((p) => p.value!));
  const domain = valued.length ? [Math.min(...valued), Math.max(...valued)] : undefined;
  const marginBottom = timeAxisMargin(hubs.flatMap((h) => h.points));
  const marginLeft = domain ? yAxisMargin(axisFormat(metric), domain[0]!, domain[1]!, TICKS) : 40;
  return (width: number): Plot.PlotOptions => {
    const cols = hubColumns(width, hubs.length);
    const facet = (i: number) => ({ col: i % cols, row: Math.floor(i / cols) });
    const hubGapped = hubs.map((h, i) => withGaps(h.points).map((p) => ({ ...p, ...facet(i), hub: h.label })));
    const hubPoints = hubGapped.flat();
    const hubLone = hubGapped.flatMap((g) => lonePoints(g));
    const placeGapped = withGaps(place.points);
    const placePoints = hubs.flatMap((_, i) => placeGapped.map((p) => ({ ...p, ...facet(i) })));
    const placeLone = hubs.flatMap((_, i) => lonePoints(placeGapped).map((p) => ({ ...p, ...facet(i) })));
    const rows = Math.ceil(hubs.length / cols);
    const marginRight = cols > 1 ? 10 : TICK_HALF;
    // The panels' band, less its padding between and beside them.
    const panelWidth = ((width - marginLeft - marginRight) * (1 - PAD)) / (cols + PAD);
    // Names wrapped here, and the strip made as tall as the longest needs: Plot's own wrapping
    // measured bold text as regular, and a place's unassigned hub ("Unassigned (practice missing,
    // not mapped or outside the place)") ran past its panel and onto the panel's frame.
    const names = hubs.map((h, i) => ({ name: wrapLines(h.label, panelWidth - 8, BOLD_CHAR).join('\n'), ...facet(i) }));
    const title = titleStrip(Math.max(...names.map((n) => n.name.split('\n').length)));
    const step = PANEL + title;
    const inset = cols > 1 ? TICK_HALF - PANEL_GAP / 2 : 0;
    return {
      width,
      // The names stand in the strip above each panel (the first row's in the top margin), clear
      // of the lines: the facet padding is exactly one strip.
      height: title + rows * step - title + marginBottom,
      marginLeft,
      // A single column's last label is centred on its right edge.
      marginRight,
      marginTop: title,
      marginBottom,
      fx: { axis: null, padding: PAD },
      fy: { axis: null, paddingInner: title / step, paddingOuter: 0 },
      // Panels side by side are inset by half a period's label, so the last label of one panel and
      // the first of the next (each centred on its panel's edge) do not run into each other
      // ("2025-262020-21" at 1280 px). A single column keeps its points at the edges.
      x: { ...timeAxis(hubPoints, panelWidth - 2 * inset), inset },
      y: { grid: true, domain, nice: true, label: null, ticks: TICKS, tickFormat: axisFormat(metric) },
      marks: [
        Plot.frame({ stroke: '#d8dde0' }),
        Plot.line(placePoints, { x, y: 'value', fx: 'col', fy: 'row', stroke: PARENT, strokeDasharray: '2 3', strokeWidth: 1.75 }),
        swatchDots(placeLone, { color: PARENT, dash: '2 3', width: 1.75 }, { x, fx: 'col', fy: 'row' }),
        Plot.line(hubPoints, { x, y: 'value', fx: 'col', fy: 'row', stroke: FOCUS, strokeWidth: 2, marker: dotMarker(2) }),
        loneDots(hubLone, FOCUS, { x, fx: 'col', fy: 'row' }),
        Plot.text(names, { fx: 'col', fy: 'row', text: 'name', frameAnchor: 'top-left', lineAnchor: 'bottom', dy: -4, fontWeight: 'bold', className: 'hub-name' }),
        Plot.tip(hubPoints, Plot.pointer({ x, y: 'value', fx: 'col', fy: 'row', ...lazyTitle((p: (typeof hubPoints)[number]) => tipText(metric, p.hub, p), panelWidth) })),
      ],
    };
  };
}
