import { beforeAll, describe, expect, it } from 'vitest';
import { toArrowIpc } from '../../src/lib/contract/arrow';
import { emptyTables } from '../../src/lib/contract/canonical';
import { TABLE_NAMES, type Observation, type Tables, type Target } from '../../src/lib/contract/schema';
import { AREAS_SQL, CREATE_LOCAL_LAYER, CREATE_METRIC_VALUES, seriesQuery, type SeriesRow } from '../../src/lib/metrics/queries';
import { generateDemo } from '../../pipelines/demo/generate';
import { nodeDuckDb, type NodeDb } from '../../src/lib/server/node-duckdb';

async function loaded(given: Partial<Tables>): Promise<NodeDb> {
  const db = await nodeDuckDb();
  const tables = { ...emptyTables(), ...given };
  for (const name of TABLE_NAMES) db.insertArrow(name, toArrowIpc(name, tables[name]));
  for (const sql of CREATE_LOCAL_LAYER) await db.query(sql);
  await db.query(CREATE_METRIC_VALUES);
  return db;
}

const series = (db: NodeDb, ...args: Parameters<typeof seriesQuery>) => {
  const { sql, params } = seriesQuery(...args);
  return db.query<SeriesRow>(sql, params);
};

describe('queries over the demo extracts, in DuckDB-WASM', () => {
  const demo = generateDemo();
  let db: NodeDb;
  beforeAll(async () => {
    db = await loaded(demo);
  }, 120_000); // the demo's 160,000 observations, 32,000 population rows, under a shared machine's load

  it('returns a place series exactly as stored, oldest first, dates as ISO text', async () => {
    const rows = await series(db, 'ascof_2a2', 'total', 'financial_year', ['E06000006']);
    const stored = demo.observations.filter((o) => o.metric === 'ascof_2a2' && o.area_code === 'E06000006' && o.period_type === 'financial_year');
    expect(rows.map((r) => [r.period_start, r.numerator, r.denominator])).toEqual(stored.map((o) => [o.period_start, o.numerator, o.denominator]));
  });

  it('makes each ICB the sum of its places, numerators and denominators', async () => {
    const places = demo.areas.filter((a) => a.parent_code === 'E54000008').map((a) => a.area_code);
    const pick = (o: Observation) => o.metric === 'dtoc' && o.breakdown === 'nhs' && o.period_start === '2019-03-01';
    const stored = demo.observations.filter((o) => pick(o) && places.includes(o.area_code));
    const [icb] = await db.query<SeriesRow>(
      `SELECT numerator, denominator FROM metric_values WHERE area_code = ? AND metric = 'dtoc' AND breakdown = 'nhs' AND period_start = DATE '2019-03-01'`,
      ['E54000008'],
    );
    expect(stored).toHaveLength(9);
    expect(icb).toEqual({ numerator: stored.reduce((s, o) => s + o.numerator, 0), denominator: stored.reduce((s, o) => s + o.denominator!, 0) });
  });

  it('binds user text as a value, never as SQL', async () => {
    const rows = await series(db, "dtoc' OR 1=1 --", 'total', 'month', ["E06000006'); DROP TABLE areas; --"]);
    expect(rows).toEqual([]);
    expect((await db.query(AREAS_SQL)).length).toBe(demo.areas.length);
  });
});

describe('ICB sums', () => {
  it('leave out periods where any of the ICB places has no figure', async () => {
    const areas: Tables['areas'] = [
      { area_code: 'I1', area_name: 'ICB', area_type: 'icb', parent_code: null },
      { area_code: 'P1', area_name: 'One', area_type: 'place', parent_code: 'I1' },
      { area_code: 'P2', area_name: 'Two', area_type: 'place', parent_code: 'I1' },
    ];
    const obs = (area: string, start: string, n: number): Observation => ({
      metric: 'ascof_2a2', area_code: area, period_start: start, period_type: 'financial_year', breakdown: 'total',
      numerator: n, denominator: 1000, published_value: null, suppressed: false, source: 't',
    });
    const db = await loaded({ areas, populations: [], observations: [obs('P1', '2019-04-01', 5), obs('P2', '2019-04-01', 7), obs('P1', '2020-04-01', 4)] });
    const rows = await series(db, 'ascof_2a2', 'total', 'financial_year', ['I1']);
    expect(rows).toEqual([{ area_code: 'I1', period_start: '2019-04-01', period_type: 'financial_year', numerator: 12, denominator: 2000, published_value: null, suppressed: false, local: false, target: null, target_local: false }]);
  }, 30_000);

  it('count only the places whose code was in use in the period: Buckinghamshire\'s county until March 2020, its unitary council after', async () => {
    const areas: Tables['areas'] = [
      { area_code: 'E54000044', area_name: 'BOB', area_type: 'icb', parent_code: null },
      { area_code: 'E10000002', area_name: 'Buckinghamshire', area_type: 'place', parent_code: 'E54000044' },
      { area_code: 'E06000060', area_name: 'Buckinghamshire', area_type: 'place', parent_code: 'E54000044' },
      { area_code: 'E10000025', area_name: 'Oxfordshire', area_type: 'place', parent_code: 'E54000044' },
    ];
    const obs = (area: string, start: string, n: number): Observation => ({
      metric: 'ascof_2a2', area_code: area, period_start: start, period_type: 'financial_year', breakdown: 'total',
      numerator: n, denominator: 1000, published_value: null, suppressed: false, source: 't',
    });
    const db = await loaded({ areas, observations: [
      obs('E10000002', '2019-04-01', 5), obs('E10000025', '2019-04-01', 7),
      obs('E06000060', '2020-04-01', 6), obs('E10000025', '2020-04-01', 8),
      obs('E10000025', '2021-04-01', 9),
    ] });
    const rows = await series(db, 'ascof_2a2', 'total', 'financial_year', ['E54000044']);
    expect(rows.map((r) => [r.period_start, r.numerator, r.denominator])).toEqual([['2019-04-01', 12, 2000], ['2020-04-01', 14, 2000]]);
  }, 30_000);
});

describe('denominators and the local layer', () => {
  const areas: Tables['areas'] = [{ area_code: 'E06000006', area_name: 'Halton', area_type: 'place', parent_code: null }];
  const obs = (start: string, n: number, metric = 'dtoc', denominator: number | null = null): Observation => ({
    metric, area_code: 'E06000006', period_start: start, period_type: metric === 'dtoc' ? 'month' : 'financial_year', breakdown: 'total',
    numerator: n, denominator, published_value: null, suppressed: false, source: 't',
  });
  const populations: Tables['populations'] = [
    { area_code: 'E06000006', year: 2018, age_band: '18+', population: 99_815 },
    { area_code: 'E06000006', year: 2020, age_band: '18+', population: 100_914 },
    { area_code: 'E06000006', year: 2020, age_band: '65+', population: 24_105 },
  ];

  it('fills a missing denominator from the metric band for the financial year, else the nearest year (earlier on a tie)', async () => {
    const db = await loaded({ areas, populations, observations: [obs('2020-05-01', 300), obs('2021-01-01', 310), obs('2019-06-01', 320), obs('2017-03-01', 330), obs('2020-04-01', 34, 'ascof_2a2'), obs('2019-04-01', 30, 'ascof_2a2', 23_900)] });
    const dtoc = await series(db, 'dtoc', 'total', 'month', ['E06000006']);
    // Mar 2017 is in 2016-17 (nearest held: 2018); Jun 2019 in 2019-20 (2018 and 2020 tie: 2018); 2020-21 exact.
    expect(dtoc.map((r) => [r.period_start, r.denominator])).toEqual([['2017-03-01', 99_815], ['2019-06-01', 99_815], ['2020-05-01', 100_914], ['2021-01-01', 100_914]]);
    const admissions = await series(db, 'ascof_2a2', 'total', 'financial_year', ['E06000006']);
    expect(admissions.map((r) => [r.period_start, r.denominator])).toEqual([['2019-04-01', 23_900], ['2020-04-01', 24_105]]);
  }, 30_000);

  it('lets uploaded rows replace bundled rows of the same key, marked local', async () => {
    const db = await loaded({ areas, populations, observations: [obs('2020-05-01', 300), obs('2020-06-01', 290)] });
    db.insertArrow('upload', toArrowIpc('observations', [obs('2020-06-01', 250)]));
    await db.query('INSERT INTO local_observations SELECT * FROM upload');
    await db.query(CREATE_METRIC_VALUES);
    const rows = await series(db, 'dtoc', 'total', 'month', ['E06000006']);
    expect(rows.map((r) => [r.period_start, r.numerator, r.local])).toEqual([['2020-05-01', 300, false], ['2020-06-01', 250, true]]);
  }, 30_000);
});

describe('targets in force', () => {
  const areas: Tables['areas'] = [
    { area_code: 'I1', area_name: 'ICB', area_type: 'icb', parent_code: null },
    { area_code: 'P1', area_name: 'One', area_type: 'place', parent_code: 'I1' },
  ];
  const obs = (start: string, breakdown = 'total', area = 'P1'): Observation => ({
    metric: 'dtoc', area_code: area, period_start: start, period_type: 'month', breakdown,
    numerator: 300, denominator: 100_000, published_value: null, suppressed: false, source: 't',
  });
  const target = (start: string, type: Target['period_type'], value: number, area = 'P1'): Target => ({
    metric: 'dtoc', area_code: area, period_start: start, period_type: type, target: value, source: 'targets.csv:2',
  });

  it('gives each total the target of the shortest period containing it, and none to other breakdowns', async () => {
    const db = await loaded({
      areas,
      observations: [obs('2019-03-01'), obs('2019-04-01'), obs('2019-05-01'), obs('2020-04-01'), obs('2019-04-01', 'nhs')],
      targets: [target('2018-04-01', 'financial_year', 10), target('2019-04-01', 'financial_year', 9), target('2019-04-01', 'quarter', 8.5), target('2019-05-01', 'month', 8), target('2019-04-01', 'financial_year', 5, 'I1')],
    });
    const rows = await series(db, 'dtoc', 'total', 'month', ['P1', 'I1']);
    // I1's sum covers only the months its one place reports; 2020-04 has no target set.
    expect(rows.map((r) => [r.area_code, r.period_start, r.target])).toEqual([
      ['I1', '2019-03-01', null], ['I1', '2019-04-01', 5], ['I1', '2019-05-01', 5], ['I1', '2020-04-01', null],
      ['P1', '2019-03-01', 10], ['P1', '2019-04-01', 8.5], ['P1', '2019-05-01', 8], ['P1', '2020-04-01', null],
    ]);
    expect((await series(db, 'dtoc', 'nhs', 'month', ['P1'])).map((r) => r.target)).toEqual([null]);
  }, 30_000);

  it('holds a year\'s target for shorter periods only where they are on the same scale (not admissions per quarter)', async () => {
    const admissions = (start: string, type: Observation['period_type']): Observation => ({ ...obs(start), metric: 'ascof_2a2', period_type: type, denominator: 20_000 });
    const db = await loaded({
      areas,
      observations: [admissions('2019-04-01', 'financial_year'), admissions('2019-07-01', 'quarter')],
      targets: [{ ...target('2019-04-01', 'financial_year', 600), metric: 'ascof_2a2' }],
    });
    expect((await series(db, 'ascof_2a2', 'total', 'financial_year', ['P1'])).map((r) => r.target)).toEqual([600]);
    expect((await series(db, 'ascof_2a2', 'total', 'quarter', ['P1'])).map((r) => r.target)).toEqual([null]);
  }, 30_000);

  it('lets an uploaded target replace the bundled one for the same period', async () => {
    const db = await loaded({ areas, observations: [obs('2019-04-01')], targets: [target('2019-04-01', 'financial_year', 9)] });
    db.insertArrow('upload', toArrowIpc('targets', [target('2019-04-01', 'financial_year', 7.5)]));
    await db.query('INSERT INTO local_targets SELECT * FROM upload');
    await db.query(CREATE_METRIC_VALUES);
    expect((await series(db, 'dtoc', 'total', 'month', ['P1'])).map((r) => [r.target, r.target_local])).toEqual([[7.5, true]]);
  }, 30_000);
});
