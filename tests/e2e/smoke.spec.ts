import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { runToEnd, type RunSummary } from '../../src/model/index.ts';
import { COUNTER_ROWS } from '../../src/app/counterRows.ts';
import { DEFAULT_LANES } from '../../src/app/defaultRun.ts';
import { MainPage, STRICT_CSP, collectErrors, enforceStrictCsp } from './mainPage.ts';

// The reference: the same lanes run by the model here in Node, outside the browser.
let expected: RunSummary[] = [];
test.beforeAll(() => {
  expected = DEFAULT_LANES.map((l) => runToEnd(l.settings).summary);
});

async function seriousAxeViolations(page: MainPage['page']): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target).join(', ')}`);
}

test('runs the default lanes in the worker and shows the model’s counts', async ({ page }) => {
  const errors = collectErrors(page);
  await enforceStrictCsp(page);
  const main = new MainPage(page);
  const headers = await main.goto();
  expect(headers['content-security-policy']).toBe(STRICT_CSP);

  await expect(page).toHaveTitle('dcoscope — OpenVPN DCO DEL_PEER loss visualizer');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(main.status).toHaveText(/^Done: /, { timeout: 45_000 });

  const [a, b] = expected;
  if (!a || !b) throw new Error('expected two reference lanes');
  const statusText = await main.status.innerText();
  const m = /^Done: (\S+) leaves ([\d,]+) ghosts?, (\S+) leaves ([\d,]+)$/.exec(statusText);
  expect(m, `status line: ${statusText}`).not.toBeNull();
  expect(m!.slice(1).map((s) => s.replace(/,/g, ''))).toEqual([
    a.variant,
    String(a.ghosts),
    b.variant,
    String(b.ghosts),
  ]);

  await expect(main.table.locator('caption')).toContainText('default run');
  expect(await main.laneHeaders()).toEqual(['2.6.14', '2.6.20']);

  for (const [lane, summary] of expected.entries()) {
    for (const row of COUNTER_ROWS) {
      await expect(main.rowHeader(row.key)).toHaveText(row.label);
      await expect(main.cell(row.key, lane), `${row.key} of lane ${lane}`).toHaveText(
        row.value(summary),
      );
    }
    // Plain numbers too, independent of the page's formatting.
    for (const key of ['emitted', 'processed', 'swallowed', 'ghosts', 'events'] as const) {
      const text = await main.cell(key, lane).innerText();
      expect(Number(text.replace(/,/g, '')), `${key} of lane ${lane}`).toBe(summary[key]);
    }
  }

  await expect(main.errorPanel).toHaveCount(0);
  await page.screenshot({ path: 'test-results/main-view.png', fullPage: true });
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('is readable and accessible in the dark theme', async ({ page }) => {
  const errors = collectErrors(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  const main = new MainPage(page);
  await main.goto();
  await expect(main.status).toHaveText(/^Done: /, { timeout: 45_000 });
  await page.screenshot({ path: 'test-results/main-view-dark.png', fullPage: true });
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('shows an error panel when the worker reports an error', async ({ page }) => {
  // Replace the worker with one that refuses every request the way the real one reports errors.
  await page.route(/sim\.worker/, (route) =>
    route.fulfill({
      contentType: 'text/javascript',
      body: `self.onmessage = (e) => self.postMessage({ v: 1, id: e.data.id, type: 'error',
        requestType: e.data.type, message: e.data.type + ': injected failure' });`,
    }),
  );
  const main = new MainPage(page);
  await main.goto();
  await expect(main.errorPanel).toBeVisible();
  await expect(main.errorPanel).toContainText('The simulation failed');
  await expect(main.errorPanel).toContainText('init: injected failure');
  await expect(main.status).toHaveText('Stopped: the simulation failed.');
  await expect(main.table).toHaveCount(0);
  expect(await seriousAxeViolations(page)).toEqual([]);
});
