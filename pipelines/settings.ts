// The deployment's settings file, data/settings.json (see src/lib/contract/settings.ts).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from '../src/lib/contract/settings';

/** The data team's private, full-precision extracts: never served, never copied into the site. */
export const privateExtracts = (dataDir = 'data') => path.join(dataDir, 'extracts');

/** Where the site's disclosure-controlled extracts are published for the build to copy. */
export const PUBLISHED_DIR = 'static/data';

export function readSettings(dataDir = 'data'): Settings {
  const file = path.join(dataDir, 'settings.json');
  return existsSync(file) ? parseSettings(readFileSync(file, 'utf8'), file) : DEFAULT_SETTINGS;
}
