// Uploads kept in this browser's IndexedDB until the user removes them; nothing leaves the machine.
import type { TableName } from '../contract/schema';
import type { FileReport } from '../ingest/ingest';
import { objectStore } from './idb';

export interface StoredUpload {
  id: string;
  name: string;
  uploaded_at: string;
  report: FileReport;
  /** Arrow IPC per table; uploads saved before a table joined the contract (targets) lack it. */
  ipc: Partial<Record<TableName, Uint8Array>>;
}

const run = objectStore('bcf-dashboard', 'uploads');


export const allUploads = async (): Promise<StoredUpload[]> =>
  (await run<StoredUpload[]>('readonly', (s) => s.getAll())).sort((a, b) => a.uploaded_at.localeCompare(b.uploaded_at));
/** How many uploads this browser holds, without reading them. */
export const countUploads = () => run<number>('readonly', (s) => s.count());
export const saveUpload = (u: StoredUpload) => run('readwrite', (s) => s.put(u)).then(() => undefined);
export const deleteUpload = (id: string) => run('readwrite', (s) => s.delete(id)).then(() => undefined);
