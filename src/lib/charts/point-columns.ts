import { formatCounts, formatInterval, formatPointValue, formatTarget, periodLabel } from '../format';
import type { Metric } from '../definitions';
import { intervalOf, type Point } from '../metrics/series';
import type { Column } from './table';

export type LabelledPoint = Point & { label: string };

/**
 * The columns of a series' data table: every figure with its interval and the counts behind it,
 * and the target in force where the rows have targets.
 */
export function pointColumns(metric: Metric, first = 'Area', rows: Point[] = []): Column<LabelledPoint>[] {
  return [
    { label: first, value: (r) => r.label },
    { label: 'Period', value: (r) => periodLabel(r.period_start, r.period_type) },
    { label: 'Value', value: (r) => formatPointValue(metric, r), numeric: true },
    { label: '95% CI', value: (r) => formatInterval(metric, intervalOf(metric, r)), numeric: true },
    { label: 'Numerator', value: (r) => formatCounts(metric, r).numerator, numeric: true },
    { label: 'Denominator', value: (r) => formatCounts(metric, r).denominator, numeric: true },
    ...(rows.some((r) => r.target != null) ? [{ label: 'Target', value: (r: LabelledPoint) => formatTarget(metric, r), numeric: true }] : []),
  ];
}

/** Lines flattened into table rows, each point labelled with its line. */
export const labelledPoints = (lines: { label: string; points: Point[] }[]): LabelledPoint[] =>
  lines.flatMap((l) => l.points.map((p) => ({ ...p, label: l.label })));
