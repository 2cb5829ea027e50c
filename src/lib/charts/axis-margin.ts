// The left margin a value axis needs for its tick labels. Plot does not size its margins to its
// labels: at 12 px text a fixed 48 px cut the first digit off "12,000" (non-elective admissions per
// 100,000 a year). The labels are worked out as Plot's nice linear ticks give them.
import { CHAR } from './text';

/** About how many ticks Plot draws on a y axis `height` px tall (one every 35 px, its default). */
export const ticksFor = (height: number) => height / 35;
/** Plot's tick length and its padding before the label, and the room left at the chart's edge. */
const TICK = 6 + 3 + 3;

/** The step between nice ticks for about `count` of them over [lo, hi]: 1, 2 or 5 times a power of ten (d3's rule). */
export function tickStep(lo: number, hi: number, count: number): number {
  const raw = (hi - lo) / Math.max(1, count);
  if (!(raw > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const e = raw / power;
  return power * (e >= Math.sqrt(50) ? 10 : e >= Math.sqrt(10) ? 5 : e >= Math.sqrt(2) ? 2 : 1);
}

/** The tick values Plot draws over [lo, hi] when asked for about `count` (its domain made nice first). */
export function tickValues(lo: number, hi: number, count: number): number[] {
  const step = tickStep(lo, hi, count);
  const values: number[] = [];
  // Counted in steps, so that 0.1 + 0.2 never makes a label "0.30000000000000004".
  for (let i = Math.floor(lo / step + 1e-9); i <= Math.ceil(hi / step - 1e-9); i++) values.push(Number((i * step).toPrecision(12)));
  return values;
}

/** The left margin (px) for the labels of about `count` ticks over [lo, hi], at least `min`. */
export function yAxisMargin(format: (v: number) => string, lo: number, hi: number, count: number, min = 40): number {
  const longest = Math.max(0, ...tickValues(lo, hi, count).map((v) => format(v).length));
  return Math.max(min, Math.ceil(TICK + CHAR * longest));
}
