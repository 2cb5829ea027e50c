// WCAG 2.2 AA on every kind of page, once its charts are drawn from the data: axe-core's automated
// rules (injected from node_modules, never a CDN), and what axe cannot judge by itself: the
// keyboard order and operation, a visible focus indicator on every control, the page language,
// the heading outline and the landmarks.
//
// axe goes into the page as an inline <script>, which the site's Content-Security-Policy refuses
// (as it should): these pages are opened with CSP bypassed. security.test.ts tests the policy.
import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, chartsReady, sharedPage, useBrowser } from './browser';

declare global {
  interface Window {
    axe: { run(context: Document, options: { runOnly: string[] }): Promise<AxeResults> };
  }
}

const AXE = createRequire(import.meta.url).resolve('axe-core');
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Every kind of page; `ready` says what shows that the page has finished drawing. */
const PAGES: { path: string; ready: 'charts' | 'sql' | 'page' }[] = [
  { path: '/', ready: 'charts' },
  { path: '/metric?metric=dtoc&area=E06000006', ready: 'charts' },
  { path: '/metric?metric=ascof_2a2&area=E08000002&compare=E08000009', ready: 'charts' },
  { path: '/place?area=E06000006', ready: 'charts' },
  { path: '/hub?area=E06000006-N1', ready: 'charts' },
  { path: '/upload', ready: 'page' },
  { path: '/sql', ready: 'sql' },
  { path: '/accessibility', ready: 'page' },
];

const browser = useBrowser();

/** One page for every check, opened at the first path and following a link to each later one. */
const at = sharedPage(async (path) => {
  const context = await browser().newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${baseUrl()}${path}`);
  return { page, problems: [] };
});

async function visit(path: string, ready: 'charts' | 'sql' | 'page'): Promise<Page> {
  const { page } = await at(path);
  // The data are in (the provenance line shows) and the loading message has gone.
  await page.waitForSelector('.provenance', { timeout: 30_000 });
  await page.waitForFunction(() => !document.querySelector('.status .loading'), null, { timeout: 30_000 });
  if (ready === 'sql') await page.waitForFunction(() => document.querySelectorAll('[data-results] tbody tr').length > 0, null, { timeout: 30_000 });
  if (ready !== 'page') await chartsReady(page);
  return page;
}

/** axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules on the whole document, one line per failing element. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const results = await page.evaluate((tags) => window.axe.run(document, { runOnly: tags }), WCAG_AA);
  return results.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact ?? 'no impact'}): ${v.help}\n    at ${n.target.join(' ')}\n    ${(n.failureSummary ?? '').replace(/\n/g, '\n    ')}`),
  );
}

/** Language, headings as the accessibility tree has them, and the landmarks. */
function structure(page: Page) {
  return page.evaluate(() => {
    // Headings a screen reader meets: not inside a picture or hidden from it, not folded away.
    const headings = [...document.querySelectorAll<HTMLElement>('h1, h2, h3, h4, h5, h6')]
      .filter((h) => !h.closest('[aria-hidden="true"], [role="img"]') && h.checkVisibility())
      .map((h) => ({ level: Number(h.tagName[1]), text: (h.textContent ?? '').trim().replace(/\s+/g, ' ') }));
    const skips: string[] = [];
    let previous = 0;
    let previousText = '(start of page)';
    for (const h of headings) {
      if (h.level > previous + 1) skips.push(`h${previous || '-'} "${previousText}" then h${h.level} "${h.text}"`);
      previous = h.level;
      previousText = h.text;
    }
    const count = (selector: string) => document.querySelectorAll(selector).length;
    return {
      lang: document.documentElement.getAttribute('lang'),
      h1: headings.filter((h) => h.level === 1).map((h) => h.text),
      skips,
      landmarks: {
        banner: count('header, [role="banner"]'),
        navigation: count('nav, [role="navigation"]'),
        main: count('main, [role="main"]'),
        contentinfo: count('footer, [role="contentinfo"]'),
      },
    };
  });
}

/** What the element that has focus is, for messages. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return 'body';
    const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 50);
    return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}${name ? ` "${name}"` : ''}`;
  });

/**
 * Records how each control looks without focus (outline and box-shadow), then tabs through the
 * page from the top and checks that each control, once focused, shows an indicator: an outline of
 * 2px or more or a box-shadow, different from its look without focus. A control drawn by its label
 * (the upload page's file input, transparent under its "Choose a file" label) is judged by the label.
 * Returns the tab stops in order and the ones without an indicator.
 */
async function tabThrough(page: Page): Promise<{ stops: string[]; unseen: string[] }> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur?.();
    // The header and footer stay from the page before, marked by its walk.
    for (const el of document.querySelectorAll<HTMLElement>('[data-focus-stop]')) delete el.dataset.focusStop;
    const shown = (el: HTMLElement): HTMLElement => (getComputedStyle(el).opacity === '0' && el.id ? (document.querySelector<HTMLElement>(`label[for="${el.id}"]`) ?? el) : el);
    for (const el of document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, summary, [tabindex]')) {
      const cs = getComputedStyle(shown(el));
      el.dataset.unfocused = `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor} | ${cs.boxShadow}`;
    }
  });
  const stops: string[] = [];
  const unseen: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Tab');
    const now = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body || el === document.documentElement) return null;
      if (!el.dataset.focusStop) el.dataset.focusStop = String(document.querySelectorAll('[data-focus-stop]').length);
      const target = getComputedStyle(el).opacity === '0' && el.id ? (document.querySelector<HTMLElement>(`label[for="${el.id}"]`) ?? el) : el;
      const cs = getComputedStyle(target);
      const style = `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor} | ${cs.boxShadow}`;
      const indicator = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || cs.boxShadow !== 'none';
      return { stop: el.dataset.focusStop, visible: indicator && style !== el.dataset.unfocused, style, unfocused: el.dataset.unfocused ?? '(not seen before)' };
    });
    if (now === null) {
      if (stops.length > 0) break; // past the last control
      continue;
    }
    if (seen.has(now.stop)) break; // round again
    seen.add(now.stop);
    const name = await focused(page);
    stops.push(name);
    if (!now.visible) unseen.push(`${name}: focused "${now.style}", unfocused "${now.unfocused}"`);
  }
  return { stops, unseen };
}

describe('accessibility (WCAG 2.2 AA)', () => {
  // Each page is reached once for both its checks (the first opened, the others by following a
  // link, as a reader moves through the site): axe reads the page and leaves it as it was; the
  // keyboard walk comes second.
  describe.each(PAGES)('$path', ({ path, ready }) => {
    let visited: Page | undefined;
    const page = () => visited!;
    beforeAll(async () => {
      visited = await visit(path, ready);
    });

    it('axe finds nothing; one h1, no skipped heading level, one of each landmark; en-GB', async () => {
      const s = await structure(page());
      expect(s.lang).toBe('en-GB');
      expect(await page().locator('html[lang="en-GB"]').count()).toBe(1);
      expect(s.h1, `exactly one h1, found: ${JSON.stringify(s.h1)}`).toHaveLength(1);
      expect(s.skips, `headings that skip a level:\n  ${s.skips.join('\n  ')}`).toEqual([]);
      expect(s.landmarks).toEqual({ banner: 1, navigation: 1, main: 1, contentinfo: 1 });

      const violations = await axeViolations(page());
      expect(violations, `axe-core found ${violations.length} problem(s) on ${path}:\n  ${violations.join('\n  ')}`).toEqual([]);
    });

    it('Tab reaches the skip link first, every control shows focus, and the skip link moves focus to main', async () => {
      const { stops, unseen } = await tabThrough(page());
      expect(stops[0]).toBe('a.skip-link "Skip to main content"');
      expect(stops.length).toBeGreaterThan(8); // the skip link, the brand, six navigation links, ...
      expect(unseen, `controls with no visible focus indicator:\n  ${unseen.join('\n  ')}`).toEqual([]);

      // The skip link shows when focused, and takes focus to the main content.
      const skip = page().locator('a.skip-link');
      await skip.focus();
      const box = await skip.boundingBox();
      expect(box && box.x >= 0 && box.y >= 0 && box.width > 10).toBe(true);
      await page().keyboard.press('Enter');
      await expect.poll(() => focused(page())).toMatch(/^main#main/);
      // The next Tab is inside it.
      await page().keyboard.press('Tab');
      expect(await page().evaluate(() => document.activeElement?.closest('main')?.id)).toBe('main');
    });
  });

  /** Presses Tab from the top until `selector` has focus. */
  async function tabTo(page: Page, selector: string): Promise<void> {
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    }
    throw new Error(`${selector} was not reached with the Tab key (focus ended on ${await focused(page)})`);
  }

  it('the place select is reached and changed with the keyboard alone', async () => {
    const page = await visit('/place?area=E06000006', 'charts');
    await tabTo(page, 'select#place');
    const next = await page.evaluate(() => {
      const select = document.querySelector<HTMLSelectElement>('select#place')!;
      const option = select.options[select.selectedIndex + 1];
      return option ? { code: option.value, name: option.textContent!.trim() } : null;
    });
    expect(next).not.toBeNull();
    await page.keyboard.press('ArrowDown');
    await page.waitForURL((url) => url.searchParams.get('area') === next!.code);
    await expect.poll(() => page.locator('h1').textContent()).toBe(next!.name);
    // Focus stays on the select, so the next arrow press carries on from there.
    expect(await focused(page)).toMatch(/^select#place/);
  });

  it('the metric radios are reached and changed with the keyboard alone', async () => {
    const page = await visit('/metric?metric=dtoc&area=E06000006', 'charts');
    // A radio group is one tab stop: the checked radio.
    await tabTo(page, 'input[type="radio"][name="metric"]');
    const radios = await page.locator('input[type="radio"][name="metric"]').evaluateAll((rs) => rs.map((r) => ({ value: (r as HTMLInputElement).value, checked: (r as HTMLInputElement).checked, focused: r === document.activeElement })));
    const checked = radios.findIndex((r) => r.focused);
    expect(radios[checked]).toEqual({ value: 'dtoc', checked: true, focused: true });
    const next = radios[(checked + 1) % radios.length]!.value;
    expect(next).not.toBe('dtoc');
    await page.keyboard.press('ArrowDown');
    await page.waitForURL((url) => url.searchParams.get('metric') === next);
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe(next);
    expect(await page.locator(`input[type="radio"][name="metric"][value="${next}"]`).isChecked()).toBe(true);
    await chartsReady(page);
  });
});
