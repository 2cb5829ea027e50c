// What the pages should show, computed here straight from the demo CSVs with plain arithmetic,
// independently of the app's own modules.
import { readFileSync, readdirSync } from 'node:fs';
import Papa from 'papaparse';

type Row = Record<string, string>;
const read = (file: string) => Papa.parse<Row>(readFileSync(`data/${file}`, 'utf8'), { header: true, skipEmptyLines: true }).data;

export const areas = () => read('areas.csv');
const observations = () => readdirSync('data').filter((f) => f.startsWith('observations')).flatMap(read);

export interface Figure {
  numerator: number;
  denominator: number;
  shown: string;
}

const daysInMonth = (iso: string) => new Date(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), 0)).getUTCDate();
const oneDp = (v: number) => v.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

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
    : metric === 'ascof_2a2' ? oneDp((numerator / denominator) * 100_000)
    : `${oneDp((numerator / denominator) * 100)}%`;
  return { numerator, denominator, shown };
}

export const count = (n: number) => n.toLocaleString('en-GB');
