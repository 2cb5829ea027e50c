// The code's floors: metric definitions at the bottom, then the contract and the statistics, then
// the metrics built from them. Data and imports flow one way, so a module can be read (and
// changed) knowing only what lies beneath it.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const LIB = path.resolve('src/lib');
const FLOORS = ['definitions', 'contract', 'stats', 'metrics'] as const;

/** Every relative or $lib import of the .ts and .svelte files in one folder of src/lib, as paths under src/lib. */
function importsOf(folder: string): { file: string; target: string }[] {
  const dir = path.join(LIB, folder);
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|svelte)$/.test(f))
    .flatMap((f) => {
      const file = path.join(dir, f);
      const text = readFileSync(file, 'utf8');
      return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].flatMap(([, spec]) => {
        const resolved = spec!.startsWith('$lib/') ? path.join(LIB, spec!.slice(5)) : spec!.startsWith('.') ? path.resolve(path.dirname(file), spec!) : null;
        return resolved ? [{ file: path.relative(LIB, file), target: path.relative(LIB, resolved) }] : [];
      });
    });
}

const floorOf = (target: string) => target.split(path.sep)[0]!.replace(/\.(ts|js)$/, '');

describe('imports between the floors', () => {
  it('metric definitions import nothing of the project but the quoting of text', () => {
    // (quote.ts sits beside the floors, importing nothing.)
    const outside = importsOf('definitions').filter((i) => floorOf(i.target) !== 'definitions' && i.target !== 'quote');
    expect(outside.map((i) => `${i.file} → ${i.target}`)).toEqual([]);
    expect(readFileSync(path.join(LIB, 'quote.ts'), 'utf8')).not.toMatch(/\bimport\b/);
  });

  it('point only downwards: definitions ← contract, stats ← metrics', () => {
    const upward = FLOORS.flatMap((folder, level) =>
      importsOf(folder)
        .filter((i) => (FLOORS as readonly string[]).includes(floorOf(i.target)) && FLOORS.indexOf(floorOf(i.target) as (typeof FLOORS)[number]) > level)
        .map((i) => `${i.file} → ${i.target}`),
    );
    expect(upward).toEqual([]);
  });
});
