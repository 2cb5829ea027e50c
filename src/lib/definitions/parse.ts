// Reads one row of the metric definitions table (the canonical CSV's text cells) into a Metric,
// or says what is wrong with it, cell by cell, so a bad definition is refused whole and named.
import { quote } from '../quote';
import {
  INTERVAL_METHODS, METRIC_KINDS, PERIOD_TYPES, type Breakdown, type BreakdownSum, type IntervalMethod, type Metric, type MetricKind, type PeriodType,
} from './metric';

/** The definitions table's columns, in the canonical CSV's order; `required` ones must be non-empty. */
export const DEFINITION_COLUMNS = [
  { name: 'id', required: true },
  { name: 'title', required: true },
  { name: 'short', required: false },
  { name: 'definition', required: false },
  { name: 'numerator', required: false },
  { name: 'denominator', required: false },
  { name: 'count_words', required: false },
  { name: 'kind', required: true },
  { name: 'multiplier', required: false },
  { name: 'unit', required: true },
  { name: 'polarity', required: true },
  { name: 'interval', required: false },
  { name: 'interval_note', required: false },
  { name: 'period_types', required: true },
  { name: 'breakdowns', required: false },
  { name: 'sums', required: false },
  { name: 'population_band', required: false },
  { name: 'data_source', required: false },
  { name: 'core_years', required: false },
  { name: 'collection_start', required: false },
  { name: 'collection_end', required: false },
  { name: 'predecessor', required: false },
  { name: 'successor', required: false },
  { name: 'derived_from', required: false },
] as const;
export type DefinitionColumn = (typeof DEFINITION_COLUMNS)[number]['name'];

/** A definition as the table stores it: every cell as text (null when empty). */
export type DefinitionRow = Record<DefinitionColumn, string | null>;

export interface DefinitionProblem {
  column: DefinitionColumn;
  message: string;
}

const ID = /^[a-z][a-z0-9_]{0,63}$/;
const BREAKDOWN_ID = /^[a-z0-9][a-z0-9_+-]{0,31}$/;
const BAND = /^(all|\d{1,2}\+|\d{1,2}-\d{1,2})$/;
const BCF_YEAR = /^(\d{4})-(\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-01$/;

const DEFAULT_MULTIPLIER: Record<MetricKind, number> = { rate: 100_000, rate_per_day: 100_000, proportion: 100, mean: 1, dsr: 100_000 };
const DEFAULT_INTERVAL: Record<MetricKind, IntervalMethod> = { rate: 'byar', rate_per_day: 'byar', proportion: 'wilson', mean: 'none', dsr: 'dobson' };
/** The interval methods that fit each kind of value. */
const FITTING_INTERVALS: Record<MetricKind, IntervalMethod[]> = {
  rate: ['byar', 'none'], rate_per_day: ['byar', 'none'], proportion: ['wilson', 'none'], mean: ['none'], dsr: ['dobson', 'none'],
};
const MEAN_NOTE = 'The figures give the total and the number of events, not how they vary from one event to the next, so no confidence interval can be computed.';

/** Splits a list cell ("a; b; c"). */
const items = (text: string | null) => (text ?? '').split(';').map((s) => s.trim()).filter((s) => s !== '');

export function parseDefinition(row: DefinitionRow): { metric: Metric } | { problems: DefinitionProblem[] } {
  const problems: DefinitionProblem[] = [];
  const problem = (column: DefinitionColumn, message: string) => problems.push({ column, message });
  const text = (c: DefinitionColumn) => row[c]?.trim() ?? '';
  const oneOf = <T extends string>(c: DefinitionColumn, allowed: readonly T[], fallback?: T): T => {
    const v = text(c);
    if (v === '' && fallback) return fallback;
    if (!(allowed as readonly string[]).includes(v)) problem(c, `${quote(v)} is not one of ${allowed.join(', ')}`);
    return v as T;
  };
  const metricId = (c: DefinitionColumn): string | null => {
    const v = text(c);
    if (v === '') return null;
    if (!ID.test(v)) problem(c, `${quote(v)} is not a metric id (lower-case letters, digits and _, starting with a letter)`);
    return v;
  };

  for (const { name, required } of DEFINITION_COLUMNS) if (required && text(name) === '') problem(name, 'is empty but required');
  if (problems.length) return { problems };

  const id = metricId('id')!;
  const kind = oneOf('kind', METRIC_KINDS);
  const polarity = oneOf('polarity', ['lower', 'higher'] as const);
  if (!METRIC_KINDS.includes(kind)) return { problems };

  let multiplier = DEFAULT_MULTIPLIER[kind];
  if (text('multiplier') !== '') {
    multiplier = Number(text('multiplier'));
    if (!Number.isFinite(multiplier) || multiplier <= 0) problem('multiplier', `${quote(text('multiplier'))} is not a positive number`);
    else if (kind === 'proportion' && multiplier !== 100) problem('multiplier', `a proportion is a percentage: its multiplier is 100, not ${multiplier}`);
    else if (kind === 'dsr' && multiplier !== 100_000) problem('multiplier', `an age-standardised rate is per 100,000 (the standard population's total), not per ${multiplier}`);
  }

  const ciMethod = oneOf('interval', INTERVAL_METHODS, DEFAULT_INTERVAL[kind]);
  if (INTERVAL_METHODS.includes(ciMethod) && !FITTING_INTERVALS[kind].includes(ciMethod)) {
    problem('interval', `${ciMethod} does not fit a ${kind.replace('_', ' ')} (use ${FITTING_INTERVALS[kind].join(' or ')})`);
  }
  const intervalNote = text('interval_note') || (kind === 'mean' ? MEAN_NOTE : null);
  if (ciMethod === 'none' && !intervalNote) problem('interval_note', 'is empty: say why there is no confidence interval');

  const periodTypes = items(row.period_types) as PeriodType[];
  const badPeriod = periodTypes.find((p) => !PERIOD_TYPES.includes(p));
  if (badPeriod !== undefined) problem('period_types', `${quote(badPeriod)} is not one of ${PERIOD_TYPES.join(', ')}`);

  const breakdowns: Breakdown[] = [];
  for (const item of items(row.breakdowns)) {
    const at = item.indexOf('=');
    const [bid, label] = at < 0 ? [item, ''] : [item.slice(0, at).trim(), item.slice(at + 1).trim()];
    if (!BREAKDOWN_ID.test(bid) || label === '') problem('breakdowns', `${quote(item)} is not "id=label" (a lower-case id of letters, digits, _, + or -, then its label)`);
    else if (breakdowns.some((b) => b.id === bid)) problem('breakdowns', `${quote(bid)} is listed twice`);
    else breakdowns.push({ id: bid, label });
  }
  if (breakdowns.length === 0) breakdowns.push({ id: 'total', label: 'All' });
  else if (!breakdowns.some((b) => b.id === 'total')) problem('breakdowns', 'has no "total" breakdown (every metric has one: the figure every total view shows)');
  // The total first: every total view reads breakdowns[0].
  breakdowns.sort((a, b) => Number(b.id === 'total') - Number(a.id === 'total'));

  const known = new Set(breakdowns.map((b) => b.id));
  const sums: BreakdownSum[] = [];
  for (const item of items(row.sums)) {
    const m = /^(.+)=(.+)$/.exec(item);
    // "+" joins parts, and also ends an open age band ("85-89+90+=total").
    const parts = m ? m[1]!.trim().split(/\s*\+(?!\+|\s*$)\s*/) : [];
    const total = m?.[2]!.trim() ?? '';
    const unknown = [...parts, total].filter((b) => !known.has(b));
    if (!m || parts.length < 2) problem('sums', `${quote(item)} is not "part+part+…=total"`);
    else if (unknown.length) problem('sums', `${quote(item)} names breakdown(s) not listed in breakdowns: ${unknown.join(', ')}`);
    else sums.push({ parts, total });
  }

  const band = text('population_band') || null;
  if (band && !BAND.test(band)) problem('population_band', `${quote(band)} is not an age band (all, 65+, 18-64 …)`);
  if (kind === 'dsr' && !band) problem('population_band', 'is empty: an age-standardised rate needs the ages it covers (all, 65+ …)');
  if (kind === 'rate_per_day' && !periodTypes.length) problem('period_types', 'is empty');

  const coreYears = items(row.core_years);
  for (const y of coreYears) {
    const m = BCF_YEAR.exec(y);
    if (!m || (Number(m[1]) + 1) % 100 !== Number(m[2])) problem('core_years', `${quote(y)} is not a financial year written as 2025-26`);
  }
  const date = (c: DefinitionColumn) => {
    const v = text(c);
    if (v !== '' && !ISO_DATE.test(v)) problem(c, `${quote(v)} is not the first day of a period (YYYY-MM-01)`);
    return v || null;
  };
  const collectionStart = date('collection_start');
  const collectionEnded = date('collection_end');
  if (collectionStart && collectionEnded && collectionEnded < collectionStart) problem('collection_end', `${collectionEnded} is before the collection start ${collectionStart}`);

  const counts = items((row.count_words ?? '').replaceAll('|', ';'));
  if (row.count_words && counts.length !== 3) problem('count_words', `${quote(row.count_words)} is not "numerator words | joiner | denominator words" (e.g. "admissions | of | people aged 65+")`);
  const predecessor = metricId('predecessor');
  const successor = metricId('successor');
  if (predecessor === id || successor === id) problem(predecessor === id ? 'predecessor' : 'successor', `${id} cannot follow itself`);

  if (problems.length) return { problems };
  return {
    metric: {
      id, title: text('title'), short: text('short') || text('title'), definition: text('definition'),
      numerator: text('numerator'), denominator: text('denominator'),
      counts: counts.length === 3 ? { numerator: counts[0]!, joiner: counts[1]!, denominator: counts[2]! } : { numerator: 'counted', joiner: 'of', denominator: 'in the denominator' },
      kind, multiplier, perDay: kind === 'rate_per_day', denominatorBand: band, unit: text('unit'), polarity, ciMethod, intervalNote: ciMethod === 'none' ? intervalNote : null,
      periodTypes, breakdowns, sums, source: text('data_source'), coreYears, collectionStart, collectionEnded, predecessor, successor,
      derivedFrom: text('derived_from') || null,
    },
  };
}

/** Problems only a whole set of definitions shows: a predecessor or successor that is not in it. */
export function definitionSetProblems(metrics: Metric[]): { id: string; problem: DefinitionProblem }[] {
  const ids = new Set(metrics.map((m) => m.id));
  const out: { id: string; problem: DefinitionProblem }[] = [];
  for (const m of metrics) {
    for (const column of ['predecessor', 'successor'] as const) {
      const other = m[column];
      if (other && !ids.has(other)) out.push({ id: m.id, problem: { column, message: `${quote(other)} is not a defined metric` } });
    }
  }
  return out;
}

/** Sets of definition rows, a later row for an id replacing an earlier one (in the first's order). */
export function overlaid(...sets: DefinitionRow[][]): DefinitionRow[] {
  const rows = new Map<string, DefinitionRow>();
  for (const set of sets) for (const r of set) rows.set(r.id!, r);
  return [...rows.values()];
}

/**
 * The definitions in force from sets of rows already checked when they were read (the built-in
 * table, then a data team's, then any read since): a later row for an id replaces an earlier one.
 */
export function metricsFromRows(...sets: DefinitionRow[][]): Metric[] {
  return overlaid(...sets).map((r) => {
    const parsed = parseDefinition(r);
    if ('problems' in parsed) throw new Error(`definition ${r.id}: ${parsed.problems.map((p) => `${p.column} ${p.message}`).join('; ')}`);
    return parsed.metric;
  });
}
