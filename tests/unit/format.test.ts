// Periods in words, as chart titles and alternative texts use them.
import { describe, expect, it } from 'vitest';
import { periodSpan } from '../../src/lib/format';

describe('a span of periods', () => {
  it('names the first and last, or the one period where they are the same', () => {
    expect(periodSpan('2019-04-01', '2020-04-01', 'financial_year')).toBe('2019-20 to 2020-21');
    // A measure published for one year: the board pack's chart read "Trend, 2020-21 to 2020-21".
    expect(periodSpan('2020-04-01', '2020-04-01', 'financial_year')).toBe('2020-21');
    expect(periodSpan('2019-01-01', '2019-12-01', 'month')).toBe('Jan 2019 to Dec 2019');
  });
});
