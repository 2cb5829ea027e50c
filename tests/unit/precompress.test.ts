// The build's compressed copies and how the server picks one: brotli for the app's hashed files
// (DuckDB's wasm among them) where the browser accepts it, gzip otherwise, and never a brotli copy
// beside a file that can change under the same name.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp';

const work = tempDir('bcf-precompress-');
process.env.BCF_BROTLI_CACHE = path.join(work, 'cache');
const { precompress } = await import('../../pipelines/precompress');
const { serve } = await import('../../pipelines/serve');

const site = path.join(work, 'site');
const app = 'x'.repeat(4000) + 'const engine = 1;\n'.repeat(500);
const manifest = JSON.stringify({ built_at: '2026-11-29', pad: 'y'.repeat(2000) });

function get(server: http.Server, url: string, acceptEncoding: string): Promise<{ encoding: string | undefined; body: Buffer }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((ok, fail) => {
    http.get({ host: '127.0.0.1', port, path: url, headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
    }).on('error', fail);
  });
}

describe('precompressed copies', () => {
  let server: http.Server;
  beforeAll(async () => {
    mkdirSync(path.join(site, '_app/immutable/assets'), { recursive: true });
    mkdirSync(path.join(site, 'data'), { recursive: true });
    writeFileSync(path.join(site, '_app/immutable/assets/engine.abc123.js'), app);
    writeFileSync(path.join(site, 'data/manifest.json'), manifest);
    precompress(site);
    server = await serve(site, 0);
  });
  afterAll(() => server.close());

  it('sends the brotli copy of an app file to a browser that accepts brotli, gzip to one that accepts only gzip', async () => {
    const br = await get(server, '/_app/immutable/assets/engine.abc123.js', 'gzip, deflate, br, zstd');
    expect(br.encoding).toBe('br');
    expect(brotliDecompressSync(br.body).toString()).toBe(app);
    const gz = await get(server, '/_app/immutable/assets/engine.abc123.js', 'gzip, deflate');
    expect(gz.encoding).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(app);
    const plain = await get(server, '/_app/immutable/assets/engine.abc123.js', 'identity');
    expect(plain.encoding).toBeUndefined();
    expect(plain.body.toString()).toBe(app);
  });

  it('makes no brotli copy of the manifest, which a drop folder rewrites (with its gzip copy) under the same name', async () => {
    expect(existsSync(path.join(site, 'data/manifest.json.br'))).toBe(false);
    const r = await get(server, '/data/manifest.json', 'gzip, deflate, br');
    expect(r.encoding).toBe('gzip');
    expect(gunzipSync(r.body).toString()).toBe(manifest);
  });

  it('compresses a file once: the next build reuses the copy kept under its content hash', () => {
    const [cached] = readdirSync(process.env.BCF_BROTLI_CACHE!);
    // A stand-in for the cached copy: if the build compressed again, the site would not get it.
    writeFileSync(path.join(process.env.BCF_BROTLI_CACHE!, cached!), 'from the cache');
    precompress(site);
    expect(readFileSync(path.join(site, '_app/immutable/assets/engine.abc123.js.br'), 'utf8')).toBe('from the cache');
  });

  it('keeps a quicker, lower-quality copy apart: it never stands in for the highest, nor the highest for it', () => {
    const file = path.join(site, '_app/immutable/assets/engine.abc123.js.br');
    precompress(site, 5);
    expect(brotliDecompressSync(readFileSync(file)).toString()).toBe(app);
    expect(readdirSync(process.env.BCF_BROTLI_CACHE!)).toHaveLength(2);
    precompress(site);
    expect(readFileSync(file, 'utf8')).toBe('from the cache');
  });

  it('refuses a quality brotli does not have, naming it', () => {
    expect(() => precompress(site, 12)).toThrow('brotli quality must be a whole number from 0 to 11, not 12');
  });
});
