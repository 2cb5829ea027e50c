// pipelines/run.mjs runs a pipeline from a cached bundle: it must behave as tsx running the script
// does, and never run a bundle older than the sources it was built from.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(path.join(os.tmpdir(), 'bcf-run-'));
const cache = path.resolve('node_modules/.cache/bcf-pipelines');
const main = path.join(dir, 'main.ts');
const ours = () => readdirSync(cache).filter((f) => f.includes(path.basename(dir)));

const run = (...args: string[]) => JSON.parse(execFileSync(process.execPath, ['pipelines/run.mjs', main, ...args], { encoding: 'utf8' }));

afterAll(() => {
  for (const f of ours()) rmSync(path.join(cache, f), { force: true });
  rmSync(dir, { recursive: true, force: true });
});

describe('node pipelines/run.mjs SCRIPT', () => {
  writeFileSync(main, [
    "import { createRequire } from 'node:module';",
    "import { word } from './dep';",
    // As src/lib/server/node-duckdb.ts does: names the bundle's own preamble must not clash with.
    'const require = createRequire(import.meta.url);',
    "const text: string = JSON.stringify({ word, args: process.argv.slice(2), url: import.meta.url, sep: require('node:path').sep });",
    'if (import.meta.url === `file://${process.argv[1]}`) console.log(text);',
  ].join('\n'));
  const dep = (word: string) => writeFileSync(path.join(dir, 'dep.ts'), [
    `export const word: string = '${word}';`,
    // Bundled with main.ts, this module is not the script run, and must not act as if it were.
    "if (import.meta.url === `file://${process.argv[1]}`) console.log('dep.ts ran as the script');",
  ].join('\n'));

  it('runs the script with its arguments, each module knowing its own place, and builds again when any source changes', () => {
    dep('first');
    expect(run('--out', 'x y')).toEqual({ word: 'first', args: ['--out', 'x y'], url: pathToFileURL(main).href, sep: path.sep });
    const record = path.join(cache, ours().find((f) => f.endsWith('.json'))!);
    const built = statSync(record).mtimeMs;
    expect(run().word).toBe('first');
    expect(statSync(record).mtimeMs, 'unchanged sources reuse the bundle').toBe(built);

    dep('second');
    expect(run().word).toBe('second');
    expect(JSON.parse(readFileSync(record, 'utf8')).inputs).toHaveProperty(path.relative(path.resolve('.'), path.join(dir, 'dep.ts')));
  }, 60_000);

  it('knows an unchanged source by its stat without reading it, and still finds a change that keeps its size and modification time', async () => {
    dep('third');
    const depFile = path.join(dir, 'dep.ts');
    const key = path.relative(path.resolve('.'), depFile);
    // A file changed in the last 2 s is read every time (a coarse clock may not tell two writes apart).
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(run().word).toBe('third');
    const record = path.join(cache, ours().find((f) => f.endsWith('.json'))!);
    // The record's hash of dep.ts made wrong: were dep.ts read, the bundle would be built again.
    const saved = JSON.parse(readFileSync(record, 'utf8'));
    writeFileSync(record, JSON.stringify({ ...saved, inputs: { ...saved.inputs, [key]: 'not its hash' } }));
    const before = statSync(record).mtimeMs;
    expect(run().word).toBe('third');
    expect(statSync(record).mtimeMs, 'the bundle is used again, dep.ts unread').toBe(before);

    // Same size, and its modification time put back: its change time still differs, so it is read.
    const { atime, mtime } = statSync(depFile);
    dep('forth');
    utimesSync(depFile, atime, mtime);
    expect(run().word).toBe('forth');
  }, 60_000);

  it("starts a script with no top-level await from V8's code cache, kept beside its bundle after the first run; a script awaiting at the top level runs as an ES module", () => {
    dep('fifth');
    expect(run('a').args).toEqual(['a']);
    const { bundle } = JSON.parse(readFileSync(path.join(cache, ours().find((f) => f.endsWith('.json'))!), 'utf8'));
    const code = ours().filter((f) => f.startsWith(bundle) && f.endsWith('.v8'));
    expect(code, 'a code cache is kept').toHaveLength(1);
    const kept = statSync(path.join(cache, code[0]!)).mtimeMs;
    expect(run('b').args).toEqual(['b']);
    expect(statSync(path.join(cache, code[0]!)).mtimeMs, 'V8 took it: it is not written again').toBe(kept);

    const awaiting = path.join(dir, 'awaiting.ts');
    writeFileSync(awaiting, "import { word } from './dep';\nconst later: string = await Promise.resolve(word);\nconsole.log(JSON.stringify({ later }));");
    expect(JSON.parse(execFileSync(process.execPath, ['pipelines/run.mjs', awaiting], { encoding: 'utf8' }))).toEqual({ later: 'fifth' });
  }, 60_000);
});
