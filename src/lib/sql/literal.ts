// Values written into SQL text, for the few statements that cannot bind them as parameters (a
// query given to DuckDB's query() as text, the members of an ENUM type).

/** Text as an SQL string literal, its quotes doubled. */
export const sqlText = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** A name (a column's, say) as an SQL identifier, its double quotes doubled. */
export const sqlName = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** A text column as the numbers DuckDB codes it by in an ENUM of `words` (which hold its every value). */
export const enumCode = (column: string, words: readonly string[]) => `enum_code(${column}::ENUM(${words.map(sqlText).join(', ')}))::INTEGER`;
