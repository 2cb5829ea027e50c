// XmR limits held to what a measure can be (a percentage's 0 to 100, a rate's 0 up).
import { describe, expect, it } from 'vitest';
import { metric } from '$lib/definitions';
import { possibleRange, spcClipNote } from '$lib/metrics/spc-limits';
import { clipLimits, xmr, type XmrOptions, type XmrResult } from '$lib/stats/spc';
import { embedPlot, embedSpc, type EmbedView } from '$lib/embed/view';
import type { Point } from '$lib/metrics/series';

function chart(values: number[], options: Partial<XmrOptions> = {}): XmrResult {
  const result = xmr(values, { polarity: 'higher', ...options });
  if (!result.ok) throw new Error(result.reason);
  return result;
}

// A percentage near its top: sum 760 over 8 points, mean 95; moving ranges 6, 8, 9, 5, 3, 6, 8, sum
// 45, average 45/7 (none ≥ 3.267 × that, 21.0); 2.66 × 45/7 = 17.1, so limits 77.9 to 112.1 and
// two-thirds lines 95 ± 11.4 = 83.6 and 106.4.
const nearTop = [92, 98, 90, 99, 94, 97, 91, 99];
// A rate near 0: sum 35 over 7, mean 5; moving ranges 7, 8, 7, 5, 7, 8, average 42/6 = 7 (none ≥
// 22.9); 2.66 × 7 = 18.62, so limits −13.62 to 23.62 and two-thirds lines 5 ± 12.4133.
const nearZero = [2, 9, 1, 8, 3, 10, 2];

describe('clipLimits', () => {
  it('holds each limit and two-thirds line past a bound at the bound, and keeps the limit as computed', () => {
    const held = clipLimits({ mean: 95, averageMovingRange: 45 / 7, upper: 112.1, lower: 77.9, upperTwoThirds: 106.4, lowerTwoThirds: 83.6 }, [0, 100]);
    expect(held).toEqual({ mean: 95, averageMovingRange: 45 / 7, upper: 100, lower: 77.9, upperTwoThirds: 100, lowerTwoThirds: 83.6, clipped: { upper: 112.1, lower: null } });
  });

  it('leaves limits inside the range as they are', () => {
    const limits = { mean: 50, averageMovingRange: 3, upper: 57.98, lower: 42.02, upperTwoThirds: 55.32, lowerTwoThirds: 44.68 };
    expect(clipLimits(limits, [0, 100])).toEqual({ ...limits, clipped: { upper: null, lower: null } });
  });
});

describe('xmr with the range of the measure', () => {
  it('a percentage: the upper limit of 112.1% and its two-thirds line of 106.4% are held at 100%', () => {
    const r = chart(nearTop, { range: [0, 100] });
    const s = r.segments[0]!;
    expect(s.upper).toBe(100);
    expect(s.upperTwoThirds).toBe(100);
    expect(s.lower).toBeCloseTo(77.9, 10);
    expect(s.lowerTwoThirds).toBeCloseTo(83.6, 10);
    expect(s.clipped.upper).toBeCloseTo(112.1, 10);
    expect(s.clipped.lower).toBeNull();
    // Every point carries the limits it is judged by.
    expect(new Set(r.points.map((p) => p.upper))).toEqual(new Set([100]));
  });

  it('a rate: the lower limit of −13.62 and its two-thirds line of −7.41 are held at 0', () => {
    const s = chart(nearZero, { range: [0, Infinity] }).segments[0]!;
    expect([s.lower, s.lowerTwoThirds]).toEqual([0, 0]);
    expect(s.upper).toBeCloseTo(23.62, 10);
    expect(s.upperTwoThirds).toBeCloseTo(5 + 18.62 * (2 / 3), 10);
    expect(s.clipped).toEqual({ upper: null, lower: expect.closeTo(-13.62, 10) });
  });

  it('flags the same points, and gives the same assurance, as the limits as computed', () => {
    // 100% sits on the held upper limit and not above it; 0 on the held lower one.
    for (const [values, range] of [
      [[...nearTop, 100, 100, 99], [0, 100]],
      [[...nearZero, 0, 0, 1], [0, Infinity]],
    ] as const) {
      for (const target of [0, 50, 100]) {
        const raw = chart([...values], { target });
        const held = chart([...values], { target, range });
        expect(held.points.map((p) => p.rules)).toEqual(raw.points.map((p) => p.rules));
        expect(held.assurance).toEqual(raw.assurance);
        expect(held.variation).toEqual(raw.variation);
      }
    }
  });

  it('holds each segment to the range on its own', () => {
    // The first segment (mean 50) is well inside; the second is the percentage near its top.
    const r = chart([49, 51, 50, 52, 48, ...nearTop], { baselines: [5], range: [0, 100] });
    expect(r.segments.map((s) => s.clipped.upper === null)).toEqual([true, false]);
    expect(r.segments[1]!.clipped.upper).toBeCloseTo(112.1, 10);
  });
});

describe('the range of a measure, and the note that says where limits were held', () => {
  const percentage = metric('ascof_2b1');
  const rate = metric('ascof_2a2');
  const mean = metric('discharge_delay');

  it('a percentage lies between 0 and 100; a rate, a rate per day, a mean and a standardised rate are never below 0', () => {
    expect(possibleRange(percentage)).toEqual([0, 100]);
    for (const id of ['ascof_2a2', 'dtoc', 'discharge_delay', 'avoidable_admissions']) expect(possibleRange(metric(id))).toEqual([0, Infinity]);
  });

  it('names each limit held, as computed and where it is drawn', () => {
    expect(spcClipNote(percentage, chart(nearTop, { range: possibleRange(percentage) }))).toBe(
      'The process limits are held to what a percentage can be, 0% to 100%: the upper limit of 112.1% is drawn at 100%.',
    );
    expect(spcClipNote(rate, chart(nearZero, { range: possibleRange(rate) }))).toBe(
      'The process limits are held to what this measure can be, never below 0: the lower limit of -13.6 is drawn at 0.',
    );
  });

  it('says nothing where no limit was held', () => {
    expect(spcClipNote(mean, chart([49, 51, 50, 52, 48], { range: possibleRange(mean) }))).toBeNull();
  });
});

describe('the SPC drawn in embeds and the board pack', () => {
  const percentage = metric('ascof_2b1');
  const year = (y: number, value: number): Point => ({
    area_code: 'E06000006', period_start: `${y}-04-01`, period_type: 'financial_year', numerator: value, denominator: 100, value,
    published_value: null, suppressed: false, local: false, target: null, target_local: false,
  });
  // nearTop twice (16 years, enough for limits): mean 95; moving ranges 45 + 7 + 45 = 97 over 15,
  // 2.66 × 97/15 = 17.2013, so limits 77.7987 to 112.2013.
  const view = { chart: 'spc', lines: [{ label: 'Halton', points: [...nearTop, ...nearTop].map((v, i) => year(2008 + i, v)) }] } as unknown as EmbedView;

  it('holds the limits to 0–100%, says so, and draws no axis past 100% for a limit of 112.2%', () => {
    const spc = embedSpc(percentage, view);
    if (!spc.result.ok) throw new Error(spc.result.reason);
    expect(spc.result.segments[0]!.upper).toBe(100);
    expect(spc.clipNote).toBe('The process limits are held to what a percentage can be, 0% to 100%: the upper limit of 112.2% is drawn at 100%.');
    // The domain is padded by a fortieth of its range (77.7987 to 100) above and below.
    const [, top] = embedPlot(percentage, view, spc)!(700).y!.domain as [number, number];
    expect(top).toBeCloseTo(100 + (100 - (95 - (2.66 * 97) / 15)) / 40, 10);
  });

  it('draws 8 years as a run chart: no limits, no verdict, and says why', () => {
    const short = { ...view, lines: [{ label: 'Halton', points: nearTop.map((v, i) => year(2015 + i, v)) }] } as unknown as EmbedView;
    const spc = embedSpc(percentage, short);
    expect(spc.result).toEqual({
      ok: false,
      runChart: { mean: 95 },
      reason: 'Only 8 points: Making Data Count draws process limits and applies the special-cause rules from 15 points, so this is a run chart of the values about their mean, with no verdict on variation or assurance.',
    });
    expect(spc.clipNote).toBeNull();
    // The values and their mean: 92 to 99, so no room made for a limit of 112.2% or 77.8%.
    const [bottom, top] = embedPlot(percentage, short, spc)!(700).y!.domain as [number, number];
    expect([bottom, top]).toEqual([90 - 9 / 40, 99 + 9 / 40]);
  });
});
