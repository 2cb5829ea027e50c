// The real published files live outside the repository, in ../shared/data/real. A user's fresh
// clone has none: tests that need them then report themselves skipped with the reason, while
// under CI (CI=true) their absence is a failure.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const REAL_DATA_DIR = path.resolve(process.env.BCF_REAL_DATA ?? '../shared/data/real');
export const hasRealData = existsSync(path.join(REAL_DATA_DIR, 'README.md'));

if (!hasRealData && process.env.CI === 'true') {
  throw new Error(`The real published data are missing from ${REAL_DATA_DIR}; CI must have them.`);
}

/** Suffix for describe() titles so a skipped run says why. */
export const realDataReason = hasRealData ? '' : ` (skipped: no real data at ${REAL_DATA_DIR})`;

// The default reporter names failed tests only, never skipped ones: say once per file why its
// real-data tests are skipped, so the count of skipped tests in the summary is explained.
if (!hasRealData) {
  console.warn(`Real-data tests skipped: the real published files are not at ${REAL_DATA_DIR} (set BCF_REAL_DATA to their folder).`);
}

export function readReal(relative: string): string {
  return readFileSync(path.join(REAL_DATA_DIR, relative), 'utf8');
}
