import { ascofAdapter } from '../adapters/ascof';
import { canonicalAdapter } from '../adapters/canonical';
import { dtocCompiledReasonAdapter, dtocCompiledResponsibleOrgAdapter } from '../adapters/dtoc-compiled';
import { epcnAdapter } from '../adapters/epcn';
import { dtocByReasonAdapter, dtocByResponsibleOrgAdapter } from '../adapters/nhse-dtoc-monthly';
import { onsMidYearAdapter } from '../adapters/ons-mye';
import type { Adapter } from '../adapters/types';

/** Every layout the dashboard reads; the first whose detect() recognises a file reads it. */
export const ADAPTERS: Adapter[] = [
  canonicalAdapter,
  dtocByResponsibleOrgAdapter,
  dtocByReasonAdapter,
  dtocCompiledResponsibleOrgAdapter,
  dtocCompiledReasonAdapter,
  ascofAdapter,
  onsMidYearAdapter,
  epcnAdapter,
];
