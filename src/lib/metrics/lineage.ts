// What a reader needs to know about where a metric's series starts and stops: a collection that
// ended, the measure that followed it (never joined to it), and what a composite is made of.
import { periodLabel } from '../format';
import type { Metric } from '../definitions';

export interface LineageNote {
  text: string;
  /** A metric the note names, for a link to it. */
  metric?: Metric;
}

export function lineageNotes(m: Metric, find: (id: string) => Metric | undefined): LineageNote[] {
  const notes: LineageNote[] = [];
  const successor = m.successor ? find(m.successor) : undefined;
  const predecessor = m.predecessor ? find(m.predecessor) : undefined;
  const ended = m.collectionEnded ? `${m.title} ended ${periodLabel(m.collectionEnded, 'month')}` : null;
  if (ended && successor) notes.push({ text: `${ended}; the current measure is ${successor.title.toLowerCase()}, a different definition drawn as a separate line.`, metric: successor });
  else if (ended) notes.push({ text: `${ended}: the series stops there.` });
  else if (successor) notes.push({ text: `Later Better Care Fund plans measure this with ${successor.title.toLowerCase()}, a different definition drawn as a separate line.`, metric: successor });
  if (predecessor) {
    const until = predecessor.collectionEnded ? ` (ended ${periodLabel(predecessor.collectionEnded, 'month')})` : '';
    notes.push({ text: `It follows ${predecessor.title.toLowerCase()}${until}; the two are not joined into one line.`, metric: predecessor });
  }
  if (m.derivedFrom) notes.push({ text: `Derived from ${m.derivedFrom.charAt(0).toLowerCase()}${m.derivedFrom.slice(1)}` });
  if (m.intervalNote) notes.push({ text: `No confidence interval: ${m.intervalNote.charAt(0).toLowerCase()}${m.intervalNote.slice(1)}` });
  return notes;
}
