import { describe, expect, it } from 'vitest';
import { builtinDefinitions } from '../../pipelines/definitions';
import { readCanonicalCsv } from '../../src/lib/contract/canonical';
import { formatError } from '../../src/lib/contract/errors';
import { emptyTables } from '../../src/lib/contract/canonical';
import { coreYearsText, findMetric, metricsFromRows, parseDefinition, type DefinitionRow } from '../../src/lib/definitions';
import { ingestTexts } from '../../src/lib/ingest/ingest';
import { bcfYearInView, bcfYearsOffered, builtMetrics, coreMetricsOf } from '../../src/lib/metrics/bcf-year';
import { lineageNotes } from '../../src/lib/metrics/lineage';
import { BUILTIN_METRICS } from '../helpers/definitions';

const HEADER = 'id,title,kind,unit,polarity,period_types';
const AREAS = 'area_code,area_name,area_type,parent_code\nE92000001,England,england,\nE12000002,North West,region,E92000001\nE54000008,Cheshire and Merseyside,icb,E12000002\nE06000006,Halton,place,E54000008\n';

const row = (cells: Partial<DefinitionRow>): DefinitionRow =>
  ({ id: 'falls_local', title: 'Falls', kind: 'rate', unit: 'per 100,000', polarity: 'lower', period_types: 'quarter', ...cells }) as DefinitionRow;
const problemsOf = (cells: Partial<DefinitionRow>) => {
  const parsed = parseDefinition(row(cells));
  return 'problems' in parsed ? parsed.problems.map((p) => `${p.column}: ${p.message}`) : [];
};

describe('the built-in definitions', () => {
  const core = (year: string) => coreMetricsOf(year, BUILTIN_METRICS).map((m) => m.id).sort();

  it('hold each planning framework’s core set, 2015-16 to 2025-26', () => {
    // BCF policy frameworks: 2015-16 to 2019-20 four national metrics; none set in 2020-21 (plans
    // suspended in the pandemic); 2021-22 adds length of stay, which 2022-23 drops; 2023-25 adds
    // falls; 2025-26 three core metrics.
    const to2020 = ['ascof_2a2', 'ascof_2b1', 'dtoc', 'non_elective_admissions'];
    for (const y of ['2015-16', '2016-17', '2017-18', '2018-19', '2019-20']) expect(core(y)).toEqual(to2020);
    expect(core('2020-21')).toEqual([]);
    expect(core('2021-22')).toEqual(['ascof_2a2', 'ascof_2b1', 'avoidable_admissions', 'discharge_usual_residence', 'length_of_stay_14', 'length_of_stay_21']);
    expect(core('2022-23')).toEqual(['ascof_2a2', 'ascof_2b1', 'avoidable_admissions', 'discharge_usual_residence']);
    for (const y of ['2023-24', '2024-25']) expect(core(y)).toEqual(['ascof_2a2', 'ascof_2b1', 'avoidable_admissions', 'discharge_usual_residence', 'falls_65']);
    expect(core('2025-26')).toEqual(['ascof_2a2', 'discharge_delay', 'emergency_admissions_65']);
  });

  it('keep care-home admissions 65+ one metric across every framework, and name a source for each metric', () => {
    expect(coreYearsText(findMetric('ascof_2a2')!)).toBe('Better Care Fund metric 2015-16 to 2019-20 and 2021-22 to 2025-26');
    expect(coreYearsText(findMetric('ascof_2a1')!)).toBe('Not a Better Care Fund metric; shown for context');
    for (const m of BUILTIN_METRICS) expect(m.source, m.id).not.toBe('');
  });

  it('link ended series to what followed, both ways', () => {
    for (const m of BUILTIN_METRICS) {
      if (m.successor) expect(findMetric(m.successor), `${m.id} → ${m.successor}`).toBeDefined();
      if (m.predecessor) expect(findMetric(m.predecessor), `${m.id} ← ${m.predecessor}`).toBeDefined();
    }
    const notes = lineageNotes(findMetric('dtoc')!, findMetric).map((n) => n.text);
    expect(notes[0]).toBe('Delayed transfers of care ended Feb 2020; the current measure is average discharge delay, a different definition drawn as a separate line.');
    expect(lineageNotes(findMetric('discharge_delay')!, findMetric).map((n) => n.text)).toContain(
      'It follows delayed transfers of care (ended Feb 2020); the two are not joined into one line.',
    );
  });

  it('give each kind its interval: Dobson for age-standardised rates, none (with the reason) for a mean', () => {
    expect(findMetric('falls_65')).toMatchObject({ kind: 'dsr', ciMethod: 'dobson', multiplier: 100_000, denominatorBand: '65+' });
    expect(findMetric('falls_65')!.breakdowns.map((b) => b.id)).toEqual(['total', '65-69', '70-74', '75-79', '80-84', '85-89', '90+']);
    expect(findMetric('discharge_delay')).toMatchObject({ kind: 'mean', ciMethod: 'none', multiplier: 1 });
    expect(findMetric('discharge_delay')!.intervalNote).toMatch(/no confidence interval can be computed/);
    expect(findMetric('dtoc')!.sums.map((s) => s.parts.length)).toEqual([3, 11]);
  });
});

describe('a definition row', () => {
  it('fills what a data team may leave out from its kind', () => {
    const parsed = parseDefinition(row({ kind: 'proportion', unit: '%', polarity: 'higher' }));
    expect('metric' in parsed && parsed.metric).toMatchObject({ multiplier: 100, ciMethod: 'wilson', short: 'Falls', breakdowns: [{ id: 'total', label: 'All' }], coreYears: [] });
  });

  it('is refused, column by column, where it makes no sense', () => {
    expect(problemsOf({ kind: 'ratio' })).toEqual(['kind: "ratio" is not one of rate, rate_per_day, proportion, mean, dsr']);
    expect(problemsOf({ kind: 'proportion', multiplier: '1000' })).toEqual(['multiplier: a proportion is a percentage: its multiplier is 100, not 1000']);
    expect(problemsOf({ interval: 'wilson' })).toEqual(['interval: wilson does not fit a rate (use byar or none)']);
    expect(problemsOf({ kind: 'dsr' })).toEqual(['population_band: is empty: an age-standardised rate needs the ages it covers (all, 65+ …)']);
    expect(problemsOf({ interval: 'none' })).toEqual(['interval_note: is empty: say why there is no confidence interval']);
    expect(problemsOf({ core_years: '2025-2026' })).toEqual(['core_years: "2025-2026" is not a financial year written as 2025-26']);
    expect(problemsOf({ breakdowns: 'total=All; nhs=NHS', sums: 'nhs+social=total' })).toEqual(['sums: "nhs+social=total" names breakdown(s) not listed in breakdowns: social']);
    expect(problemsOf({ breakdowns: 'nhs=NHS' })).toEqual(['breakdowns: has no "total" breakdown (every metric has one: the figure every total view shows)']);
    expect(problemsOf({ id: 'Falls 65+' })).toEqual(['id: "Falls 65+" is not a metric id (lower-case letters, digits and _, starting with a letter)']);
    expect(problemsOf({ period_types: 'week' })).toEqual(['period_types: "week" is not one of month, quarter, financial_year']);
  });
});

describe('a definitions file', () => {
  const definitions = `${HEADER},population_band,core_years\nfalls_local,Falls seen by the community team,rate,per 100000 aged 65+,lower,quarter,65+,2025-26\n`;
  const observations = 'metric,area_code,period_start,period_type,breakdown,numerator,denominator\nfalls_local,E06000006,2025-04-01,quarter,total,40,24000\n';

  it('brings a metric the project has never seen, usable by the rows of the same upload', () => {
    const result = ingestTexts(emptyTables(), [
      { name: 'areas.csv', text: AREAS },
      { name: 'obs.csv', text: observations },
      { name: 'definitions.csv', text: definitions },
    ], builtinDefinitions());
    expect(result.errors.map(formatError)).toEqual([]);
    expect(result.tables.metrics.map((r) => r.id)).toEqual(['falls_local']);
    expect(result.tables.observations).toHaveLength(1);
    const metrics = metricsFromRows(builtinDefinitions(), result.tables.metrics);
    // Naming itself core for 2025-26 puts it beside that year's metrics.
    expect(coreMetricsOf('2025-26', metrics).map((m) => m.id)).toContain('falls_local');
  });

  it('with a bad row says file, row and column, and the metric stays unknown', () => {
    const bad = `${HEADER},population_band\nfalls_local,Falls,dsr,per 100000,lower,quarter,\n`;
    const result = ingestTexts(emptyTables(), [{ name: 'areas.csv', text: AREAS }, { name: 'defs.csv', text: bad }, { name: 'obs.csv', text: observations }], builtinDefinitions());
    expect(result.errors.map(formatError)).toEqual([
      'defs.csv, row 2, column "population_band": is empty: an age-standardised rate needs the ages it covers (all, 65+ …)',
      expect.stringMatching(/^obs\.csv, row 2, column "metric": "falls_local" is not a defined metric \(defined: dtoc, .*\); a new one needs a row in a definitions file first$/),
    ]);
    expect(result.tables.metrics).toEqual([]);
  });

  it('replaces a built-in definition of the same id (a data team may reword one)', () => {
    const reworded = `${HEADER},population_band,core_years\nascof_2a2,Care home admissions (our wording),rate,per 100000 aged 65+,lower,quarter;financial_year,65+,2025-26\n`;
    const read = readCanonicalCsv('defs.csv', reworded);
    expect(read.errors).toEqual([]);
    const metrics = metricsFromRows(builtinDefinitions(), read.tables.metrics);
    expect(metrics.find((m) => m.id === 'ascof_2a2')!.title).toBe('Care home admissions (our wording)');
    expect(metrics).toHaveLength(BUILTIN_METRICS.length);
  });
});

describe('the BCF year in view', () => {
  const periods = {
    'dtoc/month': { first: '2017-01-01', last: '2020-02-01' },
    'ascof_2a2/financial_year': { first: '2014-04-01', last: '2023-04-01' },
  };

  it('is the latest year with figures for one of its core metrics, unless the reader chose another', () => {
    expect(bcfYearInView(null, BUILTIN_METRICS, periods)).toBe('2023-24');
    expect(bcfYearInView('2018-19', BUILTIN_METRICS, periods)).toBe('2018-19');
    expect(bcfYearInView('2031-32', BUILTIN_METRICS, periods)).toBe('2023-24');
    expect(bcfYearsOffered(BUILTIN_METRICS, periods).slice(0, 3)).toEqual([
      { year: '2025-26', held: false }, { year: '2024-25', held: false }, { year: '2023-24', held: true },
    ]);
  });

  it('gives the build this year’s core metrics that have figures, and those the settings also embed', () => {
    expect(builtMetrics(BUILTIN_METRICS, periods).map((m) => m.id)).toEqual(['ascof_2a2']);
    expect(builtMetrics(BUILTIN_METRICS, periods, ['dtoc', 'falls_65']).map((m) => m.id)).toEqual(['dtoc', 'ascof_2a2']);
  });
});

describe('a rate for part of a year', () => {
  it('says it is for that period alone, not annualised; rates per day, percentages and means need no such word', async () => {
    const { notAnnualised, periodUnit } = await import('../../src/lib/format');
    expect(periodUnit(findMetric('emergency_admissions_65')!, 'month')).toBe('admissions per 100,000 aged 65+, in the month alone, not annualised');
    expect(periodUnit(findMetric('falls_65')!, 'quarter')).toBe('admissions per 100,000 aged 65+, age-standardised, in the quarter alone, not annualised');
    expect(periodUnit(findMetric('emergency_admissions_65')!, 'financial_year')).toBe('admissions per 100,000 aged 65+');
    for (const id of ['dtoc', 'discharge_usual_residence', 'discharge_delay']) expect(notAnnualised(findMetric(id)!, 'month'), id).toBeNull();
  });
});

describe('a label inside a sentence', () => {
  it('starts lower case and keeps the rest as written, so an initialism stays one', async () => {
    const { inSentence } = await import('../../src/lib/format');
    const nhs = findMetric('dtoc')!.breakdowns.find((b) => b.id === 'nhs')!.label;
    expect(inSentence(nhs)).toBe('attributable to the NHS');
    expect(inSentence('Financial year')).toBe('financial year');
    expect(inSentence('')).toBe('');
  });
});
