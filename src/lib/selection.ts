import type { AreaIndex } from './areas';
import type { Area } from './contract/schema';

/** Halton is shown until the reader picks a place. */
export const DEFAULT_PLACE = 'E06000006';

/** The place a page is about: the one named, the parent of a named hub, or the default. */
export function choosePlace(areas: AreaIndex, code: string | null): Area | undefined {
  const a = code ? areas.get(code) : undefined;
  if (a?.area_type === 'place') return a;
  if (a?.area_type === 'hub' && a.parent_code) return areas.get(a.parent_code);
  return areas.get(DEFAULT_PLACE) ?? areas.ofType('place')[0];
}

/** Places grouped under their ICB, for pickers. */
export function placeGroups(areas: AreaIndex): { label: string; areas: Area[] }[] {
  return areas.ofType('icb').map((icb) => ({ label: icb.area_name, areas: areas.children(icb.area_code).filter((a) => a.area_type === 'place') }));
}

export function england(areas: AreaIndex): Area | undefined {
  return areas.ofType('england')[0];
}
