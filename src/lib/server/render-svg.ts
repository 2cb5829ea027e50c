// Draws a Plot chart to SVG text at build time, with the same options the browser uses.
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { withChartText } from '../charts/text';

const { document } = parseHTML('<!doctype html><html><body></body></html>');

export function renderSvg(options: Plot.PlotOptions): string {
  return (Plot.plot({ ...withChartText(options), document }) as unknown as Element).outerHTML;
}
