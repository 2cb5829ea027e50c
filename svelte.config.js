import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    // Pages are prerendered shells; every figure is drawn in the browser from the Arrow extracts.
    adapter: adapter({ pages: 'build', assets: 'build', strict: true }),
    // Relative asset paths let the build be served from any folder of an intranet site.
    paths: { relative: true },
  },
};
