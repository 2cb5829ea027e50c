// Builds the site on the demo data exactly as `npm start` does, and serves it for the browser tests;
// with the real published files at hand, builds a second site from them alone, as a data team would.
import { execSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SETTINGS } from '../../src/lib/contract/settings';
import { buildSite } from '../../pipelines/build';
import { ingest } from '../../pipelines/ingest';
import { publish } from '../../pipelines/publish';
import { serve } from '../../pipelines/serve';
import { REAL_DATA_DIR, hasRealData } from '../helpers/real-data';

/** Populations first (they name the areas and give DToC its denominators), then the measures. */
const REAL_FILES = hasRealData
  ? [
      'ons/ons-mye-mid2018-persons-single-year-of-age.csv',
      'ons/ons-mye-mid2020-persons-single-year-of-age.csv',
      'ascof/ascof-2020-21-measures.csv',
      'nhse-dtoc-compiled/dtoc-la-responsible-org-2011-04-to-2019-12.csv',
      ...readdirSync(path.join(REAL_DATA_DIR, 'nhse-dtoc-monthly')).filter((f) => f.endsWith('by-responsible-org.csv')).map((f) => `nhse-dtoc-monthly/${f}`),
    ]
  : [];

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The same build serving extracts ingested from the real published files; '' without them. */
    realUrl: string;
  }
}

/** BCF_E2E_REUSE=1 serves the sites an earlier run built (build/, build-real/), for quick reruns while working. */
const reuse = (dir: string) => process.env.BCF_E2E_REUSE === '1' && existsSync(path.join(dir, 'index.html'));

export default async function setup(project: TestProject) {
  if (!reuse('build')) execSync('npm run --silent build', { stdio: 'pipe' });
  const server = await serve('build', 0);
  project.provide('baseUrl', `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const servers = [server];
  if (hasRealData) {
    const site = 'build-real';
    if (!reuse(site)) {
      const work = mkdtempSync(path.join(os.tmpdir(), 'bcf-real-'));
      const [extracts, published] = [path.join(work, 'extracts'), path.join(work, 'published')];
      const outcome = ingest(REAL_FILES.map((f) => path.join(REAL_DATA_DIR, f)), { out: extracts, fresh: true, allowRejects: true });
      if (!outcome.written) throw new Error(`real extracts not written: ${outcome.errors.length} problem(s)`);
      await publish(extracts, published, { ...DEFAULT_SETTINGS, data_set: 'own' });
      buildSite(published, site, null);
    }
    const real = await serve(site, 0);
    servers.push(real);
    project.provide('realUrl', `http://127.0.0.1:${(real.address() as AddressInfo).port}`);
  } else project.provide('realUrl', '');
  return () => Promise.all(servers.map((s) => new Promise<void>((done) => s.close(() => done())))).then(() => undefined);
}
