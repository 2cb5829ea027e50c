import type { PeriodType } from '../contract/schema';
import { metricValue } from '../stats/rates';
import type { Metric } from './catalogue';
import type { SeriesRow } from './queries';

export interface Point {
  area_code: string;
  period_start: string;
  period_type: PeriodType;
  numerator: number;
  denominator: number | null;
  value: number | null;
  published_value: number | null;
  suppressed: boolean;
  /** From a file uploaded in this browser. */
  local: boolean;
}

export function toPoints(metric: Metric, rows: SeriesRow[]): Point[] {
  return rows.map((r) => ({
    area_code: r.area_code,
    period_start: r.period_start,
    period_type: r.period_type as PeriodType,
    numerator: r.numerator,
    denominator: r.denominator,
    value: r.suppressed ? null : metricValue(metric, r.numerator, r.denominator, r.period_start, r.period_type as PeriodType),
    published_value: r.published_value ?? null,
    suppressed: !!r.suppressed,
    local: !!r.local,
  }));
}

export function pointsOf(points: Point[], areaCode: string): Point[] {
  return points.filter((p) => p.area_code === areaCode);
}

/** Whether a lower or higher value is the better direction, as words a board member reads. */
export function changeVerdict(metric: Pick<Metric, 'polarity'>, change: number): 'better' | 'worse' | 'no change' {
  if (change === 0) return 'no change';
  return (change < 0) === (metric.polarity === 'lower') ? 'better' : 'worse';
}
