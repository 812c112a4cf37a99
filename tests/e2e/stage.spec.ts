/**
 * The stages at the top of the lanes: tokens in the socket queue, the lost tray after the
 * overwrite, tokens gliding while playing, the same picture after stepping forward and back,
 * the stations as links to their panels, and no axe violations.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { MainPage, collectErrors } from './mainPage.ts';

test.use({ viewport: { width: 1000, height: 700 } });

const URL = './?scenario=lesson&lanes=2.7-prefix,2.7';

function stage(page: Page, lane: number) {
  return page.locator(`.v-stage[data-lane="${lane}"]`);
}

async function stepUntil(
  main: MainPage,
  done: () => Promise<boolean>,
  maxSteps = 120,
): Promise<void> {
  const forward = main.page.getByRole('button', { name: 'Forward one event' });
  for (let k = 0; k < maxSteps; k++) {
    if (await done()) return;
    await forward.click();
    await main.waitIdle();
  }
  expect(await done(), 'condition reached while stepping').toBe(true);
}

/** The stages' markup once every glide has ended. */
async function stagesAtRest(page: Page): Promise<string> {
  await expect(page.locator('.v-tokens-leaving > *')).toHaveCount(0);
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.v-stage [data-token]')].every(
      (el) => el.getAnimations().length === 0,
    ),
  );
  return page.locator('.v-stages').evaluate((el) => el.outerHTML);
}

test('lesson 2.7-prefix vs 2.7: tokens, the lost tray, ghosts, a stable picture', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const main = new MainPage(page);
  // just before the kernel sends the burst of DEL_PEER notifications
  await page.goto(`${URL}&step=16`);
  await main.waitIdle();
  await expect(page.locator('.v-stage')).toHaveCount(2);
  // side by side at 1000 px
  const [a, b] = await Promise.all([stage(page, 0).boundingBox(), stage(page, 1).boundingBox()]);
  expect(a!.y).toBe(b!.y);
  expect(a!.x + a!.width).toBeLessThanOrEqual(b!.x);

  // (a) a DEL_PEER token with its peer id waits in the socket queue
  const queuedDel = stage(page, 0).locator('[data-token][data-place="socket"][data-kind="del"]');
  await stepUntil(main, async () => (await queuedDel.count()) > 0);
  await expect(queuedDel.first()).toHaveText(/^p\d+$/);
  const ghostsBefore = Number(await stage(page, 0).getAttribute('data-ghosts'));
  // nearer the overwrite (stepping one event at a time is slow on a busy machine)
  await page.goto(`${URL}&step=45`);
  await main.waitIdle();
  expect(Number(await stage(page, 0).getAttribute('data-ghosts'))).toBe(ghostsBefore);

  // (b) after the overwrite: lane 0's tray holds overwritten tokens, a ghost more; lane 1 none
  const overwritten = stage(page, 0).locator(
    '[data-token][data-place="tray"][data-outcome="overwritten"]',
  );
  await stepUntil(main, async () => (await overwritten.count()) > 0);
  await expect(overwritten.first()).toHaveText(/^p\d+$/);
  await expect(stage(page, 0).locator('.v-tray-group[data-outcome="overwritten"]')).toHaveText(
    /overwritten \d+:/,
  );
  expect(Number(await stage(page, 0).getAttribute('data-ghosts'))).toBeGreaterThan(ghostsBefore);
  await expect(stage(page, 1).locator('[data-token][data-place="tray"]')).toHaveCount(0);
  await expect(stage(page, 1)).toHaveAttribute('data-lost', '0');
  await expect(stage(page, 1)).toHaveAttribute('data-ghosts', '0');

  // (d) forward then back: the same stage markup as before
  const before = await stagesAtRest(page);
  await page.getByRole('button', { name: 'Forward one event' }).click();
  await main.waitIdle();
  const after = await stagesAtRest(page);
  expect(after).not.toBe(before);
  await page.getByRole('button', { name: 'Back one event' }).click();
  await main.waitIdle();
  expect(await stagesAtRest(page)).toBe(before);

  // (f) axe: nothing serious on the stages
  const axe = await new AxeBuilder({ page }).include('.v-stages').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // (e) a station takes the reader to its panel, focused
  const socketButton = stage(page, 0).locator('button[data-station="socket"]');
  await expect(socketButton).toHaveAccessibleName(/^socket queue: .*(waiting|KiB|B)/);
  await socketButton.click();
  const panel = page.locator('#lane0-socket');
  await expect(panel).toBeFocused();
  await expect(panel).toBeInViewport();
  // keyboard too
  const sockets = stage(page, 1).locator('button[data-station="multi"]');
  await sockets.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#lane1-multi')).toBeFocused();
  expect(errors).toEqual([]);
});

test('tokens glide while playing', async ({ page }) => {
  const main = new MainPage(page);
  await page.goto(`${URL}&step=16`);
  await main.waitIdle();
  await main.playButton.click();
  // (c) some token's on-screen position changes between two frames
  await expect
    .poll(
      async () => {
        const read = () =>
          page.evaluate(() =>
            Object.fromEntries(
              [...document.querySelectorAll('.v-stage [data-token]')].map((el) => {
                const r = el.getBoundingClientRect();
                return [
                  `${el.closest('.v-stage')?.getAttribute('data-lane')}:${el.getAttribute('data-token')}`,
                  [r.x, r.y],
                ];
              }),
            ),
          );
        const one = await read();
        await page.waitForTimeout(40);
        const two = await read();
        return Object.keys(one).some((id) => {
          const p = one[id]!;
          const q = two[id];
          return (
            q !== undefined && (Math.abs(p[0]! - q[0]!) > 0.5 || Math.abs(p[1]! - q[1]!) > 0.5)
          );
        });
      },
      { timeout: 20_000, intervals: [0] },
    )
    .toBe(true);
});

test('reduced motion: no glide, the picture at once', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const main = new MainPage(page);
  await page.goto(`${URL}&step=40`);
  await main.waitIdle();
  await page.getByRole('button', { name: 'Forward one event' }).click();
  await main.waitIdle();
  const animating = await page.evaluate(
    () =>
      [...document.querySelectorAll('.v-stage [data-token]')].filter(
        (el) => el.getAnimations().length > 0,
      ).length,
  );
  expect(animating).toBe(0);
  await expect(page.locator('.v-tokens-leaving > *')).toHaveCount(0);
});

test('reporter: at the first loss the kernel of 2.6.14 shows its CPUs and the grace period', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const main = new MainPage(page);
  await main.goto('?scenario=reporter');
  await page.getByRole('button', { name: 'Next loss' }).click();
  await main.waitIdle();
  expect(await main.position()).toBeGreaterThan(0);
  const left = stage(page, 0);
  await expect(left).toHaveAttribute('data-variant', '2.6.14');
  expect(Number(await left.getAttribute('data-lost'))).toBeGreaterThan(0);

  // a row per receive CPU (4), each with its hogs (stress-ng --cpu 64 on 16 CPUs: 4 each)
  const rows = left.locator('.v-kwork .v-cpu-row');
  await expect(rows).toHaveCount(4);
  expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-cpu')))).toEqual([
    '0',
    '1',
    '2',
    '3',
  ]);
  for (const row of await rows.all()) await expect(row.locator('.v-hog')).toHaveCount(4);
  // under that load the deletions queue up behind the hogs
  const queued = await rows.evaluateAll((els) =>
    els.reduce((n, e) => n + Number(e.getAttribute('data-queued')), 0),
  );
  expect(queued).toBeGreaterThan(0);

  // the grace period: its number and what its end releases
  const gp = left.locator('.v-gp');
  await expect(gp).toHaveAttribute('data-gp', /^(running|starting|ended)$/);
  await expect(gp).toContainText(/(grace period|GP) #\d+/);

  // rows and box lie inside the kernel station, above its bottom
  const station = await left
    .locator('.v-station[data-station="kernel"] .v-station-box')
    .boundingBox();
  for (const el of [rows.first(), rows.last(), gp]) {
    const b = (await el.boundingBox())!;
    expect(b.x).toBeGreaterThanOrEqual(station!.x);
    expect(b.x + b.width).toBeLessThanOrEqual(station!.x + station!.width + 0.5);
    expect(b.y).toBeGreaterThanOrEqual(station!.y);
    expect(b.y + b.height).toBeLessThanOrEqual(station!.y + station!.height + 0.5);
  }

  // in words too: the station's button and the stage's description
  await expect(left.locator('button[data-station="kernel"]')).toHaveAccessibleName(
    /delete work on 4 CPUs \(64 CPU hogs on 16 CPUs\): CPU 0 \(4 hogs.*grace period #\d+/,
  );
  await expect(left.locator('svg desc')).toContainText(/Kernel \(ovpn-dco\): .* grace period #\d+/);
  // and the kernel panel's table lists the same CPUs
  await expect(page.locator('#lane0-kernel table.v-cpu-table tbody tr')).toHaveCount(4);
  const axe = await new AxeBuilder({ page })
    .include('.v-stages')
    .include('#lane0-kernel')
    .analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  expect(errors).toEqual([]);
});
