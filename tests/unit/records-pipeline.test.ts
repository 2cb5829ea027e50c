// Record-level files through `npm run ingest`, the drop folder and publishing: only aggregates
// are kept, and no person identifier or exact record value reaches anything written.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readExtracts } from '../../pipelines/extracts';
import { processIncoming } from '../../pipelines/incoming';
import { publish } from '../../pipelines/publish';
import { readSettings } from '../../pipelines/settings';
import { hubMapCsv } from '../../src/lib/records/hub-map';
import { EXACT_VALUE, H1, HALTON, HUB_MAP, MARKER, UNASSIGNED, writeSet } from './records-fixture';
import { tempDir } from '../helpers/temp';

/** Every file under `dir`, as text (Arrow and JSON included: identifiers would be there as UTF-8). */
function everyFile(dir: string): [string, string][] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => [f, readFileSync(f).toString('latin1')]);
}

function workspace() {
  const dir = tempDir('bcf-records-');
  const data = path.join(dir, 'data');
  mkdirSync(path.join(data, 'incoming'), { recursive: true });
  mkdirSync(path.join(data, 'records'));
  writeFileSync(path.join(data, 'records', 'hub-map.csv'), hubMapCsv(HUB_MAP));
  writeFileSync(path.join(data, 'settings.json'), JSON.stringify({ data_set: 'own' }));
  return { dir, data, out: path.join(dir, 'extracts'), published: path.join(dir, 'published') };
}

describe('record-level files in the pipeline', () => {
  it('the drop folder aggregates spells and events together, keeps only the aggregates, and publishes no identifier or record value', async () => {
    const w = workspace();
    const set = writeSet(path.join(w.data, 'incoming'), { refusedRow: false });
    const logs: string[] = [];
    const dropped = await processIncoming(w.data, w.out, { settleMs: 0, log: (l) => logs.push(l) });

    expect(dropped.map((d) => [d.file, d.outcome.errors, d.outcome.written])).toEqual([
      [path.basename(set.events), [], true],
      [path.basename(set.spells), [], true],
    ]);
    // The records are gone from incoming/ and were never archived: only their aggregates were.
    expect(readdirSync(path.join(w.data, 'incoming'))).toEqual([]);
    expect(readdirSync(path.join(w.data, 'ingested')).map((f) => f.replace(/^[^_]+_/, '')).sort()).toEqual([
      'cld and 1 more.aggregates.csv', 'cld and 1 more.aggregates.csv.report.txt', 'cld and 1 more.hubs.csv',
    ]);
    const { tables } = readExtracts(w.out);
    const value = (metric: string, area: string, type: string, start: string) =>
      tables.observations.filter((o) => o.metric === metric && o.area_code === area && o.period_type === type && o.period_start === start).map((o) => [o.numerator, o.denominator]);
    // The hand-worked figures of records.test.ts, now in the extracts.
    expect(value('ascof_2b1', HALTON, 'financial_year', '2023-04-01')).toEqual([[1, 3]]);
    expect(value('ascof_2b1', UNASSIGNED, 'financial_year', '2023-04-01')).toEqual([[1, 1]]);
    expect(value('ascof_2a2', H1, 'quarter', '2024-01-01')).toEqual([[1, null]]);
    // The newer metrics, as their definitions say they are published.
    expect(value('discharge_delay', HALTON, 'month', '2023-10-01')).toEqual([[2, 3]]);
    expect(value('emergency_admissions_65', HALTON, 'financial_year', '2023-04-01')).toEqual([[7, null]]);
    expect(tables.areas.find((a) => a.area_code === UNASSIGNED)).toMatchObject({ area_type: 'hub', parent_code: HALTON });
    const report = readFileSync(path.join(w.data, 'ingested', readdirSync(path.join(w.data, 'ingested')).find((f) => f.endsWith('.report.txt'))!), 'utf8');
    expect(report).toContain('spells.csv: Rows counted in a place\'s "unassigned" hub: 1 with the practice in another place, 2 with the practice missing, 1 with the practice not in the hub map.');

    await publish(w.out, w.published, readSettings(w.data));
    const written = [...everyFile(w.data), ...everyFile(w.out), ...everyFile(w.published), ['logs', logs.join('\n')] as [string, string]];
    expect(written.length).toBeGreaterThan(8);
    for (const [file, text] of written) {
      expect(text.includes(MARKER), `${file} holds a person identifier`).toBe(false);
      expect(text.includes(EXACT_VALUE), `${file} holds an exact record value`).toBe(false);
    }
  }, 60_000);

  it('the drop folder refuses a bad cell by row and column, names no identifier, and archives no record in ingested/', async () => {
    const w = workspace();
    writeSet(path.join(w.data, 'incoming'));
    const dropped = await processIncoming(w.data, w.out, { settleMs: 0, log: () => {} });
    expect(dropped[0]!.outcome.errors).toEqual([{ file: 'cld.csv', row: 17, column: 'Event_Start_Date', message: 'is not a date (dd/mm/yyyy without a time: the form of the first dates in the file); the row was not counted' }]);
    expect(existsSync(path.join(w.data, 'ingested'))).toBe(false);
    const rejected = everyFile(path.join(w.data, 'rejected'));
    const reports = rejected.filter(([f]) => f.endsWith('.report.txt') || f.endsWith('.rejected-rows.csv'));
    expect(reports).toHaveLength(2);
    for (const [file, text] of reports) expect(text.includes(MARKER), file).toBe(false);
    expect(reports.find(([f]) => f.endsWith('.csv'))![1]).toContain('cld.csv,17,Event_Start_Date,is not a date (dd/mm/yyyy without a time: the form of the first dates in the file); the row was not counted');
  }, 60_000);

  it('npm run ingest aggregates record-level files named on the command line, printing no identifier', () => {
    const w = workspace();
    const set = writeSet(w.dir, { refusedRow: false });
    const hubMap = path.join(w.data, 'records', 'hub-map.csv');
    const output = execFileSync(process.execPath, ['pipelines/run.mjs', 'pipelines/ingest.ts', '--out', w.out, '--hub-map', hubMap, set.spells, set.events], {
      encoding: 'utf8',
    });
    expect(output).toContain('Record-level file (hospital inpatient spells (SUS+ Admitted Patient Care, record level)): 21 rows read by DuckDB and aggregated');
    expect(output).not.toContain(MARKER);
    expect(output).not.toContain(EXACT_VALUE);
    expect(readExtracts(w.out).tables.observations.some((o) => o.metric === 'ascof_2b1')).toBe(true);
    for (const [file, text] of everyFile(w.out)) expect(text.includes(MARKER), file).toBe(false);
  }, 60_000);
});
