import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../pipelines/ingest';
import { nativeDuckDb, type NativeDb } from '../../src/lib/server/native-duckdb';
import { formatError } from '../../src/lib/contract/errors';
import type { Manifest } from '../../src/lib/contract/manifest';
import { tempDir } from '../helpers/temp';

// Two areas in the file; the reference geography brings Halton's ICB and region too (4 areas).
const AREAS = 'area_code,area_name,area_type,parent_code\nE92000001,England,england,\nE06000006,Halton,place,E92000001\n';
const OBS = 'metric,area_code,period_start,period_type,breakdown,numerator,denominator,published_value,suppressed\n';

function workspace(files: Record<string, string>) {
  const dir = tempDir('bcf-ingest-');
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return { dir, file: (name: string) => path.join(dir, name), out: path.join(dir, 'extracts') };
}
const manifestOf = (out: string) => JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as Manifest;

describe('npm run ingest', () => {
  it('adds to extracts written before targets joined the contract, and targets to them', async () => {
    const w = workspace({ 'areas.csv': AREAS, 'targets.csv': 'metric,area_code,period_start,period_type,target\nascof_2a2,E06000006,2020-04-01,financial_year,150\n' });
    expect((await ingest([w.file('areas.csv')], { out: w.out })).written).toBe(true);
    // What such a folder looks like: no targets.arrow and no targets in the manifest.
    const old = manifestOf(w.out);
    delete (old.extracts as Partial<Manifest['extracts']>).targets;
    writeFileSync(path.join(w.out, 'manifest.json'), JSON.stringify(old));
    rmSync(path.join(w.out, 'targets.arrow'));
    const outcome = await ingest([w.file('targets.csv')], { out: w.out });
    expect(outcome.errors.map(formatError)).toEqual([]);
    expect([outcome.written, manifestOf(w.out).extracts.areas.rows, manifestOf(w.out).extracts.targets.rows]).toEqual([true, 4, 1]);
  });

  it('writes Arrow extracts and a manifest of sources, checksums, rows and periods', async () => {
    const w = workspace({
      'areas.csv': AREAS,
      'obs.csv': `${OBS}ascof_2a2,E06000006,2020-04-01,financial_year,total,34,24105,141.0,\nascof_2a2,E06000006,2019-04-01,financial_year,total,30,23900,,\n`,
    });
    expect((await ingest([w.file('areas.csv'), w.file('obs.csv')], { out: w.out })).written).toBe(true);
    expect(readdirSync(w.out).sort()).toEqual(['areas.arrow', 'manifest.json', 'metrics.arrow', 'observations.arrow', 'populations.arrow', 'targets.arrow']);
    const manifest = manifestOf(w.out);
    expect(manifest.sources.map((s) => [s.file, s.layout.split(' ')[0], s.rows])).toEqual([['areas.csv', 'Canonical', 4], ['obs.csv', 'Canonical', 2]]);
    expect(manifest.sources[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.extracts.observations.rows).toBe(2);
    expect(manifest.periods['ascof_2a2/financial_year']).toEqual({ first: '2019-04-01', last: '2020-04-01' });
    expect(manifest.breakdowns).toEqual({ ascof_2a2: ['total'] });
    const obs = tableFromIPC(readFileSync(path.join(w.out, 'observations.arrow')));
    expect(obs.schema.fields.map((f) => f.name)).toEqual(
      ['metric', 'area_code', 'period_start', 'period_type', 'breakdown', 'numerator', 'denominator', 'published_value', 'suppressed', 'source_file', 'source_row'],
    );
    expect(String(obs.schema.fields[2]!.type)).toBe('Date32<DAY>');
    // Rows are written in key order: 2019-20 (the file's row 3) before 2020-21.
    const [first, second] = [obs.get(0)!.toJSON(), obs.get(1)!.toJSON()];
    expect([first.numerator, first.source_row]).toEqual([30, 3]);
    expect([second.numerator, second.denominator, second.published_value, second.source_file, second.source_row]).toEqual([34, 24105, 141, 'obs.csv', 2]);
  });

  it('adds to the extracts: the same file again changes nothing, a newer value is a recorded revision', async () => {
    const w = workspace({
      'areas.csv': AREAS,
      'v1.csv': `${OBS}ascof_2a2,E06000006,2020-04-01,financial_year,total,33,24105,,\n`,
      'v2.csv': `${OBS}ascof_2a2,E06000006,2020-04-01,financial_year,total,34,24105,,\nascof_2a2,E06000006,2021-04-01,financial_year,total,40,24500,,\n`,
    });
    await ingest([w.file('areas.csv'), w.file('v1.csv')], { out: w.out });
    const before = readFileSync(path.join(w.out, 'manifest.json'), 'utf8');
    const again = await ingest([w.file('v1.csv')], { out: w.out });
    expect([again.written, again.reports[0]!.unchanged]).toEqual([false, 1]);
    expect(readFileSync(path.join(w.out, 'manifest.json'), 'utf8')).toBe(before);

    const revised = await ingest([w.file('v2.csv')], { out: w.out });
    expect(revised.reports.map((r) => [r.accepted, r.revised, r.unchanged, r.rejected])).toEqual([[1, 1, 0, 0]]);
    const manifest = manifestOf(w.out);
    expect(manifest.sources.map((s) => s.file)).toEqual(['areas.csv', 'v1.csv', 'v2.csv']);
    expect(manifest.revisions.map(({ at, ...r }) => r)).toEqual([{
      table: 'observations', key: 'ascof_2a2|E06000006|2020-04-01|financial_year|total',
      old: 'numerator 33, denominator 24105', new: 'numerator 34, denominator 24105', old_source: 'v1.csv:2', new_source: 'v2.csv:2',
    }]);
    expect(manifest.extracts.observations.rows).toBe(2);
    expect(manifest.extracts.areas.rows).toBe(4);
  });

  it('into empty extracts, a file revises a key another file of the same run gave, whether DuckDB or JavaScript read it', async () => {
    // The merge skips looking for keys that come twice only when nothing is held and one table DuckDB
    // read brings every row: two such files, or one beside a file read in JavaScript (a title row), must still meet.
    const v1 = `${OBS}ascof_2a2,E06000006,2020-04-01,financial_year,total,33,24105,,\n`;
    const v2 = `${OBS}ascof_2a2,E06000006,2020-04-01,financial_year,total,34,24105,,\nascof_2a2,E06000006,2021-04-01,financial_year,total,40,24500,,\n`;
    for (const second of [v2, `Title of the sheet\n${v2}`]) {
      const w = workspace({ 'areas.csv': AREAS, 'v1.csv': v1, 'v2.csv': second });
      const outcome = await ingest([w.file('areas.csv'), w.file('v1.csv'), w.file('v2.csv')], { out: w.out });
      expect(outcome.errors.map(formatError)).toEqual([]);
      expect(outcome.reports.slice(1).map((r) => [r.accepted, r.revised, r.unchanged, r.rejected])).toEqual([[1, 0, 0, 0], [1, 1, 0, 0]]);
      const line = second === v2 ? 2 : 3;
      expect(manifestOf(w.out).revisions.map((r) => [r.key, r.old_source, r.new_source])).toEqual([['ascof_2a2|E06000006|2020-04-01|financial_year|total', 'v1.csv:2', `v2.csv:${line}`]]);
      const obs = tableFromIPC(readFileSync(path.join(w.out, 'observations.arrow')));
      expect(obs.toArray().map((r) => [r.numerator, r.source_file])).toEqual([[34, 'v2.csv'], [40, 'v2.csv']]);
    }
  });

  it('writes nothing and keeps the previous extracts when a row is rejected, unless rejects are allowed', async () => {
    const w = workspace({
      'areas.csv': AREAS,
      'good.csv': `${OBS}dtoc,E06000006,2019-03-01,month,total,370,100914,,\n`,
      'mixed.csv': `${OBS}dtoc,E06000006,2019-04-01,month,total,lots,100914,,\ndtoc,E06000006,2019-05-01,month,total,300,100914,,\n`,
    });
    await ingest([w.file('areas.csv'), w.file('good.csv')], { out: w.out });
    const before = readFileSync(path.join(w.out, 'observations.arrow'));
    const refused = await ingest([w.file('mixed.csv')], { out: w.out });
    expect(refused.written).toBe(false);
    expect(refused.errors.map(formatError)).toEqual(['mixed.csv, row 2, column "numerator": "lots" is not a number']);
    expect(readFileSync(path.join(w.out, 'observations.arrow'))).toEqual(before);

    const allowed = await ingest([w.file('mixed.csv')], { out: w.out, allowRejects: true });
    expect([allowed.written, allowed.reports[0]!.accepted, allowed.reports[0]!.rejected]).toEqual([true, 1, 1]);
    expect(manifestOf(w.out).extracts.observations.rows).toBe(2);
    expect(readdirSync(w.dir).filter((f) => f.includes('staging') || f.includes('.old-'))).toEqual([]);
  });

  it("counts a record set's refused rows by file and row: two files' row 3 are two rows", async () => {
    const w = workspace({ 'areas.csv': AREAS });
    await ingest([w.file('areas.csv')], { out: w.out });
    const errors = [
      { file: 'spells.csv', row: 3, column: 'Admission_Date', message: 'is not a date (YYYY-MM-DD without a time: the form of the first dates in the file); the row was not counted' },
      { file: 'spells.csv', row: 3, column: 'Discharge_Date', message: 'is not a date (YYYY-MM-DD without a time: the form of the first dates in the file); the row was not counted' },
      { file: 'cld.csv', row: 3, column: 'Event_Start_Date', message: 'is not a date (dd/mm/yyyy without a time: the form of the first dates in the file); the row was not counted' },
    ];
    const bytes = new TextEncoder().encode(`${OBS}dtoc,E06000006,2019-03-01,month,total,370,100914,,\n`);
    const outcome = await ingest([{ name: 'spells and 1 more.aggregates.csv', bytes, errors }], { out: w.out, allowRejects: true });
    expect([outcome.reports[0]!.accepted, outcome.reports[0]!.rejected]).toEqual([1, 2]);
  });

  // (Rows, not bytes: Arrow's dictionary ids count up within a process.)
  const tablesOf = (out: string) => Object.fromEntries(['observations', 'areas'].map((t) => [t, tableFromIPC(readFileSync(path.join(out, `${t}.arrow`))).toArray().map((r) => r.toJSON())]));

  it("in an engine made for the run, reads the files it may and the bytes handed to it, writes what its own engine would, and leaves it open", async () => {
    const obs = `${OBS}ascof_2a2,E06000006,2020-04-01,financial_year,total,34,24105,,\nascof_2a2,E06000006,2021-04-01,financial_year,total,40,24500,,\n`;
    const bytes = `${OBS}ascof_2a2,E06000006,2019-04-01,financial_year,total,30,23900,,\nascof_2a2,E06000006,2019-04-01,financial_year,total,31,23900,,\n`;
    const run = async (engine?: NativeDb) => {
      const w = workspace({ 'areas.csv': AREAS, 'obs.csv': obs });
      const given = { name: 'made.csv', bytes: new TextEncoder().encode(bytes), notes: ['a note'] };
      const outcome = await ingest([w.file('areas.csv'), w.file('obs.csv'), given], { out: w.out, allowRejects: true, engine });
      const extracts = tablesOf(w.out);
      return { outcome: { ...outcome, manifest: null }, extracts, sources: manifestOf(w.out).sources.map(({ ingested_at: _, ...s }) => s) };
    };
    const own = await run();
    // An engine that may read none of the files (each run of `run` has a folder of its own) is left alone.
    const engine = await nativeDuckDb({}, { readable: [], written: 1 });
    try {
      expect(await run(engine)).toEqual(own);
      expect(() => engine.path('input-1.csv')).toThrow();
    } finally {
      engine.close();
    }
    const files = (dir: string) => [path.join(dir, 'areas.csv'), path.join(dir, 'obs.csv')];
    const dir = tempDir('bcf-ingest-engine-');
    writeFileSync(files(dir)[0]!, AREAS);
    writeFileSync(files(dir)[1]!, obs);
    const shared = await nativeDuckDb({}, { readable: files(dir), written: 1 });
    try {
      const given = { name: 'made.csv', bytes: new TextEncoder().encode(bytes), notes: ['a note'] };
      const out = path.join(dir, 'extracts');
      const outcome = await ingest([...files(dir), given], { out, allowRejects: true, engine: shared });
      expect({ ...outcome, manifest: null }).toEqual(own.outcome);
      expect(tablesOf(out)).toEqual(own.extracts);
      expect(manifestOf(out).sources.map(({ ingested_at: _, ...s }) => s)).toEqual(own.sources);
      // It read the file DuckDB reads and the bytes through names of its own, and is still open.
      expect(readFileSync(shared.path('input-1.csv'), 'utf8')).toBe(obs);
      expect(readFileSync(shared.path('input-2.csv'), 'utf8')).toBe(bytes);
      expect(await shared.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      shared.close();
    }
  });
});
