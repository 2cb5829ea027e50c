import type { TableName } from './schema';

/** What `manifest.json` beside the extracts says about them. */
export interface Manifest {
  built_at: string;
  /** True for the generated demo data, which every page then labels as illustrative. */
  illustrative: boolean;
  sources: { file: string; table: TableName | null; rows: number; sha256: string }[];
  extracts: Record<TableName, { file: string; rows: number; bytes: number; sha256: string }>;
  /** First and last period start per `metric/period_type`. */
  periods: Record<string, { first: string; last: string }>;
}
