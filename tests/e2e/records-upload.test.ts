// Record-level files on the upload page: the hand-made spells and social care events (whose person
// identifiers are unique markers) are chosen together with their hub map, aggregated by the page's
// DuckDB, checked and added; then the markers, and one exact record value, are looked for
// everywhere the page could have put them: IndexedDB, every request it made (URL and body), the
// console, and its HTML. Only the aggregates may be there, and they are the hand-worked figures of
// tests/unit/records.test.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateRecordFiles, recordFile } from '../../pipelines/records';
import { fromArrowIpc } from '../../src/lib/contract/arrow';
import { hubMapCsv } from '../../src/lib/records/hub-map';
import { EXACT_VALUE, H1, HALTON, HUB_MAP, MARKER, UNASSIGNED, writeSet } from '../unit/records-fixture';
import { addUpload, baseUrl, useBrowser } from './browser';
import { tempDir } from '../helpers/temp';

const browser = useBrowser();

describe('record-level files dropped on the upload page', () => {
  it('are aggregated in the browser, and only their aggregates are kept: no identifier or record value anywhere', async () => {
    const dir = tempDir('records-upload-');
    const { spells, events } = writeSet(dir);
    const hubMap = path.join(dir, 'hub-map.csv');
    writeFileSync(hubMap, hubMapCsv(HUB_MAP));

    const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const seen: string[] = [];
    const problems: string[] = [];
    page.on('console', (m) => {
      seen.push(`console ${m.type()}: ${m.text()}`);
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    // Requests from the page and its workers alike (DuckDB's included).
    context.on('request', (r) => {
      seen.push(`request: ${r.url()} ${r.postData() ?? ''}`);
      if (!r.url().startsWith(baseUrl()) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) problems.push(`left the site: ${r.url()}`);
    });
    await page.goto(`${baseUrl()}/upload`);
    await page.waitForSelector('.provenance');

    await page.setInputFiles('#file-input', [spells, events, hubMap]);
    await page.waitForFunction(() => document.querySelector('#report-heading') || document.querySelector('p.error[role="alert"]'), null, { timeout: 60_000 });
    expect(await page.locator('p.error[role="alert"]').allTextContents()).toEqual([]);
    const report = page.locator('[data-report]');
    expect(await page.locator('#report-heading').textContent()).toBe('Report on spells.csv + cld.csv');
    expect(await report.locator('[data-layout]').textContent()).toBe(
      'Record-level, aggregated in this browser: hospital inpatient spells (SUS+ Admitted Patient Care, record level); adult social care Client Level Data events (record level)',
    );
    expect(await report.locator('p.note').allTextContents()).toEqual([
      'Note: Hubs from hub-map.csv: 3 hubs of 2 places.',
      'Note: spells.csv: Record-level file (hospital inpatient spells (SUS+ Admitted Patient Care, record level)): 21 rows read by DuckDB and aggregated; the records themselves are not kept.',
      'Note: spells.csv: The spells cover the months Apr 2023 to Mar 2024 whole (the days both their admission and discharge dates reach): figures are given only for the months, quarters and years covered whole, since a period covered in part would be counted short. Left out as covered in part: Apr 2024.',
      'Note: spells.csv: 9 rows are of residents of councils the hub map does not name: not counted.',
      'Note: spells.csv: Rows counted in a place\'s "unassigned" hub: 1 with the practice in another place, 2 with the practice missing, 1 with the practice not in the hub map.',
      'Note: cld.csv: Record-level file (adult social care Client Level Data events (record level)): 21 rows read by DuckDB and aggregated; the records themselves are not kept.',
      'Note: cld.csv: The events cover the months Apr 2023 to Mar 2024 whole (the days both their start and end dates reach): figures are given only for the months, quarters and years covered whole, since a period covered in part would be counted short. Left out as covered in part: 2021-22, Q4 2021-22.',
      'Note: cld.csv: 8 rows are of residents of councils the hub map does not name: not counted.',
      'Note: cld.csv: Rows counted in a place\'s "unassigned" hub: 1 with the practice missing.',
    ]);
    // The refused row is named by file, row and column, never by what it held.
    expect(await report.locator('ul[data-errors] li').allTextContents()).toEqual([
      'cld.csv, row 17, column "Event_Start_Date": is not a date (dd/mm/yyyy without a time: the form of the first dates in the file); the row was not counted',
    ]);
    expect(Number(await report.locator('[data-count="rejected"]').textContent())).toBe(1);
    // As many aggregated rows as the pipeline makes of the same files: new ones, and the demo's
    // own Halton and Warrington figures they revise.
    const pipeline = await aggregateRecordFiles([recordFile(spells)!, recordFile(events)!], HUB_MAP);
    const count = async (name: string) => Number(await report.locator(`[data-count="${name}"]`).textContent());
    const [accepted, revised, unchanged] = [await count('accepted'), await count('revised'), await count('unchanged')];
    expect(accepted + revised + unchanged).toBe(pipeline.observations.length);
    const add = report.getByRole('button', { name: /^Add / });
    // The aggregated rows, the five hubs (three mapped, two places' unassigned), no population or target.
    expect(await add.textContent()).toBe(`Add ${accepted + revised + 5} rows to the dashboard (leaving out 1 rejected)`);
    expect(await page.content()).not.toContain(MARKER);
    await addUpload(page, null, 'spells.csv + cld.csv');
    // Built while the report was read, the build is kept for the next page load once the page has
    // drawn it (db/data.svelte.ts showAdopted): searched once it is.
    await page.waitForFunction(() => performance.getEntriesByName('bcf:metric-values-kept').length > 0, null, { timeout: 60_000 });

    // Everything this browser keeps, read back from IndexedDB.
    const stored = await page.evaluate(
      () =>
        new Promise<{ text: string; observations: number[]; areas: number[] }[]>((done, fail) => {
          const req = indexedDB.open('bcf-dashboard', 1);
          req.onsuccess = () => {
            const get = req.result.transaction('uploads').objectStore('uploads').getAll();
            get.onsuccess = () =>
              done(
                get.result.map((u) => ({
                  // Every byte of the upload, Arrow included, as text to search.
                  text: JSON.stringify(u, (_, v) => (v instanceof Uint8Array ? new TextDecoder('latin1').decode(v) : v)),
                  observations: [...u.ipc.observations],
                  areas: [...u.ipc.areas],
                })),
              );
            get.onerror = () => fail(get.error);
          };
          req.onerror = () => fail(req.error);
        }),
    );
    expect(stored).toHaveLength(1);
    const observations = fromArrowIpc('observations', new Uint8Array(stored[0]!.observations));
    expect(observations).toHaveLength(pipeline.observations.length);
    const value = (area: string, metric: string, periodType: string, period: string, breakdown = 'total') =>
      observations
        .filter((o) => o.area_code === area && o.metric === metric && o.period_type === periodType && o.period_start === period && o.breakdown === breakdown)
        .map((o) => [o.numerator, o.denominator]);
    // Hand-worked in tests/unit/records.test.ts.
    expect(value(HALTON, 'emergency_admissions_65', 'quarter', '2023-10-01')).toEqual([[4, null]]);
    expect(value(HALTON, 'emergency_admissions_65', 'quarter', '2024-01-01')).toEqual([[3, null]]);
    expect(value(HALTON, 'ascof_2b1', 'financial_year', '2023-04-01')).toEqual([[1, 3]]);
    expect(value(HALTON, 'discharge_delay', 'month', '2023-11-01')).toEqual([[3, 2]]);
    expect(value(HALTON, 'falls_65', 'quarter', '2023-10-01', '90+')).toEqual([[1, null]]);
    expect(fromArrowIpc('areas', new Uint8Array(stored[0]!.areas)).map((a) => a.area_code)).toEqual([UNASSIGNED, H1, 'U22222', 'E06000007-UNASSIGNED', 'U33333']);

    // metric_values as built from the upload and suppressed, kept for the next page load: its
    // tables' bytes (Blobs) as text to search too.
    const kept = await page.evaluate(
      () =>
        new Promise<string>((done, fail) => {
          const req = indexedDB.open('bcf-dashboard-suppression', 1);
          req.onupgradeneeded = () => req.result.createObjectStore('hidden', { keyPath: 'id' });
          req.onsuccess = () => {
            const get = req.result.transaction('hidden').objectStore('hidden').getAll();
            get.onsuccess = async () => {
              const blobs: Blob[] = [];
              const text = JSON.stringify(get.result, (_, v) => (v instanceof Blob ? (blobs.push(v), `blob ${blobs.length - 1}`) : ArrayBuffer.isView(v) ? [...new Uint8Array(v.buffer)].join(',') : v));
              const bytes = await Promise.all(blobs.map(async (b) => new TextDecoder('latin1').decode(await b.arrayBuffer())));
              done([text, ...bytes].join('\n'));
            };
            get.onerror = () => fail(get.error);
          };
          req.onerror = () => fail(req.error);
        }),
    );

    // The stored bytes are searchable text: the hub codes in the Arrow tables are found there.
    expect(stored[0]!.text).toContain(`${HALTON}-UNASSIGNED`);
    expect(kept).toContain(`${HALTON}-UNASSIGNED`);
    const html = await page.content();
    for (const secret of [MARKER, EXACT_VALUE]) {
      expect(stored[0]!.text).not.toContain(secret);
      expect(kept).not.toContain(secret);
      expect(html).not.toContain(secret);
      expect(seen.filter((s) => s.includes(secret))).toEqual([]);
    }
    expect(seen.some((s) => s.startsWith('request: '))).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('a spells file with one CRLF line in an LF file is refused by its row, which DuckDB-WASM refused with an error of its own', async () => {
    const dir = tempDir('records-upload-mixed-');
    const { spells, events } = writeSet(dir);
    const lines = readFileSync(spells, 'utf8').split('\n');
    // Row 3 ends with CRLF, its last cell (the external cause) not empty: the reader trips on it.
    lines[2] = `${lines[2]}W10\r`;
    writeFileSync(spells, lines.join('\n'));
    const hubMap = path.join(dir, 'hub-map.csv');
    writeFileSync(hubMap, hubMapCsv(HUB_MAP));
    const page = await browser().newPage();
    await page.goto(`${baseUrl()}/upload`);
    await page.waitForSelector('.provenance');
    await page.setInputFiles('#file-input', [spells, events, hubMap]);
    await page.waitForFunction(() => document.querySelector('#report-heading') || document.querySelector('p.error[role="alert"]'), null, { timeout: 60_000 });
    expect(await page.locator('p.error[role="alert"]').allTextContents()).toEqual([]);
    expect(await page.locator('[data-report] ul[data-errors] li').first().textContent()).toBe(
      'spells.csv, row 3, column "(whole row)": ends its line with CRLF where the rows before it end with LF: the file mixes line endings, which the reader cannot take; save it again (as "CSV UTF-8" in Excel) and add it again; the file was not read',
    );
    expect(await page.content()).not.toContain(MARKER);
    await page.close();
  }, 120_000);
});
