// The metric page's default view (the first metric held, its first breakdown and period type), as
// the build's figures for every area the page may ask for while a reader stays within the home
// place's integrated care system: each place, its hubs, the ICS and England. The page draws from
// them, before its own DuckDB is up and after, while they are what is served (every other area's
// rows of the series come from the build's /views files: server/built-views.ts).
import { queryHeld, querySeriesRows } from '$lib/db/prepare';
import { allMetrics } from '$lib/definitions';
import { packSeries } from '$lib/metrics/built-series';
import { metricChoices } from '$lib/metrics/metric-choices';
import { homeSystem } from '$lib/selection';
import { builtSeriesFiles } from '$lib/server/built-views';
import { extractDb } from '$lib/server/extract-db';
import type { PageServerLoad } from './$types';

export const prerender = true;

export const load: PageServerLoad = async () => {
  const { db, areas, manifest } = await extractDb();
  const home = homeSystem(areas, manifest.settings.home_area);
  if (!home) return { initial: null };
  const { coverage } = await queryHeld(db);
  const { metric, breakdown, periodType } = metricChoices(allMetrics(), coverage, { metric: null, breakdown: null, period: null });
  const hubsOf = (code: string) => areas.children(code).filter((a) => a.area_type === 'hub').map((h) => h.area_code);
  const codes = [home.eng.area_code, home.group.area_code, ...home.groupPlaces.flatMap((p) => [p.area_code, ...hubsOf(p.area_code)])];
  const rows = await querySeriesRows(db, metric.id, breakdown.id, periodType, codes);
  return {
    initial: {
      place: home.place.area_code,
      builtAt: manifest.built_at,
      areas: areas.all,
      coverage,
      series: packSeries({ metric: metric.id, breakdown: breakdown.id, periodType, codes }, rows),
      everyArea: await builtSeriesFiles(),
    },
  };
};
