// An ICB's figures are the sums of all of its councils: a site whose data hold only some of them (a
// council's own data alone) gives the ICB no figures, so no board pack and no link to one, rather
// than a pack of empty pages or, as before, that council's figures under the ICB's name.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyTables } from '../../src/lib/contract/canonical';
import type { Area, Observation, Tables } from '../../src/lib/contract/schema';
import { DEFAULT_SETTINGS } from '../../src/lib/contract/settings';
import { extractDb } from '../../src/lib/server/extract-db';
import { writeExtracts } from '../../pipelines/extracts';
import { publish } from '../../pipelines/publish';
import { tempDir } from '../helpers/temp';

const AREAS: Area[] = [
  { area_code: 'E92000001', area_name: 'England', area_type: 'england', parent_code: null },
  { area_code: 'E12000002', area_name: 'North West', area_type: 'region', parent_code: 'E92000001' },
  { area_code: 'E54000008', area_name: 'NHS Cheshire and Merseyside Integrated Care Board', area_type: 'icb', parent_code: 'E12000002' },
  { area_code: 'E06000006', area_name: 'Halton', area_type: 'place', parent_code: 'E54000008' },
];
const obs = (area: string, numerator: number): Observation => ({
  metric: 'ascof_2a2', area_code: area, period_start: '2024-04-01', period_type: 'financial_year', breakdown: 'total',
  numerator, denominator: 24_000, published_value: null, suppressed: false, source: 'own.csv',
});

describe('board packs of ICBs', () => {
  it('has none for an ICB of which the data hold one council of nine, though the council has its figures', async () => {
    const work = tempDir('bcf-pack-icbs-');
    const [from, to] = [path.join(work, 'extracts'), path.join(work, 'site')];
    const tables: Tables = { ...emptyTables(), areas: AREAS, observations: [obs('E06000006', 150)] };
    writeExtracts(from, tables, { illustrative: false, sources: [], revisions: [] });
    await publish(from, to, { ...DEFAULT_SETTINGS, data_set: 'own', home_area: 'E06000006' });
    const { db, areas, packIcbs } = await extractDb(to);
    expect(areas.get('E54000008')?.area_type).toBe('icb');
    expect([...packIcbs]).toEqual([]);
    const rows = await db.query<{ area_code: string; numerator: number }>(`SELECT area_code, numerator FROM metric_values WHERE metric = 'ascof_2a2' ORDER BY area_code`);
    expect(rows).toEqual([{ area_code: 'E06000006', numerator: 150 }]);
  }, 120_000);
});
