// Two writers of one extracts folder at once: neither may lose the other's rows.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readExtracts } from '../../pipelines/extracts';
import { ingest } from '../../pipelines/ingest';
import { lockFileOf } from '../../pipelines/lock';
import { syntheticFiles } from '../../pipelines/synthetic';
import { runIngest } from '../helpers/processes';
import { tempDir } from '../helpers/temp';

const AREAS = 'area_code,area_name,area_type,parent_code\nE92000001,England,england,\nE06000006,Halton,place,E92000001\n';
const ONE_ROW = 'metric,area_code,period_start,period_type,breakdown,numerator,denominator,published_value,suppressed\nascof_2a2,E06000006,2020-04-01,financial_year,total,34,24105,,\n';
const quiet = { log: () => {} };

/** Extracts of Halton and, with `bigRows`, synthetic hubs, and a file of that many rows over them. */
async function workspace(bigRows = 0) {
  const dir = tempDir('bcf-lock-');
  const out = path.join(dir, 'extracts');
  writeFileSync(path.join(dir, 'areas.csv'), AREAS);
  writeFileSync(path.join(dir, 'one-row.csv'), ONE_ROW);
  const big = bigRows ? syntheticFiles(dir, bigRows) : null;
  await ingest([path.join(dir, 'areas.csv'), ...(big ? [big.areasFile] : [])], { out, ...quiet });
  return { dir, out, big, oneRow: path.join(dir, 'one-row.csv') };
}

/** The pid of a process that has ended. */
function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  return new Promise((ok) => child.on('close', () => ok(child.pid!)));
}

describe('two writers of one extracts folder', () => {
  it('keeps both files\' rows when `npm run ingest` of a big file and of a one-row file overlap', async () => {
    for (let trial = 1; trial <= 3; trial++) {
      const w = await workspace(100_000);
      const big = runIngest(['--out', w.out, w.big!.obsFile]);
      // The one-row file starts while the big one is being read, as a second person's would.
      await new Promise((r) => setTimeout(r, 1000 * trial - 500));
      const small = runIngest(['--out', w.out, w.oneRow]);
      const [a, b] = await Promise.all([big.done, small.done]);
      expect([a.code, b.code], `${a.stdout}${a.stderr}${b.stdout}${b.stderr}`).toEqual([0, 0]);
      const obs = readExtracts(w.out).tables.observations;
      expect(obs.length, `trial ${trial}`).toBe(w.big!.rows + 1);
      expect(obs.some((o) => o.metric === 'ascof_2a2' && o.area_code === 'E06000006' && o.numerator === 34), `trial ${trial}: one-row.csv's row`).toBe(true);
      expect(existsSync(lockFileOf(w.out))).toBe(false);
    }
  }, 300_000);

  it('takes over a lock whose writer was killed, saying so', async () => {
    const w = await workspace();
    const pid = await deadPid();
    writeFileSync(lockFileOf(w.out), JSON.stringify({ pid, host: os.hostname(), started: '2026-11-29T06:00:00.000Z', command: 'pipelines/ingest.ts big.csv' }));
    const notes: string[] = [];
    expect((await ingest([w.oneRow], { out: w.out, log: (l) => notes.push(l) })).written).toBe(true);
    expect(notes).toEqual([`Removed a stale lock on ${w.out} (pid ${pid} on ${os.hostname()}, started 2026-11-29T06:00:00.000Z: pipelines/ingest.ts big.csv), whose process is no longer running.`]);
    expect(existsSync(lockFileOf(w.out))).toBe(false);
  });

  it('waits for a live writer, then gives up saying who holds the folder and how to free it', async () => {
    const w = await workspace();
    // This test's own process stands for a writer that is still running.
    writeFileSync(lockFileOf(w.out), JSON.stringify({ pid: process.pid, host: os.hostname(), started: '2026-11-29T06:00:00.000Z', command: 'pipelines/ingest.ts big.csv' }));
    const notes: string[] = [];
    const t0 = Date.now();
    await expect(ingest([w.oneRow], { out: w.out, lockWaitMs: 1_000, log: (l) => notes.push(l) })).rejects.toThrow(
      `${w.out} is being written by another ingest (pid ${process.pid} on ${os.hostname()}, started 2026-11-29T06:00:00.000Z: pipelines/ingest.ts big.csv); ` +
        `gave up waiting after 1 s. If no ingest is running, delete ${w.out}.lock and try again.`,
    );
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1_000);
    expect(notes).toEqual([`Waiting for another ingest to finish writing ${w.out} (pid ${process.pid} on ${os.hostname()}, started 2026-11-29T06:00:00.000Z: pipelines/ingest.ts big.csv); waiting up to 1 s.`]);
    expect(readExtracts(w.out).tables.observations).toEqual([]);
  });
});
