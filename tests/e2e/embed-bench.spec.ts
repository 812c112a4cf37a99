/**
 * What an embed costs a host page: a page with one <dcoscope-demo> (the loader, async), and for
 * comparison a page with one eager iframe. Prints the bytes (gzip, level 6, of each response's
 * body: what a compressing server sends) fetched before the page's first paint, by the end of
 * its load, and after the reader presses "Play the demo" until the element says ready (with its
 * worker), and the time from the press to `dcoscope:ready`; and DOMContentLoaded. Figures are
 * printed, not asserted (machines differ): the test asserts only that the parts happened, and
 * that the loader stays small and is all the element fetches before the press.
 *
 * A benchmark: run with `npm run bench` (which sets DCOSCOPE_BENCH=1); skipped otherwise.
 */
import { gzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';

test.use({ trace: 'off', screenshot: 'off', viewport: { width: 1280, height: 800 } });

interface Fetched {
  url: string;
  /** ms since the navigation started (the page's clock). */
  at: number;
  gzip: number;
  raw: number;
}

/** Records every response (the page's and its workers') with its gzip size. */
function record(page: Page, t0: () => number): Fetched[] {
  const got: Fetched[] = [];
  page.on('response', (r) => {
    const at = Date.now() - t0();
    void r.body().then(
      (b) => got.push({ url: r.url(), at, gzip: gzipSync(b, { level: 6 }).length, raw: b.length }),
      () => {},
    );
  });
  return got;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const sum = (xs: Fetched[], key: 'gzip' | 'raw' = 'gzip') => xs.reduce((s, x) => s + x[key], 0);
const name = (u: string) => new URL(u).pathname.split('/').pop() || '/';

async function paintAndLoad(page: Page) {
  return page.evaluate(async () => {
    await new Promise((r) => setTimeout(r, 300));
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
    const resources = performance
      .getEntriesByType('resource')
      .map((e) => ({ url: e.name, end: (e as PerformanceResourceTiming).responseEnd }));
    return { fcp, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, resources };
  });
}

test('embed benchmark: bytes before first paint, after Play, and the time to ready', async ({
  page,
  context,
}) => {
  test.skip(!process.env.DCOSCOPE_BENCH, 'a benchmark: run with npm run bench');
  test.setTimeout(120_000);
  const host = (body: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title>
<script type="module" async src="./dcoscope-demo.js"></script></head>
<body><main><h1>A docs page</h1><p>Some text before the demo.</p>${body}</main></body></html>`;
  await context.route('**/bench-element.html', (r) =>
    r.fulfill({
      contentType: 'text/html',
      body: host('<dcoscope-demo id="d" scenario="lesson"></dcoscope-demo>'),
    }),
  );
  await context.route('**/bench-iframe.html', (r) =>
    r.fulfill({
      contentType: 'text/html',
      body: host(
        '<iframe src="./embed.html?scenario=lesson" title="dcoscope" width="1000" height="700"></iframe>',
      ),
    }),
  );

  // One element: the poster, then Play.
  let start = 0;
  const fetched = record(page, () => start);
  start = Date.now();
  await page.goto('./bench-element.html');
  const el = page.locator('#d');
  await expect(el.getByRole('button', { name: 'Play the demo' })).toBeVisible();
  const timing = await paintAndLoad(page);
  await page.waitForTimeout(500);
  const beforePress = [...fetched];
  const beforePaint = fetched.filter(
    (f) =>
      f.url.endsWith('bench-element.html') ||
      timing.resources.some((r) => r.url === f.url && r.end <= timing.fcp),
  );
  await el.evaluate((d) => {
    const w = window as unknown as { __press: number; __ready: number };
    d.addEventListener('click', () => (w.__press = performance.now()), { capture: true });
    d.addEventListener('dcoscope:ready', () => (w.__ready = performance.now()));
  });
  await el.getByRole('button', { name: 'Play the demo' }).click();
  await page.waitForFunction(() => (window as unknown as { __ready?: number }).__ready);
  await page.waitForTimeout(300); // the responses' bodies are read
  const toReady = await page.evaluate(() => {
    const w = window as unknown as { __press: number; __ready: number };
    return w.__ready - w.__press;
  });
  const afterPress = fetched.slice(beforePress.length);

  // One iframe, for comparison: everything it fetches until its ready.
  const frame = await context.newPage();
  let frameStart = 0;
  const frameFetched = record(frame, () => frameStart);
  frameStart = Date.now();
  await frame.goto('./bench-iframe.html');
  await frame.evaluate(
    () =>
      new Promise<void>((resolve) => {
        window.addEventListener('message', (e) => {
          if ((e.data as { type?: string })?.type === 'ready') resolve();
        });
      }),
  );
  const frameReadyMs = Date.now() - frameStart;
  await frame.waitForTimeout(300);
  const frameTiming = await paintAndLoad(frame);

  expect(beforePress.some((f) => name(f.url) === 'dcoscope-demo.js')).toBe(true);
  expect(beforePress.filter((f) => f.url.includes('/assets/'))).toEqual([]);
  expect(afterPress.some((f) => /dcoscope-app-/.test(f.url))).toBe(true);
  expect(toReady).toBeGreaterThan(0);
  const loader = beforePress.find((f) => name(f.url) === 'dcoscope-demo.js')!;
  expect(loader.gzip).toBeLessThan(10 * 1024);

  const list = (xs: Fetched[]) =>
    xs
      .map((f) => `${name(f.url)} ${kb(f.gzip)}`)
      .sort()
      .join(', ');
  console.log(
    [
      'embed benchmark (a host page with one <dcoscope-demo scenario="lesson">, loading="click")',
      `  before first paint (${timing.fcp.toFixed(0)} ms): ${kb(sum(beforePaint))} gzip (${list(beforePaint)})`,
      `  page loaded (poster shown, DOMContentLoaded ${timing.dcl.toFixed(0)} ms): ${kb(sum(beforePress))} gzip; the loader ${kb(loader.gzip)} gzip (${kb(loader.raw)} raw)`,
      `  after Play, until ready: ${kb(sum(afterPress))} gzip (${kb(sum(afterPress, 'raw'))} raw): ${list(afterPress)}`,
      `  Play to dcoscope:ready: ${toReady.toFixed(0)} ms`,
      'for comparison, a host page with one iframe (embed.html?scenario=lesson, eager)',
      `  until its ready (${frameReadyMs} ms after navigation; its host's first paint ${frameTiming.fcp.toFixed(0)} ms): ${kb(sum(frameFetched))} gzip in ${frameFetched.length} files`,
    ].join('\n'),
  );
  await frame.close();
});
