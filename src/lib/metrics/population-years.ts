// Which year's population a rate was worked out with, where the source gave no denominator: the
// nearest year held (metric_values' rule). A council's real files may hold only ONS's mid-2018 and
// mid-2020 estimates while its figures run from 2011-12 to 2024-25, so a rate of 2024-25 comes
// from the mid-2020 population without a word; a board reads it as this year's. Said once per
// site, from the publication (the figures' pages and the board pack say it). A hub's rates take
// the registered-patient lists the same way: one list of 2024-25 with records from 2021-22 gave
// 2021-22 the list of three years later, also without a word; they are said apart.
import type { Metric } from '../definitions';
import { financialYearOf, nearness, populationBands } from './queries';

/**
 * Per financial year of the places' (or the hubs') rates filled from populations, the population
 * year most of their rates took, and the earliest and latest years held for them (`held_min`,
 * `held_max`: the same on every row), over tables observations, populations and all_areas.
 */
export function populationYearsSql(metrics: readonly Metric[], areaType: 'place' | 'hub' = 'place'): string {
  return `
WITH bands AS (${populationBands(metrics)}),
needed AS (
  SELECT DISTINCT o.area_code, b.band, ${financialYearOf('o')} AS year
  FROM observations o JOIN bands b USING (metric) JOIN all_areas a USING (area_code)
  WHERE o.denominator IS NULL AND NOT o.suppressed AND a.area_type = '${areaType}'
),
taken AS (
  SELECT n.year, arg_min(p.year, ${nearness('p.year', 'n.year')}) AS population_year
  FROM needed n JOIN populations p ON p.area_code = n.area_code AND p.age_band = n.band
  GROUP BY n.area_code, n.band, n.year
),
held AS (
  SELECT min(p.year)::INTEGER AS held_min, max(p.year)::INTEGER AS held_max
  FROM populations p SEMI JOIN (SELECT DISTINCT area_code, band FROM needed) n ON p.area_code = n.area_code AND p.age_band = n.band
)
SELECT t.year::INTEGER AS year, mode(t.population_year)::INTEGER AS population_year, any_value(h.held_min) AS held_min, any_value(h.held_max) AS held_max
FROM taken t CROSS JOIN held h GROUP BY t.year ORDER BY t.year`;
}

const fy = (y: number) => `${y}-${String((y + 1) % 100).padStart(2, '0')}`;

/** A row of populationYearsSql. */
export type PopulationYear = { year: number; population_year: number; held_min: number; held_max: number };

/**
 * The financial years whose rates took a population more than a year from their own, in words;
 * null where none did. Years in a row that took the same population are said together.
 */
export function populationYearsNote(rows: readonly PopulationYear[], areaType: 'place' | 'hub' = 'place'): string | null {
  const far = rows.filter((r) => Math.abs(r.population_year - r.year) > 1);
  if (far.length === 0) return null;
  const runs: { from: number; to: number; population: number }[] = [];
  for (const r of far) {
    const last = runs.at(-1);
    if (last && last.population === r.population_year && last.to === r.year - 1) last.to = r.year;
    else runs.push({ from: r.year, to: r.year, population: r.population_year });
  }
  // The estimates held, not only those taken: with mid-2018 and mid-2020 held, years taking 2018
  // alone are of the earliest held; with mid-2018 alone, of the only one.
  const [earliest, latest] = [Number(rows[0]!.held_min), Number(rows[0]!.held_max)];
  const said = runs.map((r) => {
    const years = r.from === r.to ? fy(r.from) : `${fy(r.from)} to ${fy(r.to)}`;
    const which = earliest === latest ? ' (the only one held)' : r.population === latest && r.population < r.from ? ' (the latest held)' : r.population === earliest && r.population > r.to ? ' (the earliest held)' : '';
    // A hub's population of year y is the registered-patient list of financial year y (hub-populations.ts).
    return { years, estimate: areaType === 'hub' ? `the registered patients of ${fy(r.population)}${which.replace(/( one)? held/, ' list held')}` : `the mid-${r.population} estimate${which}` };
  });
  const [first, ...rest] = said;
  const others = rest.map((r) => `, ${r === rest.at(-1) ? 'and ' : ''}for ${r.years} ${r.estimate}`).join('');
  if (areaType === 'hub') return `Hub rates for ${first!.years} use ${first!.estimate}${others}, rather than their own year's: give the registered-patient lists of those years with the records to correct them.`;
  return `Rates per population for ${first!.years} use ${first!.estimate}${others}, rather than their own year's: load ONS's mid-year estimates for those years to correct them.`;
}
