/** The database as the app sees it: parameterised queries returning plain rows. */
export interface Connector {
  query<T extends Record<string, unknown>>(sql: string, params?: (string | number)[]): Promise<T[]>;
}
