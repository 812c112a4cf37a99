/**
 * The run budget in the page and the embed: links that crashed the tab at about 4 GB (10,000
 * peers, a long run) now open, stop each lane at the event budget with a marker and a note,
 * and the page stays usable: it steps, seeks to the end and back.
 */
import { expect, test, type Page } from '@playwright/test';
import { collectErrors, MainPage } from './mainPage.ts';

const HUGE = 'peers=10000&max-clients=10000&rcvbuf=268435456';
const LINKS = [
  // the audit's first crash link, as it was (model version 3)
  `?mv=3&lanes=2.6.14,2.6.14&${HUGE}&until=2000`,
  // a status dump every second for a day: the run that took the CLI 80 minutes
  `?lanes=2.6.14,2.6.20&${HUGE}&status-interval=1&until=86400&align=time`,
];

/** Waits for the note under the scrubber and returns it (the runs take a while to learn). */
async function budgetNote(page: Page): Promise<string> {
  const note = page.locator('.budget-note');
  await expect(note).toBeVisible({ timeout: 90_000 });
  return note.innerText();
}

for (const link of LINKS) {
  test(`seed 1: ${link} stops at the event budget with a marker and a note, and the page stays usable`, async ({
    page,
  }) => {
    test.setTimeout(180_000);
    const errors = collectErrors(page);
    const main = new MainPage(page);
    await main.goto(link);
    const note = await budgetNote(page);
    expect(note).toMatch(/stopped at [\d,]+ events: budget/);
    expect(note).toContain('a run may emit at most 500,000 events');
    const cuts = page.locator('.markers li[data-kind="budget"]');
    await expect(cuts).toHaveCount(2);
    // usable: a step forward moves, the end is the budget's end, the start comes back
    await page.getByRole('button', { name: 'Forward one event' }).click();
    await expect.poll(() => main.position(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Go to the end' }).click();
    await expect(main.readout).toHaveAttribute('data-mode', 'ended', { timeout: 60_000 });
    const end = await main.position();
    expect(end).toBeGreaterThanOrEqual(1_000_000);
    await page.getByRole('button', { name: 'Go to the start' }).click();
    await expect.poll(() => main.position(), { timeout: 30_000 }).toBe(0);
    await expect(main.errorPanel).toHaveCount(0);
    expect(errors).toEqual([]);
  });
}

test('seed 1: the embed opens the crash link too and says where the run was cut', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const errors = collectErrors(page);
  await page.goto(`./embed.html?lanes=2.6.14,2.6.20&${HUGE}&reconnect=1&until=2000`);
  const note = await budgetNote(page);
  expect(note).toMatch(/2\.6\.14 stopped at [\d,]+ events: budget/);
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(errors).toEqual([]);
});
