// A place's or an integrated care board's board pack: a one-page summary of every BCF metric in words, then one A4 page per
// metric (trend, SPC with its verdict, comparison), drawn at build time so it prints (and reads
// without JavaScript) exactly as published.
import { error } from '@sveltejs/kit';
import { querySeries } from '$lib/db/prepare';
import { embedPlot, embedSpc, embedView, type EmbedView } from '$lib/embed/view';
import { barsPlot, notCompared, type Reference } from '$lib/charts/bars';
import { SIGNIFICANCE_TEXT, countsText, formatValue, periodLabel, unitAfterValue } from '$lib/format';
import { allMetrics, type Metric } from '$lib/definitions';
import { bcfYearInView, builtMetrics } from '$lib/metrics/bcf-year';
import { changeLabel, changeReason, changeShort, yearOnYear } from '$lib/metrics/change';
import type { LatestComparison } from '$lib/metrics/benchmark';
import { summarise } from '$lib/metrics/summary';
import { assessTarget } from '$lib/metrics/targets';
import { MIN_SPC_POINTS } from '$lib/stats/spc';
import { extractDb, prerenderedAreas } from '$lib/server/extract-db';
import { renderSvg } from '$lib/server/render-svg';
import { holdDrawing } from '$lib/server/drawings';
import { prerenderAt, prerenderBands } from '$lib/charts/prerender';
import { firstPlaceIn, peerGroup, shortName } from '$lib/selection';
import { icbNote } from '$lib/geography/icb-note';
import type { Area } from '$lib/contract/schema';
import type { EntryGenerator, PageServerLoad } from './$types';

export const prerender = true;

/**
 * A4 portrait less margins (12 mm a side, 10 mm top and bottom) is 186 × 277 mm, about 703 × 1047 px at 96 dpi.
 * Each metric's page holds its charts under its header, title and statements, drawn at the printed
 * width so that their 12 px text prints at 9 pt: the comparison with a row of 17 px a place (its
 * names and values one line each), the trend and the SPC chart sharing what is left of `charts`
 * px, each at least `line` px and at most `tallest` (a trend alone, of a measure published for one
 * year, filled half the page with one point). So drawn they fill the page without spilling onto
 * the next (the end-to-end test counts the PDF's pages).
 */
const PRINT = { width: 700, charts: 516, row: 17, line: 140, tallest: 220 } as const;
/**
 * On screen the pack's column is at most 190 mm less 1rem a side (686 px): each chart is drawn
 * again at the few widths that keep its text 12–15 px in any column up to that, down to a 320 px
 * phone, and the page shows the one drawn for its column (a container query), so nothing scrolls
 * sideways. The printed sheet shows the drawing at PRINT.width alone.
 */
const SCREEN_BANDS = prerenderBands(686);

const STROKE = (style: { color: string; dash?: string }) =>
  `${style.dash ? (style.dash.startsWith('2') ? 'dotted' : 'dashed') : 'solid'} ${{ '#005eb8': 'blue', '#6b4e9b': 'purple', '#212b32': 'black' }[style.color] ?? ''} line`.replace('  ', ' ');

const targetKey = (view: EmbedView) => (view.lines[0]?.points.some((p) => p.target != null) ? '; long-dashed dark purple stepped line the target' : '');

/** A series too short for process limits is drawn as a run chart (spcChart): its key. */
const runChartKey = (view: EmbedView) => `Key: ● each period's value; solid line their mean (a run chart: no process limits)${targetKey(view)}.`;

/** On paper there is no hover: every chart says in words what its marks mean. */
function keyFor(metric: Metric, view: EmbedView, area: Area, group: Area | undefined): string {
  const target = targetKey(view);
  if (view.chart === 'trend') return `Key: ${view.lines.filter((l) => l.points.length).map((l) => `${l.label} (${STROKE(l.style)})`).join('; ')}${target}.`;
  if (view.chart === 'spc') return `Key: ▲ special cause improvement, ◆ special cause concern, ● common cause; solid line the mean, dashed lines the process limits, dotted lines two-thirds of the way to them${target}.`;
  // Printed in black and white the fills look alike: the signs after the values tell them apart.
  // The dotted line is named as the chart's own legend and the summary name it (ICB, not ICS).
  // The comparator is named, and why it is not England where it is not (benchmark.ts).
  const b = view.against?.benchmark;
  const bars = b && view.bars.some((bar) => bar.value != null && bar.significance !== 'not compared')
    ? `bars green and ✓ where significantly better than ${b.name}${view.against?.note ? ` (${view.against.note})` : ''}, amber and ≈ where not significantly different, red and ✗ where significantly worse (95% intervals as whiskers)`
    : `grey bars: ${notCompared(metric, view.references)}`;
  // Only the reference lines drawn are named (England, or a region, may have no figure for the
  // period compared); an ICB's pack compares its own places, the ICB itself the dotted line.
  const dotted = area.area_type === 'icb' ? area : group;
  const drawn = (kind: Reference['kind']) => view.references.some((r) => r.kind === kind && r.value != null);
  const lines = [
    drawn('england') ? 'dashed line England' : null,
    drawn('parent') && dotted ? `dotted line ${dotted.area_type === 'icb' ? 'the integrated care board (ICB, the sum of its places)' : dotted.area_name}` : null,
    area.area_type === 'place' ? '▶ marks this place' : null,
  ];
  return `Key: ${[bars, ...lines.filter((l) => l !== null)].join('; ')}.`;
}

/**
 * The summary's comparison: with England, or where England has no figure for the period the next
 * comparator with one, named, and why ("significantly better (Cheshire and Merseyside ICB 1,210.4;
 * no England figure for 2024-25)"); where none has one, that it was not compared and why. A measure
 * without intervals is left out, as its charts' keys say why.
 */
function comparisonLine(metric: Metric, vs: LatestComparison | null): { against: string; text: string } | null {
  if (!vs) return null;
  const { verdict, benchmark, note, reason } = vs;
  if (verdict !== 'not compared') return { against: benchmark!.name, text: `${SIGNIFICANCE_TEXT[verdict]} (${benchmark!.name} ${formatValue(metric, benchmark!.value)}${note ? `; ${note}` : ''})` };
  return !benchmark && reason && metric.ciMethod !== 'none' ? { against: 'England', text: `not compared: ${reason}` } : null;
}

export const entries: EntryGenerator = async () => {
  const { areas, packIcbs } = await extractDb();
  return prerenderedAreas([...areas.ofType('icb').filter((a) => packIcbs.has(a.area_code)), ...areas.ofType('place')]).map((a) => ({ area: a.area_code }));
};

export const load: PageServerLoad = async ({ params, locals }) => {
  const { db, areas, manifest, packIcbs } = await extractDb();
  const held = areas.get(params.area);
  if (!held || (held.area_type !== 'place' && held.area_type !== 'icb')) error(404, 'No such place or integrated care board');
  if (held.area_type === 'icb' && !packIcbs.has(held.area_code)) error(404, `No figures for ${held.area_name}: its figures are the sums of all of its councils, and the data hold only some of them`);
  // An ICB's full name ran the running header, headlines and keys onto a second line, and its
  // first metric's page onto a second sheet: the pack names it short but in its title.
  const area = { ...held, area_name: shortName(held) };
  // A place is part of its ICB (or region), and compared with that group's other places; an ICB
  // is part of its region, and its pack compares its own places.
  const group = area.area_type === 'place' ? peerGroup(areas, area.area_code) : area.parent_code ? areas.get(area.parent_code) : undefined;
  // The trend and SPC of a metric ask for the same series: query it once.
  const asked = new Map<string, ReturnType<typeof querySeries>>();
  const fetch = (m: Parameters<typeof querySeries>[1], b: string, t: string, c: string[]) => {
    const key = [m.id, b, t, ...c].join('|');
    if (!asked.has(key)) asked.set(key, querySeries(db, m, b, t, c));
    return asked.get(key)!;
  };
  // The comparison at its own height; the line charts share the rest. Each drawing is held for the
  // HTML, and the page gets its id only, so that it is not sent again in the page's data.
  const draw = (plot: ReturnType<typeof embedPlot>, height?: number) => {
    if (!plot) return null;
    const at = (width: number) => holdDrawing(locals.drawings, renderSvg({ ...plot(width), ...(height ? { height } : {}) }));
    return { print: at(PRINT.width), screen: prerenderAt(at, SCREEN_BANDS).map(({ band, svg }) => ({ band, id: svg })) };
  };
  const sections = [];
  // This year's core metrics (the latest BCF year with figures held), each held.
  const year = bcfYearInView(null, allMetrics(), manifest.periods);
  for (const metric of builtMetrics(allMetrics(), manifest.periods)) {
    const trend = await embedView(fetch, areas, 'trend', metric, area);
    const compare = await embedView(fetch, areas, 'compare', metric, area);
    const spcView = { ...trend, chart: 'spc' as const };
    const spc = embedSpc(metric, spcView);
    const own = trend.lines[0]!.points;
    const summary = summarise(own, []);
    const change = yearOnYear(metric, own);
    const bars = barsPlot(metric, compare.bars, compare.references, PRINT.row);
    const spcPlotted = embedPlot(metric, spcView, spc);
    const lineHeight = Math.min(PRINT.tallest, Math.max(PRINT.line, Math.floor((PRINT.charts - (bars(PRINT.width).height ?? 0)) / (spcPlotted ? 2 : 1))));
    sections.push({
      metricId: metric.id,
      title: metric.title,
      short: metric.short,
      definition: metric.definition,
      polarity: metric.polarity,
      source: metric.source,
      latest: summary
        ? {
            value: `${formatValue(metric, summary.latest.value)} ${unitAfterValue(metric)}`,
            period: periodLabel(summary.latest.period_start, summary.latest.period_type),
            start: summary.latest.period_start,
            counts: countsText(metric, summary.latest),
          }
        : null,
      collectionEnded: metric.collectionEnded ? periodLabel(metric.collectionEnded, 'month') : null,
      change: change ? { label: changeLabel(change.from), text: `${changeShort(metric, change)} (${changeReason(change)})`, verdict: change.verdict } : null,
      comparison: comparisonLine(metric, trend.latest),
      variation: spc.result.ok ? spc.result.variation : null,
      // The summary's word for a run chart (its reason is under the chart on the metric's page).
      noVerdict: spc.result.runChart ? `Variation and assurance: not judged from ${spc.series.length} points (Making Data Count judges from ${MIN_SPC_POINTS}).` : null,
      spcWarning: [spc.gapNote, spc.clipNote, spc.result.ok ? spc.result.warning : spc.result.reason].filter(Boolean).join(' ') || null,
      target: assessTarget(metric, own),
      headline: trend.headline,
      earliest: trend.lines.flatMap((l) => l.points.map((p) => p.period_start)).sort().slice(0, 1),
      charts: [
        { chart: 'trend' as const, name: 'Trend', span: trend.span, key: keyFor(metric, trend, area, group), svg: draw(embedPlot(metric, trend), lineHeight) },
        { chart: 'spc' as const, name: spc.result.ok ? 'Statistical process control (XmR)' : spc.result.runChart ? 'Run chart (too few points for process limits)' : 'Statistical process control', span: trend.span, key: spc.result.runChart ? runChartKey(spcView) : keyFor(metric, spcView, area, group), svg: draw(spcPlotted, lineHeight) },
        { chart: 'compare' as const, name: `${area.area_type === 'icb' ? `Its places compared` : `Compared with the other places in ${group?.area_name ?? 'its group'}`}${compare.against?.period ? `, ${compare.against.period}` : ''}`, span: '', key: keyFor(metric, compare, area, group), svg: draw(bars) },
      ],
      unit: metric.unit,
    });
  }
  // An ICB's figures (its own, or the dotted line of a place's ICB) are the sums of its councils:
  // the pack says so once, as the metric page says it under each trend.
  const earliest = sections.flatMap((s) => s.earliest).sort()[0];
  // The figures' own date: the latest period each metric has, and when its source published it
  // (recorded by ingest from files that say so), never when the extracts happened to be written.
  const published = [...new Set(manifest.sources.flatMap((s) => (s.published ? [s.published] : [])))].sort();
  return {
    area: {
      code: area.area_code,
      name: area.area_name,
      title: held.area_name,
      group: group?.area_name ?? null,
      // Back to the dashboard: the place's own page, or the overview of the ICB's places.
      back: area.area_type === 'place' ? `/place?area=${area.area_code}` : `/?area=${firstPlaceIn(areas, area.area_code)?.area_code ?? ''}`,
    },
    year,
    sections,
    bands: SCREEN_BANDS,
    latestPublished: published.at(-1) ?? null,
    // A date stated by some files only (the DToC sheets, say, and not ASCOF's or the records) is
    // not the figures' date: the line says how many files state one.
    sourcesDated: { dated: manifest.sources.filter((s) => s.published).length, of: manifest.sources.length },
    populationNote: manifest.population_note ?? null,
    icbNote: earliest ? icbNote([area.area_code, group?.area_code ?? ''], earliest).trim() || null : null,
    illustrative: manifest.illustrative,
  };
};
