import { describe, expect, it } from 'vitest';
import { dtocCompiledResponsibleOrgAdapter } from '$lib/adapters/dtoc-compiled';
import { onsMidYearAdapter } from '$lib/adapters/ons-mye';
import { parseCsv } from '$lib/contract/csv';
import { metric } from '$lib/definitions';
import { metricValue } from '$lib/stats/rates';
import { MIN_SPC_POINTS, type SpcRule, spcChart, xmr, type XmrOptions, type XmrResult } from '$lib/stats/spc';
import { hasRealData, readReal, realDataReason } from '../helpers/real-data';

function chart(values: number[], options: Partial<XmrOptions> = {}): XmrResult {
  const result = xmr(values, { polarity: 'higher', ...options });
  if (!result.ok) throw new Error(result.reason);
  return result;
}

/** Indices of the points a rule flagged. */
const flagged = (r: XmrResult, rule: SpcRule) => r.points.filter((p) => p.rules.includes(rule)).map((p) => p.index);
const signals = (r: XmrResult) => r.points.filter((p) => p.rule).map((p) => p.index);

describe('limits', () => {
  // Sum 120 over 12 points: mean 10. Moving ranges 2,1,2,4,2,1,2,3,4,2,0: sum 23, average 23/11.
  const stable = [9, 11, 10, 12, 8, 10, 11, 9, 12, 8, 10, 10];

  it('a stable series: mean ± 2.66 × average moving range, no special causes', () => {
    const r = chart(stable);
    const s = r.segments[0]!;
    expect(s.mean).toBe(10);
    expect(s.averageMovingRange).toBeCloseTo(23 / 11, 12);
    expect(s.upper).toBeCloseTo(10 + (2.66 * 23) / 11, 12); // 15.5618
    expect(s.lower).toBeCloseTo(10 - (2.66 * 23) / 11, 12); // 4.4382
    expect(s.upperTwoThirds).toBeCloseTo(10 + ((2 / 3) * 2.66 * 23) / 11, 12); // 13.7079
    expect(s.lowerTwoThirds).toBeCloseTo(10 - ((2 / 3) * 2.66 * 23) / 11, 12); // 6.2921
    expect(s.screenedOut).toEqual([]);
    expect(signals(r)).toEqual([]);
    expect(r.points.every((p) => p.classification === 'neutral')).toBe(true);
    expect(r.variation.icon).toBe('common cause');
    expect(r.variation.text).toMatch(/^Common cause variation/);
    expect(r.warning).toBeNull();
    expect(r.points[0]!.movingRange).toBeNull();
    expect(r.points[4]!.movingRange).toBe(4);
  });

  it('screens out moving ranges ≥ 3.267 × the initial average, once', () => {
    // 10,12 alternating with a spike of 24 at index 5: sum 144, mean 12.
    // Moving ranges 2,2,2,2,14,14,2,2,2,2,2: sum 46, initial average 46/11 = 4.1818;
    // 3.267 × 4.1818 = 13.662, so both 14s go; the average of the nine 2s is 2.
    // Limits 12 ± 2.66 × 2 = 6.68 to 17.32 (unscreened they would be 12 ± 11.124 = 0.876 to 23.124).
    const r = chart([10, 12, 10, 12, 10, 24, 10, 12, 10, 12, 10, 12]);
    const s = r.segments[0]!;
    expect(s.mean).toBe(12);
    expect(s.initialAverageMovingRange).toBeCloseTo(46 / 11, 12);
    expect(s.screenedOut).toEqual([5, 6]);
    expect(s.averageMovingRange).toBe(2);
    expect(s.upper).toBeCloseTo(17.32, 12);
    expect(s.lower).toBeCloseTo(6.68, 12);
    expect(signals(r)).toEqual([5]);
  });

  it('screening changes which points are special causes', () => {
    // Sum 184 over 16 points: mean 11.5. Moving ranges 1,1,1,1,1,9,9,1,1,1,1,5,5,1,1: sum 39,
    // initial average 2.6, cut 3.267 × 2.6 = 8.494: both 9s go, leaving 21/13 = 1.6154.
    // Upper limit 11.5 + 2.66 × 21/13 = 15.797, so 16 is outside; unscreened it would be
    // 11.5 + 2.66 × 2.6 = 18.416 and only the 20 would be.
    const r = chart([10, 11, 10, 11, 10, 11, 20, 11, 10, 11, 10, 11, 16, 11, 10, 11]);
    const s = r.segments[0]!;
    expect(s.mean).toBe(11.5);
    expect(s.initialAverageMovingRange).toBeCloseTo(2.6, 12);
    expect(s.screenedOut).toEqual([6, 7]);
    expect(s.averageMovingRange).toBeCloseTo(21 / 13, 12);
    expect(s.upper).toBeCloseTo(11.5 + (2.66 * 21) / 13, 12);
    expect(16).toBeLessThan(11.5 + 2.66 * 2.6);
    expect(flagged(r, 'outside limits')).toEqual([6, 12]);
  });

  it('recomputes limits at a baseline the user sets, from that segment alone', () => {
    // Two levels: mean 10 and mean 20, each with moving ranges 2,1,2,4,2,1,2 (average 2).
    const values = [9, 11, 10, 12, 8, 10, 11, 9, 19, 21, 20, 22, 18, 20, 21, 19];
    const one = chart(values);
    expect(one.segments).toHaveLength(1);
    expect(signals(one).length).toBeGreaterThan(0);

    const r = chart(values, { baselines: [8] });
    expect(r.segments.map((s) => [s.start, s.end, s.mean, s.averageMovingRange])).toEqual([
      [0, 8, 10, 2],
      [8, 16, 20, 2],
    ]);
    expect(r.segments[1]!.upper).toBeCloseTo(25.32, 12);
    expect(r.segments[1]!.lower).toBeCloseTo(14.68, 12);
    expect(r.points[8]!.movingRange).toBeNull(); // the 9 → 19 jump belongs to neither segment
    expect(r.points[8]!.segment).toBe(1);
    expect(r.points[8]!.mean).toBe(20);
    expect(signals(r)).toEqual([]);
  });

  it('a fixed baseline length holds the limits from the first points', () => {
    const values = [9, 11, 10, 12, 8, 10, 11, 9, 19, 21, 20, 22, 18, 20, 21, 19];
    const r = chart(values, { baselineLength: 8 });
    const s = r.segments[0]!;
    expect([s.limitPoints, s.mean, s.averageMovingRange]).toEqual([8, 10, 2]);
    expect(flagged(r, 'outside limits')).toEqual([8, 9, 10, 11, 12, 13, 14, 15]);
    expect(r.points[15]!.classification).toBe('improvement');
    expect(r.warning).toMatch(/limits from 8 points/);
  });
});

describe('special-cause rules, each alone', () => {
  it('rule 1: a single point outside the limits', () => {
    expect(signals(chart([10, 12, 10, 12, 10, 24, 10, 12, 10, 12, 10, 12]))).toEqual([5]);
  });

  it('rule 2: seven in a row above the mean', () => {
    // Sum 140 over 14: mean 10. Moving ranges sum 23 / 13: limits 5.294 to 14.706, two-thirds 6.863 to 13.137.
    const r = chart([7, 9, 7, 9, 7, 11, 12, 11, 12, 11, 12, 11, 9, 12]);
    expect(r.segments[0]!.mean).toBe(10);
    expect(flagged(r, 'shift')).toEqual([5, 6, 7, 8, 9, 10, 11]);
    expect(signals(r)).toEqual([5, 6, 7, 8, 9, 10, 11]);
    expect(r.points[5]!.direction).toBe('high');
    expect(r.points[5]!.text).toBe(
      'Special cause of improving nature: part of a run of 7 or more points above the average.',
    );
  });

  it('rule 3: seven in a row rising', () => {
    // Sum 170 over 16: mean 10.625; moving ranges sum 32 / 15. The rise 8 → 14 crosses the mean.
    const r = chart([11, 8, 12, 9, 11, 8, 9, 10, 11, 12, 13, 14, 10, 12, 9, 11]);
    expect(r.segments[0]!.mean).toBe(10.625);
    expect(signals(r)).toEqual([5, 6, 7, 8, 9, 10, 11]);
    expect(r.points.filter((p) => p.rule).every((p) => p.rule === 'trend' && p.direction === 'high')).toBe(true);
  });

  it('rule 4: two of three in a row beyond the upper two-thirds line', () => {
    // Sum 219 over 20: mean 10.95. Moving ranges sum 31 / 19 = 1.6316.
    // Two-thirds line 10.95 + (2/3)(2.66)(1.6316) = 13.843; limit 10.95 + 4.34 = 15.29.
    // The window 15, 12, 15 is all above the mean with two beyond the line; only the two 15s are flagged.
    const r = chart([10, 11, 10, 11, 10, 11, 10, 11, 15, 12, 15, 10, 11, 10, 11, 10, 11, 10, 11, 9]);
    expect(r.segments[0]!.upperTwoThirds).toBeCloseTo(10.95 + (2 / 3) * 2.66 * (31 / 19), 12);
    expect(signals(r)).toEqual([8, 10]);
    expect(r.points[8]!.rule).toBe('two of three');
    expect(r.points[9]!.rule).toBeNull();
  });
});

describe('edge cases of the rules', () => {
  it('a point exactly on the mean breaks a run of seven', () => {
    // Sum 140 over 14: mean 10, and point 8 is 10. Points 5–11 would be 7 above the mean but for it.
    const values = [7, 9, 7, 9, 7, 11, 12, 11, 10, 13, 12, 11, 9, 12];
    const r = chart(values);
    expect(r.points[8]!.value).toBe(r.segments[0]!.mean);
    expect(signals(r)).toEqual([]);
    // With runs of 3 the halves either side count, and the point on the mean never does.
    const short = chart(values, { runLength: 3, trendLength: 7 });
    expect(flagged(short, 'shift')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11]);
  });

  it('a tie breaks a trend', () => {
    // 8, 9, 10, 10, 11, 12, 13: seven points, but one step is level.
    const r = chart([11, 8, 12, 9, 11, 8, 9, 10, 10, 11, 12, 13, 10, 12, 9, 11]);
    expect(flagged(r, 'trend')).toEqual([]);
    expect(signals(r)).toEqual([]);
  });

  it('two of three beyond the line does not count when the three straddle the mean', () => {
    // 15, 9, 15: both 15s are beyond the upper two-thirds line (14.31), but 9 is below the mean (10.95).
    const r = chart([10, 11, 10, 11, 10, 11, 10, 11, 15, 9, 15, 10, 11, 10, 11, 10, 11, 10, 11, 12]);
    const s = r.segments[0]!;
    expect(s.mean).toBe(10.95);
    expect(15).toBeGreaterThan(s.upperTwoThirds);
    expect(9).toBeLessThan(s.mean);
    expect(signals(r)).toEqual([]);
  });

  it('run length N = 6 is settable and reported', () => {
    // Six above the mean (9.786) at points 5–10.
    const values = [7, 9, 7, 9, 7, 11, 12, 11, 12, 11, 12, 9, 8, 12];
    expect(signals(chart(values))).toEqual([]);
    const r = chart(values, { runLength: 6 });
    expect([r.shiftLength, r.trendLength]).toEqual([6, 6]);
    expect(flagged(r, 'shift')).toEqual([5, 6, 7, 8, 9, 10]);
    expect(r.points[5]!.text).toMatch(/run of 6 or more/);
  });

  it('labels a point by the first rule in precedence: outside limits > trend > two of three > shift (NHSRplotthedots)', () => {
    const outside = chart([8, 9, 8, 9, 8, 9, 8, 11, 12, 11, 12, 11, 12, 18, 9, 8]);
    expect(outside.points[13]!.rules).toEqual(['outside limits', 'shift']);
    expect(outside.points[13]!.rule).toBe('outside limits');
    expect(outside.points[12]!.rule).toBe('shift');

    // Mean 10.75: points 0–7 are above it (a shift) and 4–11 fall (a trend). Where both hold,
    // the fall names the point even though it is still above the mean.
    const both = chart([14, 11, 14, 11, 14, 13, 12, 11, 10, 9, 8, 7, 11, 8, 11, 8]);
    expect(both.points[5]!.rules).toEqual(['trend', 'shift']);
    expect(both.points[5]!.rule).toBe('trend');
    expect(both.points[5]!.direction).toBe('low');
    expect(both.points[9]!.rule).toBe('trend');
    expect(both.points[2]!.rule).toBe('shift');
    // The label decides the nature: a high shift is improvement, a fall is concern, when higher is better.
    expect(both.points[2]!.classification).toBe('improvement');
    expect(both.points[5]!.classification).toBe('concern');
    expect(both.points[9]!.classification).toBe('concern');
  });

  it('two of three outranks a shift', () => {
    // Mean 10.95, two-thirds line 13.843, limit 15.29 (as in rule 4 above); with runs of 3 the
    // window 15, 12, 15 is also a shift, but the two 15s are named by the nearer rule.
    const r = chart([10, 11, 10, 11, 10, 11, 10, 11, 15, 12, 15, 10, 11, 10, 11, 10, 11, 10, 11, 9], { runLength: 3, trendLength: 7 });
    expect(r.points[8]!.rules).toEqual(['two of three', 'shift']);
    expect(r.points[8]!.rule).toBe('two of three');
    expect(r.points[9]!.rule).toBe('shift');
  });

  it('a peak that ends a rise and starts a fall is named by the fall it starts', () => {
    // Sum 212 over 21: mean 10.095; moving ranges sum 54 / 20 = 2.7, limits 2.913 to 17.277.
    // Points 4–11 rise to 14 and 11–17 fall from it: the peak (point 11) is in both trends.
    const r = chart([6, 12, 6, 12, 6, 8, 9, 10, 11, 12, 13, 14, 13, 12, 11, 10, 9, 8, 12, 6, 12]);
    expect(r.segments[0]!.upper).toBeCloseTo(10 + 2 / 21 + 2.66 * 2.7, 12);
    expect(flagged(r, 'trend')).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(r.points[11]!.rule).toBe('trend');
    expect(r.points[10]!.direction).toBe('high');
    expect(r.points[11]!.direction).toBe('low');
    expect(r.points[11]!.text).toBe('Special cause of concerning nature: part of 7 or more points in a row falling.');
  });
});

describe('two of three counts only points between the two-thirds line and the limit', () => {
  it('a point beyond the limit does not count towards two of three', () => {
    // Mean 10.95, two-thirds line 13.843, upper limit 15.29 (moving ranges as in rule 4: 31 / 19).
    // 14 is close to the limit; 16 is beyond it, a special cause on its own. Together they are
    // not "2 of 3 close to the limit", so 14 stays common cause.
    const r = chart([10, 11, 10, 11, 10, 11, 10, 11, 14, 16, 12, 10, 11, 10, 11, 10, 11, 10, 11, 9]);
    const s = r.segments[0]!;
    expect([14 > s.upperTwoThirds, 14 < s.upper, 16 > s.upper]).toEqual([true, true, true]);
    expect(flagged(r, 'outside limits')).toEqual([9]);
    expect(flagged(r, 'two of three')).toEqual([]);
    expect(r.points[8]!.rule).toBeNull();
  });
});

describe.skipIf(!hasRealData)('SPC of the real Halton DToC series, Apr 2015 – Dec 2019' + realDataReason, () => {
  // Total delayed days per day per 100,000 aged 18+ from the compiled NHS England series, over
  // ONS mid-2018 18+ (the population year ingest uses for every one of these months: the nearest
  // year held to each financial year, the earlier on a tie, with mid-2018 and mid-2020 held).
  const halton = { area_code: 'E06000006', area_name: 'Halton', area_type: 'place' as const, parent_code: null };
  const series = () => {
    const ons = onsMidYearAdapter.read('mye-2018.csv', parseCsv(readReal('ons/ons-mye-mid2018-persons-single-year-of-age.csv')), { areas: [] });
    const population = ons.tables.populations.find((p) => p.area_code === 'E06000006' && p.age_band === '18+')!.population;
    const file = 'dtoc-la-responsible-org-2011-04-to-2019-12.csv';
    const org = dtocCompiledResponsibleOrgAdapter.read(file, parseCsv(readReal(`nhse-dtoc-compiled/${file}`)), { areas: [halton] });
    return org.tables.observations
      .filter((o) => o.area_code === 'E06000006' && o.breakdown === 'total' && o.period_start >= '2015-04-01')
      .sort((a, b) => (a.period_start < b.period_start ? -1 : 1))
      .map((o) => ({ month: o.period_start.slice(0, 7), value: metricValue(metric('dtoc'), o.numerator, population, o.period_start, 'month')! }));
  };

  it('flags Nov 2017, Jun 2018 and Jul 2018 as outside the limits, and not Sep 2017 or Apr 2018 as 2 in 3', () => {
    const s = series();
    expect(s).toHaveLength(57);
    const at = (month: string) => s.findIndex((p) => p.month === month);
    // As published: 712 and 658 delayed days, 23.8 and 22.0 per day per 100,000.
    expect([s[at('2017-11')]!.value, s[at('2018-06')]!.value].map((v) => v.toFixed(1))).toEqual(['23.8', '22.0']);
    const r = xmr(s.map((p) => p.value), { polarity: 'lower' });
    if (!r.ok) throw new Error(r.reason);
    const seg = r.segments[0]!;
    expect([seg.mean, seg.upperTwoThirds, seg.upper].map((v) => v.toFixed(2))).toEqual(['13.39', '18.96', '21.75']);
    const month = (i: number) => s[i]!.month;
    expect(flagged(r, 'outside limits').map(month)).toEqual(['2015-08', '2017-11', '2018-06', '2018-07']);
    // Sep 2017 (19.7) and Apr 2018 (20.2) are close to the upper limit, but their neighbours
    // beyond it (Nov 2017, Jun 2018) do not make them "2 in 3".
    for (const m of ['2017-09', '2018-04']) {
      expect(r.points[at(m)]!.value).toBeGreaterThan(seg.upperTwoThirds);
      expect(r.points[at(m)]!.rules).toEqual([]);
    }
    expect(flagged(r, 'two of three').map(month)).toEqual([
      '2015-04', '2015-05', '2015-06', '2015-07', '2015-09', '2016-03', '2016-04', '2016-05', '2016-11', '2016-12', '2017-02', '2017-03',
    ]);
  });
});

describe('improvement or concern', () => {
  const shift = [7, 9, 7, 9, 7, 11, 12, 11, 12, 11, 12, 11, 9, 12];

  it('a high shift is improvement when higher is better and concern when lower is', () => {
    expect(chart(shift, { polarity: 'higher' }).points[7]!.classification).toBe('improvement');
    expect(chart(shift, { polarity: 'lower' }).points[7]!.classification).toBe('concern');
    expect(chart(shift).points[0]!.classification).toBe('neutral');
  });

  it('a trend is judged by its direction, even where it is still on the other side of the mean', () => {
    // Mean 10.5; 13 at point 5 is above the mean but starts a fall of seven.
    const values = [10, 13, 10, 13, 10, 13, 12, 11, 10, 9, 8, 7];
    const higher = chart(values, { polarity: 'higher' });
    expect(higher.segments[0]!.mean).toBe(10.5);
    expect(flagged(higher, 'trend')).toEqual([5, 6, 7, 8, 9, 10, 11]);
    expect(higher.points[5]!.direction).toBe('low');
    expect(higher.points[5]!.classification).toBe('concern');
    expect(chart(values, { polarity: 'lower' }).points[5]!.classification).toBe('improvement');
  });
});

describe('variation icon (the latest point)', () => {
  const endsHigh = [8, 9, 8, 9, 8, 9, 8, 11, 12, 11, 12, 11, 12, 18];
  const endsFalling = [10, 13, 10, 13, 10, 13, 12, 11, 10, 9, 8, 7];

  it('special cause improvement (high) and concern (high)', () => {
    const up = chart(endsHigh, { polarity: 'higher' });
    expect(up.variation.icon).toBe('special cause improvement (high)');
    expect(up.variation.text).toBe(
      'Special cause variation of an improving nature: the latest point is significantly higher, and higher is better.',
    );
    expect(chart(endsHigh, { polarity: 'lower' }).variation.icon).toBe('special cause concern (high)');
  });

  it('special cause improvement (low) and concern (low)', () => {
    expect(chart(endsFalling, { polarity: 'lower' }).variation.icon).toBe('special cause improvement (low)');
    const down = chart(endsFalling, { polarity: 'higher' });
    expect(down.variation.icon).toBe('special cause concern (low)');
    expect(down.variation.text).toMatch(/concerning nature.*significantly lower, and higher is better/);
  });

  it('common cause when earlier points signal but the latest does not', () => {
    const r = chart([7, 9, 7, 9, 7, 11, 12, 11, 12, 11, 12, 11, 9, 12]);
    expect(signals(r).length).toBe(7);
    expect(r.variation.icon).toBe('common cause');
  });
});

describe('assurance icon (target against the latest limits, 4.438 to 15.562)', () => {
  const stable = [9, 11, 10, 12, 8, 10, 11, 9, 12, 8, 10, 10];

  it('pass when the whole process is on the good side of the target', () => {
    const r = chart(stable, { polarity: 'higher', target: 4 });
    expect(r.assurance).toEqual({
      icon: 'pass',
      label: 'Consistently passing the target',
      text: 'The process limits lie wholly above the target, so the system is expected to consistently pass the target unless something changes.',
    });
    expect(chart(stable, { polarity: 'lower', target: 16 }).assurance?.icon).toBe('pass');
  });

  it('fail when the whole process is on the bad side', () => {
    expect(chart(stable, { polarity: 'higher', target: 16 }).assurance?.icon).toBe('fail');
    const r = chart(stable, { polarity: 'lower', target: 4 });
    expect(r.assurance?.icon).toBe('fail');
    expect(r.assurance?.label).toBe('Consistently failing the target');
    expect(r.assurance?.text).toMatch(/wholly above the target, so the system is expected to consistently fail the target/);
  });

  it('hit and miss when the target lies within the limits, in Making Data Count\'s words', () => {
    const r = chart(stable, { polarity: 'higher', target: 15 });
    expect(r.assurance).toEqual({
      icon: 'hit and miss',
      label: 'Hit and miss',
      text: 'The target lies within the process limits, so the system may achieve or fail the target subject to random variation.',
    });
  });

  it('none without a target', () => {
    expect(chart(stable).assurance).toBeNull();
    expect(chart(stable, { target: null }).assurance).toBeNull();
  });

  it('uses the limits after the latest baseline', () => {
    const values = [9, 11, 10, 12, 8, 10, 11, 9, 19, 21, 20, 22, 18, 20, 21, 19];
    // Latest limits 14.68 to 25.32: a target of 14 is now always met when higher is better.
    expect(chart(values, { target: 14 }).assurance?.icon).toBe('hit and miss');
    expect(chart(values, { target: 14, baselines: [8] }).assurance?.icon).toBe('pass');
  });
});

describe('too few points', () => {
  it('warns below 12 points that the limits are unreliable', () => {
    const r = chart([9, 11, 10, 12, 8, 10, 11, 9, 12, 8, 10]);
    expect(r.warning).toBe(
      'Fewer than 12 points behind the limits for points 1–11 (limits from 11 points): ' +
        'the limits are unreliable, so read special causes with caution.',
    );
    expect(chart([9, 11, 10, 12, 8, 10, 11, 9, 12, 8, 10, 10]).warning).toBeNull();
  });

  it('warns for a short segment after a baseline', () => {
    const r = chart([9, 11, 10, 12, 8, 10, 11, 9, 12, 8, 10, 10, 20, 22, 21], { baselines: [12] });
    expect(r.warning).toMatch(/points 13–15 \(limits from 3 points\)/);
    expect(r.warning).not.toMatch(/points 1–12/);
  });

  it('computes no limits from fewer than 2 points, and says why', () => {
    expect(xmr([5], { polarity: 'higher' })).toEqual({
      ok: false,
      reason: 'Process limits need at least 2 points; this series has 1.',
    });
    expect(xmr([], { polarity: 'higher' }).ok).toBe(false);
    const lone = xmr([1, 2, 3, 4], { polarity: 'higher', baselines: [3] });
    expect(lone.ok).toBe(false);
    expect(!lone.ok && lone.reason).toMatch(/single point \(point 4\)/);
    expect(xmr([1, 2], { polarity: 'higher' }).ok).toBe(true);
  });

  it('refuses gaps, baselines off the series and runs shorter than 2', () => {
    expect(xmr([1, Number.NaN, 3], { polarity: 'higher' }).ok).toBe(false);
    expect(xmr([1, 2, 3, 4], { polarity: 'higher', baselines: [4] }).ok).toBe(false);
    expect(xmr([1, 2, 3, 4], { polarity: 'higher', runLength: 1 }).ok).toBe(false);
  });
});

// NHS England's Making Data Count SPC tool draws limits, applies the rules and gives icons from 15
// points; below that it shows a run chart, "with SPC elements removed".
describe('too few points for limits', () => {
  it('two points give a run chart of their mean, with no limits or verdict (they gave limits and a verdict)', () => {
    expect(spcChart([640, 556], { polarity: 'lower', target: 600 })).toEqual({
      ok: false,
      runChart: { mean: 598 },
      reason: 'Only 2 points: Making Data Count draws process limits and applies the special-cause rules from 15 points, so this is a run chart of the values about their mean, with no verdict on variation or assurance.',
    });
  });

  it('14 points are a run chart, 15 an XmR chart', () => {
    // 14 points: 10 and 12 in turn, mean 11.
    const fourteen = Array.from({ length: 14 }, (_, i) => 10 + 2 * (i % 2));
    expect(MIN_SPC_POINTS).toBe(15);
    expect(spcChart(fourteen, { polarity: 'higher' })).toMatchObject({ ok: false, runChart: { mean: 11 }, reason: expect.stringMatching(/^Only 14 points: /) });
    // 15 points: sum 164, mean 10.933; 14 moving ranges of 2: limits 10.933 ± 5.32.
    const fifteen = spcChart([...fourteen, 10], { polarity: 'higher' });
    if (!fifteen.ok) throw new Error(fifteen.reason);
    expect(fifteen.segments[0]!.upper).toBeCloseTo(164 / 15 + 5.32, 12);
    expect(fifteen.variation.icon).toBe('common cause');
  });

  it('one point or none is no chart, and says why', () => {
    expect(spcChart([7], { polarity: 'higher' })).toEqual({ ok: false, reason: 'Only 1 point, so nothing to chart over time (Making Data Count draws process limits and applies the special-cause rules from 15 points).' });
    expect(spcChart([], { polarity: 'higher' })).toEqual({ ok: false, reason: 'No points, so nothing to chart over time (Making Data Count draws process limits and applies the special-cause rules from 15 points).' });
    expect(spcChart([1, Number.NaN], { polarity: 'higher' })).toEqual({ ok: false, reason: 'Point 2 has no value, so the series cannot be charted as one process.' });
  });
});

describe('a period without a value inside the series', () => {
  // 10, 12 in turn, then (after a period with no value) 18, 16 in turn: 15 points, sum 208. The
  // consecutive moving ranges are twelve 2s and one more 2: the break leaves out |18 − 12| = 6.
  const values = [10, 12, 10, 12, 10, 12, 10, 12, 18, 16, 18, 16, 18, 16, 18];

  it('takes no moving range across it: average 2 (not 32/14), limits 13.867 ± 5.32', () => {
    const across = chart(values);
    expect(across.segments[0]!.averageMovingRange).toBeCloseTo(32 / 14, 12);
    const r = chart(values, { breaks: [8] });
    const s = r.segments[0]!;
    expect(s.mean).toBeCloseTo(208 / 15, 12);
    expect([s.initialAverageMovingRange, s.averageMovingRange]).toEqual([2, 2]);
    expect([s.lower, s.upper].map((v) => v.toFixed(3))).toEqual(['8.547', '19.187']);
    expect(r.points[8]!.movingRange).toBeNull();
    expect(r.points[9]!.movingRange).toBe(2);
  });

  it('screens out moving ranges among the consecutive ones only', () => {
    // 10, 12 in turn with a spike of 30 at index 6, and a break before index 5: the ranges are 2 at
    // 1-4 and 8-14 (eleven) and 18 at 6 and 7: sum 58 over 13, initial average 4.4615 (not 60/14,
    // with |12 − 10| across the break); 3.267 × 58/13 = 14.58, so both 18s are screened out.
    const spiky = [10, 12, 10, 12, 10, 12, 30, 12, 10, 12, 10, 12, 10, 12, 10];
    const s = chart(spiky, { breaks: [5] }).segments[0]!;
    expect(s.initialAverageMovingRange).toBeCloseTo(58 / 13, 12);
    expect(s.screenedOut).toEqual([6, 7]);
    expect(s.averageMovingRange).toBe(2);
  });

  it('needs a moving range of consecutive periods in each segment', () => {
    const every = Array.from({ length: 14 }, (_, i) => i + 1);
    expect(xmr(values, { polarity: 'higher', breaks: every })).toEqual({ ok: false, reason: 'Points 1–15 have no two consecutive periods, so no moving range to compute limits from.' });
    expect(xmr(values, { polarity: 'higher', breaks: [15] })).toEqual({ ok: false, reason: 'There is no point 16 after a period without a value.' });
  });
});
