// A data team drops a CSV into the folder while the dashboard runs: it is ingested within
// seconds and an open page shows it without being reloaded.
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serve, watchIncoming } from '../../pipelines/serve';
import { chartsReady, useBrowser } from './browser';
import { tempDir } from '../helpers/temp';

const browser = useBrowser();

describe('the drop folder while the dashboard runs', () => {
  it('ingests a dropped file and the open overview shows the new figure', async () => {
    const work = tempDir('bcf-drop-e2e-');
    const [data, extracts, served] = ['data', 'extracts', 'served'].map((d) => path.join(work, d)) as [string, string, string];
    mkdirSync(data);
    // The private extracts folder is a link to its current version: copy what it points at.
    cpSync('data/extracts', extracts, { recursive: true, dereference: true });
    cpSync('static/data', served, { recursive: true });
    const server = await serve('build', 0, { data: served });
    const stop = watchIncoming(data, extracts, served, () => {});
    try {
      const page = await browser().newPage();
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/?area=E06000006`);
      await chartsReady(page, 6);
      const value = page.locator('article[data-metric="ascof_2a2"] [data-value]');
      const before = await value.textContent();
      // A revised 2023-24 figure for Halton: 99 admissions of 25,379 people aged 65+ = 390.1.
      writeFileSync(
        path.join(data, 'incoming', 'halton-revision.csv'),
        'metric,area_code,period_start,period_type,breakdown,numerator,denominator,published_value,suppressed\nascof_2a2,E06000006,2023-04-01,financial_year,total,99,25379,,false\n',
      );
      // The file settles for five seconds, then a separate process ingests it and publishes.
      await expect.poll(() => value.textContent(), { timeout: 45_000, interval: 500 }).toBe('390.1');
      expect(before).not.toBe('390.1');
      // The overview's first view was drawn at build time: it says newer data have been published since.
      expect(await page.locator('p.stale').textContent()).toMatch(/^\s*Newer data were published on .*, after this page was built/);
      expect(readdirSync(path.join(data, 'ingested')).some((f) => f.endsWith('_halton-revision.csv.report.txt'))).toBe(true);
      expect(existsSync(path.join(data, 'incoming', 'halton-revision.csv'))).toBe(false);
    } finally {
      stop();
      server.close();
    }
  }, 90_000);
});
