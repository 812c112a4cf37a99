/**
 * The page's capture import (issue 14): the share menu's import takes a netlink capture (told
 * by its first bytes), replays its DEL_PEER notifications as the kernel's emission schedule
 * in both lanes (the page's variants), says what it imported and what it changed to fit; a
 * bad capture gets a message naming the file and leaves the run and its position alone.
 */
import { open } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { readPcap, writePcap } from '../../src/formats/pcap.ts';
import { captureSettings } from '../../src/formats/pcapImport.ts';
import { runPcap } from '../../src/formats/pcapRun.ts';
import {
  resolveSettings,
  runToEnd,
  scenarioSettings,
  type VariantId,
} from '../../src/model/index.ts';
import { MainPage, collectErrors } from './mainPage.ts';

const LANES: [VariantId, VariantId] = ['2.6.14', '2.6.20'];

/** A storm as a server's capture holds it: 40 peers of 2.6.14 expiring, seed 5, classic pcap. */
function serverCapture(): { file: Uint8Array; delPeers: number } {
  const exported = runPcap({
    ...scenarioSettings('lesson'),
    peers: 40,
    maxClients: 40,
    variant: '2.6.14',
    seed: 5,
  });
  const read = readPcap(exported.file);
  if (!read.ok) throw new Error(read.problem);
  // rewritten as tcpdump writes it: the packets only, no comment naming a dcoscope run
  const file = writePcap(read.packets.map((p) => ({ tUs: p.tUs, data: p.data })));
  return { file, delPeers: exported.delPeers.length };
}

async function importCapture(page: Page, name: string, buffer: Uint8Array | string): Promise<void> {
  const menu = page.locator('details.share-menu');
  if (!(await menu.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await menu.locator('summary').click();
  }
  await page.getByLabel('Import trace or capture').setInputFiles({
    name,
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(buffer),
  });
}

const number = async (main: MainPage, key: string, lane: number): Promise<number> =>
  Number((await main.cell(key, lane).innerText()).replace(/,/g, ''));

test('lesson seed 1 page, a 40-peer storm (seed 5) imported: both lanes replay its DEL_PEERs, the notice says what and what was fitted', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const main = new MainPage(page);
  await main.goto(`?scenario=lesson&lanes=${LANES.join(',')}&seed=1`);
  const { file, delPeers } = serverCapture();
  expect(delPeers).toBe(40);
  const runs = await main.runs();
  await importCapture(page, 'storm.pcap', file);
  const status = page.locator('.share-status');
  await expect(status).toContainText(
    `Replayed ${delPeers} DEL_PEER notifications of ovpn-dco-v2 from "storm.pcap", `,
  );
  await expect(status).toContainText(
    "s after its first packet, as the kernel's emission schedule, in 2.6.14 and 2.6.20.",
  );
  const report = page.getByRole('list', { name: 'Replay report' });
  await expect(report).toContainText(
    'Peers raised from 6 to 40 to hold peer 39, the highest the capture notifies.',
  );
  await expect(report).toContainText('Max-clients raised from 8 to 40, the peer count.');
  expect(await main.runs()).toBeGreaterThan(runs);
  await main.waitIdle();
  expect(await main.position()).toBe(0);
  expect(await main.laneHeaders()).toEqual(LANES);
  await expect(main.peers).toHaveAttribute('aria-valuetext', /^40 /);

  await main.focusPage();
  await page.keyboard.press('End');
  await main.waitIdle();
  expect(await main.mode()).toBe('ended');
  for (const [lane, variant] of LANES.entries()) {
    const base = { ...scenarioSettings('lesson'), seed: 1, variant };
    const fitted = captureSettings(file, resolveSettings(base), {
      name: 'storm.pcap',
      fit: true,
    });
    if (!fitted.ok) throw new Error(fitted.problem);
    const expected = runToEnd(fitted.settings).summary;
    // the kernel sent every DEL_PEER of the capture, in both lanes
    expect(await number(main, 'emitted', lane), `emitted of ${variant}`).toBe(delPeers);
    for (const key of ['processed', 'swallowed', 'ghosts', 'refused'] as const) {
      expect(await number(main, key, lane), `${key} of ${variant}`).toBe(expected[key]);
    }
  }
  expect(errors).toEqual([]);
});

test('lesson seed 4 page (3 peers), a dcoscope export of lesson 2.6.14 seed 1 imported: both lanes run that very run', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const main = new MainPage(page);
  await main.goto(`?scenario=lesson&lanes=${LANES.join(',')}&seed=4&peers=3&batch=3`);
  const exported = runPcap({ ...scenarioSettings('lesson'), variant: '2.6.14', seed: 1 });
  await importCapture(page, 'run.pcap', exported.file);
  const status = page.locator('.share-status');
  await expect(status).toContainText(
    `Replayed the dcoscope run exported in "run.pcap" (${exported.delPeers.length} DEL_PEER notifications) in 2.6.14 and 2.6.20.`,
  );
  await expect(page.getByRole('list', { name: 'Replay report' })).toContainText(
    'A dcoscope export: its own run, replayed.',
  );
  await main.waitIdle();
  await expect(main.peers).toHaveAttribute('aria-valuetext', /^6 /);
  await main.focusPage();
  await page.keyboard.press('End');
  await main.waitIdle();
  for (const [lane, variant] of LANES.entries()) {
    const expected = runToEnd({ ...scenarioSettings('lesson'), seed: 1, variant }).summary;
    for (const key of ['emitted', 'processed', 'swallowed', 'ghosts', 'refused'] as const) {
      expect(await number(main, key, lane), `${key} of ${variant}`).toBe(expected[key]);
    }
  }
  expect(errors).toEqual([]);
});

test('lesson seed 1 at its end: a text file, a cut capture, another link type, a huge capture get a message naming the file; the run stays where it was', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const main = new MainPage(page);
  await main.goto(`?scenario=lesson&lanes=${LANES.join(',')}&seed=1`);
  await main.focusPage();
  await page.keyboard.press('End');
  await main.waitIdle();
  const before = {
    runs: await main.runs(),
    position: await main.position(),
    counts: await main.table.locator('tbody').innerText(),
  };
  expect(before.position).toBeGreaterThan(0);
  const status = page.locator('.share-status');
  const { file } = serverCapture();

  await importCapture(page, 'notes.pcap', 'hello, this is not a capture at all');
  await expect(status).toContainText(
    'Import failed: "notes.pcap" is not a capture: it does not start with a pcap or pcapng magic number',
  );
  await expect(status).toHaveClass(/is-error/);

  await importCapture(page, 'cut.pcap', file.subarray(0, file.length - 9));
  await expect(status).toContainText('Import failed: "cut.pcap" is not read: ');

  const otherLink = file.slice();
  new DataView(otherLink.buffer).setUint32(20, 1, true); // LINKTYPE_ETHERNET
  await importCapture(page, 'ether.pcap', otherLink);
  await expect(status).toContainText('Import failed: "ether.pcap" is not read: ');
  await expect(status).toContainText('link type');

  // 257 MiB behind a pcap magic (sparse on disk): refused by its size, unread
  const path = test.info().outputPath('huge.pcap');
  const handle = await open(path, 'w');
  await handle.write(file.subarray(0, 24));
  await handle.truncate(257 * 1024 * 1024);
  await handle.close();
  await page.getByLabel('Import trace or capture').setInputFiles(path);
  await expect(status).toContainText(
    'Import failed: "huge.pcap" is 269,484,032 bytes; a capture is read up to 268,435,456 bytes (256 MiB).',
  );

  expect(await main.runs()).toBe(before.runs);
  expect(await main.position()).toBe(before.position);
  expect(await main.table.locator('tbody').innerText()).toBe(before.counts);
  expect(await main.mode()).toBe('ended');
  await expect(page.getByRole('list', { name: 'Replay report' })).toHaveCount(0);
  expect(errors).toEqual([]);
});
