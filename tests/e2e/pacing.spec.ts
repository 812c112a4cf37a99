import { expect, test } from '@playwright/test';
import { MainPage, collectErrors } from './mainPage.ts';

/** The simulated seconds the readout shows ("… · 56.411 s simulated …"). */
async function shownSeconds(main: MainPage): Promise<number> {
  const text = await main.readout.locator('.where').innerText();
  const m = /([\d,.]+) s simulated/.exec(text);
  if (!m) throw new Error(`no simulated time in ${JSON.stringify(text)}`);
  return Number(m[1]!.replace(/,/g, ''));
}

test('the lesson plays by the teaching clock: 1× by default, the clock runs through the long wait', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const main = new MainPage(page);
  await main.goto('?scenario=lesson');
  await expect(page.locator('.speed output')).toHaveText('1× (≈ 1 notification read a second)');
  await expect(page.locator('.align select')).toHaveValue('notification');
  await main.playButton.click();
  // The firewall blocks at 5 s (one step per lane); the next step is at 56 s.
  await expect.poll(() => main.position(), { timeout: 10_000, intervals: [50] }).toBe(2);
  // Through that wait the clock runs while the lanes stand still.
  await expect
    .poll(() => shownSeconds(main), { timeout: 5_000, intervals: [50] })
    .toBeGreaterThan(10);
  expect(await main.position()).toBe(2);
  // Three seconds in, the lesson is far from over (it used to end in a tenth of a second).
  await page.waitForTimeout(1_000);
  expect(await main.mode()).toBe('playing');
  const length = Number(await main.readout.getAttribute('data-length'));
  expect(length).toBeGreaterThan(0);
  expect(await main.position()).toBeLessThan(length / 2);
  await main.playButton.click();
  await main.waitIdle();
  expect(errors).toEqual([]);
});

test('speed and alignment come from the link, and the address bar keeps them', async ({ page }) => {
  const errors = collectErrors(page);
  const main = new MainPage(page);
  await main.goto('?scenario=lesson&speed=4&align=time');
  await expect(page.locator('.speed output')).toHaveText('4× (≈ 4 notification reads a second)');
  await expect(page.locator('.align select')).toHaveValue('time');
  await main.focusPage();
  await page.keyboard.press('ArrowRight');
  await main.waitIdle();
  await expect.poll(() => new URL(page.url()).searchParams.get('speed')).toBe('4');
  expect(new URL(page.url()).searchParams.get('align')).toBe('time');
  // Back to the defaults: the address leaves the speed out; the order stays, since the link has
  // a step and a position counts in one order.
  await page.locator('.align select').selectOption('notification');
  await main.waitIdle();
  await main.sliderToEnd(main.speed);
  await main.speed.press('Home');
  await main.speed.focus();
  for (let i = 0; i < 5; i++) await main.speed.press('ArrowRight');
  await expect(page.locator('.speed output')).toHaveText(/^1× /);
  await expect.poll(() => new URL(page.url()).searchParams.has('speed')).toBe(false);
  const q = new URL(page.url()).searchParams;
  expect(Number(q.get('step'))).toBeGreaterThan(0);
  expect(q.get('align')).toBe('notification');

  // A bad speed is ignored, saying the value and the range.
  await main.goto('?scenario=lesson&speed=fast');
  await expect(page.locator('.ignored-params li[data-param="speed"]')).toContainText(
    'speed "fast" is not allowed: use a multiplier from 0.1× to 10,000×',
  );
  await expect(page.locator('.speed output')).toHaveText(/^1× /);
  expect(errors).toEqual([]);
});

test("a lane that finished says when; the clock is the running lane's", async ({ page }) => {
  const errors = collectErrors(page);
  const main = new MainPage(page);
  await main.goto('?scenario=overwrite');
  await page.getByRole('button', { name: 'Go to the end' }).click();
  await main.waitIdle();
  await page.getByRole('button', { name: 'Back one event' }).click();
  await main.waitIdle();
  const where = main.readout.locator('.where');
  await expect(where).toContainText(/· (2\.7-prefix|2\.7) finished at 140\.000 s$/);
  expect(await shownSeconds(main)).toBeLessThan(140);
  expect(errors).toEqual([]);
});

test("the embed's autoplay plays by the same clock, and takes speed=", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('./embed.html?scenario=lesson&autoplay=1');
  const readout = page.locator('.readout');
  await expect(readout).toHaveAttribute('data-mode', 'playing');
  await page.waitForTimeout(1_500);
  // Not over in its first frame: still playing, well before the end.
  await expect(readout).toHaveAttribute('data-mode', 'playing');
  await page.goto('./embed.html?scenario=lesson&autoplay=1&speed=10000');
  await expect(page.locator('.speed output')).toHaveText(/^10,000× /);
  await expect(readout).toHaveAttribute('data-mode', 'ended', { timeout: 15_000 });
  expect(errors).toEqual([]);
});
