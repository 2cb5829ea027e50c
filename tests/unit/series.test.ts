import { describe, expect, it } from 'vitest';
import { metric } from '../../src/lib/definitions';
import { spcGapNote, spcRun, sumSeries, withGaps, type Point } from '../../src/lib/metrics/series';
import { metricSpc } from '../../src/lib/metrics/spc-limits';
import { periodStarts } from '../../src/lib/contract/periods';

const m = metric('ascof_2a2');
const p = (area: string, year: number, numerator: number, denominator: number, suppressed = false): Point => ({
  area_code: area, period_start: `${year}-04-01`, period_type: 'financial_year', numerator, denominator, value: null,
  published_value: null, suppressed, local: false, target: null, target_local: false,
});

describe('a chosen comparator group', () => {
  it('sums numerators and denominators (Halton + Wirral 2020-21: 519 / 95,394 = 544.1 per 100,000)', () => {
    const group = sumSeries(m, [[p('H', 2020, 34, 24_105)], [p('W', 2020, 485, 71_289)]], 'group');
    expect(group).toHaveLength(1);
    expect(group[0]!.numerator).toBe(519);
    expect(group[0]!.denominator).toBe(95_394);
    expect(group[0]!.value!.toFixed(1)).toBe('544.1');
  });

  it('keeps only periods every member reports, and suppresses a period with a suppressed member', () => {
    const group = sumSeries(m, [
      [p('H', 2019, 30, 23_900), p('H', 2020, 3, 24_105, true), p('H', 2021, 40, 24_500)],
      [p('W', 2020, 485, 71_289), p('W', 2021, 500, 72_000)],
    ], 'group');
    expect(group.map((g) => [g.period_start, g.suppressed, g.value === null])).toEqual([['2020-04-01', true, true], ['2021-04-01', false, false]]);
  });
});

describe('a chosen comparator group of the new kinds', () => {
  it('sums a mean as events over people, and gives a DSR no value (it needs the members\' age bands)', () => {
    const mean = { ...m, kind: 'mean' as const, multiplier: 1 as const, ciMethod: 'none' as const };
    // (450 + 90) delay days / (100 + 60) patients = 3.375 days.
    expect(sumSeries(mean, [[p('A', 2025, 450, 100)], [p('B', 2025, 90, 60)]], 'group')[0]!.value).toBe(3.375);
    const dsr = { ...m, kind: 'dsr' as const, ciMethod: 'dobson' as const };
    expect(sumSeries(dsr, [[p('A', 2025, 80, 31_500)], [p('B', 2025, 160, 63_000)]], 'group')[0]!.value).toBeNull();
  });
});

describe('series breaks', () => {
  it('puts an empty period where one is missing, so the line breaks instead of joining', () => {
    const year = (y: number) => ({ ...p('H', y, 30, 24_000), value: 125 });
    const filled = withGaps([year(2016), year(2017), year(2020)]);
    expect(filled.map((q) => [q.period_start, q.value])).toEqual([
      ['2016-04-01', 125], ['2017-04-01', 125], ['2018-04-01', null], ['2019-04-01', null], ['2020-04-01', 125],
    ]);
  });

  it('breaks monthly and quarterly lines across year ends, and leaves a line with nothing missing as it is', () => {
    const at = (start: string, period_type: 'month' | 'quarter') => ({ ...p('H', 2020, 30, 24_000), period_start: start, period_type, value: 1 });
    const months = withGaps([at('2019-11-01', 'month'), at('2020-02-01', 'month'), at('2020-03-01', 'month')]);
    expect(months.map((q) => [q.period_start, q.value])).toEqual([['2019-11-01', 1], ['2019-12-01', null], ['2020-01-01', null], ['2020-02-01', 1], ['2020-03-01', 1]]);
    const quarters = withGaps([at('2019-07-01', 'quarter'), at('2020-04-01', 'quarter')]);
    expect(quarters.map((q) => [q.period_start, q.value])).toEqual([['2019-07-01', 1], ['2019-10-01', null], ['2020-01-01', null], ['2020-04-01', 1]]);
    const whole = [at('2019-12-01', 'month'), at('2020-01-01', 'month'), at('2020-02-01', 'month')];
    expect(withGaps(whole)).toBe(whole);
  });
});

// A published series that stopped, then a data team's records years later (Bury's ASCOF 2A(2):
// 2020-21 from NHS Digital, 2024-25 from its own records): an XmR moving range across the years
// between would be a change over four years, and the limits were drawn from it.
describe('the run an SPC chart reads', () => {
  const year = (y: number, value: number | null = 600, suppressed = false) => ({ ...p('B', y, 200, 35_000, suppressed), value });
  const month = (start: string, value: number | null, suppressed = false) => ({ ...p('B', 2020, 30, 24_000, suppressed), period_start: start, period_type: 'month' as const, value });
  // Jan 2019 to Apr 2020 less one: 10 and 12 in turn, a level of 18 and 16 after a suppressed Sep 2019.
  const months = periodStarts('2019-01-01', '2020-04-01', 'month');
  const values = [10, 12, 10, 12, 10, 12, 10, 12, null, 18, 16, 18, 16, 18, 16, 18];

  it('is the latest run of periods with none missing, its suppressed periods skipped', () => {
    const run = spcRun([year(2018, 650), year(2019, 640), year(2020, 644.7), year(2024, 556.3)]);
    expect(run.points.map((q) => q.value)).toEqual([556.3]);
    expect(run.gap).toEqual({ from: '2021-04-01', to: '2023-04-01', type: 'financial_year' });
    const hidden = spcRun([year(2019, 640), year(2020, null, true), year(2021, 630), year(2022, 600)]);
    expect([hidden.points.map((q) => q.value), hidden.gap, hidden.breaks]).toEqual([[640, 630, 600], null, [1]]);
  });

  it('says the chart and its mean, not limits, read the periods after a gap when they are too few for limits', () => {
    // Two years after the gap (Bury's case) are a run chart, with no limits to speak of; one year is
    // no chart at all (the trend shows it).
    const one = spcRun([year(2018, 650), year(2019, 640), year(2020, 644.7), year(2024, 556.3)]);
    expect(spcGapNote(one, metricSpc(m, one))).toBe('There are no figures for 2021-22 to 2023-24.');
    const two = spcRun([year(2019, 640), year(2020, 644.7), year(2024, 556.3), year(2025, 540)]);
    const chart = metricSpc(m, two);
    expect(chart).toMatchObject({ ok: false, runChart: { mean: expect.closeTo(548.15, 10) } });
    expect(spcGapNote(two, chart)).toBe('The chart and its mean read the periods from 2024-25 only: there are no figures for 2021-22 to 2023-24.');
  });

  it('says the limits read the periods after a gap when there are enough for limits', () => {
    const run = spcRun([month('2018-10-01', 11), ...months.map((start, i) => month(start, values[i]!, values[i] === null))]);
    expect(run.gap).toEqual({ from: '2018-11-01', to: '2018-12-01', type: 'month' });
    expect(spcGapNote(run, metricSpc(m, run))).toBe(
      'The limits read the periods from Jan 2019 only: there are no figures for Nov 2018 to Dec 2018, and a moving range is the change from one period to the next. ' +
        'One moving range is left out: it would span a period with no figure shown (suppressed, or no value), not one period to the next.',
    );
  });

  it('names a single missing period, and months across a year end', () => {
    const at = (start: string) => month(start, 1);
    const run = spcRun([at('2019-10-01'), at('2019-12-01'), at('2020-01-01')]);
    expect([run.points.map((q) => q.period_start), run.gap]).toEqual([['2019-12-01', '2020-01-01'], { from: '2019-11-01', to: '2019-11-01', type: 'month' }]);
    expect(spcGapNote(run, metricSpc(m, run))).toBe('The chart and its mean read the periods from Dec 2019 only: there are no figures for Nov 2019.');
  });

  it('says nothing is shown after a gap whose periods since are all suppressed', () => {
    const run = spcRun([year(2019, 640), year(2020, 644.7), year(2024, null, true)]);
    expect(spcGapNote(run, metricSpc(m, run))).toBe('There are no figures for 2021-22 to 2023-24, and none shown after them.');
  });

  // 15 shown months. Sum 88 + 120 = 208, mean 208/15 = 13.867. The moving ranges of consecutive
  // months are thirteen 2s (Jan-Aug 2019: 7, Oct 2019-Apr 2020: 6), average 2, limits 13.867 ±
  // 5.32 = 8.547 to 19.187. Aug's 12 to Oct's 18 is two months apart: taken as a moving range of
  // 6 (the code before), the average was 32/14 = 2.286 and the upper limit 19.947.
  it('takes no moving range across a suppressed month', () => {
    const run = spcRun(months.map((start, i) => month(start, values[i]!, values[i] === null)));
    expect(run.breaks).toEqual([8]);
    const chart = metricSpc(m, run);
    if (!chart.ok) throw new Error(chart.reason);
    const s = chart.segments[0]!;
    expect(s.mean).toBeCloseTo(208 / 15, 12);
    expect([s.initialAverageMovingRange, s.averageMovingRange]).toEqual([2, 2]);
    expect(s.upper).toBeCloseTo(208 / 15 + 5.32, 12);
    expect(s.lower).toBeCloseTo(208 / 15 - 5.32, 12);
    expect(chart.points.map((q) => q.movingRange)).toEqual([null, 2, 2, 2, 2, 2, 2, 2, null, 2, 2, 2, 2, 2, 2]);
    expect(spcGapNote(run, chart)).toBe('One moving range is left out: it would span a period with no figure shown (suppressed, or no value), not one period to the next.');
  });
});
