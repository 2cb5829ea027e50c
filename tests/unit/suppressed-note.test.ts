import { describe, expect, it } from 'vitest';
import { mostlySuppressedNote } from '../../src/lib/charts/suppressed';
import { STYLE } from '../../src/lib/charts/palette';
import type { Line } from '../../src/lib/charts/trend';
import type { Point } from '../../src/lib/metrics/series';

const point = (period_start: string, suppressed: boolean): Point => ({
  area_code: 'X', period_start, period_type: 'quarter', numerator: suppressed ? 0 : 12, denominator: 6000,
  value: suppressed ? null : 200, published_value: null, suppressed, local: false, target: null, target_local: false,
});
const quarters = ['2022-04-01', '2022-07-01', '2022-10-01', '2023-01-01', '2023-04-01'];
const line = (label: string, hidden: number): Line => ({ key: label, label, style: STYLE.focus, points: quarters.map((q, i) => point(q, i < hidden)) });

describe('a chart that suppression has mostly emptied', () => {
  it('says so, naming each such line and how many of its values are hidden', () => {
    expect(mostlySuppressedNote([line('Widnes North', 3), line('Halton', 0)], 7)).toBe(
      'Most values are suppressed and not drawn (Widnes North, 3 of 5), so its line is broken or missing. Counts of 1 to 7 are suppressed, and where needed another count too, so that they cannot be worked out by subtraction from a total.',
    );
    expect(mostlySuppressedNote([line('Widnes North', 5), line('Runcorn East', 4)], 5)).toMatch(/^Most values are suppressed and not drawn \(Widnes North, all 5; Runcorn East, 4 of 5\), so their lines are broken or missing\. Counts of 1 to 5 are suppressed/);
  });

  it('says nothing when at most half of every line is suppressed', () => {
    expect(mostlySuppressedNote([line('Widnes North', 2), line('Halton', 0)], 7)).toBeNull();
    expect(mostlySuppressedNote([{ ...line('Empty', 0), points: [] }], 7)).toBeNull();
  });
});
