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

test('numbers in a link are decimal: 0x10, 0b101 and Infinity are listed as ignored, 1e3 is read', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const main = new MainPage(page);
  await main.goto(
    '?scenario=lesson&seed=0x10&until=Infinity&speed=0b101&step=1e21&max-clients=1e1',
  );
  const box = page.locator('.ignored-params');
  await expect(box.locator('li[data-param="seed"]')).toHaveText(
    'seed=0x10: seed "0x10" is not a decimal number: use an integer from -2147483648 to 2147483647, written like 1024 or 1e3',
  );
  await expect(box.locator('li[data-param="until"]')).toContainText(
    'run length "Infinity" is not a decimal number',
  );
  await expect(box.locator('li[data-param="speed"]')).toContainText('speed "0b101" is not allowed');
  await expect(box.locator('li[data-param="step"]')).toHaveText(
    'step=1e21: step "1e21" is not allowed: use an integer from 0 to 9007199254740991',
  );
  // 1e1 is ten, read as the CLI reads it
  await expect(box.locator('li[data-param="max-clients"]')).toHaveCount(0);
  await expect.poll(() => new URL(page.url()).searchParams.get('max-clients')).toBe('10');
  expect(await main.position()).toBe(0);
  await main.playButton.click();
  await expect.poll(() => main.position()).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});

test('a huge parameter value is shown cut, with its length', async ({ page }) => {
  const main = new MainPage(page);
  // (a server takes about 16 KB of address: 1,500 characters, 4.5 KB escaped)
  await main.goto(`?scenario=lesson&zoom=${'<b>'.repeat(500)}`);
  const item = page.locator('.ignored-params li[data-param="zoom"]');
  await expect(item).toContainText('… (1500 characters)');
  expect((await item.innerText()).length).toBeLessThan(200);
  await expect(item.locator('b')).toHaveCount(0);
});

/** A host page with the iframe embed and a sibling frame that tries to drive it. */
async function hostWithSibling(page: import('@playwright/test').Page, query: string) {
  // a host page on the embed's origin (an about:blank host may not frame a local server)
  const host = `${test.info().project.use.baseURL!}/host-with-sibling.html`;
  await page.route(host, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body:
        `<!doctype html><iframe id="embed" src="embed.html?${query}" width="900" height="600">` +
        '</iframe><iframe id="sibling" name="sibling"></iframe>',
    }),
  );
  await page.goto(host);
  await page.evaluate(() => {
    const w = window as unknown as { got: { type: string; position?: number }[] };
    w.got = [];
    addEventListener('message', (e) => {
      const d = e.data as { source?: string; type: string; position?: number };
      if (d?.source === 'dcoscope') w.got.push(d);
    });
  });
  // the embed's first ready may have gone before the listener: ask, as a late host would
  await expect
    .poll(
      () =>
        page.evaluate(() => {
          document
            .querySelector<HTMLIFrameElement>('#embed')!
            .contentWindow!.postMessage({ target: 'dcoscope', command: 'hello' }, '*');
          return (window as unknown as { got: { type: string }[] }).got.some(
            (m) => m.type === 'ready',
          );
        }),
      { timeout: 30_000 },
    )
    .toBe(true);
  const sibling = page
    .frames()
    .find((f) => f.name() === 'sibling' || (f.url() === 'about:blank' && f !== page.mainFrame()))!;
  return sibling;
}

test('a sibling frame cannot drive the iframe or take its messages from the host', async ({
  page,
}) => {
  const sibling = await hostWithSibling(page, 'scenario=lesson');
  await sibling.evaluate(() => {
    parent.frames[0]!.postMessage({ target: 'dcoscope', command: 'seek', position: 9 }, '*');
  });
  await page.waitForTimeout(1000);
  // the host still gets the answers to its own commands, and the sibling's seek did nothing
  await page.evaluate(() => {
    (window as unknown as { got: unknown[] }).got = [];
    document
      .querySelector<HTMLIFrameElement>('#embed')!
      .contentWindow!.postMessage({ target: 'dcoscope', command: 'hello' }, '*');
  });
  await expect
    .poll(() =>
      page.evaluate(() =>
        (window as unknown as { got: { type: string; position?: number }[] }).got.find(
          (m) => m.type === 'ready',
        ),
      ),
    )
    .toMatchObject({ type: 'ready', position: 0 });
});

test('with commands=any a sibling frame drives the iframe, and the host keeps every message', async ({
  page,
}) => {
  const sibling = await hostWithSibling(page, 'scenario=lesson&commands=any');
  await page.evaluate(() => {
    (window as unknown as { got: unknown[] }).got = [];
  });
  const siblingGot = sibling.evaluate(
    () =>
      new Promise<{ type: string; position: number }>((resolve) => {
        addEventListener('message', (e) => {
          const d = e.data as { source?: string; type: string; position: number };
          if (d?.source === 'dcoscope' && d.type === 'ready' && d.position === 9) resolve(d);
        });
        parent.frames[0]!.postMessage({ target: 'dcoscope', command: 'seek', position: 9 }, '*');
        setTimeout(
          () => parent.frames[0]!.postMessage({ target: 'dcoscope', command: 'hello' }, '*'),
          1500,
        );
      }),
  );
  expect((await siblingGot).position).toBe(9);
  await expect
    .poll(() =>
      page.evaluate(() =>
        (window as unknown as { got: { type: string; position?: number }[] }).got.some(
          (m) => m.type === 'ready' && m.position === 9,
        ),
      ),
    )
    .toBe(true);
});

test('typed settings read the one number syntax: 1e3 applies, 0x10 and 2.7 are refused by name', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const main = new MainPage(page);
  await main.goto('?scenario=lesson');
  await page.locator('details.advanced > summary').click();
  const seed = page.getByLabel('seed', { exact: true });
  await seed.fill('0x10');
  await seed.press('Enter');
  await expect(page.locator('.adv-field .field-error')).toHaveText(
    'seed "0x10" is not a decimal number: use an integer from -2147483648 to 2147483647, written like 1024 or 1e3',
  );
  await expect(seed).toHaveAttribute('aria-invalid', 'true');
  await expect(seed).toHaveValue('0x10');
  await seed.fill('1e3');
  await seed.press('Enter');
  await expect(page.locator('.adv-field .field-error')).toHaveCount(0);
  await expect.poll(() => new URL(page.url()).searchParams.get('seed')).toBe('1000');

  const form = page.getByRole('form', { name: 'Expire a peer by hand' });
  await main.waitIdle();
  await form.getByLabel('Expire peer').fill('2.7');
  await form.getByLabel('Expire peer').press('Enter'); // submits (the open drawer covers "now")
  await expect(form.locator('.field-error')).toHaveText(
    'peer "2.7" is not allowed: use a whole number from 0 to 5',
  );
  await expect(form).toContainText('or click a peer in a kernel peer table.');
  expect(errors).toEqual([]);
});
