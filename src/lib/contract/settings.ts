// A deployment's choices, kept by the data team in data/settings.json: what the site is called,
// the place it opens on, which data set it publishes and how small a count must be to be hidden.
// Read by the pipeline (build, ingest, drop folder) and published, in the manifest, to the pages.

export const DATA_SETS = ['demo', 'own'] as const;
export type DataSet = (typeof DATA_SETS)[number];

export interface Settings {
  /** Shown as the site's name and in every page heading. */
  title: string;
  /** The place pages open on (an area code held in the extracts). */
  home_area: string;
  /** `demo`: the generated illustrative data; `own`: the data team's ingested files alone. */
  data_set: DataSet;
  /** Counts from 1 to this are suppressed (and those that would reveal them); 0 turns it off. */
  suppression_threshold: number;
  /** Where readers send questions and accessibility problems. */
  contact: { name: string; email: string };
  /**
   * Metric ids the build draws for embedding and for place and hub pages besides this year's core
   * set (those a board still follows, such as a series that ended): each embed is a page of the
   * build, so the list is the data team's choice, not every metric held.
   */
  embedded_metrics: string[];
}

export const DEFAULT_SETTINGS: Settings = {
  title: 'Better Care Fund outcomes',
  home_area: 'E06000006',
  data_set: 'demo',
  suppression_threshold: 7,
  contact: { name: 'the performance and intelligence team', email: 'bcf-data@example.org' },
  embedded_metrics: [],
};

const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

/**
 * Reads settings from JSON text: every key is optional (the default stands in), an unknown key or
 * a wrong value is refused with the file, the key and what is expected.
 */
export function parseSettings(text: string, file = 'data/settings.json'): Settings {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${file}: expected an object of settings, e.g. {"title": "…"}`);
  const given = raw as Record<string, unknown>;
  const fail = (key: string, expected: string): never => {
    throw new Error(`${file}: "${key}" must be ${expected}, not ${JSON.stringify(given[key])}`);
  };
  for (const key of Object.keys(given)) {
    if (!(key in DEFAULT_SETTINGS)) throw new Error(`${file}: unknown setting "${key}" (known: ${Object.keys(DEFAULT_SETTINGS).join(', ')})`);
  }
  const s: Settings = { ...DEFAULT_SETTINGS, ...given } as Settings;
  if (typeof s.title !== 'string' || !s.title.trim() || s.title.length > 120) fail('title', 'text of 1 to 120 characters');
  if (typeof s.home_area !== 'string' || !/^[A-Z]\d{8}$/.test(s.home_area)) fail('home_area', 'an ONS area code such as "E06000006"');
  if (!(DATA_SETS as readonly unknown[]).includes(s.data_set)) fail('data_set', `one of ${DATA_SETS.map((d) => `"${d}"`).join(', ')}`);
  if (!Number.isInteger(s.suppression_threshold) || s.suppression_threshold < 0 || s.suppression_threshold > 100) fail('suppression_threshold', 'a whole number from 0 to 100');
  const c = s.contact as Partial<Settings['contact']> | null;
  if (typeof c !== 'object' || c === null || typeof c.name !== 'string' || !c.name.trim() || typeof c.email !== 'string' || !EMAIL.test(c.email)) {
    fail('contact', 'an object with a "name" and an "email" address');
  }
  if (!Array.isArray(s.embedded_metrics) || !s.embedded_metrics.every((id) => typeof id === 'string' && /^[a-z][a-z0-9_]{0,63}$/.test(id))) {
    fail('embedded_metrics', 'a list of metric ids, e.g. ["dtoc", "ascof_2b1"]');
  }
  return { ...s, title: s.title.trim() };
}
