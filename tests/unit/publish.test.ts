// Publishing: the private, full-precision extracts become the site's disclosure-controlled ones.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromArrowIpc } from '../../src/lib/contract/arrow';
import { emptyTables } from '../../src/lib/contract/canonical';
import type { PublishedManifest } from '../../src/lib/contract/manifest';
import type { Area, Observation, Tables } from '../../src/lib/contract/schema';
import { DEFAULT_SETTINGS } from '../../src/lib/contract/settings';
import { writeExtracts } from '../../pipelines/extracts';
import { publish } from '../../pipelines/publish';
import { builtinDefinitions } from '../../pipelines/definitions';
import { readCanonicalCsv } from '../../src/lib/contract/canonical';
import { tempDir } from '../helpers/temp';

const AREAS: Area[] = [
  { area_code: 'E92000001', area_name: 'England', area_type: 'england', parent_code: null },
  { area_code: 'E12000002', area_name: 'North West', area_type: 'region', parent_code: 'E92000001' },
  // An ICB of these two places alone (a real ICB's code would ask for all of its councils' figures).
  { area_code: 'E54999999', area_name: 'Test ICB', area_type: 'icb', parent_code: 'E12000002' },
  { area_code: 'P1', area_name: 'Place one', area_type: 'place', parent_code: 'E54999999' },
  { area_code: 'P2', area_name: 'Place two', area_type: 'place', parent_code: 'E54999999' },
  { area_code: 'H1', area_name: 'Hub one', area_type: 'hub', parent_code: 'P1' },
  { area_code: 'H2', area_name: 'Hub two', area_type: 'hub', parent_code: 'P1' },
  { area_code: 'H3', area_name: 'Hub three', area_type: 'hub', parent_code: 'P1' },
];

const obs = (metric: string, area: string, numerator: number, denominator: number, published_value: number | null = null): Observation => ({
  metric, area_code: area, period_start: '2020-04-01', period_type: 'financial_year', breakdown: 'total',
  numerator, denominator, published_value, suppressed: false, source: `private.csv:${numerator}`,
});

const PRIVATE: Observation[] = [
  // Care-home admissions: hub one's 3 is disclosive; hub two (the smallest other hub) hides with it.
  obs('ascof_2a2', 'H1', 3, 10_000, 30),
  obs('ascof_2a2', 'H2', 12, 10_000),
  obs('ascof_2a2', 'H3', 20, 10_000),
  obs('ascof_2a2', 'P1', 35, 30_000, 116.7),
  obs('ascof_2a2', 'P2', 50, 20_000),
  // At home after 91 days: place two has 5 people not at home (50 − 45), so it hides; place one
  // hides with it, as the ICB (their sum) is shown.
  obs('ascof_2b1', 'P1', 100, 120),
  obs('ascof_2b1', 'P2', 45, 50, 90),
];

async function published(threshold: number, observations = PRIVATE) {
  const work = tempDir('bcf-publish-');
  const [from, to] = [path.join(work, 'extracts'), path.join(work, 'site')];
  const tables: Tables = { ...emptyTables(), areas: AREAS, observations };
  writeExtracts(from, tables, { illustrative: false, sources: [], revisions: [{ table: 'observations', key: 'k', old: '5', new: '6', old_source: 'a', new_source: 'b', at: 'now' }] });
  const manifest = await publish(from, to, { ...DEFAULT_SETTINGS, suppression_threshold: threshold });
  const rows = fromArrowIpc('observations', readFileSync(path.join(to, manifest.extracts.observations.file)));
  const row = (metric: string, area: string) => rows.find((r) => r.metric === metric && r.area_code === area);
  return { manifest, rows, row, from, to };
}

describe('publishing the private extracts', { timeout: 60_000 }, () => {
  let at7: Awaited<ReturnType<typeof published>>;
  beforeAll(async () => {
    at7 = await published(7);
  }, 60_000);

  it('empties every suppressed cell: no numerator, denominator or published value to recover it from', () => {
    const { row } = at7;
    for (const [metric, area] of [['ascof_2a2', 'H1'], ['ascof_2a2', 'H2'], ['ascof_2b1', 'P1'], ['ascof_2b1', 'P2']] as const) {
      expect(row(metric, area), `${metric} ${area}`).toMatchObject({ suppressed: true, numerator: null, denominator: null, published_value: null });
    }
    expect(row('ascof_2a2', 'H3')).toMatchObject({ suppressed: false, numerator: 20, denominator: 10_000 });
    expect(row('ascof_2a2', 'P1')).toMatchObject({ suppressed: false, numerator: 35, published_value: 116.7 });
  });

  it('publishes each ICB as a row of its own, summed from the full counts of its places', () => {
    const { row } = at7;
    expect(row('ascof_2a2', 'E54999999')).toMatchObject({ numerator: 85, denominator: 50_000, suppressed: false, source: "sum of the ICB's places" });
    // Both places are hidden, yet the ICB is the true 145 of 170, not a sum of what is shown.
    expect(row('ascof_2b1', 'E54999999')).toMatchObject({ numerator: 145, denominator: 170, suppressed: false });
  });

  it('uses the threshold of the settings', async () => {
    const { row, manifest } = await published(2);
    expect(row('ascof_2a2', 'H1')).toMatchObject({ suppressed: false, numerator: 3 });
    expect(manifest.settings.suppression_threshold).toBe(2);
    expect(manifest.suppressed_rows).toBe(0);
  });

  it('publishes no revisions (they hold old and new counts) and names extracts by their content', () => {
    const { manifest, to } = at7;
    const text = readFileSync(path.join(to, 'manifest.json'), 'utf8');
    expect(JSON.parse(text)).not.toHaveProperty('revisions');
    expect((JSON.parse(text) as PublishedManifest).settings).not.toHaveProperty('data_set');
    expect(manifest.extracts.observations.file).toMatch(/^observations\.[0-9a-f]{16}\.arrow$/);
    expect(readdirSync(to).sort()).toEqual(
      ['manifest.json', ...Object.values(manifest.extracts).map((e) => e.file)].flatMap((f) => [f, `${f}.gz`]).sort(),
    );
  });

  it('keeps the previous publication’s files for pages that read its manifest, and removes older ones', async () => {
    const first = await published(7);
    // Threshold 2 changes which rows are suppressed, so each publication has new extract files.
    const second = await publish(first.from, first.to, { ...DEFAULT_SETTINGS, suppression_threshold: 2 });
    const third = await publish(first.from, first.to, { ...DEFAULT_SETTINGS, suppression_threshold: 4 });
    const held = readdirSync(first.to);
    expect(held).toContain(second.extracts.observations.file);
    expect(held).toContain(third.extracts.observations.file);
    expect(held).not.toContain(first.manifest.extracts.observations.file);
  });

  it('publishes the definitions in force: the built-in ones, with the data team’s own over them and beside them', async () => {
    const own = readCanonicalCsv('defs.csv', [
      'id,title,kind,unit,polarity,period_types,population_band,core_years',
      'ascof_2a2,Care home admissions (our words),rate,per 100000 aged 65+,lower,quarter;financial_year,65+,2025-26',
      'falls_local,Falls seen by our team,rate,per 100000 aged 65+,lower,quarter,65+,2025-26',
    ].join('\n')).tables.metrics;
    const work = tempDir('bcf-publish-');
    writeExtracts(path.join(work, 'extracts'), { ...emptyTables(), areas: AREAS, metrics: own }, { illustrative: false, sources: [], revisions: [] });
    const manifest = await publish(path.join(work, 'extracts'), path.join(work, 'site'), DEFAULT_SETTINGS);
    const definitions = fromArrowIpc('metrics', readFileSync(path.join(work, 'site', manifest.extracts.metrics.file)));
    expect(definitions.map((d) => d.id)).toEqual([...builtinDefinitions().map((d) => d.id), 'falls_local']);
    expect(definitions.find((d) => d.id === 'ascof_2a2')!.title).toBe('Care home admissions (our words)');
    expect(manifest.extracts.metrics.rows).toBe(builtinDefinitions().length + 1);
  });
});
