/**
 * Links a careless or hostile reader could open: parameter names that are also the names of
 * Object.prototype's members. Each is listed as ignored, by name, and the page stays usable
 * (it blanked the page with React error #31, or named a function, before).
 */
import { expect, test } from '@playwright/test';
import { collectErrors, MainPage } from './mainPage.ts';

for (const param of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
  test(`a link with ?${param}= is listed as an unknown parameter and the page plays`, async ({
    page,
  }) => {
    const errors = collectErrors(page);
    const main = new MainPage(page);
    await main.goto(`?${param}=x&peers=6`);
    await expect(page.getByText(`unknown parameter "${param}"`)).toBeVisible();
    await expect(page.getByText(/function Object|\[object Object\]/)).toHaveCount(0);
    await main.playButton.click();
    await expect.poll(() => main.position()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
}
