import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../pipelines/ingest';
import { ValidationFailed } from '../../src/lib/contract/errors';
import type { Manifest } from '../../src/lib/contract/manifest';

const AREAS = 'area_code,area_name,area_type,parent_code\nE92000001,England,england,\nE06000006,Halton,place,E92000001\n';
const OBS = 'metric,area_code,period_start,period_type,breakdown,numerator,denominator,published_value,suppressed\n';

function workspace(files: Record<string, string>) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bcf-ingest-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return { dir, file: (name: string) => path.join(dir, name), out: path.join(dir, 'extracts') };
}

describe('npm run ingest', () => {
  it('writes Arrow extracts and a manifest of sources, checksums, rows and periods', () => {
    const w = workspace({
      'areas.csv': AREAS,
      'obs.csv': `${OBS}ascof_2a2,E06000006,2020-04-01,financial_year,total,34,24105,141.0,\nascof_2a2,E06000006,2019-04-01,financial_year,total,30,23900,,\n`,
    });
    ingest([w.file('areas.csv'), w.file('obs.csv')], w.out, false);
    expect(readdirSync(w.out).sort()).toEqual(['areas.arrow', 'manifest.json', 'observations.arrow', 'populations.arrow']);
    const manifest = JSON.parse(readFileSync(path.join(w.out, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.sources.map((s) => [s.file, s.table, s.rows])).toEqual([['areas.csv', 'areas', 2], ['obs.csv', 'observations', 2]]);
    expect(manifest.sources[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.extracts.observations.rows).toBe(2);
    expect(manifest.periods['ascof_2a2/financial_year']).toEqual({ first: '2019-04-01', last: '2020-04-01' });
    const obs = tableFromIPC(readFileSync(path.join(w.out, 'observations.arrow')));
    expect(obs.schema.fields.map((f) => f.name)).toEqual(
      ['metric', 'area_code', 'period_start', 'period_type', 'breakdown', 'numerator', 'denominator', 'published_value', 'suppressed', 'source'],
    );
    expect(String(obs.schema.fields[2]!.type)).toBe('Date32<DAY>');
    const first = obs.get(0)!.toJSON();
    expect([first.numerator, first.denominator, first.published_value, first.source]).toEqual([34, 24105, 141, 'obs.csv:2']);
  });

  it('writes nothing and keeps the previous extracts when any file has a problem', () => {
    const w = workspace({ 'areas.csv': AREAS, 'good.csv': `${OBS}dtoc,E06000006,2019-03-01,month,total,370,100914,,\n`, 'bad.csv': `${OBS}dtoc,E06000006,2019-04-01,month,total,lots,100914,,\n` });
    ingest([w.file('areas.csv'), w.file('good.csv')], w.out, false);
    const before = readFileSync(path.join(w.out, 'observations.arrow'));
    expect(() => ingest([w.file('areas.csv'), w.file('good.csv'), w.file('bad.csv')], w.out, false)).toThrow(ValidationFailed);
    expect(() => ingest([w.file('areas.csv'), w.file('bad.csv')], w.out, false)).toThrow(
      '1 problem(s) found; nothing was written.\nbad.csv, row 2, column "numerator": "lots" is not a number',
    );
    expect(readFileSync(path.join(w.out, 'observations.arrow'))).toEqual(before);
    expect(readdirSync(w.dir).filter((f) => f.includes('staging') || f.includes('.old-'))).toEqual([]);
  });
});
