// npm run build: prepares and publishes the data set data/settings.json chooses (site-data.ts),
// then builds the static site from what was published, and precompresses it. Every prerendered
// page and the served extracts come from that one publication.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { precompress } from './precompress';
import { PUBLISHED_DIR } from './settings';
import { prepareSiteData } from './site-data';

export interface BuildOptions {
  /** Prerender per-area embeds and board packs for these area codes only (default: every area). */
  prerenderAreas?: string[];
  /** Brotli quality of the app's compressed copies (default the highest; `BCF_BROTLI_QUALITY` for `npm run build`). */
  brotliQuality?: number;
}

/**
 * Builds the site into `out` from the published extracts in `published`. Each output folder has
 * its own SvelteKit working folder, so several sites can be built at once (the e2e set-up does).
 */
export async function buildSite(published = PUBLISHED_DIR, out = 'build', log: ((line: string) => void) | null = console.log, options: BuildOptions = {}): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env, BCF_PUBLISHED_DIR: published, BCF_BUILD_DIR: out };
  if (path.resolve(out) !== path.resolve('build')) env.BCF_KIT_DIR = `.svelte-kit-${path.basename(out)}`;
  // The site serves static/ as it is; one built from another publication serves that one instead.
  const assets = path.resolve(published) !== path.resolve(PUBLISHED_DIR) ? mkdtempSync(path.join(os.tmpdir(), 'bcf-assets-')) : null;
  if (assets) {
    cpSync('static', assets, { recursive: true, filter: (from) => path.resolve(from) !== path.resolve(PUBLISHED_DIR) });
    cpSync(published, path.join(assets, 'data'), { recursive: true });
    env.BCF_ASSETS_DIR = assets;
  }
  if (options.prerenderAreas) env.BCF_PRERENDER_AREAS = options.prerenderAreas.join(',');
  try {
    await viteBuild(env, log !== null);
  } finally {
    if (assets) rmSync(assets, { recursive: true, force: true });
  }
  const r = precompress(out, options.brotliQuality);
  log?.(`Precompressed ${r.files} files in ${out}/: ${(r.before / 1e6).toFixed(1)} MB → ${(r.after / 1e6).toFixed(1)} MB gzip (the app's ${(r.brotli / 1e6).toFixed(1)} MB brotli)`);
}

/** `vite build` in a child process (so builds can overlap), its output shown or kept for an error. */
function viteBuild(env: NodeJS.ProcessEnv, show: boolean): Promise<void> {
  return new Promise((done, fail) => {
    // Always the production bundle readers get: a NODE_ENV inherited from the caller (vitest's
    // "test", when the end-to-end set-up builds the test sites) made Vite build the development
    // one, with Svelte's and SvelteKit's development checks and warnings in it.
    const child = spawn('npx', ['vite', 'build'], { env: { ...env, NODE_ENV: 'production' }, stdio: show ? 'inherit' : ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-8000)));
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`vite build failed (exit ${code}): ${errors}`))));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await prepareSiteData();
    await buildSite(PUBLISHED_DIR, 'build', console.log, { brotliQuality: process.env.BCF_BROTLI_QUALITY ? Number(process.env.BCF_BROTLI_QUALITY) : undefined });
    console.log('Built the site into build/. Serve it with `npm run serve` (or any static web server: see README).');
  } catch (e) {
    console.error(`The build failed: ${(e as Error).message}`);
    process.exit(1);
  }
}
