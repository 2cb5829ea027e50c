// A place's board pack printed to PDF by Chromium, read back with poppler's pdfinfo and pdftotext.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseUrl, useBrowser } from './browser';
import { expected } from './expected';
import { tempDir } from '../helpers/temp';

const browser = useBrowser();

interface Word { x: number; y: number; right: number; bottom: number; text: string }

/** Each page's words with their boxes (points from the top left), from pdftotext -bbox. */
function wordsByPage(file: string): { height: number; words: Word[] }[] {
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  return html.split('<page ').slice(1).map((page) => ({
    height: Number(/height="([\d.]+)"/.exec(page)![1]),
    words: [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), right: Number(m[3]), bottom: Number(m[4]), text: m[5]! })),
  }));
}

/**
 * The printed size of a word in points. pdftotext's box is the font's full height (ascent to
 * descent), a fixed multiple of its size for one font: that multiple is read from the running
 * header, whose size the pack sets (0.8rem, 9.6 pt).
 */
const HEADER_PT = 9.6;

describe('board pack', () => {
  it('prints Halton on A4: a one-page summary, then one full page per metric, each headed and numbered', async () => {
    const page = await browser().newPage();
    // (Vitest names the arrow functions passed to evaluate with a helper the page lacks.)
    await page.addInitScript('window.__name = (f) => f');
    await page.goto(`${baseUrl()}/pack/E06000006`);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Print or save as PDF' }).isVisible()).toBe(false);
    // On paper each chart is its A4 drawing alone (700 px, its 12 px text printed at 9 pt), never
    // one of those drawn for a screen's width.
    const drawings = await page.locator('figure[data-pack-chart]').evaluateAll((all) =>
      all.map((f) => [...f.querySelectorAll('[data-band] > svg, .print-drawing > svg')].filter((s) => s.getBoundingClientRect().width > 0).map((s) => (s as SVGSVGElement).viewBox.baseVal.width)),
    );
    expect(drawings.length).toBe(9);
    expect(drawings.filter((d) => d.length !== 1 || d[0] !== 700)).toEqual([]);
    const file = path.join(tempDir('bcf-pack-'), 'halton.pdf');
    writeFileSync(file, await page.pdf({ format: 'A4', printBackground: true }));
    await page.close();

    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+59[56]\.\d+ x 84[12]\.\d+ pts \(A4\)/);
    // The summary, then each of the three metrics on exactly one page.
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(4);

    const [summary, ...metricPages] = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).split('\f').slice(0, 4).map((t) => t.replace(/\s+/g, ' ').trim()) as [string, ...string[]];
    const pages = [summary, ...metricPages];
    // This year's (2025-26) core metrics; the summary is dated by the newest figures.
    const titles = ['Summary', 'Long-term admissions to care homes, aged 65+', 'Emergency admissions to hospital, aged 65+', 'Average discharge delay'];
    const dataTo = ['Oct 2026', '2023-24', 'Oct 2026', 'Oct 2026'];
    pages.forEach((text, i) => {
      // The running header (place, what, data date) first, the page number last.
      expect(text.startsWith(`Halton ${titles[i]} Data to ${dataTo[i]}`), `page ${i + 1}: ${text.slice(0, 80)}`).toBe(true);
      expect(text.endsWith(`Better Care Fund outcomes board pack, Halton · Page ${i + 1} of 4`), `page ${i + 1}: …${text.slice(-80)}`).toBe(true);
    });

    // The summary: each metric's value, change, variation and assurance in words, and when the
    // data date is.
    const a2 = expected('ascof_2a2', ['E06000006'], '2023-04-01', 'financial_year');
    const delay = expected('discharge_delay', ['E06000006'], '2026-10-01', 'month');
    expect(summary).toContain('Board pack: Halton');
    expect(summary).toContain('Data as at: 2023-24 (care home admissions 65+); Oct 2026 (emergency admissions 65+; discharge delay).');
    expect(summary).toContain(`Long-term admissions to care homes, aged 65+ (lower is better) Latest ${a2.shown} admissions per 100,000 aged 65+, 2023-24`);
    // (A special-cause sign may stand before the value.)
    expect(summary).toMatch(new RegExp(`Average discharge delay \\(lower is better\\) Latest (▲ |▼ )?${delay.shown.replace('.', '\\.')} days of delay per patient discharged, Oct 2026`));
    expect(summary).toContain('Illustrative demo data');
    expect(summary).toMatch(/Change on a year earlier \(2022-23\) (up|down) [\d.]+, (no significant change|significantly (better|worse)) \(the 95% intervals (overlap|do not overlap)\)/);
    // The two monthly measures are judged; care home admissions, ten years, are too few for SPC
    // (Making Data Count draws limits from 15 points), so neither variation nor assurance is given
    // for them, though the demo sets them targets (and the others none).
    expect(summary.match(/Variation: (common cause|special cause (improvement|concern) \((high|low)\))\./g)).toHaveLength(2);
    expect(summary).toContain('Variation and assurance: not judged from 10 points (Making Data Count judges from 15).');
    expect(summary).not.toMatch(/Assurance:/);
    expect(pages.join(' ')).not.toMatch(/inconsistent|Print or save as PDF/);

    // Each metric's page: its headline once, the SPC verdict under the SPC chart and above the comparison.
    metricPages.forEach((text, i) => {
      // The figure says what it is in where it is read.
      const headline = `Halton: ${i === 0 ? `${a2.shown} admissions per 100,000 aged 65+ in 2023-24` : ''}`;
      expect(text.split(headline).length - 1, `page ${i + 2} headline`).toBe(1);
      // Care home admissions' ten years are a run chart, which says why in place of a verdict.
      const [spc, verdict, compare] = (i === 0 ? ['Run chart (too few points for process limits)', 'Only 10 points: ', 'Compared with'] : ['Statistical process control (XmR)', 'Variation:', 'Compared with the other places in']).map((s) => text.indexOf(s)) as [number, number, number];
      expect(spc).toBeGreaterThan(text.indexOf('Trend,'));
      expect(verdict).toBeGreaterThan(spc);
      expect(compare).toBeGreaterThan(verdict);
    });

    // The comparison's key names the colours it draws, and the signs that tell them apart in black
    // and white: discharge delay has no intervals, so its bars are all grey and untested.
    expect(metricPages[0]).toContain('Key: bars green and ✓ where significantly better than England, amber and ≈ where not significantly different, red and ✗ where significantly worse');
    expect(metricPages[2]).toContain('Key: grey bars: no 95% interval for this measure, so not tested against England;');
    expect(metricPages[2]).not.toContain('bars green');
    expect(metricPages[0]).toContain('dotted line the integrated care board (ICB, the sum of its places)');

    // Every sheet is white to its foot: no band of the app's grey page background (3 mm of it
    // showed under the last page's footer). A band is 3 or more rows in a row, each one even grey
    // across the text column; a ruled line is one row.
    for (let n = 1; n <= 4; n++) {
      const grey = execFileSync('pdftoppm', ['-r', '50', '-gray', '-f', String(n), '-l', String(n), file]);
      const [, w, h] = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(grey.subarray(0, 20).toString('latin1'))!.map(Number) as [number, number, number];
      const pixels = grey.subarray(grey.length - w * h);
      const even = (y: number) => {
        const row = pixels.subarray(y * w + Math.round(w * 0.1), y * w + Math.round(w * 0.9));
        return row[0]! < 255 && row.every((v) => v === row[0]);
      };
      let run = 0;
      let longest = 0;
      for (let y = 0; y < h; y++) longest = Math.max(longest, (run = even(y) ? run + 1 : 0));
      expect(longest, `page ${n}: rows of even grey`).toBeLessThan(3);
    }

    // No page is left largely blank: no vertical gap between printed words of a third of the page.
    const printed = wordsByPage(file);
    for (const [i, p] of printed.entries()) {
      const ys = [...new Set(p.words.map((w) => Math.round(w.y)))].sort((a, b) => a - b);
      const gaps = ys.slice(1).map((y, j) => y - ys[j]!);
      expect(Math.max(...gaps), `page ${i + 1}`).toBeLessThan(p.height / 3);
    }

    // Every word prints at 9 pt or more, the charts' axes, names and values too (Plot's 10 px
    // printed at 7.5 pt), and no word is printed over another (by more than a third of its height:
    // the lines of a two-line tick label, "Apr" over "2023", touch).
    const header = printed[0]!.words[0]!;
    const perPoint = (header.bottom - header.y) / HEADER_PT;
    for (const [i, p] of printed.entries()) {
      const small = p.words.filter((w) => (w.bottom - w.y) / perPoint < 8.95).map((w) => `${w.text} ${((w.bottom - w.y) / perPoint).toFixed(1)} pt`);
      expect(small, `page ${i + 1}`).toEqual([]);
      const over = (a: Word, b: Word) => a.x < b.right - 0.5 && b.x < a.right - 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.y, b.y) > (a.bottom - a.y) / 3;
      const overlaps = p.words.flatMap((a, j) => p.words.slice(j + 1).filter((b) => over(a, b)).map((b) => `${a.text} × ${b.text}`));
      expect(overlaps, `page ${i + 1}`).toEqual([]);
    }
  });

  it('sends each drawing once, in the HTML: not again in the data that hydrates it, nor in its __data.json', async () => {
    // Three metrics' trend, SPC and comparison, each at the five screen widths and A4: 54. In the
    // page's inline data an SVG's "<" is written \u003C; before, every drawing was there too (108).
    const svgs = (text: string) => text.match(/(<|\\u003C)svg\b/g)?.length ?? 0;
    const html = await (await fetch(`${baseUrl()}/pack/E06000006`)).text();
    expect(svgs(html)).toBe(54);
    expect(svgs(await (await fetch(`${baseUrl()}/pack/E06000006/__data.json`)).text())).toBe(0);
    // A link the router would follow loads the pack afresh, drawings and all.
    const page = await browser().newPage();
    await page.goto(`${baseUrl()}/place?area=E06000006`);
    await page.getByRole('link', { name: 'Board pack for Halton (printable)' }).click();
    await page.waitForURL(/\/pack\/E06000006$/, { waitUntil: 'load' });
    await expect.poll(() => page.locator('[data-pack-chart="spc"] [data-band] > svg').count()).toBe(15);
    await page.close();
  });

  it('asks for no query engine and no extracts, only the manifest, and still says when newer data were published', async () => {
    const page = await browser().newPage();
    const asked: string[] = [];
    page.on('request', (r) => asked.push(new URL(r.url()).pathname));
    // A publication newer than the one the pack was built from.
    await page.route('**/data/manifest.json', async (route) => {
      const published = await (await route.fetch()).json();
      await route.fulfill({ json: { ...published, built_at: '2099-01-01T00:00:00.000Z' } });
    });
    await page.goto(`${baseUrl()}/pack/E06000006`);
    await expect.poll(() => page.locator('p.stale').textContent()).toMatch(/^\s*Newer data were published on 1 January 2099, after this page was built/);
    await page.waitForLoadState('networkidle');
    expect(asked.filter((p) => /duckdb|\.wasm$|\.arrow$/.test(p))).toEqual([]);
    expect(asked.filter((p) => p.endsWith('/data/manifest.json'))).toHaveLength(1);
    expect(await page.locator('link[rel="preload"]').count()).toBe(0);
    // Its link back leads to a page that does query (client-side): the engine starts there.
    await page.unroute('**/data/manifest.json');
    await page.getByRole('link', { name: 'Back to the dashboard' }).click();
    await expect.poll(() => asked.some((p) => p.endsWith('.wasm')), { timeout: 60_000 }).toBe(true);
    await page.close();
  });
});
