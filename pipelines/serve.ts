// npm start's last step: serves the static build on http://localhost:4173 (PORT to change), sending
// the precompressed .gz copies when the browser accepts gzip. Used by the tests and benchmark too.
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

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

export function serve(dir: string, port: number): Promise<http.Server> {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const file = resolve(root, url.pathname);
    if (!file || req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(file ? 405 : 404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(file ? 'Method not allowed' : 'Not found');
      return;
    }
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) && existsSync(`${file}.gz`);
    const headers: Record<string, string | number> = {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Cache-Control': url.pathname.includes('/_app/immutable/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      Vary: 'Accept-Encoding',
      'Content-Length': statSync(gzip ? `${file}.gz` : file).size,
    };
    if (gzip) headers['Content-Encoding'] = 'gzip';
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else createReadStream(gzip ? `${file}.gz` : file).pipe(res);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok(server));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.PORT ?? 4173);
  await serve(process.argv[2] ?? 'build', port);
  console.log(`BCF outcomes dashboard: http://localhost:${port}/`);
}
