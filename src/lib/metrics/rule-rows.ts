// The rows suppression's rule reads (metrics/suppress-columns.ts), gathered from more than one
// answer: a prepared add (upload/prepared-add.ts) takes its upload's own rows from the columns it
// fetched to store them, before metric_values is built, and fetches only the other rows from the
// build (a million uploaded rows' text columns fetched a second time, as codes, were 0.5-0.65
// processor-s of DuckDB's one worker in the Node build).
import type { ExtractColumn } from '../contract/arrow';
import { bitAt } from '../contract/arrow';
import type { Metric } from '../definitions';
import type { CountColumns } from './suppress-columns';
import { sqlText } from '../sql/literal';
import type { Coverage } from './metric-choices';
import type { PeriodsHeld } from './bcf-year';

/** Rows for the rule, by column: text as codes into its words, flags a byte a row (1: a value). */
export interface RuleRows {
  length: number;
  metric: Int32Array;
  metricIds: readonly string[];
  periodType: Int32Array;
  periodTypes: readonly string[];
  area: Int32Array;
  areaCodes: readonly string[];
  breakdown: Int32Array;
  breakdownIds: readonly string[];
  /** period_start, days since 1970. */
  day: Int32Array;
  numerator: Float64Array;
  numeratorValid: Uint8Array;
  denominator: Float64Array;
  denominatorValid: Uint8Array;
  suppressed: Uint8Array;
  suppressedValid: Uint8Array;
}

/**
 * The metrics whose uploaded rows metric_values may change in what the rule reads: a DSR metric's
 * (its total is made from its bands) and a mean's whose denominator may be filled from a population
 * (the rule reads a mean's denominator). Any other uploaded row reaches metric_values with its
 * numerator, denominator and `suppressed` as uploaded: a denominator is filled only for a metric
 * with an age band, and the rule reads the denominator only of a mean or a metric without one.
 */
export const rebuiltMetrics = (metrics: readonly Metric[]): string[] =>
  metrics.filter((m) => m.kind === 'dsr' || (m.kind === 'mean' && m.denominatorBand != null)).map((m) => m.id);

/** The uploaded rows (SQL, over observations' columns) that become ownRowSql's: those with a line, of a metric not rebuilt. */
export const ownObservationSql = (rebuilt: readonly string[]) =>
  `(source_row IS NOT NULL${rebuilt.length ? ` AND metric NOT IN (${rebuilt.map(sqlText).join(', ')})` : ''})`;

/**
 * The rows of metric_values that are an upload's own rows as uploaded (SQL, over metric_values'
 * columns), where local_observations holds that upload's rows alone: every local row with a line
 * (ICB sums and DSR totals made from the bands have none) of a metric not rebuilt.
 */
export const ownRowSql = (rebuilt: readonly string[]) => `(local AND ${ownObservationSql(rebuilt)})`;

/**
 * An upload's rows (its stored columns, as the extract's: text as codes into a dictionary) that
 * ownRowSql picks out of metric_values, as the rule reads them, with each one's line; null where
 * two such rows share a line (the line then would not tell them apart).
 */
export function ownRuleRows(columns: Record<string, ExtractColumn>, rebuilt: readonly string[]): { rows: RuleRows; lines: Int32Array } | null {
  const col = (name: string) => columns[name]!;
  const [metric, area, type, breakdown, line] = ['metric', 'area_code', 'period_type', 'breakdown', 'source_row'].map(col) as ExtractColumn[];
  const total = metric!.values.length;
  // Keys are never null (the contract's checks); a column of them with a null is not for this path.
  for (const key of [metric, area, type, breakdown]) if (key!.valid) for (let i = 0; i < total; i++) if (bitAt(key!.valid, i) === 0) return null;
  const skip = new Set(rebuilt);
  const skipped = Uint8Array.from(metric!.dictionary ?? [], (w) => (skip.has(w) ? 1 : 0));
  const metricCodes = metric!.values as Int32Array, lineValues = line!.values as Int32Array, lineValid = line!.valid;
  const keep = new Int32Array(total);
  let n = 0;
  let maxLine = 0;
  for (let i = 0; i < total; i++) {
    if ((lineValid && bitAt(lineValid, i) === 0) || skipped[metricCodes[i]!]) continue;
    keep[n++] = i;
    if (lineValues[i]! > maxLine) maxLine = lineValues[i]!;
  }
  // Every row (as most uploads): the columns themselves, not copies.
  const every = n === total;
  const seen = new Uint8Array(maxLine + 1);
  const lines = every ? lineValues : new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const l = lineValues[every ? k : keep[k]!]!;
    if (l < 0 || seen[l]) return null;
    seen[l] = 1;
    if (!every) lines[k] = l;
  }
  function take(values: Int32Array, out: Int32Array): Int32Array;
  function take(values: Float64Array, out: Float64Array): Float64Array;
  function take(values: Uint8Array, out: Uint8Array): Uint8Array;
  function take(values: Int32Array | Float64Array | Uint8Array, out: Int32Array | Float64Array | Uint8Array) {
    if (every) return values;
    for (let k = 0; k < n; k++) out[k] = values[keep[k]!]!;
    return out;
  }
  const flags = (c: ExtractColumn) => {
    const out = new Uint8Array(n);
    if (!c.valid) return out.fill(1);
    for (let k = 0; k < n; k++) out[k] = bitAt(c.valid, every ? k : keep[k]!);
    return out;
  };
  const [numerator, denominator, suppressed] = ['numerator', 'denominator', 'suppressed'].map(col) as ExtractColumn[];
  return {
    lines,
    rows: {
      length: n,
      metric: take(metricCodes, new Int32Array(n)), metricIds: metric!.dictionary ?? [],
      periodType: take(type!.values as Int32Array, new Int32Array(n)), periodTypes: type!.dictionary ?? [],
      area: take(area!.values as Int32Array, new Int32Array(n)), areaCodes: area!.dictionary ?? [],
      breakdown: take(breakdown!.values as Int32Array, new Int32Array(n)), breakdownIds: breakdown!.dictionary ?? [],
      day: take(col('period_start').values as Int32Array, new Int32Array(n)),
      numerator: take(numerator!.values as Float64Array, new Float64Array(n)), numeratorValid: flags(numerator!),
      denominator: take(denominator!.values as Float64Array, new Float64Array(n)), denominatorValid: flags(denominator!),
      suppressed: take(suppressed!.values as Uint8Array, new Uint8Array(n)), suppressedValid: flags(suppressed!),
    },
  };
}

/** Rows `a` then rows `b`, in one code for each text column (a's words first, then b's new ones). */
export function joinRuleRows(a: RuleRows, b: RuleRows): RuleRows {
  const length = a.length + b.length;
  const text = (codesA: Int32Array, wordsA: readonly string[], codesB: Int32Array, wordsB: readonly string[]) => {
    const words = [...wordsA];
    const at = new Map(words.map((w, i) => [w, i]));
    const to = Int32Array.from(wordsB, (w) => at.get(w) ?? (at.set(w, words.length), words.push(w), words.length - 1));
    const codes = new Int32Array(length);
    codes.set(codesA);
    for (let i = 0; i < b.length; i++) codes[a.length + i] = to[codesB[i]!]!;
    return [codes, words] as const;
  };
  const both = <A extends Int32Array | Float64Array | Uint8Array>(x: A, y: A, out: A) => (out.set(x), out.set(y, a.length), out);
  const [metric, metricIds] = text(a.metric, a.metricIds, b.metric, b.metricIds);
  const [periodType, periodTypes] = text(a.periodType, a.periodTypes, b.periodType, b.periodTypes);
  const [area, areaCodes] = text(a.area, a.areaCodes, b.area, b.areaCodes);
  const [breakdown, breakdownIds] = text(a.breakdown, a.breakdownIds, b.breakdown, b.breakdownIds);
  return {
    length, metric, metricIds, periodType, periodTypes, area, areaCodes, breakdown, breakdownIds,
    day: both(a.day, b.day, new Int32Array(length)),
    numerator: both(a.numerator, b.numerator, new Float64Array(length)),
    numeratorValid: both(a.numeratorValid, b.numeratorValid, new Uint8Array(length)),
    denominator: both(a.denominator, b.denominator, new Float64Array(length)),
    denominatorValid: both(a.denominatorValid, b.denominatorValid, new Uint8Array(length)),
    suppressed: both(a.suppressed, b.suppressed, new Uint8Array(length)),
    suppressedValid: both(a.suppressedValid, b.suppressedValid, new Uint8Array(length)),
  };
}

/** The rows as the rule takes them: one bucket per metric, period type and period start, in order of first row. */
export function countColumnsOf(rows: RuleRows): CountColumns & { suppressedValid: Uint8Array } {
  const bucketOf = new Map<number, number>();
  const bucketMetric: string[] = [];
  const bucket = new Int32Array(rows.length);
  const types = rows.periodTypes.length;
  for (let i = 0; i < rows.length; i++) {
    // Days since 1970 well inside ±65,536.
    const key = (rows.metric[i]! * types + rows.periodType[i]!) * 131_072 + rows.day[i]! + 65_536;
    let b = bucketOf.get(key);
    if (b === undefined) {
      bucketOf.set(key, (b = bucketMetric.length));
      bucketMetric.push(rows.metricIds[rows.metric[i]!]!);
    }
    bucket[i] = b;
  }
  return {
    length: rows.length, area: rows.area, breakdown: rows.breakdown, bucket,
    numerator: rows.numerator, numeratorValid: rows.numeratorValid,
    denominator: rows.denominator, denominatorValid: rows.denominatorValid,
    suppressed: rows.suppressed, suppressedValid: rows.suppressedValid,
    areaCodes: rows.areaCodes, breakdownIds: rows.breakdownIds, bucketMetric,
  };
}

/**
 * What rows hold (db/prepare.ts' queryHeld of a table of them): per metric, its period types and
 * breakdowns (sorted); per metric and period type, the first and last period start. Worked out from
 * the rule's rows where they are every row of a build, rather than by DuckDB from the table (a
 * scan of 1.2M rows that DuckDB's one worker did while the rule ran, before it could mark).
 */
export function heldOfRows(rows: RuleRows): { coverage: Coverage; periods: PeriodsHeld } {
  const nt = rows.periodTypes.length, nb = rows.breakdownIds.length;
  const cells = rows.metricIds.length * nt;
  const first = new Int32Array(cells).fill(2 ** 31 - 1);
  const last = new Int32Array(cells).fill(-(2 ** 31));
  const breakdowns = new Uint8Array(rows.metricIds.length * nb);
  for (let i = 0; i < rows.length; i++) {
    const m = rows.metric[i]!, c = m * nt + rows.periodType[i]!, d = rows.day[i]!;
    if (d < first[c]!) first[c] = d;
    if (d > last[c]!) last[c] = d;
    breakdowns[m * nb + rows.breakdown[i]!] = 1;
  }
  const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
  const coverage: Coverage = {};
  const periods: PeriodsHeld = {};
  rows.metricIds.forEach((metric, m) => {
    const types = rows.periodTypes.filter((_, t) => first[m * nt + t]! <= last[m * nt + t]!);
    if (types.length === 0) return;
    for (const type of types) {
      const c = m * nt + rows.periodTypes.indexOf(type);
      periods[`${metric}/${type}`] = { first: iso(first[c]!), last: iso(last[c]!) };
    }
    // Ids are ASCII: JavaScript's sort is DuckDB's order.
    coverage[metric] = { periodTypes: [...types].sort(), breakdowns: rows.breakdownIds.filter((_, b) => breakdowns[m * nb + b]).sort() };
  });
  return { coverage, periods };
}
