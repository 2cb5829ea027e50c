import { beforeAll, describe, expect, it } from 'vitest';
import { toArrowIpc } from '../../src/lib/contract/arrow';
import { emptyTables } from '../../src/lib/contract/canonical';
import { builtinDefinitions } from '../../pipelines/definitions';
import { TABLE_NAMES, type Observation, type Tables, type Target } from '../../src/lib/contract/schema';
import { allMetrics, metric } from '../../src/lib/definitions';
import { AREAS_SQL, areasWhere, CREATE_LOCAL_LAYER, createMetricValues, everyAreaQuery, everySeriesQuery, seriesQuery, type SeriesRow } from '../../src/lib/metrics/queries';
import { indexSeries } from '../../src/lib/db/series-index';
import { intervalNote, intervalOf, toPoints } from '../../src/lib/metrics/series';
import { DSR_TOO_FEW } from '../../src/lib/stats/dsr';
import { roundTo } from '../../src/lib/stats/rates';
import { generateDemo } from '../../pipelines/demo/generate';
import { nodeDuckDb, type NodeDb } from '../../src/lib/server/node-duckdb';
import { buildMetricValues, loadTables, queryHeld, querySeries, querySeriesSet, seriesKey } from '../../src/lib/db/prepare';
import { PUBLISHED_OBSERVATIONS } from '../../pipelines/publish';

async function loaded(given: Partial<Tables>, createValues = createMetricValues(allMetrics())): Promise<NodeDb> {
  const db = await nodeDuckDb();
  const tables = { ...emptyTables(), metrics: builtinDefinitions(), ...given };
  for (const name of TABLE_NAMES) db.insertArrow(name, toArrowIpc(name, tables[name]));
  for (const sql of CREATE_LOCAL_LAYER) await db.query(sql);
  await db.query(createValues);
  return db;
}

const series = (db: NodeDb, metric: string, breakdown: string, periodType: string, areaCodes: string[]) => {
  const { sql, params } = seriesQuery([{ metric, breakdown, periodType }], areaCodes);
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

  it('asks for lists of areas of about the same size with one query text, each area answered once', async () => {
    const places = demo.areas.filter((a) => a.area_type === 'place').map((a) => a.area_code);
    const ask = [{ metric: 'dtoc', breakdown: 'total', periodType: 'month' }];
    const nine = seriesQuery(ask, places.slice(0, 9));
    // 9 and 12 areas share a text (kept prepared in the page), 17 needs another.
    expect(seriesQuery(ask, places.slice(0, 12)).sql).toBe(nine.sql);
    expect(seriesQuery(ask, places.slice(0, 17)).sql).not.toBe(nine.sql);
    const rows = await db.query<SeriesRow>(nine.sql, nine.params);
    expect(new Set(rows.map((r) => r.area_code))).toEqual(new Set(places.slice(0, 9)));
    expect(new Set(rows.map((r) => `${r.area_code} ${r.period_start}`)).size).toBe(rows.length);
    expect(rows).toHaveLength(demo.observations.filter((o) => o.metric === 'dtoc' && o.breakdown === 'total' && o.period_type === 'month' && places.slice(0, 9).includes(o.area_code)).length);
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

  it('answers every series of a view in one query, each as asked alone', async () => {
    // A view's charts (the overview's metrics, each by its own period type) cost one round trip to
    // the page's worker, not one each; the rows split back into the series asked, in that order.
    const asked = [
      { metric: metric('emergency_admissions_65'), breakdown: 'total', periodType: 'month' },
      { metric: metric('ascof_2a2'), breakdown: 'total', periodType: 'financial_year' },
      { metric: metric('dtoc'), breakdown: 'nhs', periodType: 'month' },
      { metric: metric('ascof_2a2'), breakdown: 'total', periodType: 'quarter' },
    ];
    const codes = ['E92000001', 'E54000008', 'E06000006', 'E08000015'];
    const sent: string[] = [];
    const counted = { query: <T extends Record<string, unknown>>(sql: string, params?: (string | number)[]) => (sent.push(sql), db.query<T>(sql, params)) };
    const together = await querySeriesSet(counted, asked, codes);
    expect(sent).toHaveLength(1);
    const alone = await Promise.all(asked.map((a) => querySeries(db, a.metric, a.breakdown, a.periodType, codes)));
    expect(together).toEqual(alone);
    // Halton's rows in each series are the stored ones of that metric, breakdown and period type.
    expect(together.map((s) => s.filter((p) => p.area_code === 'E06000006').map((p) => [p.period_start, p.numerator]))).toEqual(
      asked.map((a) => demo.observations.filter((o) => o.metric === a.metric.id && o.breakdown === a.breakdown && o.period_type === a.periodType && o.area_code === 'E06000006').map((o) => [o.period_start, o.numerator])),
    );
    expect(together.every((s) => s.length > 0)).toBe(true);
  });

  it('says what metric_values holds (period types, breakdowns, first and last periods), as a query for each says it', async () => {
    const { coverage, periods } = await queryHeld(db);
    const each = await db.query<{ metric: string; period_types: string[]; breakdowns: string[] }>(
      'SELECT metric, list(DISTINCT period_type ORDER BY period_type) AS period_types, list(DISTINCT breakdown ORDER BY breakdown) AS breakdowns FROM metric_values GROUP BY metric',
    );
    expect(coverage).toEqual(Object.fromEntries(each.map((c) => [c.metric, { periodTypes: [...c.period_types], breakdowns: [...c.breakdowns] }])));
    const spans = await db.query<{ key: string; first: string; last: string }>(
      `SELECT metric || '/' || period_type AS key, strftime(min(period_start), '%Y-%m-%d') AS first, strftime(max(period_start), '%Y-%m-%d') AS last FROM metric_values GROUP BY ALL`,
    );
    expect(periods).toEqual(Object.fromEntries(spans.map((p) => [p.key, { first: p.first, last: p.last }])));
    // The demo's DSR metric gains the totals metric_values works out from its age bands.
    expect(coverage.falls_65!.breakdowns).toContain('total');
    expect(coverage.dtoc!.breakdowns).toContain('social_care');
  });

  it('answers a change of area from every area\'s rows kept in the page, exactly as the query would', async () => {
    // The overview's and the metric page's series, a DSR among them; area lists as pages ask them:
    // a place with its ICB, England and hubs, a list with a code twice, a code no series has.
    const asked = [
      { metric: metric('dtoc'), breakdown: 'total', periodType: 'month' },
      { metric: metric('dtoc'), breakdown: 'nhs', periodType: 'month' },
      { metric: metric('ascof_2a2'), breakdown: 'total', periodType: 'quarter' },
      { metric: metric('falls_65'), breakdown: 'total', periodType: 'financial_year' },
    ];
    const hubs = demo.areas.filter((a) => a.parent_code === 'E08000005').map((a) => a.area_code);
    const lists = [['E06000006', 'E54000008', 'E92000001', ...hubs], ['E08000015', 'E06000006', 'E08000015'], ['E06000006', 'NOT-AN-AREA'], demo.areas.map((a) => a.area_code)];
    expect(hubs.length).toBeGreaterThan(0);
    for (const a of asked) {
      const { sql, params } = everyAreaQuery({ metric: a.metric.id, breakdown: a.breakdown, periodType: a.periodType });
      const index = indexSeries(await db.queryTable(sql, params), { metric: a.metric.id, breakdown: a.breakdown, period_type: a.periodType });
      for (const codes of lists) {
        const fromIndex = toPoints(a.metric, index.rowsFor(seriesKey(a.metric.id, a.breakdown, a.periodType), codes));
        expect(fromIndex.length).toBeGreaterThan(0);
        expect(fromIndex).toEqual(await querySeries(db, a.metric, a.breakdown, a.periodType, codes));
      }
    }
  });

  it('answers a change of metric, breakdown or period type from every series of the view\'s areas kept in the page, exactly as the query would', async () => {
    const hubs = demo.areas.filter((a) => a.parent_code === 'E08000005').map((a) => a.area_code);
    const lists = [['E06000006', 'E54000008', 'E92000001', ...hubs], ['E08000015', 'E06000006', 'E08000015'], ['E06000006', 'NOT-AN-AREA']];
    const held = await db.query<{ metric: string; breakdown: string; period_type: string }>('SELECT DISTINCT metric, breakdown, period_type FROM metric_values ORDER BY ALL');
    expect(held.length).toBeGreaterThan(10);
    for (const codes of lists) {
      const { sql, params } = everySeriesQuery(codes);
      const index = indexSeries(await db.queryTable(sql, params));
      // Every series held, and one no area has.
      for (const s of [...held, { metric: 'dtoc', breakdown: 'no-such-breakdown', period_type: 'month' }]) {
        const m = metric(s.metric);
        const fromIndex = toPoints(m, index.rowsFor(seriesKey(s.metric, s.breakdown, s.period_type), codes));
        expect(fromIndex).toEqual(await querySeries(db, m, s.breakdown, s.period_type, codes));
      }
    }
  });
  it('keeps exactly the areas asked, though a range of codes it reads by holds others, reading only those ranges', async () => {
    // A place and its second and last hubs: the range from the place to its last hub holds the
    // hubs not asked for too. The ICB and England, a code twice, one no series has.
    const hubs = demo.areas.filter((a) => a.parent_code === 'E08000005').map((a) => a.area_code).sort();
    expect(hubs.length).toBeGreaterThan(2);
    const codes = ['E08000005', hubs[1]!, hubs.at(-1)!, 'E54000008', 'E92000001', 'E54000008', 'NOT-AN-AREA'];
    const { sql, params } = everySeriesQuery(codes);
    const rows = await db.query<SeriesRow>(sql, params);
    let expected = 0;
    for (const code of new Set(codes)) expected += (await db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM metric_values WHERE area_code = ?', [code]))[0]!.n;
    expect(rows).toHaveLength(expected);
    expect(new Set(rows.map((r) => r.area_code))).toEqual(new Set(codes.slice(0, 5)));
    // DuckDB filters the table while reading it (the ranges), not after reading every row.
    const [plan] = await db.query<{ explain_value: string }>(`EXPLAIN (ANALYZE, FORMAT json) ${sql}`, params);
    type Node = { operator_type?: string; operator_cardinality?: number; children?: Node[] };
    const scans = (n: Node): Node[] => [...(n.operator_type === 'TABLE_SCAN' ? [n] : []), ...(n.children ?? []).flatMap(scans)];
    const [scan, ...others] = scans(JSON.parse(plan!.explain_value) as Node);
    expect(others).toEqual([]);
    expect(scan!.operator_cardinality).toBeLessThan(2 * rows.length);
  });

  it('reads a place and its hubs as one range of codes, and codes JavaScript may order unlike DuckDB each alone', () => {
    const ranges = (codes: string[]) => {
      const { sql, params } = areasWhere(codes);
      const list = params.slice(0, 2 * sql.split('>= ?').length - 2);
      return [...new Set(Array.from({ length: list.length / 2 }, (_, i) => `${list[2 * i]}..${list[2 * i + 1]}`))];
    };
    expect(ranges(['E92000001', 'E08000005-N3', 'E08000005', 'E08000005-N1', 'E54000008'])).toEqual(['E08000005..E08000005-N3', 'E54000008..E54000008', 'E92000001..E92000001']);
    expect(ranges(['E08000005', 'E08000005-Ñ1', 'E08000005-N1'])).toEqual(['E08000005..E08000005', 'E08000005-N1..E08000005-N1', 'E08000005-Ñ1..E08000005-Ñ1']);
    // Nine places, each its own range, past the eight slots of the fewest.
    const nine = Array.from({ length: 9 }, (_, i) => `E0600000${i + 1}`);
    expect(ranges(nine)).toEqual(nine.map((c) => `${c}..${c}`));
    expect(() => areasWhere([])).toThrow(/at least one area/);
  });
});

describe('ICB sums', () => {
  const obs = (area: string, start: string, n: number): Observation => ({
    metric: 'ascof_2a2', area_code: area, period_start: start, period_type: 'financial_year', breakdown: 'total',
    numerator: n, denominator: 1000, published_value: null, suppressed: false, source: 't',
  });
  // Buckinghamshire, Oxfordshire and Berkshire West ICB's other councils: West Berkshire, Reading, Wokingham.
  const BERKSHIRE_WEST = ['E06000037', 'E06000038', 'E06000041'];

  it('leave out periods where any of the ICB places has no figure', async () => {
    const areas: Tables['areas'] = [
      { area_code: 'I1', area_name: 'ICB', area_type: 'icb', parent_code: null },
      { area_code: 'P1', area_name: 'One', area_type: 'place', parent_code: 'I1' },
      { area_code: 'P2', area_name: 'Two', area_type: 'place', parent_code: 'I1' },
    ];
    const db = await loaded({ areas, populations: [], observations: [obs('P1', '2019-04-01', 5), obs('P2', '2019-04-01', 7), obs('P1', '2020-04-01', 4)] });
    const rows = await series(db, 'ascof_2a2', 'total', 'financial_year', ['I1']);
    expect(rows).toEqual([{ metric: 'ascof_2a2', breakdown: 'total', area_code: 'I1', period_start: '2019-04-01', period_type: 'financial_year', numerator: 12, denominator: 2000, published_value: null, suppressed: false, local: false, target: null, target_local: false, standardised_rate: null, standardised_variance: null }]);
  }, 30_000);

  it('count only the places whose code was in use in the period: Buckinghamshire\'s county until March 2020, its unitary council after', async () => {
    const areas: Tables['areas'] = [
      { area_code: 'E54000044', area_name: 'BOB', area_type: 'icb', parent_code: null },
      { area_code: 'E10000002', area_name: 'Buckinghamshire', area_type: 'place', parent_code: 'E54000044' },
      { area_code: 'E06000060', area_name: 'Buckinghamshire', area_type: 'place', parent_code: 'E54000044' },
      { area_code: 'E10000025', area_name: 'Oxfordshire', area_type: 'place', parent_code: 'E54000044' },
      ...BERKSHIRE_WEST.map((code) => ({ area_code: code, area_name: code, area_type: 'place' as const, parent_code: 'E54000044' })),
    ];
    const db = await loaded({ areas, observations: [
      obs('E10000002', '2019-04-01', 5), obs('E10000025', '2019-04-01', 7),
      obs('E06000060', '2020-04-01', 6), obs('E10000025', '2020-04-01', 8),
      obs('E10000025', '2021-04-01', 9),
      ...['2019-04-01', '2020-04-01', '2021-04-01'].flatMap((start) => BERKSHIRE_WEST.map((code) => obs(code, start, 10))),
    ] });
    const rows = await series(db, 'ascof_2a2', 'total', 'financial_year', ['E54000044']);
    expect(rows.map((r) => [r.period_start, r.numerator, r.denominator])).toEqual([['2019-04-01', 42, 5000], ['2020-04-01', 44, 5000]]);
  }, 30_000);

  it('give an ICB no figure where the data set holds only some of its councils: a council\'s own data alone is not its ICB\'s', async () => {
    // Halton alone of Cheshire and Merseyside's nine councils, as a site built from Halton's own records has it.
    const areas: Tables['areas'] = [
      { area_code: 'E54000008', area_name: 'NHS Cheshire and Merseyside Integrated Care Board', area_type: 'icb', parent_code: null },
      { area_code: 'E06000006', area_name: 'Halton', area_type: 'place', parent_code: 'E54000008' },
    ];
    const db = await loaded({ areas, observations: [obs('E06000006', '2024-04-01', 5)] });
    expect(await series(db, 'ascof_2a2', 'total', 'financial_year', ['E54000008'])).toEqual([]);
    expect(await series(db, 'ascof_2a2', 'total', 'financial_year', ['E06000006'])).toHaveLength(1);
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
    await db.query(createMetricValues(allMetrics()));
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
    await db.query(createMetricValues(allMetrics()));
    expect((await series(db, 'dtoc', 'total', 'month', ['P1'])).map((r) => [r.target, r.target_local])).toEqual([[7.5, true]]);
  }, 30_000);
});

const WITH_NEW_KINDS = createMetricValues(allMetrics());
const FALLS_65 = metric('falls_65');
const DISCHARGE_DELAY = metric('discharge_delay');

describe('a directly age-standardised rate from its age-band rows', () => {
  const areas: Tables['areas'] = [
    { area_code: 'I1', area_name: 'ICB', area_type: 'icb', parent_code: null },
    { area_code: 'P1', area_name: 'One', area_type: 'place', parent_code: 'I1' },
    { area_code: 'P2', area_name: 'Two', area_type: 'place', parent_code: 'I1' },
  ];
  // The hand-worked example of dsr.test.ts: 276.9 per 100,000 (95% 218.3 to 346.1) from 80 falls.
  const FALLS = [['65-69', 10, 10_000], ['70-74', 12, 8_000], ['75-79', 15, 6_000], ['80-84', 16, 4_000], ['85-89', 15, 2_500], ['90+', 12, 1_000]] as const;
  const band = (area: string, breakdown: string, numerator: number, denominator: number | null, start = '2020-04-01'): Observation => ({
    metric: 'falls_65', area_code: area, period_start: start, period_type: 'financial_year', breakdown,
    numerator, denominator, published_value: null, suppressed: false, source: 't',
  });
  // P1 leaves 90+'s population for the populations table (mid-2020 for 2020-21); P2 is P1 twice over.
  const observations = [
    ...FALLS.map(([b, n, d]) => band('P1', b, n, b === '90+' ? null : d)),
    ...FALLS.map(([b, n, d]) => band('P2', b, 2 * n, 2 * d)),
  ];
  const populations: Tables['populations'] = [
    { area_code: 'P1', year: 2020, age_band: '90+', population: 1_000 },
    { area_code: 'P1', year: 2020, age_band: '65+', population: 99_999 },
  ];
  const total = async (db: NodeDb, area: string) => toPoints(FALLS_65, await series(db, 'falls_65', 'total', 'financial_year', [area]));

  it('makes the total from the bands, the 90+ population filled from its five-year band, with the Dobson interval of stats/dsr.ts', async () => {
    const db = await loaded({ areas, populations, observations }, WITH_NEW_KINDS);
    const [p1] = await total(db, 'P1');
    expect(p1).toMatchObject({ numerator: 80, denominator: 31_500 });
    expect(p1!.value).toBeCloseTo(276.923077, 5);
    // Kept as the row's published rate too, so a page has it where publishing hides a small band.
    expect(p1!.published_value).toBeCloseTo(276.923077, 5);
    const ci = intervalOf(FALLS_65, p1!)!;
    expect([ci.lower, ci.upper].map((x) => roundTo(x, 1))).toEqual([218.3, 346.1]);
    expect(ci.method).toBe('dobson');
    expect(intervalNote(FALLS_65, p1!)).toBeNull();
    // The ICB: its bands are the sums of its places' (3 × each), so the same rates and the same DSR,
    // from three times the events: variance ÷ 3, interval narrower.
    const [icb] = await total(db, 'I1');
    expect(icb).toMatchObject({ numerator: 240, denominator: 94_500 });
    expect(icb!.value).toBeCloseTo(276.923077, 5);
    expect(icb!.standardised!.variance).toBeCloseTo(p1!.standardised!.variance / 3, 15);
    const icbCi = intervalOf(FALLS_65, icb!)!;
    expect(icbCi.upper - icbCi.lower).toBeLessThan(ci.upper - ci.lower);
  }, 30_000);

  it('gives no rate below 10 events in total, saying why', async () => {
    const few = FALLS.map(([b, , d]) => band('P1', b, b === '90+' ? 9 : 0, d));
    const db = await loaded({ areas, observations: few }, WITH_NEW_KINDS);
    const [p1] = await total(db, 'P1');
    expect([p1!.numerator, p1!.value, p1!.published_value]).toEqual([9, null, null]);
    expect(intervalOf(FALLS_65, p1!)).toBeNull();
    expect(intervalNote(FALLS_65, p1!)).toBe(DSR_TOO_FEW);
  }, 30_000);

  it('keeps a source\'s own total where not every band is held or shown, its published rate the value, with no interval', async () => {
    const published = { ...band('P1', 'total', 80, null), published_value: 276.9 };
    const partial = [published, ...FALLS.slice(1).map(([b, n, d]) => band('P1', b, n, d)), { ...band('P1', '65-69', 0, null), suppressed: true }];
    const db = await loaded({ areas, populations, observations: partial }, WITH_NEW_KINDS);
    const [p1] = await total(db, 'P1');
    expect(p1).toMatchObject({ numerator: 80, denominator: 99_999, value: 276.9, standardised: null });
    expect(intervalOf(FALLS_65, p1!)).toBeNull();
    expect(intervalNote(FALLS_65, p1!)).toMatch(/age-band counts behind this rate are not held/);
  }, 30_000);
});

describe('a directly age-standardised rate through publishing', () => {
  it('keeps the rate but not the sums or the interval where a small band is hidden, the same before and after publishing', async () => {
    const areas: Tables['areas'] = [{ area_code: 'P1', area_name: 'One', area_type: 'place', parent_code: null }];
    // The hand-worked bands with 90+ cut to 4 falls: 72 in all; Σ w·O/n = 54 − 12 + 4 = 46, so 46 / 19,500 × 100,000 = 235.897.
    const counts = [['65-69', 10, 10_000], ['70-74', 12, 8_000], ['75-79', 15, 6_000], ['80-84', 16, 4_000], ['85-89', 15, 2_500], ['90+', 4, 1_000]] as const;
    const observations = counts.map(([breakdown, numerator, denominator]): Observation => ({
      metric: 'falls_65', area_code: 'P1', period_start: '2020-04-01', period_type: 'financial_year', breakdown,
      numerator, denominator, published_value: null, suppressed: false, source: 't',
    }));
    const metrics = allMetrics();
    const tables = { ...emptyTables(), areas, observations };
    const controlled = await nodeDuckDb();
    await loadTables(controlled, TABLE_NAMES.map((name) => ({ name, bytes: toArrowIpc(name, tables[name]) })));
    await buildMetricValues(controlled, 7, false, metrics);
    const seen = async (db: NodeDb) => toPoints(FALLS_65, await series(db, 'falls_65', 'total', 'financial_year', ['P1']))[0]!;
    const before = await seen(controlled);
    const published = (await controlled.query<Record<string, unknown>>(PUBLISHED_OBSERVATIONS)).map(({ source_file, source_row, ...r }) => ({ ...r, source: `${source_file}:${source_row}` }) as unknown as Observation);
    // Every band is hidden (one is small, and the rate weights them all); the total is not.
    expect(published.filter((o) => o.suppressed).map((o) => o.breakdown)).toEqual(counts.map(([b]) => b));
    const page = await nodeDuckDb();
    await loadTables(page, TABLE_NAMES.map((name) => ({ name, bytes: toArrowIpc(name, name === 'observations' ? published : tables[name]) })));
    await buildMetricValues(page, null, false, metrics);
    const after = await seen(page);
    for (const p of [before, after]) {
      expect(p.numerator).toBe(72);
      expect(p.value).toBeCloseTo(235.897436, 5);
      expect(p.standardised).toBeNull();
      expect(intervalOf(FALLS_65, p)).toBeNull();
      expect(intervalNote(FALLS_65, p)).toMatch(/age-band counts behind this rate are not held/);
    }
  }, 60_000);
});

describe('a mean per event', () => {
  it('is total delay days ÷ patients discharged, summed over an ICB\'s places, with no interval and the reason', async () => {
    const areas: Tables['areas'] = [
      { area_code: 'I1', area_name: 'ICB', area_type: 'icb', parent_code: null },
      { area_code: 'P1', area_name: 'One', area_type: 'place', parent_code: 'I1' },
      { area_code: 'P2', area_name: 'Two', area_type: 'place', parent_code: 'I1' },
    ];
    const obs = (area: string, days: number, patients: number): Observation => ({
      metric: 'discharge_delay', area_code: area, period_start: '2025-06-01', period_type: 'month', breakdown: 'total',
      numerator: days, denominator: patients, published_value: null, suppressed: false, source: 't',
    });
    const db = await loaded({ areas, observations: [obs('P1', 450, 100), obs('P2', 90, 60)] }, WITH_NEW_KINDS);
    const points = toPoints(DISCHARGE_DELAY, await series(db, 'discharge_delay', 'total', 'month', ['I1', 'P1', 'P2']));
    // P1 450 / 100 = 4.5 days; P2 90 / 60 = 1.5; the ICB (450 + 90) / (100 + 60) = 3.375, not the mean of means (3.0).
    expect(points.map((p) => [p.area_code, p.value])).toEqual([['I1', 3.375], ['P1', 4.5], ['P2', 1.5]]);
    expect(intervalOf(DISCHARGE_DELAY, points[1]!)).toBeNull();
    expect(intervalNote(DISCHARGE_DELAY, points[1]!)).toBe(DISCHARGE_DELAY.intervalNote);
  }, 30_000);
});
