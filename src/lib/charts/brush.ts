// Dragging across a time chart to choose the periods shown: a pointer-only shortcut for the From /
// To selects beside the chart, which do the same from the keyboard.

interface TimeScale {
  invert?: (px: number) => unknown;
}

/** Nearest period start to a date, from the periods the chart holds (sorted ISO dates). */
export function nearestPeriod(periods: string[], date: Date): string | undefined {
  const t = date.getTime();
  let best: string | undefined;
  let gap = Infinity;
  for (const p of periods) {
    const d = Math.abs(Date.parse(`${p}T00:00:00Z`) - t);
    if (d < gap) [best, gap] = [p, d];
  }
  return best;
}

/** Lets the user drag across `svg` (a Plot chart with a time x scale); reports the periods covered. */
export function attachBrush(svg: SVGSVGElement & { scale?: (name: 'x') => TimeScale | undefined }, periods: string[], onrange: (from: string, to: string) => void): void {
  const x = svg.scale?.('x');
  if (!x?.invert || periods.length < 2) return;
  const ns = 'http://www.w3.org/2000/svg';
  const local = (e: PointerEvent) => {
    const box = svg.getBoundingClientRect();
    return ((e.clientX - box.left) * svg.viewBox.baseVal.width) / box.width;
  };
  let start: number | null = null;
  const band = document.createElementNS(ns, 'rect');
  band.setAttribute('fill', 'rgba(0, 94, 184, 0.15)');
  band.setAttribute('y', '0');
  band.setAttribute('height', String(svg.viewBox.baseVal.height));
  band.style.pointerEvents = 'none';
  svg.style.touchAction = 'pan-y';
  // Capture phase: Plot's tooltip stops pointerdown from reaching later listeners.
  const capture = { capture: true };
  svg.addEventListener('pointerdown', (e) => {
    start = local(e);
  }, capture);
  svg.addEventListener('pointermove', (e) => {
    if (start === null) return;
    const now = local(e);
    band.setAttribute('x', String(Math.min(start, now)));
    band.setAttribute('width', String(Math.abs(now - start)));
    if (!band.isConnected) svg.append(band);
  }, capture);
  svg.addEventListener('pointerup', (e) => {
    if (start === null) return;
    const [a, b] = [start, local(e)].sort((p, q) => p - q);
    start = null;
    band.remove();
    if (b! - a! < 8) return; // a click, not a drag
    const from = nearestPeriod(periods, x.invert!(a!) as Date);
    const to = nearestPeriod(periods, x.invert!(b!) as Date);
    if (from && to && from < to) onrange(from, to);
  }, capture);
}
