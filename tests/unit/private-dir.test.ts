// The pipelines' private folders in the temporary folder (native DuckDB's links and spill files,
// the drop folder's copies of a file) hold unsuppressed counts: a run killed before it removes its
// own leaves it behind (hundreds were found after the tests that kill ingests), so the next run
// removes those whose process has ended, and no other.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nativeDuckDb } from '../../src/lib/server/native-duckdb';
import { ownerGone, ownerTag, privateDir } from '../../src/lib/server/private-dir';
import { tempDir } from '../helpers/temp';

/** A pid no process has now: a child's, once it has exited. */
const endedPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

describe('private folders of the pipelines', () => {
  it('removes those of processes that have ended (or whose pid a later process took), and keeps the rest', () => {
    const parent = tempDir('bcf-private-dir-');
    const [, start, ns] = ownerTag().slice(1).split('.');
    const dead = endedPid();
    const folders = {
      ended: `bcf-x-p${dead}.${start}.${ns}-aaaaaa`,
      reused: `bcf-x-p${process.pid}.${Number(start) + 1}.${ns}-bbbbbb`,
      running: `bcf-x-${ownerTag()}-cccccc`,
      otherNamespace: `bcf-x-p${dead}.${start}.${Number(ns) + 1}-dddddd`,
      earlierCode: 'bcf-x-eeeeee',
      earlierLookingTagged: `bcf-x-p${String(dead).slice(0, 5)}`,
      otherKind: `bcf-y-p${dead}.${start}.${ns}-ffffff`,
    };
    for (const f of Object.values(folders)) {
      mkdirSync(path.join(parent, f));
      writeFileSync(path.join(parent, f, 'counts.csv'), 'unsuppressed\n');
    }
    const made = privateDir('bcf-x-', parent);
    expect(path.basename(made)).toMatch(new RegExp(`^bcf-x-${ownerTag().replaceAll('.', '\\.')}-\\w{6}$`));
    const { ended, reused, ...kept } = folders;
    expect(readdirSync(parent).sort()).toEqual([...Object.values(kept), path.basename(made)].sort());
    expect([ended, reused].map((f) => existsSync(path.join(parent, f)))).toEqual([false, false]);
    expect(ownerGone(ownerTag())).toBe(false);
  });

  it("removes a killed run's folder at the next run", async () => {
    const parent = tempDir('bcf-private-dir-');
    const script = `import { privateDir } from ${JSON.stringify(path.resolve('src/lib/server/private-dir.ts'))};
      console.log(privateDir('bcf-run-', ${JSON.stringify(parent)})); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const made = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())));
    expect(existsSync(made)).toBe(true);
    expect(privateDir('bcf-run-', parent)).not.toBe(made);
    expect(existsSync(made)).toBe(true); // its process still runs
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const next = privateDir('bcf-run-', parent);
    expect(existsSync(made)).toBe(false);
    expect(existsSync(next)).toBe(true);
  });

  it("names native DuckDB's folder for its process, and removes it on close", async () => {
    const file = path.join(tempDir('bcf-private-dir-'), 'a.csv');
    writeFileSync(file, 'n\n1\n');
    const db = await nativeDuckDb({ 'a.csv': file });
    const dir = path.dirname(db.path('a.csv'));
    expect(path.basename(dir).startsWith(`bcf-duckdb-${ownerTag()}-`)).toBe(true);
    db.close();
    expect(existsSync(dir)).toBe(false);
  });
});
