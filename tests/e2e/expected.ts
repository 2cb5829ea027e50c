// What the pages should show, computed here straight from the demo CSVs with plain arithmetic,
// independently of the app's own modules.
import { readFileSync, readdirSync } from 'node:fs';
import Papa from 'papaparse';

type Row = Record<string, string>;
const read = (file: string) => Papa.parse<Row>(readFileSync(`data/${file}`, 'utf8'), { header: true, skipEmptyLines: true }).data;

export const areas = () => read('areas.csv');
// Read once: the demo's CSVs hold about 160,000 rows, and a test asks for many figures.
let held: Row[] | undefined;
const observations = () => (held ??= readdirSync('data').filter((f) => f.startsWith('observations')).flatMap(read));

export interface Figure {
  numerator: number;
  denominator: number;
  shown: string;
}

const daysInMonth = (iso: string) => new Date(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), 0)).getUTCDate();
export const oneDp = (v: number) => v.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** Rates per 100,000 (per period); the mean is days per patient; the rest are percentages. */
const PER_100K = ['ascof_2a1', 'ascof_2a2', 'emergency_admissions_65', 'non_elective_admissions'];

/** The value for an area (or the sum of several areas), formatted as the dashboard prints it. */
export function expected(metric: string, codes: string[], periodStart: string, periodType: string, breakdown = 'total'): Figure {
  const rows = observations().filter(
    (o) => o.metric === metric && codes.includes(o.area_code!) && o.period_start === periodStart && o.period_type === periodType && o.breakdown === breakdown,
  );
  if (rows.length !== codes.length) throw new Error(`expected ${codes.length} rows for ${metric} ${periodStart}, found ${rows.length}`);
  const numerator = rows.reduce((s, o) => s + Number(o.numerator), 0);
  const denominator = rows.reduce((s, o) => s + Number(o.denominator), 0);
  const shown =
    metric === 'dtoc' ? oneDp((numerator / daysInMonth(periodStart) / denominator) * 100_000)
    : PER_100K.includes(metric) ? oneDp((numerator / denominator) * 100_000)
    : metric === 'discharge_delay' ? oneDp(numerator / denominator)
    : `${oneDp((numerator / denominator) * 100)}%`;
  return { numerator, denominator, shown };
}

export const count = (n: number) => n.toLocaleString('en-GB');

/** The latest period start an area has for a metric and period type, in the demo's CSVs. */
export function latest(metric: string, area: string, periodType: string): string {
  const starts = observations().filter((o) => o.metric === metric && o.area_code === area && o.period_type === periodType && o.breakdown === 'total').map((o) => o.period_start!);
  return starts.sort().at(-1)!;
}

/** An area's target for a period, exactly as data/targets.csv has it. */
export function target(metric: string, area: string, periodStart: string): number {
  const row = read('targets.csv').find((t) => t.metric === metric && t.area_code === area && t.period_start === periodStart);
  if (!row) throw new Error(`no target for ${metric} ${area} ${periodStart}`);
  return Number(row.target);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The first day of a month the dashboard labels "Feb 2020". */
export function monthOf(label: string): string {
  const [mon, year] = label.split(' ');
  return `${year}-${String(MONTHS.indexOf(mon!) + 1).padStart(2, '0')}-01`;
}

/** A month's DToC rate for an area straight from the CSV (days ÷ days in month ÷ population × 100,000). */
export function dtocRate(area: string, iso: string): number {
  const f = expected('dtoc', [area], iso, 'month');
  return (f.numerator / daysInMonth(iso) / f.denominator) * 100_000;
}

/** Byar's 95% interval for a count (10 or more), on the scale of the count's rate. */
export function byar(count: number, rate: number): [number, number] {
  const z = 1.959963985;
  const lower = count * (1 - 1 / (9 * count) - z / (3 * Math.sqrt(count))) ** 3;
  const upper = (count + 1) * (1 - 1 / (9 * (count + 1)) + z / (3 * Math.sqrt(count + 1))) ** 3;
  return [(lower / count) * rate, (upper / count) * rate];
}

/** XmR limits as Making Data Count computes them, written out here independently of the app. */
export function xmrLimits(values: number[]) {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const ranges = values.slice(1).map((v, i) => Math.abs(v - values[i]!));
  const first = ranges.reduce((a, b) => a + b, 0) / ranges.length;
  const kept = ranges.filter((r) => r < 3.267 * first);
  const amr = kept.reduce((a, b) => a + b, 0) / kept.length;
  return { mean, upper: mean + 2.66 * amr, lower: mean - 2.66 * amr };
}
