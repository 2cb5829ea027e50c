import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { processIncoming } from '../../pipelines/incoming';
import { demoInputs, ingest } from '../../pipelines/ingest';
import type { Manifest } from '../../src/lib/contract/manifest';

const AREAS = 'area_code,area_name,area_type,parent_code\nE92000001,England,england,\nE06000006,Halton,place,E92000001\n';
const OBS = 'metric,area_code,period_start,period_type,breakdown,numerator,denominator,published_value,suppressed\n';

describe('the drop folder', () => {
  it('ingests each file on its own and files it under ingested/ or rejected/ with a report', () => {
    const data = mkdtempSync(path.join(os.tmpdir(), 'bcf-drop-'));
    const out = path.join(data, 'extracts');
    writeFileSync(path.join(data, 'areas.csv'), AREAS);
    ingest(demoInputs(data), { out, fresh: true });
    mkdirSync(path.join(data, 'incoming'));
    writeFileSync(path.join(data, 'incoming', 'good.csv'), `${OBS}ascof_2a2,E06000006,2020-04-01,financial_year,total,34,24105,,\n`);
    writeFileSync(path.join(data, 'incoming', 'bad.csv'), `${OBS}ascof_2a2,E06000006,2021-04-01,financial_year,total,-1,24105,,\n`);

    const dropped = processIncoming(data, out, { settleMs: 0 });
    expect(dropped.map((d) => [d.file, d.outcome.written, d.outcome.errors.length])).toEqual([['bad.csv', false, 1], ['good.csv', true, 0]]);
    expect(readdirSync(path.join(data, 'incoming'))).toEqual([]);
    const rejected = readdirSync(path.join(data, 'rejected'));
    expect(rejected.map((f) => f.replace(/^[\dT-]+Z_/, ''))).toEqual(['bad.csv', 'bad.csv.rejected-rows.csv', 'bad.csv.report.txt']);
    const report = readFileSync(path.join(data, 'rejected', rejected.find((f) => f.endsWith('.report.txt'))!), 'utf8');
    expect(report).toContain('bad.csv: REJECTED, nothing from it was loaded');
    expect(report).toContain('✗ bad.csv, row 2, column "numerator": "-1" is negative; counts cannot be below zero');
    expect(readFileSync(path.join(data, 'rejected', rejected.find((f) => f.endsWith('rejected-rows.csv'))!), 'utf8')).toBe(
      'file,row,column,reason\nbad.csv,2,numerator,"""-1"" is negative; counts cannot be below zero"\n',
    );
    expect(readdirSync(path.join(data, 'ingested')).map((f) => f.replace(/^[\dT-]+Z_/, ''))).toEqual(['good.csv', 'good.csv.report.txt']);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.extracts.observations.rows).toBe(1);

    // Rebuilding from the data folder replays what the drop folder accepted: nothing is lost.
    expect(demoInputs(data).map((f) => path.basename(f).replace(/^[\dT-]+Z_/, ''))).toEqual(['areas.csv', 'good.csv']);
    ingest(demoInputs(data), { out, fresh: true });
    expect((JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as Manifest).extracts.observations.rows).toBe(1);
    expect(existsSync(path.join(data, 'incoming'))).toBe(true);
  });
});
