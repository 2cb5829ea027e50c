// npm run build: prepares and publishes the data set data/settings.json chooses (site-data.ts),
// then builds the static site from what was published, and precompresses it. Every prerendered
// page and the served extracts come from that one publication.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { precompress } from './precompress';
import { PUBLISHED_DIR } from './settings';
import { prepareSiteData } from './site-data';

/** Builds the site into `out` from the published extracts in `published`. */
export function buildSite(published = PUBLISHED_DIR, out = 'build', log: ((line: string) => void) | null = console.log): void {
  execFileSync('npx', ['vite', 'build'], { stdio: log ? 'inherit' : 'pipe', maxBuffer: 64 << 20, env: { ...process.env, BCF_PUBLISHED_DIR: published, BCF_BUILD_DIR: out } });
  // Vite copies static/ as it is; a build from another publication serves that one instead.
  if (path.resolve(published) !== path.resolve(PUBLISHED_DIR)) {
    rmSync(path.join(out, 'data'), { recursive: true, force: true });
    cpSync(published, path.join(out, 'data'), { recursive: true });
  }
  const r = precompress(out);
  log?.(`Precompressed ${r.files} files in ${out}/: ${(r.before / 1e6).toFixed(1)} MB → ${(r.after / 1e6).toFixed(1)} MB gzip (the app's ${(r.brotli / 1e6).toFixed(1)} MB brotli)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await prepareSiteData();
    buildSite();
    console.log('Built the site into build/. Serve it with `npm run serve` (or any static web server: see README).');
  } catch (e) {
    console.error(`The build failed: ${(e as Error).message}`);
    process.exit(1);
  }
}
