// What a comparison chart's key says of grey bars: why none was tested against England. Found on
// a clone set to Bury with the real files and its own records: 2B(1) for 2024-25 has intervals
// (drawn as whiskers), but England has no 2024-25 figure, and the key said the measure had none.
import { describe, expect, it } from 'vitest';
import { barsLegend, notCompared, type Bar, type Reference } from '../../src/lib/charts/bars';
import { metric } from '../../src/lib/definitions';

const refs = (england: number | null): Reference[] => [
  { label: 'England', value: england, kind: 'england' },
  { label: 'Greater Manchester ICB (sum of places)', value: 78.2, kind: 'parent' },
];
const grey: Bar[] = [{ code: 'E08000002', label: 'Bury', value: 71.2, focus: true, interval: { lower: 58.6, upper: 81.2 }, significance: 'not compared' }];

describe('notCompared', () => {
  it('says England has no figure for the period where the measure has intervals', () => {
    expect(notCompared(metric('ascof_2b1'), refs(null))).toBe('no England figure for this period, so not tested against England');
    expect(barsLegend(metric('ascof_2b1'), refs(null), grey).map((l) => l.label)).toEqual([
      'Greater Manchester ICB (sum of places) 78.2%',
      'no England figure for this period, so not tested against England',
    ]);
  });
  it('says the measure has no interval where it has none, England or not', () => {
    for (const england of [null, 1.2]) expect(notCompared(metric('discharge_delay'), refs(england))).toBe('no 95% interval for this measure, so not tested against England');
  });
  it('says a bar had no interval where the measure has them and England its figure (too few events, say)', () => {
    expect(notCompared(metric('falls_65'), refs(2_100))).toBe('no 95% interval, so not tested against England');
  });
});
