/**
 * On the wire: a queued DEL_PEER in the lesson opens the byte view (field tree beside a hex
 * dump); hovering a field highlights its bytes; the tree works from the keyboard; no serious
 * axe violations. Lanes: 2.6.14 (ovpn-dco) and 2.7 (mainline ovpn).
 */
import { expect, test, type Page } from '@playwright/test';
import { MainPage, collectErrors } from './mainPage.ts';
import { seriousAxeViolations } from './reference.ts';

test.use({ viewport: { width: 1440, height: 900 } });

const URL = './?scenario=lesson&lanes=2.6.14,2.7&step=16';

function picker(page: Page, lane: number) {
  return page.locator(`.lane[data-lane="${lane}"] .v-bytes-pick select`);
}

async function delOption(page: Page, lane: number): Promise<string | null> {
  const opts = picker(page, lane).locator('option');
  const n = await opts.count();
  for (let k = 0; k < n; k++) {
    const text = (await opts.nth(k).textContent()) ?? '';
    if (/DEL_PEER/.test(text)) return opts.nth(k).getAttribute('value');
  }
  return null;
}

test('a queued DEL_PEER on the wire: tree, hex, hover highlight, keyboard, axe', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const main = new MainPage(page);
  await page.goto(URL);
  await main.waitIdle();
  const forward = page.getByRole('button', { name: 'Forward one event' });
  let value: string | null = null;
  for (let k = 0; k < 120 && value === null; k++) {
    value = await delOption(page, 0);
    if (value === null) {
      await forward.click();
      await main.waitIdle();
    }
  }
  expect(value, 'a DEL_PEER queued in lane 0').not.toBeNull();
  await picker(page, 0).selectOption(value!);

  const panel = page.getByTestId('bytes-panel');
  await expect(panel).toBeVisible();
  await expect(
    panel.getByRole('heading', { name: /On the wire DEL_PEER notification/ }),
  ).toBeFocused();
  await expect(panel).toContainText('ovpn-dco-v2');
  const tree = panel.getByRole('tree', { name: 'Fields' });
  const items = tree.getByRole('treeitem');
  await expect(items.first()).toContainText('nlmsghdr');
  await expect(tree.locator('[data-field="OVPN_ATTR_DEL_PEER"]')).toHaveAttribute(
    'aria-expanded',
    'true',
  );
  await expect(tree.locator('[data-field="OVPN_DEL_PEER_ATTR_PEER_ID"]')).toBeVisible();
  // a 48-byte notification: three rows of hex, the first starting with nlmsg_len 0x30
  const hex = panel.getByRole('region', { name: /Hex dump/ });
  await expect(hex.locator('.v-bytes-row')).toHaveCount(3);
  await expect(hex.locator('.v-bytes-row').first()).toContainText('0000');
  await expect(hex.locator('.v-bytes-row').first()).toContainText('30 00 00 00');
  await expect(hex.locator('mark')).toHaveCount(0);

  // hover the peer id attribute's value: its four bytes are marked, and they say the peer id
  const peerIdItem = tree.locator('[data-field="OVPN_DEL_PEER_ATTR_PEER_ID"]');
  const peerText = (await peerIdItem.locator('.v-bytes-value').textContent())!;
  await peerIdItem.hover();
  await expect(peerIdItem).toHaveClass(/is-lit/);
  const marked = hex.locator('.v-bytes-hexcol mark');
  await expect(marked).toHaveCount(1);
  await expect(marked).toHaveText(/^08 00 02 00 [0-9a-f]{2} [0-9a-f]{2} [0-9a-f]{2} [0-9a-f]{2}$/);
  const idBytes = ((await marked.textContent()) ?? '').split(' ').slice(4);
  const idValue = idBytes.reduceRight((n, b) => n * 256 + parseInt(b, 16), 0);
  expect(String(idValue)).toBe(peerText.split(' ')[0]);
  await expect(hex).toHaveAttribute(
    'aria-label',
    /OVPN_DEL_PEER_ATTR_PEER_ID highlighted: bytes 40 to 47/,
  );

  // keyboard: the tree is one tab stop; arrows move and the focused field lights its bytes
  await page.mouse.move(0, 0);
  await items.first().focus();
  await expect(items.first()).toBeFocused();
  await expect(marked).toHaveText(/^30 00 00 00 22 00 00 00 00 00 00 00 00 00 00 00$/);
  await page.keyboard.press('ArrowRight'); // opens nlmsghdr
  await expect(items.first()).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('ArrowDown'); // nlmsg_len
  await expect(tree.locator('[data-field="nlmsg_len"]')).toBeFocused();
  await expect(marked).toHaveText('30 00 00 00');
  await page.keyboard.press('ArrowDown'); // nlmsg_type
  await expect(marked).toHaveText('22 00');
  await page.keyboard.press('ArrowLeft'); // back to nlmsghdr
  await expect(items.first()).toBeFocused();
  await page.keyboard.press('ArrowLeft'); // closes it
  await expect(items.first()).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('End');
  await expect(items.last()).toBeFocused();
  await expect(tree.locator('[tabindex="0"]')).toHaveCount(1);

  expect(await seriousAxeViolations(page)).toEqual([]);
  await page.screenshot({ path: 'test-results/bytes/bytes-1440.png', fullPage: false });

  // the 2.7 lane speaks mainline ovpn: its DEL_PEER is OVPN_CMD_PEER_DEL_NTF
  let v2: string | null = null;
  for (let k = 0; k < 200 && v2 === null; k++) {
    v2 = await delOption(page, 1);
    if (v2 === null) {
      await forward.click();
      await main.waitIdle();
    }
  }
  expect(v2, 'a DEL_PEER queued in lane 1').not.toBeNull();
  await picker(page, 1).selectOption(v2!);
  await expect(panel).toContainText('OVPN_CMD_PEER_DEL_NTF');
  await expect(panel.locator('[data-field="OVPN_A_PEER"]')).toBeVisible();
  await panel.getByRole('button', { name: 'Close' }).click();
  await expect(panel).toHaveCount(0);
  expect(errors).toEqual([]);
});
