// The metric definitions in force: the published table (and, in a browser holding uploads, the
// definitions uploaded with them). Set once per page load, read by every page, chart and query.
import type { Metric } from './metric';

let current: Metric[] = [];
let byId = new Map<string, Metric>();

/** Puts a set of definitions in force (the published ones, then any uploaded, later winning). */
export function useMetrics(...sets: Metric[][]): void {
  byId = new Map(sets.flat().map((m) => [m.id, m]));
  current = [...byId.values()];
}

export const allMetrics = (): Metric[] => current;

export const findMetric = (id: string): Metric | undefined => byId.get(id);

export function metric(id: string): Metric {
  const m = byId.get(id);
  if (!m) throw new Error(`metric ${JSON.stringify(id)} is not defined (defined: ${[...byId.keys()].join(', ') || 'none'})`);
  return m;
}
