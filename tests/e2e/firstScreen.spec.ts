/**
 * The first screen: with no parameters the page opens on the overwrite story (2.7 before the fix
 * vs 2.7, six peers), and both lanes' stages sit side by side inside the first viewport at
 * 1440x900, 1280x720 and 1000x700 (the embed's size too). The story buttons switch runs with one
 * click, and moving a slider keeps the simulated moment.
 */
import { expect, test, type Page } from '@playwright/test';
import { SCENARIOS } from '../../src/model/index.ts';
import { MainPage, collectErrors } from './mainPage.ts';

const stages = (page: Page) => page.locator('.v-stage');

/** Both stages are in the viewport, side by side (same top, one left of the other). */
async function expectStagesInView(page: Page): Promise<void> {
  await expect(stages(page)).toHaveCount(2);
  const viewport = page.viewportSize()!;
  const boxes = await stages(page).evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, right: r.right, bottom: r.bottom };
    }),
  );
  const [a, b] = boxes as [(typeof boxes)[0], (typeof boxes)[0]];
  for (const box of [a, b]) {
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.bottom).toBeLessThanOrEqual(viewport.height);
    expect(box.right).toBeLessThanOrEqual(viewport.width);
  }
  expect(Math.abs(a.y - b.y)).toBeLessThan(2);
  expect(a.right).toBeLessThanOrEqual(b.x);
  // Nothing to scroll for: the page did not have to move to show them.
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
}

/** The readout's simulated time, in µs ("… · 12.345 s simulated"). */
async function readoutUs(main: MainPage): Promise<number> {
  const text = await main.readout.innerText();
  const m = /([\d,]+\.\d+) s simulated/.exec(text);
  if (!m) throw new Error(`no time in the readout: ${text}`);
  return Math.round(Number(m[1]!.replace(/,/g, '')) * 1e6);
}

for (const [width, height] of [
  [1440, 900],
  [1280, 720],
  [1000, 700],
] as const) {
  test(`at ${width}x${height} both stages are in the first screen, side by side`, async ({
    page,
  }) => {
    const errors = collectErrors(page);
    await page.setViewportSize({ width, height });
    const main = new MainPage(page);
    await main.goto();
    await expectStagesInView(page);
    await expect(main.peers).toBeInViewport();
    await expect(main.batch).toBeInViewport();
    await expect(main.load).toBeInViewport();
    await expect(page.getByRole('button', { name: 'Start the tour' })).toBeInViewport();
    expect(errors).toEqual([]);
  });
}

test('the embed at 1000x700 shows both stages side by side', async ({ page }) => {
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.goto('./embed.html');
  await expect(page.locator('.readout')).toHaveAttribute('data-mode', /^(ready|paused|ended)$/);
  await expectStagesInView(page);
});

test('the default page is the overwrite story, and its run loses a DEL_PEER to the slot', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const main = new MainPage(page);
  await main.goto();
  expect(await main.laneHeaders()).toEqual(['2.7-prefix', '2.7']);
  await expect(page.locator('.stories [aria-pressed="true"]')).toHaveText(
    SCENARIOS.overwrite!.story!.label,
  );
  await expect(page.locator('.caption')).toHaveText(SCENARIOS.overwrite!.story!.caption);
  await page.getByRole('button', { name: 'Next loss' }).click();
  await main.waitIdle();
  expect(await main.position()).toBeGreaterThan(0);
  // The first loss is lane 0's: ovpn_handle_msg overwrites an unprocessed DEL_PEER in the slot.
  await expect(page.locator('.narration[data-lane="0"]')).toContainText(
    'overwrites the unprocessed',
  );
  await expect(page.locator('.narration[data-lane="1"]')).not.toContainText('overwrites');
  // End of the run: the CLI's counts (4 overwritten, 1 wiped, 5 ghosts; 2.7 processes all 6).
  await main.focusPage();
  await page.keyboard.press('End');
  await main.waitIdle();
  await expect(main.cell('overwritten', 0)).toHaveText('4');
  await expect(main.cell('wiped', 0)).toHaveText('1');
  await expect(main.cell('ghosts', 0)).toHaveText('5');
  await expect(main.cell('processed', 1)).toHaveText('6');

  // One click to the other stories.
  for (const name of ['lesson', 'reporter'] as const) {
    const runs = await main.runs();
    await page.getByRole('button', { name: SCENARIOS[name]!.story!.label }).click();
    await main.waitReloaded(runs);
    expect(await main.laneHeaders()).toEqual(SCENARIOS[name]!.lanes);
    await expect(main.preset).toHaveValue(name);
    await expect(page.locator('.caption')).toHaveText(SCENARIOS[name]!.story!.caption);
  }
  expect(errors).toEqual([]);
});

test('a slider change keeps the simulated moment', async ({ page }) => {
  const main = new MainPage(page);
  await main.goto('?scenario=reporter');
  await page.getByRole('button', { name: 'Next loss' }).click();
  await main.waitIdle();
  const before = await readoutUs(main);
  expect(before).toBeGreaterThan(0);
  const runs = await main.runs();
  await main.load.focus();
  await main.load.press('ArrowLeft');
  await expect.poll(() => main.runs(), { timeout: 5_000 }).toBeGreaterThan(runs);
  await main.waitIdle();
  const after = await readoutUs(main);
  // Just after every event at or before that time: the same moment, or the next step's.
  expect(Math.abs(after - before)).toBeLessThan(1_000_000);
  expect(await main.position()).toBeGreaterThan(0);
});

test('auto batch says the burst size it got', async ({ page }) => {
  const main = new MainPage(page);
  await main.goto('?scenario=reporter');
  const output = page.locator('.settings-row output[data-auto-batch]');
  await expect(output).toHaveText(/^auto \([\d,]+( \/ [\d,]+)?\)$/);
});
