// The data contract: the four tables every extract is made of, shared by pipeline and browser.

export const PERIOD_TYPES = ['month', 'quarter', 'financial_year'] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];

export const AREA_TYPES = ['england', 'region', 'icb', 'place', 'hub'] as const;
export type AreaType = (typeof AREA_TYPES)[number];

/** Five-year bands (for age standardisation) beside the broad bands metrics take as denominators. */
export const FIVE_YEAR_BANDS = [
  '0-4', '5-9', '10-14', '15-19', '20-24', '25-29', '30-34', '35-39', '40-44', '45-49',
  '50-54', '55-59', '60-64', '65-69', '70-74', '75-79', '80-84', '85-89', '90+',
] as const;
export const AGE_BANDS = ['18+', '18-64', '65+', 'all', ...FIVE_YEAR_BANDS] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export interface Observation {
  metric: string;
  area_code: string;
  /** ISO date (YYYY-MM-DD) of the first day of the period. */
  period_start: string;
  period_type: PeriodType;
  breakdown: string;
  numerator: number;
  denominator: number | null;
  published_value: number | null;
  suppressed: boolean;
  /** Where the row came from: file name and line. */
  source: string;
}

export interface Area {
  area_code: string;
  area_name: string;
  area_type: AreaType;
  parent_code: string | null;
}

export interface Population {
  area_code: string;
  year: number;
  age_band: AgeBand;
  population: number;
}

/**
 * A value an area aims for (BCF plans set them per place), in the metric's own unit: the
 * rate or percentage the dashboard shows. Which values a target is held against is decided in
 * metrics/queries.ts (its own period, and shorter ones where the metric is on one scale).
 */
export interface Target {
  metric: string;
  area_code: string;
  period_start: string;
  period_type: PeriodType;
  target: number;
  /** Where the row came from: file name and line. */
  source: string;
}

export interface Tables {
  observations: Observation[];
  areas: Area[];
  populations: Population[];
  targets: Target[];
}
export type TableName = keyof Tables;
export const TABLE_NAMES: TableName[] = ['observations', 'areas', 'populations', 'targets'];

/** The columns that identify a row: unique within a table, and what a later row replaces. */
export const KEY_COLUMNS: Record<TableName, string[]> = {
  observations: ['metric', 'area_code', 'period_start', 'period_type', 'breakdown'],
  areas: ['area_code'],
  populations: ['area_code', 'year', 'age_band'],
  targets: ['metric', 'area_code', 'period_start', 'period_type'],
};

/** Columns of each table in the canonical CSV layout, in order; `required` ones must be non-empty. */
export const COLUMNS: Record<TableName, { name: string; required: boolean }[]> = {
  observations: [
    { name: 'metric', required: true },
    { name: 'area_code', required: true },
    { name: 'period_start', required: true },
    { name: 'period_type', required: true },
    { name: 'breakdown', required: true },
    { name: 'numerator', required: true },
    { name: 'denominator', required: false },
    { name: 'published_value', required: false },
    { name: 'suppressed', required: false },
  ],
  areas: [
    { name: 'area_code', required: true },
    { name: 'area_name', required: true },
    { name: 'area_type', required: true },
    { name: 'parent_code', required: false },
  ],
  populations: [
    { name: 'area_code', required: true },
    { name: 'year', required: true },
    { name: 'age_band', required: true },
    { name: 'population', required: true },
  ],
  targets: [
    { name: 'metric', required: true },
    { name: 'area_code', required: true },
    { name: 'period_start', required: true },
    { name: 'period_type', required: true },
    { name: 'target', required: true },
  ],
};
