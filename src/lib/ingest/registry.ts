import { canonicalAdapter } from '../adapters/canonical';
import { dtocByReasonAdapter, dtocByResponsibleOrgAdapter } from '../adapters/nhse-dtoc-monthly';
import type { Adapter } from '../adapters/types';

/** Every layout the dashboard reads; the first whose detect() recognises a file reads it. */
export const ADAPTERS: Adapter[] = [canonicalAdapter, dtocByResponsibleOrgAdapter, dtocByReasonAdapter];
