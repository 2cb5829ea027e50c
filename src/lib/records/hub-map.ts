// Which neighbourhood hub a GP practice's registered patients belong to: practice → primary care
// network → hub, as a table the data team can edit. Read from either the team's own table
// (practice_code, pcn_code, hub_code, hub_name, place_code) or, by default, NHS Digital's ePCN
// "PCN Core Partner Details" sheet saved as CSV: one hub per PCN, named as the PCN.
import { pcnDisplayName } from '../adapters/epcn';
import { CCG_PLACES, PCNS_OUTSIDE_PLACE } from '../adapters/ccg-places';
import type { CsvRow } from '../contract/csv';
import { csvCell } from '../contract/write-csv';
import { COUNTY_OF_DISTRICT } from '../geography/districts';
import { council, validity } from '../geography/reference';

export interface HubMapRow {
  practice_code: string;
  pcn_code: string;
  hub_code: string;
  hub_name: string;
  place_code: string;
}

export const HUB_MAP_COLUMNS: (keyof HubMapRow)[] = ['practice_code', 'pcn_code', 'hub_code', 'hub_name', 'place_code'];

/** The code of a place's hub for its residents whose practice is missing, unmapped or in another place. */
export const unassignedHub = (place: string) => `${place}-UNASSIGNED`;
export const UNASSIGNED_NAME = 'Unassigned (practice missing, not mapped or outside the place)';

/**
 * The map when a team has none at hand (the upload page, which does not hold the published
 * practice → hub table): the places only, so each place's residents are counted in the place and
 * all in its unassigned hub.
 */
export const placesOnlyHubMap = (places: string[]): HubMapRow[] =>
  places.map((place_code) => ({ practice_code: '', pcn_code: '', hub_code: '', hub_name: '', place_code }));

const norm = (s: string) => s.trim().toLowerCase();
/** A council that runs adult social care: unitary (E06), metropolitan (E08), London borough (E09) or county (E10); not a district (E07). */
const COUNCIL = /^E0[689]\d{6}$|^E10\d{6}$/;
/** Why a place_code is none of COUNCIL's, and, for a district, what to give instead. */
function notACouncil(code: string): string {
  const county = COUNTY_OF_DISTRICT.get(code.toUpperCase());
  if (!county) return 'not a council code (E06, E08, E09 or E10 and six digits)';
  // Five counties have ended (Buckinghamshire 2020, Northamptonshire 2021, Cumbria, North
  // Yorkshire and Somerset 2023): a map for later years is told the councils that followed.
  const ended = council(county)?.successors;
  return `${code} is a district: give its county council's code, ${county}, which runs adult social care${ended ? ` (in use ${validity(county)}; after that, ${ended.join(' or ')})` : ''}`;
}
/** A cell of the team's table, trimmed; a practice or council code in capitals. */
const codeCell = (column: keyof HubMapRow, cell: string | undefined) => {
  const v = (cell ?? '').trim();
  return column === 'practice_code' || column === 'place_code' ? v.toUpperCase() : v;
};
/** Any ONS (GSS) area code: a hub so coded would be taken for that area. */
const GSS = /^[EWSNK]\d{8}$/i;

/** The ePCN sheet's date (20191001 or 2019-10-01) as text that sorts as the date does; '' otherwise. */
const sortableDate = (d: string) => (/^\d{4}-?\d{2}-?\d{2}$/.test(d) ? d.replaceAll('-', '') : '');

/** The hub map in a CSV's rows (the team's table or the ePCN core partners sheet), or why it cannot be read. */
export function readHubMap(file: string, rows: CsvRow[]): { rows: HubMapRow[]; problems: string[] } {
  const header = rows[0]?.cells.map(norm) ?? [];
  const at = (name: string) => header.indexOf(name);
  if (HUB_MAP_COLUMNS.every((c) => at(c) >= 0)) {
    const problems: string[] = [];
    const seen = new Set<string>();
    // Each hub's place and name, and the row that first gave them: a hub is one area, in one place.
    const hubs = new Map<string, { place: string; name: string; line: number }>();
    const out = rows.slice(1).flatMap((r) => {
      // Practice and council codes in capitals, as the records' are read (layouts.ts RecordField.code):
      // 'n81001' and 'N81001' are one practice, mapped twice (each of its records would count twice).
      const row = Object.fromEntries(HUB_MAP_COLUMNS.map((c) => [c, codeCell(c, r.cells[at(c)])])) as unknown as HubMapRow;
      if (Object.values(row).every((v) => v === '')) return [];
      // A blank place_code leaves the hub to be placed by its patients' residence (PLACE_HUBS_SQL).
      const empty = HUB_MAP_COLUMNS.filter((c) => c !== 'pcn_code' && c !== 'place_code' && row[c] === '');
      const hub = hubs.get(row.hub_code);
      if (empty.length) problems.push(`${file}, row ${r.line}: ${empty.join(', ')} empty`);
      else if (seen.has(row.practice_code)) problems.push(`${file}, row ${r.line}: practice ${row.practice_code} is mapped twice`);
      else if (row.place_code !== '' && !COUNCIL.test(row.place_code)) problems.push(`${file}, row ${r.line}, column place_code: ${notACouncil(row.place_code)}`);
      // A hub coded as an area, or as a place's unassigned hub, would be counted twice over under one code.
      else if (GSS.test(row.hub_code) || row.hub_code.toUpperCase().endsWith('-UNASSIGNED')) problems.push(`${file}, row ${r.line}, column hub_code: is an area's ONS code (a council's, an ICB's, a region's) or a place's unassigned hub's; give the hub a code of its own`);
      // (A blank place_code is a place too: the one its patients' residence gives, for the whole hub.)
      else if (hub && hub.place !== row.place_code) problems.push(`${file}, row ${r.line}, column hub_code: hub ${row.hub_code} is ${hub.place === '' ? 'left for its patients\' residence to place (place_code blank)' : `in ${hub.place}`} on row ${hub.line}${row.place_code === '' ? ', and its place_code is blank here' : ''}; a hub is in one place`);
      // Under a second name it would be a second area of the same code, refused only in the hubs file made from the map.
      else if (hub && hub.name !== row.hub_name) problems.push(`${file}, row ${r.line}, column hub_name: hub ${row.hub_code} is named "${hub.name}" on row ${hub.line}; a hub has one name`);
      else {
        seen.add(row.practice_code);
        if (!hub) hubs.set(row.hub_code, { place: row.place_code, name: row.hub_name, line: r.line });
        return [row];
      }
      return [];
    });
    return { rows: out, problems };
  }
  const epcn = { practice: at('partner organisation code'), pcn: at('pcn code'), name: at('pcn name'), ccg: at('pcn parent ccg code'), end: at('practice to pcn relationship end date'), start: at('practice to pcn relationship start date') };
  // (Without a CCG column, as sheets keyed by sub-ICB location may be, every PCN is placed by residence.)
  if (Object.entries(epcn).every(([k, i]) => k === 'ccg' || k === 'start' || i >= 0)) {
    const out: HubMapRow[] = [];
    // A practice's row kept so far, and its start date: a practice listed twice with no end date
    // would have each of its patients' records counted twice (the records join the map by practice).
    const kept = new Map<string, { at: number; start: string }>();
    for (const r of rows.slice(1)) {
      const get = (i: number) => (r.cells[i] ?? '').trim();
      // Practices that have left their PCN, and PCNs known to lie outside their CCG's place, map to
      // no hub. A PCN of a CCG ccg-places.ts does not place is left for its patients' residence to
      // place (PLACE_HUBS_SQL): every council of England, and sub-ICB codes of later sheets.
      if (get(epcn.end) !== '' || PCNS_OUTSIDE_PLACE[get(epcn.pcn)]) continue;
      const place = (epcn.ccg >= 0 && CCG_PLACES[get(epcn.ccg)]?.place) || '';
      const row = { practice_code: get(epcn.practice).toUpperCase(), pcn_code: get(epcn.pcn), hub_code: get(epcn.pcn), hub_name: pcnDisplayName(get(epcn.name)), place_code: place };
      const start = sortableDate(epcn.start >= 0 ? get(epcn.start) : '');
      const before = kept.get(row.practice_code);
      // Listed twice: the membership that started later is the current one (on the same day, or
      // with dates unread, the first listed).
      if (before && start > before.start) {
        out[before.at] = row;
        before.start = start;
      } else if (!before) {
        kept.set(row.practice_code, { at: out.length, start });
        out.push(row);
      }
    }
    return { rows: out, problems: [] };
  }
  return { rows: [], problems: [`${file}: not a hub map: expected the columns ${HUB_MAP_COLUMNS.join(', ')}, or NHS Digital's ePCN "PCN Core Partner Details" sheet`] };
}

/** The hub map as the editable table, for a team to start from (one hub per PCN) and change. */
export function hubMapCsv(rows: HubMapRow[]): string {
  return [HUB_MAP_COLUMNS.join(','), ...rows.map((r) => HUB_MAP_COLUMNS.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}
