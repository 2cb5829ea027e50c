// The upload page fetches the code of the pages that draw charts while its report is read, so
// following a link there after Add waits for the charts alone, not for the page's code.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { addUpload, baseUrl, useBrowser } from './browser';

const DIR = fileURLToPath(new URL('../bad-files/', import.meta.url));
const browser = useBrowser();

describe('upload page, the next pages ready', () => {
  it("has the place page's code before Add, so going there after fetches none", async () => {
    const context = await browser().newContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/upload`);
    await page.waitForSelector('.provenance');
    await addUpload(page, path.join(DIR, 'areas.csv'));
    await page.waitForLoadState('networkidle');
    const code: string[] = [];
    page.on('request', (r) => r.url().includes('/_app/immutable/') && code.push(r.url()));
    await page.click('nav a[href*="/place"]');
    await page.waitForURL(/\/place/);
    await page.waitForSelector('figure[data-chart]', { timeout: 30_000 });
    expect(code).toEqual([]);
    await context.close();
  }, 90_000);
});
