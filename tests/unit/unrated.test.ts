// Counts without rates: a data team's records give hubs counts, and a hub's rate per 100,000 needs
// its population, which the records do not hold. Found on a clone set to Bury with the real
// published files and generated records: the metric page's hub panels and ranking stood blank.
import { describe, expect, it } from 'vitest';
import { metric } from '../../src/lib/definitions';
import type { Point } from '../../src/lib/metrics/series';
import { blankForWantOfPopulation, lacksPopulation, unratedNote } from '../../src/lib/metrics/unrated';

const point = (p: Partial<Point>): Point => ({
  area_code: 'X', period_start: '2024-04-01', period_type: 'financial_year', numerator: 49, denominator: null, value: null,
  published_value: null, suppressed: false, local: false, target: null, target_local: false, ...p,
});
const admissions = metric('ascof_2a2');
const rated = point({ denominator: 8_000, value: 612.5 });
const counted = point({});

describe('lacksPopulation', () => {
  it('is a shown count of a per-population metric with no population and so no value', () => {
    expect(lacksPopulation(admissions, counted)).toBe(true);
    expect(lacksPopulation(admissions, rated)).toBe(false);
    // Suppressed: its counts are hidden on purpose, and said elsewhere.
    expect(lacksPopulation(admissions, point({ suppressed: true, numerator: 0 }))).toBe(false);
    // A proportion's denominator is a count of its own (the records give it): never a population.
    expect(lacksPopulation(metric('ascof_2b1'), counted)).toBe(false);
  });
});

describe('unratedNote', () => {
  it('names the one area without a rate, the population it lacks and where its counts are', () => {
    expect(unratedNote(admissions, [{ label: 'Bury East', points: [rated] }, { label: 'Unassigned', points: [counted] }], "Bury's hubs")).toBe(
      'No rate for Unassigned: its admissions are counted, but its population aged 65+ is not held, and a rate needs it. The counts are in the data table.',
    );
  });
  it('names several, and calls them all as asked when none has a rate', () => {
    const three = ['Bury East', 'Radcliffe', 'Unassigned'].map((label) => ({ label, points: [counted] }));
    expect(unratedNote(admissions, [{ label: 'Bury West', points: [rated] }, ...three], "Bury's hubs")).toBe(
      'No rate for Bury East, Radcliffe and Unassigned: their admissions are counted, but their population aged 65+ is not held, and a rate needs it. The counts are in the data table.',
    );
    expect(unratedNote(admissions, three, "Bury's hubs")).toBe(
      "No rates for Bury's hubs: their admissions are counted, but their population aged 65+ is not held, and a rate needs it. The counts are in the data table.",
    );
  });
  it('says nothing where every count has its rate, or the metric needs no population', () => {
    expect(unratedNote(admissions, [{ label: 'Bury East', points: [rated, point({ suppressed: true })] }], "Bury's hubs")).toBeNull();
    expect(unratedNote(metric('discharge_delay'), [{ label: 'Bury East', points: [counted] }], "Bury's hubs")).toBeNull();
  });
  it('says "population" for a metric of all ages', () => {
    expect(unratedNote(metric('avoidable_admissions'), [{ label: 'Hub', points: [counted] }], 'x')).toContain('its population is not held');
  });
});

describe('blankForWantOfPopulation', () => {
  const note = 'No rate for Unassigned: …';
  it('is blank with no point at all, or no value where the note says why', () => {
    expect(blankForWantOfPopulation([{ points: [] }], null)).toBe(true);
    expect(blankForWantOfPopulation([{ points: [counted] }, { points: [point({ suppressed: true })] }], note)).toBe(true);
  });
  it('is drawn where a value is held, or where values are missing only as suppressed (no note)', () => {
    expect(blankForWantOfPopulation([{ points: [rated] }, { points: [counted] }], note)).toBe(false);
    expect(blankForWantOfPopulation([{ points: [point({ suppressed: true })] }], null)).toBe(false);
  });
});
