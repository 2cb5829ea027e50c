// RAG against target, judged with the same 95% interval the dashboard shows, so a miss that could
// be chance is told apart from a real one.
import { formatInterval, formatValue, periodLabel } from '../format';
import type { Metric } from './catalogue';
import { intervalOf, significance, type Point } from './series';

export type Rag = 'green' | 'amber' | 'red';

export interface RagStatus {
  rag: Rag;
  /** A short label that says what the colour means, so colour is never the only cue. */
  label: string;
  /** One sentence with the value, the target and the interval. */
  text: string;
}

export const RAG_LABEL: Record<Rag, string> = {
  green: 'Met target',
  amber: 'Missed, within chance',
  red: 'Missed target',
};

/**
 * Green when the value meets the target (at or below it when lower is better); amber when it
 * misses but the 95% interval includes the target; red when the interval lies wholly on the wrong
 * side. Null when there is no target or no value (suppressed, or no denominator).
 */
export function ragStatus(metric: Metric, p: Point | undefined): RagStatus | null {
  if (!p || p.target == null || p.value == null || p.suppressed) return null;
  const target = p.target;
  const met = metric.polarity === 'lower' ? p.value <= target : p.value >= target;
  const verdict = significance(metric, p, target);
  const rag: Rag = met ? 'green' : verdict === 'worse' ? 'red' : 'amber';
  const ci = formatInterval(metric, intervalOf(metric, p));
  const against = `${periodLabel(p.period_start, p.period_type)}: ${formatValue(metric, p.value)} against a target of ${formatValue(metric, target)}`;
  const why =
    rag === 'green'
      ? 'met'
      : rag === 'amber'
        ? `missed, but the target lies within the 95% interval (${ci}), so the miss may be chance`
        : `missed: the 95% interval (${ci}) lies wholly ${p.value > target ? 'above' : 'below'} the target`;
  return { rag, label: RAG_LABEL[rag], text: `${against}, ${why}.` };
}

/** The latest point that has both a value and a target. */
export const latestWithTarget = (points: Point[]): Point | undefined =>
  points.filter((p) => p.value != null && p.target != null).at(-1);
