// The overview's default view (the home place, this year's BCF metrics), drawn at build time from the bundled extract, so a reader
// sees figures and charts before DuckDB-WASM has started, and without JavaScript.
import { barsPlot } from '$lib/charts/bars';
import { prerenderAt, type Prerendered } from '$lib/charts/prerender';
import { sparklinePlot } from '$lib/charts/sparkline';
import { querySeriesSet } from '$lib/db/prepare';
import { allMetrics } from '$lib/definitions';
import { builtMetrics } from '$lib/metrics/bcf-year';
import { compareGroup } from '$lib/metrics/comparison';
import { pointsOf, type Point } from '$lib/metrics/series';
import { homeSystem } from '$lib/selection';
import { builtSeriesFiles } from '$lib/server/built-views';
import { extractDb } from '$lib/server/extract-db';
import { renderSvg } from '$lib/server/render-svg';
import type { PageServerLoad } from './$types';

export const prerender = true;

export const load: PageServerLoad = async () => {
  const { db, areas, manifest, packIcbs } = await extractDb();
  const packs = [...packIcbs];
  const home = homeSystem(areas, manifest.settings.home_area);
  if (!home) return { initial: null, packs };
  const { place, eng, group, groupPlaces } = home;
  const codes = [eng.area_code, group.area_code, ...groupPlaces.map((a) => a.area_code)];
  const byMetric: Record<string, Point[]> = {};
  const svg: Record<string, { sparkline: string; bars: Prerendered[] | null }> = {};
  // The default view: this year's core metrics (the latest BCF year with figures held).
  const metrics = builtMetrics(allMetrics(), manifest.periods);
  const all = await querySeriesSet(db, metrics.map((m) => ({ metric: m, breakdown: 'total', periodType: m.periodTypes[0]! })), codes);
  for (const [i, m] of metrics.entries()) {
    const points = all[i]!;
    byMetric[m.id] = points;
    const c = compareGroup(m, points, place, eng, group, groupPlaces);
    svg[m.id] = { sparkline: renderSvg(sparklinePlot(pointsOf(points, place.area_code))(330)), bars: c ? prerenderAt((width) => renderSvg(barsPlot(m, c.bars, c.refs)(width))) : null };
  }
  return { initial: { place: place.area_code, builtAt: manifest.built_at, areas: areas.all, byMetric, svg, everyArea: await builtSeriesFiles() }, packs };
};
