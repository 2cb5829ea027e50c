import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

/** Unit files that time how promptly something answers, which a neighbouring file's load would upset. */
const TIMED = ['tests/unit/drop-folder.test.ts'];
/**
 * What every unit file has, run two at a time or alone. 30 s rather than 5 s by default: tests that
 * start DuckDB took 6–13 s on this 2-core machine while other work shared it. A limit, not a
 * measure of speed.
 */
const UNIT = { setupFiles: ['tests/helpers/definitions.ts'], testTimeout: 30_000 };

export default defineConfig({
  plugins: [sveltekit()],
  // DuckDB's wasm and worker files are served as they are (imported with ?url), never inlined.
  build: { assetsInlineLimit: 0, chunkSizeWarningLimit: 1200 },
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  // The upload worker imports modules (PapaParse, the adapters), so it is built as an ES module.
  worker: { format: 'es' },
  test: {
    projects: [
      {
        extends: true,
        // Two files at a time (vitest gives a project one worker fewer than the cores, here 1): the
        // files wait on child processes, DuckDB's threads and the disk much of the time.
        test: { ...UNIT, name: 'unit', include: ['tests/unit/**/*.test.ts'], exclude: TIMED, maxWorkers: 2 },
      },
      {
        extends: true,
        // Files that time the answers they check run alone, after the others.
        test: { ...UNIT, name: 'unit-alone', include: TIMED, fileParallelism: false },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          setupFiles: ['tests/helpers/definitions.ts'],
          // One file at a time: each keeps a browser and its engine busy on both cores (two at a
          // time took each file more than twice as long). Limits allow for a slow machine; they
          // are not a measure of speed (the benchmark measures).
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
