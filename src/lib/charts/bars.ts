import * as Plot from '@observablehq/plot';
import { formatValue } from '../format';
import type { Metric } from '../metrics/catalogue';
import { ENGLAND, FOCUS, MUTED, PARENT } from './palette';


export interface Bar {
  code: string;
  label: string;
  value: number | null;
  focus: boolean;
}

export interface Reference {
  label: string;
  value: number | null;
  kind: 'england' | 'parent';
}

/** Areas side by side, best first, with England and the ICS as reference lines (named in the legend). */
export function barsPlot(metric: Metric, bars: Bar[], references: Reference[]) {
  const shown = bars.filter((b) => b.value != null);
  const sorted = [...shown].sort((a, b) => (metric.polarity === 'lower' ? a.value! - b.value! : b.value! - a.value!));
  const refs = references.filter((r) => r.value != null);
  return (width: number): Plot.PlotOptions => ({
    width,
    height: 44 + 26 * sorted.length,
    marginLeft: 170,
    marginRight: 52,
    x: { grid: true, label: metric.unit, tickFormat: (v: number) => formatValue(metric, v).replace('.0', '') },
    y: { domain: sorted.map((b) => b.label), label: null, tickFormat: (l: string) => (sorted.find((b) => b.label === l)?.focus ? `▶ ${l}` : l) },
    marks: [
      Plot.barX(sorted, { y: 'label', x: 'value', fill: (b: Bar) => (b.focus ? FOCUS : MUTED), insetTop: 3, insetBottom: 3 }),
      ...[false, true].map((focus) =>
        Plot.text(sorted.filter((b) => b.focus === focus), { y: 'label', x: 'value', text: (b: Bar) => formatValue(metric, b.value), dx: 4, textAnchor: 'start', fontWeight: focus ? 'bold' : 'normal' }),
      ),
      ...refs.map((r) => Plot.ruleX([r.value], { stroke: r.kind === 'england' ? ENGLAND : PARENT, strokeWidth: 2, strokeDasharray: r.kind === 'england' ? '6 4' : '2 3' })),
    ],
  });
}
