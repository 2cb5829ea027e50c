// Page state lives in the URL so that a link reproduces the view.
import { browser } from '$app/environment';
import { goto } from '$app/navigation';
import { page } from '$app/state';

/** A query parameter; always null while prerendering, where no query string exists. */
export function param(name: string): string | null {
  return browser ? page.url.searchParams.get(name) : null;
}

/** A comma-separated list, as a query parameter holds it. */
export const splitList = (text: string | null): string[] => (text ?? '').split(',').filter(Boolean);

export function setParams(updates: Record<string, string | string[] | null>): void {
  const url = new URL(page.url);
  for (const [key, value] of Object.entries(updates)) {
    const text = Array.isArray(value) ? value.join(',') : value;
    if (text) url.searchParams.set(key, text);
    else url.searchParams.delete(key);
  }
  void goto(url, { keepFocus: true, noScroll: true });
}

/** A link to another page that keeps the chosen area. */
export function hrefWith(path: string, params: Record<string, string | null | undefined>): string {
  const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1]));
  const q = query.toString();
  return q ? `${path}?${q}` : path;
}
