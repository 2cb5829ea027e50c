// XmR limits held to what a measure can be: a percentage lies between 0 and 100, and a rate, a
// mean or a count is never below 0. Every SPC chart, verdict and target assessment passes this
// range to xmr, and says in words where a limit was drawn at a bound rather than where the
// arithmetic put it.
import type { Metric } from '../definitions';
import { axisFormat, formatValue } from '../format';
import { spcChart, type XmrOptions, type XmrResult } from '../stats/spc';
import type { SpcRun } from './series';

/** The values a metric can take. */
export const possibleRange = (metric: Pick<Metric, 'kind'>): [number, number] => (metric.kind === 'proportion' ? [0, 100] : [0, Infinity]);

/**
 * The SPC chart of a metric's run of periods (spcRun): an XmR chart with its polarity, its possible
 * range and no moving range across a period without a value, with any other options; a run chart
 * below Making Data Count's number of points.
 */
export const metricSpc = (metric: Pick<Metric, 'kind' | 'polarity'>, run: Pick<SpcRun, 'points' | 'breaks'>, options: Omit<XmrOptions, 'polarity' | 'range' | 'breaks'> = {}) =>
  spcChart(run.points.map((p) => p.value!), { polarity: metric.polarity, range: possibleRange(metric), breaks: run.breaks, ...options });

/**
 * Where the limits were held to the measure's range, in words, each limit as computed once ("The
 * process limits are held to what a percentage can be, 0% to 100%: the upper limit of 104.2% is
 * drawn at 100%."); null where none was.
 */
export function spcClipNote(metric: Pick<Metric, 'kind' | 'multiplier'>, result: XmrResult): string | null {
  const [min, max] = possibleRange(metric);
  const said = (side: 'upper' | 'lower', bound: number) => [
    ...new Set(result.segments.flatMap((s) => (s.clipped[side] != null ? [`the ${side} limit of ${formatValue(metric, s.clipped[side])} is drawn at ${axisFormat(metric)(bound)}`] : []))),
  ];
  const clipped = [...said('upper', max), ...said('lower', min)];
  if (!clipped.length) return null;
  const bounds = metric.kind === 'proportion' ? 'a percentage can be, 0% to 100%' : 'this measure can be, never below 0';
  return `The process limits are held to what ${bounds}: ${clipped.join('; ')}.`;
}
