import type { Metric } from '../definitions';
import type { Interval } from './intervals';

export type Comparison = 'better' | 'worse' | 'similar' | 'not compared';

/**
 * Fingertips' comparison with a benchmark (England, region, peers): significant only when the
 * whole interval lies above or below it; an interval that touches the benchmark is similar.
 */
export function compareToBenchmark(
  interval: Interval | null | undefined,
  benchmarkValue: number | null | undefined,
  polarity: Metric['polarity'],
): Comparison {
  if (interval == null || benchmarkValue == null || !Number.isFinite(benchmarkValue)) return 'not compared';
  const side = interval.lower > benchmarkValue ? 'higher' : interval.upper < benchmarkValue ? 'lower' : null;
  if (side === null) return 'similar';
  return side === polarity ? 'better' : 'worse';
}
