// A place's board pack printed to PDF by Chromium, read back with poppler's pdfinfo and pdftotext.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseUrl, useBrowser } from './browser';
import { expected } from './expected';

const browser = useBrowser();

describe('board pack', () => {
  it('prints Halton on A4: a cover with the headlines, then each metric on its own pages, no controls', async () => {
    const page = await browser().newPage();
    await page.goto(`${baseUrl()}/pack/E06000006`);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Print or save as PDF' }).isVisible()).toBe(false);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'bcf-pack-')), 'halton.pdf');
    writeFileSync(file, await page.pdf({ format: 'A4', printBackground: true }));

    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+59[56]\.\d+ x 84[12]\.\d+ pts \(A4\)/);
    // Cover, then each of the three metrics starting on a new page (trend, SPC, comparison: two pages each).
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(7);

    const pages = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f').map((t) => t.replace(/\s+/g, ' '));
    expect(pages[0]).toContain('Board pack: Halton');
    expect(pages[0]).toContain(`Delayed transfers of care. Halton: ${expected('dtoc', ['E06000006'], '2020-02-01', 'month').shown} in Feb 2020`);
    expect(pages[0]).toContain('Illustrative demo data');
    expect(pages[1]!.trim().startsWith('Delayed transfers of care')).toBe(true);
    expect(pages[3]!.trim().startsWith('Permanent admissions to care homes, aged 65+')).toBe(true);
    expect(pages[5]!.trim().startsWith('Older people at home 91 days after reablement')).toBe(true);
    for (const title of ['Trend', 'Statistical process control', 'Comparison with neighbouring places']) {
      expect(pages.filter((p) => p.includes(title))).toHaveLength(3);
    }
    expect(pages.join(' ')).not.toContain('Print or save as PDF');
    await page.close();
  });
});
