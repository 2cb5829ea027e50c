import { detectTable, headerIndex, readCanonicalRows } from '../contract/canonical';
import type { Adapter } from './types';

/** Our own long layout: one contract table per file, named by its header. */
export const canonicalAdapter: Adapter = {
  id: 'canonical',
  label: 'Canonical long format (observations, areas, populations, targets or metric definitions)',
  // A header with most of a table's columns is still this layout: read() names what is missing.
  detect: (rows) => {
    if (rows.length === 0) return false;
    const found = detectTable(rows[headerIndex(rows)]!.cells);
    return 'table' in found || found.near;
  },
  read(file, rows) {
    const read = readCanonicalRows(file, rows);
    const periods = [...new Set(read.tables.observations.map((o) => `${o.period_type} ${o.period_start}`))].sort();
    return { tables: read.tables, errors: read.errors, skipped: read.notes, periods };
  },
};
