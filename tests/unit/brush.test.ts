import { describe, expect, it } from 'vitest';
import { nearestPeriod } from '../../src/lib/charts/brush';

describe('dragging across a time chart', () => {
  it('snaps to the nearest period held', () => {
    const months = ['2019-01-01', '2019-02-01', '2019-03-01'];
    expect(nearestPeriod(months, new Date(Date.UTC(2019, 1, 10)))).toBe('2019-02-01');
    expect(nearestPeriod(months, new Date(Date.UTC(2019, 1, 20)))).toBe('2019-03-01');
    expect(nearestPeriod(months, new Date(Date.UTC(2030, 0, 1)))).toBe('2019-03-01');
    expect(nearestPeriod([], new Date())).toBeUndefined();
  });
});
