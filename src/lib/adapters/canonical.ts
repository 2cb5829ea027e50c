import { readCanonicalRows, detectTable } from '../contract/canonical';
import type { Adapter } from './types';

/** Our own long layout: one contract table per file, named by its header. */
export const canonicalAdapter: Adapter = {
  id: 'canonical',
  label: 'Canonical long format (observations, areas or populations)',
  detect: (rows) => rows.length > 0 && 'table' in detectTable(rows[0]!.cells),
  read(file, rows) {
    const read = readCanonicalRows(file, rows);
    const periods = [...new Set(read.tables.observations.map((o) => `${o.period_type} ${o.period_start}`))].sort();
    return { tables: read.tables, errors: read.errors, skipped: [], periods };
  },
};
