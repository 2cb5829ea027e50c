// The browser's half of chart downloads: a Plot chart's <svg> as markup, and a standalone SVG
// drawn to a PNG. The PNG is drawn from a blob: URL, which the site's img-src allows.
import type { LegendEntry } from './chart-svg';

interface ExposedScale {
  type?: string;
  domain?: unknown[];
  apply?: (value: unknown) => unknown;
}

/** The chart's own <svg>: Plot returns it, or a <figure> holding it after any legends. */
function chartSvgOf(el: Element): SVGSVGElement | null {
  if (el instanceof SVGSVGElement) return el;
  const direct = [...el.children].filter((c): c is SVGSVGElement => c instanceof SVGSVGElement);
  return direct.at(-1) ?? el.querySelector('svg');
}

/**
 * What chart-svg.ts needs from a chart Plot drew: its <svg> as markup, sized in pixels and with
 * nothing clipped at its edges (as the page shows it), and the swatches of a colour legend that
 * Plot drew as HTML beside it.
 */
export function serialiseChart(el: Element): { chart: string; width: number; height: number; swatches: LegendEntry[] } | null {
  const svg = chartSvgOf(el);
  if (!svg) return null;
  const width = Number(svg.getAttribute('width')) || svg.viewBox.baseVal?.width || svg.getBoundingClientRect().width;
  const height = Number(svg.getAttribute('height')) || svg.viewBox.baseVal?.height || svg.getBoundingClientRect().height;
  if (!width || !height) return null;
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.removeAttribute('aria-hidden');
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  // Plot's own stylesheet makes its <svg> fluid (max-width: 100%, height: auto); a file needs the
  // size it was drawn at. Labels may reach past the edges, as on the page.
  copy.setAttribute('style', `${copy.getAttribute('style') ?? ''};width:${width}px;height:${height}px;max-width:none;overflow:visible`.replace(/^;/, ''));

  const swatches: LegendEntry[] = [];
  const scale = (el as Element & { scale?: (name: string) => ExposedScale | undefined }).scale?.('color');
  if (el !== svg && el.querySelector('[class$="-swatches"], [class*="-swatches "]') && scale?.domain && scale.apply) {
    for (const value of scale.domain) swatches.push({ label: String(value), color: String(scale.apply(value)), kind: 'swatch' });
  }
  return { chart: new XMLSerializer().serializeToString(copy), width, height, swatches };
}

/** An SVG document drawn onto a canvas `scale` times its size, as a PNG. */
export async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const img = new Image(width, height);
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser cannot draw on a canvas');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be made'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
