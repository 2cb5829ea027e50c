/** A column of a chart's data table: its header and how to print a row's cell. */
export interface Column<R> {
  label: string;
  value: (row: R) => string;
  numeric?: boolean;
}
