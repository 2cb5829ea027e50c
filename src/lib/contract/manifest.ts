import type { Revision } from '../ingest/merge';
import type { TableName } from './schema';

/** What `manifest.json` beside the extracts says about them. */
export interface Manifest {
  built_at: string;
  /** True for the generated demo data, which every page then labels as illustrative. */
  illustrative: boolean;
  /** Every file ingested into these extracts, oldest first. */
  sources: { file: string; layout: string; rows: number; sha256: string; ingested_at: string; /** When the publisher released the file (YYYY-MM-DD), where the file says. */ published?: string }[];
  /** Values replaced by a later file: old value, new value, both sources. */
  revisions: (Revision & { at: string })[];
  extracts: Record<TableName, { file: string; rows: number; bytes: number; sha256: string }>;
  /** First and last period start per `metric/period_type`. */
  periods: Record<string, { first: string; last: string }>;
  /** Breakdowns present per metric, so pages offer only what the data hold. */
  breakdowns: Record<string, string[]>;
}
