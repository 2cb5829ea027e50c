// A chart whose lines suppression has mostly emptied says so in words: the gaps are not missing
// data, and a reader should not take the few points left for the series.
import { suppressionLabel } from '../stats/suppression';
import type { Line } from './trend';

/** Lines with more than half their values suppressed, named with how many; null when there are none. */
export function mostlySuppressedNote(lines: readonly Line[], threshold: number): string | null {
  const hit = lines
    .map((l) => ({ label: l.label, of: l.points.length, hidden: l.points.filter((p) => p.suppressed).length }))
    .filter((l) => l.hidden * 2 > l.of);
  if (hit.length === 0) return null;
  const parts = hit.map((l) => `${l.label}, ${l.hidden === l.of ? `all ${l.of}` : `${l.hidden} of ${l.of}`}`);
  const broken = hit.length === 1 ? 'its line is' : 'their lines are';
  return `Most values are suppressed and not drawn (${parts.join('; ')}), so ${broken} broken or missing. ${suppressionLabel(threshold, 'note')}`;
}
