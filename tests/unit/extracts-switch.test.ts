// The extracts are replaced all at once: an ingest killed at any point, including between the
// steps of the switch, leaves the previous set or the new one, byte for byte, and the next ingest
// keeps every row either held.
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readExtracts, sha256, versionsOf } from '../../pipelines/extracts';
import { ingest } from '../../pipelines/ingest';
import { lockFileOf } from '../../pipelines/lock';
import type { Manifest } from '../../src/lib/contract/manifest';
import { runIngest } from '../helpers/processes';
import { tempDir } from '../helpers/temp';

const AREAS = 'area_code,area_name,area_type,parent_code\nE92000001,England,england,\nE06000006,Halton,place,E92000001\n';
const OBS = 'metric,area_code,period_start,period_type,breakdown,numerator,denominator,published_value,suppressed\n';
const year = (start: string, admissions: number) => `ascof_2a2,E06000006,${start},financial_year,total,${admissions},24105,,\n`;
const OLD = ['2018-04-01', '2019-04-01'];
const NEW = '2020-04-01';
const LATER = '2021-04-01';
/** The steps of a write, as BCF_SWITCH_PAUSE_MS names them. */
const WRITE_STEPS = ['observations.arrow written', 'areas.arrow written', 'populations.arrow written', 'targets.arrow written', 'metrics.arrow written', 'manifest written', 'version complete', 'link made', 'link swapped'];
const quiet = { log: () => {} };

/** Extracts holding Halton's 2018-19 and 2019-20 figures, and files of one more year each. */
async function workspace() {
  const dir = tempDir('bcf-switch-');
  const file = (name: string, text: string) => (writeFileSync(path.join(dir, name), text), path.join(dir, name));
  const out = path.join(dir, 'extracts');
  await ingest([file('areas.csv', AREAS), file('old.csv', OBS + year(OLD[0]!, 30) + year(OLD[1]!, 31))], { out, ...quiet });
  return { dir, out, next: file('new.csv', OBS + year(NEW, 32)), later: file('later.csv', OBS + year(LATER, 33)) };
}

const filesOf = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, sha256(readFileSync(path.join(dir, f)))]));
const periods = (out: string) => readExtracts(out).tables.observations.map((o) => o.period_start).sort();

/** A complete set: every extract is the one its manifest names, checksum and all. */
function isCompleteSet(dir: string): boolean {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const files = filesOf(dir);
  return Object.values(manifest.extracts).every((e) => files[e.file] === e.sha256) && Object.keys(files).length === Object.keys(manifest.extracts).length + 1;
}

/** Runs `npm run ingest` on `file`, pausing at each step, and kills it (-9) once `step` is reached ('lock' = as soon as it holds the lock). */
async function killAt(out: string, file: string, step: string) {
  const run = runIngest(['--out', out, file], { BCF_SWITCH_PAUSE_MS: '250' });
  const steps: string[] = [];
  run.onStderrLine((line) => {
    const m = /^extracts step: (.*)$/.exec(line);
    if (m) steps.push(m[1]!);
    if (m?.[1] === step && steps.filter((s) => s === step).length === 1) run.child.kill('SIGKILL');
  });
  if (step === 'lock') {
    while (!existsSync(lockFileOf(out)) && run.child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
    run.child.kill('SIGKILL');
  }
  const result = await run.done;
  expect(result.signal, `the ingest was meant to be killed at "${step}": ${result.stdout}${result.stderr}`).toBe('SIGKILL');
  return steps;
}

describe('replacing the extracts', () => {
  it('leaves the old set or the new one, byte for byte, wherever an ingest is killed, and the next ingest keeps every row', async () => {
    for (const step of ['lock', ...WRITE_STEPS]) {
      const w = await workspace();
      const before = filesOf(w.out);
      const steps = await killAt(w.out, w.next, step);
      expect(steps.at(-1) ?? 'lock').toBe(step);

      const swapped = step === 'link swapped';
      if (swapped) {
        expect(isCompleteSet(w.out), step).toBe(true);
        expect(periods(w.out)).toEqual([...OLD, NEW]);
      } else expect(filesOf(w.out), `killed after "${step}"`).toEqual(before);

      await ingest([w.later], { out: w.out, ...quiet });
      expect(periods(w.out), `killed after "${step}"`).toEqual([...OLD, ...(swapped ? [NEW] : []), LATER]);
      // Nothing the killed run left behind survives the next one: the current set and the one before.
      expect(readdirSync(versionsOf(w.out)).filter((v) => !/^v\d{6}$/.test(v))).toEqual([]);
      expect(readdirSync(versionsOf(w.out))).toHaveLength(2);
      expect(readdirSync(w.dir).filter((f) => f.includes('.link-') || f.endsWith('.lock'))).toEqual([]);
    }
  }, 300_000);

  it('turns a plain extracts folder into a version, and a kill while it does so loses nothing', async () => {
    for (const step of ['folder adopted', 'link made', 'link swapped']) {
      const w = await workspace();
      // A folder written before versions: the files themselves, not a link.
      const before = filesOf(w.out);
      const plain = `${w.out}.plain`;
      mkdirSync(plain);
      for (const f of Object.keys(before)) writeFileSync(path.join(plain, f), readFileSync(path.join(w.out, f)));
      rmSync(w.out);
      rmSync(versionsOf(w.out), { recursive: true });
      renameSync(plain, w.out);

      await killAt(w.out, w.next, step);
      // Readers see the old set, or, in the one instant of the move, no folder; the set itself is
      // whole in its version folder, and the next run links it back.
      if (existsSync(w.out)) expect(filesOf(w.out), step).toEqual(before);
      else expect(filesOf(path.join(versionsOf(w.out), 'v000001')), step).toEqual(before);
      const notes: string[] = [];
      await ingest([w.later], { out: w.out, log: (l) => notes.push(l) });
      expect(periods(w.out), step).toEqual([...OLD, LATER]);
      expect(lstatSync(w.out).isSymbolicLink()).toBe(true);
      if (step === 'folder adopted') expect(notes).toContain(`${w.out} was missing after an interrupted run; restored the last complete extracts (v000001).`);
    }
  }, 120_000);

  it('restores the previous extracts left by an interrupted run of the old two-rename swap, instead of starting from empty', async () => {
    const w = await workspace();
    // The old swap renamed the extracts to extracts.old-PID, then the staging folder into place;
    // a crash between the two left no extracts folder at all.
    const before = filesOf(w.out);
    const old = `${w.out}.old-4242`;
    mkdirSync(old);
    for (const f of Object.keys(before)) writeFileSync(path.join(old, f), readFileSync(path.join(w.out, f)));
    mkdirSync(`${w.out}.staging-4242`);
    rmSync(w.out, { recursive: true });
    rmSync(versionsOf(w.out), { recursive: true, force: true });

    const notes: string[] = [];
    const outcome = await ingest([w.later], { out: w.out, log: (l) => notes.push(l) });
    expect(outcome.errors).toEqual([]);
    expect(periods(w.out)).toEqual([...OLD, LATER]);
    expect(notes).toEqual([
      `${w.out} was missing after an interrupted run; restored the previous extracts from extracts.old-4242.`,
      'Removed what an interrupted run left unfinished: extracts.staging-4242.',
    ]);
    expect(readdirSync(w.dir).filter((f) => f.startsWith('extracts')).sort()).toEqual(['extracts', 'extracts.versions']);
  });

  it('refuses to write when the extracts link points at a version that is gone', async () => {
    const w = await workspace();
    rmSync(versionsOf(w.out), { recursive: true });
    await expect(ingest([w.later], { out: w.out, ...quiet })).rejects.toThrow(
      `${w.out} links to extracts.versions/v000001, which is missing. Restore that folder, or delete ${w.out} and ${versionsOf(w.out)} to start from empty.`,
    );
  });
});
