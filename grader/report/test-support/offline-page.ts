import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Browser, Page } from 'playwright-core';
import { vmlabRoot } from '../../../io/vmlab-root';

/**
 * A page file opened in Chromium with the network cut off, for the tests of
 * vmlab's HTML pages: what the page logged, threw and tried to fetch is
 * recorded, and what it must never have (a script, a script that ran, an
 * event handler, a request) can be read off it in one object.
 */

/** Where the browser tests write their screenshots, for review. */
export const SCREENSHOTS = path.join(vmlabRoot(), 'out', 'screenshots');

/** The browser globals the page checks read (the project compiles without the DOM library). */
declare const document: {
  querySelectorAll(selector: string): ArrayLike<{ readonly attributes: ArrayLike<{ readonly name: string }> }>;
  readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number };
};
declare const window: { readonly __injected?: number };

export interface OfflinePage {
  readonly page: Page;
  /** Console errors and warnings, and uncaught errors. */
  readonly problems: string[];
  /** Every request but the one for the file itself, refused. */
  readonly requests: string[];
}

export async function openOffline(browser: Browser, file: string, viewport = { width: 1280, height: 900 }): Promise<OfflinePage> {
  const page = await browser.newPage({ viewport, javaScriptEnabled: true });
  const url = pathToFileURL(file).href;
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.route('**/*', (route) => {
    if (route.request().url() === url) return route.continue();
    requests.push(route.request().url());
    return route.abort();
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems, requests };
}

/** What an inert page shows: `expect(await activeContent(opened)).toEqual(INERT)`. */
export const INERT = { scripts: 0, injected: null, handlers: [], problems: [], requests: [] };

/** Script elements, the mark a script that ran would have left (window.__injected), event handler attributes, problems and requests. */
export async function activeContent({ page, problems, requests }: OfflinePage) {
  const found = await page.evaluate(() => ({
    scripts: document.querySelectorAll('script').length,
    injected: window.__injected ?? null,
    handlers: Array.from(document.querySelectorAll('*'))
      .flatMap((element) => Array.from(element.attributes, (attribute) => attribute.name))
      .filter((name) => name.startsWith('on')),
  }));
  return { ...found, problems, requests };
}

/** How far the page scrolls sideways, in CSS pixels: at most 1 (rounding) on a phone, where wide tables must scroll in their own box. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
