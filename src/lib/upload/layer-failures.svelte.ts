// Uploads kept in this browser whose rows could not be put back into the page's DuckDB after a
// reload (local-layer.ts whenLayered: left for later, so the page is drawn sooner, and so failing
// where no one waits for them). The data banner says so: otherwise the reader would see figures
// without them and no word why. Everything else the page holds stays loaded.

export interface LayerFailure {
  /** The upload's name, as the upload page lists it. */
  name: string;
  /** Why, in words a reader can act on (the engine's own message goes to the console only). */
  reason: string;
}

/** The failures since the uploads were last put back (restoreUploads starts them again). */
export const layerFailures: LayerFailure[] = $state([]);

/** Records that an upload's rows did not go in: `e`, the engine's error. */
export function layerFailed(name: string | undefined, e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  layerFailures.push({ name: name ?? 'an upload', reason: /out of memory/i.test(message) ? 'the browser ran out of memory' : "the browser's query engine failed" });
  console.warn(`The rows of ${name ?? 'an upload'} could not be put back into local_observations:`, e);
}

/** The banner's words for the failures, or null for none. */
export function layerFailureText(failures: readonly LayerFailure[]): string | null {
  if (failures.length === 0) return null;
  const one = failures.length === 1;
  const names = [...new Set(failures.map((f) => f.name))].join(', ');
  const reasons = [...new Set(failures.map((f) => f.reason))].join('; ');
  return `${one ? 'Your upload' : 'Your uploads'} ${names} could not be loaded into this page (${reasons}): some of ${one ? 'its' : 'their'} figures may be missing from the charts, tables and comparisons. Everything else is shown as usual. Reload the page to try again.`;
}
