import type { Area } from './contract/schema';

/** Lookups over the area hierarchy (England > region > ICB > place > hub). */
export interface AreaIndex {
  all: Area[];
  get(code: string): Area | undefined;
  name(code: string): string;
  children(code: string): Area[];
  ofType(type: Area['area_type']): Area[];
  /** The nearest ancestor of the given type. */
  ancestor(code: string, type: Area['area_type']): Area | undefined;
}

export function indexAreas(areas: Area[]): AreaIndex {
  const byCode = new Map(areas.map((a) => [a.area_code, a]));
  const kids = new Map<string, Area[]>();
  for (const a of areas) if (a.parent_code) (kids.get(a.parent_code) ?? kids.set(a.parent_code, []).get(a.parent_code)!).push(a);
  const sorted = (xs: Area[]) => [...xs].sort((a, b) => a.area_name.localeCompare(b.area_name, 'en-GB'));
  return {
    all: areas,
    get: (code) => byCode.get(code),
    name: (code) => byCode.get(code)?.area_name ?? code,
    children: (code) => sorted(kids.get(code) ?? []),
    ofType: (type) => sorted(areas.filter((a) => a.area_type === type)),
    ancestor(code, type) {
      let a = byCode.get(code);
      while (a && a.area_type !== type) a = a.parent_code ? byCode.get(a.parent_code) : undefined;
      return a;
    },
  };
}
