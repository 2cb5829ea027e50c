// The two record-level layouts a data team holds: hospital inpatient spells (SUS+ Admitted
// Patient Care, as the national data warehouse names its spell fields) and adult social care
// Client Level Data events (as the CLD specification names them). Only the fields named here are
// read; any other column in the file is left alone. Pure: descriptions and SQL text only.
import { parseCsv } from '../contract/csv';
import { sqlText } from '../sql/literal';
import { mayBeginPadded, PADDING } from './padding';
import { diedInHospital, emergency } from './spell-codes';
import { fallSql, hasCauseColumn } from './external-causes';
import { dateFormOf, openEndSql } from './date-forms';
import { headerKey, unquoted } from './header-cells';

export interface RecordFile {
  /** The name a person knows the file by (reports, sources). */
  file: string;
  /** The name DuckDB reads it by. */
  path: string;
  layout: RecordLayout;
  header: string[];
  dateFormat: string;
  /**
   * The file's bytes, read again from the start at each call: only when a row is refused by the
   * checks (checks.ts), to find its row past the blank lines DuckDB's reader passes over. Without,
   * a blank line before such a row makes its row one too few.
   */
  bytes?: () => AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;
  /** Saved as UTF-16 (its byte order mark says): DuckDB's reader takes UTF-8, so the file is refused whole (aggregate.ts). */
  utf16?: true;
}

export interface RecordField {
  name: string;
  /** The DuckDB type read_csv gives the column (a cell that does not fit refuses its row). */
  type: 'VARCHAR' | 'INTEGER' | 'DATE';
  meaning: string;
  /**
   * A practice (ODS) or council (ONS) code, whose letters are capitals: read in capitals, without
   * the spaces and tabs around it (codeSql), so that 'n81001 ' is the practice N81001 (no code means
   * anything else written so), not a practice missing from the hub map, nor 'e06000006' a council
   * it does not name. Only these are read so: at 1M records (spells and events), the bare read took
   * 718-898 processor-ms (medians of 10, at a load of 8), about 100 more with these four read as
   * upper(trim(cell)), and 400-500 more with the eight fields that are codes. The other codes
   * (admission method, discharge destination, diagnosis and external cause) are compared whatever
   * their case and padding by the SQL that reads what they say (spell-codes.ts), trimming only the
   * cells that may need it. Pseudonyms are read as written.
   */
  code?: true;
  /**
   * The words of this field the metric queries compare, and the others of its kind where they are
   * few (CLD's Client_Type 'Service User', Event_Type 'Service', …): a cell that is one of them
   * whatever its case and padding is read as written here, so that 'service user' or 'Service '
   * counts as every query and note compares it. Any other cell is read as written; only such a cell
   * is trimmed and put in capitals to be compared (wordSql).
   */
  words?: string[];
  /** Read only to make the layout's `derived` columns, not kept as written. */
  derivedOnly?: true;
  /** May be missing from the header where the layout's `needs` finds another column saying what it says. */
  optional?: true;
  /** A date that may be written 9999-12-31 (or another far-future day) for none: read as none (date-forms.ts openEndSql). */
  openEnd?: true;
}

/** A column the layout's table keeps in place of fields read only for it: what they say, never null. */
export interface DerivedColumn {
  name: string;
  /** SQL over the row's cells (`cell(field name)`, each as written in the file); `header`, the file's, where the columns read depend on it. */
  sql: (cell: (field: string) => string, header: string[]) => string;
  meaning: string;
}

export interface RecordLayout {
  id: 'sus_apc_spells' | 'cld_events';
  label: string;
  /** The table the metric queries read (queries.ts). */
  table: string;
  fields: RecordField[];
  /** Kept after the fields that are not derivedOnly, in the table's order. */
  derived?: DerivedColumn[];
  /** What a header must name beside the fields that are not optional. */
  needs?: (header: string[]) => boolean;
}

export const SPELLS: RecordLayout = {
  id: 'sus_apc_spells',
  label: 'hospital inpatient spells (SUS+ Admitted Patient Care, record level)',
  table: 'sus_apc_spells',
  fields: [
    { name: 'Der_Pseudo_NHS_Number', type: 'VARCHAR', meaning: 'pseudonymised NHS number: the person, linked to social care by the same pseudonym' },
    { name: 'Age_At_Start_of_Spell_SUS', type: 'INTEGER', meaning: 'age in years on admission' },
    { name: 'Der_Postcode_Dist_Unitary_Auth', type: 'VARCHAR', code: true, meaning: 'local authority of residence (ONS code, E06/E08/E09/E10; a district, E07, counts in its county): the place' },
    { name: 'GP_Practice_Code', type: 'VARCHAR', code: true, meaning: 'GP practice the person is registered with (ODS code): the hub' },
    { name: 'Admission_Date', type: 'DATE', meaning: 'start of the hospital provider spell' },
    { name: 'Admission_Method', type: 'VARCHAR', derivedOnly: true, meaning: 'admission method code; 21-28 and 2A-2D are emergencies' },
    { name: 'Discharge_Date', type: 'DATE', openEnd: true, meaning: 'end of the spell (empty, or 9999-12-31, while still in hospital)' },
    { name: 'Discharge_Ready_Date', type: 'DATE', openEnd: true, meaning: 'Discharge Ready Date: the day the person was clinically ready to leave' },
    { name: 'Discharge_Destination', type: 'VARCHAR', derivedOnly: true, meaning: 'discharge destination code; 79 is death in hospital' },
    { name: 'Der_Primary_Diagnosis_Code', type: 'VARCHAR', derivedOnly: true, meaning: 'primary diagnosis, ICD-10 (S00-T98: injury)' },
    {
      name: 'External_Cause_Code', type: 'VARCHAR', derivedOnly: true, optional: true,
      meaning: 'external cause, ICD-10 (W00-W19: fall), as HES gives it (CAUSE); or, beside it or instead, the secondary diagnoses as SUS+ extracts hold them, numbered (Secondary_Diagnosis_Code_1, _2, …) or listed in one field (Der_Diagnosis_All): a fall in any of them counts (external-causes.ts)',
    },
  ],
  needs: hasCauseColumn,
  // What the four codes say, asked once of each spell as it is read (spell-codes.ts).
  derived: [
    { name: 'emergency', sql: (cell) => `coalesce(${emergency(cell('Admission_Method'))}, false)`, meaning: 'an emergency admission' },
    { name: 'died_in_hospital', sql: (cell) => `coalesce(${diedInHospital(cell('Discharge_Destination'))}, false)`, meaning: 'discharged dead (destination 79)' },
    { name: 'fall', sql: (cell, header) => `coalesce(${fallSql(header, cell('Der_Primary_Diagnosis_Code'), cell)}, false)`, meaning: 'an injury due to a fall' },
  ],
};

export const EVENTS: RecordLayout = {
  id: 'cld_events',
  label: 'adult social care Client Level Data events (record level)',
  table: 'cld_events',
  fields: [
    { name: 'LA_Code', type: 'VARCHAR', code: true, meaning: 'the council (ONS code, E06/E08/E09/E10): the place' },
    { name: 'Der_NHS_Number_Traced_Pseudo', type: 'VARCHAR', meaning: 'pseudonymised traced NHS number: the person, linked to hospital spells by the same pseudonym' },
    { name: 'GP_Practice_Code', type: 'VARCHAR', code: true, meaning: 'GP practice the person is registered with (ODS code): the hub' },
    { name: 'Der_Birth_Year', type: 'INTEGER', meaning: 'year of birth' },
    { name: 'Der_Birth_Month', type: 'INTEGER', meaning: 'month of birth (1-12)' },
    { name: 'Client_Type', type: 'VARCHAR', words: ['Service User', 'Carer'], meaning: 'only "Service User" rows are read (carers are not)' },
    { name: 'Event_Type', type: 'VARCHAR', words: ['Request', 'Assessment', 'Service', 'Review'], meaning: 'Request, Assessment, Service or Review' },
    {
      name: 'Service_Type', type: 'VARCHAR', words: ['Short Term Support: ST-Max', 'Long Term Support: Residential Care', 'Long Term Support: Nursing Care'],
      meaning: 'for services: "Short Term Support: ST-Max" (reablement), "Long Term Support: Residential Care", "Long Term Support: Nursing Care", …',
    },
    { name: 'Event_Start_Date', type: 'DATE', meaning: 'when the event began' },
    { name: 'Event_End_Date', type: 'DATE', openEnd: true, meaning: 'when it ended (empty, or 9999-12-31, while open)' },
    { name: 'Date_of_Death', type: 'DATE', openEnd: true, meaning: 'date of death, where known' },
    // Not Event_Outcome (what followed an event): no metric or note reads it, and keeping its
    // text was an eighth of the processor time of reading the events (about 20 ms at 1M records).
  ],
};

export const RECORD_LAYOUTS = [SPELLS, EVENTS];


/** The layout whose fields a header row names every one of (other columns may be there too). */
export function recogniseRecordHeader(cells: string[]): RecordLayout | null {
  const have = new Set(cells.map(headerKey));
  return RECORD_LAYOUTS.find((l) => l.fields.every((f) => f.optional || have.has(headerKey(f.name))) && (l.needs?.(cells) ?? true)) ?? null;
}

/** Dates as the file writes them, judged from its first data row: ISO (SUS) or dd/mm/yyyy (the CLD specification), with a time or without (date-forms.ts). */
export function dateFormatOf(layout: RecordLayout, header: string[], firstRow: string[]): string {
  const dated = layout.fields.filter((f) => f.type === 'DATE').map((f) => header.map(headerKey).indexOf(headerKey(f.name)));
  const sample = dated.map((i) => (firstRow[i] ?? '').trim()).find((v) => v !== '') ?? '';
  return dateFormOf(sample);
}

/**
 * A file's first bytes as text: UTF-8, or UTF-16 where a byte order mark says so (SQL Server's
 * "Unicode" export), so that such a record-level file is still recognised, to be refused by name.
 */
export function headText(bytes: Uint8Array): { text: string; utf16: boolean } {
  const bom = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : null;
  return { text: new TextDecoder(bom ?? 'utf-8').decode(bytes), utf16: bom !== null };
}

/**
 * A file as a record-level file, judged from its first lines (a record-level file may be
 * gigabytes: nothing past its first data row is looked at), or null for any other layout.
 * `head`: its first bytes (headText's), or their text as UTF-8.
 */
export function recordFileOf(file: string, path: string, head: string | Uint8Array): RecordFile | null {
  const { text, utf16 } = typeof head === 'string' ? { text: head, utf16: false } : headText(head);
  const [, first = '', rest = ''] = /^([^\r\n]*)(?:\r\n|\r|\n)?([\s\S]*)$/.exec(text.replace(/^\uFEFF/, ''))!;
  const header = cellsOf(first);
  const layout = header ? recogniseRecordHeader(header) : null;
  if (!layout) return null;
  // The first data row: past blank lines, which DuckDB's reader passes over too (a blank line
  // after the header once made a dd/mm/yyyy file be read as ISO, refusing every row).
  return { file, path, layout, header: header!, dateFormat: dateFormatOf(layout, header!, cellsOf(firstRecord(rest)) ?? []), ...(utf16 ? { utf16: true as const } : {}) };
}

/** One CSV record's cells, or null where it cannot be split (a quoted cell left open). */
function cellsOf(record: string): string[] | null {
  try {
    return parseCsv(record)[0]?.cells ?? [];
  } catch {
    return null;
  }
}

/**
 * The first record of `text` that is not a blank line: up to its first line break outside quotes
 * (a quoted cell may hold line breaks, as a diagnosis written out may), or to the end of the text
 * given (the file's first bytes only), a quoted cell cut there closed.
 */
export function firstRecord(text: string): string {
  const start = text.search(/[^\s]/);
  if (start < 0) return '';
  let quoted = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) return text.slice(start, i);
  }
  return text.slice(start) + (quoted ? '"' : '');
}


/**
 * DuckDB's own CSV reader over one record-level file, with typed columns. With `rejects`, a row
 * whose cell does not fit its type is refused (recorded in DuckDB's reject_errors, by line and
 * column, never by value) and the rest are read; without, the first such row fails the read
 * (keeping that record costs the reader about as much again as reading). `header` is the file's
 * own header row, so columns are matched whatever their order or case; columns the layout does
 * not name are read as text.
 */
export function readCsvSql(layout: RecordLayout, file: string, header: string[], dateFormat: string, rejects = true): string {
  const wanted = new Map(layout.fields.map((f) => [headerKey(f.name), f]));
  const columns = header.map((h) => `${sqlText(unquoted(h))}: ${sqlText(wanted.get(headerKey(h))?.type ?? 'VARCHAR')}`);
  return `read_csv(${sqlText(file)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
  dateformat = ${sqlText(dateFormat)}, columns = {${columns.join(', ')}}${rejects ? ', store_rejects = true' : ''})`;
}

/**
 * Whether `cell` may begin or end with padding: begins with a space, a tab or another character
 * below '!', or with one from U+00A0 on (a no-break space), or ends with any of the three.
 */
const mayBePadded = (cell: string) => `(${mayBeginPadded(cell)} OR ends_with(${cell}, ' ') OR ends_with(${cell}, chr(9)) OR ends_with(${cell}, chr(160)))`;

/**
 * A code cell in capitals without the padding around it: upper(trim(cell, PADDING)), but
 * trimming only the cells that may be padded (a comparison and two suffix tests). upper(trim(cell))
 * on every cell cost 55-63 processor-ms per column of 872,000 spells, upper() alone 21-25, this
 * 27-30 (medians of 7, load 8-12).
 */
export const codeSql = (cell: string) => `CASE WHEN ${mayBePadded(cell)} THEN upper(trim(${cell}, ${PADDING})) ELSE upper(${cell}) END`;

/** A cell that is one of `words` whatever its case and padding, as the word is written there; any other as written (RecordField.words). */
export function wordSql(cell: string, words: string[]): string {
  const spelled = words.map((w) => `WHEN ${sqlText(w.toUpperCase())} THEN ${sqlText(w)}`).join(' ');
  return `CASE WHEN ${cell} IS NULL OR ${cell} IN (${words.map(sqlText).join(', ')}) THEN ${cell} ELSE CASE upper(trim(${cell}, ${PADDING})) ${spelled} ELSE ${cell} END END`;
}

/** One record-level file's rows as its layout's table keeps them (kept fields, then derived columns), in the file's order where the engine keeps it. */
export function recordsSql(f: Pick<RecordFile, 'layout' | 'path' | 'header' | 'dateFormat'>, rejects = true): string {
  // DuckDB reads an empty cell as no value (NULL): a blank practice code is a missing one.
  const cellOf = (name: string) => `"${unquoted(f.header.find((h) => headerKey(h) === headerKey(name))!)}"`;
  const select = [
    ...kept(f.layout).map((field) => {
      const cell = cellOf(field.name);
      return `${field.code ? codeSql(cell) : field.words ? wordSql(cell, field.words) : field.openEnd ? openEndSql(cell) : cell} AS ${field.name}`;
    }),
    ...(f.layout.derived ?? []).map((d) => `${d.sql(cellOf, f.header)} AS ${d.name}`),
  ];
  return `SELECT ${select.join(', ')}
FROM ${readCsvSql(f.layout, f.path, f.header, f.dateFormat, rejects)}`;
}

/** Loads one record-level file into its layout's table: only the layout's fields are kept. */
export const loadSql = (f: Pick<RecordFile, 'layout' | 'path' | 'header' | 'dateFormat'>, rejects = true) => `INSERT INTO ${f.layout.table}
${recordsSql(f, rejects)}`;

/** The names the header gives more than one column (as the layouts compare them): DuckDB cannot read such a file by name. */
export function namedTwice(header: string[]): string[] {
  const seen = new Set<string>();
  return header.filter((h) => seen.size === seen.add(headerKey(h)).size).map(unquoted);
}

/** The fields a layout's table keeps as read. */
const kept = (layout: RecordLayout) => layout.fields.filter((f) => !f.derivedOnly);

/** The empty tables the files are loaded into. */
export function createSql(layout: RecordLayout): string {
  const columns = [...kept(layout).map((f) => `${f.name} ${f.type}`), ...(layout.derived ?? []).map((d) => `${d.name} BOOLEAN`)];
  return `CREATE OR REPLACE TABLE ${layout.table} (${columns.join(', ')})`;
}
