// Record-level aggregates as what ingest reads: the canonical files the pipeline archives and the
// upload page checks, so both treat them as any other upload.
import type { CellError } from '../contract/errors';
import { toCanonicalCsv } from '../contract/write-csv';
import type { RecordAggregates } from './aggregate';

/** Aggregates in the canonical layout, with what was said and refused about the records. */
export interface AggregateInput {
  name: string;
  bytes: Uint8Array;
  notes: string[];
  errors: CellError[];
  /** When the aggregates' notes come later (RecordAggregates.noted): resolves once `notes` holds them. */
  ready?: Promise<void>;
  /** Made from record-level files (these): the person gave those, not this file. */
  records?: string[];
}

const NO_DATA_ROWS = 'has a header but no data rows';
const NOTHING_COUNTED = 'has no row that could be counted: the notes say where its rows went';

/**
 * A report's errors less those saying that a file made from record-level files (`made`: the hubs
 * and the aggregates) has no data rows: the person never made that file, and the files they gave
 * are named already, by aggregateInputs, for why nothing was counted. The rejected rows are
 * counted again as the reader counts them (a row, or the file, once).
 */
export function withoutMadeEmpty<R extends { errors: CellError[]; rejected: number }>(report: R, made: { name: string; records?: string[] }[]): R {
  const names = new Set(made.filter((m) => m.records).map((m) => m.name));
  const errors = report.errors.filter((e) => !(names.has(e.file) && e.row === 0 && e.message === NO_DATA_ROWS));
  return errors.length === report.errors.length ? report : { ...report, errors, rejected: new Set(errors.map((e) => e.row)).size };
}

/**
 * The aggregates as canonical files named after the record files: the hubs (areas), the
 * observations and, where lists of registered patients were given, the hubs' populations. The
 * observations' report carries the notes and refused rows of all (the lists' too).
 */
export function aggregateInputs(names: string[], aggregates: RecordAggregates): AggregateInput[] {
  const base = names.length === 1 ? names[0]!.replace(/\.csv$/i, '') : `${names[0]!.replace(/\.csv$/i, '')} and ${names.length - 1} more`;
  const text = (s: string) => new TextEncoder().encode(s);
  const notes: string[] = [];
  const pops = aggregates.populations;
  const noted = () => void notes.push(...aggregates.mapNotes, ...names.flatMap((n) => aggregates.notes.get(n)!.map((line) => `${n}: ${line}`)), ...(pops?.notes ?? []));
  const ready = aggregates.noted?.then(noted);
  // The ingest waits for it only once it has merged: a failure before then (the engine out of
  // memory) is its to meet, not Node's, which would end the process at once with exit code 1.
  ready?.catch(() => undefined);
  if (!ready) noted();
  const csv = aggregates.observationsCsv ?? toCanonicalCsv('observations', aggregates.observations.map((o) => ({ ...o, source: '' })));
  // Nothing counted: said of each file given that has no error of its own to say why (its rows
  // were all of places the hub map does not name, say), not of the aggregates, which the reader
  // would refuse as a header alone (withoutMadeEmpty takes that out).
  const none = !csv.trim().includes('\n');
  const errors = [...(none ? [...aggregates.errors, ...names.filter((f) => !aggregates.errors.some((e) => e.file === f)).map((file) => ({ file, row: 0, column: '', message: NOTHING_COUNTED }))] : aggregates.errors), ...(pops?.errors ?? [])];
  // The hubs' populations (from lists of registered patients), last: after the hubs they are of.
  const populations = pops?.rows.length ? [{ name: `${base}.populations.csv`, bytes: text(toCanonicalCsv('populations', pops.rows)), notes: [], errors: [], records: [...names, ...pops.files] }] : [];
  return [
    { name: `${base}.hubs.csv`, bytes: text(toCanonicalCsv('areas', aggregates.hubs)), notes: [], errors: [], records: names },
    { name: `${base}.aggregates.csv`, bytes: text(csv), notes, errors, records: names, ...(ready ? { ready } : {}) },
    ...populations,
  ];
}
