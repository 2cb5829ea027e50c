// Builds the site on the demo data exactly as `npm start` does, and serves it for the browser tests.
import { execSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ingest } from '../../pipelines/ingest';
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

export default async function setup(project: TestProject) {
  execSync('npm run --silent demo-data && npm run --silent ingest && npm run --silent build', { stdio: 'pipe' });
  const server = await serve('build', 0);
  project.provide('baseUrl', `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const servers = [server];
  if (hasRealData) {
    const extracts = mkdtempSync(path.join(os.tmpdir(), 'bcf-real-'));
    const outcome = ingest(REAL_FILES.map((f) => path.join(REAL_DATA_DIR, f)), { out: extracts, fresh: true, allowRejects: true });
    if (!outcome.written) throw new Error(`real extracts not written: ${outcome.errors.length} problem(s)`);
    const real = await serve('build', 0, { data: extracts });
    servers.push(real);
    project.provide('realUrl', `http://127.0.0.1:${(real.address() as AddressInfo).port}`);
  } else project.provide('realUrl', '');
  return () => Promise.all(servers.map((s) => new Promise<void>((done) => s.close(() => done())))).then(() => undefined);
}
