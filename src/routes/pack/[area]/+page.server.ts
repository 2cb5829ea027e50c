// A place's board pack: every BCF metric as trend, SPC and comparison, each with its headline,
// drawn at build time so it prints (and reads without JavaScript) exactly as published.
import { error } from '@sveltejs/kit';
import { querySeries } from '$lib/db/prepare';
import { EMBED_CHARTS, embedPlot, embedView, type EmbedView } from '$lib/embed/view';
import { BCF_METRICS } from '$lib/metrics/catalogue';
import { assessTarget, type TargetAssessment } from '$lib/metrics/targets';
import { extractDb } from '$lib/server/extract-db';
import { renderSvg } from '$lib/server/render-svg';
import { peerGroup } from '$lib/selection';
import type { EntryGenerator, PageServerLoad } from './$types';

export const prerender = true;

/** A4 portrait at 96 dpi less margins: the charts are drawn at the width they print. */
const PRINT_WIDTH = 680;

const STROKE = (style: { color: string; dash?: string }) =>
  `${style.dash ? (style.dash.startsWith('2') ? 'dotted' : 'dashed') : 'solid'} ${{ '#005eb8': 'blue', '#6b4e9b': 'purple', '#212b32': 'black' }[style.color] ?? ''} line`.replace('  ', ' ');

/** On paper there is no hover: every chart says in words what its marks mean. */
function keyFor(view: EmbedView): string {
  const target = view.lines[0]?.points.some((p) => p.target != null) ? '; long-dashed dark purple stepped line the target' : '';
  if (view.chart === 'trend') return `Key: ${view.lines.filter((l) => l.points.length).map((l) => `${l.label} (${STROKE(l.style)})`).join('; ')}${target}.`;
  if (view.chart === 'spc') return `Key: ▲ special cause improvement, ◆ special cause concern, ● common cause; solid line the mean, dashed lines the process limits, dotted lines two-thirds of the way to them${target}.`;
  return 'Key: bars green where significantly better than England, amber where not significantly different, red where significantly worse (95% intervals as whiskers); dashed line England, dotted line the ICS; ▶ marks this place.';
}

export const entries: EntryGenerator = async () => {
  const { areas } = await extractDb();
  return areas.ofType('place').map((a) => ({ area: a.area_code }));
};

export const load: PageServerLoad = async ({ params }) => {
  const { db, areas, manifest } = await extractDb();
  const area = areas.get(params.area);
  if (!area || area.area_type !== 'place') error(404, 'No such place');
  // The trend and SPC of a metric ask for the same series: query it once.
  const asked = new Map<string, ReturnType<typeof querySeries>>();
  const fetch = (m: Parameters<typeof querySeries>[1], b: string, t: string, c: string[]) => {
    const key = [m.id, b, t, ...c].join('|');
    if (!asked.has(key)) asked.set(key, querySeries(db, m, b, t, c));
    return asked.get(key)!;
  };
  const sections = [];
  for (const metric of BCF_METRICS) {
    const charts = [];
    let target: TargetAssessment | null = null;
    for (const chart of EMBED_CHARTS) {
      const view = await embedView(fetch, areas, chart, metric, area);
      if (chart === 'trend') target = assessTarget(metric, view.lines[0]!.points);
      const plot = embedPlot(metric, view);
      charts.push({ chart, title: view.title, headline: view.headline, span: view.span, key: keyFor(view), svg: plot ? renderSvg(plot(PRINT_WIDTH)) : null });
    }
    sections.push({ metricId: metric.id, title: metric.title, definition: metric.definition, unit: metric.unit, polarity: metric.polarity, source: metric.source, charts, target });
  }
  return {
    area: { code: area.area_code, name: area.area_name, group: peerGroup(areas, area.area_code)?.area_name ?? null },
    sections,
    builtAt: manifest.built_at,
    illustrative: manifest.illustrative,
  };
};
