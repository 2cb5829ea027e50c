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
}

/**
 * The aggregates as two canonical files named after the record files: the hubs (areas) and the
 * observations. The observations' report carries the notes and refused rows of all.
 */
export function aggregateInputs(names: string[], aggregates: RecordAggregates): AggregateInput[] {
  const base = names.length === 1 ? names[0]!.replace(/\.csv$/i, '') : `${names[0]!.replace(/\.csv$/i, '')} and ${names.length - 1} more`;
  const text = (s: string) => new TextEncoder().encode(s);
  const notes: string[] = [];
  const noted = () => void notes.push(...aggregates.mapNotes, ...names.flatMap((n) => aggregates.notes.get(n)!.map((line) => `${n}: ${line}`)));
  const ready = aggregates.noted?.then(noted);
  // The ingest waits for it only once it has merged: a failure before then (the engine out of
  // memory) is its to meet, not Node's, which would end the process at once with exit code 1.
  ready?.catch(() => undefined);
  if (!ready) noted();
  return [
    { name: `${base}.hubs.csv`, bytes: text(toCanonicalCsv('areas', aggregates.hubs)), notes: [], errors: [] },
    {
      name: `${base}.aggregates.csv`,
      bytes: text(aggregates.observationsCsv ?? toCanonicalCsv('observations', aggregates.observations.map((o) => ({ ...o, source: '' })))),
      notes,
      errors: aggregates.errors,
      ...(ready ? { ready } : {}),
    },
  ];
}
