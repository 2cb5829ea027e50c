// The Content-Security-Policy of every page, in one place: the site's own files, DuckDB-WASM, and
// nothing else. Plain JavaScript, because svelte.config.js imports it as well as pipelines/serve.ts.
//
// - script-src: the site's own modules, and 'wasm-unsafe-eval' for DuckDB's WebAssembly (it is
//   compiled in DuckDB's worker; the page's policy allows it too, for browsers that apply the page's
//   policy to its workers). No 'unsafe-inline', no 'unsafe-eval': SvelteKit adds the sha256 of each
//   page's inline bootstrap script (kit.csp, mode 'hash'), and serve.ts adds the same to the header.
// - worker-src: the DuckDB worker and the upload page's reading worker are files of the site;
//   blob: for libraries that start workers from a Blob.
// - connect-src: the extracts, the wasm and the workers' files, all from the site.
// - img-src data: and blob: for images Plot may draw (legend ramps) and downloads made in the page.
// - style-src 'unsafe-inline': Plot writes <style> elements and style attributes into its charts.
// - No frame-ancestors, on purpose: board papers and intranets embed the charts, and any
//   frame-ancestors list, even `*`, refuses some of their hosts. `*` matches only http(s) pages,
//   so a board paper opened from disk (file:) is refused, and no source at all can match a host
//   with an opaque origin: a sandboxed or srcdoc iframe of a CMS, or an about:blank page
//   (Chromium, checked in tests/e2e/security.test.ts). Without the directive any page may embed.

/** Directive name to sources, keywords unquoted, as SvelteKit's kit.csp.directives takes them. */
export const CSP_DIRECTIVES = {
  'default-src': ['self'],
  'script-src': ['self', 'wasm-unsafe-eval'],
  'worker-src': ['self', 'blob:'],
  'connect-src': ['self'],
  'img-src': ['self', 'data:', 'blob:'],
  'style-src': ['self', 'unsafe-inline'],
  'object-src': ['none'],
  'base-uri': ['self'],
  'form-action': ['self'],
};

const KEYWORDS = new Set(['self', 'none', 'unsafe-inline', 'unsafe-eval', 'wasm-unsafe-eval', 'unsafe-hashes', 'strict-dynamic', 'report-sample']);

/** @param {string} source */
const quote = (source) => (KEYWORDS.has(source) || /^(sha256|sha384|sha512|nonce)-/.test(source) ? `'${source}'` : source);

/**
 * The policy as a header value, with the hashes of a page's inline scripts in script-src.
 * @param {string[]} scriptHashes e.g. ['sha256-…'], unquoted
 * @returns {string}
 */
export function cspHeader(scriptHashes = []) {
  return Object.entries(CSP_DIRECTIVES)
    .map(([name, sources]) => [name, ...(name === 'script-src' ? [...sources, ...scriptHashes] : sources).map(quote)].join(' '))
    .join('; ');
}
