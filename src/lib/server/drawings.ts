// A board pack's drawings (each chart at five screen widths and for A4, about 1 MB of SVG a pack)
// reach the browser once, in the page's HTML. Returned from the page's load they would come twice:
// drawn into the HTML, and again in the data SvelteKit writes into the page to hydrate it (and in
// its __data.json). So the load holds each drawing for the request and gives the page an id; the
// page renders an empty element carrying the id, and the HTML gets the drawing as it is written
// (hooks.server.ts). Hydration leaves an element's children alone where its template has none; a
// pack is never drawn by the router from its data alone (the root layout loads it afresh).

/** The drawings held for one request's HTML, by id. */
export type HeldDrawings = Map<string, string>;

/** Holds an SVG for this request's HTML; the id to put in `data-drawing` of an empty element. */
export function holdDrawing(held: HeldDrawings, svg: string): string {
  const id = `d${held.size}`;
  held.set(id, svg);
  return id;
}

/** The HTML with each empty element whose `data-drawing` names a held drawing filled with it. */
export function fillDrawings(html: string, held: HeldDrawings): string {
  return html.replace(/(<[a-z]+ [^>]*\bdata-drawing="(d\d+)"[^>]*>)(<\/[a-z]+>)/g, (element, open: string, id: string, close: string) =>
    held.has(id) ? `${open}${held.get(id)}${close}` : element,
  );
}
