import type { PeriodType } from './schema';

/** Why a period start does not fit its period type, or null when it does. */
export function periodMisfit(isoDate: string, type: PeriodType): string | null {
  const month = Number(isoDate.slice(5, 7));
  const day = Number(isoDate.slice(8, 10));
  if (day !== 1) return `a ${type.replace('_', ' ')} must start on the 1st of a month`;
  if (type === 'quarter' && ![1, 4, 7, 10].includes(month)) {
    return 'a quarter must start in January, April, July or October';
  }
  if (type === 'financial_year' && month !== 4) return 'a financial year must start on 1 April';
  return null;
}

export const MONTHS_IN: Record<PeriodType, number> = { month: 1, quarter: 3, financial_year: 12 };

/**
 * A date's month as a number (12 × year + month − 1), so that periods step by MONTHS_IN without
 * Dates: every change of view walks every line's periods (withGaps), and with Dates that took a few ms
 * of each on the metric page.
 */
export const monthNumber = (isoDate: string) => Number(isoDate.slice(0, 4)) * 12 + Number(isoDate.slice(5, 7)) - 1;

/** The starts of the periods of a type from `first` up to `last` (ISO dates), on `first`'s day of the month. */
export function periodStarts(first: string, last: string, type: PeriodType): string[] {
  const starts: string[] = [];
  for (let m = monthNumber(first); ; m += MONTHS_IN[type]) {
    const start = `${String(Math.floor(m / 12)).padStart(4, '0')}-${String((m % 12) + 1).padStart(2, '0')}${first.slice(7)}`;
    if (start > last) return starts;
    starts.push(start);
  }
}

/** Days from the period's start to the first day after it, worked from the date's parts: a rate per day asks it of every point drawn. */
export function daysInPeriod(isoDate: string, type: PeriodType): number {
  const [year, month, day] = [Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)) - 1, Number(isoDate.slice(8, 10))];
  return Math.round((Date.UTC(year, month + MONTHS_IN[type], day) - Date.UTC(year, month, day)) / 86_400_000);
}

/** The financial year a date falls in, named by its first calendar year (2020 for 2020-21). */
export function financialYear(isoDate: string): number {
  const year = Number(isoDate.slice(0, 4));
  return Number(isoDate.slice(5, 7)) >= 4 ? year : year - 1;
}

/** Periods before this year are taken for a mistake (the series the dashboard reads start in 2010 or later). */
export const EARLIEST_PLAUSIBLE_YEAR = 2000;

/**
 * A warning for periods starting before EARLIEST_PLAUSIBLE_YEAR or after next year (a typed year,
 * a spreadsheet's day zero), or null. The rows are still read: the warning asks for a look.
 * `counted`: more starts, each with how many rows have it.
 */
export function implausiblePeriods(starts: string[], today = new Date(), counted: [start: string, rows: number][] = []): string | null {
  const latest = today.getUTCFullYear() + 1;
  const year = (s: string) => Number(s.slice(0, 4));
  const outside = (keep: (s: string) => boolean) => {
    const found = [...starts.filter(keep).map((s): [string, number] => [s, 1]), ...counted.filter(([s]) => keep(s))].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return { rows: found.reduce((n, [, r]) => n + r, 0), first: found[0]?.[0], last: found.at(-1)?.[0] };
  };
  const early = outside((s) => year(s) < EARLIEST_PLAUSIBLE_YEAR);
  const late = outside((s) => year(s) > latest);
  if (early.rows === 0 && late.rows === 0) return null;
  const rows = (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'row starts' : 'rows start'}`;
  const parts = [
    ...(early.rows ? [`${rows(early.rows)} before ${EARLIEST_PLAUSIBLE_YEAR} (the earliest ${early.first})`] : []),
    ...(late.rows ? [`${rows(late.rows)} after ${latest} (the latest ${late.last})`] : []),
  ];
  return `Warning: periods that are unlikely to be right: ${parts.join('; ')}. They were read as written: check the dates.`;
}
