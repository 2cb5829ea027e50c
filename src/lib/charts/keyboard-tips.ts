// The chart's tooltips from the keyboard: focus the chart, then ← → move through the periods and
// ↑ ↓ between its lines; each value is marked on the chart and read out in words.

interface Scale {
  apply?: (v: unknown) => number;
}
type PlotSvg = SVGSVGElement & { scale?: (name: 'x' | 'y') => Scale | undefined };

export interface TipPoint {
  x: Date;
  y: number | null;
  text: string;
}

export function attachKeyboardTips(svg: PlotSvg, lines: { label: string; points: TipPoint[] }[], intro: string): void {
  const canvas = svg.parentElement;
  const x = svg.scale?.('x');
  const y = svg.scale?.('y');
  const usable = lines.filter((l) => l.points.length > 0);
  if (!canvas || !x?.apply || !y?.apply || usable.length === 0) return;
  canvas.tabIndex = 0;
  canvas.setAttribute('aria-description', intro);
  const readout = document.createElement('p');
  readout.className = 'keyboard-tip';
  readout.setAttribute('aria-live', 'polite');
  canvas.append(readout);
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
    if (p.y == null) return marker.remove();
    marker.setAttribute('cx', String(x.apply!(p.x)));
    marker.setAttribute('cy', String(y.apply!(p.y)));
    if (!marker.isConnected) svg.append(marker);
  };
  canvas.addEventListener('keydown', (e) => {
    const points = usable[line]!.points;
    if (e.key === 'ArrowLeft') index = Math.max(0, index - 1);
    else if (e.key === 'ArrowRight') index = Math.min(points.length - 1, index + 1);
    else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      const at = points[index]!.x.getTime();
      line = (line + (e.key === 'ArrowDown' ? 1 : usable.length - 1)) % usable.length;
      const next = usable[line]!.points;
      index = Math.max(0, next.findIndex((p) => p.x.getTime() >= at));
    } else if (e.key === 'Home') index = 0;
    else if (e.key === 'End') index = points.length - 1;
    else return;
    e.preventDefault();
    show();
  });
  canvas.addEventListener('focus', show);
  canvas.addEventListener('blur', () => {
    marker.remove();
    readout.textContent = '';
  });
}
