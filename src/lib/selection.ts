import type { AreaIndex } from './areas';
import type { Area, AreaType } from './contract/schema';
import { COUNTY_OF_DISTRICT } from './geography/districts';
import { council, validity } from './geography/reference';

/**
 * An area as a picker names it: a council whose code began or ended since 2011 says when, so
 * "Buckinghamshire" (the county council, until March 2020) and "Buckinghamshire" (the unitary
 * council) are told apart.
 */
export const optionName = (a: Area): string => (validity(a.area_code) ? `${a.area_name} (${validity(a.area_code)})` : a.area_name);

/**
 * The place a page is about: the one named, the parent of a named hub, or the deployment's home
 * (data/settings.json), else the first place held.
 */
export function choosePlace(areas: AreaIndex, code: string | null, home: string): Area | undefined {
  const a = code ? areas.get(code) : undefined;
  if (a?.area_type === 'place') return a;
  if (a?.area_type === 'hub' && a.parent_code) return areas.get(a.parent_code);
  return homePlace(areas, home) ?? areas.ofType('place')[0];
}

/** The place pages open on: the home place, or on an integrated care board's own site its first place by name. */
function homePlace(areas: AreaIndex, home: string): Area | undefined {
  const h = areas.get(home);
  if (h?.area_type === 'place') return h;
  return h?.area_type === 'icb' ? firstPlaceIn(areas, h.area_code) : undefined;
}

/**
 * An integrated care board's first place by name, which its pages open on: of the councils there
 * now, as the data may hold ones since replaced (Dorset ICB's "Bournemouth", until March 2019,
 * sorts before "Bournemouth, Christchurch and Poole").
 */
export function firstPlaceIn(areas: AreaIndex, code: string): Area | undefined {
  const ended = (a: Area) => (council(a.area_code)?.until ? 1 : 0);
  return areas
    .children(code)
    .filter((a) => a.area_type === 'place')
    .sort((x, y) => ended(x) - ended(y) || x.area_name.localeCompare(y.area_name))[0];
}

/**
 * Why data/settings.json's `home_area` cannot be the site's home in the data published, or null.
 * Pages would otherwise open, unsaid, on whichever place came first (an ICB's site on Barking and
 * Dagenham).
 */
export function homeAreaProblem(areas: AreaIndex, home: string): string | null {
  const h = areas.get(home);
  if (h && homePlace(areas, home)) return null;
  const held = !h ? 'no area' : h.area_type === 'icb' ? `an integrated care board with no places (${h.area_name})` : `a ${h.area_type} (${h.area_name})`;
  return `data/settings.json: "home_area" is ${home}, which the data hold as ${held}: give a place (a council with adult social care) or an integrated care board the data hold, such as ${example(areas, home)}`;
}

/**
 * A home to give instead, as like the one given as the data hold: a district's county (a district
 * council has no adult social care), or the councils that have replaced it (North Yorkshire's,
 * Somerset's and Cumbria's districts since April 2023: the county's figures stop there), an ICB
 * for an ICB's code (an STP's, or a code from before July 2022, say), else the first place.
 */
function example(areas: AreaIndex, home: string): string {
  const code = COUNTY_OF_DISTRICT.get(home) ?? '';
  const ended = council(code);
  const now = (ended?.successors ?? []).map((c) => areas.get(c)).filter((a): a is Area => a?.area_type === 'place');
  if (now.length > 0) return `${now.map((a) => `${a.area_code} (${a.area_name})`).join(' or ')}, the council${now.length > 1 ? 's' : ''} that replaced ${ended!.name}, the county ${home} lay in`;
  const county = areas.get(code);
  if (county?.area_type === 'place') return `${county.area_code} (${county.area_name}, the county ${home} lies in)`;
  const icb = home.startsWith('E54') ? areas.ofType('icb').find((a) => homePlace(areas, a.area_code)) : undefined;
  if (icb) return `${icb.area_code} (${icb.area_name})`;
  return areas.ofType('place')[0]?.area_code ?? 'E06000006';
}

/**
 * The home place's integrated care system, as builds draw it for a page's default view: the
 * place, England, its ICS (or region) and every place in it. Null if the data lack one of them.
 */
export function homeSystem(areas: AreaIndex, home: string) {
  const place = choosePlace(areas, null, home);
  const eng = england(areas);
  const group = place ? peerGroup(areas, place.area_code) : undefined;
  if (!place || !eng || !group) return null;
  return { place, eng, group, groupPlaces: areas.children(group.area_code).filter((a) => a.area_type === 'place') };
}

/** What a place is compared within: its ICB, or its region where no ICB is known (e.g. ASCOF alone). */
export function peerGroup(areas: AreaIndex, code: string): Area | undefined {
  return areas.ancestor(code, 'icb') ?? areas.ancestor(code, 'region');
}

/**
 * Hubs grouped under their place, for the hub picker: only places with hubs, each named as a
 * picker names it. Named by area_name alone, a real data set's two Buckinghamshires (or Dorsets)
 * made two groups of one name, and the picker's list of groups (keyed by name) stopped the page.
 */
export function hubGroups(areas: AreaIndex): { place: Area; label: string; areas: Area[] }[] {
  return areas
    .ofType('place')
    .map((place) => ({ place, label: optionName(place), areas: areas.children(place.area_code).filter((a) => a.area_type === 'hub') }))
    .filter((g) => g.areas.length > 0);
}

/** Places grouped under their ICB (or region), for pickers. */
export function placeGroups(areas: AreaIndex): { label: string; areas: Area[] }[] {
  const groups = new Map<string, Area[]>();
  for (const place of areas.ofType('place')) {
    const label = peerGroup(areas, place.area_code)?.area_name ?? 'Other places';
    groups.set(label, [...(groups.get(label) ?? []), place]);
  }
  return [...groups].sort(([a], [b]) => a.localeCompare(b, 'en-GB')).map(([label, list]) => ({ label, areas: list }));
}

/** How a comparator reads in legends and tables: an ICB is our sum of its places, so say so. */
export function comparatorLabel(area: Area): string {
  return area.area_type === 'icb' ? `${shortName(area)} (sum of places)` : area.area_name;
}

/** An area's name where room is short: "Cheshire and Merseyside ICB" for "NHS Cheshire and Merseyside Integrated Care Board". */
export function shortName(area: Area): string {
  return area.area_type === 'icb' ? area.area_name.replace(/^NHS /, '').replace(/ Integrated Care Board$/, ' ICB') : area.area_name;
}

export function england(areas: AreaIndex): Area | undefined {
  return areas.ofType('england')[0];
}

const TYPE_NAME: Record<AreaType, string> = { england: 'the whole country', region: 'a region', icb: 'an integrated care board', place: 'a place', hub: 'a neighbourhood hub' };

/**
 * Why a link's area cannot be shown as asked (a page shows its fallback instead, and says so), or
 * null when it can (or none was asked for). `shows` lists the area types the page takes.
 */
export function unmatchedArea(areas: AreaIndex, code: string | null, shows: AreaType[]): string | null {
  if (!code) return null;
  const a = areas.get(code);
  if (!a) return `No area has the code “${code}”.`;
  return shows.includes(a.area_type) ? null : `“${code}” is ${a.area_name}, ${TYPE_NAME[a.area_type]}, not ${shows.map((t) => TYPE_NAME[t]).join(' or ')}.`;
}
