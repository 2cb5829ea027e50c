// Every page of one build carries the settings it was published with (title, home area,
// suppression threshold, contact), from the published manifest, with or without JavaScript.
import { publishedManifest } from '$lib/server/extract-db';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = () => {
  const { settings, illustrative, built_at } = publishedManifest();
  return { site: { ...settings, illustrative, published_at: built_at } };
};
