// A chart as a file that stands on its own: the chart's SVG under its title, subtitle and key,
// with a footer naming the source and the date of the data, so a copy pasted into a board paper
// still says what it shows and where it came from. Pure text in, text out (no DOM), so it is
// unit-tested; chart-image.ts serialises the drawn chart and makes the PNG.

export interface LegendEntry {
  label: string;
  color: string;
  /** A line sample (the default) or a filled square. */
  kind?: 'line' | 'swatch';
  /** SVG stroke-dasharray of a line sample. */
  dash?: string;
  width?: number;
}

export interface StandaloneSvgOptions {
  /** The chart's own <svg> element as markup (XMLSerializer's output). */
  chart: string;
  /** The chart's size in CSS pixels. */
  width: number;
  height: number;
  title: string;
  subtitle?: string;
  /** A sentence saying what the chart shows (its text alternative). */
  description?: string;
  legend?: LegendEntry[];
  source: string;
  dataDate: string;
  /** A further line under the source, e.g. that the data are illustrative. */
  note?: string;
}

export const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
const TEXT = '#212b32';
const SECONDARY = '#4c6272';
const PAD = 16;

/** Text and attribute values for XML: markup characters escaped, characters XML cannot hold dropped. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A rough width of text in system-ui: enough to wrap lines and lay out the key. */
export const textWidth = (text: string, fontSize: number, bold = false) => text.length * fontSize * (bold ? 0.66 : 0.6);

/** Words into lines no wider than `maxWidth` (a longer word keeps a line of its own). */
export function wrapText(text: string, maxWidth: number, fontSize: number, bold = false): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.trim().split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, fontSize, bold) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

const round = (n: number) => Math.round(n * 100) / 100;

export function standaloneSvg(o: StandaloneSvgOptions): { svg: string; width: number; height: number } {
  const chart = o.chart.replace(/^\s*<\?xml[^>]*\?>\s*/, '').trim();
  if (!/^<svg[\s>]/.test(chart)) throw new Error('the chart must be an <svg> element');
  const chartWidth = Math.max(1, Math.ceil(o.width));
  const chartHeight = Math.max(1, Math.ceil(o.height));
  const inner = Math.max(chartWidth, 280);
  const width = inner + 2 * PAD;
  const parts: string[] = [];
  let y = PAD;

  const lines = (text: string, size: number, opts: { bold?: boolean; color: string; gap?: number }) => {
    for (const line of wrapText(text, inner, size, opts.bold)) {
      parts.push(`<text x="${PAD}" y="${round(y + size * 0.9)}" font-size="${size}"${opts.bold ? ' font-weight="700"' : ''} fill="${opts.color}">${escapeXml(line)}</text>`);
      y += size * 1.3;
    }
    y += opts.gap ?? 0;
  };

  lines(o.title, 18, { bold: true, color: TEXT, gap: 2 });
  if (o.subtitle) lines(o.subtitle, 13, { color: SECONDARY });
  y += 6;

  const legend = (o.legend ?? []).filter((l) => l.label.trim() !== '');
  if (legend.length > 0) {
    const size = 12;
    const row = 18;
    let x = PAD;
    for (const item of legend) {
      const sample = item.kind === 'swatch' ? 12 : 28;
      const w = sample + 6 + textWidth(item.label, size) + 18;
      if (x > PAD && x + w > PAD + inner) {
        x = PAD;
        y += row;
      }
      const colour = escapeXml(item.color);
      if (item.kind === 'swatch') parts.push(`<rect x="${round(x)}" y="${round(y + 2)}" width="12" height="12" fill="${colour}"/>`);
      else
        parts.push(
          `<line x1="${round(x)}" x2="${round(x + sample)}" y1="${round(y + 8)}" y2="${round(y + 8)}" stroke="${colour}" stroke-width="${round((item.width ?? 2) + 0.5)}"${item.dash ? ` stroke-dasharray="${escapeXml(item.dash)}"` : ''}/>`,
        );
      parts.push(`<text x="${round(x + sample + 6)}" y="${round(y + 12)}" font-size="${size}" fill="${TEXT}">${escapeXml(item.label)}</text>`);
      x += w;
    }
    y += row + 6;
  }

  parts.push(`<g transform="translate(${PAD},${round(y)})">${chart}</g>`);
  y += chartHeight + 10;

  lines(`Source: ${o.source}; data as at ${o.dataDate}.`, 11, { color: SECONDARY });
  if (o.note) lines(o.note, 11, { bold: true, color: SECONDARY });
  const height = Math.ceil(y + PAD - 4);

  const svg = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(FONT_FAMILY)}" color="${TEXT}" role="img" aria-labelledby="download-title${o.description ? ' download-desc' : ''}">`,
    `<title id="download-title">${escapeXml(o.title)}</title>`,
    ...(o.description ? [`<desc id="download-desc">${escapeXml(o.description)}</desc>`] : []),
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
  return { svg, width, height };
}
