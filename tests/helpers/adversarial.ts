// Cells the contract's reader refuses, or reads otherwise, where DuckDB's typed reader would not:
// for tests that hold DuckDB's reading of a canonical observations file (the pipeline's and the
// upload page's) to the JavaScript reader's on the same text.
const HEADER = 'metric,area_code,period_start,period_type,breakdown,numerator,denominator,published_value,suppressed';

/**
 * Number cells not written plainly: DuckDB's number parser reads some the contract's reader
 * refuses (`+5`, `inf`, `nan`, `1_000`, `-5` as a count), some it reads alike, and refuses others.
 * `"1,000"` brings a quote into the file; an unquoted `1,000` makes its row a cell too long.
 */
export const ADVERSARIAL_NUMBERS = ['+5', '1e3', ' 5', '5 ', '\t5', 'inf', 'Infinity', 'nan', '-5', '-0', '0x10', '1_000', '١٢', '"1,000"', '1,000', '.5', '5.', '1234567890123456', '1.1234567890123456', '#N/A', '5\u00A0', '\uFEFF5', '  '];
/** Dates not written as YYYY-MM-DD, or not real: DuckDB's date parser takes some of them. */
export const ADVERSARIAL_DATES = ['2024-1-5', '2024-02-30', '2023-02-29', '1900-02-29', '2019-13-01', '2019-07-00', '2024-04-01 ', ' 2024-04-01', '20240401', '2024/04/01', '2024-04-01T00:00', '0050-01-01', '0999-12-01', '+2019-07-01', '2019-07-01 BC', '\uFEFF2019-07-01', ''];
/** Codes the reader reads other than as written: padded, or with an invisible character (a byte order mark first, which decoding drops). */
export const ADVERSARIAL_CODES = ['\uFEFFE06000006', ' E06000006', 'E06000006\u200B', '\uFEFF'];
/** Rows in plain form: counts of up to 15 digits and 15 decimals, leading zeros, an empty published value. */
export const PLAIN_ROWS = [
  'dtoc,E06000006,2019-04-01,month,total,12,1000,,false',
  'dtoc,E06000006,2000-02-01,month,nhs,1,1000,,false',
  'dtoc,E06000006,2019-05-01,month,total,123456789012345.123456789012345,900719925474099.3,0.1,false',
  'dtoc,E06000006,2019-06-01,month,nhs,000000000000007,1.000000000000001,2.50,true',
];
/** The plain rows with one more on line 3, plain but for its `column` cell, written as `cell`; `header` may order the columns otherwise. */
export function withCell(column: 'numerator' | 'denominator' | 'published_value' | 'period_start' | 'area_code', cell: string, header = HEADER): string {
  const names = header.split(',');
  const row = (r: string) => {
    const cells = r.split(',');
    const byName = Object.fromEntries(HEADER.split(',').map((h, i) => [h, cells[i]!]));
    return names.map((h) => byName[h]).join(',');
  };
  const bad = row(PLAIN_ROWS[0]!.replace('2019-04-01', '2019-07-01')).split(',');
  bad[names.indexOf(column)] = cell;
  return [header, row(PLAIN_ROWS[0]!), bad.join(','), ...PLAIN_ROWS.slice(1).map(row)].join('\n') + '\n';
}

/**
 * A file of plain rows (more than DuckDB's reading decides by: 256 KB) with `cell` in its last
 * row's `column`: a cell not plain found only once the reading has begun.
 */
export function withLateCell(column: 'numerator' | 'denominator' | 'published_value', cell: string, rows = 6_000): string {
  const names = HEADER.split(',');
  const lines = Array.from({ length: rows }, (_, i) => `dtoc,E06000006-N${(i % 250) + 1},${new Date(Date.UTC(2010, Math.floor(i / 250), 1)).toISOString().slice(0, 10)},month,total,${i % 50},1000,,false`);
  const last = lines.at(-1)!.split(',');
  last[names.indexOf(column)] = cell;
  lines[lines.length - 1] = last.join(',');
  return [HEADER, ...lines].join('\n') + '\n';
}
