// One object store of this browser's IndexedDB, opened for each piece of work and closed after it,
// so that a store kept for a visit never blocks a newer version of the page opening it.

/** Runs `work` on the store (created with keyPath `id` on first use) in a transaction of its own. */
export function objectStore(database: string, store: string) {
  const open = (): Promise<IDBDatabase> =>
    new Promise((resolve, reject) => {
      const req = indexedDB.open(database, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(store, { keyPath: 'id' });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  return function run<T>(mode: IDBTransactionMode, work: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    return open().then(
      (db) =>
        new Promise<T>((resolve, reject) => {
          const tx = db.transaction(store, mode);
          const req = work(tx.objectStore(store));
          tx.oncomplete = () => {
            db.close();
            resolve(req.result);
          };
          tx.onerror = () => reject(tx.error);
        }),
    );
  };
}
