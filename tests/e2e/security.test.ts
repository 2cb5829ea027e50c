// The Content-Security-Policy: every page carries it (a <meta> from SvelteKit, and the same as a
// header from pipelines/serve.ts), the app and DuckDB-WASM work under it with no violation, pages
// can still be embedded anywhere, and what the policy exists to stop is stopped: requests to other
// origins, inline scripts, and markup in uploaded area names run as HTML.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP_DIRECTIVES } from '../../src/lib/csp.js';
import { addUpload, baseUrl, chartsReady, follow, useBrowser } from './browser';
import { tempDir } from '../helpers/temp';

const browser = useBrowser();
const BAD_FILES = fileURLToPath(new URL('../bad-files/', import.meta.url));

/** The same server under another origin: 'self' is 127.0.0.1 and its port, so localhost is foreign. */
const otherOrigin = () => baseUrl().replace('127.0.0.1', 'localhost');

const PAGES = ['/', '/metric?metric=dtoc&area=E06000006', '/place?area=E06000006', '/hub?area=E06000006-N1', '/upload', '/sql', '/accessibility'];

type Policy = Map<string, string[]>;
const parsePolicy = (text: string): Policy =>
  new Map(text.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...sources]) => [name!, sources]));

const unescapeAttribute = (text: string) => text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The sha256 sources of a page's inline scripts, as a browser computes them. */
const inlineScriptHashes = (html: string) =>
  [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => `'sha256-${createHash('sha256').update(m[1]!, 'utf8').digest('base64')}'`);

interface Session {
  context: BrowserContext;
  page: Page;
  /** securitypolicyviolation events, console messages about the policy and requests it blocked. */
  violations: string[];
  dialogs: string[];
}

/** A new context, with CSP violations recorded from before the first script of every page runs. */
async function session(): Promise<Session> {
  const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
  const violations: string[] = [];
  const dialogs: string[] = [];
  await context.exposeBinding('__reportCspViolation', (_source, text: string) => void violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportCspViolation(text: string): void }).__reportCspViolation(`event: ${e.effectiveDirective} refused ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const page = await context.newPage();
  page.on('console', (m) => /Content.Security.Policy/i.test(m.text()) && violations.push(`console: ${m.text()}`));
  page.on('requestfailed', (r) => /BLOCKED_BY_CSP/.test(r.failure()?.errorText ?? '') && violations.push(`blocked request: ${r.url()}`));
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  return { context, page, violations, dialogs };
}

/** Opens a page (or follows a link to it) and waits until its data are in and any charts are drawn. */
async function load(page: Page, pathname: string, following = false): Promise<void> {
  if (following) await follow(page, pathname);
  else await page.goto(`${baseUrl()}${pathname}`);
  await page.waitForSelector('.provenance', { timeout: 30_000 });
  await page.waitForFunction(() => !document.querySelector('.status .loading'), null, { timeout: 30_000 });
  if (pathname === '/sql') await expect.poll(() => page.locator('[data-results] tbody tr').count(), { timeout: 30_000 }).toBeGreaterThan(0);
  if (!['/upload', '/accessibility'].includes(pathname)) await chartsReady(page);
}

describe('Content-Security-Policy', () => {
  it.each(PAGES)('%s is served with the policy as a header and in a <meta>, the inline bootstrap hashed in both', async (pathname) => {
    const response = await fetch(`${baseUrl()}${pathname}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const header = response.headers.get('content-security-policy');
    expect(header).toBeTruthy();
    const policy = parsePolicy(header!);

    // Exactly the directives of src/lib/csp.js, nothing looser.
    expect([...policy.keys()].sort()).toEqual(Object.keys(CSP_DIRECTIVES).sort());
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    expect(policy.get('form-action')).toEqual(["'self'"]);
    // No frame-ancestors: see src/lib/csp.js, and the embedding test below.
    expect(policy.has('frame-ancestors')).toBe(false);
    const scripts = policy.get('script-src')!;
    expect(scripts.slice(0, 2)).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts).not.toContain("'unsafe-eval'");
    const hashes = inlineScriptHashes(html);
    expect(hashes.length).toBeGreaterThan(0);
    expect(scripts.slice(2).sort()).toEqual([...new Set(hashes)].sort());

    // The <meta>: the same policy, the same hashes.
    const metas = [...html.matchAll(/<meta http-equiv="content-security-policy" content="([^"]*)"/gi)].map((m) => unescapeAttribute(m[1]!));
    expect(metas).toHaveLength(1);
    const sorted = (p: Policy) => new Map([...p].map(([name, sources]) => [name, [...sources].sort()]));
    expect(sorted(parsePolicy(metas[0]!))).toEqual(sorted(policy));
    // The meta comes before any script, so it governs them all.
    expect(html.indexOf('http-equiv="content-security-policy"')).toBeLessThan(html.search(/<script|rel="modulepreload"/));
  });

  describe('one visit to every page', () => {
    // One page, opened at the first and following a link to each of the others as a reader does
    // (every page carries the same policy, as the test above shows); a test per page, so a slow
    // machine's time limit is per page rather than for the whole visit.
    let s: Session;
    beforeAll(async () => {
      s = await session();
    });
    afterAll(() => s.context.close());
    it.each(PAGES)('%s loads and draws, DuckDB-WASM and its workers with it, with no violation', async (pathname) => {
      await load(s.page, pathname, pathname !== PAGES[0]);
      // The engine really ran under the policy: the SQL page's default query has rows (load waits for them).
      expect([...s.violations, ...s.dialogs]).toEqual([]);
    });
  });

  it('blocks a request to another origin, and an inline script added to the page', async () => {
    const s = await session();
    try {
      await load(s.page, '/accessibility');
      // The server answers on the other origin too (a no-cors fetch would succeed without the policy).
      expect((await fetch(`${otherOrigin()}/favicon.svg`)).status).toBe(200);
      const fetched = await s.page.evaluate(async (url) => {
        try {
          await fetch(url, { mode: 'no-cors' });
          return 'fetched';
        } catch (e) {
          return `refused: ${(e as Error).name}`;
        }
      }, `${otherOrigin()}/favicon.svg`);
      expect(fetched).toBe('refused: TypeError');
      await expect.poll(() => s.violations.some((v) => v.startsWith('event: connect-src refused') && v.includes(otherOrigin()))).toBe(true);

      // An inline script that got into the page (as an injection would) does not run.
      const ran = await s.page.evaluate(async () => {
        const script = document.createElement('script');
        script.textContent = 'window.__injected = true;';
        document.head.append(script);
        await new Promise((done) => setTimeout(done, 100));
        return (window as unknown as { __injected?: boolean }).__injected === true;
      });
      expect(ran).toBe(false);
      await expect.poll(() => s.violations.some((v) => /^event: script-src(-elem)? refused inline/.test(v))).toBe(true);
      expect(s.dialogs).toEqual([]);
    } finally {
      await s.context.close();
    }
  });

  it('lets a page be embedded by a board paper opened from disk and by an about:blank page', async () => {
    // Hosts that any frame-ancestors list would refuse: `*` does not match file:, and nothing
    // matches the opaque origin of about:blank (or of a sandboxed or srcdoc iframe).
    const s = await session();
    try {
      const iframe = `<iframe src="${baseUrl()}/accessibility" title="Accessibility statement" width="800" height="600"></iframe>`;
      const file = path.join(tempDir('board-paper-'), 'paper.html');
      writeFileSync(file, `<!doctype html><title>Board paper</title><h1>Board paper</h1>${iframe}`);
      await s.page.goto(`file://${file}`);
      await expect.poll(() => s.page.frameLocator('iframe').locator('h1').textContent(), { timeout: 15_000 }).toBe('Accessibility statement for the BCF outcomes dashboard');
      const blank = await s.context.newPage(); // a new page: about:blank, opaque origin
      await blank.setContent(`<!doctype html><title>Intranet</title><h1>Intranet</h1>${iframe}`);
      await expect.poll(() => blank.frameLocator('iframe').locator('h1').textContent(), { timeout: 15_000 }).toBe('Accessibility statement for the BCF outcomes dashboard');
      expect(s.violations).toEqual([]);
    } finally {
      await s.context.close();
    }
  });

  it('shows markup in uploaded area names as text, opening no dialog', async () => {
    const s = await session();
    const { page } = s;
    try {
      await load(page, '/upload');
      await addUpload(page, path.join(BAD_FILES, 'html-in-names.csv'));

      // The place page lists the hubs by name: text, markup and all.
      await load(page, '/place?area=E06000006', true);
      await expect.poll(() => page.locator('.hub-list a').allTextContents(), { timeout: 30_000 }).toEqual(
        expect.arrayContaining(['<script>alert(1)</script>', '<img src=x onerror=alert(1)>']),
      );
      // The hub page names one in its heading, title and picker.
      await follow(page, '/hub?area=U00012');
      await expect.poll(() => page.locator('h1').textContent(), { timeout: 30_000 }).toBe('<img src=x onerror=alert(1)>');
      expect(await page.locator('h1').innerHTML()).toBe('&lt;img src=x onerror=alert(1)&gt;');
      expect(await page.title()).toBe('<img src=x onerror=alert(1)>, Halton – BCF outcomes dashboard');
      const made = await page.evaluate(() => ({
        scripts: [...document.scripts].filter((el) => el.textContent?.includes('alert(1)')).length,
        images: document.querySelectorAll('img[src="x"], img[onerror]').length,
      }));
      expect(made).toEqual({ scripts: 0, images: 0 });
      await page.waitForTimeout(500); // an onerror would fire by now
      expect(s.dialogs).toEqual([]);
      expect(s.violations).toEqual([]);
    } finally {
      await s.context.close();
    }
  });
});
