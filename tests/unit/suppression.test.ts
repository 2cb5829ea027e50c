import { describe, expect, it } from 'vitest';
import { metric } from '$lib/definitions';
import type { Point } from '$lib/metrics/series';

/** DToC's breakdowns of one area and month, as its definition sums them. */
const DTOC_GROUPS = metric('dtoc').sums;
const DTOC_REASONS = metric('dtoc').breakdowns.filter((b) => b.id.startsWith('reason_'));
import {
  type GroupCell,
  placeGroup,
  primarySuppressed,
  suppressByPeriod,
  suppressCells,
  suppressGroup,
  suppressionLabel,
  suppressSeries,
} from '$lib/stats/suppression';
import { mulberry32 } from '../../pipelines/demo/random';

/** suppressGroup on plain numbers (null count: hidden at source), as a sorted list of keys. */
function hiddenKeys(parts: Record<string, number | null>, total: [string, number | null] | null, threshold = 7): string[] {
  const cells: GroupCell[] = Object.entries(parts).map(([key, count]) => ({ key, count }));
  const t = total ? { key: total[0], count: total[1] } : null;
  return [...suppressGroup(cells, t, threshold)].sort();
}

/**
 * What a viewer can work out exactly, given the shown cells, that parts add up to the total and
 * that a hidden part is at least 1 (zeros are shown): the hidden keys whose value is determined.
 */
function recoverable(parts: GroupCell[], total: GroupCell | null, hidden: Set<string>): string[] {
  if (!total) return [];
  const hiddenParts = parts.filter((p) => hidden.has(p.key));
  const shownSum = parts.filter((p) => !hidden.has(p.key)).reduce((s, p) => s + p.count!, 0);
  if (hidden.has(total.key)) return hiddenParts.length === 0 ? [total.key] : [];
  if (hiddenParts.length === 1) return [hiddenParts[0]!.key];
  if (total.count! - shownSum === hiddenParts.length) return hiddenParts.map((p) => p.key);
  return [];
}

/** The same question answered by enumerating every assignment of the hidden parts in 1..max. */
function recoverableByEnumeration(parts: GroupCell[], total: GroupCell, hidden: Set<string>, max: number): string[] {
  const hiddenParts = parts.filter((p) => hidden.has(p.key));
  const shownSum = parts.filter((p) => !hidden.has(p.key)).reduce((s, p) => s + p.count!, 0);
  const totalHidden = hidden.has(total.key);
  const seen = new Map<string, Set<number>>([...hiddenParts.map((p) => [p.key, new Set<number>()] as const), [total.key, new Set<number>()]]);
  const values: number[] = [];
  const walk = (i: number) => {
    if (i === hiddenParts.length) {
      const sum = shownSum + values.reduce((s, v) => s + v, 0);
      if (!totalHidden && sum !== total.count) return;
      values.forEach((v, j) => seen.get(hiddenParts[j]!.key)!.add(v));
      seen.get(total.key)!.add(sum);
      return;
    }
    for (let v = 1; v <= max; v++) {
      values.push(v);
      walk(i + 1);
      values.pop();
    }
  };
  walk(0);
  const keys = [...hiddenParts.map((p) => p.key), ...(totalHidden ? [total.key] : [])];
  return keys.filter((k) => seen.get(k)!.size === 1).sort();
}


function pt(area: string, numerator: number, extra: Partial<Point> = {}): Point {
  return {
    area_code: area,
    period_start: '2019-03-01',
    period_type: 'month',
    numerator,
    denominator: 100_000,
    value: numerator / 31,
    published_value: numerator > 0 ? 1.5 : null,
    suppressed: false,
    local: false,
    target: null,
    target_local: false,
    ...extra,
  };
}

const hiddenOf = (cells: Record<string, Point>) =>
  Object.entries(cells).filter(([, p]) => p.suppressed).map(([k]) => k).sort();

describe('primarySuppressed', () => {
  it('is 1 to the threshold inclusive; zero is not disclosive', () => {
    expect([0, 1, 2, 7, 8, 100].map((c) => primarySuppressed(c))).toEqual([false, true, true, true, false, false]);
    expect([0, 1, 10, 11].map((c) => primarySuppressed(c, 10))).toEqual([false, true, true, false]);
    expect([0, 1, 7].map((c) => primarySuppressed(c, 0))).toEqual([false, false, false]);
  });
  it('refuses a threshold that is negative or not whole', () => {
    expect(() => primarySuppressed(3, -1)).toThrow(RangeError);
    expect(() => primarySuppressed(3, 7.5)).toThrow(RangeError);
    expect(() => primarySuppressed(3, Number.NaN)).toThrow(RangeError);
  });
});

describe('suppressGroup, hand-checked', () => {
  it('a single small part forces the next-smallest non-zero part to hide', () => {
    // 35 = 3 + 20 + 12: 3 hidden alone would be 35 − 20 − 12; the next smallest is both (12).
    expect(hiddenKeys({ nhs: 3, social_care: 20, both: 12 }, ['total', 35])).toEqual(['both', 'nhs']);
  });
  it('two small parts need nothing more', () => {
    // 38 − 30 = 8 = nhs + social_care, which could be 1+7, 2+6, 3+5 …
    expect(hiddenKeys({ nhs: 3, social_care: 5, both: 30 }, ['total', 38])).toEqual(['nhs', 'social_care']);
  });
  it('two hidden parts of 1 each would be known (2 hidden, adding to 2): one more is hidden', () => {
    expect(hiddenKeys({ nhs: 1, social_care: 1, both: 30 }, ['total', 32])).toEqual(['both', 'nhs', 'social_care']);
    // 1 + 2: adding to 3 over 2 cells is not determined, so nothing more.
    expect(hiddenKeys({ nhs: 1, social_care: 2, both: 30 }, ['total', 33])).toEqual(['nhs', 'social_care']);
  });
  it('zero parts are never suppressed and never chosen as the complementary part', () => {
    // 12 = 0 + 3 + 0 + 9: the zeros are smaller than 9 but are not chosen.
    expect(hiddenKeys({ A: 0, B: 3, C: 0, D: 9 }, ['P', 12])).toEqual(['B', 'D']);
    expect(hiddenKeys({ A: 0, B: 0, C: 0 }, ['P', 0])).toEqual([]);
  });
  it('ties on the complementary count are broken by key, whatever the input order', () => {
    expect(hiddenKeys({ H3: 3, H2: 9, H1: 9, H4: 20 }, ['P', 41])).toEqual(['H1', 'H3']);
    expect(hiddenKeys({ H1: 9, H4: 20, H2: 9, H3: 3 }, ['P', 41])).toEqual(['H1', 'H3']);
    expect(hiddenKeys({ x: 2, hub_b: 12, hub_a: 12 }, ['t', 26])).toEqual(['hub_a', 'x']);
  });
  it('a small total stays hidden, and so does every non-zero part of it', () => {
    expect(hiddenKeys({ nhs: 2, social_care: 3, both: 0 }, ['total', 5])).toEqual(['nhs', 'social_care', 'total']);
    expect(hiddenKeys({ nhs: 0, social_care: 6, both: 0 }, ['total', 6])).toEqual(['social_care', 'total']);
  });
  it('hides the total when no part is left to hide', () => {
    // Hidden at source (count unknown), every other part zero: the part would be the total.
    expect(hiddenKeys({ a: null, b: 0, c: 0 }, ['t', 40])).toEqual(['a', 't']);
  });
  it('protects a part hidden at source, even with primary suppression off', () => {
    expect(hiddenKeys({ a: null, b: 50, c: 80 }, ['t', 140], 0)).toEqual(['a', 'b']);
  });
  it('protects a total hidden elsewhere: with every part shown it is their sum, so a part hides', () => {
    const hidden = suppressGroup([{ key: 'a', count: 30 }, { key: 'b', count: 20 }], { key: 't', count: 50, hidden: true });
    expect([...hidden].sort()).toEqual(['b', 't']);
  });
  it('threshold 0 turns primary suppression off; threshold 10 widens it', () => {
    expect(hiddenKeys({ nhs: 1, social_care: 2, both: 0 }, ['total', 3], 0)).toEqual([]);
    expect(hiddenKeys({ nhs: 9, social_care: 10, both: 11 }, ['total', 30], 7)).toEqual([]);
    expect(hiddenKeys({ nhs: 9, social_care: 10, both: 11 }, ['total', 30], 10)).toEqual(['nhs', 'social_care']);
    expect(hiddenKeys({ nhs: 9, social_care: 12, both: 11 }, ['total', 32], 10)).toEqual(['both', 'nhs']);
  });
  it('a group without a total gets primary suppression only', () => {
    expect(hiddenKeys({ a: 3, b: 50 }, null)).toEqual(['a']);
  });
  it('is idempotent: fed its own answer as hidden cells, it answers the same', () => {
    const parts = [{ key: 'nhs', count: 3 }, { key: 'social_care', count: 20 }, { key: 'both', count: 12 }];
    const total = { key: 'total', count: 35 };
    const once = suppressGroup(parts, total);
    const twice = suppressGroup(parts.map((p) => ({ ...p, hidden: once.has(p.key) })), { ...total, hidden: once.has('total') });
    expect([...twice].sort()).toEqual([...once].sort());
  });
  it('refuses a key used twice or a negative count', () => {
    expect(() => suppressGroup([{ key: 'a', count: 1 }, { key: 'a', count: 2 }], null)).toThrow(/twice/);
    expect(() => suppressGroup([{ key: 'a', count: 1 }], { key: 'a', count: 1 })).toThrow(/twice/);
    expect(() => suppressGroup([{ key: 'a', count: -1 }], null)).toThrow(RangeError);
  });
});

describe('no suppressed count can be recovered by subtraction', () => {
  it('the recoverability checks find what an unprotected group gives away', () => {
    // Guards the checks below: they must fail on primary suppression alone.
    const parts = [{ key: 'a', count: 3 }, { key: 'b', count: 20 }, { key: 'c', count: 12 }];
    const total = { key: 't', count: 35 };
    expect(recoverable(parts, total, new Set(['a']))).toEqual(['a']);
    expect(recoverableByEnumeration(parts, total, new Set(['a']), 40)).toEqual(['a']);
    const ones = [{ key: 'a', count: 1 }, { key: 'b', count: 1 }, { key: 'c', count: 30 }];
    expect(recoverable(ones, { key: 't', count: 32 }, new Set(['a', 'b']))).toEqual(['a', 'b']);
    expect(recoverableByEnumeration(ones, { key: 't', count: 32 }, new Set(['a', 'b']), 40)).toEqual(['a', 'b']);
    expect(recoverableByEnumeration(parts, total, new Set(['t']), 40)).toEqual(['t']);
    expect(recoverableByEnumeration(parts, total, new Set(['a', 'c']), 40)).toEqual([]);
  });

  it('every group of three parts 0..12 (threshold 7), checked by enumerating what a viewer could infer', () => {
    let complementary = 0;
    for (let a = 0; a <= 12; a++) for (let b = 0; b <= 12; b++) for (let c = 0; c <= 12; c++) {
      const parts = [{ key: 'nhs', count: a }, { key: 'social_care', count: b }, { key: 'both', count: c }];
      const total = { key: 'total', count: a + b + c };
      const hidden = suppressGroup(parts, total);
      for (const cell of [...parts, total]) {
        if (primarySuppressed(cell.count)) expect(hidden.has(cell.key), `${a},${b},${c} ${cell.key}`).toBe(true);
        if (cell.count === 0) expect(hidden.has(cell.key), `${a},${b},${c} ${cell.key}`).toBe(false);
      }
      expect(recoverableByEnumeration(parts, total, hidden, 40), `${a},${b},${c}`).toEqual([]);
      if ([...hidden].some((k) => !primarySuppressed(k === 'total' ? a + b + c : parts.find((p) => p.key === k)!.count))) complementary++;
    }
    // Groups that need an extra cell: exactly one part in 1..7 with the others in {0, 8..12} and not
    // both 0 (else the total is a primary itself): 3 × 7 × (6 × 6 − 1) = 735; two parts of 1 with
    // the third in 8..12: 3 × 5 = 15. 750 in all.
    expect(complementary).toBe(750);
  });

  it('500 seeded random groups: primaries hidden, zeros shown, at most one extra cell, nothing recoverable', () => {
    const rand = mulberry32(20240521);
    const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
    let withExtra = 0;
    let withTotalHidden = 0;
    for (let g = 0; g < 500; g++) {
      const threshold = [0, 3, 5, 7, 7, 7, 10][int(0, 6)]!;
      const n = int(2, 12);
      const parts: GroupCell[] = [];
      for (let i = 0; i < n; i++) {
        const r = rand();
        const count = r < 0.25 ? 0 : r < 0.45 ? 1 : r < 0.7 ? int(2, 10) : int(8, 300);
        parts.push({ key: `k${String(int(0, 9999)).padStart(4, '0')}_${i}`, count });
      }
      const sum = parts.reduce((s, p) => s + p.count!, 0);
      const total = rand() < 0.1 ? null : { key: 'total', count: sum };
      const label = `group ${g}: ${JSON.stringify(parts)} total ${sum} threshold ${threshold}`;
      const hidden = suppressGroup(parts, total, threshold);

      for (const p of [...parts, ...(total ? [total] : [])]) {
        if (primarySuppressed(p.count!, threshold)) expect(hidden.has(p.key), label).toBe(true);
        if (p.count === 0) expect(hidden.has(p.key), label).toBe(false);
      }
      const extra = [...parts, ...(total ? [total] : [])].filter((p) => hidden.has(p.key) && !primarySuppressed(p.count!, threshold));
      expect(extra.length, label).toBeLessThanOrEqual(1);
      if (!total) expect(extra.length, label).toBe(0);
      if (extra.length) withExtra++;
      if (total && hidden.has(total.key)) withTotalHidden++;

      if (total && !hidden.has(total.key)) {
        const shownSum = parts.filter((p) => !hidden.has(p.key)).reduce((s, p) => s + p.count!, 0);
        for (const p of parts) if (hidden.has(p.key)) expect(p.count, label).not.toBe(total.count! - shownSum);
      }
      expect(recoverable(parts, total, hidden), label).toEqual([]);

      // Same answer whatever the order of the parts, and when fed its own answer.
      const reversed = suppressGroup([...parts].reverse(), total, threshold);
      expect([...reversed].sort(), label).toEqual([...hidden].sort());
      const again = suppressGroup(
        parts.map((p) => ({ ...p, hidden: hidden.has(p.key) })),
        total && { ...total, hidden: hidden.has(total.key) },
        threshold,
      );
      expect([...again].sort(), label).toEqual([...hidden].sort());
    }
    expect(withExtra).toBeGreaterThan(50);
    expect(withTotalHidden).toBeGreaterThan(0);
  });
});

describe('suppressSeries: one area, one breakdown, over time', () => {
  const series = [0, 3, 7, 8, 120].map((n, i) => pt('E06000006', n, { period_start: `2019-0${i + 1}-01`, denominator: i === 4 ? 5 : 100_000 }));

  it('hides numerators 1 to 7 only; a population denominator, however small, is not disclosive', () => {
    const out = suppressSeries(series);
    expect(out.map((p) => p.suppressed)).toEqual([false, true, true, false, false]);
    expect(out.map((p) => p.value)).toEqual([0, null, null, 8 / 31, 120 / 31]);
    expect(out.map((p) => p.published_value)).toEqual([null, null, null, 1.5, 1.5]);
    expect(out.map((p) => p.numerator)).toEqual([0, 3, 7, 8, 120]);
    expect(suppressSeries(series, 0).every((p) => !p.suppressed)).toBe(true);
    expect(suppressSeries(series, 10).map((p) => p.suppressed)).toEqual([false, true, true, true, false]);
  });

  it('returns new objects for hidden points and leaves the input as it was', () => {
    const frozen = Object.freeze(series.map((p) => Object.freeze({ ...p })));
    const before = JSON.stringify(frozen);
    const out = suppressSeries(frozen);
    expect(JSON.stringify(frozen)).toBe(before);
    expect(out[1]).not.toBe(frozen[1]);
    expect(out[1]).toEqual({ ...frozen[1], suppressed: true, value: null, published_value: null });
  });

  it('keeps a point suppressed at source suppressed, and is idempotent', () => {
    const source = pt('E08000015', 0, { suppressed: true, value: null, published_value: null });
    expect(suppressSeries([source])[0]).toEqual(source);
    const once = suppressSeries(series);
    expect(suppressSeries(once)).toEqual(once);
  });

  it("with a count denominator (ASCOF 2B(1)), also hides when the complement is small", () => {
    const rows: [number, number, boolean][] = [
      [40, 52, false], // Bury 2020-21: 12 not at home
      [122, 147, false], // Wirral 2020-21: 25 not at home
      [4, 5, true], // 4 at home
      [45, 50, true], // 5 not at home
      [0, 5, true], // 5 not at home (and 5 discharged)
      [0, 20, false], // none at home: zero is shown, 20 not at home
      [12, 12, false], // all at home: 0 not at home is shown
    ];
    const pts = rows.map(([n, d], i) => pt('E08000002', n, { period_start: `20${10 + i}-04-01`, period_type: 'financial_year', denominator: d }));
    expect(suppressSeries(pts, 7, 'count').map((p) => p.suppressed)).toEqual(rows.map((r) => r[2]));
    // As a population the complement is not looked at: only 4/5 (numerator 4) hides.
    expect(suppressSeries(pts).map((p) => p.suppressed)).toEqual([false, false, true, false, false, false, false]);
  });
});

describe('suppressCells: DToC breakdowns of one area and month', () => {
  const reasons = (r: Partial<Record<string, number>>) =>
    Object.fromEntries(DTOC_REASONS.map((x) => [x.id, pt('E06000006', r[x.id] ?? 0)]));

  it('hides the small part and the next-smallest in each way of splitting the total', () => {
    // 40 = 3 + 25 + 12 (nhs, social care, both) = 3 + 10 + 15 + 12 (A, Di, E, G).
    const cells = {
      total: pt('E06000006', 40), nhs: pt('E06000006', 3), social_care: pt('E06000006', 25), both: pt('E06000006', 12),
      ...reasons({ reason_a: 3, reason_di: 10, reason_e: 15, reason_g: 12 }),
    };
    const out = suppressCells(cells, DTOC_GROUPS);
    expect(hiddenOf(out)).toEqual(['both', 'nhs', 'reason_a', 'reason_di']);
    expect(out.nhs!.value).toBeNull();
    expect(out.total).toBe(cells.total);
    expect(suppressCells(out, DTOC_GROUPS)).toEqual(out);
  });

  it('a small total hides itself and every non-zero breakdown', () => {
    const cells = {
      total: pt('E06000006', 5), nhs: pt('E06000006', 5), social_care: pt('E06000006', 0), both: pt('E06000006', 0),
      ...reasons({ reason_e: 5 }),
    };
    expect(hiddenOf(suppressCells(cells, DTOC_GROUPS))).toEqual(['nhs', 'reason_e', 'total']);
  });

  it('a total hidden at source hides a part in both groups, since the parts would add up to it', () => {
    const cells = {
      total: pt('E06000006', 0, { suppressed: true, value: null, published_value: null }),
      nhs: pt('E06000006', 20), social_care: pt('E06000006', 30), both: pt('E06000006', 0),
      ...reasons({ reason_a: 50 }),
    };
    expect(hiddenOf(suppressCells(cells, DTOC_GROUPS))).toEqual(['nhs', 'reason_a', 'total']);
  });

  it('nothing to hide when every count is 0 or above the threshold', () => {
    const cells = {
      total: pt('E06000006', 370), nhs: pt('E06000006', 200), social_care: pt('E06000006', 170), both: pt('E06000006', 0),
      ...reasons({ reason_a: 100, reason_c: 270 }),
    };
    const out = suppressCells(cells, DTOC_GROUPS);
    expect(hiddenOf(out)).toEqual([]);
    for (const k of Object.keys(cells)) expect(out[k]).toBe(cells[k as keyof typeof cells]);
  });
});

describe('suppressCells and suppressByPeriod: hubs of a place', () => {
  const group = [placeGroup('P', ['H1', 'H2', 'H3', 'H4'])];
  const cellsOf = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).map(([k, n]) => [k, pt(k, n)]));

  it('4 hubs + place, hand-checked', () => {
    // 128 = 3 + 40 + 25 + 60: H1 is small, H3 is the next smallest.
    expect(hiddenOf(suppressCells(cellsOf({ P: 128, H1: 3, H2: 40, H3: 25, H4: 60 }), group))).toEqual(['H1', 'H3']);
    // 97 = 2 + 5 + 0 + 90: two small hubs add to 7, each unknown.
    expect(hiddenOf(suppressCells(cellsOf({ P: 97, H1: 2, H2: 5, H3: 0, H4: 90 }), group))).toEqual(['H1', 'H2']);
    // 92 = 1 + 1 + 0 + 90: 92 − 90 = 2 over two hidden hubs means 1 each, so H4 hides too.
    expect(hiddenOf(suppressCells(cellsOf({ P: 92, H1: 1, H2: 1, H3: 0, H4: 90 }), group))).toEqual(['H1', 'H2', 'H4']);
    // A place of 5.
    expect(hiddenOf(suppressCells(cellsOf({ P: 5, H1: 2, H2: 3, H3: 0, H4: 0 }), group))).toEqual(['H1', 'H2', 'P']);
    // A hub with no data that period is left out of the group: 50 = 3 + 47.
    expect(hiddenOf(suppressCells(cellsOf({ P: 50, H1: 3, H2: 47 }), group))).toEqual(['H1', 'H2']);
    // No place in the cells: primary suppression only.
    expect(hiddenOf(suppressCells(cellsOf({ H1: 3, H2: 47 }), group))).toEqual(['H1']);
  });

  it('suppresses each period on its own and keeps the input order', () => {
    const month = (start: string, counts: Record<string, number>) =>
      Object.entries(counts).map(([k, n]) => pt(k, n, { period_start: start }));
    const points = [
      ...month('2019-03-01', { P: 128, H1: 3, H2: 40, H3: 25, H4: 60 }),
      ...month('2019-04-01', { H4: 70, P: 150, H1: 30, H2: 20, H3: 30 }),
    ];
    const input = JSON.stringify(points);
    const out = suppressByPeriod(points, (p) => p.area_code, group);
    expect(JSON.stringify(points)).toBe(input);
    expect(out.map((p) => `${p.period_start} ${p.area_code}${p.suppressed ? ' hidden' : ''}`)).toEqual([
      '2019-03-01 P', '2019-03-01 H1 hidden', '2019-03-01 H2', '2019-03-01 H3 hidden', '2019-03-01 H4',
      '2019-04-01 H4', '2019-04-01 P', '2019-04-01 H1', '2019-04-01 H2', '2019-04-01 H3',
    ]);
    expect(suppressByPeriod(out, (p) => p.area_code, group)).toEqual(out);
  });

  it('refuses two points with the same key in one period', () => {
    expect(() => suppressByPeriod([pt('H1', 3), pt('H1', 4)], (p) => p.area_code, group)).toThrow(/two points keyed "H1"/);
  });
});

describe('suppressionLabel', () => {
  it('words the rule for tables, tooltips and footnotes', () => {
    expect(suppressionLabel()).toBe('fewer than 8');
    expect(suppressionLabel(7, 'range')).toBe('1 to 7');
    expect(suppressionLabel(10, 'fewer')).toBe('fewer than 11');
    expect(suppressionLabel(10, 'range')).toBe('1 to 10');
    expect(suppressionLabel(1, 'range')).toBe('1');
    expect(suppressionLabel(7, 'note')).toBe(
      'Counts of 1 to 7 are suppressed, and where needed another count too, so that they cannot be worked out by subtraction from a total.',
    );
    expect(suppressionLabel(0)).toBe('small counts are not suppressed');
    expect(() => suppressionLabel(-1)).toThrow(RangeError);
  });
});
