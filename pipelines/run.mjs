// node pipelines/run.mjs SCRIPT.ts [ARGS...]: runs a pipeline's command line (npm run ingest, the
// drop folder's ingest) from one prebuilt JavaScript bundle instead of compiling its TypeScript
// and loading Arrow's 134 modules one by one at every run (tsx: about 2 processor-seconds, the
// bundle about 0.5). The bundle is built on first use into node_modules/.cache/ and used again only
// while every file it was built from (its sources, the packages bundled in, this file, esbuild) has
// the same content: a changed source is rebuilt, never run stale. (A file is known unchanged by its
// stat, as git knows it, and read only when that differs.) Plain JavaScript, so Node runs it
// as it is; it runs the bundle in this same process (a signal sent to it reaches the pipeline).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'bcf-pipelines');
/**
 * Packages with native code or files of their own to find at run time, loaded from node_modules as
 * they are. DuckDB's JavaScript API is bundled: Node takes 0.2 s longer to import it as an ES module.
 */
const EXTERNAL = ['@duckdb/node-bindings', '@duckdb/duckdb-wasm'];

const digest = (bytes) => createHash('sha256').update(bytes).digest('hex');

/**
 * What says a file is unchanged without reading it: its size, inode, and last change and
 * modification times (a write changes both; mtime can be set back, ctime cannot).
 */
const statOf = (file) => {
  const s = statSync(file);
  return [s.size, s.ino, s.mtimeMs, s.ctimeMs];
};
const sameStat = (a, b) => !!a && a.length === b.length && a.every((v, i) => v === b[i]);
/**
 * A stat taken at `at` (ms) vouches for the bytes read after it only if the file had not changed
 * in the 2 s before: a change within the same tick of a coarse clock (1-2 s on some file systems)
 * would leave the times as they were. Such a file is read every time (git's "racily clean").
 */
const settled = (stat, at) => Math.max(stat[2], stat[3]) < at - 2000;

/**
 * The bundle built from exactly the files it was built from as they are now, or null. A file whose
 * stat is the one recorded is not read (about 10 ms of hashing every run); any other is, and the
 * record's stats are brought up to date when its bytes are the same (a checkout that rewrote it).
 */
function cached(record) {
  try {
    const { root, bundle, inputs, stats = {}, at = 0 } = JSON.parse(readFileSync(record, 'utf8'));
    // The bundle holds each source's own place on disk: a clone moved elsewhere builds it again.
    if (root !== ROOT) return null;
    const now = Date.now();
    const seen = {};
    let read = false;
    for (const [file, sum] of Object.entries(inputs)) {
      // Stat first, then read: a change in between shows as a stat that differs next time.
      const stat = statOf(path.join(ROOT, file));
      seen[file] = stat;
      if (sameStat(stats[file], stat) && settled(stat, at)) continue;
      if (digest(readFileSync(path.join(ROOT, file))) !== sum) return null;
      read = true;
    }
    statSync(path.join(CACHE, bundle));
    if (read && Object.values(seen).every((stat) => settled(stat, now))) writeWhole(record, JSON.stringify({ root, bundle, inputs, stats: seen, at: now }, null, 1));
    return path.join(CACHE, bundle);
  } catch {
    return null;
  }
}

/** Writes `text` to `file` whole or not at all: runs started at once may build at once. */
function writeWhole(file, text) {
  const part = `${file}.${process.pid}.part`;
  writeFileSync(part, text);
  renameSync(part, file);
}

async function build(entry, name, record) {
  const { build: esbuild } = await import('esbuild');
  // What each source held when it was bundled: one saved while the bundle was built is found changed next time.
  const read = new Map();
  const stats = new Map();
  const at = Date.now();
  // Each source keeps its own import.meta.url (its place on disk: files it reads beside it, and
  // whether it is the script run), as when Node runs it, not the bundle's.
  const ownUrl = {
    name: 'own-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const file = path.relative(ROOT, args.path).split(path.sep).join('/');
        stats.set(file, statOf(args.path));
        const text = readFileSync(args.path, 'utf8');
        read.set(file, digest(text));
        return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
      });
    },
  };
  const options = {
    entryPoints: [entry], absWorkingDir: ROOT, bundle: true, platform: 'node', target: 'node20', write: false, metafile: true,
    external: EXTERNAL, plugins: [ownUrl], logLevel: 'silent',
    // Not the project's tsconfig, which extends one `svelte-kit sync` writes: a fresh clone has none.
    tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
  };
  // CommonJS where it can be (no top-level await, no import.meta left after ownUrl): Node 20 keeps
  // no compiled code of an ES module, while a script compiled by vm.Script can start from V8's
  // code cache (see run()). Otherwise an ES module, as before.
  const commonJs = await esbuild({ ...options, format: 'cjs' }).catch(() => null);
  const result = commonJs && !commonJs.warnings.some((w) => w.text.includes('import.meta')) ? commonJs : await esbuild({
    ...options, format: 'esm', logLevel: 'error',
    // The CommonJS packages bundled in (DuckDB's API, PapaParse) require() what stays outside.
    // (esbuild renames any top-level `require` of the sources, as it is a name its own code uses.)
    banner: { js: "import { createRequire as bcfRequireFrom } from 'node:module'; const require = bcfRequireFrom(import.meta.url);" },
  });
  const files = [...Object.keys(result.metafile.inputs), 'pipelines/run.mjs', 'node_modules/esbuild/package.json'];
  for (const f of files) if (!stats.has(f)) stats.set(f, statOf(path.join(ROOT, f)));
  const inputs = Object.fromEntries(files.map((f) => [f, read.get(f) ?? digest(readFileSync(path.join(ROOT, f)))]));
  const code = result.outputFiles[0].contents;
  const bundle = `${name}.${digest(code).slice(0, 16)}.${result === commonJs ? 'cjs' : 'mjs'}`;
  mkdirSync(CACHE, { recursive: true });
  writeWhole(path.join(CACHE, bundle), code);
  writeWhole(record, JSON.stringify({ root: ROOT, bundle, inputs, stats: Object.fromEntries(files.map((f) => [f, stats.get(f)])), at }, null, 1));
  // Earlier bundles of this script go, once no run that chose one can still be about to load it.
  for (const old of readdirSync(CACHE)) {
    const file = path.join(CACHE, old);
    if (old.startsWith(`${name}.`) && !old.startsWith(bundle) && /\.(mjs|cjs|v8)$/.test(old) && Date.now() - statSync(file).mtimeMs > 600_000) rmSync(file, { force: true });
  }
  return path.join(CACHE, bundle);
}

const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('Usage: node pipelines/run.mjs SCRIPT.ts [ARGS...]');
  process.exit(2);
}
const entry = path.resolve(script);
const name = path.relative(ROOT, entry).replace(/\.ts$/, '').replace(/[^\w-]+/g, '_');
const record = path.join(CACHE, `${name}.json`);
const bundle = cached(record) ?? (await build(entry, name, record));
/**
 * Runs a CommonJS bundle as Node would require() it (strict, as the ES modules it was made of),
 * compiled with V8's code cache kept beside it: kept after the first run, so it holds the code of
 * every function that run compiled (about 30 ms of compiling at each start of npm run ingest). V8
 * checks the cache against the code, its version and flags, and compiles afresh if it does not fit.
 */
function run(bundle) {
  const code = readFileSync(bundle, 'utf8');
  const cacheFile = `${bundle}.${process.version}-${process.arch}.v8`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) { 'use strict'; ${code}\n})`, {
    filename: bundle, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (!cachedData || script.cachedDataRejected) {
    // When the pipeline ends (it may end with process.exit): once, not at every run.
    process.once('exit', () => {
      try {
        writeWhole(cacheFile, script.createCachedData());
      } catch {
        // A cache not written is compiled again next time.
      }
    });
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
}

// The script sees the command line it would under tsx: itself, then its arguments.
process.argv = [process.argv[0], entry, ...args];
if (bundle.endsWith('.cjs')) run(bundle);
else await import(pathToFileURL(bundle).href);
