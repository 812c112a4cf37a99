/**
 * Page object of the visualizer, so the specs read as what a user sees rather than selectors.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export type Mode = 'loading' | 'ready' | 'playing' | 'paused' | 'seeking' | 'ended' | 'error';

export class MainPage {
  readonly table: Locator;
  readonly errorPanel: Locator;
  readonly readout: Locator;
  readonly playButton: Locator;
  readonly preset: Locator;
  readonly speed: Locator;
  readonly peers: Locator;
  readonly batch: Locator;
  readonly load: Locator;
  readonly scrubber: Locator;
  readonly notes: Locator;
  readonly lanes: Locator;
  readonly divergence: Locator;
  readonly keymap: Locator;

  constructor(readonly page: Page) {
    this.table = page.locator('table.counters');
    this.errorPanel = page.getByRole('alert');
    this.readout = page.locator('.readout');
    this.playButton = page.locator('.controls button.play');
    this.preset = page.getByLabel('Preset');
    this.speed = page.getByRole('slider', { name: 'Speed' });
    this.peers = page.getByRole('slider', { name: 'Peers' });
    this.batch = page.getByRole('slider', { name: 'Batch size' });
    this.load = page.getByRole('slider', { name: 'Load' });
    this.scrubber = page.getByRole('slider', { name: 'Position' });
    this.notes = page.locator('.notes .note');
    this.lanes = page.locator('.lanes .lane');
    this.divergence = page.locator('p.divergence');
    this.keymap = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  }

  /**
   * Opens the page (with `query`, e.g. '?scenario=reporter'; without, the first screen's
   * overwrite story); resolves with the HTTP headers of the document.
   */
  async goto(query = ''): Promise<Record<string, string>> {
    const response = await this.page.goto(`./${query}`);
    if (!response) throw new Error('no response for the page');
    await this.waitIdle();
    return response.headers();
  }

  async mode(): Promise<Mode> {
    return (await this.readout.getAttribute('data-mode')) as Mode;
  }

  /** Waits until the player rests (ready, paused or ended): no request in flight. */
  async waitIdle(timeout = 30_000): Promise<void> {
    await expect(this.readout).toHaveAttribute('data-mode', /^(ready|paused|ended)$/, {
      timeout,
    });
  }

  async position(): Promise<number> {
    return Number(await this.readout.getAttribute('data-position'));
  }

  /** Events applied in each lane, left to right. */
  async lanePositions(): Promise<number[]> {
    const values = await this.lanes.evaluateAll((els) =>
      els.map((e) => Number(e.getAttribute('data-lane-position'))),
    );
    return values;
  }

  /** Runs requested since the page loaded (1 for the first). */
  async runs(): Promise<number> {
    return Number(await this.readout.getAttribute('data-run'));
  }

  async selectPreset(name: string): Promise<void> {
    const runs = await this.runs();
    await this.preset.selectOption(name);
    await this.waitReloaded(runs);
  }

  /** After a settings change: waits for the debounced re-run to land at position 0. */
  async waitReloaded(runsBefore: number): Promise<void> {
    await expect.poll(() => this.runs(), { timeout: 5_000 }).toBeGreaterThan(runsBefore);
    await this.waitIdle();
    expect(await this.position()).toBe(0);
  }

  /** Sets a range slider to its largest value, as a keyboard user would. */
  async sliderToEnd(slider: Locator): Promise<void> {
    await slider.focus();
    await slider.press('End');
  }

  /** The variant named in each lane's column header of the counts table, left to right. */
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

  /** Everything the page shows about the pair at its position (to compare two moments). */
  async stateText(): Promise<string> {
    const lanes = await this.page.locator('.lanes').evaluate((el) => {
      // Screen-reader announcements are throttled (they lag on purpose): leave them out.
      const copy = el.cloneNode(true) as typeof el;
      for (const live of copy.querySelectorAll('[aria-live]')) live.remove();
      return copy.innerHTML;
    });
    const parts = await Promise.all([
      this.readout.innerText(),
      this.table.innerText(),
      this.lanePositions().then((p) => p.join(',')),
    ]);
    return [...parts, lanes].join('\n---\n');
  }

  /** Focuses the page body, outside any control, so document keys reach the player. */
  async focusPage(): Promise<void> {
    await this.page.locator('h1').click();
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

/** A request the page sent its simulation worker, as recorded by `recordWorkerRequests`. */
export interface SentRequest {
  type: string;
  align?: string;
  target?: { kind: string; position?: number; us?: number; what?: string; outcome?: string };
}

/** The requests that move the pair (reads such as getTrace and summaries left out). */
const MOVES = ['init', 'step', 'seek', 'jump'];

/**
 * Records every message the page posts to a Worker, from the next navigation on (the page's own
 * code is untouched: Worker.prototype.postMessage is wrapped before any script runs).
 */
export async function recordWorkerRequests(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const sent: unknown[] = [];
    (window as unknown as { __sent: unknown[] }).__sent = sent;
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, ...args: unknown[]) {
      sent.push(JSON.parse(JSON.stringify(args[0] ?? null)));
      return (post as (...a: unknown[]) => void).apply(this, args);
    };
  });
}

/** The moves the page has sent its simulation worker since it loaded (or since `clearMoves`). */
export async function sentMoves(page: Page): Promise<SentRequest[]> {
  const sent = await page.evaluate(() => (window as unknown as { __sent: unknown[] }).__sent);
  return (sent as SentRequest[]).filter((m) => m && MOVES.includes(m.type));
}

export async function clearMoves(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __sent: unknown[] }).__sent.length = 0;
  });
}
