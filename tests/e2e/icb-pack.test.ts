// An integrated care board's board pack: its own figures (the sum of its places) against England,
// and its places compared with it. Before, packs were built for places only, so an ICB's site had
// none for its own board (404).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseUrl, useBrowser } from './browser';
import { areas, count, expected } from './expected';
import { tempDir } from '../helpers/temp';

const browser = useBrowser();
const ICB = { code: 'E54000008', name: 'NHS Cheshire and Merseyside Integrated Care Board' };
const places = () => areas().filter((a) => a.parent_code === ICB.code && a.area_type === 'place');

describe("an ICB's board pack", () => {
  it('is linked from the overview of its places, and gives the ICB its own figures with its places compared', async () => {
    const page = await browser().newPage();
    await page.goto(`${baseUrl()}/`);
    await page.getByRole('link', { name: `Board pack for ${ICB.name} (printable)` }).click();
    await page.waitForURL(`**/pack/${ICB.code}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Board pack: ${ICB.name}`);

    // The summary's care home admissions: the ICB's is the sum of its places' counts.
    const a2 = expected('ascof_2a2', places().map((p) => p.area_code!), '2023-04-01', 'financial_year');
    const summary = (await page.locator('[data-summary="ascof_2a2"]').textContent())!.replace(/\s+/g, ' ');
    expect(summary).toContain(`${a2.shown} admissions per 100,000 aged 65+, 2023-24 (${count(a2.numerator)} admissions of ${count(a2.denominator)} people aged 65+)`);

    // Its figures are sums of councils, since before ICBs began: said once, as the metric page says it under each trend.
    expect(await page.locator('[data-icb-note]').textContent()).toBe(
      "Before July 2022, when ICBs began, an ICB's line is the sum of the councils that now form it. A council split between ICBs is counted in the one holding most of its population.",
    );

    // Each metric's comparison holds the ICB's own places, one bar each, read against the ICB.
    const comparisons = page.locator('[data-pack-chart="compare"]');
    expect(await comparisons.count()).toBe(3);
    for (const figure of await comparisons.all()) {
      const caption = (await figure.locator('figcaption').textContent())!.replace(/\s+/g, ' ');
      expect(caption).toMatch(/^Its places compared, /);
      expect(caption).not.toContain('marks this place');
      const labels = await figure.locator('svg text').allTextContents();
      for (const p of places()) expect(labels, p.area_name).toContain(p.area_name);
    }
    const careHomes = (await comparisons.first().locator('figcaption').textContent())!.replace(/\s+/g, ' ');
    expect(careHomes).toContain('dotted line the integrated care board (ICB, the sum of its places)');

    // Printed, it is a summary and one page for each metric, as a place's pack.
    await page.emulateMedia({ media: 'print' });
    const file = path.join(tempDir('bcf-icb-pack-'), 'icb.pdf');
    writeFileSync(file, await page.pdf({ format: 'A4', printBackground: true }));
    await page.close();
    expect(Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1])).toBe(4);
  });
});
