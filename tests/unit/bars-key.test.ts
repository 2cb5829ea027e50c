// What a comparison chart's key says of grey bars: why none was tested. Found on a clone set to
// Bury with the real files and its own records: 2B(1) for 2024-25 has intervals (drawn as
// whiskers), but England has no 2024-25 figure, and the key said the measure had none. Bars are now
// tested against the ICB there (benchmark.ts); the key names it.
import { describe, expect, it } from 'vitest';
import { barsLegend, notCompared, type Bar, type Reference } from '../../src/lib/charts/bars';
import { metric } from '../../src/lib/definitions';

const refs = (england: number | null, icb: number | null = 78.2): Reference[] => [
  { label: 'England', name: 'England', value: england, kind: 'england' },
  { label: 'Greater Manchester ICB (sum of places)', name: 'Greater Manchester ICB', value: icb, kind: 'parent' },
];
const grey: Bar[] = [{ code: 'E08000002', label: 'Bury', value: 71.2, focus: true, interval: { lower: 58.6, upper: 81.2 }, significance: 'not compared' }];

describe('notCompared', () => {
  it('says neither England nor the ICB has a figure for the period where the measure has intervals', () => {
    expect(notCompared(metric('ascof_2b1'), refs(null, null))).toBe('no England or Greater Manchester ICB figure for this period, so not tested');
    expect(barsLegend(metric('ascof_2b1'), refs(null, null), grey).map((l) => l.label)).toEqual([
      'no England or Greater Manchester ICB figure for this period, so not tested',
    ]);
  });
  it('names the ICB the bars were tested against where England has no figure', () => {
    const tested: Bar[] = [{ ...grey[0]!, significance: 'similar' }];
    expect(barsLegend(metric('ascof_2b1'), refs(null), tested).map((l) => l.label)).toEqual([
      'Greater Manchester ICB (sum of places) 78.2%',
      '✓ significantly better than Greater Manchester ICB',
      '≈ not significantly different from Greater Manchester ICB',
      '✗ significantly worse than Greater Manchester ICB',
    ]);
    expect(barsLegend(metric('ascof_2b1'), refs(80), tested).map((l) => l.label).at(-1)).toBe('✗ significantly worse than England');
  });
  it('says the measure has no interval where it has none, naming what it would have been tested against', () => {
    expect(notCompared(metric('discharge_delay'), refs(1.2))).toBe('no 95% interval for this measure, so not tested against England');
    expect(notCompared(metric('discharge_delay'), refs(null))).toBe('no 95% interval for this measure, so not tested against Greater Manchester ICB');
    expect(notCompared(metric('discharge_delay'), refs(null, null))).toBe('no 95% interval for this measure, so not tested against England');
  });
  it('says a bar had no interval where the measure has them and England its figure (too few events, say)', () => {
    expect(notCompared(metric('falls_65'), refs(2_100))).toBe('no 95% interval, so not tested against England');
  });
});
