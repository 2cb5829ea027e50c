// What a chart must say when it shows an ICB as the sum of its councils: for periods before
// ICBs existed the line is the sum of the councils that now form the ICB, and a council split
// between ICBs is counted whole in the one holding most of its population.
import { COUNCILS, SPLIT_ICB_NOTES, type Council } from './councils';
import { ICBS, ICBS_FROM } from './icbs';
import { firstMonth } from './reference';

/**
 * The note for a chart whose lines include these area codes over periods from `earliest`; '' when
 * none is an ICB. A split council is said under the ICB it is counted in and under those it lies
 * partly in, whose line lacks that part (Norfolk and Waveney's lacks Waveney, counted in Suffolk):
 * said under the first alone, the second's line read as its whole area. A council whose code ended
 * before `earliest` is not among the line's.
 */
export function icbNote(codes: string[], earliest: string): string {
  const icbs = ICBS.filter((i) => codes.includes(i.code)).map((i) => i.code);
  if (icbs.length === 0) return '';
  const before = earliest < ICBS_FROM ? ` Before ${firstMonth(ICBS_FROM)}, when ICBs began, an ICB's line is the sum of the councils that now form it.` : '';
  const touches = (c: Council) => [c.icb, ...(SPLIT_ICB_NOTES[c.code]?.alsoIn ?? [])].some((i) => icbs.includes(i));
  const splits = COUNCILS.filter((c) => SPLIT_ICB_NOTES[c.code] && touches(c) && !(c.until && c.until <= earliest)).map((c) => ` ${SPLIT_ICB_NOTES[c.code]!.note}`);
  return `${before} A council split between ICBs is counted in the one holding most of its population.${splits.join('')}`;
}
