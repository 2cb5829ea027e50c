/**
 * A key for matching area names across publications: "Cheshire West And Chester",
 * "Cheshire West and Chester", "St. Helens", "St Helens", "Halton UA", "Bristol, City of" and
 * "City of Bristol" all meet.
 */
export function nameKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\bst\./g, 'st ')
    .replace(/,\s*(city|county) of$/, '')
    .replace(/^(city|county) of\s+/, '')
    .replace(/\s+(ua|council|borough council|city council|county council|metropolitan borough council)$/, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Strips the publication's suffixes for display: "Halton UA" → "Halton". */
export function displayName(name: string): string {
  return name.trim().replace(/\s+UA$/i, '');
}
