// Embeds are drawn at build time from the bundled extracts (the very same SQL and preparation as
// the browser's), so a reader sees the chart in the HTML before DuckDB-WASM has started.
import { error } from '@sveltejs/kit';
import { EMBED_CHARTS, embedPlot, embedView, type EmbedChart } from '$lib/embed/view';
import { querySeries } from '$lib/db/prepare';
import { allMetrics, findMetric } from '$lib/definitions';
import { builtMetrics } from '$lib/metrics/bcf-year';
import { extractDb, prerenderedAreas } from '$lib/server/extract-db';
import { renderSvg } from '$lib/server/render-svg';
import { prerenderAt } from '$lib/charts/prerender';
import type { EntryGenerator, PageServerLoad } from './$types';

export const prerender = true;

export const entries: EntryGenerator = async () => {
  const { areas, manifest } = await extractDb();
  // Board papers embed this year's core metrics; the build draws those (each held) for every area.
  const metrics = builtMetrics(allMetrics(), manifest.periods, manifest.settings.embedded_metrics);
  const targets = [...areas.ofType('england'), ...areas.ofType('icb'), ...areas.ofType('place'), ...areas.ofType('hub')];
  // A hub's trend against its place and England, as on the hub page; its SPC and comparison are
  // not offered (sparse after suppression; hubs are ranked on the metric page).
  const offered = (chart: string, type: string) => (type === 'hub' ? chart === 'trend' : chart !== 'compare' || type !== 'england');
  return prerenderedAreas(targets).flatMap((area) =>
    metrics.flatMap((metric) => EMBED_CHARTS.filter((chart) => offered(chart, area.area_type)).map((chart) => ({ chart, metric: metric.id, area: area.area_code }))),
  );
};

export const load: PageServerLoad = async ({ params }) => {
  const { db, areas, manifest } = await extractDb();
  const metric = findMetric(params.metric);
  const area = areas.get(params.area);
  if (!metric || !area || !(EMBED_CHARTS as readonly string[]).includes(params.chart)) error(404, 'No such chart');
  const view = await embedView((m, b, t, c) => querySeries(db, m, b, t, c), areas, params.chart as EmbedChart, metric, area);
  const plot = embedPlot(metric, view);
  return {
    metricId: metric.id,
    areaCode: area.area_code,
    view,
    // Drawn at several widths: the page shows the one whose text is readable in its box.
    svg: plot ? prerenderAt((width) => renderSvg(plot(width))) : null,
    builtAt: manifest.built_at,
    illustrative: manifest.illustrative,
  };
};
