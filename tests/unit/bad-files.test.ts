// Every file in tests/bad-files/ through the pipeline's ingest, checked against the single table of
// what a user sees (tests/bad-files/expected.ts): the exact messages, nothing written when there is
// any, and for files that load, exactly what they load.
import { closeSync, existsSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ingest, type IngestOutcome } from '../../pipelines/ingest';
import { fromArrowIpc } from '../../src/lib/contract/arrow';
import { formatError } from '../../src/lib/contract/errors';
import { TABLE_NAMES, type TableName } from '../../src/lib/contract/schema';
import { rejectedRowsCsv, summaryLines } from '../../src/lib/ingest/report';
import { BAD_FILES, REJECTED_ROWS_CSV, type BadFile } from '../bad-files/expected';
import { tempDir } from '../helpers/temp';

const DIR = fileURLToPath(new URL('../bad-files/', import.meta.url));
const AREAS = path.join(DIR, 'areas.csv');
/** The areas areas.csv brings (England, North West, Halton, Wirral, and their ICB from the reference geography), in key order. */
const AREAS_CSV_CODES = ['E06000006', 'E08000015', 'E12000002', 'E54000008', 'E92000001'];

const workspace = () => tempDir('bcf-bad-files-');

const inputs = (entry: BadFile) => (entry.afterAreas ? [AREAS, path.join(DIR, entry.file)] : [path.join(DIR, entry.file)]);
const run = (entry: BadFile, out: string, allowRejects = false) => ingest(inputs(entry), { out, fresh: true, allowRejects });
const messages = (outcome: IngestOutcome) => outcome.errors.map(formatError);

/** Every file of an extracts folder, name → bytes. */
function snapshot(dir: string): Record<string, Buffer> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(path.join(dir, f))]));
}

function extract<K extends TableName>(out: string, name: K) {
  return fromArrowIpc(name, readFileSync(path.join(out, `${name}.arrow`)));
}

describe('the bad-files corpus', () => {
  it('has an entry for every file in tests/bad-files/ (areas.csv aside), and at least 25', async () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.csv') && f !== 'areas.csv').sort();
    expect(BAD_FILES.map((e) => e.file).sort()).toEqual(files);
    expect(new Set(BAD_FILES.map((e) => e.file)).size).toBe(BAD_FILES.length);
    expect(files.length).toBeGreaterThanOrEqual(25);
  });

  it('areas.csv, ingested alone, loads its four areas and their ICB with no message', async () => {
    const out = path.join(workspace(), 'extracts');
    const outcome = await ingest([AREAS], { out, fresh: true });
    expect([messages(outcome), outcome.written]).toEqual([[], true]);
    expect(extract(out, 'areas').map((a) => a.area_code)).toEqual(AREAS_CSV_CODES);
  });
});

describe.each(BAD_FILES.filter((e) => e.errors.length > 0))('$file is refused', (entry) => {
  it(`with exactly the expected message(s)${entry.bug ? ' (pins a known bug, see expected.ts)' : ''}, writing nothing`, async () => {
    const w = workspace();
    // Into a folder that holds no extracts yet: the folder is not even created.
    const fresh = path.join(w, 'none');
    const first = await run(entry, fresh);
    expect(messages(first)).toEqual(entry.errors);
    expect(first.written).toBe(false);
    const report = first.reports.at(-1)!;
    expect([report.file, report.rejected, report.skipped]).toEqual([entry.file, entry.rejected, entry.skipped ?? []]);
    expect(existsSync(fresh)).toBe(false);

    // Over extracts that already exist: every byte stays as it was, and nothing is left beside them.
    const out = path.join(w, 'extracts');
    expect((await ingest([AREAS], { out, fresh: true })).written).toBe(true);
    const before = snapshot(out);
    expect(Object.keys(before)).toEqual(['areas.arrow', 'manifest.json', 'metrics.arrow', 'observations.arrow', 'populations.arrow', 'targets.arrow']);
    const again = await run(entry, out);
    expect(messages(again)).toEqual(entry.errors);
    expect(again.written).toBe(false);
    expect(snapshot(out)).toEqual(before);
    // (extracts is a link to the one complete set in extracts.versions/.)
    expect(readdirSync(w).sort()).toEqual(['extracts', 'extracts.versions']);
    expect(readdirSync(path.join(w, 'extracts.versions'))).toEqual(['v000001']);
  });
});

describe.each(BAD_FILES.filter((e) => e.errors.length === 0))('$file loads', (entry) => {
  it(`with no message, exactly the expected rows${entry.bug ? ' (pins a known bug, see expected.ts)' : ''}`, async () => {
    expect(entry.loads).toBeDefined();
    const out = path.join(workspace(), 'extracts');
    const outcome = await run(entry, out);
    expect(messages(outcome)).toEqual([]);
    expect(outcome.written).toBe(true);

    const base: Record<TableName, number> = { observations: 0, areas: entry.afterAreas ? AREAS_CSV_CODES.length : 0, populations: 0, targets: 0, metrics: 0 };
    const want = Object.fromEntries(TABLE_NAMES.map((t) => [t, base[t] + (entry.loads![t] ?? 0)]));
    expect(Object.fromEntries(TABLE_NAMES.map((t) => [t, outcome.manifest!.extracts[t].rows]))).toEqual(want);
    const report = outcome.reports.at(-1)!;
    expect(report.file).toBe(entry.file);
    expect(entry.rejected).toBe(0);
    expect([report.accepted, report.revised, report.rejected]).toEqual([TABLE_NAMES.reduce((n, t) => n + (entry.loads![t] ?? 0), 0), 0, 0]);
    expect(report.skipped).toEqual(entry.skipped ?? []);

    if (entry.areaNames) {
      const added = extract(out, 'areas').filter((a) => !AREAS_CSV_CODES.includes(a.area_code));
      expect(added.map((a) => a.area_name)).toEqual(entry.areaNames);
    }
    if (entry.numerators) {
      expect(extract(out, 'observations').map((o) => o.numerator)).toEqual(entry.numerators);
    }
  });
});

describe('what is written when rejects are allowed', () => {
  it('unclosed-quote.csv: nothing from the file, not even the good row before the quote', async () => {
    const entry = BAD_FILES.find((e) => e.file === 'unclosed-quote.csv')!;
    const out = path.join(workspace(), 'extracts');
    const outcome = await run(entry, out, true);
    expect(messages(outcome)).toEqual(entry.errors);
    const report = outcome.reports.at(-1)!;
    // areas.csv is written; the file under test brings nothing (rows 2 to 5 hold four observations).
    expect([outcome.written, report.layout, report.accepted, report.rejected]).toEqual([true, null, 0, 1]);
    expect(extract(out, 'observations')).toEqual([]);
    expect(extract(out, 'areas').map((a) => a.area_code)).toEqual(AREAS_CSV_CODES);
  });

  it('ragged-row.csv: the one good row, and none of the three reported', async () => {
    const entry = BAD_FILES.find((e) => e.file === 'ragged-row.csv')!;
    const out = path.join(workspace(), 'extracts');
    const outcome = await run(entry, out, true);
    expect(messages(outcome)).toEqual(entry.errors);
    expect(outcome.written).toBe(true);
    expect(extract(out, 'observations').map((o) => o.source)).toEqual(['ragged-row.csv:2']);
  });
});

describe('the rejected-rows CSV a user downloads', () => {
  it.each(Object.entries(REJECTED_ROWS_CSV))('for %s, byte for byte', async (file, csv) => {
    const entry = BAD_FILES.find((e) => e.file === file)!;
    const outcome = await run(entry, path.join(workspace(), 'extracts'));
    expect(rejectedRowsCsv(outcome.errors)).toBe(csv);
  });
});

describe("the ingest's summary of a file", () => {
  const report = { file: 'x.csv', layout: 'Canonical', periods: [], skipped: [], accepted: 3, revised: 1, unchanged: 0, rejected: 0, errors: [] };
  it('says how many areas its figures are for, and says nothing of areas for a file of no figures (areas, definitions)', () => {
    expect(summaryLines({ ...report, areasCovered: 2 })[1]).toBe('  3 accepted, 1 revised, 0 unchanged, 0 rejected; figures for 2 areas');
    // A file of 168 hubs had read "168 accepted, …; 0 areas".
    expect(summaryLines({ ...report, areasCovered: 0 })[1]).toBe('  3 accepted, 1 revised, 0 unchanged, 0 rejected');
  });
});

describe('a 100 MB file with one bad row near the end', () => {
  const BREAKDOWNS = ['total', 'nhs', 'social_care', 'both', 'reason_a', 'reason_b', 'reason_c', 'reason_di', 'reason_dii', 'reason_e', 'reason_f', 'reason_g', 'reason_h', 'reason_i', 'reason_o'];
  /** Data rows: every month of the years 1000–9999 × 15 DToC breakdowns, all for Halton, each key once. */
  const ROWS = 9000 * 12 * BREAKDOWNS.length;
  /** The bad row, counted among data rows (1-based): ten from the end. */
  const BAD = ROWS - 10;
  /** A blank line follows every 200,000th data row; blank lines are dropped but still counted. */
  const BLANK_EVERY = 200_000;
  /** Its line in the file: the header, the data rows up to it, and the 8 blank lines before it. */
  const BAD_LINE = 1 + BAD + Math.floor(BAD / BLANK_EVERY);

  it('names the one bad row by its real line and column, and writes nothing', async () => {
    expect([ROWS, BAD, BAD_LINE]).toEqual([1_620_000, 1_619_990, 1_619_999]);
    const w = workspace();
    const file = path.join(w, 'observations-100mb.csv');
    const fd = openSync(file, 'w');
    let line = 1;
    let badLine = 0;
    try {
      let chunk = 'metric,area_code,period_start,period_type,breakdown,numerator,denominator,published_value,suppressed\n';
      let row = 0;
      for (let year = 1000; year <= 9999; year++) {
        for (let month = 1; month <= 12; month++) {
          for (const breakdown of BREAKDOWNS) {
            row++;
            line++;
            const numerator = row === BAD ? '3O7' : String((row * 7) % 1000);
            if (row === BAD) badLine = line;
            chunk += `dtoc,E06000006,${year}-${String(month).padStart(2, '0')}-01,month,${breakdown},${numerator},100914,${((row % 997) / 10).toFixed(1)},false\n`;
            if (row % BLANK_EVERY === 0) {
              chunk += '\n';
              line++;
            }
            if (chunk.length > 1 << 20) {
              writeSync(fd, chunk);
              chunk = '';
            }
          }
        }
      }
      writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
    try {
      // The generator's own count of the lines it wrote agrees: header, 1,620,000 rows, 8 blank lines.
      expect([line, badLine]).toEqual([1_620_009, BAD_LINE]);
      const size = statSync(file).size;
      expect(size).toBeGreaterThan(100_000_000);
      expect(size).toBeLessThan(110_000_000);

      const out = path.join(w, 'extracts');
      const outcome = await ingest([AREAS, file], { out, fresh: true });
      expect(messages(outcome)).toEqual([`observations-100mb.csv, row ${BAD_LINE}, column "numerator": "3O7" is not a number`]);
      expect(outcome.written).toBe(false);
      expect(existsSync(out)).toBe(false);
      expect(outcome.reports.at(-1)!.accepted).toBe(ROWS - 1);
      // Peak resident memory of this test process (vitest runs each test file in its own process).
      // KNOWN BUG, not fixed: measured at about 2.35 GB for a 100 MB file, because the bytes, the
      // decoded text, every parsed row and every observation are held at once; reading should stream.
      // (1.58 GB since the pipeline reads canonical observations with DuckDB: the bytes and its tables.)
      // The bound is below Node's default heap limit (about 4 GB), which would end the run.
      const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
      console.log(`100 MB ingest: peak RSS ${peakMb} MB`);
      expect(peakMb).toBeLessThan(3072);
    } finally {
      rmSync(file, { force: true });
    }
    expect(existsSync(file)).toBe(false);
  }, 180_000);
});
