// The small-number suppression of the bundled extract, worked out once at build time (the same
// code the browser runs), so pages need not repeat it on every visit. Pages use it only when it
// was made from the extract they loaded and they hold no uploads of their own.
import { json } from '@sveltejs/kit';
import { SUPPRESSION_THRESHOLD } from '$lib/metrics/disclosure';
import { extractDb } from '$lib/server/extract-db';
import type { PrecomputedSuppression } from '$lib/db/prepare';

export const prerender = true;

export async function GET() {
  const { db, manifest } = await extractDb();
  const rows = await db.query<{ metric: string; area_code: string; period_start: string; period_type: string; breakdown: string }>(
    `SELECT metric, area_code, strftime(period_start, '%Y-%m-%d') AS period_start, period_type, breakdown FROM metric_values WHERE suppressed`,
  );
  const body: PrecomputedSuppression = {
    built_at: manifest.built_at,
    threshold: SUPPRESSION_THRESHOLD,
    rows: rows.map((r) => [r.metric, r.area_code, r.period_start, r.period_type, r.breakdown]),
  };
  return json(body);
}
