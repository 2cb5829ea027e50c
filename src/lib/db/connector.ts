/** The database as the app sees it: parameterised queries returning plain rows. */
export interface Connector {
  query<T extends Record<string, unknown>>(sql: string, params?: (string | number)[]): Promise<T[]>;
}

/**
 * Settings every engine starts with, in the browser and in the build alike. Extensions would be
 * fetched from the internet, which is closed to us and to NHS networks: fail loudly instead of
 * hanging. Nothing the app does needs URLs or the machine's files from inside DuckDB (extracts
 * come in as Arrow; a record-level file dropped on the upload page is handed over by the page for
 * as long as it is aggregated, db/duckdb.ts), so no query, not even an analyst's on the SQL page,
 * can reach them; external access cannot be switched back on.
 */
export const ENGINE_SETTINGS = [
  'SET autoinstall_known_extensions = false',
  'SET autoload_known_extensions = false',
  'SET enable_external_access = false',
];
