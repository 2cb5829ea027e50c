// The build's rows for a page's default view, packed into its HTML: a page must get back exactly
// the rows its DuckDB would give for any query they answer, and nothing for one they do not.
import { describe, expect, it } from 'vitest';
import { builtRows, packSeries } from '../../src/lib/metrics/built-series';
import type { SeriesRow } from '../../src/lib/metrics/queries';

const row = (area_code: string, period_start: string, more: Partial<SeriesRow> = {}): SeriesRow => ({
  metric: 'dtoc', breakdown: 'total', area_code, period_start, period_type: 'month', numerator: 10, denominator: 1000, published_value: null, suppressed: false,
  local: false, target: null, target_local: false, standardised_rate: null, standardised_variance: null, ...more,
});

// As the series query orders them: by area, then period.
const ROWS = [
  row('E06000006', '2019-02-01', { numerator: 42, denominator: 129_000, target: 3.5 }),
  row('E06000006', '2019-03-01', { numerator: null, denominator: null, suppressed: true }),
  row('E06000006-N1', '2019-03-01', { numerator: 8, denominator: 31_000, published_value: 25.8 }),
  row('E08000015', '2019-03-01', { numerator: 0, denominator: 322_000, standardised_rate: 12.5, standardised_variance: 0.25, local: true, target_local: true }),
  row('E92000001', '2019-02-01', { numerator: 120_000, denominator: 44_000_000 }),
];
const ASKED = { metric: 'dtoc', breakdown: 'total', periodType: 'month', codes: ['E92000001', 'E54000008', 'E06000006', 'E06000006-N1', 'E08000015'] };

describe('the build’s series sent in a page', () => {
  const packed = packSeries(ASKED, ROWS);

  it('gives back every row as the query gave it, nulls, flags and sums included', () => {
    expect(builtRows(packed, 'dtoc', 'total', 'month', ASKED.codes)).toEqual(ROWS);
    // The JSON a page carries holds the same.
    expect(builtRows(JSON.parse(JSON.stringify(packed)), 'dtoc', 'total', 'month', ASKED.codes)).toEqual(ROWS);
  });

  it('answers a query for some of its areas with their rows alone, in the query’s order', () => {
    expect(builtRows(packed, 'dtoc', 'total', 'month', ['E92000001', 'E06000006'])).toEqual([ROWS[0], ROWS[1], ROWS[4]]);
    // An area asked for by the build that has no rows: no rows is the answer, as DuckDB's would be.
    expect(builtRows(packed, 'dtoc', 'total', 'month', ['E54000008'])).toEqual([]);
  });

  it('does not answer for an area, metric, breakdown or period type the build did not ask for', () => {
    expect(builtRows(packed, 'dtoc', 'total', 'month', ['E06000006', 'E08000005'])).toBeNull();
    expect(builtRows(packed, 'ascof_2a2', 'total', 'month', ['E06000006'])).toBeNull();
    expect(builtRows(packed, 'dtoc', 'social_care', 'month', ['E06000006'])).toBeNull();
    expect(builtRows(packed, 'dtoc', 'total', 'quarter', ['E06000006'])).toBeNull();
  });

  it('leaves out the columns no row has a value in, and refuses a row of an area not asked for', () => {
    expect(packSeries(ASKED, [ROWS[0]!]).standardised_rate).toBeNull();
    expect(() => packSeries({ ...ASKED, codes: ['E92000001'] }, ROWS)).toThrow('packSeries: a row of E06000006, which was not asked for');
  });
});
