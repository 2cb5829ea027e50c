// The whole ingest of a set of files, shared by the pipeline and the browser upload: read each
// file with the adapter its content calls for, refuse what is wrong row by row, merge the rest.
import type { AdapterContext } from '../adapters/types';
import type { CellError } from '../contract/errors';
import { implausiblePeriods } from '../contract/periods';
import type { Tables } from '../contract/schema';
import { metricsFromRows, type DefinitionRow } from '../definitions/parse';
import { checkRows, mergeTables, type Batch, type MergeCounts, type Merged, type Revision } from './merge';
import { noteEncoding, readRecognised, recogniseText, type Recognised, type SourceRead } from './read-source';

export interface FileReport {
  file: string;
  layout: string | null;
  periods: string[];
  /** When the publisher released the figures (YYYY-MM-DD), where the file says. */
  published?: string;
  skipped: string[];
  areasCovered: number;
  accepted: number;
  revised: number;
  unchanged: number;
  /** Rows refused (1 for a file refused whole). */
  rejected: number;
  errors: CellError[];
}

export interface IngestResult {
  tables: Tables;
  reports: FileReport[];
  revisions: Revision[];
  errors: CellError[];
}

export function reportFor(read: SourceRead, batch: Batch, errors: CellError[], counts: MergeCounts): FileReport {
  const warning = implausiblePeriods([...batch.tables.observations, ...batch.tables.targets].map((r) => r.period_start));
  return {
    file: read.file,
    layout: read.adapter?.label ?? null,
    periods: read.result.periods,
    published: read.result.published,
    skipped: warning ? [...read.result.skipped, warning] : read.result.skipped,
    areasCovered: new Set([...batch.tables.observations, ...batch.tables.populations, ...batch.tables.targets].map((r) => r.area_code)).size,
    ...counts,
    rejected: new Set(errors.map((e) => e.row)).size,
    errors,
  };
}

/** A file's text, and how it was decoded when that was not plain UTF-8. */
export interface SourceText {
  name: string;
  text: string;
  note?: string | null;
}

/** The files read and checked, each with its rows ready to merge and the rows it had refused. */
export interface CheckedFile {
  read: SourceRead;
  batch: Batch;
  errors: CellError[];
}

/**
 * Reads and checks files against what is loaded (`base`: its areas and metric definitions are
 * all that is needed). `beneath`: the definitions in force under the base's own (the built-in
 * table in the pipeline; the published table in a browser).
 */
export function readTexts(base: Pick<Tables, 'areas' | 'metrics'>, files: SourceText[], beneath: DefinitionRow[]): CheckedFile[] {
  const context: AdapterContext = { areas: [...base.areas] };
  const recognised = files.map((f) => recogniseText(f.name, f.text));
  const needsNames = (r: Recognised) => !('failure' in r) && !!r.adapter.needsAreaNames;
  const reads: SourceRead[] = [];
  // Files that join names to codes are read last, so the areas the others bring are known to them.
  for (const last of [false, true]) {
    recognised.forEach((r, i) => {
      if (needsNames(r) !== last) return;
      reads[i] = readRecognised(r, context);
      context.areas.push(...reads[i].result.tables.areas);
    });
  }
  files.forEach((f, i) => noteEncoding(reads[i]!, f.note));

  // context.areas holds the base's areas and every file's by now.
  const codes = new Set(context.areas.map((a) => a.area_code));
  // A definitions file names metrics the other files of the same run may already use.
  const metrics = new Map(metricsFromRows(beneath, base.metrics, ...reads.map((r) => r.result.tables.metrics)).map((m) => [m.id, m]));
  return files.map((f, i) => {
    const read = reads[i]!;
    const { batch, errors } = checkRows({ file: f.name, tables: read.result.tables }, codes, metrics);
    return { read, batch, errors: [...read.result.errors, ...errors] };
  });
}

/** Each file's report, once its rows are merged. */
export function reportsOf(checked: CheckedFile[], merged: Omit<Merged<unknown>, 'tables'>): Omit<IngestResult, 'tables'> {
  const reports = checked.map(({ read, batch, errors }) =>
    reportFor(read, batch, [...errors, ...merged.errors.filter((e) => e.file === batch.file)], merged.counts.get(batch.file)!),
  );
  return { reports, revisions: merged.revisions, errors: reports.flatMap((r) => r.errors) };
}

/** Reads, checks and merges files into `base`, all in memory (the pipeline merges its large tables in DuckDB). */
export function ingestTexts(base: Tables, files: SourceText[], beneath: DefinitionRow[]): IngestResult {
  const checked = readTexts(base, files, beneath);
  const merged = mergeTables(base, checked.map((c) => c.batch));
  return { tables: merged.tables, ...reportsOf(checked, merged) };
}
