// The places of a group side by side at the place's latest period: each with its interval and its
// significance against England, with England and the group as references.
import type { Area } from '../contract/schema';
import type { Bar, Reference } from '../charts/bars';
import { periodLabel } from '../format';
import { comparatorLabel } from '../selection';
import type { Metric } from '../definitions';
import { intervalOf, pointsOf, significance, type Point } from './series';
import { pointsAt, summarise } from './summary';

export interface GroupComparison {
  period: string;
  bars: (Bar & { point: Point | undefined })[];
  refs: Reference[];
}

export function compareGroup(metric: Metric, points: Point[], place: Area, england: Area, group: Area, groupPlaces: Area[]): GroupComparison | null {
  const latest = summarise(pointsOf(points, place.area_code), [])?.latest;
  if (!latest) return null;
  const at = pointsAt(points, latest.period_start);
  const englandValue = at.get(england.area_code)?.value ?? null;
  const bars = groupPlaces.map((a) => {
    const point = at.get(a.area_code);
    return {
      code: a.area_code, label: a.area_name, value: point?.value ?? null, focus: a.area_code === place.area_code, point,
      interval: point ? intervalOf(metric, point) : null, significance: significance(metric, point, englandValue),
    };
  });
  const refs: Reference[] = [
    { label: 'England', value: englandValue, kind: 'england' },
    { label: comparatorLabel(group), value: at.get(group.area_code)?.value ?? null, kind: 'parent' },
  ];
  return { period: periodLabel(latest.period_start, latest.period_type), bars, refs };
}
