// npm run ingest [-- --out DIR] [--demo] [FILE...]
// Reads canonical CSVs, validates them, and writes Arrow extracts + manifest.json into DIR
// (default static/data, which the app serves). With no FILE, ingests the demo CSVs in data/.
// Nothing is written when any file has a problem.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { combineCanonical } from '../src/lib/contract/combine';
import { ValidationFailed } from '../src/lib/contract/errors';
import { sha256, writeExtracts } from './extracts';

export function ingest(files: string[], out: string, illustrative: boolean) {
  const inputs = files.map((f) => ({ path: f, name: path.basename(f), text: readFileSync(f, 'utf8') }));
  const combined = combineCanonical(inputs);
  if (combined.errors.length > 0) throw new ValidationFailed(combined.errors);
  const sources = combined.sources.map((s, i) => ({ ...s, sha256: sha256(inputs[i]!.text) }));
  return writeExtracts(out, combined.tables, sources, { illustrative });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { out: { type: 'string', default: 'static/data' }, demo: { type: 'boolean', default: false } },
  });
  const demo = positionals.length === 0 || values.demo!;
  const files = positionals.length > 0
    ? positionals
    : readdirSync('data').filter((f) => f.endsWith('.csv')).sort().map((f) => path.join('data', f));
  try {
    const t0 = performance.now();
    const manifest = ingest(files, values.out!, demo);
    for (const s of manifest.sources) console.log(`  ${s.file}: ${s.rows} ${s.table} rows`);
    const counts = Object.entries(manifest.extracts).map(([n, e]) => `${e.rows} ${n}`).join(', ');
    console.log(`Wrote ${counts} to ${values.out}/ in ${Math.round(performance.now() - t0)} ms`);
  } catch (e) {
    console.error(e instanceof ValidationFailed ? e.message : `Ingest failed: ${(e as Error).message}`);
    process.exit(1);
  }
}
