/// <reference lib="dom" />
/**
 * Embedding (issue 4): the example page with an iframe and <dcoscope-demo> elements under a
 * strict CSP, the iframe's postMessage API, independent element instances, styles that stay
 * inside the element, bad attributes, and the build served under a sub-path.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { expect, test, type FrameLocator, type Locator, type Page } from '@playwright/test';
import { STRICT_CSP, collectErrors, enforceStrictCsp } from './mainPage.ts';

const REST = /^(ready|paused|ended)$/;

function readout(scope: FrameLocator | Locator | Page): Locator {
  return scope.locator('.readout');
}

async function positionOf(scope: FrameLocator | Locator | Page): Promise<number> {
  return Number(await readout(scope).getAttribute('data-position'));
}

test('the embedding page runs the iframe and the elements under a strict CSP', async ({ page }) => {
  const errors = collectErrors(page);
  await enforceStrictCsp(page);
  const response = await page.goto('./embedding.html');
  expect(response?.headers()['content-security-policy']).toBe(STRICT_CSP);
  await expect(page).toHaveTitle('Embedding dcoscope: an iframe and a custom element');

  const frame = page.frameLocator('#demo-frame');
  await expect(readout(frame)).toHaveAttribute('data-mode', REST);
  await expect(frame.locator('.lanes .lane')).toHaveCount(2);
  await expect(frame.locator('.narration')).toHaveCount(2);
  await expect(frame.locator('.page-header, .log-section, .drawer')).toHaveCount(0);
  const embedFrame = page.frame({ url: /embed\.html/ });
  expect(await embedFrame?.title()).toBe('dcoscope embedded demo: OpenVPN DCO DEL_PEER loss');
  expect(await embedFrame?.evaluate(() => document.documentElement.lang)).toBe('en');

  const one = page.locator('#demo-element');
  const two = page.locator('#demo-element-2');
  await expect(readout(one)).toHaveAttribute('data-mode', REST);
  await expect(readout(two)).toHaveAttribute('data-mode', REST);
  await expect(one.locator('.lanes .lane')).toHaveCount(2);
  await expect(two.locator('.lane[data-variant="2.7-prefix"]')).toHaveCount(1);
  // No <style> element anywhere: the elements use constructable stylesheets.
  expect(await page.locator('style').count()).toBe(0);
  expect(await one.evaluate((el) => el.shadowRoot?.querySelectorAll('style').length ?? -1)).toBe(0);
  // The host page's button rule does not reach inside; the element's rules do not leak out.
  const inner = one.locator('.controls button.play');
  await expect(inner).toHaveCSS('text-transform', 'none');
  await expect(page.locator('#frame-play')).toHaveCSS('text-transform', 'uppercase');
  await expect(page.locator('main')).not.toHaveCSS('max-width', '112rem');
  await page.screenshot({ path: 'test-results/embedding-page.png', fullPage: true });
  expect(errors).toEqual([]);
});

test('the iframe answers the postMessage API: ready, step, counts; play, pause, seek', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await enforceStrictCsp(page);
  await page.goto('./embedding.html');
  const log = page.locator('#frame-log');
  await expect(log).toContainText('ready: {"source":"dcoscope","api":1,"type":"ready"');
  await expect(log).toContainText('counts at 0:');
  const frame = page.frameLocator('#demo-frame');
  await expect(readout(frame)).toHaveAttribute('data-mode', REST);

  // Seek: the frame moves there, and says so.
  await page.locator('#frame-position').fill('12');
  await page.locator('#frame-seek').click();
  await expect.poll(() => positionOf(frame)).toBeGreaterThanOrEqual(12);
  const at = await positionOf(frame);
  await expect(page.locator('#frame-position-out')).toHaveText(String(at));
  await expect(log).toContainText(`counts at ${at}:`);

  // Play, then pause.
  await page.locator('#frame-play').click();
  await expect(readout(frame)).toHaveAttribute('data-mode', /playing|ended/);
  await expect.poll(() => positionOf(frame)).toBeGreaterThan(at);
  await page.locator('#frame-pause').click();
  await expect(readout(frame)).toHaveAttribute('data-mode', REST);
  const paused = await positionOf(frame);
  await expect(page.locator('#frame-position-out')).toHaveText(String(paused));
  await page.waitForTimeout(500);
  expect(await positionOf(frame)).toBe(paused);

  // Direct messages, as any host would send them; junk is ignored.
  const answers = await page.evaluate(async () => {
    const win = (document.getElementById('demo-frame') as HTMLIFrameElement).contentWindow!;
    const got: { type: string; position?: number }[] = [];
    const on = (e: MessageEvent) => {
      if (e.source === win && e.data?.source === 'dcoscope') got.push(e.data);
    };
    window.addEventListener('message', on);
    win.postMessage({ target: 'dcoscope', command: 'eval', code: 'alert(1)' }, '*');
    win.postMessage('seek 3', '*');
    win.postMessage({ target: 'dcoscope', command: 'seek', position: -1 }, '*');
    win.postMessage({ target: 'dcoscope', command: 'seek', position: 3 }, '*');
    const t0 = Date.now();
    const done = () =>
      got.some((m) => m.type === 'counts' && m.position !== undefined && m.position < 10);
    while (!done() && Date.now() - t0 < 10_000) {
      await new Promise((r) => setTimeout(r, 50));
    }
    window.removeEventListener('message', on);
    return got;
  });
  const step = answers.filter((m) => m.type === 'step').at(-1);
  expect(step?.position).toBeGreaterThanOrEqual(3);
  expect(step?.position).toBeLessThan(paused);
  expect(answers.find((m) => m.type === 'counts')).toBeTruthy();
  expect(errors).toEqual([]);
});

test('two elements on one page run independently', async ({ page }) => {
  const errors = collectErrors(page);
  await enforceStrictCsp(page);
  await page.goto('./embedding.html');
  const one = page.locator('#demo-element');
  const two = page.locator('#demo-element-2');
  await expect(readout(one)).toHaveAttribute('data-mode', REST);
  // The second opens at its step attribute.
  await expect.poll(() => positionOf(two)).toBeGreaterThanOrEqual(20);
  const twoAt = await positionOf(two);
  expect(await positionOf(one)).toBe(0);

  await one.evaluate((el) => (el as HTMLElement & { seek(n: number): void }).seek(7));
  await expect.poll(() => positionOf(one)).toBeGreaterThanOrEqual(7);
  await expect(page.locator('#element-position-out')).toHaveText(String(await positionOf(one)));
  expect(await positionOf(two)).toBe(twoAt);

  const oneAt = await positionOf(one);
  await two.getByRole('button', { name: 'Forward one read cycle', exact: true }).click();
  await expect.poll(() => positionOf(two)).toBeGreaterThan(twoAt);
  await expect(readout(two)).toHaveAttribute('data-mode', REST);
  expect(await positionOf(one)).toBe(oneAt);

  // A bad attribute: ignored, listed inside the element, the element still runs.
  await one.evaluate((el) => {
    el.setAttribute('seed', 'x<b>y</b>');
    el.setAttribute('variants', '2.6.14');
  });
  const notice = one.locator('.ignored-params');
  await expect(notice.locator('li[data-param="seed"]')).toContainText('seed=x<b>y</b>');
  await expect(notice.locator('li[data-param="variants"]')).toContainText('variants must be');
  await expect(notice.locator('b')).toHaveCount(0);
  await expect(readout(one)).toHaveAttribute('data-mode', REST);
  expect(errors).toEqual([]);
});

// ---------------------------------------------------------------------------------------------
// The static build under a sub-path, served by a tiny server of this test.

const OUT_DIR = resolve(process.env.PW_OUT_DIR ?? 'dist');
const SUB = '/some/path/';
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
  '.png': 'image/png',
};

let server: Server;
let base = '';

test.beforeAll(async () => {
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(SUB)) {
      res.writeHead(404).end('not under the sub-path');
      return;
    }
    const rel = normalize(path.slice(SUB.length) || 'index.html');
    const file = join(OUT_DIR, rel);
    if (!file.startsWith(OUT_DIR)) {
      res.writeHead(403).end();
      return;
    }
    stat(file).then(
      (s) => {
        if (!s.isFile()) throw new Error('not a file');
        res.writeHead(200, {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          'content-security-policy': STRICT_CSP,
        });
        createReadStream(file).pipe(res);
      },
      () => res.writeHead(404).end('not found'),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${addr.port}${SUB}`;
});

test.afterAll(async () => {
  await new Promise((r) => server.close(r));
});

test('the build works under a sub-path', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`${base}index.html?scenario=lesson&step=5`);
  await expect(readout(page)).toHaveAttribute('data-mode', REST);
  await expect.poll(() => positionOf(page)).toBeGreaterThanOrEqual(5);
  await page.goto(`${base}embed.html?scenario=lesson&autoplay=1`);
  await expect.poll(() => positionOf(page)).toBeGreaterThan(0);
  await page.goto(`${base}embedding.html`);
  await expect(readout(page.locator('#demo-element'))).toHaveAttribute('data-mode', REST);
  await expect(readout(page.frameLocator('#demo-frame'))).toHaveAttribute('data-mode', REST);
  // The embed's link back to the full page stays under the sub-path.
  const href = await page
    .frameLocator('#demo-frame')
    .getByRole('link', { name: 'Open in dcoscope' })
    .getAttribute('href');
  expect(new URL(href!).pathname).toBe(`${SUB}index.html`);
  expect(errors).toEqual([]);
});
