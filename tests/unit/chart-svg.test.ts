import { DOMParser } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { escapeXml, standaloneSvg, wrapText } from '../../src/lib/download/chart-svg';

const chart = '<svg xmlns="http://www.w3.org/2000/svg" class="plot-1" width="600" height="300" viewBox="0 0 600 300"><g><text>Apr 2020</text></g></svg>';
const base = { chart, width: 600, height: 300, title: 'Halton: Delayed transfers of care', subtitle: 'Delayed days per 100,000 people aged 18+', source: 'NHS England', dataDate: '1 March 2024' };

describe('a chart as a standalone SVG file', () => {
  it('is an SVG document with its size, namespaces and system fonts', () => {
    const { svg, width, height } = standaloneSvg(base);
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"')).toBe(true);
    expect(width).toBe(632);
    expect(height).toBeGreaterThan(300 + 60);
    expect(svg).toContain(`width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"`);
    expect(svg).toContain('font-family="system-ui,');
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    expect(doc.documentElement.tagName.toLowerCase()).toBe('svg');
  });

  it('holds the title, subtitle, chart and a footer naming the source and data date', () => {
    const { svg } = standaloneSvg({ ...base, description: 'Line chart of delayed days.', note: 'Illustrative demo data, not real figures.' });
    expect(svg).toContain('<title id="download-title">Halton: Delayed transfers of care</title>');
    expect(svg).toContain('<desc id="download-desc">Line chart of delayed days.</desc>');
    expect(svg).toContain('>Halton: Delayed transfers of care</text>');
    expect(svg).toContain('>Delayed days per 100,000 people aged 18+</text>');
    expect(svg).toContain('>Source: NHS England; data as at 1 March 2024.</text>');
    expect(svg).toContain('>Illustrative demo data, not real figures.</text>');
    expect(svg).toContain(`<g transform="translate(16,`);
    expect(svg).toContain(chart);
    // The footer sits below the chart.
    expect(svg.indexOf('Source:')).toBeGreaterThan(svg.indexOf(chart));
  });

  it('escapes text, so a title cannot add markup or script', () => {
    const { svg } = standaloneSvg({ ...base, title: 'Bad <script>alert("x")</script> & co', source: "O'Brien <b>", legend: [{ label: '<img src=x onerror=alert(1)>', color: '"red" onload="x"' }] });
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<img');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('Bad &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(svg).toContain('Source: O&apos;Brien &lt;b&gt;; data as at');
    expect(svg).toContain('stroke="&quot;red&quot; onload=&quot;x&quot;"');
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    expect(doc.querySelectorAll('script').length).toBe(0);
    expect(doc.querySelector('title')!.textContent).toBe('Bad <script>alert("x")</script> & co');
  });

  it('draws the key: line samples with their dash patterns, and swatches', () => {
    const { svg } = standaloneSvg({ ...base, legend: [{ label: 'Halton', color: '#005eb8', width: 2.5 }, { label: 'England', color: '#212b32', dash: '6 4', width: 1.75 }, { label: 'Wirral', color: '#d55e00', kind: 'swatch' }] });
    expect(svg).toMatch(/<line [^>]*stroke="#005eb8" stroke-width="3"\/>/);
    expect(svg).toMatch(/<line [^>]*stroke="#212b32" stroke-width="2.25" stroke-dasharray="6 4"\/>/);
    expect(svg).toMatch(/<rect [^>]*width="12" height="12" fill="#d55e00"\/>/);
    for (const label of ['Halton', 'England', 'Wirral']) expect(svg).toContain(`>${label}</text>`);
  });

  it('wraps a long subtitle within the chart width', () => {
    const long = 'word '.repeat(60).trim();
    const { svg } = standaloneSvg({ ...base, subtitle: long });
    expect((svg.match(/font-size="13"/g) ?? []).length).toBeGreaterThan(1);
    expect(wrapText('one two three', 1000, 12)).toEqual(['one two three']);
    expect(wrapText('one two three', 30, 12)).toEqual(['one', 'two', 'three']);
  });

  it('refuses a chart that is not an <svg> element', () => {
    expect(() => standaloneSvg({ ...base, chart: '<div>not a chart</div>' })).toThrow(/<svg>/);
    expect(standaloneSvg({ ...base, chart: `<?xml version="1.0"?>${chart}` }).svg).toContain(chart);
  });

  it('drops characters XML cannot hold', () => {
    expect(escapeXml('a\u0000b\u001fc\td')).toBe('abc\td');
  });
});
