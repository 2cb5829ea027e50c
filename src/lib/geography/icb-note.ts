// What a chart must say when it shows an ICB as the sum of its councils: for periods before
// ICBs existed the line is the sum of the councils that now form the ICB, and a council split
// between ICBs is counted whole in the one holding most of its population.
import { COUNCILS, SPLIT_ICB_NOTES } from './councils';
import { ICBS, ICBS_FROM } from './icbs';
import { firstMonth } from './reference';

/** The note for a chart whose lines include these area codes over periods from `earliest`; '' when none is an ICB. */
export function icbNote(codes: string[], earliest: string): string {
  const icbs = ICBS.filter((i) => codes.includes(i.code));
  if (icbs.length === 0) return '';
  const before = earliest < ICBS_FROM ? ` Before ${firstMonth(ICBS_FROM)}, when ICBs began, an ICB's line is the sum of the councils that now form it.` : '';
  const splits = COUNCILS.filter((c) => icbs.some((i) => i.code === c.icb) && SPLIT_ICB_NOTES[c.code]).map((c) => ` ${SPLIT_ICB_NOTES[c.code]}`);
  return `${before} A council split between ICBs is counted in the one holding most of its population.${splits.join('')}`;
}
