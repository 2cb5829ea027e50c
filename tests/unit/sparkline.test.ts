// The cards' sparkline breaks where periods are missing. Bury's care home admissions: ASCOF's
// 2020-21 (the published file) and then its own records from 2024-25, with no figures between.
// Joined, the two made one level line, read as four steady years.
import { describe, expect, it } from 'vitest';
import type * as Plot from '@observablehq/plot';
import { sparklinePlot } from '../../src/lib/charts/sparkline';
import type { Point } from '../../src/lib/metrics/series';

const year = (y: number, value: number): Point => ({
  area_code: 'E08000002', period_start: `${y}-04-01`, period_type: 'financial_year', numerator: 100, denominator: 35_000, value,
  published_value: value, suppressed: false, local: false, target: null, target_local: false,
});
/** The data a mark of the plot draws, by its place among the marks (line, then dots). */
const drawn = (options: Plot.PlotOptions, i: number) => (options.marks![i] as unknown as { data: Point[] }).data;

describe('sparklinePlot', () => {
  it('leaves the years with no figures empty, so the line breaks there, and dots each year no neighbour joins', () => {
    const options = sparklinePlot([year(2020, 680.5), year(2024, 556.3)])(300);
    expect(drawn(options, 0).map((p) => [p.period_start, p.value])).toEqual([
      ['2020-04-01', 680.5], ['2021-04-01', null], ['2022-04-01', null], ['2023-04-01', null], ['2024-04-01', 556.3],
    ]);
    expect(drawn(options, 1).map((p) => p.period_start)).toEqual(['2020-04-01', '2024-04-01']);
  });

  it('joins an unbroken series and dots only its latest value', () => {
    const options = sparklinePlot([year(2021, 600), year(2022, 610), year(2023, 590)])(300);
    expect(drawn(options, 0).map((p) => p.value)).toEqual([600, 610, 590]);
    expect(drawn(options, 1).map((p) => p.period_start)).toEqual(['2023-04-01']);
  });
});
