// Uploads kept in this browser's IndexedDB until the user removes them; nothing leaves the machine.
import type { TableName } from '../contract/schema';
import type { FileReport } from '../ingest/ingest';

export interface StoredUpload {
  id: string;
  name: string;
  uploaded_at: string;
  report: FileReport;
  /** Arrow IPC per table; uploads saved before a table joined the contract (targets) lack it. */
  ipc: Partial<Record<TableName, Uint8Array>>;
}

const DB = 'bcf-dashboard';
const STORE = 'uploads';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const req = work(tx.objectStore(STORE));
        tx.oncomplete = () => {
          db.close();
          resolve(req.result);
        };
        tx.onerror = () => reject(tx.error);
      }),
  );
}

export const allUploads = async (): Promise<StoredUpload[]> =>
  (await run<StoredUpload[]>('readonly', (s) => s.getAll())).sort((a, b) => a.uploaded_at.localeCompare(b.uploaded_at));
/** How many uploads this browser holds, without reading them. */
export const countUploads = () => run<number>('readonly', (s) => s.count());
export const saveUpload = (u: StoredUpload) => run('readwrite', (s) => s.put(u)).then(() => undefined);
export const deleteUpload = (id: string) => run('readwrite', (s) => s.delete(id)).then(() => undefined);
