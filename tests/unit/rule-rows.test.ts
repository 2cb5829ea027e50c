// The rule's rows gathered from an upload's stored columns and from DuckDB's answer
// (metrics/rule-rows.ts): which of an upload's rows are its own as metric_values holds them, joined
// codes, and buckets; values worked out by hand.
import { describe, expect, it } from 'vitest';
import { extractColumns, toArrowIpc } from '../../src/lib/contract/arrow';
import type { Observation } from '../../src/lib/contract/schema';
import type { Metric } from '../../src/lib/definitions';
import { countColumnsOf, heldOfRows, joinRuleRows, ownRuleRows, ownRowSql, rebuiltMetrics, type RuleRows } from '../../src/lib/metrics/rule-rows';

const row = (metric: string, area: string, breakdown: string, numerator: number | null, source: string, extra: Partial<Observation> = {}): Observation => ({
  metric, area_code: area, period_start: '2020-01-01', period_type: 'month', breakdown, numerator: numerator as number, denominator: 100, published_value: null, suppressed: false, source, ...extra,
});
const stored = (rows: Observation[]) => extractColumns('observations', toArrowIpc('observations', rows)).columns;

describe('an upload’s own rows for the rule', () => {
  it('names the metrics whose rows metric_values makes anew: DSR, and a mean with a population band', () => {
    const m = (id: string, kind: Metric['kind'], denominatorBand: string | null) => ({ id, kind, denominatorBand }) as Metric;
    expect(rebuiltMetrics([m('a', 'rate', '18+'), m('b', 'dsr', '65+'), m('c', 'mean', null), m('d', 'mean', '65+'), m('e', 'proportion', null)])).toEqual(['b', 'd']);
    expect(ownRowSql([])).toBe('(local AND (source_row IS NOT NULL))');
    expect(ownRowSql(['b', "o'k"])).toBe("(local AND (source_row IS NOT NULL AND metric NOT IN ('b', 'o''k')))");
  });

  it('takes every row with a line of a metric not rebuilt, with its line, counts and flags', () => {
    const own = ownRuleRows(
      stored([
        row('dtoc', 'H1', 'total', 5, 'f.csv:2'),
        row('falls_65', 'H1', 'total', 9, 'f.csv:3'),
        row('dtoc', 'H2', 'nhs', null, 'f.csv:4', { suppressed: true, denominator: null }),
        row('dtoc', 'H1', 'nhs', 3, 'f.csv:9'),
      ]),
      ['falls_65'],
    )!;
    expect(Array.from(own.lines)).toEqual([2, 4, 9]);
    const r = own.rows;
    expect(r.length).toBe(3);
    expect(Array.from(r.area, (c) => r.areaCodes[c])).toEqual(['H1', 'H2', 'H1']);
    expect(Array.from(r.breakdown, (c) => r.breakdownIds[c])).toEqual(['total', 'nhs', 'nhs']);
    expect(Array.from(r.metric, (c) => r.metricIds[c])).toEqual(['dtoc', 'dtoc', 'dtoc']);
    expect(Array.from(r.periodType, (c) => r.periodTypes[c])).toEqual(['month', 'month', 'month']);
    // 2020-01-01 is day 18,262 since 1970.
    expect(Array.from(r.day)).toEqual([18_262, 18_262, 18_262]);
    expect(Array.from(r.numerator)).toEqual([5, 0, 3]);
    expect(Array.from(r.numeratorValid)).toEqual([1, 0, 1]);
    expect(Array.from(r.denominatorValid)).toEqual([1, 0, 1]);
    expect(Array.from(r.suppressed)).toEqual([0, 1, 0]);
    expect(Array.from(r.suppressedValid)).toEqual([1, 1, 1]);
  });

  it('gives up where two of those rows share a line (marked by line, both would be)', () => {
    expect(ownRuleRows(stored([row('dtoc', 'H1', 'total', 5, 'f.csv:2'), row('dtoc', 'H2', 'total', 5, 'f.csv:2')]), [])).toBeNull();
    // A rebuilt metric's row is not among them, so its line does not count.
    expect(ownRuleRows(stored([row('dtoc', 'H1', 'total', 5, 'f.csv:2'), row('falls_65', 'H2', 'total', 5, 'f.csv:2')]), ['falls_65'])).not.toBeNull();
  });
});

describe('rule rows from two answers', () => {
  const rows = (metric: [number[], string[]], area: [number[], string[]], day: number[], numerator: number[]): RuleRows => ({
    length: day.length,
    metric: Int32Array.from(metric[0]), metricIds: metric[1],
    periodType: new Int32Array(day.length), periodTypes: ['month'],
    area: Int32Array.from(area[0]), areaCodes: area[1],
    breakdown: new Int32Array(day.length), breakdownIds: ['total'],
    day: Int32Array.from(day),
    numerator: Float64Array.from(numerator), numeratorValid: new Uint8Array(day.length).fill(1),
    denominator: new Float64Array(day.length), denominatorValid: new Uint8Array(day.length),
    suppressed: new Uint8Array(day.length), suppressedValid: new Uint8Array(day.length).fill(1),
  });

  it('joins them in one code per word, the first answer’s words first', () => {
    const a = rows([[0, 1], ['m1', 'm2']], [[0, 1], ['P', 'H1']], [10, 10], [1, 2]);
    const b = rows([[0, 0, 1], ['m2', 'm3']], [[0, 1, 1], ['H2', 'P']], [10, 11, 10], [3, 4, 5]);
    const j = joinRuleRows(a, b);
    expect(j.length).toBe(5);
    expect(j.metricIds).toEqual(['m1', 'm2', 'm3']);
    expect(Array.from(j.metric, (c) => j.metricIds[c])).toEqual(['m1', 'm2', 'm2', 'm2', 'm3']);
    expect(j.areaCodes).toEqual(['P', 'H1', 'H2']);
    expect(Array.from(j.area, (c) => j.areaCodes[c])).toEqual(['P', 'H1', 'H2', 'P', 'P']);
    expect(Array.from(j.numerator)).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(j.day)).toEqual([10, 10, 10, 11, 10]);
  });

  it('makes one bucket per metric, period type and start, in order of first row', () => {
    const j = joinRuleRows(rows([[0, 1], ['m1', 'm2']], [[0, 0], ['P']], [10, 10], [1, 2]), rows([[0, 0, 1], ['m2', 'm1']], [[0, 0, 0], ['P']], [10, 11, 10], [3, 4, 5]));
    const c = countColumnsOf(j);
    // Rows: m1/10, m2/10, m2/10, m2/11, m1/10.
    expect(Array.from(c.bucket)).toEqual([0, 1, 1, 2, 0]);
    expect(c.bucketMetric).toEqual(['m1', 'm2', 'm2']);
    expect(c.areaCodes).toEqual(['P']);
  });

  it('says what the rows hold: per metric its period types and breakdowns, per metric and type the first and last period', () => {
    // Days 18,262 = 2020-01-01, 18,293 = 2020-02-01, 18,353 = 2020-04-01.
    const r: RuleRows = {
      ...rows([[0, 0, 0, 1], ['m1', 'm2', 'unused']], [[0, 0, 0, 0], ['P']], [18_293, 18_262, 18_353, 18_262], [1, 2, 3, 4]),
      periodType: Int32Array.from([0, 0, 1, 0]), periodTypes: ['month', 'quarter'],
      breakdown: Int32Array.from([1, 0, 0, 1]), breakdownIds: ['total', 'nhs'],
    };
    expect(heldOfRows(r)).toEqual({
      coverage: { m1: { periodTypes: ['month', 'quarter'], breakdowns: ['nhs', 'total'] }, m2: { periodTypes: ['month'], breakdowns: ['nhs'] } },
      periods: { 'm1/month': { first: '2020-01-01', last: '2020-02-01' }, 'm1/quarter': { first: '2020-04-01', last: '2020-04-01' }, 'm2/month': { first: '2020-01-01', last: '2020-01-01' } },
    });
  });
});
