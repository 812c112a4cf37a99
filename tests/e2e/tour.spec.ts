/**
 * The guided tour: every chapter opens by its own link and stops at its target event; Back and
 * Next move between chapters and rewrite the link; Leave keeps the run and the position.
 */
import { expect, test, type Page } from '@playwright/test';
import { CHAPTERS } from '../../src/app/tour/chapters.ts';
import { MainPage, collectErrors, enforceStrictCsp } from './mainPage.ts';

const panel = (page: Page) => page.locator('section.tour-panel');
const status = (page: Page) => page.locator('.tour-panel .tour-status');

async function expectChapter(page: Page, id: string): Promise<void> {
  const chapter = CHAPTERS.find((c) => c.id === id)!;
  await expect(panel(page)).toHaveAttribute('data-chapter', id);
  await expect(panel(page)).toHaveAttribute('data-status', 'ready', { timeout: 45_000 });
  await expect(page.getByRole('heading', { level: 2, name: chapter.title })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`[?&]tour=${id}(&|$)`));
  const main = new MainPage(page);
  await main.waitIdle();
  // The player stands where the tour put it.
  const pos = await status(page).getAttribute('data-position');
  expect(String(await main.position())).toBe(pos);
  if (chapter.target === 'start') {
    expect(pos).toBe('0');
    return;
  }
  await expect(status(page)).toHaveAttribute('data-landed-what', chapter.target.what);
  if (chapter.target.outcome) {
    await expect(status(page)).toHaveAttribute('data-landed-outcome', chapter.target.outcome);
  }
  await expect(status(page)).toContainText('Stopped just after');
  expect(Number(pos)).toBeGreaterThan(0);
  // The lanes are the chapter's.
  expect(await main.laneHeaders()).toEqual(chapter.lanes);
  // The station the words talk about is highlighted on the stages, and in view on its lane.
  const lane = chapter.target.lane;
  const station = page.locator(`.v-stage [data-station="${chapter.station}"]`);
  await expect(station.nth(lane)).toHaveClass(/\bis-focus\b/);
  await expect(station.nth(lane)).toBeInViewport();
}

test.describe('guided tour', () => {
  test.setTimeout(240_000);

  test('every chapter loads by its link and lands on its target', async ({ page }) => {
    const errors = collectErrors(page);
    await enforceStrictCsp(page);
    for (const [i, c] of CHAPTERS.entries()) {
      await page.goto(`./?tour=${c.id}`);
      await expectChapter(page, c.id);
      await expect(page.locator('.tour-progress')).toHaveText(
        `Guided tour · chapter ${i + 1} of ${CHAPTERS.length}`,
      );
      await expect(page.locator('.tour-lookat')).toContainText(c.lookAt);
      // The address stays the chapter's link (the link sync leaves a tour's address alone).
      await page.waitForTimeout(500);
      await expect(page).toHaveURL(new RegExp(`\\?tour=${c.id}$`));
    }
    expect(errors).toEqual([]);
  });

  test('Next and Back move between chapters and update the link', async ({ page }) => {
    await page.goto(`./?tour=${CHAPTERS[0]!.id}`);
    await expectChapter(page, CHAPTERS[0]!.id);
    const back = page.getByRole('button', { name: '← Back' });
    const next = page.getByRole('button', { name: 'Next →' });
    await expect(back).toBeDisabled();
    await next.click();
    await expectChapter(page, CHAPTERS[1]!.id);
    await next.click();
    await expectChapter(page, CHAPTERS[2]!.id);
    await back.click();
    await expectChapter(page, CHAPTERS[1]!.id);
    // The browser's own Back returns to the chapter before, too.
    await page.goBack();
    await expectChapter(page, CHAPTERS[2]!.id);
    // The chapter list jumps, by keyboard as well.
    const last = CHAPTERS[CHAPTERS.length - 1]!;
    const before = CHAPTERS[CHAPTERS.length - 2]!;
    await page.getByRole('navigation', { name: 'Tour chapters' }).getByText(before.title).focus();
    await page.keyboard.press('Enter');
    await expectChapter(page, before.id);
    // Next by keyboard to the last chapter: Next is disabled there, focus goes to the title.
    await next.focus();
    await page.keyboard.press('Enter');
    await expectChapter(page, last.id);
    await expect(next).toBeDisabled();
    await expect(page.getByRole('heading', { level: 2, name: last.title })).toBeFocused();
  });

  test('the header opens the tour, and Leave keeps the run and position', async ({ page }) => {
    const main = new MainPage(page);
    await main.goto();
    await expect(panel(page)).toHaveCount(0);
    await page.getByRole('button', { name: 'Start the tour' }).click();
    await expectChapter(page, CHAPTERS[0]!.id);
    await page.getByRole('button', { name: 'Next →' }).click();
    await page.getByRole('button', { name: 'Next →' }).click();
    await page.getByRole('button', { name: 'Next →' }).click();
    const id = CHAPTERS[3]!.id;
    await expectChapter(page, id);
    const position = await main.position();
    const lanes = await main.laneHeaders();
    await page.getByRole('button', { name: 'Leave tour' }).click();
    await expect(panel(page)).toHaveCount(0);
    // Leaving clears the highlight.
    await expect(page.locator('.v-stage .is-focus')).toHaveCount(0);
    await expect(page).not.toHaveURL(/tour=/);
    await expect(page).toHaveURL(new RegExp(`[?&]step=${position}(&|$)`));
    expect(await main.position()).toBe(position);
    expect(await main.laneHeaders()).toEqual(lanes);
    // The reader explores from there: a step forward works from the chapter's position.
    await page.getByRole('button', { name: 'Forward one event' }).click();
    await main.waitIdle();
    expect(await main.position()).toBeGreaterThan(position);
  });

  test('an unknown chapter is reported, not opened', async ({ page }) => {
    await page.goto('./?tour=no-such-chapter');
    const note = page.getByRole('status').filter({ hasText: 'no tour chapter' });
    await expect(note).toBeVisible();
    await note.getByRole('button', { name: 'Start the tour' }).click();
    await expectChapter(page, CHAPTERS[0]!.id);
  });
});
