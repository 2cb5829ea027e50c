// The real national published files a data team would load (kept outside the repository, in
// ../shared/data/real or BCF_REAL_DATA), and the site built from them alone: used by the
// real-data end-to-end tests and by the benchmark of a national-size build.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SETTINGS, type Settings } from '../src/lib/contract/settings';
import { buildSite, type BuildOptions } from './build';
import { ingest } from './ingest';
import { publish } from './publish';

/** Every English council's populations, ASCOF 2020-21 and DToC 2011–2019 (compiled and monthly sheets). */
export function nationalFiles(dir: string): string[] {
  return [
    'ons/ons-mye-mid2018-persons-single-year-of-age.csv',
    'ons/ons-mye-mid2020-persons-single-year-of-age.csv',
    'ascof/ascof-2020-21-measures.csv',
    'nhse-dtoc-compiled/dtoc-la-responsible-org-2011-04-to-2019-12.csv',
    ...readdirSync(path.join(dir, 'nhse-dtoc-monthly')).filter((f) => f.endsWith('by-responsible-org.csv')).map((f) => `nhse-dtoc-monthly/${f}`),
  ].map((f) => path.join(dir, f));
}

/** Ingests files into fresh private extracts, publishes them and builds a site into `site`, timing each step (ms). */
export async function buildSiteFromFiles(files: string[], site: string, settings: Settings, log: ((line: string) => void) | null = null, options: BuildOptions = {}) {
  // The extracts and publication are the site's inputs only: the site keeps its own copy.
  const work = mkdtempSync(path.join(os.tmpdir(), 'bcf-site-'));
  try {
    const [extracts, published] = [path.join(work, 'extracts'), path.join(work, 'published')];
    const t0 = performance.now();
    const outcome = await ingest(files, { out: extracts, fresh: true, allowRejects: true, log: () => {} });
    if (!outcome.written) throw new Error(`extracts not written: ${outcome.errors.length} problem(s)`);
    const t1 = performance.now();
    const manifest = await publish(extracts, published, settings);
    const t2 = performance.now();
    await buildSite(published, site, log, options);
    const t3 = performance.now();
    return { ingestMs: t1 - t0, publishMs: t2 - t1, buildMs: t3 - t2, observations: manifest.extracts.observations.rows, rejected: outcome.errors.length };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The site a data team builds from the national files alone. */
export const buildNationalSite = (dir: string, site: string, log: ((line: string) => void) | null = null, options: BuildOptions = {}) =>
  buildSiteFromFiles(nationalFiles(dir), site, { ...DEFAULT_SETTINGS, data_set: 'own' }, log, options);
