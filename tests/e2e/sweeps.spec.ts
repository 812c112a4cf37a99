/**
 * The sweeps page: a small sweep runs in the worker pool, shows its heatmaps, and opens an exact
 * run in the visualizer; Cancel stops a bigger one; the comparison table fills in.
 */
import { expect, test } from '@playwright/test';
import {
  MainPage,
  collectErrors,
  enforceStrictCsp,
  recordWorkerRequests,
  sentMoves,
} from './mainPage.ts';

test.describe('sweeps page', () => {
  test.setTimeout(120_000);

  test('a small sweep completes, shows heatmaps and opens a run from a point', async ({ page }) => {
    const errors = collectErrors(page);
    await enforceStrictCsp(page);
    await recordWorkerRequests(page);
    await page.goto('./sweeps.html');
    await expect(page).toHaveTitle('dcoscope — sweeps');
    const sweep = page.getByRole('region', { name: 'Sweep' });
    await sweep.getByLabel('Preset').selectOption('lesson');
    await sweep.getByLabel('Seeds per cell').fill('3');
    await expect(sweep.locator('.plan-size')).toHaveText('8 cells, 24 runs');
    await sweep.getByRole('button', { name: 'Run sweep' }).click();
    const progress = sweep.locator('.sweep-progress');
    await expect(progress).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(progress).toHaveAttribute('data-done', '24');
    await expect(progress).toContainText('24 of 24 runs');

    // One heatmap per variant: 2 loads x 2 batch sizes.
    const maps = sweep.locator('figure.heatmap');
    await expect(maps).toHaveCount(2);
    await expect(maps.first().locator('button.heat-cell')).toHaveCount(4);
    await expect(maps.first().locator('caption')).toContainText('2.6.14');
    await sweep.getByLabel('Heatmap').selectOption('refused');
    await expect(maps.first().locator('caption')).toContainText('median refusals');
    await sweep.getByLabel('Heatmap').selectOption('ghosts');

    // The 2.6.14 cell at high load, batch auto: its seeds, then one of them in the visualizer.
    const cell = maps.first().locator('button.heat-cell[data-load="0.75"][data-batch="auto"]');
    await cell.click();
    await expect(cell).toHaveAttribute('aria-pressed', 'true');
    const dist = sweep.locator('section.distribution');
    await expect(dist).toBeVisible();
    await expect(dist.locator('a.dot')).toHaveCount(3);
    const dot = dist.locator('a.dot').nth(1);
    const seed = await dot.getAttribute('data-seed');
    expect(['1', '2', '3']).toContain(seed);

    // Exports download files.
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      sweep.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toBe('dcoscope-sweep.csv');
    const text = await (await csv.createReadStream()).toArray();
    const lines = Buffer.concat(text).toString('utf8').trim().split(/\r\n/);
    expect(lines).toHaveLength(25);
    const [json] = await Promise.all([
      page.waitForEvent('download'),
      sweep.getByRole('button', { name: 'Export JSON' }).click(),
    ]);
    expect(json.suggestedFilename()).toBe('dcoscope-sweep.json');
    expect(errors).toEqual([]);

    await dot.click();
    await expect(page).toHaveURL(/index\.html\?/);
    const params = new URL(page.url()).searchParams;
    expect(params.get('seed')).toBe(seed);
    expect(params.get('lanes')).toBe('2.6.14,2.6.20');
    expect(params.get('load')).toBe('high');
    expect(params.get('peers')).toBe('6');
    expect(params.get('max-clients')).toBe('8');
    expect(params.get('batch')).toBeNull(); // auto is the default, left out
    expect(params.get('step')).toBe('0');
    const main = new MainPage(page);
    await main.waitIdle();
    expect(await main.laneHeaders()).toEqual(['2.6.14', '2.6.20']);
    // The run opened with one load and nothing after it.
    await page.waitForTimeout(600);
    expect((await sentMoves(page)).map((m) => m.type)).toEqual(['init']);
  });

  test('a sweep over receive CPUs shows both cells and opens the 1-CPU run with rx-cpus=1', async ({
    page,
  }) => {
    const errors = collectErrors(page);
    await page.goto('./sweeps.html');
    const sweep = page.getByRole('region', { name: 'Sweep' });
    await sweep.getByLabel('Preset').selectOption('reporter');
    // 2.6.14 only, saturated (the preset's load), batch auto, receive CPUs 1 and 16
    await sweep
      .getByRole('group', { name: 'Variants' })
      .getByRole('checkbox', { name: '2.6.20 (official backport)' })
      .uncheck();
    const loads = sweep.getByRole('group', { name: 'Loads' });
    await loads.getByRole('checkbox', { name: 'low (0.25)' }).uncheck();
    await loads.getByRole('checkbox', { name: 'high (0.75)' }).uncheck();
    await loads.getByRole('checkbox', { name: 'saturated (1)' }).check();
    await sweep.getByLabel('Batch sizes', { exact: true }).fill('');
    const rx = sweep.getByRole('group', { name: 'Receive CPUs' });
    await rx.getByRole('checkbox', { name: '1', exact: true }).check();
    // the keyboard reaches the boxes too
    await rx.getByRole('checkbox', { name: '16', exact: true }).focus();
    await page.keyboard.press('Space');
    await expect(rx.getByRole('checkbox', { name: '16', exact: true })).toBeChecked();
    await sweep.getByLabel('Seeds per cell').fill('3');
    await expect(sweep.locator('.plan-size')).toHaveText('2 cells, 6 runs');
    await sweep.getByRole('button', { name: 'Run sweep' }).click();
    const progress = sweep.locator('.sweep-progress');
    await expect(progress).toHaveAttribute('data-state', 'done', { timeout: 60_000 });

    // One map, receive CPUs across (the axis that varies), saturated down.
    await expect(sweep.getByLabel('Rows')).toHaveValue('load');
    await expect(sweep.getByLabel('Columns')).toHaveValue('rxCpus');
    const maps = sweep.locator('figure.heatmap');
    await expect(maps).toHaveCount(1);
    const one = maps.locator('button.heat-cell[data-rx-cpus="1"]');
    const sixteen = maps.locator('button.heat-cell[data-rx-cpus="16"]');
    await expect(one).toHaveAttribute('data-hogs', '-1');
    await expect(one).toHaveAttribute('aria-label', /^load saturated \(1\), 1 receive CPU: /);
    const ghostsOne = Number(await one.getAttribute('data-value'));
    const ghostsSixteen = Number(await sixteen.getAttribute('data-value'));
    expect(ghostsOne).toBeGreaterThan(0);
    expect(ghostsSixteen).not.toBe(ghostsOne);
    await expect(one).toHaveText(String(ghostsOne));
    console.log(
      `reporter 2.6.14, seeds 1-3, median ghosts: 1 receive CPU ${ghostsOne}, 16 receive CPUs ${ghostsSixteen}`,
    );

    // Receive CPUs down instead: the columns take the rows' load.
    await sweep.getByLabel('Rows').selectOption('rxCpus');
    await expect(sweep.getByLabel('Columns')).toHaveValue('load');
    await expect(maps.locator('tbody tr')).toHaveCount(2);
    await expect(maps.locator('tbody th')).toHaveText(['1', '16']);

    // The 1-CPU cell's seeds, then one of them in the visualizer.
    await one.click();
    const dist = sweep.locator('section.distribution');
    await expect(dist.locator('h3')).toContainText('1 receive CPU');
    await expect(dist.locator('a.dot')).toHaveCount(3);
    const dot = dist.locator('a.dot').first();
    const seed = await dot.getAttribute('data-seed');
    expect(errors).toEqual([]);
    await dot.click();
    await expect(page).toHaveURL(/index\.html\?/);
    const params = new URL(page.url()).searchParams;
    expect(params.get('rx-cpus')).toBe('1');
    expect(params.get('seed')).toBe(seed);
    expect(params.get('lanes')).toBe('2.6.14,2.6.20');
    expect(params.get('hogs')).toBeNull(); // -1, from the load, is the default
    const main = new MainPage(page);
    await main.waitIdle();
    expect(await main.laneHeaders()).toEqual(['2.6.14', '2.6.20']);
  });

  test('Cancel stops a bigger sweep', async ({ page }) => {
    await page.goto('./sweeps.html');
    const sweep = page.getByRole('region', { name: 'Sweep' });
    await sweep.getByLabel('Preset').selectOption('reporter');
    await sweep.getByLabel('Seeds per cell').fill('100');
    await sweep.getByRole('button', { name: 'Run sweep' }).click();
    const progress = sweep.locator('.sweep-progress');
    await expect(progress).toHaveAttribute('data-state', 'running');
    await expect
      .poll(async () => Number(await progress.getAttribute('data-done')))
      .toBeGreaterThan(0);
    await sweep.getByRole('button', { name: 'Cancel' }).click();
    await expect(progress).toHaveAttribute('data-state', 'cancelled');
    await expect(progress).toContainText('Cancelled.');
    const done = Number(await progress.getAttribute('data-done'));
    const total = Number(await progress.getAttribute('data-total'));
    expect(total).toBe(800);
    expect(done).toBeLessThan(total);
    await page.waitForTimeout(1500);
    expect(Number(await progress.getAttribute('data-done'))).toBe(done);
    await expect(sweep.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
    // The page can run again after a cancel.
    await expect(sweep.getByRole('button', { name: 'Run sweep' })).toBeEnabled();
  });

  test('the comparison table shows every variant', async ({ page }) => {
    await page.goto('./sweeps.html');
    const cmp = page.getByRole('region', { name: 'Compare the variants' });
    await cmp.getByLabel('Preset').selectOption('lesson');
    await cmp.getByLabel('Seeds').fill('4');
    await cmp.getByRole('button', { name: 'Compare' }).click();
    const table = cmp.locator('table.comparison-table');
    await expect(table).toBeVisible({ timeout: 60_000 });
    await expect(table.locator('tbody tr')).toHaveCount(6);
    await expect(table.locator('tr[data-variant="2.6.20"] td[data-key="ghosts"]')).toHaveText('0');
    await expect(table.locator('tr[data-variant="2.6.14"] td[data-key="exits"]')).toHaveText(
      '0 of 4',
    );
  });

  test('validation messages come from the engine', async ({ page }) => {
    await page.goto('./sweeps.html');
    const sweep = page.getByRole('region', { name: 'Sweep' });
    await sweep.getByLabel('Seeds per cell').fill('0');
    await expect(sweep.locator('.sweep-problems')).toContainText('seeds per cell 0');
    await expect(sweep.getByRole('button', { name: 'Run sweep' })).toBeDisabled();
  });
});
