import type { Revision } from '../ingest/merge';
import type { TableName } from './schema';
import type { Settings } from './settings';

/** What `manifest.json` beside the data team's private, full-precision extracts says about them. */
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

/**
 * What the site publishes beside its disclosure-controlled extracts: the private manifest without
 * anything that could carry a count (revisions hold old and new values), plus the deployment's
 * settings, so every page of one build reads the same ones. Extract files are named by content
 * hash, so a refreshed site is never mixed with old data in a reader's cache.
 */
export interface PublishedManifest extends Omit<Manifest, 'revisions' | 'sources'> {
  /** When the private extracts this was published from were written. */
  extracts_built_at: string;
  settings: Omit<Settings, 'data_set'>;
  sources: Omit<Manifest['sources'][number], 'sha256'>[];
  /** Rows hidden as small numbers, or as the complements that would reveal them. */
  suppressed_rows: number;
  /** The years whose rates took a population more than a year from their own, in words (metrics/population-years.ts); absent before it was published. */
  population_note?: string | null;
}
