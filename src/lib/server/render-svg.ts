// Draws a Plot chart to SVG text at build time, with the same options the browser uses.
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

const { document } = parseHTML('<!doctype html><html><body></body></html>');

export function renderSvg(options: Plot.PlotOptions): string {
  return (Plot.plot({ ...options, document }) as unknown as Element).outerHTML;
}
