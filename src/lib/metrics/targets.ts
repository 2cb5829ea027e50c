// RAG against target, judged with the same 95% interval the dashboard shows, so a miss that could
// be chance is told apart from a real one.
import { formatInterval, formatValue, periodLabel } from '../format';
import { roundTo } from '../stats/rates';
import type { XmrResult } from '../stats/spc';
import type { Metric } from '../definitions';
import { metricSpc } from './spc-limits';
import { intervalNote, intervalOf, significance, spcRun, type Point } from './series';

export type Rag = 'green' | 'amber' | 'red';

export interface RagStatus {
  rag: Rag;
  /** A short label that says what the colour means, so colour is never the only cue. */
  label: string;
  /** One sentence with the value, the target and the interval. */
  text: string;
  /** The value against the target in a few words, for narrow places. */
  short: string;
}

export const RAG_LABEL: Record<Rag, string> = {
  green: 'Target met',
  amber: 'Target missed, within chance',
  red: 'Target missed',
};

/**
 * Green when the value as printed meets the target (at or below it when lower is better); amber when it
 * misses but the 95% interval includes the target; red when the interval lies wholly on the wrong
 * side, or when the value has no interval (a mean per event), saying why. Null when there is no
 * target or no value (suppressed, or no denominator).
 */
export function ragStatus(metric: Metric, p: Point | undefined): RagStatus | null {
  if (!p || p.target == null || p.value == null || p.suppressed) return null;
  const target = p.target;
  // Judged on the figures as printed (1 dp), so the words never say "80.0% against 80.0%, missed".
  const [value, goal] = [roundTo(p.value, 1), roundTo(target, 1)];
  const met = metric.polarity === 'lower' ? value <= goal : value >= goal;
  const interval = intervalOf(metric, p);
  // Without an interval (a mean from totals only) chance cannot be weighed: a miss is a miss.
  const verdict = significance(metric, p, target);
  const rag: Rag = met ? 'green' : verdict === 'worse' || !interval ? 'red' : 'amber';
  const ci = formatInterval(metric, interval);
  const uploaded = p.target_local ? ' (◇ uploaded in this browser)' : '';
  const against = `${periodLabel(p.period_start, p.period_type)}: ${formatValue(metric, p.value)} against a target of ${formatValue(metric, target)}${uploaded}`;
  const note = intervalNote(metric, p);
  const why =
    rag === 'green'
      ? 'met'
      : !interval
        ? `missed${note ? ` (${note[0]!.toLowerCase()}${note.slice(1).replace(/\.$/, '')})` : ''}`
        : rag === 'amber'
          ? `missed, but the target lies within the 95% interval (${ci}), so the miss may be chance`
          : `missed: the 95% interval (${ci}) lies wholly ${p.value > target ? 'above' : 'below'} the target`;
  return { rag, label: RAG_LABEL[rag], text: `${against}, ${why}.`, short: `${formatValue(metric, p.value)} against ${formatValue(metric, target)}, ${periodLabel(p.period_start, p.period_type)}` };
}

/** The latest point that has both a value and a target. */
export const latestWithTarget = (points: Point[]): Point | undefined =>
  points.filter((p) => p.value != null && p.target != null).at(-1);

export interface TargetAssessment {
  rag: RagStatus | null;
  /** Making Data Count assurance: will the process, as it runs now, meet the same target? */
  assurance: XmrResult['assurance'];
}

/**
 * RAG for the latest period that has a target, and SPC assurance of the whole series against that
 * same target (XmR with the default rules), so the two are read together: met this time, and
 * likely to keep meeting it?
 */
export function assessTarget(metric: Metric, points: Point[]): TargetAssessment | null {
  const valued = points.filter((p) => p.value != null);
  const latest = latestWithTarget(valued);
  if (!latest) return null;
  const spc = metricSpc(metric, spcRun(points), { target: latest.target });
  return { rag: ragStatus(metric, latest), assurance: spc.ok ? spc.assurance : null };
}
