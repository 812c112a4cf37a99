/**
 * Links, tour chapters, trace imports and the sweeps page's "open this run" land at their
 * target with one load: the page sends its worker one `init` that carries the target (or, for a
 * run already loaded, one `seek`), never an init at the start followed by a seek, and never a
 * second init after the sliders' debounce.
 */
import { expect, test } from '@playwright/test';
import { CHAPTERS } from '../../src/app/tour/chapters.ts';
import {
  MainPage,
  clearMoves,
  collectErrors,
  recordWorkerRequests,
  sentMoves,
} from './mainPage.ts';

test('a link to a step opens there with one init that carries the step', async ({ page }) => {
  const errors = collectErrors(page);
  await recordWorkerRequests(page);
  const main = new MainPage(page);
  await page.goto('./?scenario=lesson&step=40');
  await main.waitIdle();
  // Long enough for the sliders' debounce (250 ms) to have re-run the pair, if it were going to.
  await page.waitForTimeout(600);
  const moves = await sentMoves(page);
  expect(moves).toHaveLength(1);
  expect(moves[0]).toMatchObject({ type: 'init', target: { kind: 'position', position: 40 } });
  expect(await main.position()).toBeGreaterThanOrEqual(40);
  expect(await main.mode()).toBe('paused');
  await expect(page).toHaveURL(/[?&]step=4\d(&|$)/);
  expect(errors).toEqual([]);
});

test('a link with a speed and an alignment opens with one init in that order, at that speed', async ({
  page,
}) => {
  await recordWorkerRequests(page);
  const main = new MainPage(page);
  await page.goto('./?scenario=lesson&step=20&align=time&speed=4');
  await main.waitIdle();
  await page.waitForTimeout(600);
  const moves = await sentMoves(page);
  expect(moves).toHaveLength(1);
  expect(moves[0]).toMatchObject({
    type: 'init',
    align: 'time',
    target: { kind: 'position', position: 20 },
  });
  await expect(page).toHaveURL(/[?&]speed=4(&|$)/);
  await expect(page).toHaveURL(/[?&]align=time(&|$)/);
});

test('a tour chapter lands on its event; the next chapter with other settings is one init at its event', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await recordWorkerRequests(page);
  const main = new MainPage(page);
  const [first, second] = [CHAPTERS[0]!, CHAPTERS[1]!];
  expect(JSON.stringify(second.settings)).not.toBe(JSON.stringify(first.settings));
  await page.goto(`./?tour=${first.id}`);
  const panel = page.locator('section.tour-panel');
  await expect(panel).toHaveAttribute('data-status', 'ready', { timeout: 45_000 });
  await main.waitIdle();
  // The page boots on the chapter's run; the chapter then moves it to its event: one seek.
  const boot = await sentMoves(page);
  expect(boot.map((m) => m.type)).toEqual(['init', 'seek']);
  expect(boot[1]!.target).toMatchObject({
    kind: 'event',
    what: (first.target as { what: string }).what,
  });

  await clearMoves(page);
  await page.getByRole('button', { name: 'Next →' }).click();
  await expect(panel).toHaveAttribute('data-chapter', second.id);
  await expect(panel).toHaveAttribute('data-status', 'ready', { timeout: 45_000 });
  await main.waitIdle();
  await page.waitForTimeout(600);
  const next = await sentMoves(page);
  expect(next).toHaveLength(1);
  expect(next[0]).toMatchObject({
    type: 'init',
    target: { kind: 'event', what: (second.target as { what: string }).what },
  });
  const landed = await page.locator('.tour-panel .tour-status').getAttribute('data-position');
  expect(String(await main.position())).toBe(landed);
});
