// Reads a dropped CSV off the main thread: PapaParse streams it in chunks, then the same adapters
// and checks as the pipeline run over the rows, and the accepted rows go back as Arrow IPC.
import Papa from 'papaparse';
import { toArrowIpc } from '../contract/arrow';
import { CsvSyntaxError, UNCLOSED_QUOTE, collectRows, type CsvRow } from '../contract/csv';
import { decodeText } from '../contract/decode';
import { TABLE_NAMES, type TableName } from '../contract/schema';
import { reportFor } from '../ingest/ingest';
import { checkRows } from '../ingest/merge';
import { metricsFromRows } from '../definitions/parse';
import { noteEncoding, readRecognised, recogniseText } from '../ingest/read-source';
import type { ReadMessage, ReadRequest } from './messages';

const post = (message: ReadMessage, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(message, transfer);

/**
 * Streams decoded text through PapaParse chunk by chunk. (Decoding first, not letting PapaParse
 * read the File, keeps multi-byte characters whole across chunk edges: mholt/PapaParse#1099.)
 */
function parseRows(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let line = 1;
  let unclosed: number | null = null;
  Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
    delimiter: ',',
    chunkSize: 4 * 1024 * 1024,
    chunk: (results: Papa.ParseResult<string[]>, parser: Papa.Parser) => {
      const missing = results.errors.find((e) => e.code === 'MissingQuotes');
      if (missing) {
        unclosed = collectRows(results.data.slice(0, missing.row ?? 0), line, []);
        parser.abort();
        return;
      }
      line = collectRows(results.data, line, rows);
      post({ kind: 'progress', bytes: results.meta.cursor, total: text.length });
    },
    complete: () => {},
  });
  if (unclosed !== null) throw new CsvSyntaxError(unclosed, UNCLOSED_QUOTE);
  return rows;
}

self.onmessage = async ({ data }: MessageEvent<ReadRequest>) => {
  try {
    const { file, areas, metrics } = data;
    const { text, note } = decodeText(new Uint8Array(await file.arrayBuffer()));
    const read = readRecognised(recogniseText(file.name, text, parseRows), { areas });
    noteEncoding(read, note);
    const codes = new Set([...areas, ...read.result.tables.areas].map((a) => a.area_code));
    // A definitions file's own metrics join those in force, for the rows beside them.
    const definitions = new Map([...metrics, ...metricsFromRows(read.result.tables.metrics)].map((m) => [m.id, m]));
    const { batch, errors } = checkRows({ file: file.name, tables: read.result.tables }, codes, definitions);
    const ipc = Object.fromEntries(TABLE_NAMES.map((n) => [n, toArrowIpc(n, batch.tables[n])])) as Record<TableName, Uint8Array>;
    const rows = TABLE_NAMES.reduce((n, t) => n + batch.tables[t].length, 0);
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
