// Which year's population a rate was worked out with. A council's real files may hold ONS's mid-2018
// and mid-2020 estimates alone while its figures run from 2011-12 to 2024-25: rates of 2024-25 then
// came from the mid-2020 population, and of 2011-12 from mid-2018, without a word.
import { describe, expect, it } from 'vitest';
import { TABLE_NAMES, type Tables } from '../../src/lib/contract/schema';
import { toArrowIpc } from '../../src/lib/contract/arrow';
import { emptyTables } from '../../src/lib/contract/canonical';
import { buildMetricValues, loadTables } from '../../src/lib/db/prepare';
import { allMetrics } from '../../src/lib/definitions';
import { populationYearsNote, populationYearsSql, type PopulationYear } from '../../src/lib/metrics/population-years';
import { nodeDuckDb } from '../../src/lib/server/node-duckdb';

describe('populationYearsNote', () => {
  it('says which years took a population more than a year from their own, the runs together', () => {
    const rows = [2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024].map((year) => ({ year, population_year: year <= 2019 ? 2018 : 2020, held_min: 2018, held_max: 2020 }));
    expect(populationYearsNote(rows)).toBe(
      "Rates per population for 2013-14 to 2016-17 use the mid-2018 estimate (the earliest held), and for 2022-23 to 2024-25 the mid-2020 estimate (the latest held), rather than their own year's: load ONS's mid-year estimates for those years to correct them.",
    );
  });
  it('calls a single estimate the only one held (not the earliest and the latest at once), and the earliest of two the earliest though no year took the other', () => {
    const rows = [2011, 2012, 2020, 2021, 2022, 2023].map((year) => ({ year, population_year: 2018, held_min: 2018, held_max: 2018 }));
    expect(populationYearsNote(rows)).toBe(
      "Rates per population for 2011-12 to 2012-13 use the mid-2018 estimate (the only one held), and for 2020-21 to 2023-24 the mid-2018 estimate (the only one held), rather than their own year's: load ONS's mid-year estimates for those years to correct them.",
    );
    // Mid-2018 and mid-2020 held, figures of 2011-12 to 2014-15 alone: all took 2018, the earliest held.
    expect(populationYearsNote([2011, 2012, 2013, 2014].map((year) => ({ year, population_year: 2018, held_min: 2018, held_max: 2020 })))).toBe(
      "Rates per population for 2011-12 to 2014-15 use the mid-2018 estimate (the earliest held), rather than their own year's: load ONS's mid-year estimates for those years to correct them.",
    );
  });
  it('says nothing where every year took its own population or the next (a year away is the usual lag)', () => {
    const held = { held_min: 2018, held_max: 2020 };
    expect(populationYearsNote([{ year: 2019, population_year: 2018, ...held }, { year: 2020, population_year: 2020, ...held }, { year: 2021, population_year: 2020, ...held }])).toBeNull();
    expect(populationYearsNote([])).toBeNull();
  });
});

describe('populationYearsSql', () => {
  it('gives each financial year the population year the places took, as metric_values fills them', async () => {
    const t: Tables = emptyTables();
    t.areas.push({ area_code: 'E06000006', area_name: 'Halton', area_type: 'place', parent_code: null });
    t.areas.push({ area_code: 'E06000006-N1', area_name: 'Hub', area_type: 'hub', parent_code: 'E06000006' });
    for (const year of [2018, 2020]) t.populations.push({ area_code: 'E06000006', year, age_band: '65+', population: 20_000 + year });
    // A hub's own list of 2024 is not a place's: left out.
    t.populations.push({ area_code: 'E06000006-N1', year: 2024, age_band: '65+', population: 4_000 });
    const admissions = (area: string, start: string, denominator: number | null) => ({
      metric: 'ascof_2a2', area_code: area, period_start: start, period_type: 'financial_year' as const, breakdown: 'total', numerator: 40, denominator, published_value: null, suppressed: false, source: 't',
    });
    t.observations.push(admissions('E06000006', '2016-04-01', null), admissions('E06000006', '2019-04-01', null), admissions('E06000006', '2024-04-01', null));
    // A denominator the source gave takes no population.
    t.observations.push(admissions('E06000006', '2011-04-01', 19_000), admissions('E06000006-N1', '2024-04-01', null));
    const db = await nodeDuckDb();
    await loadTables(db, TABLE_NAMES.map((name) => ({ name, bytes: toArrowIpc(name, t[name] as never[]) })));
    await buildMetricValues(db, null);
    const rows = await db.query<PopulationYear>(populationYearsSql(allMetrics()));
    // 2019-20 ties between 2018 and 2020: the earlier, as metric_values takes it (its denominator is mid-2018's).
    const held = { held_min: 2018, held_max: 2020 };
    expect(rows).toEqual([{ year: 2016, population_year: 2018, ...held }, { year: 2019, population_year: 2018, ...held }, { year: 2024, population_year: 2020, ...held }]);
    const [filled] = await db.query<{ denominator: number }>(`SELECT denominator FROM metric_values WHERE area_code = 'E06000006' AND period_start = DATE '2019-04-01'`);
    expect(filled!.denominator).toBe(22_018);
    expect(populationYearsNote(rows)).toBe(
      "Rates per population for 2016-17 use the mid-2018 estimate (the earliest held), and for 2024-25 the mid-2020 estimate (the latest held), rather than their own year's: load ONS's mid-year estimates for those years to correct them.",
    );
    // The hub's own rates, said apart: its one list (of 2024-25) serves its 2021-22 and 2024-25 alike.
    t.observations.push(admissions('E06000006-N1', '2021-04-01', null));
    const withHub = await nodeDuckDb();
    await loadTables(withHub, TABLE_NAMES.map((name) => ({ name, bytes: toArrowIpc(name, t[name] as never[]) })));
    await buildMetricValues(withHub, null);
    const hubRows = await withHub.query<PopulationYear>(populationYearsSql(allMetrics(), 'hub'));
    expect(hubRows).toEqual([{ year: 2021, population_year: 2024, held_min: 2024, held_max: 2024 }, { year: 2024, population_year: 2024, held_min: 2024, held_max: 2024 }]);
    expect(populationYearsNote(hubRows, 'hub')).toBe(
      "Hub rates for 2021-22 use the registered patients of 2024-25 (the only list held), rather than their own year's: give the registered-patient lists of those years with the records to correct them.",
    );
    expect(await withHub.query(populationYearsSql(allMetrics()))).toEqual(rows);
  });
});
