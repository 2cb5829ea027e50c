// Which stored counts to hide, decided once over the whole extract so that every page, table and
// download hides the same cells and no view can be subtracted from another to reveal one.
import type { AreaIndex } from '../areas';
import type { PeriodType } from '../contract/schema';
import { bandsWithin } from '../stats/dsr';
import { hiddenKeys, primarySuppressed, type CellGroup, type Countable } from '../stats/suppression';
import { findMetric, type Metric } from '../definitions';

export interface CountRow extends Record<string, unknown> {
  metric: string;
  area_code: string;
  period_start: string;
  period_type: string;
  breakdown: string;
  /** Null where the published extract already hides the cell. */
  numerator: number | null;
  denominator: number | null;
  suppressed: boolean;
}

export const rowKey = (r: Pick<CountRow, 'metric' | 'area_code' | 'period_start' | 'period_type' | 'breakdown'>) =>
  `${r.metric}|${r.area_code}|${r.period_start}|${r.period_type}|${r.breakdown}`;

/**
 * The rows to hide: counts of 1 to the threshold, and the complementary counts that would let
 * them be worked out from a total — across breakdowns that add up to another (the definition's
 * sums: DToC's NHS + social care + both = all delays; its reasons = all delays), across the hubs of a place, across the places of an ICB, and
 * across all the places beneath a region or England where its figure is exactly their sum (as
 * ASCOF's England is of every council), which would otherwise give away the one council hidden.
 * For a proportion whose denominator is a count of people (2B(1)), a small complement (people
 * not at home) hides the row too; for a mean per event (delay days ÷ patients discharged), a
 * small number of people does. A DSR's age bands add up to its total; and since the total's rate
 * is a second sum over them (weighted), two hidden bands could be solved from the total count and
 * the rate, so where any band of an area is hidden, all of them are.
 */
export function rowsToSuppress(
  rows: CountRow[], areas: AreaIndex, threshold: number,
  metricOf: (id: string) => Pick<Metric, 'kind' | 'denominatorBand' | 'sums'> | undefined = findMetric,
): CountRow[] {
  // The reference the tests hold metrics/suppress-columns.ts to (which every page and the publishing
  // step run): written as plainly as the rule reads, with no shortcut.
  const byPeriod = new Map<string, CountRow[]>();
  for (const r of rows) {
    const k = `${r.metric}|${r.period_start}|${r.period_type}`;
    (byPeriod.get(k) ?? byPeriod.set(k, []).get(k)!).push(r);
  }
  const hidden: CountRow[] = [];
  for (const group of byPeriod.values()) {
    const metric = metricOf(group[0]!.metric);
    const cells: Record<string, Countable> = {};
    for (const r of group) {
      const smallComplement = metric?.denominatorBand === null && metric.kind !== 'mean' && r.denominator != null && r.numerator != null && primarySuppressed(r.denominator - r.numerator, threshold);
      const fewPeople = metric?.kind === 'mean' && r.denominator != null && primarySuppressed(r.denominator, threshold);
      cells[`${r.area_code}|${r.breakdown}`] = {
        period_start: r.period_start, period_type: r.period_type as PeriodType,
        numerator: r.numerator ?? 0, denominator: r.denominator, value: null, published_value: null,
        suppressed: r.suppressed || smallComplement || fewPeople,
      };
    }
    // Areas and breakdowns in code order (groups are applied in order, so the order is fixed here,
    // not left to the rows').
    const codes = [...new Set(group.map((r) => r.area_code))].sort(byCodePoint);
    const breakdowns = [...new Set(group.map((r) => r.breakdown))].sort(byCodePoint);
    const held = new Set(codes);
    const ageBands = metric?.kind === 'dsr' ? bandsWithin(metric.denominatorBand ?? 'all') : [];
    const groups: CellGroup[] = [];
    // Breakdowns that add up to another, as the definition sums them (DToC's NHS + social care +
    // both, and its reasons, make all delays; a DSR's age bands make its total). Cells a group
    // names that the period does not hold are left out of it by hiddenKeys.
    for (const code of codes) {
      for (const g of metric?.sums ?? []) groups.push({ parts: g.parts.map((b) => `${code}|${b}`), total: `${code}|${g.total}` });
    }
    for (const parent of codes) {
      const children = areas.children(parent).filter((c) => held.has(c.area_code));
      const type = areas.get(parent)?.area_type;
      const places = type === 'england' || type === 'region' ? placesBeneath(areas, parent).filter((c) => held.has(c)) : [];
      for (const b of breakdowns) {
        if (children.length > 0) groups.push({ parts: children.map((c) => `${c.area_code}|${b}`), total: `${parent}|${b}` });
        // A region's or England's figure gives a council away only where it is the sum of the councils held.
        const parts = places.map((c) => `${c}|${b}`);
        const sum = parts.reduce((t, k) => t + (cells[k]?.numerator ?? NaN), 0);
        if (parts.length > 0 && places.length !== children.length && sum === cells[`${parent}|${b}`]?.numerator) groups.push({ parts, total: `${parent}|${b}` });
      }
    }
    let shut = hiddenKeys(cells, groups, threshold);
    // Hiding only adds cells, so this ends: at worst with every band of every area hidden.
    for (let partly = bandsPartlyHidden(cells, shut, codes, ageBands); partly.length; partly = bandsPartlyHidden(cells, shut, codes, ageBands)) {
      // Applied again to the cells as the last round left them: every hidden one suppressed.
      for (const k of [...shut, ...partly]) cells[k] = { ...cells[k]!, suppressed: true };
      shut = hiddenKeys(cells, groups, threshold);
    }
    for (const r of group) if (shut.has(`${r.area_code}|${r.breakdown}`)) hidden.push(r);
  }
  return hidden;
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The shown age-band cells of areas with another band hidden. */
function bandsPartlyHidden(cells: Record<string, Countable>, shut: Set<string>, codes: readonly string[], bands: readonly string[]): string[] {
  return codes.flatMap((code) => {
    const keys = bands.map((b) => `${code}|${b}`).filter((k) => cells[k]);
    return keys.some((k) => shut.has(k)) ? keys.filter((k) => !shut.has(k)) : [];
  });
}

/** Codes of the places anywhere beneath an area (through its ICBs or regions). */
export function placesBeneath(areas: AreaIndex, code: string): string[] {
  return areas.children(code).flatMap((c) => (c.area_type === 'place' ? [c.area_code] : placesBeneath(areas, c.area_code)));
}
