// Reads a dropped CSV off the main thread: PapaParse streams it in chunks, then the same adapters
// and checks as the pipeline run over the rows (read-file.ts), and the accepted rows go back as Arrow IPC.
import Papa from 'papaparse';
import { CsvSyntaxError, UNCLOSED_QUOTE, collectRows, type CsvRow } from '../contract/csv';
import { decodeText } from '../contract/decode';
import { readText } from './read-file';
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
    const { report, ipc } = readText(file.name, text, note, areas, metrics, parseRows);
    post({ kind: 'done', report, ipc }, Object.values(ipc).map((b) => b.buffer));
  } catch (e) {
    post({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
};
