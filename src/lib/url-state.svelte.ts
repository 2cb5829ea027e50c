// Page state lives in the URL so that a link reproduces the view.
import { browser } from '$app/environment';
import { afterNavigate, beforeNavigate, goto } from '$app/navigation';
import { page } from '$app/state';
import { noteChange, whenQuiet } from './quiet';

/**
 * A change of view made on this page and not yet written into the address: the page shows it at
 * once, and the address follows once the reader pauses (quiet.ts). Writing it at once (SvelteKit's
 * navigation, and the browser's history, a few ms to 18 ms at a time on this machine) was a
 * quarter of the page's own work in a change of place on the national metric page. `from`: the
 * address (path and query) it was made at. A navigation lets it go (followNavigations), so the
 * address shows again; a jump within the page (the skip link) does not.
 */
let pending = $state.raw<{ from: string; search: string } | null>(null);
/** The change whose writing is under way (its navigation not yet finished). */
let writing: { from: string; search: string } | null = null;
const writeLater: { timer?: ReturnType<typeof setTimeout> } = {};
const here = () => page.url.pathname + page.url.search;
const search = $derived(!browser ? '' : pending && pending.from === here() ? pending.search : page.url.search);
const query = $derived(new URLSearchParams(search));

/** A query parameter; always null while prerendering, where no query string exists. */
export function param(name: string): string | null {
  return browser ? query.get(name) : null;
}

/** A comma-separated list, as a query parameter holds it. */
export const splitList = (text: string | null): string[] => (text ?? '').split(',').filter(Boolean);

const urlOf = (change: { search: string }) => Object.assign(new URL(page.url), { search: change.search, hash: '' });

/**
 * Changes the view: shown at once, and written into the address (one entry in the history for
 * the view the reader settles on, not one for each step on the way) once they pause.
 */
export function setParams(updates: Record<string, string | string[] | null>): void {
  const params = new URLSearchParams(search);
  for (const [key, value] of Object.entries(updates)) {
    const text = Array.isArray(value) ? value.join(',') : value;
    if (text) params.set(key, text);
    else params.delete(key);
  }
  const text = params.toString();
  pending = { from: here(), search: text ? `?${text}` : '' };
  noteChange();
  writeSoon();
}

function writeSoon(): void {
  const change = pending;
  whenQuiet(writeLater, () => {
    if (!change || pending !== change || change.from !== here()) return;
    if (change.search === page.url.search) return void (pending = null);
    writing = change;
    void goto(urlOf(change), { keepFocus: true, noScroll: true });
  });
}

/**
 * For the root layout: Back or Forward with a change not yet written takes back that change (the
 * view before it, as the history has it); any navigation lets the change go, but one made while
 * its own writing was under way, which is written next; and a page left (reloaded, closed) with a
 * change not yet written has the address made that change's first, so it opens on it again.
 */
export function followNavigations(): void {
  beforeNavigate((navigation) => {
    if (navigation.type === 'popstate' && pending && pending.from === here()) {
      navigation.cancel();
      pending = null;
      clearTimeout(writeLater.timer);
    }
  });
  afterNavigate(() => {
    const written = writing;
    writing = null;
    if (pending && written && pending !== written) {
      pending = { from: here(), search: pending.search };
      writeSoon();
    } else pending = null;
  });
  addEventListener('pagehide', () => {
    // The history entry's state stays SvelteKit's: only the address it opens on is the view shown.
    if (pending && pending.from === here()) history.replaceState(history.state, '', urlOf(pending));
  });
}

/** A link to another page that keeps the chosen area. */
export function hrefWith(path: string, params: Record<string, string | null | undefined>): string {
  const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1]));
  const q = query.toString();
  return q ? `${path}?${q}` : path;
}
