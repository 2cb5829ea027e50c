// The upload page reads a canonical observations file with its own DuckDB (no read worker), and
// every other layout in its worker, as before. A file read by DuckDB, bad rows and all, gets the
// report the pipeline gives (tests/bad-files/expected.ts), keeps the rows the JavaScript reader
// would keep, and a refused file loses nothing already added, before or after a reload.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { builtinDefinitions } from '../../pipelines/definitions';
import { fromArrowIpc } from '../../src/lib/contract/arrow';
import { decodeText } from '../../src/lib/contract/decode';
import { metricsFromRows } from '../../src/lib/definitions';
import { readText } from '../../src/lib/upload/read-file';
import { BAD_FILES } from '../bad-files/expected';
import { addUpload, baseUrl, storedObservations, useBrowser } from './browser';
import { areas } from './expected';

const DIR = fileURLToPath(new URL('../bad-files/', import.meta.url));
const browser = useBrowser();

/** Chooses a file and waits for its report; the read workers the page started meanwhile. */
async function choose(page: Page, file: string, workers: string[]): Promise<{ errors: string[]; rejected: number; workers: string[] }> {
  const before = workers.length;
  await page.setInputFiles('#file-input', path.join(DIR, file));
  await page.waitForFunction((name) => document.querySelector('#report-heading')?.textContent === `Report on ${name}`, file, { timeout: 45_000 });
  const report = page.locator('[data-report]');
  return {
    errors: await report.locator('ul[data-errors] li').allTextContents(),
    rejected: Number(await report.locator('[data-count="rejected"]').textContent()),
    workers: workers.slice(before).filter((url) => url.includes('read.worker')),
  };
}


describe('upload page, canonical observations read by DuckDB', () => {
  it('reads them without the worker, with the pipeline\'s refusals; other layouts still in the worker; a refused file loses nothing added', async () => {
    const context = await browser().newContext();
    const page = await context.newPage();
    const workers: string[] = [];
    const problems: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() !== 'log' && m.type() !== 'info' && m.type() !== 'debug' && !m.text().includes('preloaded') && problems.push(`${m.type()}: ${m.text()}`));
    await page.goto(`${baseUrl()}/upload`);
    await page.waitForSelector('.provenance');

    // Bad rows of every kind DuckDB's reading hands to the JavaScript checks: the same messages.
    for (const file of ['unknown-area-code.csv', 'impossible-date.csv', 'negative-count.csv', 'duplicated-key.csv']) {
      const entry = BAD_FILES.find((e) => e.file === file)!;
      const shown = await choose(page, file, workers);
      expect({ file, ...shown }).toEqual({ file, errors: entry.errors.slice(0, 10), rejected: entry.rejected, workers: [] });
      await page.getByRole('button', { name: 'Discard' }).click();
    }
    // A published layout is read by the worker, as before.
    expect((await choose(page, 'ascof-2020-21-percent-sign.csv', workers)).workers).toHaveLength(1);
    await page.getByRole('button', { name: 'Discard' }).click();

    // Added from DuckDB: the rows the JavaScript reader keeps, as it keeps them.
    expect((await choose(page, 'bom-and-crlf.csv', workers)).workers).toEqual([]);
    await addUpload(page, null, 'bom-and-crlf.csv');
    const bytes = readFileSync(path.join(DIR, 'bom-and-crlf.csv'));
    const { text, note } = decodeText(new Uint8Array(bytes));
    const js = readText('bom-and-crlf.csv', text, note, areas().map((a) => ({ area_code: a.area_code!, area_name: a.area_name!, area_type: a.area_type as 'place', parent_code: a.parent_code ?? null })), metricsFromRows(builtinDefinitions()));
    const expected = fromArrowIpc('observations', js.ipc.observations);
    expect(expected.map((o) => o.numerator).sort((a, b) => a - b)).toEqual(BAD_FILES.find((e) => e.file === 'bom-and-crlf.csv')!.numerators);
    expect((await storedObservations(page))['bom-and-crlf.csv']).toEqual(expected);

    // A refused file, then a reload: what was added is still there, and only that.
    const refused = await choose(page, 'duplicated-key.csv', workers);
    expect(refused.rejected).toBe(1);
    await page.getByRole('button', { name: 'Discard' }).click();
    await page.reload();
    await page.waitForSelector('table.uploads');
    expect(await page.locator('table.uploads tbody th').allTextContents()).toEqual(['bom-and-crlf.csv']);
    expect(await page.locator('table.uploads tbody td.num').allTextContents()).toEqual(['3']);
    expect(Object.keys(await storedObservations(page))).toEqual(['bom-and-crlf.csv']);
    expect(problems).toEqual([]);
    await context.close();
  });
});
