import { expect, test } from '@playwright/test';
import { COUNTER_ROWS } from '../../src/app/counterRows.ts';
import { SCENARIOS, runToEnd, scenarioSettings, type RunSummary } from '../../src/model/index.ts';
import { MainPage, STRICT_CSP, collectErrors, enforceStrictCsp } from './mainPage.ts';
import { cliJson, firstDifference, seriousAxeViolations } from './reference.ts';

test.use({ viewport: { width: 1366, height: 768 } });

// The spec of the counts: the CLI, run on the reporter scenario for each lane's variant.
let reporter: RunSummary[] = [];
test.beforeAll(() => {
  reporter = SCENARIOS.reporter!.lanes.map((variant) =>
    cliJson(['--scenario', 'reporter', '--variant', variant]),
  );
});

async function expectCounts(main: MainPage, expected: readonly RunSummary[]): Promise<void> {
  expect(await main.laneHeaders()).toEqual(expected.map((s) => s.variant));
  for (const [lane, summary] of expected.entries()) {
    for (const row of COUNTER_ROWS) {
      await expect(main.cell(row.key, lane), `${row.key} of ${summary.variant}`).toHaveText(
        row.value(summary),
      );
    }
    // Plain numbers too, independent of the page's formatting.
    for (const key of ['emitted', 'processed', 'swallowed', 'ghosts', 'refused'] as const) {
      const text = await main.cell(key, lane).innerText();
      expect(Number(text.replace(/,/g, '')), `${key} of lane ${lane}`).toBe(summary[key]);
    }
  }
}

test('plays the reporter preset to the end and shows the CLI’s counts', async ({ page }) => {
  const errors = collectErrors(page);
  await enforceStrictCsp(page);
  const main = new MainPage(page);
  const headers = await main.goto();
  expect(headers['content-security-policy']).toBe(STRICT_CSP);
  await expect(page).toHaveTitle('dcoscope — OpenVPN DCO DEL_PEER loss visualizer');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  // (waits for the debounced re-run: under load the check could otherwise see it loading)
  await main.selectPreset('reporter');
  await expect(main.preset).toHaveValue('reporter');
  expect(await main.mode()).toBe('ready');

  // The markers arrive once both runs are computed in the background.
  await expect(page.locator('.markers [data-kind="first-loss"][data-lane="0"]')).toHaveCount(1);
  await expect(page.locator('.markers [data-kind="divergence"]')).toHaveCount(1);

  // Play a moment at the default speed (1×, the teaching clock), pause, then at full speed to
  // the end.
  await main.playButton.click();
  await expect(main.readout).toHaveAttribute('data-mode', 'playing');
  // The first step waits out the 10 s before the firewall blocks (compressed to ~1.6 s).
  await expect.poll(() => main.position(), { timeout: 10_000 }).toBeGreaterThan(0);
  // 1× is slow enough for the change flashes: they stay on...
  await expect(page.locator('.lanes')).not.toHaveClass(/\bis-fast\b/);
  await main.playButton.click();
  await main.waitIdle();
  expect(await main.mode()).toBe('paused');
  await page.screenshot({ path: 'test-results/main-view-playing.png' });

  await main.sliderToEnd(main.speed);
  await expect(page.locator('.speed output')).toHaveText(
    '10,000× (≈ 10,000 notification reads a second)',
  );
  await main.playButton.click();
  // ...and off at full speed, where they would restart every frame
  await expect(page.locator('.lanes')).toHaveClass(/\bis-fast\b/);
  await expect(main.readout).toHaveAttribute('data-mode', 'ended', { timeout: 45_000 });
  expect(await main.position()).toBe(Number(await main.readout.getAttribute('data-length')));

  await expectCounts(main, reporter);
  await expect(main.errorPanel).toHaveCount(0);
  await page.screenshot({ path: 'test-results/main-view.png' });
  await page.screenshot({ path: 'test-results/main-view-full.png', fullPage: true });
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('stepping back restores exactly the previous state', async ({ page }) => {
  const errors = collectErrors(page);
  const main = new MainPage(page);
  await main.goto();
  // Somewhere interesting: the first lost notification.
  await page.getByRole('button', { name: 'Next loss' }).click();
  await main.waitIdle();
  expect(await main.position()).toBeGreaterThan(0);

  // Back one cycle goes to the previous cycle boundary: start on one.
  await page.getByRole('button', { name: 'Forward one read cycle', exact: true }).click();
  await main.waitIdle();
  for (const [forward, back] of [
    ['Forward one event', 'Back one event'],
    ['Forward one read cycle', 'Back one read cycle'],
  ] as const) {
    const before = await main.stateText();
    const at = await main.position();
    await page.getByRole('button', { name: forward, exact: true }).click();
    await main.waitIdle();
    expect(await main.position()).toBeGreaterThan(at);
    expect(await main.stateText()).not.toEqual(before);
    await page.getByRole('button', { name: back, exact: true }).click();
    await main.waitIdle();
    expect(await main.position()).toBe(at);
    expect(await main.stateText()).toEqual(before);
  }
  expect(errors).toEqual([]);
});

test('the lanes diverge where the model says', async ({ page }) => {
  const main = new MainPage(page);
  await main.goto('?scenario=reporter');
  const { index: k, events } = firstDifference('reporter', ['2.6.14', '2.6.20']);
  expect(events[0] ?? events[1]).toBeDefined();

  await expect(main.divergence).toHaveAttribute('data-divergence', /^\d+$/);
  const tick = page.locator('.markers [data-kind="divergence"]');
  const divergence = Number(await main.divergence.getAttribute('data-divergence'));
  await expect(tick).toHaveAttribute('data-position', String(divergence));
  await main.divergence.getByRole('button', { name: 'Go there' }).click();
  await main.waitIdle();
  expect(await main.position()).toBe(divergence);
  // At the divergence exactly one lane has applied its k-th event, the first that differs...
  const at = await main.lanePositions();
  expect(at.filter((p) => p > k)).toHaveLength(1);
  // ...and one event back, neither has: the lanes still tell the same story.
  await page.getByRole('button', { name: 'Back one event', exact: true }).click();
  await main.waitIdle();
  const before = await main.lanePositions();
  expect(before.every((p) => p <= k)).toBe(true);
  const t = Math.min(events[0]?.t ?? Infinity, events[1]?.t ?? Infinity);
  expect(t).toBeGreaterThan(0);
});

test('the sliders change the run, clamping what cannot run', async ({ page }) => {
  const errors = collectErrors(page);
  const main = new MainPage(page);
  await main.goto();
  await main.selectPreset('lesson');
  await expect(page.locator('.settings-row .field output').first()).toHaveText('6');

  // Six peers, max-clients 8: move the peer slider up past 8.
  let runs = await main.runs();
  await main.peers.focus();
  for (let i = 0; i < 3; i++) await main.peers.press('ArrowRight');
  await main.waitReloaded(runs);
  const peers = Number(
    await main.peers.getAttribute('aria-valuetext').then((t) => t!.split(' ')[0]),
  );
  expect(peers).toBeGreaterThan(8);
  await expect(main.notes.first()).toContainText(`max-clients raised to ${peers}`);
  await expect(main.preset).toHaveValue('');

  // The batch cannot exceed the peers: the slider stops at the peer count.
  await expect(main.batch).toHaveAttribute('max', String(peers));

  await main.focusPage();
  await page.keyboard.press('End');
  await main.waitIdle();
  expect(await main.mode()).toBe('ended');
  const base = scenarioSettings('lesson');
  const expected = SCENARIOS.lesson!.lanes.map(
    (variant) => runToEnd({ ...base, peers, maxClients: peers, variant }).summary,
  );
  await expectCounts(main, expected);
  expect(expected[0]!.emitted).toBe(peers);

  // Load by its level names. At the end of the run, the re-run keeps the simulated moment.
  runs = await main.runs();
  await main.load.focus();
  await main.load.press('End');
  await expect(page.locator('.settings-row .field output').nth(2)).toHaveText('saturated');
  await expect.poll(() => main.runs(), { timeout: 5_000 }).toBeGreaterThan(runs);
  await main.waitIdle();
  expect(await main.position()).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});

test('the keyboard drives the player', async ({ page }) => {
  const errors = collectErrors(page);
  const main = new MainPage(page);
  await main.goto();
  await main.focusPage();

  await page.keyboard.press('ArrowRight');
  await main.waitIdle();
  const one = await main.position();
  expect(one).toBeGreaterThan(0);
  await page.keyboard.press('ArrowLeft');
  await main.waitIdle();
  expect(await main.position()).toBe(0);
  await page.keyboard.press('Shift+ArrowRight');
  await main.waitIdle();
  const cycle = await main.position();
  expect(cycle).toBeGreaterThan(0);
  await page.keyboard.press('Shift+ArrowRight');
  await main.waitIdle();
  expect(await main.position()).toBeGreaterThan(cycle);
  await page.keyboard.press('Shift+ArrowLeft');
  await main.waitIdle();
  expect(await main.position()).toBe(cycle);
  await page.keyboard.press('Home');
  await main.waitIdle();

  await page.keyboard.press('Space');
  await expect(main.readout).toHaveAttribute('data-mode', 'playing');
  await page.keyboard.press('Space');
  await main.waitIdle();
  expect(await main.mode()).toBe('paused');

  await page.keyboard.press('n');
  await main.waitIdle();
  const loss = await main.position();
  expect(loss).toBeGreaterThan(0);
  await page.keyboard.press('End');
  await main.waitIdle();
  expect(await main.mode()).toBe('ended');
  await page.keyboard.press('Home');
  await main.waitIdle();
  expect(await main.position()).toBe(0);

  // Sliders keep their own arrows: the speed changes, the position does not.
  const speed = await main.speed.inputValue();
  await main.speed.focus();
  await page.keyboard.press('ArrowLeft');
  expect(await main.speed.inputValue()).not.toBe(speed);
  expect(await main.position()).toBe(0);

  // `?` opens the key map; Esc closes it and gives the focus back.
  const opener = page.getByRole('button', { name: 'Keyboard shortcuts' });
  await opener.focus();
  await page.keyboard.press('?');
  await expect(main.keymap).toBeVisible();
  await expect(main.keymap).toContainText('jump to the next lost notification');
  expect(await seriousAxeViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(main.keymap).toBeHidden();
  await expect(opener).toBeFocused();
  expect(errors).toEqual([]);
});

test('dark theme, reduced motion and a 1024 px window', async ({ page }) => {
  const errors = collectErrors(page);
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await page.setViewportSize({ width: 1024, height: 768 });
  const main = new MainPage(page);
  await main.goto();
  await expect(page.locator('html')).toHaveAttribute('data-motion', 'reduced');
  await page.getByRole('button', { name: 'Next loss' }).click();
  await main.waitIdle();
  // Nothing wider than the window.
  const overflow = await page
    .locator('html')
    .evaluate((html) => html.scrollWidth - html.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'test-results/main-view-dark.png' });
  expect(await seriousAxeViolations(page)).toEqual([]);

  // The theme picker (in the Display menu) overrides the system.
  await page.getByText('Display', { exact: true }).click();
  await page.getByLabel('Theme').selectOption('light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.screenshot({ path: 'test-results/main-view-1024-light.png' });
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('shows an error panel when the worker reports an error', async ({ page }) => {
  // Replace the worker with one that refuses every request the way the real one reports errors.
  await page.route(/sim\.worker/, (route) =>
    route.fulfill({
      contentType: 'text/javascript',
      body: `self.onmessage = (e) => self.postMessage({ v: e.data.v, id: e.data.id, type: 'error',
        requestType: e.data.type, message: e.data.type + ': injected failure' });`,
    }),
  );
  const main = new MainPage(page);
  await page.goto('./');
  await expect(main.errorPanel).toBeVisible();
  await expect(main.errorPanel).toContainText('The simulation failed');
  await expect(main.errorPanel).toContainText('init: injected failure');
  await expect(main.readout).toHaveAttribute('data-mode', 'error');
  await expect(main.playButton).toBeDisabled();
  expect(await seriousAxeViolations(page)).toEqual([]);
});
