import type { Area } from './contract/schema';

/** Lookups over the area hierarchy (England > region > ICB > place > hub). */
export interface AreaIndex {
  all: Area[];
  get(code: string): Area | undefined;
  name(code: string): string;
  /** Sorted by name; the index's own list, not a copy (don't change it). */
  children(code: string): Area[];
  ofType(type: Area['area_type']): Area[];
  /** The nearest ancestor of the given type. */
  ancestor(code: string, type: Area['area_type']): Area | undefined;
}

export function indexAreas(areas: Area[]): AreaIndex {
  const byCode = new Map(areas.map((a) => [a.area_code, a]));
  // Sorted by name once here, so each child list (pushed in this order) and ofType come out sorted.
  const byName = [...areas].sort((a, b) => a.area_name.localeCompare(b.area_name, 'en-GB'));
  const kids = new Map<string, Area[]>();
  for (const a of byName) if (a.parent_code) (kids.get(a.parent_code) ?? kids.set(a.parent_code, []).get(a.parent_code)!).push(a);
  return {
    all: areas,
    get: (code) => byCode.get(code),
    name: (code) => byCode.get(code)?.area_name ?? code,
    children: (code) => kids.get(code) ?? [],
    ofType: (type) => byName.filter((a) => a.area_type === type),
    ancestor(code, type) {
      let a = byCode.get(code);
      while (a && a.area_type !== type) a = a.parent_code ? byCode.get(a.parent_code) : undefined;
      return a;
    },
  };
}
