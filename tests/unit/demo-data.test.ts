import { describe, expect, it } from 'vitest';
import { toCanonicalCsv } from '../../src/lib/contract/write-csv';
import { emptyTables } from '../../src/lib/contract/canonical';
import { ingestTexts } from '../../src/lib/ingest/ingest';
import { builtinDefinitions } from '../../pipelines/definitions';
import { metricValue } from '../../src/lib/stats/rates';
import { metric } from '../../src/lib/definitions';
import { DTOC_MONTHS, generateDemo } from '../../pipelines/demo/generate';
import { PLACES } from '../../pipelines/demo/geography';
import type { Observation } from '../../src/lib/contract/schema';

const demo = generateDemo();
const key = (o: Observation) => `${o.metric}|${o.period_start}|${o.period_type}|${o.breakdown}`;
const rowsOf = (code: string) => demo.observations.filter((o) => o.area_code === code);

describe('demo data', () => {
  it('is the same on every run', () => {
    const again = generateDemo();
    expect(toCanonicalCsv('observations', again.observations)).toBe(toCanonicalCsv('observations', demo.observations));
    expect(again.populations).toEqual(demo.populations);
    expect(again.areas).toEqual(demo.areas);
  });

  it('has the real geography: 2 ICBs, their 19 places with ONS codes, 3–6 hubs each', () => {
    const places = demo.areas.filter((a) => a.area_type === 'place');
    expect(places).toHaveLength(19);
    expect(places.filter((p) => p.parent_code === 'E54000008').map((p) => p.area_name).sort()).toEqual([
      'Cheshire East', 'Cheshire West and Chester', 'Halton', 'Knowsley', 'Liverpool', 'Sefton', 'St. Helens', 'Warrington', 'Wirral',
    ]);
    expect(places.filter((p) => p.parent_code === 'E54000057')).toHaveLength(10);
    expect(demo.areas.find((a) => a.area_code === 'E08000002')?.area_name).toBe('Bury');
    for (const p of places) {
      const hubs = demo.areas.filter((a) => a.parent_code === p.area_code);
      expect(hubs.length).toBeGreaterThanOrEqual(3);
      expect(hubs.length).toBeLessThanOrEqual(6);
    }
    const halton = demo.areas.filter((a) => a.parent_code === 'E06000006').map((a) => a.area_name);
    expect(halton).toHaveLength(4);
    expect(halton.every((n) => /Widnes|Runcorn/.test(n))).toBe(true);
    expect(demo.areas.filter((a) => a.parent_code === 'E08000002')).toHaveLength(5);
  });

  it('uses the real ONS mid-2020 populations, with hubs summing to their place', () => {
    const pop = (code: string, year: number, band: string) =>
      demo.populations.find((p) => p.area_code === code && p.year === year && p.age_band === band)?.population;
    expect(pop('E06000006', 2020, '65+')).toBe(24_105); // = ASCOF 2020-21 Halton denominator
    expect(pop('E08000015', 2020, '65+')).toBe(71_289);
    expect(pop('E92000001', 2020, '65+')).toBe(10_464_019);
    for (const place of demo.areas.filter((a) => a.area_type === 'place')) {
      const hubs = demo.areas.filter((a) => a.parent_code === place.area_code);
      for (const band of ['18+', '18-64', '65+']) {
        for (const year of [2014, 2020, 2023]) {
          const sum = hubs.reduce((s, h) => s + pop(h.area_code, year, band)!, 0);
          expect(sum, `${place.area_name} ${band} ${year}`).toBe(pop(place.area_code, year, band));
        }
      }
    }
  });

  it('makes every place figure the exact sum of its hubs, numerators and denominators alike', () => {
    for (const place of PLACES) {
      const sums = new Map<string, [number, number]>();
      for (const h of demo.areas.filter((a) => a.parent_code === place.code)) {
        for (const o of rowsOf(h.area_code)) {
          const s = sums.get(key(o)) ?? [0, 0];
          sums.set(key(o), [s[0] + o.numerator, s[1] + o.denominator!]);
        }
      }
      const placeRows = rowsOf(place.code);
      expect(placeRows.length).toBe(sums.size);
      for (const o of placeRows) expect([o.numerator, o.denominator], `${place.name} ${key(o)}`).toEqual(sums.get(key(o)));
    }
  });

  it('splits DToC days exactly into NHS, social care and both, April 2015 to February 2020', () => {
    expect(DTOC_MONTHS[0]).toBe('2015-04-01');
    expect(DTOC_MONTHS.at(-1)).toBe('2020-02-01');
    const byKey = new Map(demo.observations.filter((o) => o.metric === 'dtoc').map((o) => [`${o.area_code}|${o.period_start}|${o.breakdown}`, o.numerator]));
    for (const area of ['E06000006', 'E06000006-N1', 'E92000001', 'E12000002']) {
      for (const m of DTOC_MONTHS) {
        const part = (b: string) => byKey.get(`${area}|${m}|${b}`)!;
        expect(part('nhs') + part('social_care') + part('both')).toBe(part('total'));
      }
    }
  });

  it('makes each financial year of admissions the sum of its four quarters', () => {
    const halton = rowsOf('E06000006').filter((o) => o.metric === 'ascof_2a2');
    for (const fy of halton.filter((o) => o.period_type === 'financial_year')) {
      const year = Number(fy.period_start.slice(0, 4));
      const quarters = halton.filter((o) => o.period_type === 'quarter' && o.period_start >= `${year}-04-01` && o.period_start < `${year + 1}-04-01`);
      expect(quarters).toHaveLength(4);
      expect(quarters.reduce((s, q) => s + q.numerator, 0)).toBe(fy.numerator);
    }
  });

  it('puts place rates in the published ranges', () => {
    const rates = (metricId: 'dtoc' | 'ascof_2a2' | 'ascof_2b1', type: 'month' | 'financial_year') =>
      PLACES.flatMap((p) =>
        rowsOf(p.code)
          .filter((o) => o.metric === metricId && o.period_type === type && o.breakdown === 'total')
          .map((o) => metricValue(metric(metricId), o.numerator, o.denominator, o.period_start, type)!),
      );
    const within = (xs: number[], lo: number, hi: number) => expect([Math.min(...xs), Math.max(...xs)]).toSatisfy(([a, b]: number[]) => a! >= lo && b! <= hi);
    within(rates('dtoc', 'month'), 1, 40); // published place DToC rates: about 2–35 a day per 100k
    within(rates('ascof_2a2', 'financial_year'), 80, 2000); // 2A(2): about 140–1,400 per 100k
    within(rates('ascof_2b1', 'financial_year'), 50, 100); // 2B(1): about 60–95%
  });

  it('sets each place a target per financial year, near what the year turned out to be', () => {
    const places = demo.areas.filter((a) => a.area_type === 'place');
    // DToC 2017-18 to 2019-20; admissions and at home 2015-16 to 2023-24.
    expect(demo.targets).toHaveLength(places.length * (3 + 9 + 9));
    expect(new Set(demo.targets.map((t) => t.area_code))).toEqual(new Set(places.map((p) => p.area_code)));
    expect(demo.targets.every((t) => t.period_type === 'financial_year' && t.period_start.endsWith('-04-01') && t.target > 0)).toBe(true);
    expect(demo.targets.filter((t) => t.metric === 'ascof_2b1').every((t) => t.target <= 98)).toBe(true);
  });

  it('passes its own validation when written as CSV', () => {
    const files = [
      { name: 'areas.csv', text: toCanonicalCsv('areas', demo.areas) },
      { name: 'populations.csv', text: toCanonicalCsv('populations', demo.populations) },
      { name: 'observations.csv', text: toCanonicalCsv('observations', demo.observations) },
      { name: 'targets.csv', text: toCanonicalCsv('targets', demo.targets) },
    ];
    const result = ingestTexts(emptyTables(), files, builtinDefinitions());
    expect(result.errors).toEqual([]);
    expect(result.tables.observations).toHaveLength(demo.observations.length);
    expect(result.tables.targets).toHaveLength(demo.targets.length);
  });
});
