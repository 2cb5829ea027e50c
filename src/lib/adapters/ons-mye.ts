// ONS mid-year population estimates, persons by single year of age (the "MYE2 - Persons" sheet
// saved as CSV): a title and feedback preamble, then `Code,Name,Geography,All ages,0,1,…,90+`
// with one row per UK area (countries, regions, counties, districts) and notes after the data.
// We keep England, its regions and the councils that run adult social care, and sum the single
// years into the contract's age bands (the wide ones, all ages, and the five-year bands).
import { quote } from '../contract/cells';
import { emptyTables } from '../contract/canonical';
import type { CsvRow } from '../contract/csv';
import type { CellError } from '../contract/errors';
import { FIVE_YEAR_BANDS, type AgeBand, type Area, type Population } from '../contract/schema';
import { parsePublishedCount } from './published-number';
import { ENGLAND_CODE, REGIONS } from '../geography/regions';
import { skipTally } from './skipped';
import { headerKey } from './text';
import type { Adapter } from './types';

/** The oldest single-year column; the file's last column holds everyone this age and older. */
const TOP_AGE = 90;
/** How far down the header may sit (the preamble is a handful of lines). */
const HEADER_SEARCH_ROWS = 40;

interface Header {
  index: number;
  geographyCol: number;
  allAgesCol: number | null;
  /** Column of each age 0..TOP_AGE; the last is the open-ended band (printed "90" or "90+"). */
  ageCols: number[];
}

const norm = (s: string | undefined) => headerKey(s ?? '');

function headerOf(row: CsvRow, index: number): Header | null {
  const c = row.cells.map(norm);
  // mid-2018 prints "Geography1" (a footnote marker), mid-2020 "Geography".
  if (c[0] !== 'code' || c[1] !== 'name' || !/^geography\d*$/.test(c[2] ?? '')) return null;
  let next = 3;
  let allAgesCol: number | null = null;
  if (c[next] === 'all ages') allAgesCol = next++;
  const ageCols: number[] = [];
  for (let age = 0; age <= TOP_AGE; age++, next++) {
    const ok = age < TOP_AGE ? c[next] === String(age) : c[next] === `${TOP_AGE}` || c[next] === `${TOP_AGE}+`;
    if (!ok) return null;
    ageCols.push(next);
  }
  // Anything after the top age would mean "90" is not the open-ended band: a layout we do not know.
  if (c.slice(next).some((h) => h !== '')) return null;
  return { index, geographyCol: 2, allAgesCol, ageCols };
}

function findHeader(rows: CsvRow[]): Header | null {
  for (let i = 0; i < Math.min(rows.length, HEADER_SEARCH_ROWS); i++) {
    const h = headerOf(rows[i]!, i);
    if (h) return h;
  }
  return null;
}

type Kind =
  | { keep: 'england' | 'region' | 'place'; label: string }
  | { skip: string };

/** What each kind of ONS code is, by its entity prefix (the GSS code's first three characters). */
function kindOf(code: string): Kind {
  switch (code.slice(0, 3)) {
    case 'E92': return { keep: 'england', label: 'Country' };
    case 'E12': return { keep: 'region', label: 'Region' };
    // The four kinds of council with adult social services responsibilities.
    case 'E06': return { keep: 'place', label: 'Unitary Authority' };
    case 'E08': return { keep: 'place', label: 'Metropolitan District' };
    case 'E09': return { keep: 'place', label: 'London Borough' };
    case 'E10': return { keep: 'place', label: 'County' };
    case 'E07': return { skip: 'non-metropolitan districts (E07; their county council runs adult social care)' };
    case 'E11': return { skip: 'metropolitan counties (E11; their districts run adult social care)' };
    case 'K02': case 'K03': case 'K04': return { skip: 'United Kingdom, Great Britain and England and Wales totals' };
  }
  if (code.startsWith('W')) return { skip: 'Wales' };
  if (code.startsWith('S')) return { skip: 'Scotland' };
  if (code.startsWith('N')) return { skip: 'Northern Ireland' };
  return { skip: `other geographies (${code.slice(0, 3)})` };
}

/** "mid-2020" in the title or preamble → 2020. */
function findYear(preamble: CsvRow[]): { year: number } | { message: string } {
  const years = new Set<number>();
  for (const row of preamble) {
    for (const cell of row.cells) for (const m of cell.matchAll(/\bmid[- ]?(\d{4})\b/gi)) years.add(Number(m[1]));
  }
  if (years.size === 1) return { year: [...years][0]! };
  if (years.size === 0) {
    return { message: 'no estimate year found above the header row: expected the title to name it as "mid-YYYY" (e.g. "mid-2020")' };
  }
  const shown = [...years].sort().map((y) => `mid-${y}`).join(', ');
  return { message: `the title names more than one estimate year (${shown}); expected exactly one "mid-YYYY"` };
}

/** A sheet of males or females only has the same columns as the persons sheet. */
function sexOnly(preamble: CsvRow[]): string | null {
  const text = preamble.flatMap((r) => r.cells).join(' ');
  if (/\bpersons\b/i.test(text)) return null;
  const m = /\b(males|females)\b/i.exec(text);
  return m ? m[1]!.toLowerCase() : null;
}

function titleCase(name: string): string {
  const small = new Set(['and', 'of', 'the', 'upon', 'on', 'in', 'under', 'le']);
  return name.toLowerCase().replace(/[a-z]+/g, (w, at: number) => (at > 0 && small.has(w) ? w : w[0]!.toUpperCase() + w.slice(1)));
}

/** Display names: England and the regions as regions.ts names them; others trimmed, capitals only if all-caps. */
function placeName(name: string): string {
  const t = name.trim().replace(/\s+/g, ' ');
  return /[a-z]/.test(t) ? t : titleCase(t);
}

const BANDS: { band: AgeBand; from: number; to: number }[] = [
  { band: '18+', from: 18, to: TOP_AGE },
  { band: '18-64', from: 18, to: 64 },
  { band: '65+', from: 65, to: TOP_AGE },
  { band: 'all', from: 0, to: TOP_AGE },
  // The populations a directly standardised rate weights (stats/dsr.ts); 90+ is the file's last column.
  ...FIVE_YEAR_BANDS.map((band) => ({ band, from: Number(band.split(/[-+]/)[0]), to: band === '90+' ? TOP_AGE : Number(band.split('-')[1]) })),
];

export const onsMidYearAdapter: Adapter = {
  id: 'ons-mye-persons-single-year',
  label: 'ONS mid-year population estimates, persons by single year of age (MYE2)',
  detect: (rows) => findHeader(rows) !== null,
  read(file, rows) {
    const errors: CellError[] = [];
    const { skip, lines } = skipTally();
    const empty = emptyTables();

    const header = findHeader(rows);
    if (!header) {
      errors.push({ file, row: 0, column: '(header)', message: 'no header row "Code,Name,Geography,All ages,0,1,…,90+" found in the first 40 rows' });
      return { tables: empty, errors, skipped: [], periods: [] };
    }
    const preamble = rows.slice(0, header.index);
    const found = findYear(preamble);
    if ('message' in found) errors.push({ file, row: 0, column: '(title)', message: found.message });
    const sex = sexOnly(preamble);
    if (sex) {
      errors.push({ file, row: 0, column: '(title)', message: `the title says this table counts ${sex} only; this layout is read from the persons table` });
    }
    if (errors.length) return { tables: empty, errors, skipped: [], periods: [] };
    const year = (found as { year: number }).year;
    const headerCells = rows[header.index]!.cells;

    const areas: Area[] = [];
    const populations: Population[] = [];
    /** Places listed under each region, in file order, to check that the order is the hierarchy. */
    const underRegion = new Map<string, { name: string; bands: number[]; places: Area[]; placeBands: number[] }>();
    let currentRegion: string | null = null;

    for (const row of rows.slice(header.index + 1)) {
      const cells = row.cells.map((c) => c.trim());
      if (cells.every((c) => c === '')) continue;
      const code = cells[0] ?? '';
      if (!/^[A-Z]\d{8}$/.test(code)) {
        // Notes and footnotes carry text but no figures in the age columns.
        if (header.ageCols.every((i) => (cells[i] ?? '') === '')) skip('footnotes and notes below the table');
        else errors.push({ file, row: row.line, column: headerCells[0]!.trim(), message: `${quote(code)} is not an ONS area code` });
        continue;
      }
      const kind = kindOf(code);
      if ('skip' in kind) {
        skip(kind.skip);
        // A country's own rows end the previous English region's list.
        if (!code.startsWith('E')) currentRegion = null;
        continue;
      }
      const geography = cells[header.geographyCol] ?? '';
      if (norm(geography) !== norm(kind.label)) {
        errors.push({
          file, row: row.line, column: headerCells[header.geographyCol]!.trim(),
          message: `${quote(geography)} does not fit the code ${code}: a ${code.slice(0, 3)} code is a "${kind.label}"`,
        });
        continue;
      }

      const counts: number[] = [];
      let bad = false;
      header.ageCols.forEach((col, age) => {
        const cell = parsePublishedCount(row.cells[col] ?? '');
        if (cell.ok) counts[age] = cell.value;
        else {
          bad = true;
          errors.push({ file, row: row.line, column: headerCells[col]!.trim(), message: cell.message });
        }
      });
      if (bad) continue;
      if (header.allAgesCol !== null) {
        const text = row.cells[header.allAgesCol] ?? '';
        const all = parsePublishedCount(text);
        const sum = counts.reduce((a, b) => a + b, 0);
        if (!all.ok) {
          errors.push({ file, row: row.line, column: headerCells[header.allAgesCol]!.trim(), message: all.message });
          continue;
        }
        if (all.value !== sum) {
          errors.push({
            file, row: row.line, column: headerCells[header.allAgesCol]!.trim(),
            message: `${quote(text)} is not the sum of the single years of age (${sum.toLocaleString('en-GB')}); a column may be shifted`,
          });
          continue;
        }
      }
      const bands = BANDS.map(({ from, to }) => counts.slice(from, to + 1).reduce((a, b) => a + b, 0));
      BANDS.forEach(({ band }, i) => populations.push({ area_code: code, year, age_band: band, population: bands[i]! }));

      if (kind.keep === 'england') {
        areas.push({ area_code: code, area_name: 'England', area_type: 'england', parent_code: null });
        currentRegion = null;
      } else if (kind.keep === 'region') {
        const name = REGIONS.find((r) => r.code === code)?.name ?? placeName(cells[1] ?? '');
        areas.push({ area_code: code, area_name: name, area_type: 'region', parent_code: ENGLAND_CODE });
        underRegion.set(code, { name, bands, places: [], placeBands: BANDS.map(() => 0) });
        currentRegion = code;
      } else {
        const area: Area = { area_code: code, area_name: placeName(cells[1] ?? ''), area_type: 'place', parent_code: null };
        areas.push(area);
        const region = currentRegion ? underRegion.get(currentRegion) : undefined;
        if (region) {
          region.places.push(area);
          bands.forEach((n, i) => (region.placeBands[i]! += n));
        } else skip('councils listed before any region, so their parent region is left empty');
      }
    }

    // The file gives no region column: a council's region is the region row above it. That holds
    // only if each region's councils add up to the region, which we check before trusting it.
    for (const [code, region] of underRegion) {
      if (region.bands.every((n, i) => n === region.placeBands[i])) {
        for (const place of region.places) place.parent_code = code;
      } else if (region.places.length) {
        const why = `councils listed under ${region.name}, whose populations do not add up to the region's, so their parent region is left empty`;
        skip(why, region.places.length);
      }
    }

    return { tables: { ...emptyTables(), areas, populations }, errors, skipped: lines(), periods: [`mid-${year}`] };
  },
};
