// The national files, ingested into an empty folder in three different orders, give the same
// extracts: the same rows with the same values, written in key order. Only the source kept for a
// row two files give alike may differ: it is the file ingested first (a later file with the same
// value changes nothing).
import { allMetrics } from '../../src/lib/definitions';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingest, type IngestOutcome } from '../../pipelines/ingest';
import { fromArrowIpc, toArrowIpc } from '../../src/lib/contract/arrow';
import { definitionsInForce } from '../../pipelines/definitions';
import { formatError } from '../../src/lib/contract/errors';
import { TABLE_NAMES } from '../../src/lib/contract/schema';
import { COUNCILS } from '../../src/lib/geography/councils';
import { inUse } from '../../src/lib/geography/reference';
import { CREATE_LOCAL_LAYER, createMetricValues } from '../../src/lib/metrics/queries';
import { nodeDuckDb } from '../../src/lib/server/node-duckdb';
import { hasRealData, REAL_DATA_DIR, realDataReason } from '../helpers/real-data';
import { tempDir } from '../helpers/temp';

const real = (f: string) => path.join(REAL_DATA_DIR, f);
const FILES = hasRealData
  ? [
      real('ons/ons-mye-mid2018-persons-single-year-of-age.csv'),
      real('ons/ons-mye-mid2020-persons-single-year-of-age.csv'),
      real('ascof/ascof-2020-21-measures.csv'),
      real('nhse-dtoc-compiled/dtoc-la-responsible-org-2011-04-to-2019-12.csv'),
      ...readdirSync(real('nhse-dtoc-monthly')).filter((f) => f.endsWith('-la-by-responsible-org.csv')).sort().map((f) => real(`nhse-dtoc-monthly/${f}`)),
    ]
  : [];

const dir = tempDir('bcf-national-');

/** Every table of an extracts folder, rows without their source. */
function extracts(out: string) {
  return Object.fromEntries(TABLE_NAMES.map((name) => {
    const rows = fromArrowIpc(name, readFileSync(path.join(out, `${name}.arrow`))) as unknown as Record<string, unknown>[];
    return [name, rows.map(({ source: _source, ...rest }) => rest)];
  }));
}

describe.skipIf(!hasRealData)(`the national files into an empty folder, in any order${realDataReason}`, () => {
  const orders = {
    // The monthly sheets first: before this change they were refused for want of regions.
    monthlyFirst: [...FILES.slice(4), ...FILES.slice(0, 4)],
    asListed: FILES,
    reversed: [...FILES].reverse(),
  };
  const results: Record<string, { outcome: IngestOutcome | null; out: string }> = {};
  beforeAll(async () => {
    for (const [name, files] of Object.entries(orders)) {
      const out = path.join(dir, name);
      results[name] = { outcome: await ingest(files, { out }), out };
    }
  }, 600_000);

  it('reads every file without a refused row, in each order', async () => {
    for (const { outcome } of Object.values(results)) {
      expect(outcome!.errors.map(formatError)).toEqual([]);
      expect(outcome!.written).toBe(true);
    }
  });

  it('writes the same rows with the same values, in key order', { timeout: 60_000 }, async () => {
    const [first, ...others] = Object.values(results).map((r) => extracts(r.out));
    for (const other of others) for (const name of TABLE_NAMES) expect(JSON.stringify(other[name]) === JSON.stringify(first![name]), name).toBe(true);
    expect(first!.observations!.length).toBeGreaterThan(15847 * 4);
    const areas = first!.areas as { area_code: string; area_name: string; area_type: string; parent_code: string | null }[];
    expect(areas.map((a) => a.area_code)).toEqual(areas.map((a) => a.area_code).sort());
    // Official names, whichever file spelled them otherwise.
    const name = (code: string) => areas.find((a) => a.area_code === code)?.area_name;
    expect([name('E06000047'), name('E06000033'), name('E06000035')]).toEqual(['County Durham', 'Southend-on-Sea', 'Medway']);
    // Halton under its ICB, the ICB under the North West.
    expect(areas.find((a) => a.area_code === 'E06000006')?.parent_code).toBe('E54000008');
    expect(areas.find((a) => a.area_code === 'E54000008')?.parent_code).toBe('E12000002');
  });

  it('gives Buckinghamshire County Council its delayed days from April 2011', async () => {
    const obs = extracts(results.asListed!.out).observations as { area_code: string; period_start: string; breakdown: string; metric: string }[];
    const bucks = obs.filter((o) => o.area_code === 'E10000002' && o.metric === 'dtoc' && o.breakdown === 'total').map((o) => o.period_start).sort();
    expect([bucks.length, bucks[0], bucks.at(-1)]).toEqual([105, '2011-04-01', '2019-12-01']);
  });

  it('says in the report where a file spells a name in a way the reference does not record', async () => {
    const notes = results.asListed!.outcome!.reports.map((r) => [r.file, r.skipped.filter((s) => s.includes('spelled differently'))]);
    expect(notes.filter(([, n]) => n!.length)).toEqual([]);
  });

  it('gives every North West council of the DToC years an ICB line, the sum of its places, from April 2011', { timeout: 120_000 }, async () => {
    const out = results.asListed!.out;
    const db = await nodeDuckDb();
    for (const name of TABLE_NAMES) db.insertArrow(name, readFileSync(path.join(out, `${name}.arrow`)));
    await db.query('DROP TABLE metrics');
    db.insertArrow('metrics', toArrowIpc('metrics', definitionsInForce([])));
    for (const sql of CREATE_LOCAL_LAYER) await db.query(sql);
    await db.query(createMetricValues(allMetrics()));
    const icbs = [...new Set(COUNCILS.filter((c) => c.region === 'E12000002' && inUse(c, '2019-12-01')).map((c) => c.icb))].sort();
    // Cumbria counts in North East and North Cumbria (most of its people), the rest in three North West ICBs.
    expect(icbs).toEqual(['E54000008', 'E54000048', 'E54000050', 'E54000057']);
    const rows = await db.query<{ area_code: string; months: number; first: string }>(
      `SELECT area_code, count(*)::INTEGER AS months, strftime(min(period_start), '%Y-%m-%d') AS first FROM metric_values
       WHERE metric = 'dtoc' AND breakdown = 'total' AND area_code IN (${icbs.map(() => '?').join(', ')}) GROUP BY area_code ORDER BY area_code`,
      icbs,
    );
    // 105 months of the compiled series; the City of London aside, every place reports in each.
    expect(rows).toEqual(icbs.map((area_code) => ({ area_code, months: 105, first: '2011-04-01' })));
  });
});
