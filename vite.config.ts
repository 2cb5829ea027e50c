import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [sveltekit()],
  // DuckDB's wasm and worker files are served as they are (imported with ?url), never inlined.
  build: { assetsInlineLimit: 0, chunkSizeWarningLimit: 1200 },
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  // The upload worker imports modules (PapaParse, the adapters), so it is built as an ES module.
  worker: { format: 'es' },
  test: {
    // Vitest's default leaves one core of two idle; the end-to-end files spend much of their
    // time waiting on a page's engine worker, so two at a time share the cores well.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], setupFiles: ['tests/helpers/definitions.ts'] } },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          setupFiles: ['tests/helpers/definitions.ts'],
          // Limits for two files at a time on two cores, not a measure of speed (the benchmark measures).
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
