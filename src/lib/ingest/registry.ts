import { canonicalAdapter } from '../adapters/canonical';
import type { Adapter } from '../adapters/types';

/** Every layout the dashboard reads, most specific first; the first that recognises a file reads it. */
export const ADAPTERS: Adapter[] = [canonicalAdapter];
