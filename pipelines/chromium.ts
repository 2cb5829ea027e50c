// Headless Debian Chromium driven by playwright-core, with the flags this closed network needs
// (without them Chromium keeps trying to reach Google's hosts).
import { chromium, type Browser } from 'playwright-core';

export interface ChromiumOptions {
  /**
   * Run WebAssembly with V8's baseline compiler only. The tests ask for it: on two cores, the
   * optimising compiler's background work on DuckDB's 34 MB engine competes with each page's
   * start (a quarter of a cold page load's time, measured). The benchmark does not: it measures
   * what a reader's browser does.
   */
  baselineWasm?: boolean;
}

export function launchChromium(options: ChromiumOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ...(options.baselineWasm ? ['--js-flags=--liftoff-only'] : []),
    ],
  });
}
