/**
 * Page object of the main view, so the specs read as what a user sees rather than selectors.
 */
import type { Locator, Page } from '@playwright/test';

export class MainPage {
  readonly status: Locator;
  readonly table: Locator;
  readonly errorPanel: Locator;

  constructor(readonly page: Page) {
    this.status = page.getByRole('status');
    this.table = page.getByRole('table');
    this.errorPanel = page.getByRole('alert');
  }

  /** Opens the page; resolves with the HTTP headers of the document. */
  async goto(): Promise<Record<string, string>> {
    const response = await this.page.goto('./');
    if (!response) throw new Error('no response for the page');
    return response.headers();
  }

  /** The variant named in each lane's column header, left to right. */
  async laneHeaders(): Promise<string[]> {
    return this.table.locator('thead th[data-lane]').allInnerTexts();
  }

  /** The text of one counter (by its row key) in one lane. */
  cell(key: string, lane: number): Locator {
    return this.table.locator(`tbody tr[data-key="${key}"] td[data-lane="${lane}"]`);
  }

  rowHeader(key: string): Locator {
    return this.table.locator(`tbody tr[data-key="${key}"] th[scope="row"]`);
  }
}

/** Collects console errors and uncaught exceptions of the page and of its workers. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('worker', (w) => {
    w.on('console', (m) => {
      if (m.type() === 'error') errors.push(`worker console: ${m.text()}`);
    });
  });
  return errors;
}

/** A strict Content-Security-Policy: no inline script or style, everything from the origin. */
export const STRICT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "worker-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

/** Serves the page's HTML documents with STRICT_CSP, as a production host could. */
export async function enforceStrictCsp(page: Page): Promise<void> {
  await page.route(
    (url) => url.pathname.endsWith('/') || url.pathname.endsWith('.html'),
    async (route) => {
      const response = await route.fetch();
      await route.fulfill({
        response,
        headers: { ...response.headers(), 'content-security-policy': STRICT_CSP },
      });
    },
  );
}
