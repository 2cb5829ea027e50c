// The drop folder: each CSV in data/incoming/ is ingested on its own (so one bad file never holds
// up another) and then moved, with its report beside it, to data/ingested/ or data/rejected/.
// Run by `npm run build` and `npm start`, and by the local server whenever a file lands.
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { emptyTables } from '../src/lib/contract/canonical';
import { rejectedRowsCsv, revisionLines, summaryLines } from '../src/lib/ingest/report';
import { ingest, type IngestOutcome } from './ingest';

export interface Dropped {
  file: string;
  movedTo: string;
  outcome: IngestOutcome;
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

export function processIncoming(dataDir = 'data', out = 'static/data'): Dropped[] {
  const incoming = path.join(dataDir, 'incoming');
  if (!existsSync(incoming)) return [];
  const files = readdirSync(incoming).filter((f) => f.toLowerCase().endsWith('.csv')).sort();
  return files.map((name) => {
    const source = path.join(incoming, name);
    let outcome: IngestOutcome;
    try {
      outcome = ingest([source], { out });
    } catch (e) {
      const message = `could not be ingested: ${(e as Error).message}`;
      outcome = { tables: emptyTables(), reports: [], revisions: [], errors: [{ file: name, row: 0, column: '', message }], written: false, manifest: null };
    }
    const ok = outcome.errors.length === 0;
    const dir = path.join(dataDir, ok ? 'ingested' : 'rejected');
    mkdirSync(dir, { recursive: true });
    // The stamp keeps the order in which files were accepted, which `npm run ingest` replays.
    const target = path.join(dir, `${stamp()}_${name}`);
    renameSync(source, target);
    const lines = [
      `${name}: ${ok ? (outcome.written ? 'ingested' : 'already held, nothing changed') : 'REJECTED, nothing from it was loaded'} at ${new Date().toISOString()}`,
      ...outcome.reports.flatMap((r) => summaryLines(r, 20)),
      ...revisionLines(outcome.revisions, 50),
      ...(ok ? [] : [`Every refused row is listed in ${path.basename(target)}.rejected-rows.csv. Fix the file and drop it in again.`]),
    ];
    writeFileSync(`${target}.report.txt`, lines.join('\n') + '\n');
    if (!ok) writeFileSync(`${target}.rejected-rows.csv`, rejectedRowsCsv(outcome.errors));
    return { file: name, movedTo: target, outcome };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const d of processIncoming()) {
    console.log(`${d.file} → ${d.movedTo} (${d.outcome.errors.length ? `${d.outcome.errors.length} problem(s); see its report` : 'ingested'})`);
  }
}
