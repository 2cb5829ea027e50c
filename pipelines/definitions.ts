// The project's built-in metric definitions (every BCF outcome metric since 2015-16), read from
// their canonical CSV by the same reader as a data team's definitions file.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readCanonicalCsv } from '../src/lib/contract/canonical';
import { formatError } from '../src/lib/contract/errors';
import { overlaid, type DefinitionRow } from '../src/lib/definitions/parse';

export const BUILTIN_DEFINITIONS = fileURLToPath(new URL('../src/lib/definitions/metrics.csv', import.meta.url));

export function builtinDefinitions(file = BUILTIN_DEFINITIONS): DefinitionRow[] {
  const read = readCanonicalCsv('metrics.csv', readFileSync(file, 'utf8'));
  if (read.errors.length) throw new Error(`the built-in metric definitions are wrong: ${read.errors.map(formatError).join('; ')}`);
  return read.tables.metrics;
}

/** The definitions in force over a data team's own (private extracts hold only theirs). */
export const definitionsInForce = (own: DefinitionRow[]): DefinitionRow[] => overlaid(builtinDefinitions(), own);
