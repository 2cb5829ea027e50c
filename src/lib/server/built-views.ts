// Every area's rows of the series the overview's and the metric page's default views draw, as
// everyAreaQuery answers them, each in an Arrow file named by its content (served under /views/).
// A page answers a change of place in a default view from these, before its own DuckDB is up and
// after, while the publication they were built from is served and nothing is uploaded
// (db/data.svelte.ts): at national size, a first change of place made as DuckDB came up waited
// 150–350 ms for the same rows from a just-started engine.
import { createHash } from 'node:crypto';
import { tableToIPC } from 'apache-arrow';
import { queryHeld } from '../db/prepare';
import { allMetrics, type Metric } from '../definitions';
import { bcfYearsOffered, builtMetrics, coreMetricsOf, heldSpan } from '../metrics/bcf-year';
import type { BuiltSeriesFile } from '../metrics/built-series';
import { metricChoices } from '../metrics/metric-choices';
import { everyAreaQuery, type SeriesAsk } from '../metrics/queries';
import { extractDb } from './extract-db';

/** A series a file answers, and whether it is drawn only in another BCF year's view than this one's. */
type Ask = SeriesAsk & { later: boolean };

let made: Promise<Map<string, { ask: Ask; bytes: Uint8Array }>> | undefined;

/**
 * The default views' series (the overview's, this year's core metrics, and the metric page's),
 * then those of the overview in every other BCF year (`later`): a change of year is then answered
 * from them too, where each first change to a year with other core metrics waited for DuckDB.
 */
async function defaultSeries(): Promise<Ask[]> {
  const { db, manifest } = await extractDb();
  const metrics = allMetrics();
  const overview = (ms: Metric[]) => ms.map((m) => ({ metric: m.id, breakdown: 'total', periodType: m.periodTypes[0]! }));
  const { metric, breakdown, periodType } = metricChoices(metrics, (await queryHeld(db)).coverage, { metric: null, breakdown: null, period: null });
  const years = bcfYearsOffered(metrics, manifest.periods).map((y) => y.year);
  const everyYear = metrics.filter((m) => years.some((y) => coreMetricsOf(y, metrics).includes(m)) && heldSpan(m.id, manifest.periods));
  const asks = [
    ...[...overview(builtMetrics(metrics, manifest.periods)), { metric: metric.id, breakdown: breakdown.id, periodType }].map((a) => ({ ...a, later: false })),
    ...overview(everyYear).map((a) => ({ ...a, later: true })),
  ];
  return asks.filter((a, i) => asks.findIndex((b) => b.metric === a.metric && b.breakdown === a.breakdown && b.periodType === a.periodType) === i);
}

/** The files, by name, with what each answers and its bytes (made once per build). */
export function everyAreaFiles(): Promise<Map<string, { ask: Ask; bytes: Uint8Array }>> {
  made ??= (async () => {
    const { db } = await extractDb();
    const files = new Map<string, { ask: Ask; bytes: Uint8Array }>();
    for (const ask of await defaultSeries()) {
      const { sql, params } = everyAreaQuery(ask);
      const bytes = tableToIPC(await db.queryTable(sql, params), 'stream');
      // The series named too: two series' rows may be the same bytes (both empty, say).
      const hash = createHash('sha256').update(JSON.stringify({ metric: ask.metric, breakdown: ask.breakdown, periodType: ask.periodType })).update(bytes).digest('hex').slice(0, 16);
      files.set(`${ask.metric.toLowerCase().replace(/[^a-z0-9_]/g, '_')}.${hash}.arrow`, { ask, bytes });
    }
    return files;
  })();
  return made;
}

/** What a page sends its reader's browser: each file's name and the series it answers. */
export async function builtSeriesFiles(): Promise<BuiltSeriesFile[]> {
  return [...(await everyAreaFiles())].map(([file, { ask: { later, ...ask } }]) => ({ ...ask, file, ...(later ? { later } : {}) }));
}
