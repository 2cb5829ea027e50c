// Reads a dropped CSV off the main thread: PapaParse streams it in chunks, then the same adapters
// and checks as the pipeline run over the rows, and the accepted rows go back as Arrow IPC.
import Papa from 'papaparse';
import { toArrowIpc } from '../contract/arrow';
import type { CsvRow } from '../contract/csv';
import { TABLE_NAMES, type TableName } from '../contract/schema';
import { reportFor } from '../ingest/ingest';
import { checkAreas } from '../ingest/merge';
import { NOT_TEXT, failed, readRows, type SourceRead } from '../ingest/read-source';
import type { ReadMessage, ReadRequest } from './messages';

const post = (message: ReadMessage, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(message, transfer);

function parseRows(file: File): Promise<CsvRow[]> {
  return new Promise((resolve, reject) => {
    const rows: CsvRow[] = [];
    let line = 1;
    Papa.parse<string[]>(file, {
      delimiter: ',',
      chunkSize: 4 * 1024 * 1024,
      chunk: (results) => {
        for (const cells of results.data) {
          if (line === 1 && cells[0]) cells[0] = cells[0].replace(/^\uFEFF/, '');
          if (!(cells.length === 1 && cells[0] === '')) rows.push({ line, cells });
          line += 1 + cells.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
        }
        post({ kind: 'progress', bytes: results.meta.cursor, total: file.size });
      },
      complete: () => resolve(rows),
      error: (e) => reject(e),
    });
  });
}

self.onmessage = async ({ data }: MessageEvent<ReadRequest>) => {
  try {
    const { file, areas } = data;
    const head = new Uint8Array(await file.slice(0, 64 * 1024).arrayBuffer());
    const read: SourceRead = head.includes(0) ? failed(file.name, NOT_TEXT) : readRows(file.name, await parseRows(file), { areas });
    const codes = new Set([...areas, ...read.result.tables.areas].map((a) => a.area_code));
    const { batch, errors } = checkAreas({ file: file.name, tables: read.result.tables }, codes);
    const ipc = Object.fromEntries(TABLE_NAMES.map((n) => [n, toArrowIpc(n, batch.tables[n])])) as Record<TableName, Uint8Array>;
    const rows = batch.tables.observations.length + batch.tables.areas.length + batch.tables.populations.length;
    // Revised and unchanged rows are told apart on the main thread, against what DuckDB holds.
    const report = reportFor(read, batch, [...read.result.errors, ...errors], { accepted: rows, revised: 0, unchanged: 0 });
    post(
      {
        kind: 'done',
        report,
        ipc,
      },
      Object.values(ipc).map((b) => b.buffer),
    );
  } catch (e) {
    post({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
};
