// npm run build's last step: writes a gzip copy beside every compressible file of the build, so
// any static server (ours, nginx gzip_static, IIS) can send the 34 MB DuckDB wasm as ~8 MB.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const COMPRESSIBLE = new Set(['.js', '.css', '.html', '.wasm', '.arrow', '.json', '.svg', '.csv']);

export function precompress(dir: string): { files: number; before: number; after: number } {
  let files = 0, before = 0, after = 0;
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const file = path.join(dir, entry);
    if (!COMPRESSIBLE.has(path.extname(file)) || !statSync(file).isFile()) continue;
    const bytes = readFileSync(file);
    if (bytes.byteLength < 1024) continue;
    const gz = gzipSync(bytes, { level: 9 });
    writeFileSync(`${file}.gz`, gz);
    files++;
    before += bytes.byteLength;
    after += gz.byteLength;
  }
  return { files, before, after };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? 'build';
  const r = precompress(dir);
  console.log(`Precompressed ${r.files} files in ${dir}/: ${(r.before / 1e6).toFixed(1)} MB → ${(r.after / 1e6).toFixed(1)} MB gzip`);
}
