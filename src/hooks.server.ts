// Every request gets a place to hold drawings its page's HTML takes in as it is written (the board
// pack's: src/lib/server/drawings.ts); a page that holds none is written as it is.
import type { Handle } from '@sveltejs/kit';
import { fillDrawings } from '$lib/server/drawings';

export const handle: Handle = ({ event, resolve }) => {
  const held = (event.locals.drawings = new Map());
  return resolve(event, { transformPageChunk: ({ html }) => (held.size ? fillDrawings(html, held) : html) });
};
