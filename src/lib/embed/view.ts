// What an embedded chart shows, worked out the same way at build time (from the build's DuckDB)
// and in the browser (from the page's), so the prerendered picture and the live one agree.
import type { AreaIndex } from '../areas';
import type { Area } from '../contract/schema';
import { barTips, barsPlot, type Bar, type Reference } from '../charts/bars';
import { LINE_KEYS, type KeyboardTips } from '../charts/keyboard-tips';
import { STYLE } from '../charts/palette';
import { spcPlot, spcTips } from '../charts/spc';
import { lineTips, trendPlot, type Line } from '../charts/trend';
import { formatValue, periodLabel, periodSpan } from '../format';
import { headline } from '../metrics/headline';
import type { Metric } from '../definitions';
import { pointsOf, spcGapNote, spcRun, type Point } from '../metrics/series';
import { compareAt, referenceOf, type Against, type GroupComparison } from '../metrics/comparison';
import { compareLatest, type LatestComparison } from '../metrics/benchmark';
import { pointsAt } from '../metrics/summary';
import { comparatorLabel, england as englandOf, peerGroup } from '../selection';
import { metricSpc, spcClipNote } from '../metrics/spc-limits';

export const EMBED_CHARTS = ['trend', 'spc', 'compare'] as const;
export type EmbedChart = (typeof EMBED_CHARTS)[number];

export type FetchSeries = (metric: Metric, breakdown: string, periodType: string, codes: string[]) => Promise<Point[]>;

export interface EmbedView {
  chart: EmbedChart;
  title: string;
  headline: string;
  /** The periods shown, e.g. "Apr 2015 to Feb 2020". */
  span: string;
  lines: Line[];
  bars: Bar[];
  references: Reference[];
  /** What a comparison's bars were tested against (England, or the next comparator with a figure), in words; null for other charts. */
  against: Against | null;
  /** The area's latest point against England, or the next comparator with a figure (the headline's), or null without one. */
  latest: LatestComparison | null;
}

const parentOf = (areas: AreaIndex, area: Area) =>
  area.area_type === 'place' ? peerGroup(areas, area.area_code) : area.parent_code ? areas.get(area.parent_code) : undefined;

export async function embedView(fetch: FetchSeries, areas: AreaIndex, chart: EmbedChart, metric: Metric, area: Area): Promise<EmbedView> {
  const eng = englandOf(areas);
  const parent = parentOf(areas, area);
  const periodType = metric.periodTypes[0]!;
  const comparePlaces = chart === 'compare' ? areas.children(area.area_type === 'place' ? (parent?.area_code ?? '') : area.area_code).filter((a) => a.area_type === 'place') : [];
  const codes = [...new Set([area.area_code, ...(parent ? [parent.area_code] : []), ...(eng ? [eng.area_code] : []), ...comparePlaces.map((a) => a.area_code)])];
  const points = await fetch(metric, 'total', periodType, codes);
  const own = pointsOf(points, area.area_code);
  const englandPoints = eng ? pointsOf(points, eng.area_code) : [];
  const shown = own.filter((p) => p.value != null);
  const span = shown.length ? periodSpan(shown[0]!.period_start, shown.at(-1)!.period_start, periodType) : '';
  const lines: Line[] = [
    { key: area.area_code, label: area.area_name, style: STYLE.focus, points: own },
    ...(parent && chart === 'trend' ? [{ key: parent.area_code, label: comparatorLabel(parent), style: STYLE.parent, points: pointsOf(points, parent.area_code) }] : []),
    ...(eng && chart === 'trend' && eng.area_code !== area.area_code ? [{ key: eng.area_code, label: 'England', style: STYLE.england, points: englandPoints }] : []),
  ];
  // Each comparison (bars, headline) is with England, or where England has no figure for the period
  // the next comparator with one (benchmark.ts): the area's parent (a place's ICB or region, a hub's
  // place, an ICB's region). A place's bars are read against its ICB (or region); an ICB's own places
  // against the ICB.
  const line = (a: Area, kind: Reference['kind'], v: (code: string) => number | null) => referenceOf(a, v(a.area_code), kind);
  const refsWith = (reference: Area | undefined, v: (code: string) => number | null) => [
    ...(eng && eng.area_code !== area.area_code ? [line(eng, 'england', v)] : []),
    ...(reference ? [line(reference, 'parent', v)] : []),
  ];
  let compared: GroupComparison | null = null;
  if (chart === 'compare') {
    const latest = shown.at(-1)?.period_start ?? pointsOf(points, comparePlaces[0]?.area_code ?? '').at(-1)?.period_start;
    const at = pointsAt(points, latest ?? '');
    const refs = refsWith(area.area_type === 'place' ? parent : area, (code) => at.get(code)?.value ?? null);
    compared = compareAt(metric, at, comparePlaces, area.area_code, refs, latest ? periodLabel(latest, periodType) : '');
  }
  const comparators = refsWith(parent, () => null).map((r) => ({ name: r.name, points: r.kind === 'england' ? englandPoints : pointsOf(points, parent!.area_code) }));
  const comparedWords = area.area_type === 'place' ? `compared with the other places in ${parent?.area_name ?? 'its group'}` : 'its places compared';
  // A series too short for process limits is drawn as a run chart (spcChart), and titled so.
  const spcWords = () => (metricSpc(metric, spcRun(lines[0]!.points)).runChart ? 'run chart' : 'statistical process control');
  const what = chart === 'trend' ? 'trend' : chart === 'spc' ? spcWords() : comparedWords;
  return {
    chart,
    title: `${metric.title}: ${area.area_name}, ${what}`,
    headline: headline(metric, area.area_name, own, comparators),
    latest: shown.length ? compareLatest(metric, shown.at(-1)!, comparators) : null,
    span,
    lines,
    bars: compared?.bars ?? [],
    references: compared?.refs ?? [],
    against: compared ? { period: compared.period, benchmark: compared.benchmark, note: compared.note, reason: compared.reason } : null,
  };
}

/** The SPC of the view's area, with the default rules (embeds have no settings). */
export function embedSpc(metric: Metric, view: EmbedView) {
  const run = spcRun(view.lines[0]!.points);
  const result = metricSpc(metric, run);
  return { series: run.points, gapNote: spcGapNote(run, result), clipNote: result.ok ? spcClipNote(metric, result) : null, result };
}

type EmbedSpc = ReturnType<typeof embedSpc>;

/** The Plot for a view (the same builders as the main app's charts); `spc`, when the caller has it. */
export function embedPlot(metric: Metric, view: EmbedView, spc?: EmbedSpc) {
  if (view.chart === 'compare') return barsPlot(metric, view.bars, view.references);
  if (view.chart === 'spc') {
    const { series, result } = spc ?? embedSpc(metric, view);
    return result.ok || result.runChart ? spcPlot(metric, series, result) : null;
  }
  return trendPlot(metric, view.lines);
}

/** The view's values for reading from the keyboard (the same as the app's charts give). */
export function embedTips(metric: Metric, view: EmbedView, spc?: EmbedSpc): KeyboardTips | undefined {
  if (view.chart === 'compare') return barTips(metric, view.bars, view.against?.benchmark?.name);
  if (view.chart === 'trend') return { lines: lineTips(metric, view.lines.filter((l) => l.points.length > 0)), intro: LINE_KEYS };
  const { series, result } = spc ?? embedSpc(metric, view);
  return result.ok || result.runChart ? spcTips(metric, view.lines[0]!.label, series, result) : undefined;
}

export function referenceText(metric: Metric, view: EmbedView): string {
  return view.references.filter((r) => r.value != null).map((r) => `${r.label} ${formatValue(metric, r.value)}`).join('; ');
}
