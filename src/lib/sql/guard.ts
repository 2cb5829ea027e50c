// Makes an analyst's SQL safe to run on the page's DuckDB: one statement that reads data, with a
// row limit. Pure text work, no DOM and no database.
//
// Why wrapping is the main defence and the word lists only the second:
// the query is run as `SELECT * FROM (<their text>) AS q LIMIT n`. Whatever the text is, DuckDB
// then parses it as the inside of a subquery, and only a SELECT (WITH … SELECT, FROM-first,
// VALUES, DESCRIBE, SUMMARIZE, SHOW, PIVOT) is allowed there: INSERT, DELETE, CREATE, COPY,
// ATTACH, SET and the rest are syntax errors in that place, and a `;` ends the subquery before
// its `)`, which is a syntax error too. DuckDB parses the whole text before running any of it,
// so a syntax error anywhere means nothing runs. That holds however cleverly the text is written
// (case, comments, quoting), because it is DuckDB's own parser that decides. The one way round
// it is to close the wrapper's bracket early (`1) AS q; DELETE …; SELECT * FROM (SELECT 1`):
// so the guard refuses unbalanced brackets and any `;` but a trailing one, and run.ts hands the
// result to DuckDB in a way that can only ever run one SELECT (below).
// The checks below come second: they give a plain-words refusal instead of a parser error, catch
// reads that are valid inside a subquery but reach outside the loaded tables (read_csv(),
// glob(), query(), a file or web address in FROM), and would still stop a write if the wrapping
// were ever got round. They work on tokens, exactly as DuckDB's lexer splits the text (quoted
// text, quoted names, E'' and $$ strings, nested comments), so a keyword inside a string or a
// quoted name is never refused, and one outside cannot be hidden by case or spacing.
// A third line of defence is on the engine (see run.ts): external access is switched off, and
// the query is handed to DuckDB's query() table function as a string constant, which refuses
// anything but a single SELECT statement.

export type Guarded = { sql: string } | { error: string };

/** Largest row limit the page may ask for. */
export const MAX_LIMIT = 100_000;

/** How a read may begin (after any opening brackets). */
const READ_STARTS = ['SELECT', 'WITH', 'FROM', 'VALUES', 'DESCRIBE', 'SUMMARIZE', 'SHOW', 'PIVOT', 'UNPIVOT', 'TABLE'];

/** Words that change data, settings or files, refused anywhere outside quotes, with what they do. */
const FORBIDDEN: Record<string, string> = {
  INSERT: 'changes a table',
  UPDATE: 'changes a table',
  DELETE: 'changes a table',
  MERGE: 'changes a table',
  TRUNCATE: 'changes a table',
  CREATE: 'creates tables or other objects',
  DROP: 'deletes tables or other objects',
  ALTER: 'changes a table',
  COPY: 'reads or writes files',
  EXPORT: 'writes files',
  IMPORT: 'reads files',
  ATTACH: 'opens another database or file',
  DETACH: 'closes a database',
  INSTALL: 'downloads an extension',
  LOAD: 'loads an extension',
  PRAGMA: 'changes settings or runs commands',
  SET: 'changes a setting',
  RESET: 'changes a setting',
  CALL: 'runs a procedure',
  CHECKPOINT: 'writes the database to storage',
  VACUUM: 'rewrites storage',
  PREPARE: 'runs other statements',
  EXECUTE: 'runs other statements',
  DEALLOCATE: 'runs other statements',
};

/** Statements refused only when they start the text: harmless as names elsewhere. */
const OTHER_STATEMENTS: Record<string, string> = {
  BEGIN: 'controls transactions',
  START: 'controls transactions',
  COMMIT: 'controls transactions',
  END: 'controls transactions',
  ROLLBACK: 'controls transactions',
  ABORT: 'controls transactions',
  USE: 'changes the default database',
  ANALYZE: 'updates statistics',
  COMMENT: 'changes a description',
  EXPLAIN: 'shows a plan, not data; run the query itself',
};

/** Table functions that read files or the network, or run SQL held in text (which no check can see). */
const OUTSIDE_FUNCTIONS = /^(read_\w*|parquet_\w*|sniff_csv|glob|query|query_table|json_execute_serialized_sql|iceberg_\w*|delta_\w*|sqlite_\w*|postgres_\w*|mysql_\w*|st_read\w*|checkpoint|force_checkpoint)$/;

/** A web or cloud address: http://, https://, s3://, gcs://, hf:// … */
const ADDRESS = /[a-z][a-z0-9+.-]*:\/\//i;

/** Words after which DuckDB expects a table, where a quoted string would be read as a file. */
const TABLE_PLACES = new Set(['FROM', 'JOIN', 'DESCRIBE', 'SUMMARIZE', 'SHOW', 'TABLE', 'PIVOT', 'UNPIVOT']);
/** Words that end a FROM list (so a later comma no longer separates tables). */
const CLAUSES = new Set(['SELECT', 'WHERE', 'GROUP', 'HAVING', 'QUALIFY', 'WINDOW', 'ORDER', 'LIMIT', 'OFFSET', 'UNION', 'EXCEPT', 'INTERSECT', 'SAMPLE', 'TABLESAMPLE', 'VALUES']);
/**
 * Words before a bracket that opens a subquery or a list rather than a function's arguments. In a
 * function's brackets FROM is part of the call (extract(year FROM d), substring(s FROM 2)).
 */
const NOT_CALLS = new Set([
  'FROM', 'JOIN', 'IN', 'EXISTS', 'AS', 'ANY', 'ALL', 'SOME', 'LATERAL', 'ON', 'USING', 'SELECT', 'WHERE', 'AND', 'OR',
  'NOT', 'THEN', 'ELSE', 'WHEN', 'CASE', 'VALUES', 'BY', 'HAVING', 'QUALIFY', 'UNION', 'EXCEPT', 'INTERSECT', 'DISTINCT',
  'MATERIALIZED', 'PIVOT', 'UNPIVOT', 'DESCRIBE', 'SUMMARIZE', 'SHOW', 'TABLE', 'WITH', 'RECURSIVE', 'ARRAY', 'IS', 'LIKE',
  'ILIKE', 'BETWEEN', 'ORDER', 'GROUP', 'LIMIT', 'OFFSET',
]);

type Kind = 'word' | 'name' | 'string' | 'number' | 'symbol' | 'param';
interface Token {
  kind: Kind;
  /** Words upper-cased; quoted names and strings as their content; symbols as they are. */
  text: string;
  start: number;
  end: number;
}

const IDENT_START = /[A-Za-z_\u0080-\uffff]/;
const IDENT_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const DIGIT = /[0-9]/;
// DuckDB's lexer (PostgreSQL's) takes exactly these as white space; other spaces are name characters.
const SPACE = /[ \t\n\r\f\v]/;

/** Splits the text into tokens as DuckDB does, blanking comments (line breaks kept, so positions hold). */
function lex(sql: string): { tokens: Token[]; text: string } | { error: string } {
  const tokens: Token[] = [];
  const out = sql.split('');
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' ';
  };
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    const start = i;
    if (SPACE.test(c)) {
      i++;
    } else if (c === '-' && sql[i + 1] === '-') {
      while (i < n && sql[i] !== '\n' && sql[i] !== '\r') i++;
      blank(start, i);
    } else if (c === '/' && sql[i + 1] === '*') {
      // Block comments nest in DuckDB: /* a /* b */ c */ is one comment.
      let depth = 0;
      while (i < n) {
        if (sql[i] === '/' && sql[i + 1] === '*') (depth++, (i += 2));
        else if (sql[i] === '*' && sql[i + 1] === '/') {
          depth--;
          i += 2;
          if (depth === 0) break;
        } else i++;
      }
      if (depth > 0) return { error: 'A comment is not closed: add the missing */ at its end.' };
      blank(start, i);
    } else if (c === "'") {
      const end = quoted(sql, i, "'", false);
      if (end < 0) return { error: "A quoted text is not closed: add the missing ' at its end." };
      tokens.push({ kind: 'string', text: sql.slice(i + 1, end - 1), start, end });
      i = end;
    } else if (c === '"') {
      const end = quoted(sql, i, '"', false);
      if (end < 0) return { error: 'A quoted name is not closed: add the missing " at its end.' };
      tokens.push({ kind: 'name', text: sql.slice(i + 1, end - 1).replaceAll('""', '"'), start, end });
      i = end;
    } else if (c === '$') {
      const tag = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(sql.slice(i));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        if (close < 0) return { error: `A quoted text is not closed: add the missing ${tag[0]} at its end.` };
        tokens.push({ kind: 'string', text: sql.slice(i + tag[0].length, close), start, end: close + tag[0].length });
        i = close + tag[0].length;
      } else {
        i++;
        while (i < n && IDENT_PART.test(sql[i]!)) i++;
        tokens.push({ kind: i > start + 1 ? 'param' : 'symbol', text: sql.slice(start, i), start, end: i });
      }
    } else if (c === '?') {
      i++;
      tokens.push({ kind: 'param', text: '?', start, end: i });
    } else if (IDENT_START.test(c)) {
      while (i < n && IDENT_PART.test(sql[i]!)) i++;
      const word = sql.slice(start, i);
      if ((word === 'E' || word === 'e') && sql[i] === "'") {
        // E'…': backslash escapes, so \' does not end it.
        const end = quoted(sql, i, "'", true);
        if (end < 0) return { error: "A quoted text is not closed: add the missing ' at its end." };
        tokens.push({ kind: 'string', text: sql.slice(i + 1, end - 1), start, end });
        i = end;
      } else tokens.push({ kind: 'word', text: word.toUpperCase(), start, end: i });
    } else if (DIGIT.test(c) || (c === '.' && DIGIT.test(sql[i + 1] ?? ''))) {
      // Digits only: letters straight after (1e5, 0x1F, 1DELETE) are read as words, the safe side.
      while (i < n && (DIGIT.test(sql[i]!) || sql[i] === '_' || sql[i] === '.')) i++;
      tokens.push({ kind: 'number', text: sql.slice(start, i), start, end: i });
    } else {
      i++;
      tokens.push({ kind: 'symbol', text: c, start, end: i });
    }
  }
  return { tokens, text: out.join('') };
}

/** Index just past the closing quote of a quoted run starting at `from`, or -1 if never closed. */
function quoted(sql: string, from: number, quote: string, backslash: boolean): number {
  let i = from + 1;
  while (i < sql.length) {
    const c = sql[i]!;
    if (backslash && c === '\\') i += 2;
    else if (c === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return -1;
}

const short = (text: string) => (text.length > 40 ? `${text.slice(0, 39)}…` : text);
const readOnly = (word: string, what: string) => `Only queries that read data can run here: ${word} ${what}.`;

/**
 * The analyst's text as one statement that only reads, with at most `limit + 1` rows (one more
 * than is shown, so the page can tell that the result was cut), or why it cannot run.
 */
export function analystQuery(userSql: string, limit: number): Guarded {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return { error: `The row limit must be a whole number from 1 to ${MAX_LIMIT.toLocaleString('en-GB')}.` };
  const lexed = lex(userSql);
  if ('error' in lexed) return lexed;
  const tokens = [...lexed.tokens];
  let body = lexed.text;

  // A trailing semicolon (or several) ends the statement, as in any SQL console: drop it.
  while (tokens.at(-1)?.text === ';' && tokens.at(-1)?.kind === 'symbol') {
    const t = tokens.pop()!;
    body = body.slice(0, t.start) + ' ' + body.slice(t.end);
  }
  body = body.trimEnd();
  if (tokens.length === 0) return { error: 'There is no query to run: write a query that starts with SELECT, WITH or FROM.' };
  if (tokens.some((t) => t.kind === 'symbol' && t.text === ';')) {
    return { error: 'Only one statement can run at a time: remove the semicolon (;) in the middle of the query and whatever follows it.' };
  }

  const first = tokens.find((t) => !(t.kind === 'symbol' && t.text === '('));
  if (!first || first.kind !== 'word' || !READ_STARTS.includes(first.text)) {
    const word = first?.kind === 'word' ? first.text : null;
    if (word && FORBIDDEN[word]) return { error: readOnly(word, FORBIDDEN[word]) };
    if (word && OTHER_STATEMENTS[word]) return { error: readOnly(word, OTHER_STATEMENTS[word]) };
    return { error: `Only queries that read data can run here: start with SELECT, WITH, FROM, VALUES, DESCRIBE or SUMMARIZE${word ? `, not ${word}` : ''}.` };
  }

  let depth = 0;
  // Per bracket depth: whether we are in a FROM list, where a comma introduces another table,
  // and whether the brackets hold a function's arguments.
  const inFrom: boolean[] = [false];
  const call: boolean[] = [false];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    const prev = tokens[k - 1];
    const next = tokens[k + 1];
    if (t.kind === 'symbol' && t.text === '(') {
      depth++;
      inFrom[depth] = false;
      call[depth] = prev?.kind === 'name' || (prev?.kind === 'word' && !NOT_CALLS.has(prev.text));
    } else if (t.kind === 'symbol' && t.text === ')') {
      depth--;
      if (depth < 0) return { error: 'The brackets do not match: there is a ) without a ( before it.' };
    } else if (t.kind === 'word') {
      const reason = FORBIDDEN[t.text];
      if (reason) return { error: `${readOnly(t.text, reason)} (If it is a name here, put it in double quotes: "${t.text.toLowerCase()}".)` };
      if (t.text === 'SELECT') call[depth] = false;
      if ((t.text === 'FROM' || t.text === 'JOIN') && !call[depth]) inFrom[depth] = true;
      else if (CLAUSES.has(t.text)) inFrom[depth] = false;
    } else if (t.kind === 'param') {
      return { error: `Placeholders such as ${t.text} cannot be used here: write the value into the query.` };
    } else if (t.kind === 'string') {
      if (ADDRESS.test(t.text)) return { error: `Reading files or the network is not allowed here: '${short(t.text)}' is a web or cloud address.` };
      const tablePlace = prev?.kind === 'word' ? TABLE_PLACES.has(prev.text) && !call[depth] : prev?.kind === 'symbol' && prev.text === ',' && inFrom[depth];
      if (tablePlace) return { error: `Reading files is not allowed here: '${short(t.text)}' would be read as a file. Query the loaded tables instead.` };
    }
    // A function is a word or quoted name followed by "(" (DuckDB ignores case, even in quotes).
    if ((t.kind === 'word' || t.kind === 'name') && next?.kind === 'symbol' && next.text === '(') {
      const name = t.text.toLowerCase();
      if (OUTSIDE_FUNCTIONS.test(name)) {
        return {
          error: ['query', 'query_table', 'json_execute_serialized_sql'].includes(name)
            ? `Only the loaded tables can be queried here: ${name}() runs SQL held in text, which cannot be checked.`
            : `Reading files or the network is not allowed here: ${name}() reads from outside the loaded tables.`,
        };
      }
    }
  }
  if (depth > 0) return { error: 'The brackets do not match: a ( is never closed.' };

  // The user's text starts on line 1 and keeps its line breaks, so DuckDB's "LINE n" matches theirs.
  return { sql: `SELECT * FROM (${body}\n) AS q LIMIT ${limit + 1}` };
}
