// npm start's last step: serves the static build on http://localhost:4173 (PORT to change), sending
// the precompressed .br copies when the browser accepts brotli, else the .gz copies for gzip. Used by the tests and benchmark too.
// With --watch-incoming, a CSV dropped into data/incoming/ is ingested within seconds into the
// private extracts, which are then published (disclosure-controlled) into the served build, where
// open pages pick them up.
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, watch } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { cspHeader } from '../src/lib/csp.js';
import { privateExtracts } from './settings';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.arrow': 'application/vnd.apache.arrow.stream',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.csv': 'text/csv; charset=utf-8',
};

/** Files whose names carry their content's hash never change: the app's bundles, the published extracts and the default views' series. */
const IMMUTABLE = /\/_app\/immutable\/|\/data\/[a-z]+\.[0-9a-f]{16}\.arrow$|\/views\/[a-z0-9_]+\.[0-9a-f]{16}\.arrow$/;

function resolve(root: string, pathname: string): string | null {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const file = path.join(root, path.normalize(rel));
  if (!file.startsWith(root)) return null;
  for (const candidate of [file, `${file}.html`, path.join(file, 'index.html')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/**
 * The Content-Security-Policy header of an HTML page: the shared policy (src/lib/csp.js) with the
 * sha256 of each of the page's inline scripts, the same policy as SvelteKit's <meta> in the page.
 * The header also covers HTML that has no <meta> (or lost it when copied into another site).
 */
export function pageCsp(html: string): string {
  const hashes = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    (m) => `sha256-${createHash('sha256').update(m[1]!, 'utf8').digest('base64')}`,
  );
  return cspHeader([...new Set(hashes)]);
}

/** Serves `dir`; `data`, when given, is served at /data/ instead of the build's own extracts. */
export function serve(dir: string, port: number, options: { data?: string } = {}): Promise<http.Server> {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const file = options.data && url.pathname.startsWith('/data/')
      ? resolve(path.resolve(options.data), url.pathname.slice('/data'.length))
      : resolve(root, url.pathname);
    if (!file || req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(file ? 405 : 404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(file ? 'Method not allowed' : 'Not found');
      return;
    }
    const accepts = String(req.headers['accept-encoding'] ?? '');
    // Brotli where the build made a copy (the app's hashed files, DuckDB's wasm among them), else gzip.
    const encoding = /\bbr\b/.test(accepts) && existsSync(`${file}.br`) ? 'br' : /\bgzip\b/.test(accepts) && existsSync(`${file}.gz`) ? 'gzip' : null;
    const sent = encoding ? `${file}.${encoding === 'br' ? 'br' : 'gz'}` : file;
    const headers: Record<string, string | number> = {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Cache-Control': IMMUTABLE.test(url.pathname) ? 'public, max-age=31536000, immutable' : 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      Vary: 'Accept-Encoding',
      'Content-Length': statSync(sent).size,
    };
    if (encoding) headers['Content-Encoding'] = encoding;
    if (path.extname(file) === '.html') headers['Content-Security-Policy'] = pageCsp(readFileSync(file, 'utf8'));
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else createReadStream(sent).pipe(res);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok(server));
  });
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Ingests each CSV that lands in `dataDir`/incoming into `extracts` and publishes the result to
 * `served`. The work runs in a child process (pipelines/incoming.ts), one at a time: parsing a
 * large file takes seconds that would otherwise stall every request this server answers.
 */
export function watchIncoming(dataDir: string, extracts: string, served: string, log = console.log, options: { settleMs?: number } = {}): () => void {
  const incoming = path.join(dataDir, 'incoming');
  mkdirSync(incoming, { recursive: true });
  let timer: NodeJS.Timeout | undefined;
  let running: ChildProcess | null = null;
  let again = false;
  let stopped = false;
  const hasCsv = () => readdirSync(incoming).some((f) => f.toLowerCase().endsWith('.csv'));
  const run = () => {
    if (running) {
      again = true; // a file landed or grew meanwhile: look again when this pass ends
      return;
    }
    if (!hasCsv()) return; // the event was a file leaving, or a name the drop folder ignores
    const args = ['pipelines/run.mjs', 'pipelines/incoming.ts', '--data', path.resolve(dataDir), '--out', path.resolve(extracts), '--publish', path.resolve(served)];
    if (options.settleMs !== undefined) args.push('--settle-ms', String(options.settleMs));
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    running = child;
    createInterface({ input: child.stdout! }).on('line', log);
    createInterface({ input: child.stderr! }).on('line', (line) => log(`drop folder: ${line}`));
    child.on('close', (code, signal) => {
      running = null;
      if (stopped) return;
      if (code !== 0) log(`drop folder: the ingest stopped (${signal ?? `exit code ${code}`}); the extracts are as they were before it.`);
      if (again) {
        again = false;
        schedule();
      }
    });
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  };
  const watcher = watch(incoming, schedule);
  if (hasCsv()) schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
    watcher.close();
    running?.kill();
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.PORT ?? 4173);
  const dir = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'build';
  await serve(dir, port);
  console.log(`BCF outcomes dashboard: http://localhost:${port}/`);
  if (process.argv.includes('--watch-incoming')) {
    watchIncoming('data', privateExtracts(), path.join(dir, 'data'));
    console.log('Watching data/incoming/ for new CSV files.');
  }
}
