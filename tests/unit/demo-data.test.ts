import { ESP_2013 } from '../../src/lib/stats/dsr';
import type { FiveYearBand } from '../../src/lib/contract/schema';
import { describe, expect, it } from 'vitest';
import { toCanonicalCsv } from '../../src/lib/contract/write-csv';
import { emptyTables } from '../../src/lib/contract/canonical';
import { ingestTexts } from '../../src/lib/ingest/ingest';
import { builtinDefinitions } from '../../pipelines/definitions';
import { metricValue } from '../../src/lib/stats/rates';
import { metric } from '../../src/lib/definitions';
import { DTOC_MONTHS, generateDemo } from '../../pipelines/demo/generate';
import { PLACES } from '../../pipelines/demo/geography';
import { FIVE_YEAR_BANDS, type Observation } from '../../src/lib/contract/schema';
import { indexAreas } from '../../src/lib/areas';
import { rowKey, rowsToSuppress, type CountRow } from '../../src/lib/metrics/disclosure';

const demo = generateDemo();
const key = (o: Observation) => `${o.metric}|${o.period_start}|${o.period_type}|${o.breakdown}`;
// Grouped once: filtering 160,000 rows for each of a hundred areas took seconds.
const byArea = new Map<string, Observation[]>();
for (const o of demo.observations) (byArea.get(o.area_code) ?? byArea.set(o.area_code, []).get(o.area_code)!).push(o);
const rowsOf = (code: string) => byArea.get(code) ?? [];
const pop = (code: string, year: number, band: string) =>
  demo.populations.find((p) => p.area_code === code && p.year === year && p.age_band === band)?.population;
const hubCodes = new Set(demo.areas.filter((a) => a.area_type === 'hub').map((a) => a.area_code));
const ENGLAND = 'E92000001';

/** A directly standardised rate per 100,000 worked from the demo's band rows and band populations. */
function standardised(metricId: string, code: string, fy: number): number {
  const bands = demo.observations.filter((o) => o.metric === metricId && o.area_code === code && o.period_type === 'financial_year' && o.period_start === `${fy}-04-01`);
  const weight = bands.reduce((s, o) => s + ESP_2013[o.breakdown as FiveYearBand]!, 0);
  return (bands.reduce((s, o) => s + (ESP_2013[o.breakdown as FiveYearBand]! * o.numerator) / pop(code, fy, o.breakdown)!, 0) / weight) * 100_000;
}
/** Numerator over denominator of an area's total row, times `scale`. */
function ratio(metricId: string, code: string, type: string, start: string, scale: number): number {
  const o = demo.observations.find((r) => r.metric === metricId && r.area_code === code && r.period_type === type && r.period_start === start && r.breakdown === 'total')!;
  return (o.numerator / o.denominator!) * scale;
}

describe('demo data', () => {
  it('is the same on every run', () => {
    const again = generateDemo();
    expect(toCanonicalCsv('observations', again.observations)).toBe(toCanonicalCsv('observations', demo.observations));
    expect(again.populations).toEqual(demo.populations);
    expect(again.areas).toEqual(demo.areas);
  }, 60_000); // about 160,000 rows, generated and written twice

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
    expect(pop('E06000006', 2020, '65+')).toBe(24_105); // = ASCOF 2020-21 Halton denominator
    expect(pop('E08000015', 2020, '65+')).toBe(71_289);
    expect(pop('E92000001', 2020, '65+')).toBe(10_464_019);
    for (const place of demo.areas.filter((a) => a.area_type === 'place')) {
      const hubs = demo.areas.filter((a) => a.parent_code === place.area_code);
      for (const band of ['18+', '18-64', '65+', 'all', ...FIVE_YEAR_BANDS]) {
        for (const year of [2014, 2020, 2023, 2026]) {
          const sum = hubs.reduce((s, h) => s + pop(h.area_code, year, band)!, 0);
          expect(sum, `${place.area_name} ${band} ${year}`).toBe(pop(place.area_code, year, band));
        }
      }
    }
  });

  it('makes every place figure the exact sum of its hubs, numerators and denominators alike', () => {
    for (const place of PLACES) {
      const sums = new Map<string, [number, number | null]>();
      for (const h of demo.areas.filter((a) => a.parent_code === place.code)) {
        for (const o of rowsOf(h.area_code)) {
          const s = sums.get(key(o)) ?? [0, 0];
          sums.set(key(o), [s[0] + o.numerator, o.denominator == null ? null : s[1]! + o.denominator]);
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

  it('splits every area into five-year bands that add up to its whole population, and its 65+ bands to its 65+', () => {
    for (const code of [ENGLAND, 'E12000002', 'E06000006', 'E06000006-N1', 'E08000003']) {
      for (const year of [2014, 2020, 2026]) {
        const bands = FIVE_YEAR_BANDS.map((b) => pop(code, year, b)!);
        expect(bands.every((n) => n > 0), `${code} ${year}`).toBe(true);
        expect(bands.reduce((a, b) => a + b, 0)).toBe(pop(code, year, 'all'));
        expect(bands.slice(13).reduce((a, b) => a + b, 0)).toBe(pop(code, year, '65+'));
      }
    }
    // England mid-2020: about 56.5 million people (ONS), 10,464,019 of them 65+.
    expect(pop(ENGLAND, 2020, 'all')).toBeGreaterThan(56_000_000);
    expect(pop(ENGLAND, 2020, 'all')).toBeLessThan(57_000_000);
  });

  it('holds each metric for the periods it was collected, to the last complete month before the demo\'s now (November 2026)', () => {
    const span = (metricId: string, type: string) => {
      const starts = demo.observations.filter((o) => o.metric === metricId && o.period_type === type && o.area_code === 'E06000006-N1').map((o) => o.period_start).sort();
      return [starts[0], starts.at(-1)];
    };
    expect(span('non_elective_admissions', 'month')).toEqual(['2014-04-01', '2020-03-01']);
    expect(span('non_elective_admissions', 'financial_year')).toEqual(['2014-04-01', '2019-04-01']);
    expect(span('avoidable_admissions', 'quarter')).toEqual(['2020-04-01', '2026-07-01']);
    expect(span('avoidable_admissions', 'financial_year')).toEqual(['2020-04-01', '2025-04-01']);
    expect(span('falls_65', 'quarter')).toEqual(['2020-04-01', '2026-07-01']);
    expect(span('discharge_usual_residence', 'month')).toEqual(['2020-04-01', '2026-10-01']);
    expect(span('discharge_usual_residence', 'quarter')).toEqual(['2020-04-01', '2026-07-01']);
    expect(span('length_of_stay_14', 'month')).toEqual(['2020-04-01', '2023-03-01']);
    expect(span('length_of_stay_21', 'month')).toEqual(['2020-04-01', '2023-03-01']);
    for (const m of ['emergency_admissions_65', 'discharge_delay', 'discharged_on_ready_date']) expect(span(m, 'month'), m).toEqual(['2023-04-01', '2026-10-01']);
    expect(span('emergency_admissions_65', 'financial_year')).toEqual(['2023-04-01', '2025-04-01']);
  });

  it('gives age-standardised metrics one row per five-year band with the count only, and no total row', () => {
    const falls = rowsOf('E06000006-N1').filter((o) => o.metric === 'falls_65' && o.period_start === '2022-04-01' && o.period_type === 'financial_year');
    expect(falls.map((o) => o.breakdown)).toEqual(['65-69', '70-74', '75-79', '80-84', '85-89', '90+']);
    expect(falls.every((o) => o.denominator === null)).toBe(true);
    const avoidable = rowsOf(ENGLAND).filter((o) => o.metric === 'avoidable_admissions' && o.period_start === '2022-04-01' && o.period_type === 'financial_year');
    expect(avoidable.map((o) => o.breakdown).sort()).toEqual([...FIVE_YEAR_BANDS].sort());
  });

  it('calibrates England to published figures', () => {
    // Fingertips 22401, falls 65+ (DSR per 100,000): 2,100 in 2021-22, 1,933 in 2022-23.
    expect(standardised('falls_65', ENGLAND, 2021)).toBeCloseTo(2100, -2);
    expect(standardised('falls_65', ENGLAND, 2022)).toBeCloseTo(1933, -2);
    // Chronic ACSC admissions (NHS OF 2.3.i), about 770 per 100,000 (DSR) before the pandemic.
    expect(standardised('avoidable_admissions', ENGLAND, 2023)).toBeGreaterThan(700);
    expect(standardised('avoidable_admissions', ENGLAND, 2023)).toBeLessThan(840);
    // Non-elective admissions: about 10,000 per 100,000 a year (5.4 million in 2013-14).
    expect(ratio('non_elective_admissions', ENGLAND, 'financial_year', '2014-04-01', 100_000)).toBeCloseTo(10_200, -3);
    // Emergency admissions 65+: about 25,000 per 100,000 aged 65+ a year.
    expect(ratio('emergency_admissions_65', ENGLAND, 'financial_year', '2023-04-01', 100_000)).toBeCloseTo(25_000, -3);
    expect(ratio('discharge_usual_residence', ENGLAND, 'quarter', '2024-04-01', 100)).toBeCloseTo(93, 0);
    const onDate = ratio('discharged_on_ready_date', ENGLAND, 'month', '2025-06-01', 100);
    expect(onDate).toBeGreaterThan(85);
    expect(onDate).toBeLessThan(90);
    // Mean delay over all discharges: the share delayed (10–15%) times about 6 days each.
    const delay = ratio('discharge_delay', ENGLAND, 'month', '2025-06-01', 1);
    expect(delay).toBeGreaterThan(0.5);
    expect(delay).toBeLessThan(1.1);
    expect(ratio('length_of_stay_14', ENGLAND, 'month', '2021-10-01', 100)).toBeCloseTo(12, 0);
    expect(ratio('length_of_stay_21', ENGLAND, 'month', '2021-10-01', 100)).toBeCloseTo(6, 0);
  });

  it('keeps the real spread of care-home admissions 65+ in 2020-21: Halton lowest, Manchester highest, ten-fold apart', () => {
    const rates = new Map(PLACES.map((p) => [p.name, ratio('ascof_2a2', p.code, 'financial_year', '2020-04-01', 100_000)]));
    const sorted = [...rates].sort((a, b) => a[1] - b[1]);
    expect(sorted[0]![0]).toBe('Halton'); // published 141.0
    expect(sorted.at(-1)![0]).toBe('Manchester'); // published 1,402.3
    expect(sorted.at(-1)![1] / sorted[0]![1]).toBeGreaterThan(8);
  });

  it('makes hubs large enough that their hospital metrics survive small-number suppression (threshold 7)', () => {
    const hidden = new Set(rowsToSuppress(demo.observations.map((o): CountRow => ({ ...o })), indexAreas(demo.areas), 7).map(rowKey));
    const hospital = ['non_elective_admissions', 'emergency_admissions_65', 'discharge_usual_residence', 'length_of_stay_14', 'length_of_stay_21', 'discharge_delay', 'discharged_on_ready_date'];
    for (const m of hospital) {
      const hubRows = demo.observations.filter((o) => o.metric === m && hubCodes.has(o.area_code));
      expect(hubRows.length, m).toBeGreaterThan(1000);
      expect(hubRows.filter((o) => hidden.has(rowKey(o))).length / hubRows.length, m).toBeLessThan(0.05);
    }
    // Age-standardised rates: the bands of a hub are often small, but every hub's total count is not.
    for (const m of ['falls_65', 'avoidable_admissions']) {
      const totals = new Map<string, number>();
      for (const o of demo.observations) if (o.metric === m && hubCodes.has(o.area_code)) totals.set(`${o.area_code}|${o.period_type}|${o.period_start}`, (totals.get(`${o.area_code}|${o.period_type}|${o.period_start}`) ?? 0) + o.numerator);
      expect(totals.size, m).toBeGreaterThan(2000);
      expect(Math.min(...totals.values()), m).toBeGreaterThan(7);
    }
  }, 30_000);

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
  }, 60_000);
});
