// The rows suppression's rule reads (metrics/suppress-columns.ts), gathered from more than one
// answer: a prepared add (upload/prepared-add.ts) takes its upload's own rows from the columns it
// fetched to store them, before metric_values is built, and fetches only the other rows from the
// build (a million uploaded rows' text columns fetched a second time, as codes, were 0.5-0.65
// processor-s of DuckDB's one worker in the Node build).
import type { ExtractColumn } from '../contract/arrow';
import { bitAt } from '../contract/arrow';
import type { Metric } from '../definitions';
import { bucketRows, joinBucketed, type BucketedRows, type CountColumns } from './suppress-columns';
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

/** Words `a` then b's new ones, and each of b's codes (`codes`) as a code into them. */
function joinWords(a: readonly string[], b: readonly string[], codes: Int32Array): [Int32Array, string[]] {
  const words = [...a];
  const at = new Map(words.map((w, i) => [w, i]));
  const to = Int32Array.from(b, (w) => at.get(w) ?? (at.set(w, words.length), words.push(w), words.length - 1));
  return [codes.map((c) => to[c]!), words];
}

/** An upload's own rows put in bucket order for the rule (ownBucketed). */
export interface OwnBucketed {
  rows: RuleRows;
  columns: CountColumns;
  bucketed: BucketedRows;
}

/**
 * An upload's own rows in bucket order, made while DuckDB makes the build's other rows (the page's
 * main thread is idle then): once those are fetched, only they are put in order (withOthers). The
 * million rows' codes, buckets and copy in bucket order took 0.2-0.3 s of the page's main thread
 * after the fetch, the longer step beside DuckDB's putting the same rows in.
 */
export function ownBucketed(rows: RuleRows): OwnBucketed {
  const columns = countColumnsOf(rows);
  return { rows, columns, bucketed: bucketRows(columns) };
}

/**
 * The rule's rows: an upload's own (ownBucketed) then `others`, in bucket order, in one code for
 * each text column (the own rows' words first, so their codes stand) and one number for each
 * bucket (the own rows' first, in order of first row, then the others' new ones): as
 * bucketRows(countColumnsOf()) makes of both sets of rows one after the other.
 */
export function withOthers(own: OwnBucketed, others: RuleRows): { names: Pick<CountColumns, 'areaCodes' | 'breakdownIds' | 'bucketMetric'>; bucketed: BucketedRows } {
  const { rows } = own;
  const [metric, metricIds] = joinWords(rows.metricIds, others.metricIds, others.metric);
  const [periodType, periodTypes] = joinWords(rows.periodTypes, others.periodTypes, others.periodType);
  const [area, areaCodes] = joinWords(rows.areaCodes, others.areaCodes, others.area);
  const [breakdown, breakdownIds] = joinWords(rows.breakdownIds, others.breakdownIds, others.breakdown);
  // Days since 1970 well inside ±65,536.
  const types = periodTypes.length;
  const keyOf = (m: number, t: number, day: number) => (m * types + t) * 131_072 + day + 65_536;
  const bucketMetric = [...own.columns.bucketMetric];
  const bucketOf = new Map<number, number>();
  const { starts, order } = own.bucketed;
  for (let b = 0; b < bucketMetric.length; b++) {
    const i = order[starts[b]!]!;
    bucketOf.set(keyOf(rows.metric[i]!, rows.periodType[i]!, rows.day[i]!), b);
  }
  const bucket = new Int32Array(others.length);
  for (let i = 0; i < others.length; i++) {
    const key = keyOf(metric[i]!, periodType[i]!, others.day[i]!);
    let b = bucketOf.get(key);
    if (b === undefined) {
      bucketOf.set(key, (b = bucketMetric.length));
      bucketMetric.push(metricIds[metric[i]!]!);
    }
    bucket[i] = b;
  }
  const theirs = bucketRows({ ...others, area, breakdown, bucket, bucketMetric }, bucketMetric.length);
  return { names: { areaCodes, breakdownIds, bucketMetric }, bucketed: joinBucketed(own.bucketed, theirs) };
}

/** Most cells of countColumnsOf's table of buckets by series and day (4 MB); beyond it, a Map. */
const BUCKET_TABLE_CELLS = 1 << 20;

/** The rows as the rule takes them: one bucket per metric, period type and period start, in order of first row. */
export function countColumnsOf(rows: RuleRows): CountColumns & { suppressedValid: Uint8Array } {
  const bucketMetric: string[] = [];
  const bucket = new Int32Array(rows.length);
  const types = rows.periodTypes.length;
  let minDay = 2 ** 31 - 1, maxDay = -(2 ** 31);
  for (let i = 0; i < rows.length; i++) {
    const d = rows.day[i]!;
    if (d < minDay) minDay = d;
    if (d > maxDay) maxDay = d;
  }
  const days = maxDay - minDay + 1;
  const series = rows.metricIds.length * types;
  // A bucket's number looked up in a table by metric, period type and day (-1: none yet) where it
  // is small enough: a Map's get for each of a million rows cost the page 0.1 s.
  if (rows.length > 0 && series * days <= BUCKET_TABLE_CELLS) {
    const at = new Int32Array(series * days).fill(-1);
    for (let i = 0; i < rows.length; i++) {
      const key = (rows.metric[i]! * types + rows.periodType[i]!) * days + rows.day[i]! - minDay;
      let b = at[key]!;
      if (b < 0) {
        at[key] = b = bucketMetric.length;
        bucketMetric.push(rows.metricIds[rows.metric[i]!]!);
      }
      bucket[i] = b;
    }
  } else {
    const bucketOf = new Map<number, number>();
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

/**
 * What two sets of rows hold together (heldOfRows of each): an upload's own rows' worked out while
 * DuckDB makes the build's other rows, rather than over all of them once those are fetched, when
 * the page is to run the rule (a million rows: 0.04-0.2 s of the page's main thread).
 */
export function joinHeld(a: { coverage: Coverage; periods: PeriodsHeld }, b: { coverage: Coverage; periods: PeriodsHeld }): { coverage: Coverage; periods: PeriodsHeld } {
  const union = (x: string[] = [], y: string[] = []) => [...new Set([...x, ...y])].sort();
  const coverage: Coverage = {};
  for (const metric of new Set([...Object.keys(a.coverage), ...Object.keys(b.coverage)]))
    coverage[metric] = {
      periodTypes: union(a.coverage[metric]?.periodTypes, b.coverage[metric]?.periodTypes),
      breakdowns: union(a.coverage[metric]?.breakdowns, b.coverage[metric]?.breakdowns),
    };
  const periods: PeriodsHeld = { ...a.periods };
  for (const [key, span] of Object.entries(b.periods)) {
    const was = periods[key];
    // ISO dates: their order as text is the dates'.
    periods[key] = was ? { first: span.first < was.first ? span.first : was.first, last: span.last > was.last ? span.last : was.last } : span;
  }
  return { coverage, periods };
}
