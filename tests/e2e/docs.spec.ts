/**
 * The project's own VitePress site, built by `npm run docs` (scripts/docs.mjs) and served under
 * /docs/ with the strict CSP a docs host would send (scripts/serve-docs.mjs): every page renders
 * without a CSP violation, and both embeds work inside it: the element from the server-rendered
 * HTML through its poster to a running demo, the iframe through the handshake, both following
 * the docs' theme toggle, sized to the column, and still while scrolled away.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { expect, test, type Frame, type Page } from '@playwright/test';

const PORT = Number(process.env.PW_PORT ?? 4173) + 11;
const ORIGIN = `http://127.0.0.1:${PORT}`;
const BASE = '/docs/';
const PAGES = [
  '',
  'bug.html',
  'variants.html',
  'scenarios.html',
  'kernel-pacing.html',
  'using.html',
  'links.html',
  'cli.html',
  'wire.html',
  'embedding.html',
];

let server: ChildProcess | null = null;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const build = spawnSync('node', ['scripts/docs.mjs'], { stdio: 'inherit' });
  expect(build.status, 'npm run docs').toBe(0);
  server = spawn('node', ['scripts/serve-docs.mjs', String(PORT)], { stdio: 'pipe' });
  await new Promise<void>((resolve, reject) => {
    server!.stdout!.on('data', (d: Buffer) => {
      if (String(d).includes('docs: http')) resolve();
    });
    server!.on('exit', (code) => reject(new Error(`serve-docs exited with ${code}`)));
  });
});

test.afterAll(() => {
  server?.kill();
});

/** Console errors (CSP violations among them) and uncaught exceptions of the page. */
function watch(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

test('every page is served under /docs/ with a strict CSP and renders without an error', async ({
  page,
  request,
}) => {
  const errors = watch(page);
  for (const p of PAGES) {
    const res = await request.get(`${ORIGIN}${BASE}${p}`);
    expect(res.status(), p).toBe(200);
    const csp = res.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    await page.goto(`${ORIGIN}${BASE}${p}`);
    await expect(page.locator('main h1').first()).toBeVisible();
  }
  // the README's sections are included, not copied: the CLI page has the flags table
  await page.goto(`${ORIGIN}${BASE}cli.html`);
  await expect(page.getByRole('heading', { name: /--json output/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: /The run budget/ })).toBeVisible();
  await page.goto(`${ORIGIN}${BASE}wire.html`);
  await expect(
    page.getByRole('heading', { name: /Capturing|captures and Wireshark/ }).first(),
  ).toBeVisible();
  expect(errors).toEqual([]);
});

test('the element is in the server-rendered page, shows its poster, and a click runs the demo', async ({
  page,
  request,
}) => {
  const html = await (await request.get(`${ORIGIN}${BASE}embedding.html`)).text();
  expect(html).toMatch(/<dcoscope-demo[^>]*scenario="lesson"/);
  const errors = watch(page);
  await page.goto(`${ORIGIN}${BASE}embedding.html`);
  const el = page.locator('dcoscope-demo').first();
  const play = el.getByRole('button', { name: /play the demo/i });
  await expect(play).toBeVisible();
  // no app chunk before the click
  const appLoaded = () =>
    page.evaluate(() =>
      performance.getEntriesByType('resource').some((r) => /dcoscope-app-/.test(r.name)),
    );
  expect(await appLoaded()).toBe(false);
  const ready = el.evaluate(
    (node) =>
      new Promise<Record<string, unknown>>((resolve) =>
        node.addEventListener('dcoscope:ready', (e) => resolve((e as CustomEvent).detail), {
          once: true,
        }),
      ),
  );
  await play.click();
  const state = await ready;
  expect(await appLoaded()).toBe(true);
  expect(state.lanes).toEqual(['2.6.14', '2.6.20']);
  expect(state.position).toBe(0);
  expect(typeof state.length).toBe('number');
  expect(state.length as number).toBeGreaterThan(10);
  expect(Array.isArray(state.counts)).toBe(true);

  // play, pause, seek through the element's methods
  await el.evaluate((node) => (node as unknown as { play(): void }).play());
  await expect
    .poll(() =>
      el.evaluate((n) => (n as unknown as { state: { position: number } }).state.position),
    )
    .toBeGreaterThan(0);
  await el.evaluate((node) => (node as unknown as { pause(): void }).pause());
  await el.evaluate((node) => (node as unknown as { seek(p: number): void }).seek(20));
  await expect
    .poll(() =>
      el.evaluate((n) => (n as unknown as { state: { position: number } }).state.position),
    )
    .toBe(20);
  expect(errors).toEqual([]);
});

/** The iframe's next message of a type, after `send` runs. */
async function nextMessage(
  page: Page,
  type: string,
  send: () => Promise<unknown>,
): Promise<Record<string, unknown>> {
  const got = page.evaluate(
    (t) =>
      new Promise<Record<string, unknown>>((resolve) => {
        const f = document.querySelector<HTMLIFrameElement>('iframe[data-dcoscope]')!;
        addEventListener('message', function on(e) {
          const d = e.data as Record<string, unknown>;
          if (e.source === f.contentWindow && d?.source === 'dcoscope' && d.type === t) {
            removeEventListener('message', on);
            resolve(d);
          }
        });
      }),
    type,
  );
  await send();
  return got;
}

function command(page: Page, message: Record<string, unknown>): Promise<void> {
  return page.evaluate((m) => {
    const f = document.querySelector<HTMLIFrameElement>('iframe[data-dcoscope]')!;
    f.contentWindow!.postMessage({ target: 'dcoscope', ...m }, '*');
  }, message);
}

async function frameOf(page: Page): Promise<Frame> {
  const handle = await page.locator('iframe[data-dcoscope]').elementHandle();
  const frame = await handle!.contentFrame();
  expect(frame).not.toBeNull();
  return frame!;
}

test('the iframe answers hello with its full state, plays, pauses, seeks and sizes itself', async ({
  page,
}) => {
  const errors = watch(page);
  await page.goto(`${ORIGIN}${BASE}embedding.html`);
  const iframe = page.locator('iframe[data-dcoscope]');
  await iframe.scrollIntoViewIfNeeded();
  const frame = await frameOf(page);
  await frame.waitForLoadState();
  // a host whose script runs late asks; the answer has the run's length
  await expect
    .poll(
      async () =>
        (await nextMessage(page, 'ready', () => command(page, { command: 'hello' }))).length,
      { timeout: 30_000 },
    )
    .toBeGreaterThan(10);
  const ready = await nextMessage(page, 'ready', () => command(page, { command: 'hello' }));
  expect(ready.lanes).toEqual(['2.7-prefix', '2.7']);
  expect(ready.modelVersion).toEqual(expect.any(Number));
  const bad = await nextMessage(page, 'error', () => command(page, { command: 'fly' }));
  expect(String(bad.message)).toContain('unknown command "fly"');

  await command(page, { command: 'play' });
  await expect
    .poll(
      async () =>
        (await nextMessage(page, 'ready', () => command(page, { command: 'hello' }))).position,
    )
    .toBeGreaterThan(0);
  await command(page, { command: 'pause' });
  await command(page, { command: 'seek', position: 12 });
  await expect
    .poll(
      async () =>
        (await nextMessage(page, 'ready', () => command(page, { command: 'hello' }))).position,
    )
    .toBe(12);

  // the host sized the iframe from its resize messages: no inner scrollbar, no gap
  await expect
    .poll(async () => {
      const h = Number(await iframe.getAttribute('height'));
      const content = await frame.evaluate(() => document.documentElement.scrollHeight);
      return Math.abs(h - content);
    })
    .toBeLessThanOrEqual(2);
  expect(errors).toEqual([]);
});

test('both embeds follow the docs theme toggle without restarting', async ({ page }) => {
  // wide enough for VitePress to show its appearance switch in the nav bar
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`${ORIGIN}${BASE}embedding.html`);
  const el = page.locator('dcoscope-demo').first();
  await expect(el).toHaveAttribute('theme', 'light');
  const frame = await frameOf(page);
  await page.locator('.VPSwitchAppearance:visible').first().click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await expect(el).toHaveAttribute('theme', 'dark');
  await expect
    .poll(() => frame.evaluate(() => document.documentElement.dataset.theme ?? ''))
    .toBe('dark');
});

test('at 390 px the embedding page does not scroll sideways', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${ORIGIN}${BASE}embedding.html`);
  const el = page.locator('dcoscope-demo').first();
  await el.getByRole('button', { name: /play the demo/i }).click();
  await expect
    .poll(() =>
      el.evaluate((n) => (n as unknown as { state: { mode: string } | null }).state?.mode ?? ''),
    )
    .toMatch(/^(ready|paused|playing)$/);
  const iframe = page.locator('iframe[data-dcoscope]');
  await iframe.scrollIntoViewIfNeeded();
  await page.waitForTimeout(1500);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const box = await iframe.boundingBox();
  expect(box!.width).toBeLessThanOrEqual(390);
});

test('a playing element scrolled away pauses, and plays again when it comes back', async ({
  page,
}) => {
  await page.goto(`${ORIGIN}${BASE}embedding.html`);
  const el = page.locator('dcoscope-demo').first();
  // the poster's button loads the demo and plays it
  await el.getByRole('button', { name: /play the demo/i }).click();
  const mode = () =>
    el.evaluate((n) => (n as unknown as { state: { mode: string } | null }).state?.mode ?? '');
  await expect.poll(mode).toBe('playing');
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect.poll(mode).toBe('paused');
  const still = await el.evaluate(
    (n) => (n as unknown as { state: { position: number } }).state.position,
  );
  await page.waitForTimeout(1000);
  expect(
    await el.evaluate((n) => (n as unknown as { state: { position: number } }).state.position),
  ).toBe(still);
  await el.scrollIntoViewIfNeeded();
  await expect.poll(mode).toBe('playing');
});
