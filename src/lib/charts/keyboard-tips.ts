// A chart's tooltips from the keyboard: focus the chart, then ← → move along a line (through the
// periods) and ↑ ↓ between lines (or bars); each value is read out in words and, where the
// chart's scales place it, marked on the chart.

interface Scale {
  apply?: (v: unknown) => number;
  /** Band scales (bar charts) place a value at the start of its band. */
  bandwidth?: number;
}
type PlotSvg = SVGSVGElement & { scale?: (name: 'x' | 'y') => Scale | undefined };

export interface TipPoint {
  x: Date | number;
  y: number | string | null;
  text: string;
}

export interface KeyboardTips {
  lines: { label: string; points: TipPoint[] }[];
  /** What the keys do, read when the chart takes focus. */
  intro: string;
  /** False for faceted charts, whose positions are per panel: the readout alone is given. */
  marker?: boolean;
}

export const LINE_KEYS = 'Use the left and right arrow keys to read each period, up and down to change line.';
export const BAR_KEYS = 'Use the up and down arrow keys to read each bar.';

const key = (v: TipPoint['x']) => (v instanceof Date ? v.getTime() : v);

/**
 * Makes the chart's container focusable and reads into `readout` (a live region outside the
 * container: inside an element with role img it would not be announced). Listens until `signal`
 * aborts (the chart is drawn again or leaves the page). The container stays focusable after that,
 * so that a chart drawn anew under the keyboard keeps its focus and is read again at once (had it
 * lost focus, the reader would be left nowhere on the page); `detachKeyboardTips` makes it plain
 * once it holds no chart to read. Returns whether the chart can be read.
 */
export function attachKeyboardTips(svg: PlotSvg, tips: KeyboardTips, readout: HTMLElement, signal: AbortSignal): boolean {
  const canvas = svg.parentElement;
  const usable = tips.lines.filter((l) => l.points.length > 0);
  if (!canvas || usable.length === 0) return false;
  const x = svg.scale?.('x');
  const y = svg.scale?.('y');
  const place = (s: Scale | undefined, v: unknown) => (s?.apply ? s.apply(v) + (s.bandwidth ?? 0) / 2 : NaN);
  canvas.tabIndex = 0;
  canvas.setAttribute('aria-description', tips.intro);
  const marker = document.createElementNS('http://www.w3.org/2000/svg', 'circle');
  marker.setAttribute('r', '7');
  marker.setAttribute('fill', 'none');
  marker.setAttribute('stroke', '#212b32');
  marker.setAttribute('stroke-width', '2.5');
  let line = 0;
  let index = usable[0]!.points.length - 1;
  const show = () => {
    const p = usable[line]!.points[index]!;
    readout.textContent = p.text.replaceAll('\n', '; ');
    const [cx, cy] = [place(x, p.x), place(y, p.y)];
    if (tips.marker === false || p.y == null || !Number.isFinite(cx) || !Number.isFinite(cy)) return marker.remove();
    marker.setAttribute('cx', String(cx));
    marker.setAttribute('cy', String(cy));
    if (!marker.isConnected) svg.append(marker);
  };
  canvas.addEventListener(
    'keydown',
    (e) => {
      const points = usable[line]!.points;
      if (e.key === 'ArrowLeft') index = Math.max(0, index - 1);
      else if (e.key === 'ArrowRight') index = Math.min(points.length - 1, index + 1);
      else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
        const at = key(points[index]!.x);
        line = (line + (e.key === 'ArrowDown' ? 1 : usable.length - 1)) % usable.length;
        const next = usable[line]!.points;
        index = next.length === 1 ? 0 : Math.max(0, next.findIndex((p) => key(p.x) >= at));
      } else if (e.key === 'Home') index = 0;
      else if (e.key === 'End') index = points.length - 1;
      else return;
      e.preventDefault();
      show();
    },
    { signal },
  );
  canvas.addEventListener('focus', show, { signal });
  const quiet = () => {
    marker.remove();
    readout.textContent = '';
  };
  canvas.addEventListener('blur', quiet, { signal });
  signal.addEventListener('abort', quiet);
  if (document.activeElement === canvas) show();
  return true;
}

/** Leaves a chart's container as it was before `attachKeyboardTips`. */
export function detachKeyboardTips(canvas: HTMLElement): void {
  canvas.removeAttribute('tabindex');
  canvas.removeAttribute('aria-description');
}
