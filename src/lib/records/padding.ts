// What a code cell may be padded with, for the SQL that reads codes whatever their padding
// (layouts.ts codeSql and wordSql, spell-codes.ts, registered.ts). Pure: SQL text only.

/**
 * What a code may be padded with: spaces, tabs and no-break spaces (DuckDB's trim() alone takes
 * spaces, so a tab-padded practice matched nothing; a spreadsheet exports a no-break space, and
 * JavaScript's trim(), which reads the hub map, takes it).
 */
export const PADDING = "' ' || chr(9) || chr(160)";

/**
 * Whether a cell may begin with padding: it begins with a space, a tab or another character below
 * '!', or with one from U+00A0 on (a no-break space). A cheap test that tells the cells to trim.
 */
export const mayBeginPadded = (cell: string) => `(${cell} < '!' OR ${cell} >= chr(160))`;
