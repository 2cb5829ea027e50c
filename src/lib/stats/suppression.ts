/**
 * Small-number suppression: which counts to hide so that no count from 1 to the threshold can
 * be read from a chart, tooltip, table or download, directly or by subtraction from a total.
 * Pure functions; nothing here touches the DOM.
 *
 * THE RULE (threshold t, default 7; t = 0 turns primary suppression off)
 *
 * 1. Primary. A count c with 1 ≤ c ≤ t is hidden. Zero is not disclosive: it is always shown
 *    and is never chosen to hide anything else. A cell that arrives already hidden (suppressed by
 *    the source, or by another group) stays hidden and is protected like a primary.
 *
 * 2. Complementary, in a group of parts that add up to a total (the DToC breakdowns nhs +
 *    social_care + both = total, or reason_a … reason_o = total, of one area and month; the hubs
 *    of a place in one period, the place being the total). A viewer knows every shown cell, that
 *    parts add up to the total, and that a hidden part is at least 1 (zeros are shown). So, while
 *    the group has a total:
 *      a. if exactly one cell of the group is hidden (one part with the total shown, or the total
 *         with every part shown), it could be recovered by subtraction: hide one more;
 *      b. if the total is shown and the hidden parts add up to exactly as many as there are of
 *         them (total − shown parts = number of hidden parts), each must be 1: hide one more.
 *    "One more" is the smallest shown non-zero part, ties broken by key (code-point order), so
 *    the result never depends on input order. If there is no such part, the total is hidden.
 *    Repeat until neither a nor b holds. When the total is itself a primary, every non-zero part
 *    is too (they are no larger than it), so all are hidden and nothing more is needed. A group
 *    without a total (or whose total is missing) gets primary suppression only.
 *
 * 3. Several groups sharing cells (the DToC total is in two groups; a place is the total of its
 *    hubs and may be hidden for another reason): the groups are applied in the order given, each
 *    seeing the cells the others hid, until nothing changes. Hiding only ever adds cells, so this
 *    ends, and running it again on its own output changes nothing (idempotent).
 *
 * 4. Series of one area over time (no group): primary suppression of the numerator only. A rate's
 *    denominator that is a population (ONS estimates: DToC, ASCOF 2A) is not disclosive. A
 *    denominator that is itself a count of people (ASCOF 2B(1): discharged into reablement, the
 *    definition's `denominatorBand: null`) makes numerator + (denominator − numerator) =
 *    denominator a group of its own, so a small "not at home" count hides the percentage too.
 *
 * What suppression does to a Point: `suppressed: true`, `value: null`, `published_value: null`
 * (a published rate times the denominator would give the count back). `numerator` is kept (the
 * Point type has no room for an unknown count, and the rule needs it to be idempotent): anything
 * that renders or downloads numerators must show the suppression label for suppressed points.
 * Inputs are never mutated; changed points are new objects.
 *
 * Not covered: attacks that combine several groups at once (linear programming over a whole
 * table), and rounding.
 */
/** What suppression reads and changes of a point (metrics/series' Point is one). */
export interface Countable {
  period_start: string;
  period_type: string;
  numerator: number;
  denominator: number | null;
  value: number | null;
  published_value: number | null;
  suppressed: boolean;
}

export const DEFAULT_SUPPRESSION_THRESHOLD = 7;

/** One cell of a group: its key, its count (null when unknown: hidden at source), and whether it is already hidden. */
export interface GroupCell {
  key: string;
  count: number | null;
  hidden?: boolean;
}

/** Keys of cells whose parts add up to the total (total null: a group with no total). */
export interface CellGroup {
  parts: readonly string[];
  total: string | null;
}

/** The hubs of a place, which add up to the place (keys are area codes). */
export function placeGroup(placeCode: string, hubCodes: readonly string[]): CellGroup {
  return { parts: [...hubCodes], total: placeCode };
}

export function checkThreshold(threshold: number): void {
  if (!Number.isInteger(threshold) || threshold < 0) {
    throw new RangeError(`suppression threshold must be a whole number ≥ 0, not ${threshold}`);
  }
}

/** Whether a count is disclosive on its own: 1 to the threshold, inclusive. Zero never is. */
export function primarySuppressed(count: number, threshold = DEFAULT_SUPPRESSION_THRESHOLD): boolean {
  checkThreshold(threshold);
  return count >= 1 && count <= threshold;
}

/**
 * The keys to hide in one group (see rule 2 above): the primaries, the cells already hidden, and
 * the complementary cells. Throws on duplicate keys or a negative count.
 */
export function suppressGroup(
  parts: readonly GroupCell[],
  total: GroupCell | null,
  threshold = DEFAULT_SUPPRESSION_THRESHOLD,
): Set<string> {
  checkThreshold(threshold);
  const all = total ? [...parts, total] : [...parts];
  const keys = new Set<string>();
  for (const c of all) {
    if (keys.has(c.key)) throw new Error(`suppressGroup: key "${c.key}" appears twice in one group`);
    if (c.count != null && !(c.count >= 0)) throw new RangeError(`suppressGroup: count of "${c.key}" is ${c.count}`);
    keys.add(c.key);
  }

  const hidden = new Set<string>();
  for (const c of all) {
    if (c.hidden || c.count == null || primarySuppressed(c.count, threshold)) hidden.add(c.key);
  }
  if (!total) return hidden;

  // Shown non-zero parts, in the order they would be chosen: smallest count, then key.
  const candidates = parts.filter((p) => p.count != null && p.count > 0).sort((a, b) => a.count! - b.count! || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  for (;;) {
    const totalShown = !hidden.has(total.key);
    const hiddenParts = parts.filter((p) => hidden.has(p.key)).length;
    const hiddenCells = hiddenParts + (totalShown ? 0 : 1);
    if (hiddenCells === 0) break;
    let exposed = hiddenCells === 1;
    if (!exposed && totalShown) {
      const shownSum = parts.reduce((s, p) => (hidden.has(p.key) ? s : s + p.count!), 0);
      exposed = total.count! - shownSum === hiddenParts;
    }
    if (!exposed) break;
    const next = candidates.find((p) => !hidden.has(p.key));
    if (next) hidden.add(next.key);
    else if (totalShown) hidden.add(total.key);
    else break; // Only the total is hidden and every part is zero: nothing left to hide.
  }
  return hidden;
}

/** The point as shown when suppressed (the same object when it already is). */
function hide<P extends Countable>(p: P): P {
  if (p.suppressed && p.value === null && p.published_value === null) return p;
  return { ...p, suppressed: true, value: null, published_value: null };
}

/** A suppressed point's count, for the rule: unknown when the source hid it (left as 0). */
function countOf(p: Countable): number | null {
  return p.suppressed && p.numerator === 0 ? null : p.numerator;
}

/**
 * One area's series for one breakdown over time (rule 4). `denominator: 'count'` for a proportion
 * whose denominator is a count of people (ASCOF 2B(1)): the point is then also hidden when
 * denominator − numerator is a primary.
 */
export function suppressSeries<P extends Countable>(
  points: readonly P[],
  threshold = DEFAULT_SUPPRESSION_THRESHOLD,
  denominator: 'population' | 'count' = 'population',
): P[] {
  checkThreshold(threshold);
  return points.map((p) => {
    if (p.suppressed) return hide(p);
    if (denominator === 'count' && p.denominator != null) {
      const hidden = suppressGroup(
        [{ key: 'numerator', count: p.numerator }, { key: 'complement', count: Math.max(0, p.denominator - p.numerator) }],
        { key: 'denominator', count: p.denominator },
        threshold,
      );
      return hidden.size > 0 ? hide(p) : p;
    }
    return primarySuppressed(p.numerator, threshold) ? hide(p) : p;
  });
}

/**
 * Cells of one period keyed by breakdown id (all breakdowns of one area) or by area code (the hubs
 * of a place and the place), with the groups they form (rules 1-3). Returns a new record; keys a
 * group names that are not in `cells` are left out of that group (a missing total: no total).
 */
export function suppressCells<P extends Countable>(
  cells: Readonly<Record<string, P>>,
  groups: readonly CellGroup[],
  threshold = DEFAULT_SUPPRESSION_THRESHOLD,
): Record<string, P> {
  const hidden = hiddenKeys(cells, groups, threshold);
  const out: Record<string, P> = {};
  for (const [k, p] of Object.entries(cells)) out[k] = hidden.has(k) ? hide(p) : p;
  return out;
}

/** The keys of the cells suppressCells hides, without a new record of every cell. */
export function hiddenKeys(cells: Readonly<Record<string, Countable>>, groups: readonly CellGroup[], threshold = DEFAULT_SUPPRESSION_THRESHOLD): Set<string> {
  checkThreshold(threshold);
  const has = (k: string) => Object.prototype.hasOwnProperty.call(cells, k);
  const hidden = new Set<string>();
  for (const [k, p] of Object.entries(cells)) {
    if (p.suppressed || primarySuppressed(p.numerator, threshold)) hidden.add(k);
  }
  const cell = (k: string): GroupCell => ({ key: k, count: countOf(cells[k]!), hidden: hidden.has(k) });
  // Every group applied in order, round after round, until a round hides nothing (rule 3). The
  // reference metrics/suppress-columns.ts is tested against: it skips, where this does not, a group
  // none of whose cells was hidden since it was last applied.
  for (let changed = true; changed; ) {
    changed = false;
    for (const g of groups) {
      const parts = g.parts.filter(has).map(cell);
      const total = g.total != null && has(g.total) ? cell(g.total) : null;
      for (const k of suppressGroup(parts, total, threshold)) {
        if (!hidden.has(k)) {
          hidden.add(k);
          changed = true;
        }
      }
    }
  }

  return hidden;
}

/**
 * Points of several periods (e.g. the series of a place and its hubs): each period's cells, keyed
 * by `keyOf`, are suppressed together as in `suppressCells`. Returns the points in input order.
 * Throws when two points of one period have the same key.
 */
export function suppressByPeriod<P extends Countable>(
  points: readonly P[],
  keyOf: (p: P) => string,
  groups: readonly CellGroup[],
  threshold = DEFAULT_SUPPRESSION_THRESHOLD,
): P[] {
  const periods = new Map<string, Record<string, P>>();
  for (const p of points) {
    const period = `${p.period_type}|${p.period_start}`;
    const cells = periods.get(period) ?? {};
    const key = keyOf(p);
    if (Object.prototype.hasOwnProperty.call(cells, key)) {
      throw new Error(`suppressByPeriod: two points keyed "${key}" in ${p.period_type} ${p.period_start}`);
    }
    cells[key] = p;
    periods.set(period, cells);
  }
  const done = new Map<string, Record<string, P>>();
  for (const [period, cells] of periods) done.set(period, suppressCells(cells, groups, threshold));
  return points.map((p) => done.get(`${p.period_type}|${p.period_start}`)![keyOf(p)]!);
}

/**
 * Words for tables, tooltips and footnotes. 'fewer': "fewer than 8"; 'range': "1 to 7";
 * 'note': the rule in a sentence. A hidden cell may be a complementary one (any size), so put
 * the label on the rule ("suppressed: counts of 1 to 7, and others that would reveal them"),
 * never as a claim about the one cell.
 */
export function suppressionLabel(
  threshold = DEFAULT_SUPPRESSION_THRESHOLD,
  form: 'fewer' | 'range' | 'note' = 'fewer',
): string {
  checkThreshold(threshold);
  if (threshold === 0) return 'small counts are not suppressed';
  const range = threshold === 1 ? '1' : `1 to ${threshold}`;
  if (form === 'fewer') return `fewer than ${threshold + 1}`;
  if (form === 'range') return range;
  return `Counts of ${range} are suppressed, and where needed another count too, so that they cannot be worked out by subtraction from a total.`;
}
