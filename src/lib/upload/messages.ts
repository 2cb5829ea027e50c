import type { Metric } from '../definitions/metric';
import type { Area, TableName } from '../contract/schema';
import type { FileReport } from '../ingest/ingest';

/** Main thread → worker: a file to read, and the areas already known. */
export interface ReadRequest {
  file: File;
  areas: Area[];
  /** The metric definitions in force in the page (published and uploaded). */
  metrics: Metric[];
}

/** Worker → main thread, while reading and once done. */
export type ReadMessage =
  | { kind: 'progress'; bytes: number; total: number }
  | { kind: 'done'; report: FileReport; ipc: Record<TableName, Uint8Array> }
  | { kind: 'failed'; message: string };
