// Tidy indicator extracts, as LG Inform exports and Trafford Data Lab republishes them
// (`area_code, area_name, period, indicator, measure, unit, value`), give each area's published
// rate and nothing it was made of. The dashboard needs the counts (numerator and denominator): to
// draw intervals, test against England, sum places into their ICB and suppress small numbers. So
// such a file is refused whole, saying what to load instead, where the canonical reader took its
// first two columns for an areas file and said only that `area_type` was missing.
import { quote } from '../contract/cells';
import type { CsvRow } from '../contract/csv';
import { headerKey } from './text';

const COLUMNS = ['area_code', 'period', 'indicator', 'measure', 'value'];

/** Why a file of this layout is refused, naming its indicators; null for any other file. */
export function ratesOnlyRefusal(rows: readonly CsvRow[]): string | null {
  const keys = (rows[0]?.cells ?? []).map(headerKey);
  if (!COLUMNS.every((c) => keys.includes(c)) || keys.includes('numerator')) return null;
  const at = keys.indexOf('indicator');
  const indicators = [...new Set(rows.slice(1).map((r) => (r.cells[at] ?? '').trim()).filter(Boolean))];
  const named = indicators.slice(0, 3).map(quote).join(', ') + (indicators.length > 3 ? ` and ${indicators.length - 3} more` : '');
  return (
    `is a tidy indicator extract (area_code, period, indicator, measure, value${named ? `: ${named}` : ''}), as LG Inform exports them: it gives each area's published value ` +
    'without the numerator and denominator it was made of, which the dashboard needs to draw intervals, compare with England, sum places into their ICB and suppress small numbers. ' +
    "Load the publisher's own file with the counts instead (for ASCOF, NHS Digital's ASCOF measures file of each year), or the counts as a canonical observations file"
  );
}
