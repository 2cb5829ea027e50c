// Builds the site on the demo data as `npm start` does (its per-area embeds and board packs for the
// areas the tests open), and serves it for the browser tests;
// a small site from a data team's own files with a metric of its own definition; and with the real
// published files at hand, a site from them alone, as a data team would.
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_SETTINGS } from '../../src/lib/contract/settings';
import { buildNationalSite, buildSiteFromFiles } from '../../pipelines/national';
import { serve } from '../../pipelines/serve';
import { REAL_DATA_DIR, hasRealData } from '../helpers/real-data';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The site built from the real published files alone; '' without them. */
    realUrl: string;
    /** A site built from a data team's own small data set, with a metric of its own definition. */
    ownUrl: string;
  }
}

// With a year of its own records' counts (emergency admissions 65+, 2024-25, every place of Cheshire and
// Merseyside and three hubs of Halton), which England's figures do not reach: compared with the ICB.
const OWN_FILES = ['definitions.csv', 'observations.csv', 'hubs.csv', 'records-2024-25.csv'].map((f) => path.resolve('tests/fixtures/own-metric', f));
const OWN_SETTINGS = { ...DEFAULT_SETTINGS, data_set: 'own' as const, title: 'Own-data test site', home_area: 'E06000006' };

/** Halton, Rochdale and one of its hubs, Bury and Wirral: every area whose embed or board pack a test opens. */
const DEMO_PRERENDERED = ['E06000006', 'E08000005', 'E08000005-N5', 'E08000002', 'E08000015'];

/** Brotli copies at quality 5, not the highest: the tests check that brotli is served, not its size,
 * and the highest took 85 processor-seconds for each of DuckDB's two wasm files on a fresh machine. */
const BROTLI_QUALITY = 5;

/** BCF_E2E_REUSE=1 serves the sites an earlier run built (build/, build-own/, build-real/), for quick reruns while working. */
const reuse = (dir: string) => process.env.BCF_E2E_REUSE === '1' && existsSync(path.join(dir, 'index.html'));

export default async function setup(project: TestProject) {
  // The three sites are built at once: each build waits on its own vite child much of the time.
  const own = 'build-own';
  const real = 'build-real';
  const started = performance.now();
  await Promise.all([
    // The demo's embeds and board packs only for the areas the tests open (a minute instead of four
    // here): the other areas' are the same pages over the same published extract.
    reuse('build') ? null : promisify(execFile)('npm', ['run', '--silent', 'build'], { maxBuffer: 64 << 20, env: { ...process.env, BCF_PRERENDER_AREAS: DEMO_PRERENDERED.join(','), BCF_BROTLI_QUALITY: String(BROTLI_QUALITY) } }),
    reuse(own) ? null : buildSiteFromFiles(OWN_FILES, own, OWN_SETTINGS, null, { brotliQuality: BROTLI_QUALITY }),
    // Every page of it is built as a data team's would be, but the per-area embeds and board packs
    // only for the council the tests read (County Durham): the other 1,900 took three minutes of
    // CI for nothing the tests look at. `npm run bench -- --only build` times the full build.
    !hasRealData || reuse(real) ? null : buildNationalSite(REAL_DATA_DIR, real, null, { prerenderAreas: ['E06000047'], brotliQuality: BROTLI_QUALITY }),
  ]);
  // Printed so that a CI log shows what the set-up took apart from the tests.
  console.log(`End-to-end set-up: the test sites built in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const servers = await Promise.all(['build', own, ...(hasRealData ? [real] : [])].map((dir) => serve(dir, 0)));
  const url = (i: number) => `http://127.0.0.1:${(servers[i]!.address() as AddressInfo).port}`;
  project.provide('baseUrl', url(0));
  project.provide('ownUrl', url(1));
  project.provide('realUrl', hasRealData ? url(2) : '');
  return () => Promise.all(servers.map((s) => new Promise<void>((done) => s.close(() => done())))).then(() => undefined);
}
