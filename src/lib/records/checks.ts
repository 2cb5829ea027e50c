// What a record's typed cells can still get wrong: a value no person can have (an age of 7001,
// HES's code for a baby of under a day, would count as 90+) or dates in an order no record can
// have (a discharge before its admission). Such a row is refused like a cell that is not a date:
// named by file, row and column, never by what it held, and not counted. Pure: SQL text and
// arithmetic only.
import type { CellError } from '../contract/errors';
import { EVENTS, SPELLS, type RecordLayout } from './layouts';
import { FAR_FUTURE } from './date-forms';

export interface RecordCheck {
  column: string;
  /** True for a row the check refuses (over the layout's fields; a missing value passes). */
  refuses: string;
  message: string;
}

const REFUSED = '; the row was not counted';

/**
 * The last day no record's date can be: DuckDB's strict date format (layouts.ts readCsvSql's
 * dateformat) reads `infinity`, `-infinity` and `epoch`, in any case and padding (native 1.5 and
 * DuckDB-WASM alike), as 1900-01-01 instead of refusing the cell, and once read they cannot be told
 * from a cell of 1900-01-01 (SQL Server's empty datetime). It reads a year of two digits as one of
 * the first century too (23-10-05, or 05/10/23 in a file of dd/mm/yyyy, as 0023), and 0001-01-01
 * (SQL Server's empty date, .NET's least) and 1753-01-01 (the least datetime) are dates to it: each
 * was counted, a spell admitted 2,000 years before its discharge. So a date cell read as this day
 * or before is refused.
 */
const SPECIAL = "DATE '1900-01-01'";

/** A date cell read as a record's date, or null (SPECIAL or before): the checks comparing two dates leave such a row to its date's own check. */
const dated = (column: string) => `CASE WHEN ${column} > ${SPECIAL} THEN ${column} END`;

/** Each date field's check: not a date SPECIAL stands for, nor one before it. */
const notSpecial = (layout: RecordLayout): RecordCheck[] =>
  layout.fields.filter((f) => f.type === 'DATE').map((f) => ({
    column: f.name,
    refuses: `${f.name} <= ${SPECIAL}`,
    message: `is not a date after 1900-01-01 (infinity and epoch are not dates; 1900-01-01 and 0001-01-01 are SQL Server's empty dates; a year needs its four digits)${REFUSED}`,
  }));

/**
 * A start date from FAR_FUTURE on (9999-12-31, a system's day for no date): an end may be open
 * (read as none, layouts.ts RecordField.openEnd), but no record begins there.
 */
const farStart = (column: string): RecordCheck => ({
  column,
  refuses: `${column} >= ${FAR_FUTURE}`,
  message: `is not a date a record can begin on (9999-12-31 and other days from 2900 on stand for no date)${REFUSED}`,
});

export const RECORD_CHECKS: Record<RecordLayout['id'], RecordCheck[]> = {
  sus_apc_spells: [
    {
      column: 'Age_At_Start_of_Spell_SUS',
      refuses: 'Age_At_Start_of_Spell_SUS NOT BETWEEN 0 AND 125',
      message: `is not an age in whole years from 0 to 125 (HES writes ages under one year as 7001-7007: give them as 0)${REFUSED}`,
    },
    { column: 'Discharge_Date', refuses: `${dated('Discharge_Date')} < ${dated('Admission_Date')}`, message: `is before the Admission_Date${REFUSED}` },
    ...notSpecial(SPELLS),
    farStart('Admission_Date'),
  ],
  cld_events: [
    { column: 'Der_Birth_Year', refuses: `Der_Birth_Year NOT BETWEEN 1880 AND year(${dated('Event_Start_Date')})`, message: `is not a year of birth from 1880 to the year of the Event_Start_Date${REFUSED}` },
    { column: 'Der_Birth_Month', refuses: 'Der_Birth_Month NOT BETWEEN 1 AND 12', message: `is not a month from 1 to 12${REFUSED}` },
    { column: 'Event_End_Date', refuses: `${dated('Event_End_Date')} < ${dated('Event_Start_Date')}`, message: `is before the Event_Start_Date${REFUSED}` },
    ...notSpecial(EVENTS),
    farStart('Event_Start_Date'),
  ],
};

/** A row some check refuses, as a WHERE condition (where a missing value's unknown passes). */
export const refusedWhere = (layout: RecordLayout) => RECORD_CHECKS[layout.id].map((c) => `(${c.refuses})`).join(' OR ');

/**
 * Which checks each refused row of a file fails, by its place among the rows DuckDB's reader
 * gave (`k`, from 0): read from `source` (the file, read as the load read it) in the file's order.
 */
export function refusedRowsSql(layout: RecordLayout, source: string): string {
  const checks = RECORD_CHECKS[layout.id];
  return `SELECT k, ${checks.map((c, i) => `c${i}`).join(', ')} FROM (
  SELECT row_number() OVER () - 1 AS k, ${checks.map((c, i) => `coalesce(${c.refuses}, false) AS c${i}`).join(', ')} FROM ${source}
) WHERE ${checks.map((_, i) => `c${i}`).join(' OR ')} ORDER BY k`;
}

/**
 * The refused rows (refusedRowsSql's answer) as errors. `k` counts the rows the reader gave, which leaves out those it
 * refused itself (`readerRefused`, by row) and the blank lines it passed over (`blank`, blankRows'): the row in the
 * file is found by stepping over them.
 */
export function checkErrors(file: string, layout: RecordLayout, refused: Record<string, unknown>[], readerRefused: number[], blank: number[] = []): CellError[] {
  const skipped = [...new Set([...readerRefused, ...blank])].sort((a, b) => a - b);
  const checks = RECORD_CHECKS[layout.id];
  const errors: CellError[] = [];
  let s = 0;
  let row = 1;
  let k = -1;
  for (const r of refused) {
    // Walk from the last row found to this one: each row the reader refused on the way is one more.
    while (k < Number(r.k)) {
      row++;
      for (; s < skipped.length && skipped[s]! <= row; s++) if (skipped[s] === row) row++;
      k++;
    }
    checks.forEach((c, i) => { if (r[`c${i}`] === true) errors.push({ file, row, column: c.column, message: c.message }); });
  }
  return errors;
}

/** A file's bytes, a piece at a time: a Node stream or a browser File's stream(). */
export type ByteSource = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

async function* piecesOf(source: ByteSource): AsyncGenerator<Uint8Array> {
  if (!('getReader' in source)) return yield* source;
  // (Safari's ReadableStream is not async iterable.)
  const reader = source.getReader();
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) yield r.value;
  } finally {
    reader.releaseLock();
  }
}

/** How a line ends. */
export type LineEnd = 'LF' | 'CRLF' | 'CR';

/**
 * Reads a CSV file's rows as a spreadsheet numbers them (and as DuckDB's reject_errors does): the
 * header is row 1, a blank line is a row, and a line break inside quotes does not start one. Each
 * row's end is handed to `onEnd` (its row, whether it is blank, how it ends), which may stop the
 * reading by returning true; a last row with no line break after it is not. A line ends at LF, CRLF
 * or a lone CR. A quote opens a quoted cell only at the start of a cell (after one space at most),
 * as DuckDB's reader reads it: one inside an unquoted cell (SQL Server exports free text unquoted,
 * 5'10" and all) is a character of the cell, and taking it for an opening quote put every line
 * break up to the next quote inside a cell. Read a piece at a time: the file may be gigabytes, and
 * only its line breaks, commas and quotes are looked at.
 */
async function scanRows(source: ByteSource, onEnd: (row: number, blank: boolean, end: LineEnd) => boolean | void): Promise<void> {
  let row = 1;
  let quoted = false;
  // Just after a quoted cell's closing quote (another quote there is an escaped one: "a ""b""").
  let closed = false;
  // Spaces since the cell began (a quote may open it after none or one), or -1 past them.
  let lead = 0;
  let atStart = false;
  // A row ended by a CR: whether an LF follows (CRLF) is known at the next byte.
  let cr: { row: number; blank: boolean } | null = null;
  for await (const piece of piecesOf(source)) {
    for (let i = 0; i < piece.length; i++) {
      const b = piece[i]!;
      if (cr) {
        const ended = cr;
        cr = null;
        if (onEnd(ended.row, ended.blank, b === 10 ? 'CRLF' : 'CR')) return;
        if (b === 10) continue;
      }
      if (quoted) {
        if (b === 34) [quoted, closed] = [false, true];
        continue;
      }
      if (b === 34 && (lead >= 0 || closed)) {
        [quoted, closed, lead, atStart] = [true, false, -1, false];
        continue;
      }
      closed = false;
      if (b === 10 || b === 13) {
        if (b === 13) cr = { row, blank: atStart };
        else if (onEnd(row, atStart, 'LF')) return;
        row++;
        [atStart, lead] = [true, 0];
        continue;
      }
      // One space before a quote still opens a quoted cell; two do not (as both engines read
      // ' "a"' and '  "a"', measured).
      lead = b === 44 ? 0 : lead === 0 && b === 32 ? 1 : -1;
      atStart = false;
    }
  }
  if (cr) onEnd(cr.row, cr.blank, 'CR');
}

/** The rows of a CSV file that are blank lines (scanRows' numbering). DuckDB's reader passes over them, so the rows it gives are counted without them. */
export async function blankRows(source: ByteSource): Promise<number[]> {
  const blank: number[] = [];
  await scanRows(source, (row, isBlank) => {
    if (isBlank) blank.push(row);
  });
  return blank;
}

/**
 * The first row of a CSV file whose line ends otherwise than the rows before it (`end`, theirs
 * `before`), or null where every line ends alike. DuckDB's reader refuses a whole file that mixes
 * them (where a row's last cell is not empty), in both engines: the row is named instead.
 */
export async function otherLineEnd(source: ByteSource): Promise<{ row: number; end: LineEnd; before: LineEnd } | null> {
  let first: LineEnd | null = null;
  let found: { row: number; end: LineEnd; before: LineEnd } | null = null;
  await scanRows(source, (row, _blank, end) => {
    if (first === null) first = end;
    else if (end !== first) found = { row, end, before: first };
    return found !== null;
  });
  return found;
}

/**
 * The error to report where DuckDB's reader failed on a file (`what`: "file" or "list") that mixes
 * line endings, which it refuses whole: the first row of the other ending named, and `outcome`
 * (what became of the file). Any other failure is thrown on as it was.
 */
export async function mixedLineEndsError(f: { file: string; bytes?: () => ByteSource }, failure: unknown, what: string, outcome: string): Promise<CellError> {
  const other = f.bytes ? await otherLineEnd(f.bytes()) : null;
  if (!other) throw failure;
  return { file: f.file, row: other.row, column: '(whole row)', message: `ends its line with ${other.end} where the rows before it end with ${other.before}: the ${what} mixes line endings, which the reader cannot take; ${outcome}` };
}
