// The generated record-level demo: aggregated by the pipeline, its figures reconcile (hubs to
// places), match a separate count made here in plain JavaScript, and follow the places'
// calibration figures.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PLACES } from '../../pipelines/demo/geography';
import { demoHubMap, generateRecords, type GeneratedRecords } from '../../pipelines/demo/records';
import { aggregateRecordFiles, recordFile } from '../../pipelines/records';
import type { RecordAggregates } from '../../src/lib/records/aggregate';
import { tempDir } from '../helpers/temp';

describe('generated record-level data for the 19 demo places', () => {
  let files: GeneratedRecords;
  let result: RecordAggregates;
  beforeAll(async () => {
    files = generateRecords(tempDir('records-demo-'), 100_000);
    result = await aggregateRecordFiles([recordFile(files.spells)!, recordFile(files.events)!], demoHubMap());
  }, 120_000);

  const fy = (o: { metric: string; period_type: string; period_start: string }, metric: string) => o.metric === metric && o.period_type === 'financial_year' && o.period_start === '2024-04-01';

  it('is the same on every run, and about the size asked for', () => {
    expect(files.rows).toBeGreaterThan(95_000);
    expect(files.rows).toBeLessThan(105_000);
    const again = generateRecords(tempDir('records-demo-'), 100_000);
    expect(readFileSync(again.spells, 'utf8')).toBe(readFileSync(files.spells, 'utf8'));
    expect(readFileSync(again.events, 'utf8')).toBe(readFileSync(files.events, 'utf8'));
  }, 60_000);

  it('counts emergency admissions 65+ per place and hub exactly as a plain count of the spells does', () => {
    const hubOf = new Map(demoHubMap().map((h) => [h.practice_code, h]));
    const expected = new Map<string, number>();
    const add = (k: string) => expected.set(k, (expected.get(k) ?? 0) + 1);
    for (const line of readFileSync(files.spells, 'utf8').trim().split('\n').slice(1)) {
      const [, age, place, practice, admitted, method] = line.split(',');
      if (!method!.startsWith('2') || Number(age) < 65 || admitted! < '2024-04-01' || admitted! >= '2025-04-01') continue;
      const hub = hubOf.get(practice!);
      add(place!);
      add(hub?.place_code === place ? hub!.hub_code : `${place}-UNASSIGNED`);
    }
    const got = new Map(result.observations.filter((o) => fy(o, 'emergency_admissions_65')).map((o) => [o.area_code, o.numerator]));
    expect(got).toEqual(expected);
    expect(got.size).toBe(19 + demoHubMap().reduce((s, h) => s.add(h.hub_code), new Set<string>()).size + 19);
  });

  it('makes each place the sum of its hubs, the unassigned hub included, for every metric and period', () => {
    const parent = new Map(result.hubs.map((h) => [h.area_code, h.parent_code!]));
    const key = (o: RecordAggregates['observations'][number], area: string) => [o.metric, area, o.period_type, o.period_start, o.breakdown].join('|');
    const sums = new Map<string, number>();
    for (const o of result.observations) if (parent.has(o.area_code)) sums.set(key(o, parent.get(o.area_code)!), (sums.get(key(o, parent.get(o.area_code)!)) ?? 0) + o.numerator);
    const places = result.observations.filter((o) => !parent.has(o.area_code));
    expect(new Set(places.map((o) => o.metric))).toEqual(new Set(['ascof_2a2', 'ascof_2b1', 'discharge_delay', 'discharged_on_ready_date', 'emergency_admissions_65', 'falls_65']));
    for (const p of places) expect(sums.get(key(p, p.area_code)), key(p, p.area_code)).toBe(p.numerator);
  });

  it("follows the places' published 2A(2) and 2B(1) figures (all 19 together, within chance)", () => {
    const admissions = result.observations.filter((o) => fy(o, 'ascof_2a2') && PLACES.some((p) => p.code === o.area_code)).reduce((s, o) => s + o.numerator, 0);
    const expectedAdmissions = PLACES.reduce((s, p) => s + (p.admissionsRate * p.pop65[1]) / 1e5, 0);
    expect(admissions / expectedAdmissions).toBeGreaterThan(0.93);
    expect(admissions / expectedAdmissions).toBeLessThan(1.07);
    const atHome = result.observations.filter((o) => fy(o, 'ascof_2b1') && PLACES.some((p) => p.code === o.area_code));
    const share = atHome.reduce((s, o) => s + o.numerator, 0) / atHome.reduce((s, o) => s + o.denominator!, 0);
    const expectedShare = PLACES.reduce((s, p) => s + p.atHomePct * p.reablementCohort, 0) / PLACES.reduce((s, p) => s + p.reablementCohort, 0) / 100;
    expect(Math.abs(share - expectedShare)).toBeLessThan(0.03);
  });
});
