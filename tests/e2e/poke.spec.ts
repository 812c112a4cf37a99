/**
 * Direct manipulation: expire a kernel peer by hand at the moment shown (by number, or by
 * clicking its cell), and pause at each loss while playing.
 */
import { expect, test } from '@playwright/test';
import { MainPage, collectErrors } from './mainPage.ts';

test('expire a peer by hand: the run keeps its moment, the link carries it, the kernel expires it', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const main = new MainPage(page);
  await page.goto('./?scenario=overwrite&step=1');
  await main.waitIdle();
  const where = page.locator('.readout .where');
  const before = await where.textContent();
  expect(before).toMatch(/5\.000 s/);
  const form = page.getByRole('form', { name: 'Expire a peer by hand' });
  await form.getByLabel('Expire peer').fill('3');
  await form.getByRole('button', { name: 'now' }).click();
  await expect(page).toHaveURL(/[?&]expire=3(%40|@)5(&|$)/);
  await expect(form).toContainText('Expired by hand: peer 3 at 5.000 s.');
  await main.waitIdle();
  await expect(where).toContainText('5.000 s');
  // The kernel expired peer 3 at that moment; the next step sends its DEL_PEER.
  await page.getByRole('button', { name: 'Forward one event' }).click();
  await main.waitIdle();
  await expect(page.locator('.narration').first()).toContainText(/DEL_PEER #1 for peer 3/);

  // A click on a cell of the kernel peer table expires that peer at the moment shown.
  const grid = page.locator('.lane').first().locator('.v-peers .v-grid-area');
  const box = (await grid.boundingBox())!;
  await grid.click({ position: { x: 3, y: 3 } });
  expect(box.width).toBeGreaterThan(0);
  await expect(page).toHaveURL(/[?&]expire=3(%40|@)5(%2C|,)0(%40|@)5\.\d+(&|$)/);
  await expect(form).toContainText('peer 0 at 5.');
  await form.getByRole('button', { name: 'Clear' }).click();
  await expect(page).not.toHaveURL(/expire=/);
  expect(errors).toEqual([]);
});

test('pause at each loss: playing stops on the first lost DEL_PEER', async ({ page }) => {
  const main = new MainPage(page);
  await page.goto('./?scenario=overwrite&speed=10000');
  await main.waitIdle();
  await page.getByLabel('Pause at each loss').check();
  await main.playButton.click();
  await expect(main.readout).toHaveAttribute('data-mode', 'paused', { timeout: 30_000 });
  // Paused on a loss, well before the end: the lost tray of the left lane has its first token.
  const position = await main.position();
  const length = Number(await main.readout.getAttribute('data-length'));
  expect(position).toBeGreaterThan(0);
  expect(length === 0 || position < length).toBe(true);
  await expect(page.locator('.narration').first()).toContainText(/overwrit|wipe/);
});

test('mid-burst, aligned by notification: a settings change keeps the moment shown, not the later lane clock', async ({
  page,
}) => {
  const main = new MainPage(page);
  await page.goto('./?scenario=overwrite&step=62');
  await main.waitIdle();
  expect(await main.position()).toBe(62);
  const runs = await main.runs();
  const [laneA] = await main.lanePositions();
  // Peer 0 is gone from the left lane's kernel by then, so its run is the same and it stays at
  // the same event; the pair stays at that moment instead of jumping to the end of the run.
  const form = page.getByRole('form', { name: 'Expire a peer by hand' });
  await form.getByLabel('Expire peer').fill('0');
  await form.getByRole('button', { name: 'now' }).click();
  await expect.poll(() => main.runs(), { timeout: 10_000 }).toBeGreaterThan(runs);
  await main.waitIdle();
  expect((await main.lanePositions())[0]).toBe(laneA);
  expect(Math.abs((await main.position()) - 62)).toBeLessThanOrEqual(3);
  // Switching the order keeps the moment too (a position means another moment in the other order).
  const lanesBefore = await main.lanePositions();
  await page.getByLabel('Align by').selectOption('time');
  await expect(page).toHaveURL(/[?&]align=time(&|$)/);
  await main.waitIdle();
  const lanesAfter = await main.lanePositions();
  expect(lanesAfter[0]).toBe(lanesBefore[0]);
});
