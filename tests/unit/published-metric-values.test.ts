// A page with nothing uploaded reads metric_values straight from the published extract (a view):
// the rows and targets must be exactly those the full preparation would make from it again.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PublishedManifest } from '../../src/lib/contract/manifest';
import { TABLE_NAMES } from '../../src/lib/contract/schema';
import { DEFAULT_SETTINGS } from '../../src/lib/contract/settings';
import { buildMetricValues, loadTables } from '../../src/lib/db/prepare';
import { allMetrics } from '../../src/lib/definitions';
import { createMetricValues, everySeriesQuery } from '../../src/lib/metrics/queries';
import { nodeDuckDb } from '../../src/lib/server/node-duckdb';
import { generateDemo } from '../../pipelines/demo/generate';
import { writeExtracts } from '../../pipelines/extracts';
import { publish } from '../../pipelines/publish';
import { tempDir } from '../helpers/temp';

const ALL_ROWS = `SELECT metric, area_code, strftime(period_start, '%Y-%m-%d') AS period_start, period_type, breakdown, numerator,
  denominator, published_value, suppressed, local, source_file, source_row, target, target_local
  FROM metric_values ORDER BY metric, area_code, period_start, period_type, breakdown`;

describe('metric_values from the published extract with nothing uploaded', () => {
  let dir = '';
  let manifest: PublishedManifest;
  beforeAll(async () => {
    const work = tempDir('bcf-published-mv-');
    writeExtracts(path.join(work, 'extracts'), generateDemo(), { illustrative: true, sources: [], revisions: [] });
    dir = path.join(work, 'site');
    manifest = await publish(path.join(work, 'extracts'), dir, DEFAULT_SETTINGS);
  }, 120_000);

  async function prepared(published: boolean) {
    const db = await nodeDuckDb();
    await loadTables(db, TABLE_NAMES.map((name) => ({ name, bytes: readFileSync(path.join(dir, manifest.extracts[name].file)) })));
    const areas = await buildMetricValues(db, null, published);
    return { db, areas };
  }

  it('holds every row and target the full preparation makes, and the same areas', async () => {
    const [full, view] = await Promise.all([prepared(false), prepared(true)]);
    const [a, b] = await Promise.all([full.db.query(ALL_ROWS), view.db.query(ALL_ROWS)]);
    expect(b.length).toBe(manifest.extracts.observations.rows);
    expect(b).toEqual(a);
    // Halton's 2018-19 DToC plan, as the demo's targets file gives it, reaches its March 2019 total.
    const halton = b.find((r) => r.metric === 'dtoc' && r.area_code === 'E06000006' && r.period_start === '2019-03-01' && r.breakdown === 'total');
    const planned = generateDemo().targets.find((t) => t.metric === 'dtoc' && t.area_code === 'E06000006' && t.period_start === '2018-04-01');
    expect(halton?.target).toBe(planned?.target);
    expect(view.areas.all).toEqual(full.areas.all);
  }, 60_000);

  it('joins its targets and DSR sums by hash, not by a nested loop over every pair of rows', async () => {
    // A join condition on the observations' side alone (breakdown = 'total') once turned both
    // joins into nested loops: five seconds for every query of the view at demo size.
    const { db } = await prepared(true);
    const [plan] = await db.query<{ explain_value: string }>('EXPLAIN SELECT count(*) FROM metric_values');
    expect(plan!.explain_value).toMatch(/HASH_JOIN/);
    expect(plan!.explain_value).not.toMatch(/NL_JOIN|NESTED_LOOP|CROSS_PRODUCT/);
  });

  it('reads only the areas asked from the published observations, filtering them while reading', async () => {
    // What a page with nothing uploaded asks for a change of metric: every series of a place's areas.
    const { db } = await prepared(true);
    const { sql, params } = everySeriesQuery(['E08000005', 'E08000005-N2', 'E54000008', 'E92000001']);
    const rows = await db.query(sql, params);
    expect(rows.length).toBeGreaterThan(1000);
    const [plan] = await db.query<{ explain_value: string }>(`EXPLAIN (ANALYZE, FORMAT json) ${sql}`, params);
    type Node = { operator_type?: string; operator_cardinality?: number; extra_info?: { Table?: string }; children?: Node[] };
    const scans = (n: Node): Node[] => [...(n.operator_type === 'TABLE_SCAN' && n.extra_info?.Table === 'observations' ? [n] : []), ...(n.children ?? []).flatMap(scans)];
    const [scan, ...others] = scans(JSON.parse(plan!.explain_value) as Node);
    expect(others).toEqual([]);
    // (Every observation, 172,765 at demo size, when the list alone filtered them, after reading.)
    expect(scan!.operator_cardinality).toBeLessThan(2 * rows.length);
  });

  it('is built as a table (uploads held, or publishing) by hash joins, loops only over the small reference tables', async () => {
    // Old conditions on one side alone (o.denominator IS NULL, s.breakdown = 'total') made two
    // joins nested loops over every pair of rows: 16 s instead of 0.4 s at demo size.
    const { db } = await prepared(false);
    const statements = createMetricValues(allMetrics()).split(';').map((q) => q.trim()).filter(Boolean);
    const loops: string[] = [];
    const walk = (node: { name?: string; extra_info?: Record<string, string>; children?: unknown[] }) => {
      if (node.name && /JOIN/.test(node.name) && node.name !== 'HASH_JOIN') loops.push(`${node.name}: ${node.extra_info?.Condition ?? node.extra_info?.Conditions}`);
      for (const child of node.children ?? []) walk(child as typeof node);
    };
    for (const sql of statements) {
      const [plan] = await db.query<{ explain_value: string }>(`EXPLAIN (FORMAT json) ${sql}`);
      walk({ children: JSON.parse(plan!.explain_value) });
    }
    // Which council codes were in use in each period (a few hundred codes by a few hundred periods),
    // and the ranks of the four period types.
    expect(loops).toHaveLength(2);
    for (const loop of loops) expect(loop).toMatch(/valid_from|rank <= rank/);
  });

  it('can be rebuilt as a table once rows are uploaded, and as the view again when they are removed', async () => {
    const { db } = await prepared(true);
    await buildMetricValues(db, 7, false);
    await buildMetricValues(db, null, true);
    const [kind] = await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM duckdb_views() WHERE view_name = 'metric_values'`);
    expect(kind?.n).toBe(1);
  }, 60_000);
});
