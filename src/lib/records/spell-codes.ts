// What a spell's codes say, as SQL over its cells: an emergency admission, an admission due to a
// fall, a death in hospital. Read once per spell as the file is read (layouts.ts SPELLS.derived),
// and kept as three booleans instead of the four code columns they come from: the metric queries,
// the notes and ASCOF 2B(1) each asked them of every spell again (at 1M records, reading the
// spells so took 80-90 processor-ms less in both engines, and each scan asking them 30 less).
// Pure: SQL text only.

import { mayBeginPadded, PADDING } from './padding';

// The codes are compared whatever the case of their letters and their padding, but only the cells
// that may need it are trimmed, a cheap test telling them apart, inside CASE, whose branches DuckDB
// evaluates only for the rows that reach them (written as OR inside NOT coalesce(), the trim ran on
// every spell: 70 processor-ms more at 1M records). TRIM(BOTH … FROM …) as Spark SQL writes it too.

/** A discharge destination of death in hospital (79), padded or not: only a cell longer than two characters can be a padded 79. */
export const diedInHospital = (destination: string) => `CASE WHEN length(${destination}) > 2 THEN TRIM(BOTH ${PADDING} FROM ${destination}) = '79' ELSE ${destination} = '79' END`;

/** An emergency admission method (21-28, 2A-2D, in either case): one beginning with 2, past any padding. */
export const emergency = (method: string) => `(${method} LIKE '2%' OR CASE WHEN ${mayBeginPadded(method)} THEN TRIM(BOTH ${PADDING} FROM ${method}) LIKE '2%' ELSE false END)`;

/**
 * Whether an ICD-10 code's category (its first three characters, a letter and two digits) is from
 * `from` up to, not including, `below` (S00-T98: 'S00', 'T99'), whatever the case of its letter and
 * its padding. As text, a code is in the range when it sorts from `from` to below `below`, in
 * capitals or in lower case alike (what follows the letter compares with the bounds' digits the same
 * in either case: letters sort above digits, padding below); only a code beginning with padding
 * (below '!', or a no-break space: from U+00A0 on) is trimmed and put in capitals first.
 */
export const icd10In = (code: string, from: string, below: string) =>
  `(${code} >= '${from}' AND ${code} < '${below}' OR ${code} >= '${from.toLowerCase()}' AND ${code} < '${below.toLowerCase()}'
    OR CASE WHEN ${mayBeginPadded(code)} THEN upper(TRIM(BOTH ${PADDING} FROM ${code})) >= '${from}' AND upper(TRIM(BOTH ${PADDING} FROM ${code})) < '${below}' ELSE false END)`;

/** A fall (W00-W19) as the external cause in a cell holding one code. */
export const fallCause = (code: string) => icd10In(code, 'W00', 'W20');

/**
 * A fall (W00-W19) among the codes of a cell listing them (Der_Diagnosis_All: '||S720 ,I10 ,W010 ||',
 * or codes split by commas, spaces or semicolons): a W, in either case, and 00-19, beginning the
 * cell or after a character that is neither a letter nor a digit; whatever follows (a dot, a fourth
 * character, an X). RE2 in both engines.
 */
export const fallCauseListed = (list: string) => `regexp_matches(${list}, '(^|[^0-9A-Za-z])[Ww][01][0-9]')`;

/**
 * Due to a fall: a primary diagnosis of injury (S00-T98) with a fall as an external cause: any of
 * `causes` (fallCause's or fallCauseListed's conditions), one alone as it is.
 */
export const dueToFall = (diagnosis: string, ...causes: string[]) =>
  `${icd10In(diagnosis, 'S00', 'T99')} AND ${causes.length === 1 ? causes[0] : `(${causes.join(' OR ')})`}`;
