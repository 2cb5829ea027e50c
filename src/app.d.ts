// SvelteKit's app-wide types.
import type { HeldDrawings } from '$lib/server/drawings';

declare global {
  namespace App {
    interface Locals {
      /** Drawings the page's HTML takes in as it is written (src/lib/server/drawings.ts). */
      drawings: HeldDrawings;
    }
  }
}

export {};
