/// <reference lib="dom" />
/**
 * Embedding: the example page with an iframe and <dcoscope-demo> elements under a strict CSP;
 * the element's loader (a poster, the app only on Play, harmless on a server); the iframe's
 * postMessage API (ready with the full state, hello, errors for bad commands, theme, resize);
 * layout by the embed's own width (one lane at a time, no sideways scroll at 390 px); holding
 * still off-screen; accessibility inside the embeds (axe, one live region, headings); styles
 * that stay inside the element; and the build served under a sub-path.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import {
  expect,
  test,
  type Frame,
  type FrameLocator,
  type Locator,
  type Page,
} from '@playwright/test';
import { STRICT_CSP, collectErrors, enforceStrictCsp } from './mainPage.ts';

const REST = /^(ready|paused|ended)$/;
const DARK_BG = 'rgb(13, 17, 23)';
const LIGHT_BG = 'rgb(255, 255, 255)';

interface Message {
  source: string;
  api: number;
  type: string;
  [key: string]: unknown;
}

function readout(scope: FrameLocator | Locator | Page): Locator {
  return scope.locator('.readout');
}

async function positionOf(scope: FrameLocator | Locator | Page): Promise<number> {
  return Number(await readout(scope).getAttribute('data-position'));
}

function embedFrame(page: Page): Frame {
  const f = page.frame({ url: /embed\.html/ });
  if (!f) throw new Error('no embed frame');
  return f;
}

/** Presses the poster's Play and waits for the element's app (playing, or at rest). */
async function playElement(el: Locator): Promise<void> {
  await el.getByRole('button', { name: 'Play the demo' }).click();
  await expect(readout(el)).toHaveAttribute('data-mode', /^(playing|ready|paused|ended)$/);
}

/** Pauses an element or iframe that is playing (its own Pause button). */
async function pause(scope: FrameLocator | Locator): Promise<void> {
  const button = scope.locator('.controls button.play');
  await expect(readout(scope)).toHaveAttribute('data-mode', /^(playing|ready|paused|ended)$/);
  if ((await readout(scope).getAttribute('data-mode')) === 'playing') await button.click();
  await expect(readout(scope)).toHaveAttribute('data-mode', REST);
}

/** Serves a host page at ./<name> on the app's origin (with the strict CSP unless told). */
async function hostPage(page: Page, name: string, body: string, csp = true): Promise<void> {
  await page.route(`**/${name}`, (route) =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      headers: csp ? { 'content-security-policy': STRICT_CSP } : {},
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>A host page</title>
<script type="module" async src="./dcoscope-demo.js"></script></head>
<body><main><h1>A host page</h1>${body}</main></body></html>`,
    }),
  );
  await page.goto(`./${name}`);
}

/** Messages the page's iframe posted since `recordMessages`. */
async function recordMessages(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __got: unknown[] };
    w.__got = [];
    window.addEventListener('message', (e) => {
      if ((e.data as { source?: string })?.source === 'dcoscope') w.__got.push(e.data);
    });
  });
}

async function messages(page: Page): Promise<Message[]> {
  return page.evaluate(() => (window as unknown as { __got: Message[] }).__got);
}

function postToFrame(page: Page, message: unknown): Promise<void> {
  return page.evaluate((m) => {
    const frame = document.querySelector('iframe');
    frame?.contentWindow?.postMessage(m, '*');
  }, message);
}

function expectFullState(m: Message | Record<string, unknown>): void {
  expect(m.modelVersion).toEqual(expect.any(Number));
  expect(m.lanes).toEqual([expect.any(String), expect.any(String)]);
  expect(m.position).toEqual(expect.any(Number));
  expect(m.length).toEqual(expect.any(Number));
  expect(m.length as number).toBeGreaterThan(0);
  expect(m.mode).toMatch(/^(ready|playing|paused|seeking|ended)$/);
  expect(m.theme).toMatch(/^(light|dark|auto)$/);
  const counts = m.counts as Record<string, unknown>[];
  expect(counts).toHaveLength(2);
  for (const c of counts) {
    for (const k of ['emitted', 'processed', 'swallowed', 'overwritten', 'ghosts', 'refused']) {
      expect(c[k]).toEqual(expect.any(Number));
    }
  }
}

test('the embedding page runs the iframe and the elements under a strict CSP', async ({ page }) => {
  const errors = collectErrors(page);
  await enforceStrictCsp(page);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const response = await page.goto('./embedding.html');
  expect(response?.headers()['content-security-policy']).toBe(STRICT_CSP);
  await expect(page).toHaveTitle('Embedding dcoscope: an iframe and a custom element');

  const frame = page.frameLocator('#demo-frame');
  await expect(readout(frame)).toHaveAttribute('data-mode', REST);
  await expect(frame.locator('.lanes .lane')).toHaveCount(2);
  await expect(frame.locator('.narration')).toHaveCount(2);
  await expect(frame.locator('.page-header, .log-section, .drawer')).toHaveCount(0);
  expect(await embedFrame(page).title()).toBe('dcoscope embedded demo: OpenVPN DCO DEL_PEER loss');
  expect(await embedFrame(page).evaluate(() => document.documentElement.lang)).toBe('en');

  // The element: a poster, and no app code until Play.
  const one = page.locator('#demo-element');
  await expect(one.getByRole('button', { name: 'Play the demo' })).toBeVisible();
  await expect(one.getByText('The bug in a few steps')).toBeVisible();
  await expect(readout(one)).toHaveCount(0);
  expect(requests.filter((u) => u.includes('dcoscope-app-'))).toEqual([]);
  await playElement(one);
  expect(requests.filter((u) => /\/assets\/dcoscope-app-[\w-]+\.js$/.test(u))).toHaveLength(1);
  await expect(one.locator('.lanes .lane')).toHaveCount(2);
  // No <style> element anywhere: the element uses constructable stylesheets, and its app adds
  // no stylesheet to this page.
  expect(await page.locator('style').count()).toBe(0);
  expect(await one.evaluate((el) => el.shadowRoot?.querySelectorAll('style').length ?? -1)).toBe(0);
  expect(
    await page.evaluate(() =>
      [...document.querySelectorAll('link[rel=stylesheet]')].map((l) =>
        new URL((l as HTMLLinkElement).href).pathname.split('/').pop(),
      ),
    ),
  ).toEqual(['embedding.css']);
  // The host page's button rule does not reach inside; the element's rules do not leak out.
  const inner = one.locator('.controls button.play');
  await expect(inner).toHaveCSS('text-transform', 'none');
  await expect(page.locator('#frame-play')).toHaveCSS('text-transform', 'uppercase');
  await expect(page.locator('main')).not.toHaveCSS('max-width', '112rem');
  // The element's stages are styled (the stage's stylesheet is adopted too).
  await expect(one.locator('.v-stage').first()).toHaveCSS('border-top-style', 'solid');
  await page.screenshot({ path: 'test-results/embedding-page.png', fullPage: true });
  expect(errors).toEqual([]);
});

test('the element: poster, then Play loads the app and says ready with the full state', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await enforceStrictCsp(page);
  await page.goto('./embedding.html');
  const one = page.locator('#demo-element');
  // Its accessible name, before and after loading.
  const region = page.getByRole('region', { name: 'dcoscope: The bug in a few steps' });
  await expect(region).toHaveCount(1);
  await one.evaluate((el) => {
    el.addEventListener('dcoscope:ready', (e) => {
      (window as unknown as { __ready: unknown }).__ready = (e as CustomEvent).detail;
    });
  });
  expect(await one.evaluate((el) => (el as unknown as { state: unknown }).state)).toBeNull();
  await one.getByRole('button', { name: 'Play the demo' }).click();
  const ready = (await page
    .waitForFunction(() => (window as unknown as { __ready?: unknown }).__ready)
    .then((h) => h.jsonValue())) as Message;
  expect(ready).toMatchObject({ source: 'dcoscope', api: 1, type: 'ready' });
  expectFullState(ready);
  expect(ready.lanes).toEqual(['2.6.14', '2.6.20']);
  // The reader pressed Play: it plays, and the focus is on its Pause button.
  await expect(readout(one)).toHaveAttribute('data-mode', /playing|ended/);
  await expect(one.locator('.controls button.play')).toBeFocused();
  await expect(region).toHaveCount(1);
  // state and hello(): the same object.
  await pause(one);
  const [state, hello] = await one.evaluate((el) => {
    const d = el as unknown as { state: unknown; hello(): unknown };
    return [d.state, d.hello()];
  });
  expectFullState(state as Message);
  expect(hello).toEqual(state);
  expect((state as Message).position).toBe(await positionOf(one));
  // A bad seek is answered with an error event naming it.
  const error = await one.evaluate(
    (el) =>
      new Promise<unknown>((resolve) => {
        el.addEventListener('dcoscope:error', (e) => resolve((e as CustomEvent).detail), {
          once: true,
        });
        (el as unknown as { seek(n: number): void }).seek(-3);
      }),
  );
  expect((error as Message).message).toContain('seek needs position');
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
  // The length is known at ready.
  await expect(page.locator('#frame-length-out')).toHaveText(/^\d+$/);

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

  // Direct messages, as any host would send them.
  await recordMessages(page);
  await postToFrame(page, 'seek 3'); // not for dcoscope: ignored
  await postToFrame(page, { target: 'dcoscope', command: 'seek', position: 3 });
  await expect
    .poll(async () =>
      (await messages(page)).some((m) => m.type === 'counts' && (m.position as number) < 10),
    )
    .toBe(true);
  const got = await messages(page);
  const step = got.filter((m) => m.type === 'step').at(-1);
  expect(step?.position).toBeGreaterThanOrEqual(3);
  expect(step?.position).toBeLessThan(paused);
  expect(got.filter((m) => m.type === 'error')).toEqual([]);
  expect(errors).toEqual([]);
});

test('a command the iframe does not understand is answered with an error naming it', async ({
  page,
}) => {
  await page.goto('./embedding.html');
  await expect(readout(page.frameLocator('#demo-frame'))).toHaveAttribute('data-mode', REST);
  await recordMessages(page);
  await postToFrame(page, { target: 'dcoscope', command: 'eval', code: 'alert(1)' });
  await postToFrame(page, { target: 'dcoscope', command: 'seek', position: -1 });
  await postToFrame(page, { target: 'dcoscope', command: 'theme', theme: 'sepia' });
  await expect.poll(async () => (await messages(page)).length).toBeGreaterThanOrEqual(3);
  const errors = (await messages(page)).filter((m) => m.type === 'error');
  expect(errors.map((m) => m.message)).toEqual([
    expect.stringMatching(/^unknown command "eval": the commands are play, pause, seek .*hello$/),
    'seek needs position, a whole number (0 or more); got -1',
    'theme needs theme, one of light, dark, auto; got "sepia"',
  ]);
});

test('hello, sent after the iframe is up, is answered with ready and the full state', async ({
  page,
}) => {
  await hostPage(
    page,
    'hello-host.html',
    '<iframe src="./embed.html?scenario=lesson" title="dcoscope: the lesson"></iframe>',
  );
  const frame = page.frameLocator('iframe');
  await expect(readout(frame)).toHaveAttribute('data-mode', REST);
  // This host's script "loads late": it listens only now, after the embed's own ready.
  await recordMessages(page);
  await page.waitForTimeout(300);
  expect((await messages(page)).filter((m) => m.type === 'ready')).toEqual([]);
  await postToFrame(page, { target: 'dcoscope', command: 'hello' });
  await expect.poll(async () => (await messages(page)).map((m) => m.type)).toContain('ready');
  const got = await messages(page);
  const ready = got.find((m) => m.type === 'ready')!;
  expectFullState(ready);
  expect(ready.lanes).toEqual(['2.6.14', '2.6.20']);
  expect(ready.position).toBe(await positionOf(frame));
  // ... and with its height, for a host that sizes the iframe.
  expect(got.find((m) => m.type === 'resize')?.height).toEqual(expect.any(Number));
});

test('the iframe tells its host its content height, and again when it changes', async ({
  page,
}) => {
  await page.goto('./embedding.html');
  const frameEl = page.locator('#demo-frame');
  await expect(readout(page.frameLocator('#demo-frame'))).toHaveAttribute('data-mode', REST);
  // embedding.js sizes the iframe from the resize messages: no inner scroll bar.
  const contentHeight = () =>
    embedFrame(page).evaluate(() =>
      Math.ceil(document.documentElement.getBoundingClientRect().height),
    );
  await expect
    .poll(async () => Math.round((await frameEl.boundingBox())!.height))
    .toBe(
      (await contentHeight()) + 2, // the iframe's 1 px border
    );
  await expect(page.locator('#frame-height-out')).toHaveText(String(await contentHeight()));
  expect(
    await embedFrame(page).evaluate(
      () => document.documentElement.scrollHeight <= document.documentElement.clientHeight,
    ),
  ).toBe(true);
  // Narrower: one lane at a time, another height, a new message.
  const before = await contentHeight();
  await recordMessages(page);
  await frameEl.evaluate((f) => {
    (f as HTMLElement).style.width = '600px';
  });
  await expect
    .poll(async () => (await messages(page)).filter((m) => m.type === 'resize').at(-1)?.height)
    .toBe(await contentHeight());
  expect(await contentHeight()).not.toBe(before);
});

test('the theme changes live in the iframe and in the element, without a restart', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await enforceStrictCsp(page);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('./embedding.html');
  const frame = page.frameLocator('#demo-frame');
  await expect(readout(frame)).toHaveAttribute('data-mode', REST);
  await page.locator('#frame-position').fill('9');
  await page.locator('#frame-seek').click();
  await expect.poll(() => positionOf(frame)).toBeGreaterThanOrEqual(9);
  const one = page.locator('#demo-element');
  await playElement(one);
  await pause(one);
  const frameRun = await readout(frame).getAttribute('data-run');
  const framePos = await positionOf(frame);
  const oneRun = await readout(one).getAttribute('data-run');
  const onePos = await positionOf(one);
  await expect(frame.locator('body')).toHaveCSS('background-color', LIGHT_BG);
  await expect(one.locator('.dcoscope-root')).toHaveCSS('background-color', LIGHT_BG);

  // The page's theme menu: the iframe by message, the elements by attribute.
  await page.locator('#page-theme').selectOption('dark');
  await expect(frame.locator('body')).toHaveCSS('background-color', DARK_BG);
  await expect(one.locator('.dcoscope-root')).toHaveCSS('background-color', DARK_BG);
  await expect(page.locator('html')).toHaveCSS('background-color', DARK_BG);
  // The same runs, at the same places.
  expect(await readout(frame).getAttribute('data-run')).toBe(frameRun);
  expect(await positionOf(frame)).toBe(framePos);
  expect(await readout(one).getAttribute('data-run')).toBe(oneRun);
  expect(await positionOf(one)).toBe(onePos);

  // The property, and the state reporting it.
  await one.evaluate((el) => {
    (el as unknown as { theme: string }).theme = 'light';
  });
  await expect(one.locator('.dcoscope-root')).toHaveCSS('background-color', LIGHT_BG);
  expect(
    await one.evaluate((el) => (el as unknown as { state: { theme: string } }).state.theme),
  ).toBe('light');
  // auto follows the reader's system.
  await one.evaluate((el) => el.setAttribute('theme', 'auto'));
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(one.locator('.dcoscope-root')).toHaveCSS('background-color', DARK_BG);
  expect(await readout(one).getAttribute('data-run')).toBe(oneRun);
  expect(errors).toEqual([]);
});

test('at 390 px nothing scrolls sideways, and the lanes are shown one at a time', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('./embedding.html');
  const frame = page.frameLocator('#demo-frame');
  await expect(readout(frame)).toHaveAttribute('data-mode', REST);
  const one = page.locator('#demo-element');
  await one.scrollIntoViewIfNeeded();
  await playElement(one);
  await pause(one);
  const noSideways = () =>
    page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  expect(await noSideways()).toBe(true);
  expect(
    await embedFrame(page).evaluate(
      () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
    ),
  ).toBe(true);
  const embedBox = one.locator('.embed');
  expect(await embedBox.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);

  for (const scope of [one, frame]) {
    const tabs = scope.getByRole('tab');
    await expect(tabs).toHaveCount(2);
    await expect(tabs.first()).toHaveAttribute('aria-selected', 'true');
    await expect(scope.locator('.v-stage[data-lane="0"]')).toBeVisible();
    await expect(scope.locator('.v-stage[data-lane="1"]')).toBeHidden();
    await expect(scope.locator('.lane[data-lane="1"]')).toBeHidden();
    // By keyboard: the selected tab is the Tab stop, the arrows switch.
    await tabs.first().focus();
    await page.keyboard.press('ArrowRight');
    await expect(tabs.nth(1)).toBeFocused();
    await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true');
    await expect(scope.locator('.v-stage[data-lane="1"]')).toBeVisible();
    await expect(scope.locator('.v-stage[data-lane="0"]')).toBeHidden();
    await expect(scope.locator('.lane[data-lane="1"]')).toBeVisible();
    // The stage fits: drawn inside the embed's width.
    const stage = await scope.locator('.v-stage[data-lane="1"] svg').boundingBox();
    expect(stage!.x + stage!.width).toBeLessThanOrEqual(390);
  }
  expect(await noSideways()).toBe(true);
  await page.screenshot({ path: 'test-results/embedding-390.png', fullPage: true });
  expect(errors).toEqual([]);
});

test('in a 624 px column the element shows one lane at a time; wide, both side by side', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('./embedding.html');
  const one = page.locator('#demo-element'); // in a 39rem column
  await playElement(one);
  await expect(one.getByRole('tab')).toHaveCount(2);
  await expect(one.locator('.v-stage[data-lane="1"]')).toBeHidden();
  // The play buttons share rows (not one per line).
  const tops = await one
    .locator('.controls-buttons button')
    .evaluateAll((bs) => bs.map((b) => Math.round(b.getBoundingClientRect().top)));
  expect(new Set(tops).size).toBeLessThanOrEqual(2);
  // Full width: the tabs go, both stages side by side.
  const two = page.locator('#demo-element-2');
  await two.scrollIntoViewIfNeeded();
  await expect(readout(two)).toHaveAttribute('data-mode', REST);
  await expect(two.locator('[role="tab"]')).toHaveCount(2);
  await expect(two.locator('[role="tab"]').first()).toBeHidden();
  const [a, b] = await two
    .locator('.v-stage')
    .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
  expect(Math.abs(a!.y - b!.y)).toBeLessThan(2);
  expect(a!.right).toBeLessThanOrEqual(b!.x);
});

/** Counts animation-frame callbacks and messages to workers, in every frame of the page. */
async function countActivity(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __raf: number; __toWorker: number };
    w.__raf = 0;
    w.__toWorker = 0;
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (cb) =>
      raf((t) => {
        w.__raf++;
        cb(t);
      });
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, ...args: [unknown, unknown?]) {
      w.__toWorker++;
      return (post as (...a: unknown[]) => void).apply(this, args);
    };
  });
}

async function activity(target: Page | Frame): Promise<{ raf: number; toWorker: number }> {
  return target.evaluate(() => {
    const w = window as unknown as { __raf: number; __toWorker: number };
    return { raf: w.__raf, toWorker: w.__toWorker };
  });
}

test('off-screen or in a hidden tab, the embeds hold still, and play on when seen again', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await countActivity(page);
  // Tall enough that both embeds start in view.
  await page.setViewportSize({ width: 1280, height: 2400 });
  await hostPage(
    page,
    'offscreen-host.html',
    `<iframe src="./embed.html?scenario=lesson&autoplay=1&speed=2" title="dcoscope: the lesson"
  width="1000" height="600"></iframe>
<dcoscope-demo id="d" scenario="lesson" speed="2" autoplay loading="eager"></dcoscope-demo>
<div style="height: 6000px"></div><p id="far">Far below.</p>`,
    false,
  );
  const el = page.locator('#d');
  const frame = page.frameLocator('iframe');
  await expect(readout(el)).toHaveAttribute('data-mode', 'playing', { timeout: 60_000 });
  await expect(readout(frame)).toHaveAttribute('data-mode', 'playing', { timeout: 60_000 });
  const target = embedFrame(page);

  // Scrolled away: both pause, and nothing runs.
  await page.locator('#far').scrollIntoViewIfNeeded();
  await expect(readout(el)).toHaveAttribute('data-mode', 'paused');
  await expect(readout(frame)).toHaveAttribute('data-mode', 'paused');
  await page.waitForTimeout(300); // the last answers land
  const before = [await activity(page), await activity(target)];
  const positions = [await positionOf(el), await positionOf(frame)];
  await page.waitForTimeout(1500);
  const after = [await activity(page), await activity(target)];
  expect(after).toEqual(before);
  expect([await positionOf(el), await positionOf(frame)]).toEqual(positions);

  // Back: both play on.
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(readout(el)).toHaveAttribute('data-mode', /playing|ended/);
  await expect(readout(frame)).toHaveAttribute('data-mode', /playing|ended/);
  expect((await activity(page)).raf).toBeGreaterThan(before[0]!.raf);

  // A hidden tab: the same.
  const hide = (hidden: boolean) => (t: Page | Frame) =>
    t.evaluate((h) => {
      Object.defineProperty(document, 'visibilityState', {
        configurable: true,
        get: () => (h ? 'hidden' : 'visible'),
      });
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);
  await hide(true)(page);
  await hide(true)(target);
  await expect(readout(el)).toHaveAttribute('data-mode', 'paused');
  await expect(readout(frame)).toHaveAttribute('data-mode', 'paused');
  await page.waitForTimeout(300);
  const hiddenBefore = [await activity(page), await activity(target)];
  await page.waitForTimeout(1000);
  expect([await activity(page), await activity(target)]).toEqual(hiddenBefore);
  await hide(false)(page);
  await hide(false)(target);
  await expect(readout(el)).toHaveAttribute('data-mode', /playing|ended/);
  await expect(readout(frame)).toHaveAttribute('data-mode', /playing|ended/);
});

test('accessibility inside the embeds: axe finds nothing, one live region, no headings by default', async ({
  page,
}) => {
  await page.goto('./embedding.html');
  const frame = page.frameLocator('#demo-frame');
  await expect(readout(frame)).toHaveAttribute('data-mode', REST);
  const one = page.locator('#demo-element');
  // The whole host page, with the iframe inside (axe checks frames too) and the elements'
  // shadow roots: first with the poster, then with the app.
  const found = async () =>
    (await new AxeBuilder({ page }).analyze()).violations.flatMap((v) =>
      v.nodes.map((n) => `${v.id} (${v.impact}): ${JSON.stringify(n.target)}`),
    );
  expect(await found()).toEqual([]);
  await playElement(one);
  await pause(one);
  const two = page.locator('#demo-element-2');
  await two.scrollIntoViewIfNeeded();
  await expect(readout(two)).toHaveAttribute('data-mode', REST);
  await page.evaluate(() => window.scrollTo(0, 0));
  expect(await found()).toEqual([]);

  // One live region each (the player's step announcements).
  const LIVE = '[aria-live]:not([aria-live="off"]), [role="status"], [role="log"], [role="alert"]';
  expect(await frame.locator(LIVE).count()).toBe(1);
  expect(await one.locator(LIVE).count()).toBe(1);
  expect(await two.locator(LIVE).count()).toBe(1);
  // heading-level="3" on the first: its lanes' titles are level 3, their parts level 4.
  const levels = await one.evaluate((el) =>
    [...el.shadowRoot!.querySelectorAll('h2, h3')].map((h) => [
      h.tagName,
      h.getAttribute('role'),
      h.getAttribute('aria-level'),
    ]),
  );
  expect(levels.length).toBeGreaterThan(4);
  for (const [tag, role, level] of levels) {
    expect(role).toBeNull();
    expect(level).toBe(tag === 'H2' ? '3' : '4');
  }
  await expect(
    page.getByRole('heading', { name: '2.6.14 (as shipped)', level: 3 }),
  ).not.toHaveCount(0);
  // The second (no heading-level) and the iframe add no headings to the outline.
  for (const scope of [two, frame.locator('body')]) {
    await expect(scope.getByRole('heading')).toHaveCount(0);
  }
  // Named regions: the element by its label, the iframe's content by its scenario.
  await expect(page.getByRole('region', { name: 'dcoscope: The bug in a few steps' })).toHaveCount(
    1,
  );
  await expect(page.getByRole('region', { name: /^dcoscope: 2\.7 before and after/ })).toHaveCount(
    1,
  );
  await expect(frame.getByRole('main', { name: 'dcoscope: The bug in a few steps' })).toHaveCount(
    1,
  );
});

test('two elements on one page run independently; bad attributes are listed', async ({ page }) => {
  const errors = collectErrors(page);
  await enforceStrictCsp(page);
  await page.goto('./embedding.html');
  const one = page.locator('#demo-element');
  const two = page.locator('#demo-element-2');
  await playElement(one);
  await pause(one);
  // The second, lazy, loads once near the viewport, and opens at its step attribute.
  await two.scrollIntoViewIfNeeded();
  await expect.poll(() => positionOf(two)).toBeGreaterThanOrEqual(20);
  const twoAt = await positionOf(two);

  await one.evaluate((el) => (el as HTMLElement & { seek(n: number): void }).seek(7));
  await expect.poll(() => positionOf(one)).toBe(7);
  await expect(page.locator('#element-position-out')).toHaveText('7');
  expect(await positionOf(two)).toBe(twoAt);

  await two.getByRole('button', { name: 'Forward one read cycle', exact: true }).click();
  await expect.poll(() => positionOf(two)).toBeGreaterThan(twoAt);
  await expect(readout(two)).toHaveAttribute('data-mode', REST);
  expect(await positionOf(one)).toBe(7);

  // Bad attributes: ignored, listed inside the element as text, the element still runs.
  await one.evaluate((el) => {
    el.setAttribute('seed', 'x<b>y</b>');
    el.setAttribute('variants', '2.6.14');
    el.setAttribute('heading-level', '9');
  });
  const notice = one.locator('.ignored-params');
  await expect(notice.locator('li[data-param="seed"]')).toContainText('seed=x<b>y</b>');
  await expect(notice.locator('li[data-param="variants"]')).toContainText('variants must be');
  await expect(notice.locator('li[data-param="heading-level"]')).toContainText('1 to 6');
  await expect(notice.locator('b')).toHaveCount(0);
  await expect(readout(one)).toHaveAttribute('data-mode', REST);
  expect(errors).toEqual([]);
});

test('a step past the run, or beyond the safe integers, is listed in the iframe and the element as on the page', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const pastEnd =
    /^step=99999: step 99999 is past the end of the run: use an integer from 0 to \d+ \(the run's events\); the view shows its end$/;
  const beyond = 'step=1e21: step "1e21" is not allowed: use an integer from 0 to 9007199254740991';

  // The iframe's page: it opens at the end, and says why.
  await page.goto('./embed.html?scenario=lesson&step=99999');
  await expect(readout(page)).toHaveAttribute('data-mode', 'ended');
  await expect(page.locator('.ignored-params li[data-param="step"]')).toHaveText(pastEnd);
  await page.goto('./embed.html?scenario=lesson&step=1e21');
  await expect(readout(page)).toHaveAttribute('data-mode', REST);
  await expect(page.locator('.ignored-params li[data-param="step"]')).toHaveText(beyond);
  expect(await positionOf(page)).toBe(0);

  // The element, with the same words.
  await hostPage(
    page,
    'steps-host.html',
    `<dcoscope-demo id="past" scenario="lesson" step="99999" loading="eager"></dcoscope-demo>
<dcoscope-demo id="huge" scenario="lesson" step="1e21" loading="eager"></dcoscope-demo>
<dcoscope-demo id="hex" scenario="lesson" step="0x10" loading="eager"></dcoscope-demo>`,
  );
  const past = page.locator('#past');
  await expect(readout(past)).toHaveAttribute('data-mode', 'ended');
  await expect(past.locator('.ignored-params li[data-param="step"]')).toHaveText(pastEnd);
  const huge = page.locator('#huge');
  await expect(huge.locator('.ignored-params li[data-param="step"]')).toHaveText(beyond);
  await expect(readout(huge)).toHaveAttribute('data-mode', REST);
  expect(await positionOf(huge)).toBe(0);
  // one number syntax: 0x10 is no step (it opened at 16 before)
  const hex = page.locator('#hex');
  await expect(hex.locator('.ignored-params li[data-param="step"]')).toHaveText(
    'step=0x10: step "0x10" is not allowed: use an integer from 0 to 9007199254740991',
  );
  expect(await positionOf(hex)).toBe(0);
  expect(errors).toEqual([]);
});

test('loading="lazy" loads near the viewport, "eager" at once, "click" (the default) never by itself', async ({
  page,
}) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await hostPage(
    page,
    'loading-host.html',
    `<dcoscope-demo id="click" scenario="lesson"></dcoscope-demo>
<dcoscope-demo id="eager" scenario="overwrite" loading="eager" label="Eager demo"></dcoscope-demo>`,
  );
  await expect(readout(page.locator('#eager'))).toHaveAttribute('data-mode', REST);
  await expect(page.getByRole('region', { name: 'Eager demo' })).toHaveCount(1);
  await page.waitForTimeout(500);
  await expect(page.locator('#click').getByRole('button', { name: 'Play the demo' })).toBeVisible();
  await expect(readout(page.locator('#click'))).toHaveCount(0);
  // No <noscript> is needed for the element: its light-DOM fallback shows until it is defined.
  expect(requests.filter((u) => u.includes('dcoscope-app-'))).toHaveLength(1);
});

test('the built loader imports in Node without throwing', async () => {
  const file = join(resolve(process.env.PW_OUT_DIR ?? 'dist'), 'dcoscope-demo.js');
  const mod = (await import(pathToFileURL(file).href)) as {
    defineDcoscopeDemo(): boolean;
    ELEMENT_NAME: string;
  };
  expect(mod.ELEMENT_NAME).toBe('dcoscope-demo');
  expect(mod.defineDcoscopeDemo()).toBe(false);
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
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(`${base}index.html?scenario=lesson&step=5`);
  await expect(readout(page)).toHaveAttribute('data-mode', REST);
  await expect.poll(() => positionOf(page)).toBeGreaterThanOrEqual(5);
  await page.goto(`${base}embed.html?scenario=lesson&autoplay=1`);
  await expect.poll(() => positionOf(page)).toBeGreaterThan(0);
  await page.goto(`${base}embedding.html`);
  const one = page.locator('#demo-element');
  await playElement(one);
  await expect(readout(page.frameLocator('#demo-frame'))).toHaveAttribute('data-mode', REST);
  // The element's chunks and worker load next to its loader, under the sub-path.
  const assets = requests.filter((p) => p.includes('/assets/'));
  expect(assets.some((p) => /dcoscope-app-/.test(p))).toBe(true);
  expect(assets.every((p) => p.startsWith(`${SUB}assets/`))).toBe(true);
  // The links back to the full page stay under the sub-path.
  const href = await page
    .frameLocator('#demo-frame')
    .getByRole('link', { name: 'Open in dcoscope' })
    .getAttribute('href');
  expect(new URL(href!).pathname).toBe(`${SUB}index.html`);
  const elementHref = await one
    .getByRole('link', { name: 'Open in dcoscope' })
    .getAttribute('href');
  expect(new URL(elementHref!).pathname).toBe(`${SUB}index.html`);
  expect(errors).toEqual([]);
});
