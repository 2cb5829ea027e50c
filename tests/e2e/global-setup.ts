// Builds the site on the demo data exactly as `npm start` does, and serves it for the browser tests;
// a small site from a data team's own files with a metric of its own definition; and with the real
// published files at hand, a site from them alone, as a data team would.
import { execSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { existsSync } from 'node:fs';
import path from 'node:path';
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

/** BCF_E2E_REUSE=1 serves the sites an earlier run built (build/, build-real/), for quick reruns while working. */
const reuse = (dir: string) => process.env.BCF_E2E_REUSE === '1' && existsSync(path.join(dir, 'index.html'));

export default async function setup(project: TestProject) {
  if (!reuse('build')) execSync('npm run --silent build', { stdio: 'pipe' });
  const server = await serve('build', 0);
  project.provide('baseUrl', `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const servers = [server];
  const own = 'build-own';
  if (!reuse(own)) {
    const fixture = path.resolve('tests/fixtures/own-metric');
    const settings = { ...DEFAULT_SETTINGS, data_set: 'own' as const, title: 'Own-data test site', home_area: 'E06000006' };
    await buildSiteFromFiles(['definitions.csv', 'observations.csv'].map((f) => path.join(fixture, f)), own, settings);
  }
  const ownServer = await serve(own, 0);
  servers.push(ownServer);
  project.provide('ownUrl', `http://127.0.0.1:${(ownServer.address() as AddressInfo).port}`);
  if (hasRealData) {
    const site = 'build-real';
    // Every page of it is built as a data team's would be, but the per-area embeds and board packs
    // only for the council the tests read (County Durham): the other 1,900 took three minutes of
    // CI for nothing the tests look at. `npm run bench -- --only build` times the full build.
    if (!reuse(site)) {
      process.env.BCF_PRERENDER_AREAS = 'E06000047';
      await buildNationalSite(REAL_DATA_DIR, site).finally(() => delete process.env.BCF_PRERENDER_AREAS);
    }
    const real = await serve(site, 0);
    servers.push(real);
    project.provide('realUrl', `http://127.0.0.1:${(real.address() as AddressInfo).port}`);
  } else project.provide('realUrl', '');
  return () => Promise.all(servers.map((s) => new Promise<void>((done) => s.close(() => done())))).then(() => undefined);
}
