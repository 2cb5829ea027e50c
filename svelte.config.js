import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { CSP_DIRECTIVES } from './src/lib/csp.js';

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    // Pages are prerendered shells; every figure is drawn in the browser from the Arrow extracts.
    // pipelines/build.ts may build into another folder (BCF_BUILD_DIR), e.g. a second data set's site.
    adapter: adapter({ pages: process.env.BCF_BUILD_DIR ?? 'build', assets: process.env.BCF_BUILD_DIR ?? 'build', strict: true }),
    // Relative asset paths let the build be served from any folder of an intranet site.
    paths: { relative: true },
    // A second site built at the same time (pipelines/build.ts) works in a folder of its own.
    outDir: process.env.BCF_KIT_DIR ?? '.svelte-kit',
    // ...and serves the static files with its own publication in data/ (pipelines/build.ts).
    files: { assets: process.env.BCF_ASSETS_DIR ?? 'static' },
    // Each page carries the policy in a <meta>, with the hash of its inline bootstrap script, so it
    // holds wherever the build is copied; pipelines/serve.ts also sends it as a header.
    csp: { mode: 'hash', directives: CSP_DIRECTIVES },
  },
};
