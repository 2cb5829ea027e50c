// npm run build's last step: writes a gzip copy beside every compressible file of the build, so
// any static server (ours, nginx gzip_static, IIS) can send the 34 MB DuckDB wasm as ~8 MB; and,
// beside the files whose names carry their content's hash (the app and DuckDB, `_app/immutable/`),
// a brotli copy too (the wasm ~5 MB). Brotli at its highest level takes about a minute for the wasm,
// so each copy is kept in a cache by the content's hash and made once per machine, not per build.
// A lower quality (the test sites' 5: what they check is that brotli is served, not its size) is
// quick and cached under its own name, so it never stands in for the highest.
// Files that change without changing name (the manifest, pages, the extracts a drop folder
// republishes with gzip only) get no brotli copy, which could otherwise go stale beside them.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = new Set(['.js', '.css', '.html', '.wasm', '.arrow', '.json', '.svg', '.csv']);
const IMMUTABLE = `${path.sep}_app${path.sep}immutable${path.sep}`;
export const BROTLI_CACHE = process.env.BCF_BROTLI_CACHE ?? path.resolve('node_modules/.cache/bcf-brotli');

export const BROTLI_BEST = constants.BROTLI_MAX_QUALITY;

/** The brotli copy of `bytes`, from the cache when made before. */
function brotli(bytes: Buffer, quality: number): Buffer {
  const hash = createHash('sha256').update(bytes).digest('hex');
  const cached = path.join(BROTLI_CACHE, quality === BROTLI_BEST ? `${hash}.br` : `${hash}.q${quality}.br`);
  if (existsSync(cached)) return readFileSync(cached);
  const br = brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength, [constants.BROTLI_PARAM_LGWIN]: 24 },
  });
  mkdirSync(BROTLI_CACHE, { recursive: true });
  // By rename, so a build stopped half-way leaves no truncated copy for the next to reuse.
  writeFileSync(`${cached}.${process.pid}.tmp`, br);
  renameSync(`${cached}.${process.pid}.tmp`, cached);
  return br;
}

export function precompress(dir: string, brotliQuality = BROTLI_BEST): { files: number; before: number; after: number; brotli: number } {
  if (!Number.isInteger(brotliQuality) || brotliQuality < 0 || brotliQuality > BROTLI_BEST) throw new Error(`brotli quality must be a whole number from 0 to ${BROTLI_BEST}, not ${brotliQuality}`);
  let files = 0, before = 0, after = 0, brotliBytes = 0;
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
    if (path.resolve(file).includes(IMMUTABLE)) {
      const br = brotli(bytes, brotliQuality);
      writeFileSync(`${file}.br`, br);
      brotliBytes += br.byteLength;
    }
  }
  return { files, before, after, brotli: brotliBytes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? 'build';
  const r = precompress(dir);
  console.log(`Precompressed ${r.files} files in ${dir}/: ${(r.before / 1e6).toFixed(1)} MB → ${(r.after / 1e6).toFixed(1)} MB gzip (the app's ${(r.brotli / 1e6).toFixed(1)} MB brotli)`);
}
