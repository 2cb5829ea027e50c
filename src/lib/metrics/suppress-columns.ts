// rowsToSuppress (disclosure.ts) over columns rather than row objects: the same rule, the same
// groups in the same order and the same choices, so the same rows are hidden (tests hold the two
// together). A page with a million uploaded rows spent seconds making an object per row, a text key
// per cell and per group part, and an object per cell each time a group was applied; here cells
// and group parts are numbers into typed arrays.
import type { AreaIndex } from '../areas';
import { bandsWithin } from '../stats/dsr';
import { checkThreshold } from '../stats/suppression';
import { placesBeneath } from './disclosure';
import { findMetric, type Metric } from '../definitions';

/**
 * The rows of metric_values suppression reads, by column. Text columns are codes into their
 * dictionaries; `bucket` is one code per metric, period start and period type (the rule's unit),
 * `bucketMetric` each bucket's metric id. Null numbers are marked by their `…Valid` flag.
 */
export interface CountColumns {
  length: number;
  area: ArrayLike<number>;
  breakdown: ArrayLike<number>;
  bucket: ArrayLike<number>;
  numerator: ArrayLike<number>;
  numeratorValid: ArrayLike<number | boolean>;
  denominator: ArrayLike<number>;
  denominatorValid: ArrayLike<number | boolean>;
  suppressed: ArrayLike<number | boolean>;
  areaCodes: readonly string[];
  breakdownIds: readonly string[];
  bucketMetric: readonly string[];
}

type MetricOf = (id: string) => Pick<Metric, 'kind' | 'denominatorBand' | 'sums'> | undefined;

/** The indices of the rows to hide, as rowsToSuppress decides them (in no particular order). */
export function rowsToSuppressColumns(cols: CountColumns, areas: AreaIndex, threshold: number, metricOf: MetricOf = findMetric): Int32Array {
  checkThreshold(threshold);
  const primary = (c: number) => c >= 1 && c <= threshold;
  // Each bucket's rows in their order (a stable counting sort), buckets in order of first row.
  const buckets = cols.bucketMetric.length;
  const starts = new Int32Array(buckets + 1);
  for (let i = 0; i < cols.length; i++) starts[cols.bucket[i]! + 1]!++;
  for (let b = 0; b < buckets; b++) starts[b + 1]! += starts[b]!;
  const order = new Int32Array(cols.length);
  const fill = starts.slice(0, buckets);
  for (let i = 0; i < cols.length; i++) order[fill[cols.bucket[i]!]!++] = i;

  const codeOf = new Map(cols.areaCodes.map((c, i) => [c, i]));
  // Each code's place in code-point order (areas, breakdowns), to sort a bucket's by number.
  const ranks = (names: readonly string[]) => {
    const rank = new Int32Array(names.length);
    names.map((n, i) => [n, i] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).forEach(([, i], r) => (rank[i] = r));
    return rank;
  };
  const areaRank = ranks(cols.areaCodes);
  const breakdownRank = ranks(cols.breakdownIds);
  const breakdownOf = new Map(cols.breakdownIds.map((b, i) => [b, i]));
  const nb = cols.breakdownIds.length;
  // Each cell's number in the bucket at hand by area and breakdown (-1: none), cleared after it.
  const slot = new Int32Array(cols.areaCodes.length * nb).fill(-1);
  const areaSeen = new Uint8Array(cols.areaCodes.length);
  const breakdownSeen = new Uint8Array(nb);
  const hidden: number[] = [];
  // Each area's children and, for England and a region, the places beneath it, as codes of the
  // areas held anywhere here: looked up once, not in every period (4,000 hubs each time before).
  const kids: Int32Array[] = [];
  const placesOf: (Int32Array | null)[] = [];
  const known = (c: number | undefined): c is number => c !== undefined;
  cols.areaCodes.forEach((parentCode, i) => {
    kids[i] = Int32Array.from(areas.children(parentCode).map((c) => codeOf.get(c.area_code)).filter(known));
    const type = areas.get(parentCode)?.area_type;
    placesOf[i] = type === 'england' || type === 'region' ? Int32Array.from(placesBeneath(areas, parentCode).map((c) => codeOf.get(c)).filter(known)) : null;
  });
  for (let b = 0; b < buckets; b++) {
    const from = starts[b]!, to = starts[b + 1]!;
    if (from === to) continue;
    const metric = metricOf(cols.bucketMetric[b]!);
    const cells = new Cells(to - from, cols);
    // The areas and breakdowns the bucket holds.
    const codes: number[] = [];
    const breakdowns: number[] = [];
    for (let o = from; o < to; o++) {
      const r = order[o]!;
      const area = cols.area[r]!, bd = cols.breakdown[r]!;
      const num = cols.numerator[r]!, den = cols.denominator[r]!;
      const numValid = !!cols.numeratorValid[r], denValid = !!cols.denominatorValid[r];
      const smallComplement = metric?.denominatorBand === null && metric.kind !== 'mean' && denValid && numValid && primary(den - num);
      const fewPeople = metric?.kind === 'mean' && denValid && primary(den);
      let c = slot[area * nb + bd]!;
      if (c < 0) slot[area * nb + bd] = c = cells.add(area, bd);
      cells.numerator[c] = numValid ? num : 0;
      cells.suppressed[c] = cols.suppressed[r] || smallComplement || fewPeople ? 1 : 0;
      if (!areaSeen[area]) {
        areaSeen[area] = 1;
        codes.push(area);
      }
      if (!breakdownSeen[bd]) {
        breakdownSeen[bd] = 1;
        breakdowns.push(bd);
      }
    }
    // Groups are made (and applied) in order of area code and breakdown id, whatever the order of
    // the rows: the rule's choices may depend on that order, and DuckDB does not keep one.
    codes.sort((a, b) => areaRank[a]! - areaRank[b]!);
    breakdowns.sort((a, b) => breakdownRank[a]! - breakdownRank[b]!);
    const cell = (area: number | undefined, breakdown: number | undefined) => (area === undefined || breakdown === undefined ? -1 : slot[area * nb + breakdown]!);
    const held = (area: number | undefined): area is number => area !== undefined && areaSeen[area] === 1;
    const groups: Group[] = [];
    const group = (parts: number[], total: number) => groups.push({ parts: Int32Array.from(parts.filter((p) => p >= 0)), total });
    // The metric's sums over breakdowns, as breakdown codes (once a period, not once an area).
    const sums = (metric?.sums ?? []).map((g) => ({ parts: g.parts.map((p) => breakdownOf.get(p)), total: breakdownOf.get(g.total) }));
    for (const area of codes) {
      for (const g of sums) {
        const parts = g.parts.map((p) => cell(area, p)).filter((c) => c >= 0);
        const total = cell(area, g.total);
        if (total >= 0 && parts.length > 0) group(parts, total);
      }
    }
    const none: number[] = [];
    for (const parent of codes) {
      const children = kids[parent]!.length > 0 ? [...kids[parent]!].filter(held) : none;
      const places = placesOf[parent] ? [...placesOf[parent]!].filter(held) : none;
      if (children.length === 0 && places.length === 0) continue;
      for (const bd of breakdowns) {
        if (children.length > 0) group(children.map((c) => cell(c, bd)), cell(parent, bd));
        // A region's or England's figure gives a council away only where it is the sum of the councils held.
        const sum = places.reduce((t, c) => t + (cell(c, bd) >= 0 ? cells.numerator[cell(c, bd)]! : NaN), 0);
        const total = cell(parent, bd);
        if (places.length > 0 && places.length !== children.length && total >= 0 && sum === cells.numerator[total]) group(places.map((c) => cell(c, bd)), total);
      }
    }
    const bands = metric?.kind === 'dsr' ? bandsWithin(metric.denominatorBand ?? 'all').map((band) => breakdownOf.get(band)) : [];
    let shut = hiddenCells(cells, groups, primary);
    // Hiding only adds cells, so this ends: at worst with every band of every area hidden.
    for (let partly = bandsPartlyHidden(codes, bands, cell, shut); partly.length; partly = bandsPartlyHidden(codes, bands, cell, shut)) {
      for (let c = 0; c < cells.size; c++) if (shut[c]) cells.suppressed[c] = 1;
      for (const c of partly) cells.suppressed[c] = 1;
      shut = hiddenCells(cells, groups, primary);
    }
    for (let o = from; o < to; o++) {
      const r = order[o]!;
      if (shut[slot[cols.area[r]! * nb + cols.breakdown[r]!]!]) hidden.push(r);
    }
    for (let c = 0; c < cells.size; c++) slot[cells.area[c]! * nb + cells.breakdown[c]!] = -1;
    for (const area of codes) areaSeen[area] = 0;
    for (const bd of breakdowns) breakdownSeen[bd] = 0;
  }
  return Int32Array.from(hidden);
}

/** One period's cells: their area and breakdown codes, counts (0 where null) and suppressed flags. */
class Cells {
  size = 0;
  private names: Pick<CountColumns, 'areaCodes' | 'breakdownIds'>;
  area: Int32Array;
  breakdown: Int32Array;
  numerator: Float64Array;
  suppressed: Uint8Array;
  constructor(capacity: number, names: Pick<CountColumns, 'areaCodes' | 'breakdownIds'>) {
    this.names = names;
    this.area = new Int32Array(capacity);
    this.breakdown = new Int32Array(capacity);
    this.numerator = new Float64Array(capacity);
    this.suppressed = new Uint8Array(capacity);
  }
  add(area: number, breakdown: number): number {
    this.area[this.size] = area;
    this.breakdown[this.size] = breakdown;
    return this.size++;
  }
  /** The cell's key as rowsToSuppress writes it, which breaks ties between equal counts. */
  key(c: number): string {
    return `${this.names.areaCodes[this.area[c]!]}|${this.names.breakdownIds[this.breakdown[c]!]}`;
  }
}

/** A group's cells (those held), and its total's (-1: none held). */
interface Group {
  parts: Int32Array;
  total: number;
}

/** The cells of areas with one age band hidden whose other bands are shown (bandsPartlyHidden). */
function bandsPartlyHidden(areas: Iterable<number>, bands: (number | undefined)[], cell: (a: number, b: number | undefined) => number, shut: Uint8Array): number[] {
  const out: number[] = [];
  // Not a DSR: no bands (an array made for each area of each period, for nothing, before).
  if (bands.length === 0) return out;
  for (const area of areas) {
    const held = bands.map((b) => cell(area, b)).filter((c) => c >= 0);
    if (held.some((c) => shut[c])) for (const c of held) if (!shut[c]) out.push(c);
  }
  return out;
}

/**
 * hiddenKeys (stats/suppression.ts) over cell numbers: the primaries and cells already hidden, then
 * every group applied in order, round after round, skipping a group none of whose cells was hidden
 * since it was last applied, until a round hides nothing.
 */
function hiddenCells(cells: Cells, groups: Group[], primary: (c: number) => boolean): Uint8Array {
  const hidden = new Uint8Array(cells.size);
  const hiddenAt = new Int32Array(cells.size).fill(-1);
  // A suppressed cell's count is unknown when the source hid it (left as 0): countOf.
  const count = new Float64Array(cells.size);
  for (let c = 0; c < cells.size; c++) {
    count[c] = cells.suppressed[c] && cells.numerator[c] === 0 ? NaN : cells.numerator[c]!;
    if (cells.suppressed[c] || primary(cells.numerator[c]!)) {
      hidden[c] = 1;
      hiddenAt[c] = 0;
    }
  }
  const appliedAt = new Int32Array(groups.length).fill(-1);
  const changedSince = (g: Group, at: number) => {
    for (const c of g.parts) if (hiddenAt[c]! > at) return true;
    return g.total >= 0 && hiddenAt[g.total]! > at;
  };
  let step = 0;
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (!changedSince(g, appliedAt[i]!)) continue;
      appliedAt[i] = step++;
      for (const c of suppressGroupCells(g, hidden, count, primary, cells)) {
        if (!hidden[c]) {
          hidden[c] = 1;
          hiddenAt[c] = step;
          changed = true;
        }
      }
    }
  }
  return hidden;
}

/**
 * suppressGroup (stats/suppression.ts) over cell numbers: the cells of the group hidden once rule 2
 * has been applied to it, seen as the cells stand now.
 */
function suppressGroupCells(g: Group, hiddenNow: Uint8Array, count: Float64Array, primary: (c: number) => boolean, cells: Cells): number[] {
  const isHidden = (c: number) => hiddenNow[c] === 1 || Number.isNaN(count[c]!) || primary(count[c]!);
  const mine = new Set<number>();
  for (const c of g.parts) if (isHidden(c)) mine.add(c);
  if (g.total < 0) return [...mine];
  if (isHidden(g.total)) mine.add(g.total);
  let candidates: number[] | undefined;
  const sortedCandidates = () =>
    (candidates ??= [...g.parts].filter((c) => !Number.isNaN(count[c]!) && count[c]! > 0).sort((a, b) => {
      if (count[a] !== count[b]) return count[a]! - count[b]!;
      const ka = cells.key(a), kb = cells.key(b);
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    }));
  for (;;) {
    const totalShown = !mine.has(g.total);
    let hiddenParts = 0;
    for (const c of g.parts) if (mine.has(c)) hiddenParts++;
    const hiddenCount = hiddenParts + (totalShown ? 0 : 1);
    if (hiddenCount === 0) break;
    let exposed = hiddenCount === 1;
    if (!exposed && totalShown) {
      let shownSum = 0;
      for (const c of g.parts) if (!mine.has(c)) shownSum += count[c]!;
      exposed = count[g.total]! - shownSum === hiddenParts;
    }
    if (!exposed) break;
    const next = sortedCandidates().find((c) => !mine.has(c));
    if (next !== undefined) mine.add(next);
    else if (totalShown) mine.add(g.total);
    else break;
  }
  return [...mine];
}
