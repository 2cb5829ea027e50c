// CI installs with `npm ci` on a clean machine, which refuses a lock file that leaves out any
// optional dependency, even one for another platform ("Missing: @duckdb/node-bindings-darwin-arm64
// from lock file"). npm can write such a lock when it is made over an existing node_modules
// (npm/cli#4828): native DuckDB's bindings, one package per platform, are where it bites.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Lock {
  packages: Record<string, { optionalDependencies?: Record<string, string> }>;
}

/** Optional dependencies no entry of the lock provides, looked up as Node resolves them (nested, then outwards). */
function missingOptionals(lock: Lock): string[] {
  return Object.entries(lock.packages).flatMap(([at, pkg]) =>
    Object.keys(pkg.optionalDependencies ?? {}).filter((name) => {
      for (let base = at; ; base = base.slice(0, Math.max(0, base.lastIndexOf('/node_modules/')))) {
        if (lock.packages[`${base ? `${base}/` : ''}node_modules/${name}`]) return false;
        if (!base) return true;
      }
    }),
  );
}

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as Lock;

describe('package-lock.json', () => {
  it("holds every platform's build of native DuckDB, so npm ci accepts it on any machine", () => {
    const bindings = Object.keys(lock.packages['node_modules/@duckdb/node-bindings']!.optionalDependencies!);
    expect(bindings).toEqual(expect.arrayContaining(['@duckdb/node-bindings-linux-x64', '@duckdb/node-bindings-darwin-arm64', '@duckdb/node-bindings-win32-x64']));
    expect(missingOptionals(lock)).toEqual([]);
  });

  it('would be caught leaving one out, as npm ci would refuse it', () => {
    const { ['node_modules/@duckdb/node-bindings-darwin-arm64']: _left, ...packages } = lock.packages;
    expect(missingOptionals({ packages })).toEqual(['@duckdb/node-bindings-darwin-arm64']);
  });
});
