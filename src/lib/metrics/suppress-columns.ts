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
  // Each bucket's rows in their order (a stable counting sort), buckets in order of first row, and
  // what the rule reads of each row copied into that order in the same pass: read row by row in a
  // bucket's order, the columns were a scattered read each (most of the rule's time for a million
  // uploaded rows, each hub's months side by side in the table).
  const buckets = cols.bucketMetric.length;
  const starts = new Int32Array(buckets + 1);
  for (let i = 0; i < cols.length; i++) starts[cols.bucket[i]! + 1]!++;
  for (let b = 0; b < buckets; b++) starts[b + 1]! += starts[b]!;
  const order = new Int32Array(cols.length);
  const fill = starts.slice(0, buckets);
  const rowArea = new Int32Array(cols.length);
  const rowBreakdown = new Int32Array(cols.length);
  const rowNumerator = new Float64Array(cols.length);
  const rowDenominator = new Float64Array(cols.length);
  // 1: numerator held, 2: denominator held, 4: suppressed.
  const rowFlags = new Uint8Array(cols.length);
  for (let i = 0; i < cols.length; i++) {
    const o = fill[cols.bucket[i]!]!++;
    order[o] = i;
    rowArea[o] = cols.area[i]!;
    rowBreakdown[o] = cols.breakdown[i]!;
    rowNumerator[o] = cols.numerator[i]!;
    rowDenominator[o] = cols.denominator[i]!;
    rowFlags[o] = (cols.numeratorValid[i] ? 1 : 0) | (cols.denominatorValid[i] ? 2 : 0) | (cols.suppressed[i] ? 4 : 0);
  }

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
  const hidden = new IntList();
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
  // Each area's parent and its place among the parent's children, to find a bucket's children of
  // each parent from the areas it holds: reading every child of a parent in every bucket it is
  // held in read 4,238 hubs in each of the demo's periods of every metric Halton has, for a
  // million uploaded rows that are all in 59 of them.
  const parentOf = new Int32Array(cols.areaCodes.length).fill(-1);
  const childAt = new Int32Array(cols.areaCodes.length);
  kids.forEach((list, parent) => list.forEach((child, i) => ((parentOf[child] = parent), (childAt[child] = i))));
  // A bucket's children of each parent held, side by side in `children` (from childFrom[parent],
  // childCount[parent] of them), in the parent's order of children; its places beneath England or
  // a region, copied into `places`.
  const childFrom = new Int32Array(cols.areaCodes.length);
  const childCount = new Int32Array(cols.areaCodes.length);
  const children = new Int32Array(cols.areaCodes.length);
  const places = new Int32Array(cols.areaCodes.length);
  const byChildAt = (a: number, b: number) => childAt[a]! - childAt[b]!;
  const gatherChildren = (codes: readonly number[]) => {
    for (const c of codes) if (parentOf[c]! >= 0 && areaSeen[parentOf[c]!] === 1) childCount[parentOf[c]!]!++;
    let at = 0;
    for (const p of codes) {
      childFrom[p] = at;
      at += childCount[p]!;
      childCount[p] = 0;
    }
    for (const c of codes) if (parentOf[c]! >= 0 && areaSeen[parentOf[c]!] === 1) children[childFrom[parentOf[c]!]! + childCount[parentOf[c]!]!++] = c;
    for (const p of codes) if (childCount[p]! > 1) children.subarray(childFrom[p]!, childFrom[p]! + childCount[p]!).sort(byChildAt);
  };
  const placesHeld = (from: Int32Array) => {
    let n = 0;
    for (let i = 0; i < from.length; i++) if (areaSeen[from[i]!] === 1) places[n++] = from[i]!;
    return n;
  };
  const groups = new Groups();
  for (let b = 0; b < buckets; b++) {
    const from = starts[b]!, to = starts[b + 1]!;
    if (from === to) continue;
    const metric = metricOf(cols.bucketMetric[b]!);
    const complementCounts = metric?.denominatorBand === null && metric.kind !== 'mean';
    const peopleCount = metric?.kind === 'mean';
    const cells = new Cells(to - from, cols);
    // The areas and breakdowns the bucket holds.
    const codes: number[] = [];
    const breakdowns: number[] = [];
    for (let o = from; o < to; o++) {
      const area = rowArea[o]!, bd = rowBreakdown[o]!;
      const num = rowNumerator[o]!, den = rowDenominator[o]!, flags = rowFlags[o]!;
      const numValid = (flags & 1) !== 0, denValid = (flags & 2) !== 0;
      const smallComplement = complementCounts && denValid && numValid && primary(den - num);
      const fewPeople = peopleCount && denValid && primary(den);
      let c = slot[area * nb + bd]!;
      if (c < 0) slot[area * nb + bd] = c = cells.add(area, bd);
      cells.numerator[c] = numValid ? num : 0;
      cells.suppressed[c] = (flags & 4) !== 0 || smallComplement || fewPeople ? 1 : 0;
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
    const cell = (area: number, breakdown: number | undefined) => (breakdown === undefined ? -1 : slot[area * nb + breakdown]!);
    // Only groups with a total held and a part held: any other hides nothing the rule did not hide
    // already (rowsToSuppress applies them, to no effect; leaving them out changes no choice).
    groups.clear();
    // The metric's sums over breakdowns, as breakdown codes (once a period, not once an area).
    const sums = (metric?.sums ?? []).map((g) => ({ parts: g.parts.map((p) => breakdownOf.get(p)), total: breakdownOf.get(g.total) }));
    for (const area of codes) {
      for (const g of sums) {
        const total = cell(area, g.total);
        if (total < 0) continue;
        for (const p of g.parts) groups.part(cell(area, p));
        groups.close(total);
      }
    }
    gatherChildren(codes);
    for (const parent of codes) {
      const nc = childCount[parent]!, first = childFrom[parent]!;
      const np = placesOf[parent] ? placesHeld(placesOf[parent]!) : 0;
      if (nc === 0 && np === 0) continue;
      for (const bd of breakdowns) {
        const total = cell(parent, bd);
        if (nc > 0 && total >= 0) {
          for (let i = first; i < first + nc; i++) groups.part(cell(children[i]!, bd));
          groups.close(total);
        }
        // A region's or England's figure gives a council away only where it is the sum of the councils held.
        if (np === 0 || np === nc || total < 0) continue;
        let sum = 0;
        for (let i = 0; i < np; i++) {
          const c = cell(places[i]!, bd);
          sum += c >= 0 ? cells.numerator[c]! : NaN;
        }
        if (sum === cells.numerator[total]) {
          for (let i = 0; i < np; i++) groups.part(cell(places[i]!, bd));
          groups.close(total);
        }
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
    for (let o = from; o < to; o++) if (shut[slot[rowArea[o]! * nb + rowBreakdown[o]!]!]) hidden.push(order[o]!);
    for (let c = 0; c < cells.size; c++) slot[cells.area[c]! * nb + cells.breakdown[c]!] = -1;
    for (const area of codes) {
      areaSeen[area] = 0;
      childCount[area] = 0;
    }
    for (const bd of breakdowns) breakdownSeen[bd] = 0;
  }
  return hidden.values();
}

/** A growing list of whole numbers in one typed array. */
class IntList {
  length = 0;
  private data = new Int32Array(1024);
  push(v: number): void {
    if (this.length === this.data.length) {
      const more = new Int32Array(this.data.length * 2);
      more.set(this.data);
      this.data = more;
    }
    this.data[this.length++] = v;
  }
  at(i: number): number {
    return this.data[i]!;
  }
  values(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * One bucket's groups, each its parts' cells (those held) and its total's, in one list of cells:
 * group g's parts are cells[start(g)] up to cells[start(g + 1)]. Made afresh for each bucket in
 * the same lists (a million uploaded rows made half a million small arrays before).
 */
class Groups {
  private cells = new IntList();
  private starts = new IntList();
  private totals = new IntList();
  constructor() {
    this.starts.push(0);
  }
  get size(): number {
    return this.totals.length;
  }
  clear(): void {
    this.cells.length = 0;
    this.starts.length = 1;
    this.totals.length = 0;
  }
  /** A part of the group being made (left out unless held: c ≥ 0). */
  part(c: number): void {
    if (c >= 0) this.cells.push(c);
  }
  /** Ends the group being made with its total; one without a part held is not kept. */
  close(total: number): void {
    if (this.cells.length === this.starts.at(this.starts.length - 1)) return;
    this.starts.push(this.cells.length);
    this.totals.push(total);
  }
  from(g: number): number {
    return this.starts.at(g);
  }
  to(g: number): number {
    return this.starts.at(g + 1);
  }
  cell(i: number): number {
    return this.cells.at(i);
  }
  total(g: number): number {
    return this.totals.at(g);
  }
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
function hiddenCells(cells: Cells, groups: Groups, primary: (c: number) => boolean): Uint8Array {
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
  const appliedAt = new Int32Array(groups.size).fill(-1);
  const changedSince = (g: number, at: number) => {
    for (let i = groups.from(g), end = groups.to(g); i < end; i++) if (hiddenAt[groups.cell(i)]! > at) return true;
    return hiddenAt[groups.total(g)]! > at;
  };
  const apply = new GroupRule(cells, hidden, count);
  let step = 0;
  for (let changed = true; changed; ) {
    changed = false;
    for (let g = 0; g < groups.size; g++) {
      if (!changedSince(g, appliedAt[g]!)) continue;
      appliedAt[g] = step++;
      for (const c of apply.toHide(groups, g)) {
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
 * suppressGroup (stats/suppression.ts) over cell numbers, for a group with a total: the cells of
 * the group it hides besides those hidden already, seen as the cells stand now. A cell is hidden
 * here exactly when `hidden` says so: a count unknown (hidden at source) or a primary was hidden
 * from the start.
 */
class GroupRule {
  /** The cells of the group at hand counted as hidden, cleared after it. */
  private mine: Uint8Array;
  constructor(private cells: Cells, private hidden: Uint8Array, private count: Float64Array) {
    this.mine = new Uint8Array(cells.size);
  }
  toHide(groups: Groups, g: number): number[] {
    const { mine, hidden, count } = this;
    const from = groups.from(g), to = groups.to(g), total = groups.total(g);
    const added: number[] = [];
    for (let i = from; i < to; i++) if (hidden[groups.cell(i)]) mine[groups.cell(i)] = 1;
    if (hidden[total]) mine[total] = 1;
    let candidates: number[] | undefined;
    const sortedCandidates = () => {
      if (candidates) return candidates;
      candidates = [];
      for (let i = from; i < to; i++) if (!Number.isNaN(count[groups.cell(i)]!) && count[groups.cell(i)]! > 0) candidates.push(groups.cell(i));
      return candidates.sort((a, b) => {
        if (count[a] !== count[b]) return count[a]! - count[b]!;
        const ka = this.cells.key(a), kb = this.cells.key(b);
        return ka < kb ? -1 : ka > kb ? 1 : 0;
      });
    };
    for (;;) {
      const totalShown = !mine[total];
      let hiddenParts = 0;
      for (let i = from; i < to; i++) hiddenParts += mine[groups.cell(i)]!;
      const hiddenCount = hiddenParts + (totalShown ? 0 : 1);
      if (hiddenCount === 0) break;
      let exposed = hiddenCount === 1;
      if (!exposed && totalShown) {
        let shownSum = 0;
        for (let i = from; i < to; i++) if (!mine[groups.cell(i)]) shownSum += count[groups.cell(i)]!;
        exposed = count[total]! - shownSum === hiddenParts;
      }
      if (!exposed) break;
      const next = sortedCandidates().find((c) => !mine[c]);
      const more = next ?? (totalShown ? total : -1);
      if (more < 0) break;
      mine[more] = 1;
      added.push(more);
    }
    for (let i = from; i < to; i++) mine[groups.cell(i)] = 0;
    mine[total] = 0;
    return added;
  }
}
