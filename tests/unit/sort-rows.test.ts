import { describe, expect, it } from 'vitest';
import { nextSort, numericKey, periodKey, sortRows } from '../../src/lib/charts/sort-rows';

const rows = [
  ['Halton', 'Mar 2019', '1,234.5', 'suppressed'],
  ['Wirral', 'Apr 2019', '98.0%', '12'],
  ['Knowsley', 'Jan 2019', '–', '3'],
  ['england', 'Dec 2018', '12.5', '1,200'],
  ['Sefton', 'Feb 2019', 'suppressed', '−4'],
];
const col = (sorted: string[][], j: number) => sorted.map((r) => r[j]);

describe('sorting a data table by a column', () => {
  it('keeps the order given when no column is chosen', () => {
    expect(sortRows(rows, null)).toEqual(rows);
    expect(sortRows(rows, null)).not.toBe(rows);
  });

  it('sorts numbers by value, not as text, with separators and % understood', () => {
    expect(col(sortRows(rows, { column: 2, direction: 'ascending', numeric: true }), 2)).toEqual(['12.5', '98.0%', '1,234.5', '–', 'suppressed']);
    expect(col(sortRows(rows, { column: 2, direction: 'descending', numeric: true }), 2)).toEqual(['1,234.5', '98.0%', '12.5', '–', 'suppressed']);
  });

  it('puts "suppressed" and "–" last whichever way, in the order given', () => {
    expect(col(sortRows(rows, { column: 3, direction: 'ascending', numeric: true }), 3)).toEqual(['−4', '3', '12', '1,200', 'suppressed']);
    expect(col(sortRows(rows, { column: 3, direction: 'descending', numeric: true }), 3)).toEqual(['1,200', '12', '3', '−4', 'suppressed']);
  });

  it('sorts text alphabetically in en-GB, ignoring case', () => {
    expect(col(sortRows(rows, { column: 0, direction: 'ascending' }), 0)).toEqual(['england', 'Halton', 'Knowsley', 'Sefton', 'Wirral']);
    expect(col(sortRows(rows, { column: 0, direction: 'descending' }), 0)).toEqual(['Wirral', 'Sefton', 'Knowsley', 'Halton', 'england']);
  });

  it('sorts a column of periods in time order, not alphabetically', () => {
    expect(col(sortRows(rows, { column: 1, direction: 'ascending' }), 1)).toEqual(['Dec 2018', 'Jan 2019', 'Feb 2019', 'Mar 2019', 'Apr 2019']);
    const quarters = [['Q1 2020-21'], ['Q4 2019-20'], ['Q2 2019-20'], ['2018-19']];
    expect(sortRows(quarters, { column: 0, direction: 'ascending' }).flat()).toEqual(['2018-19', 'Q2 2019-20', 'Q4 2019-20', 'Q1 2020-21']);
  });

  it('keeps tied rows in the order given, both ways', () => {
    const tied = [['a', '1'], ['b', '2'], ['c', '1'], ['d', '2']];
    expect(col(sortRows(tied, { column: 1, direction: 'ascending', numeric: true }), 0)).toEqual(['a', 'c', 'b', 'd']);
    expect(col(sortRows(tied, { column: 1, direction: 'descending', numeric: true }), 0)).toEqual(['b', 'd', 'a', 'c']);
  });

  it('compares numbers inside text as numbers', () => {
    expect(sortRows([['Hub 10'], ['Hub 9'], ['Hub 1']], { column: 0, direction: 'ascending' }).flat()).toEqual(['Hub 1', 'Hub 9', 'Hub 10']);
  });

  it('reads the figure a cell shows', () => {
    expect(numericKey('1,234')).toBe(1234);
    expect(numericKey('12.5%')).toBe(12.5);
    expect(numericKey('−3.2')).toBe(-3.2);
    expect(numericKey('102.1 to 140.9')).toBe(102.1);
    expect(numericKey('suppressed')).toBeNull();
    expect(numericKey('–')).toBeNull();
    expect(numericKey('NULL')).toBeNull();
    expect(numericKey('abc')).toBeNull();
    expect(periodKey('Apr 2019')! - periodKey('Mar 2019')!).toBe(1);
    expect(periodKey('Q1 2019-20')).toBe(periodKey('Apr 2019'));
    expect(periodKey('2019-20')).toBe(periodKey('Apr 2019'));
    expect(periodKey('Halton')).toBeNull();
  });

  it('toggles a column ascending then descending, and starts a new column ascending', () => {
    const first = nextSort(null, 2, true);
    expect(first).toEqual({ column: 2, direction: 'ascending', numeric: true });
    expect(nextSort(first, 2, true)).toEqual({ column: 2, direction: 'descending', numeric: true });
    expect(nextSort(nextSort(first, 2, true), 2, true).direction).toBe('ascending');
    expect(nextSort(first, 0)).toEqual({ column: 0, direction: 'ascending', numeric: false });
  });
});
