/**
 * The page's pcap export (issue 14): "Export pcap" for a lane downloads the lane's run as an
 * nlmon-style capture, made in a worker: the same bytes the CLI writes for those settings, a
 * file the pcap reader accepts, with every DEL_PEER the run's kernel queued.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { readPcap } from '../../src/formats/pcap.ts';
import { runPcap } from '../../src/formats/pcapRun.ts';
import { scenarioSettings } from '../../src/model/index.ts';
import { MainPage, collectErrors } from './mainPage.ts';

test('lesson seed 1: Export pcap (2.6.14) downloads the run the CLI writes, byte for byte', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const main = new MainPage(page);
  await page.goto('./?scenario=lesson&lanes=2.6.14,2.7&seed=1');
  await main.waitIdle();
  const menu = page.locator('details.share-menu');
  await menu.locator('summary').click();
  const button = page.getByRole('button', { name: 'Export pcap (2.6.14)' });
  await expect(button).toBeEnabled();
  const at = await main.position();
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(download.suggestedFilename()).toBe('dcoscope-2.6.14-seed1.pcap');
  const path = test.info().outputPath('lesson.pcap');
  await download.saveAs(path);
  const file = new Uint8Array(await readFile(path));
  const expected = runPcap({ ...scenarioSettings('lesson'), variant: '2.6.14', seed: 1 });
  expect(file).toEqual(expected.file);
  const read = readPcap(file);
  expect(read.ok).toBe(true);
  await expect(
    page.getByRole('status').filter({ hasText: 'Exported the 2.6.14 run' }),
  ).toContainText(`${expected.delPeers.length} DEL_PEER notifications`);
  // exporting does not move the view
  expect(await main.position()).toBe(at);
  expect(errors).toEqual([]);
});
