/// <reference lib="dom" />
/**
 * Worker recovery: the simulation worker throws, closes itself or fails to load; the page (and
 * the embed) names what happened, and "Try again" starts a fresh worker and reopens the run at
 * the same position, where a further step works as before. The sweeps page's pool replaces a
 * worker that failed to load and completes the sweep.
 */
import { expect, test, type Page, type Worker } from '@playwright/test';
import { MainPage } from './mainPage.ts';

const SIM_WORKER = /\/sim\.worker[^/]*\.js(\?|$)/;
const SWEEP_WORKER = /\/sweep\.worker[^/]*\.js(\?|$)/;

/** The page's simulation worker: the newest one running sim.worker (after a restart, the fresh one). */
async function simWorker(page: Page): Promise<Worker> {
  await expect
    .poll(() => page.workers().filter((w) => SIM_WORKER.test(w.url())).length)
    .toBeGreaterThan(0);
  return page
    .workers()
    .filter((w) => SIM_WORKER.test(w.url()))
    .at(-1)!;
}

/** Serves the first request for a worker script with HTTP 500; returns how many were asked. */
async function failFirstLoad(page: Page, script: RegExp): Promise<() => number> {
  let asked = 0;
  await page.route(script, async (route) => {
    asked++;
    if (asked === 1) await route.fulfill({ status: 500, body: 'injected failure' });
    else await route.continue();
  });
  return () => asked;
}

/** Run inside a worker: its next request throws instead of being answered. */
function breakOnNextMessage(): void {
  (self as unknown as { onmessage: () => void }).onmessage = () => {
    throw new Error('injected failure');
  };
}

function forward(page: Page) {
  return page.getByRole('button', { name: 'Forward one event' });
}
function back(page: Page) {
  return page.getByRole('button', { name: 'Back one event' });
}

/** Steps forward and waits for the new position. */
async function stepForward(app: MainPage): Promise<number> {
  const before = await app.position();
  await forward(app.page).click();
  await expect.poll(() => app.position()).toBeGreaterThan(before);
  await app.waitIdle();
  return app.position();
}

/**
 * Opens a link, steps forward once (away from the link's step, so the place is the page's own),
 * learns where one more step lands, and comes back: returns [the place, one step later].
 */
async function openAndLearnStep(app: MainPage, query: string): Promise<[number, number]> {
  await app.goto(query);
  const at = await stepForward(app);
  const next = await stepForward(app);
  await back(app.page).click();
  await expect.poll(() => app.position()).toBe(at);
  await app.waitIdle();
  return [at, next];
}

/** Where a link lands and where one step goes from there, on a page that loads normally. */
async function landing(page: Page, query: string): Promise<[number, number]> {
  const app = new MainPage(page);
  await app.goto(query);
  const at = await app.position();
  return [at, await stepForward(app)];
}

/** After a failure: the message, Try again, and the same place, where a step still works. */
async function recover(app: MainPage, message: RegExp, at: number, next: number): Promise<void> {
  await expect(app.errorPanel).toBeVisible();
  await expect(app.errorPanel.locator('.error-message')).toHaveText(message);
  await expect(app.readout).toHaveAttribute('data-mode', 'error');
  await app.errorPanel.getByRole('button', { name: 'Try again' }).click();
  await expect(app.errorPanel).toBeHidden();
  await app.waitIdle();
  expect(await app.position()).toBe(at);
  // the address still says where the page stands
  await expect.poll(() => new URL(app.page.url()).searchParams.get('step')).toBe(String(at));
  expect(await stepForward(app)).toBe(next);
}

test.describe('worker recovery', () => {
  test.setTimeout(120_000);

  test('the simulation worker throws: the message names the throw; Try again reopens the same position', async ({
    page,
  }) => {
    const app = new MainPage(page);
    const [at, next] = await openAndLearnStep(app, '?scenario=lesson&step=40');
    const old = await simWorker(page);
    await old.evaluate(breakOnNextMessage);
    await forward(page).click();
    await recover(app, /^the simulation worker threw "Error: injected failure"$/, at, next);
    // a fresh worker answers now, not the broken one
    const fresh = await simWorker(page);
    expect(fresh).not.toBe(old);
  });

  test('the simulation worker closes itself: it stopped answering; Try again reopens the same position', async ({
    page,
  }) => {
    // The page's clock runs naturally but can be moved on: the 60 s of silence pass at once.
    await page.clock.install();
    const app = new MainPage(page);
    const [at, next] = await openAndLearnStep(app, '?scenario=lesson&step=40');
    const worker = await simWorker(page);
    // The worker's own global scope: close() ends it without an event in the page.
    await worker.evaluate(() => (self as unknown as { close(): void }).close());
    await forward(page).click();
    await expect(app.readout).toHaveAttribute('data-mode', 'seeking');
    // Nothing happens well before the reply timeout (40 s of silence: still waiting) ...
    await page.clock.runFor(40_000);
    await expect(app.readout).toHaveAttribute('data-mode', 'seeking');
    await expect(app.errorPanel).toBeHidden();
    // ... and the page says so once it has passed.
    await page.clock.runFor(25_000);
    await recover(
      app,
      /^the simulation worker stopped answering: nothing came from it for 60 s while it had (.+, )?step(, .+)? to answer$/,
      at,
      next,
    );
  });

  test('the worker script fails to load once: Try again opens the link at its step', async ({
    page,
    context,
  }) => {
    const reference = await context.newPage();
    const [at, next] = await landing(reference, '?scenario=lesson&step=40');
    await reference.close();

    const asked = await failFirstLoad(page, SIM_WORKER);
    const app = new MainPage(page);
    await page.goto('./?scenario=lesson&step=40');
    await expect(app.errorPanel.locator('.error-message')).toHaveText(
      'the simulation worker failed to load (its script could not be fetched or started)',
    );
    // the link is kept while the run has not opened (past the address bar's write debounce)
    await page.waitForTimeout(1_000);
    expect(new URL(page.url()).searchParams.get('step')).toBe('40');
    await recover(app, /failed to load/, at, next);
    expect(asked()).toBe(2);
  });

  test('the embed: its worker throws, Try again reopens the embed at the same position', async ({
    page,
  }) => {
    await page.goto('./embed.html?scenario=lesson&step=40');
    const readout = page.locator('.readout');
    await expect(readout).toHaveAttribute('data-mode', /^(ready|paused|ended)$/);
    const position = async () => Number(await readout.getAttribute('data-position'));
    const step = async () => {
      const before = await position();
      await forward(page).click();
      await expect.poll(position).toBeGreaterThan(before);
      await expect(readout).toHaveAttribute('data-mode', 'paused');
      return position();
    };
    // away from the link's step, so the place is the embed's own
    const at = await step();
    const next = await step();
    await back(page).click();
    await expect.poll(position).toBe(at);
    await expect(readout).toHaveAttribute('data-mode', 'paused');

    const worker = await simWorker(page);
    await worker.evaluate(breakOnNextMessage);
    await forward(page).click();
    const panel = page.locator('.error-panel');
    await expect(panel.locator('.error-message')).toHaveText(
      'the simulation worker threw "Error: injected failure"',
    );
    await panel.getByRole('button', { name: 'Try again' }).click();
    await expect(panel).toBeHidden();
    await expect(readout).toHaveAttribute('data-mode', 'paused');
    expect(await position()).toBe(at);
    await forward(page).click();
    await expect.poll(position).toBe(next);
  });

  test('the sweeps page: a sweep worker that fails to load is replaced and the sweep completes', async ({
    page,
  }) => {
    const asked = await failFirstLoad(page, SWEEP_WORKER);
    await page.goto('./sweeps.html');
    const sweep = page.getByRole('region', { name: 'Sweep' });
    await sweep.getByLabel('Preset').selectOption('lesson');
    await sweep.getByLabel('Seeds per cell').fill('3');
    await expect(sweep.locator('.plan-size')).toHaveText('8 cells, 24 runs');
    await sweep.getByRole('button', { name: 'Run sweep' }).click();
    const progress = sweep.locator('.sweep-progress');
    await expect(progress).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(progress).toHaveAttribute('data-done', '24');
    await expect(sweep.locator('.sweep-error')).toHaveCount(0);
    await expect(sweep.locator('figure.heatmap')).toHaveCount(2);
    // one more worker than the pool's size: the replacement
    const size = await page.evaluate(() =>
      Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 8)),
    );
    expect(asked()).toBe(Math.min(size, 24) + 1);
  });

  test('the sweeps page: workers that never load fail the sweep, naming it; Try again runs it', async ({
    page,
  }) => {
    let failing = true;
    await page.route(SWEEP_WORKER, async (route) => {
      if (failing) await route.fulfill({ status: 500, body: 'injected failure' });
      else await route.continue();
    });
    await page.goto('./sweeps.html');
    const sweep = page.getByRole('region', { name: 'Sweep' });
    await sweep.getByLabel('Preset').selectOption('lesson');
    await sweep.getByLabel('Seeds per cell').fill('3');
    await sweep.getByRole('button', { name: 'Run sweep' }).click();
    const progress = sweep.locator('.sweep-progress');
    await expect(progress).toHaveAttribute('data-state', 'failed', { timeout: 60_000 });
    await expect(sweep.locator('.sweep-error')).toHaveText(
      /^a sweep worker failed to load \(its script could not be fetched or started\) \(runs \d+ to \d+ failed on 3 workers\)$/,
    );
    failing = false;
    await sweep.getByRole('button', { name: 'Try again' }).click();
    await expect(progress).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(progress).toHaveAttribute('data-done', '24');
    await expect(sweep.locator('.sweep-error')).toHaveCount(0);
    await expect(sweep.locator('figure.heatmap')).toHaveCount(2);
  });
});
