// The whole ingest of a set of files, shared by the pipeline and the browser upload: read each
// file with the adapter its content calls for, refuse what is wrong row by row, merge the rest.
import type { AdapterContext } from '../adapters/types';
import type { CellError } from '../contract/errors';
import { implausiblePeriods } from '../contract/periods';
import type { Definitions } from '../contract/rules';
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

/** `held`: what the file's rows checked and merged outside JavaScript cover. */
export function reportFor(read: SourceRead, batch: Batch, errors: CellError[], counts: MergeCounts, held?: HeldRows): FileReport {
  const warning = implausiblePeriods([...batch.tables.observations, ...batch.tables.targets].map((r) => r.period_start), undefined, held?.periodStarts);
  return {
    file: read.file,
    layout: read.adapter?.label ?? null,
    periods: read.result.periods,
    published: read.result.published,
    skipped: warning ? [...read.result.skipped, warning] : read.result.skipped,
    areasCovered: new Set([...batch.tables.observations, ...batch.tables.populations, ...batch.tables.targets].map((r) => r.area_code).concat(held?.areaCodes ?? [])).size,
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

/**
 * A file read another way (the pipeline reads canonical observations with DuckDB): `read` is
 * called at the file's turn, with the areas known by then, and gives what the file's rows the
 * checks below are to see; `held`, what its rows kept elsewhere cover, for the report.
 */
export interface SourceReader {
  name: string;
  read: (context: AdapterContext) => SourceRead;
  held?: HeldRows;
}

/** The area codes and period starts (with their rows) of rows checked and merged outside JavaScript. */
export interface HeldRows {
  areaCodes: string[];
  periodStarts: [start: string, rows: number][];
}

/** The files read and checked, each with its rows ready to merge and the rows it had refused. */
export interface CheckedFile {
  read: SourceRead;
  batch: Batch;
  errors: CellError[];
  held?: HeldRows;
}

/** The files read, and what their rows are checked against. */
export interface ReadFiles {
  reads: SourceRead[];
  /** Every area code known: the base's and every file's. */
  codes: Set<string>;
  metrics: Definitions;
}

/**
 * Reads files (their rows not yet checked) against what is loaded (`base`: its areas and metric
 * definitions are all that is needed). `beneath`: the definitions in force under the base's own
 * (the built-in table in the pipeline; the published table in a browser).
 */
export function readFiles(base: Pick<Tables, 'areas' | 'metrics'>, files: (SourceText | SourceReader)[], beneath: DefinitionRow[]): ReadFiles {
  const context: AdapterContext = { areas: [...base.areas] };
  const recognised = files.map((f) => ('text' in f ? recogniseText(f.name, f.text) : null));
  const needsNames = (r: Recognised | null) => !!r && !('failure' in r) && !!r.adapter.needsAreaNames;
  const reads: SourceRead[] = [];
  // Files that join names to codes are read last, so the areas the others bring are known to them.
  for (const last of [false, true]) {
    recognised.forEach((r, i) => {
      if (needsNames(r) !== last) return;
      const f = files[i]!;
      reads[i] = r ? readRecognised(r, context) : (f as SourceReader).read(context);
      context.areas.push(...reads[i].result.tables.areas);
    });
  }
  files.forEach((f, i) => 'text' in f && noteEncoding(reads[i]!, f.note));

  // context.areas holds the base's areas and every file's by now.
  const codes = new Set(context.areas.map((a) => a.area_code));
  // A definitions file names metrics the other files of the same run may already use.
  const metrics = new Map(metricsFromRows(beneath, base.metrics, ...reads.map((r) => r.result.tables.metrics)).map((m) => [m.id, m]));
  return { reads, codes, metrics };
}

/** Checks the rows read, refusing what is wrong row by row. */
export function checkFiles({ reads, codes, metrics }: ReadFiles, files: (SourceText | SourceReader)[]): CheckedFile[] {
  return files.map((f, i) => {
    const read = reads[i]!;
    const { batch, errors } = checkRows({ file: f.name, tables: read.result.tables }, codes, metrics);
    return { read, batch, errors: [...read.result.errors, ...errors], ...('held' in f && f.held ? { held: f.held } : {}) };
  });
}

/** Reads and checks files against what is loaded (readFiles, checkFiles). */
export function readTexts(base: Pick<Tables, 'areas' | 'metrics'>, files: SourceText[], beneath: DefinitionRow[]): CheckedFile[] {
  return checkFiles(readFiles(base, files, beneath), files);
}

/** Each file's report, once its rows are merged. */
export function reportsOf(checked: CheckedFile[], merged: Omit<Merged<unknown>, 'tables'>): Omit<IngestResult, 'tables'> {
  const reports = checked.map(({ read, batch, errors, held }) =>
    reportFor(read, batch, [...errors, ...merged.errors.filter((e) => e.file === batch.file)], merged.counts.get(batch.file)!, held),
  );
  return { reports, revisions: merged.revisions, errors: reports.flatMap((r) => r.errors) };
}

/** Reads, checks and merges files into `base`, all in memory (the pipeline merges its large tables in DuckDB). */
export function ingestTexts(base: Tables, files: SourceText[], beneath: DefinitionRow[]): IngestResult {
  const checked = readTexts(base, files, beneath);
  const merged = mergeTables(base, checked.map((c) => c.batch));
  return { tables: merged.tables, ...reportsOf(checked, merged) };
}
