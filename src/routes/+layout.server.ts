// Every page of one build carries the settings it was published with (title, home area,
// suppression threshold, contact) and metric definitions, from the published data, with or
// without JavaScript.
import { publishedManifest, publishedMetrics } from '$lib/server/extract-db';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = () => {
  const { settings, illustrative, built_at, periods } = publishedManifest();
  return { site: { ...settings, illustrative, published_at: built_at }, metrics: publishedMetrics(), periods };
};
