// The accessibility statement says what is true of the site: figures that read without
// JavaScript, and where to write.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseSettings } from '../../src/lib/contract/settings';
import { baseUrl, useBrowser } from './browser';
import { expected } from './expected';

const browser = useBrowser();

describe('accessibility statement', () => {
  it('gives a contact and does not claim the figures need JavaScript, which the overview shows without it', async () => {
    const context = await browser().newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/accessibility`);
    const text = (await page.locator('main').textContent())!.replace(/\s+/g, ' ');
    expect(text).not.toMatch(/needs JavaScript[^.;]*to show any figures/);
    expect(text).toContain('show their figures without JavaScript');
    expect(await page.locator('[data-contact]').getAttribute('href')).toBe(`mailto:${parseSettings(readFileSync('data/settings.json', 'utf8')).contact.email}`);
    // And it is so: the overview's figures are in the page as built.
    await page.goto(`${baseUrl()}/`);
    expect(await page.locator('article[data-metric="ascof_2a2"] [data-value]').textContent()).toBe(expected('ascof_2a2', ['E06000006'], '2023-04-01', 'financial_year').shown);
    await context.close();
  });
});
