// Page state lives in the URL so that a link reproduces the view.
import { browser } from '$app/environment';
import { goto } from '$app/navigation';
import { page } from '$app/state';
import { whenQuiet } from './quiet';

/**
 * A change of view made on this page and not yet written into the address: the page shows it at
 * once, and the address follows once the reader pauses (quiet.ts). Writing it at once (SvelteKit's
 * navigation, and the browser's history, a few ms to 18 ms at a time on this machine) was a
 * quarter of the page's own work in a change of place on the national metric page. `from`: the
 * address it was made at, as SvelteKit gave it (a new object with every navigation); once the
 * page is at another (the change written, or the reader went back or followed a link, even to
 * the same address), the address is what shows.
 */
let pending = $state.raw<{ from: URL; search: string } | null>(null);
const search = $derived(!browser ? '' : pending && pending.from === page.url ? pending.search : page.url.search);
const query = $derived(new URLSearchParams(search));
const writing: { timer?: ReturnType<typeof setTimeout> } = {};

/** A query parameter; always null while prerendering, where no query string exists. */
export function param(name: string): string | null {
  return browser ? query.get(name) : null;
}

/** A comma-separated list, as a query parameter holds it. */
export const splitList = (text: string | null): string[] => (text ?? '').split(',').filter(Boolean);

export function setParams(updates: Record<string, string | string[] | null>): void {
  const url = new URL(page.url);
  url.search = search;
  for (const [key, value] of Object.entries(updates)) {
    const text = Array.isArray(value) ? value.join(',') : value;
    if (text) url.searchParams.set(key, text);
    else url.searchParams.delete(key);
  }
  const change = { from: page.url, search: url.search };
  pending = change;
  // One entry in the history for the view the reader settled on, not one for each step on the way.
  whenQuiet(writing, () => {
    if (pending === change && page.url === change.from && url.href !== change.from.href) void goto(url, { keepFocus: true, noScroll: true });
  });
}

/** A link to another page that keeps the chosen area. */
export function hrefWith(path: string, params: Record<string, string | null | undefined>): string {
  const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1]));
  const q = query.toString();
  return q ? `${path}?${q}` : path;
}
