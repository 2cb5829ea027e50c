// npm run publish [-- --from DIR] [--to DIR]: the one door from the data team's private,
// full-precision extracts (data/extracts) to what the site serves (static/data). Small numbers are
// suppressed once over the whole set; a suppressed cell leaves with no numerator, denominator or
// value at all (so nothing pins it: no rate to multiply back, no interval to invert); aggregates a
// page would otherwise sum (an ICB from its places) are summed here from the full counts and
// published as rows of their own. The build and every page read only what this writes.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { fromArrowIpc, toArrowIpc } from '../src/lib/contract/arrow';
import type { Manifest, PublishedManifest } from '../src/lib/contract/manifest';
import { TABLE_NAMES, type Observation, type TableName } from '../src/lib/contract/schema';
import type { Settings } from '../src/lib/contract/settings';
import { buildMetricValues, loadTables } from '../src/lib/db/prepare';
import { nodeDuckDb } from '../src/lib/server/node-duckdb';
import { metricsFromRows } from '../src/lib/definitions/parse';
import { allMetrics, useMetrics } from '../src/lib/definitions/registry';
import { populationYearsNote, populationYearsSql, type PopulationYear } from '../src/lib/metrics/population-years';
import { definitionsInForce } from './definitions';
import { readManifest, sha256 } from './extracts';
import { PUBLISHED_DIR, privateExtracts, readSettings } from './settings';

/**
 * metric_values as published: every bundled row (ICB sums included), suppressed cells emptied. Rows
 * come in the order pages ask for them (a series, then its areas): DuckDB skips the parts of a
 * table whose values lie outside a query's, and at 1.28M observations a view's series for eight
 * areas took 58 ms from rows in key order (metric, area, period …) and 24 ms from rows in this one.
 */
export const PUBLISHED_OBSERVATIONS = `
SELECT metric, area_code, strftime(period_start, '%Y-%m-%d') AS period_start, period_type, breakdown,
       CASE WHEN suppressed THEN NULL ELSE numerator END AS numerator,
       CASE WHEN suppressed THEN NULL ELSE denominator END AS denominator,
       CASE WHEN suppressed THEN NULL ELSE published_value END AS published_value,
       suppressed, source_file, source_row
FROM metric_values WHERE NOT local
ORDER BY metric, breakdown, period_type, area_code, period_start`;

type PublishedRow = Omit<Observation, 'numerator' | 'source'> & { numerator: number | null; source_file: string; source_row: number | null };

/** The published tables' bytes, keyed by table, and how many rows were suppressed. */
export async function disclosureControlled(from: string, threshold: number): Promise<{ manifest: Manifest; bytes: Record<TableName, Uint8Array>; rows: number; suppressed: number; definitions: number; populationNote: string | null }> {
  // `from` is a link an ingest may swap: it is followed once, so every file comes from one set.
  const read = readManifest(from);
  if (!read) throw new Error(`no extracts in ${from}/: ingest some files first (npm run ingest -- FILE...)`);
  const { folder, manifest } = read;
  const raw = TABLE_NAMES.map((name) => ({ name, bytes: manifest.extracts[name] ? readFileSync(path.join(folder, manifest.extracts[name].file)) : toArrowIpc(name, []) }));
  // The definitions in force: the built-in table with the data team's own over it, published whole.
  const definitions = definitionsInForce(fromArrowIpc('metrics', raw.find((t) => t.name === 'metrics')!.bytes));
  raw.find((t) => t.name === 'metrics')!.bytes = toArrowIpc('metrics', definitions);
  useMetrics(metricsFromRows(definitions));
  const db = await nodeDuckDb();
  await loadTables(db, raw);
  await buildMetricValues(db, threshold);
  const yearsOf = (areaType: 'place' | 'hub') => db.query<PopulationYear>(populationYearsSql(allMetrics(), areaType)).then((rows) => populationYearsNote(rows, areaType));
  const populationNote = [await yearsOf('place'), await yearsOf('hub')].filter((n) => n !== null).join(' ') || null;
  const rows = await db.query<PublishedRow>(PUBLISHED_OBSERVATIONS);
  const observations = rows.map(({ source_file, source_row, ...r }) => ({ ...r, source: source_row == null ? source_file : `${source_file}:${source_row}` }));
  const bytes = Object.fromEntries(raw.map((t) => [t.name, t.bytes])) as Record<TableName, Uint8Array>;
  bytes.observations = toArrowIpc('observations', observations as unknown as Observation[]);
  return { manifest, bytes, rows: rows.length, suppressed: rows.filter((r) => r.suppressed).length, definitions: definitions.length, populationNote };
}

/** Writes a file and its gzip copy, each by rename, so a server never sends half of one. */
function writeServed(dir: string, name: string, data: Uint8Array | string): void {
  for (const [file, body] of [[name, data], [`${name}.gz`, gzipSync(data)]] as const) {
    writeFileSync(path.join(dir, `${file}.tmp`), body);
    renameSync(path.join(dir, `${file}.tmp`), path.join(dir, file));
  }
}

/**
 * Publishes the extracts in `from` into `to`: extract files named by content hash, then the
 * manifest last, so a page never sees a half-published set. Files of the previous publication
 * stay (a page that read the old manifest can still fetch them); older ones are removed.
 */
export async function publish(from: string, to: string, settings: Settings): Promise<PublishedManifest> {
  const { manifest, bytes, rows, suppressed, definitions, populationNote } = await disclosureControlled(from, settings.suppression_threshold);
  mkdirSync(to, { recursive: true });
  const previous = existsSync(path.join(to, 'manifest.json')) ? (JSON.parse(readFileSync(path.join(to, 'manifest.json'), 'utf8')) as PublishedManifest) : null;
  const { data_set: _, ...shown } = settings;
  const published: PublishedManifest = {
    built_at: new Date().toISOString(),
    extracts_built_at: manifest.built_at,
    illustrative: manifest.illustrative,
    settings: shown,
    sources: manifest.sources.map(({ sha256: _, ...s }) => s),
    extracts: {} as PublishedManifest['extracts'],
    periods: manifest.periods,
    breakdowns: manifest.breakdowns,
    suppressed_rows: suppressed,
    population_note: populationNote,
  };
  for (const name of TABLE_NAMES) {
    const hash = sha256(bytes[name]);
    const file = `${name}.${hash.slice(0, 16)}.arrow`;
    if (!existsSync(path.join(to, file))) writeServed(to, file, bytes[name]);
    published.extracts[name] = { file, rows: name === 'observations' ? rows : name === 'metrics' ? definitions : (manifest.extracts[name]?.rows ?? 0), bytes: bytes[name].byteLength, sha256: hash };
  }
  writeServed(to, 'manifest.json', JSON.stringify(published, null, 2) + '\n');
  const keep = new Set(['manifest.json', ...[published, previous].flatMap((m) => (m ? Object.values(m.extracts).map((e) => e.file) : []))]);
  for (const f of readdirSync(to)) if (!keep.has(f.replace(/\.gz$/, ''))) rmSync(path.join(to, f), { recursive: true, force: true });
  return published;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { from: { type: 'string', default: privateExtracts() }, to: { type: 'string', default: PUBLISHED_DIR } } });
  const t0 = performance.now();
  const m = await publish(values.from!, values.to!, readSettings());
  if (m.population_note) console.log(m.population_note);
  console.log(`Published ${m.extracts.observations.rows} observations (${m.suppressed_rows} suppressed: counts of 1 to ${m.settings.suppression_threshold} and their complements) from ${values.from}/ to ${values.to}/ in ${Math.round(performance.now() - t0)} ms`);
}
