/// <reference lib="dom" />
/**
 * Links, export and import (issue 4): a link opens exactly its step, bad parameters are listed,
 * another model version gets a banner, an exported trace imports and replays identically, and
 * nothing from an imported file is ever rendered as HTML.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import {
  DEFAULT_SETTINGS,
  MODEL_VERSION,
  SCENARIOS,
  runToEnd,
  validateSettings,
  type TraceEvent,
} from '../../src/model/index.ts';
import { buildTraceFile, type TraceFile } from '../../src/formats/traceFile.ts';
import {
  MainPage,
  clearMoves,
  collectErrors,
  recordWorkerRequests,
  sentMoves,
} from './mainPage.ts';

test.use({ viewport: { width: 1366, height: 900 } });

async function openShare(page: Page): Promise<void> {
  const menu = page.locator('details.share-menu');
  if (!(await menu.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await menu.locator('summary').click();
  }
}

async function waitAt(main: MainPage, position: number): Promise<void> {
  await expect.poll(() => main.position(), { timeout: 30_000 }).toBe(position);
  await main.waitIdle();
}

async function counts(main: MainPage): Promise<string> {
  return main.table.locator('tbody').innerText();
}

test('a link round-trips to the same step and counts', async ({ page, context }) => {
  const errors = collectErrors(page);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const main = new MainPage(page);
  await page.goto('./?scenario=lesson');
  await main.waitIdle();
  await expect(main.preset).toHaveValue('lesson');
  await page.getByRole('button', { name: 'Next loss' }).click();
  await main.waitIdle();
  await page.getByRole('button', { name: 'Forward one event', exact: true }).click();
  await main.waitIdle();
  const at = await main.position();
  expect(at).toBeGreaterThan(0);
  const before = await counts(main);
  const lanesBefore = await main.lanePositions();

  // The address bar follows the view.
  await expect.poll(() => new URL(page.url()).searchParams.get('step')).toBe(String(at));
  expect(new URL(page.url()).searchParams.get('mv')).toBe(String(MODEL_VERSION));

  await openShare(page);
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.locator('.share-status')).toContainText('Link copied');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  const url = new URL(link);
  expect(url.searchParams.get('step')).toBe(String(at));
  expect(url.searchParams.get('lanes')).toBe('2.6.14,2.6.20');
  expect(url.searchParams.get('mv')).toBe(String(MODEL_VERSION));

  // A fresh page from the link: the same step, the same counts, the same lanes.
  const other = await context.newPage();
  const errors2 = collectErrors(other);
  const main2 = new MainPage(other);
  await other.goto(link);
  await waitAt(main2, at);
  expect(await main2.lanePositions()).toEqual(lanesBefore);
  expect(await counts(main2)).toEqual(before);
  await expect(main2.preset).toHaveValue('lesson');
  await expect(other.locator('.share-banner')).toHaveCount(0);

  // Copy as Markdown: the link, the settings and both lanes' counts.
  await openShare(other);
  await other.getByRole('button', { name: 'Copy as Markdown' }).click();
  await expect(other.locator('.share-status')).toContainText('Markdown copied');
  const md = await other.evaluate(() => navigator.clipboard.readText());
  expect(md).toContain(`step ${at}](`);
  expect(md).toContain('| count | `2.6.14` | `2.6.20` |');
  expect(md).toContain('6 peers');
  expect(md).toMatch(/\| swallowed \| \d+ \| \d+ \|/);
  expect(errors).toEqual([]);
  expect(errors2).toEqual([]);
});

test('without a clipboard, the text is shown selected for a manual copy', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
  });
  const main = new MainPage(page);
  await page.goto('./?scenario=lesson');
  await main.waitIdle();
  await openShare(page);
  await page.getByRole('button', { name: 'Copy link' }).click();
  const box = page.getByRole('textbox', { name: 'Text to copy' });
  await expect(box).toHaveValue(/step=0/);
  await expect(page.locator('.share-status')).toContainText('copy it with Ctrl+C');
});

test('bad parameters are listed, the rest applies, and the page works', async ({ page }) => {
  const errors = collectErrors(page);
  const main = new MainPage(page);
  await page.goto(
    './?scenario=lesson&peers=abc&lanes=2.6.14,nope&step=-3&foo=%3Cb%3Ex%3C/b%3E&seed=7',
  );
  await main.waitIdle();
  const box = page.locator('.ignored-params');
  await expect(box).toBeVisible();
  for (const param of ['peers', 'lanes', 'step', 'foo']) {
    await expect(box.locator(`li[data-param="${param}"]`)).toHaveCount(1);
  }
  await expect(box.locator('li[data-param="foo"]')).toContainText('foo=<b>x</b>');
  await expect(box.locator('b')).toHaveCount(0);
  await expect(box.locator('li[data-param="seed"]')).toHaveCount(0);
  // The usable parameter (seed) applied over the scenario.
  await expect(main.lanes).toHaveCount(2);
  await expect.poll(() => new URL(page.url()).searchParams.get('seed')).toBe('7');
  expect(await main.position()).toBe(0);
  await page.getByRole('button', { name: 'Forward one event', exact: true }).click();
  await main.waitIdle();
  expect(await main.position()).toBeGreaterThan(0);
  await box.getByRole('button', { name: 'Dismiss' }).click();
  await expect(box).toHaveCount(0);

  // Out of range, and past the end of the run.
  await page.goto('./?scenario=lesson&peers=99999999&step=99999999');
  await main.waitIdle();
  await expect(page.locator('.ignored-params li[data-param="peers"]')).toContainText('99999999');
  await expect(page.locator('.ignored-params li[data-param="step"]')).toContainText(
    'shows its end',
  );
  expect(await main.mode()).toBe('ended');
  expect(errors).toEqual([]);
});

test('a link from another model version opens with a banner', async ({ page }) => {
  const main = new MainPage(page);
  await page.goto(`./?mv=${MODEL_VERSION + 7}&lanes=2.6.14,2.6.20&peers=6&max-clients=8&seed=1`);
  await main.waitIdle();
  const banner = page.locator('.version-banner');
  await expect(banner).toContainText(`model version ${MODEL_VERSION + 7}`);
  await expect(banner).toContainText(`model version ${MODEL_VERSION}`);
  await expect(banner).toHaveAttribute('role', 'status');
  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await expect(banner).toHaveCount(0);
});

test('export the trace, then import it: it replays identically', async ({ page }) => {
  const errors = collectErrors(page);
  await recordWorkerRequests(page);
  const main = new MainPage(page);
  await page.goto('./?scenario=lesson');
  await main.waitIdle();
  await page.getByRole('button', { name: 'Next loss' }).click();
  await main.waitIdle();
  const at = await main.position();
  const before = await counts(main);
  await openShare(page);
  await expect(page.getByRole('button', { name: 'Export trace (JSON)' })).toBeEnabled();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export trace (JSON)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.trace\.json$/);
  const path = test.info().outputPath('exported.trace.json');
  await download.saveAs(path);
  const file = JSON.parse(await readFile(path, 'utf8')) as {
    format: string;
    schemaVersion: number;
    modelVersion: number;
    position: number;
    lanes: { variant: string; events: unknown[]; summary: { events: number } }[];
  };
  expect(file.format).toBe('dcoscope-trace');
  expect(file.schemaVersion).toBe(1);
  expect(file.modelVersion).toBe(MODEL_VERSION);
  expect(file.position).toBe(at);
  for (const lane of file.lanes) expect(lane.events.length).toBe(lane.summary.events);
  // The view did not move.
  expect(await main.position()).toBe(at);

  // Elsewhere, then import.
  await main.selectPreset('why-the-lock');
  await openShare(page);
  await clearMoves(page);
  await page.getByLabel('Import trace').setInputFiles(path);
  const report = page.getByRole('list', { name: 'Replay report' });
  await expect(report).toContainText('Replayed identically', { timeout: 60_000 });
  await waitAt(main, at);
  // One load, landing at the file's position: no init at the start, no debounced re-run.
  await page.waitForTimeout(600);
  const moves = await sentMoves(page);
  expect(moves).toHaveLength(1);
  expect(moves[0]).toMatchObject({ type: 'init', target: { kind: 'position', position: at } });
  await expect(main.preset).toHaveValue('lesson');
  expect(await counts(main)).toEqual(before);
  expect(errors).toEqual([]);
});

test('summaries and the view export as JSON, CSV, SVG and PNG', async ({ page }) => {
  const main = new MainPage(page);
  await page.goto('./?scenario=lesson');
  await main.waitIdle();
  await page.getByRole('button', { name: 'Next loss' }).click();
  await main.waitIdle();
  await openShare(page);
  const get = async (name: string) => {
    const [d] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name }).click(),
    ]);
    const path = test.info().outputPath(d.suggestedFilename());
    await d.saveAs(path);
    return readFile(path);
  };
  const csv = (await get('Summary (CSV)')).toString('utf8').trim().split('\n');
  expect(csv[0]!.startsWith('variant,seed,peers')).toBe(true);
  expect(csv).toHaveLength(3);
  const json = JSON.parse((await get('Summary (JSON)')).toString('utf8')) as { runs: unknown[] };
  expect(json.runs).toHaveLength(2);
  await expect(page.getByRole('button', { name: 'View (SVG)' })).toBeEnabled();
  const svg = (await get('View (SVG)')).toString('utf8');
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg).toContain('<style>');
  expect(svg).toContain('v-grid-svg');
  expect(svg).toContain('v-chart-svg');
  const png = await get('View (PNG)');
  expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  expect(png.length).toBeGreaterThan(5_000);
});

test('a malformed or foreign file gets a message, and nothing in it becomes HTML', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const main = new MainPage(page);
  await page.goto('./?scenario=lesson');
  await main.waitIdle();
  await openShare(page);
  const input = page.getByLabel('Import trace');
  const status = page.locator('.share-status');

  await input.setInputFiles({
    name: 'notes.json',
    mimeType: 'application/json',
    buffer: Buffer.from('this is { not json'),
  });
  await expect(status).toContainText('Import failed: the file is not JSON');

  await input.setInputFiles({
    name: 'other.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ format: 'something-else', data: [] })),
  });
  await expect(status).toContainText('this is not a dcoscope trace');

  const evil = '<img src=x onerror="document.title=\'pwned\'">';
  await input.setInputFiles({
    name: 'evil.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({
        format: 'dcoscope-trace',
        schemaVersion: 1,
        modelVersion: MODEL_VERSION,
        position: 0,
        settings: { seed: 1 },
        lanes: [
          { variant: evil, traceHash: '00000000', summary: {}, events: [] },
          { variant: '2.6.20', traceHash: '00000000', summary: {}, events: [] },
        ],
      }),
    ),
  });
  await expect(status).toContainText('<img src=x onerror=');
  await expect(status).toContainText('is not a known variant');
  await expect(page.locator('img')).toHaveCount(0);
  expect(await page.title()).not.toBe('pwned');
  expect(await main.position()).toBe(0);
  await expect(main.preset).toHaveValue('lesson');
  expect(errors).toEqual([]);
});

/** The lesson's two lanes at seed 1, exported as the page exports them (position `at`). */
function lessonFile(at: number): TraceFile {
  const lesson = SCENARIOS.lesson!;
  const { variant: _v, ...settings } = validateSettings(lesson.settings).settings;
  const lanes = lesson.lanes.map((variant) => {
    const events: TraceEvent[] = [];
    const { summary } = runToEnd({ ...settings, variant }, { onTrace: (e) => events.push(e) });
    return { variant, summary, events };
  });
  return buildTraceFile(settings, lanes, at);
}

async function importFile(page: Page, name: string, file: unknown): Promise<void> {
  await openShare(page);
  await page.getByLabel('Import trace').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(file)),
  });
}

test('a file with settings left out is filled from the defaults and says which; the page shows numbers', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const main = new MainPage(page);
  await page.goto('./?scenario=lesson');
  await main.waitIdle();
  const { seed: _s, untilS: _u, ...partial } = lessonFile(0).settings;
  await importFile(page, 'partial.trace.json', { ...lessonFile(0), settings: partial });
  const report = page.getByRole('list', { name: 'Replay report' });
  await expect(report).toContainText('filled from defaults: seed, untilS.', { timeout: 60_000 });

  // settings: {} (the audit's file): every setting from the defaults, listed, and nothing
  // undefined on the page or in its address
  await importFile(page, 'empty.trace.json', { ...lessonFile(0), settings: {} });
  await expect(report).toContainText(
    `filled from defaults: ${Object.keys(DEFAULT_SETTINGS)
      .filter((k) => k !== 'variant')
      .join(', ')}.`,
    { timeout: 60_000 },
  );
  // the defaults are not the lesson's settings: the replay cannot match the file
  await expect(report).toContainText('The replay differs from the file.');
  await main.waitIdle();
  await expect(page.locator('.settings-row output').first()).toHaveText('1,024');
  await expect(page.locator('.settings-row')).not.toContainText(/NaN|undefined/);
  await expect
    .poll(() => new URL(page.url()).searchParams.get('seed'))
    .toBe(String(DEFAULT_SETTINGS.seed));
  expect(page.url()).not.toMatch(/undefined|NaN/);
  expect(errors).toEqual([]);
});

test('a file whose summary is not its run differs, and a position no run has is listed as ignored', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const main = new MainPage(page);
  await page.goto('./?scenario=lesson');
  await main.waitIdle();
  const report = page.getByRole('list', { name: 'Replay report' });

  // one count changed in lane B's summary: the events match, the summary does not
  const tampered = lessonFile(3);
  tampered.lanes[1].summary = {
    ...tampered.lanes[1].summary,
    emitted: tampered.lanes[1].summary.emitted + 1,
  };
  await importFile(page, 'tampered.trace.json', tampered);
  await expect(report).toContainText('The replay differs from the file.', { timeout: 60_000 });
  await expect(report).toContainText(
    `Lane B (${tampered.lanes[1].variant}): the file's summary differs from the replay's in emitted (the events match).`,
  );
  await expect(report).not.toContainText('Replayed identically');
  await waitAt(main, 3);

  // beyond the safe integers: ignored with a link's step's words; the file opens at the start
  await importFile(page, 'huge.trace.json', { ...lessonFile(0), position: 1e21 });
  await expect(report).toContainText(
    'Ignored position: position 1e+21 is not allowed: use an integer from 0 to 9007199254740991.',
    { timeout: 60_000 },
  );
  await expect(report).toContainText('Replayed identically');
  await waitAt(main, 0);

  // past the end of the run: it opens at the end, and says so
  await importFile(page, 'past.trace.json', { ...lessonFile(0), position: 99_999 });
  await expect(report).toContainText(
    /Ignored position: position 99999 is past the end of the run: use an integer from 0 to \d+ \(the run's events\); the view shows its end\./,
    { timeout: 60_000 },
  );
  await main.waitIdle();
  expect(await main.mode()).toBe('ended');
  expect(errors).toEqual([]);
});

test('a summary with markup, objects or 50 MB of text is refused, naming the field, in a short message', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const main = new MainPage(page);
  await page.goto('./?scenario=lesson');
  await main.waitIdle();
  const status = page.locator('.share-status');
  const withSummary = (over: Record<string, unknown>) => {
    const file = lessonFile(0);
    return {
      ...file,
      lanes: [{ ...file.lanes[0], summary: { ...file.lanes[0].summary, ...over } }, file.lanes[1]],
    };
  };

  await importFile(
    page,
    'html.trace.json',
    withSummary({ variant: '<img src=x onerror="document.title=1">' }),
  );
  await expect(status).toContainText(
    'Import failed: lanes[0].summary.variant "<img src=x onerror=\\"document.title=1\\">" is not allowed: use a known variant.',
  );
  await expect(page.locator('img')).toHaveCount(0);

  await importFile(page, 'object.trace.json', withSummary({ ghosts: { valueOf: 1 } }));
  await expect(status).toContainText(
    'Import failed: lanes[0].summary.ghosts {…} (an object) is not allowed: use an integer from 0 to 9007199254740991.',
  );

  // 50 MB in one field (written to disk: Playwright takes no buffer that large)
  const path = test.info().outputPath('huge-string.trace.json');
  await writeFile(path, JSON.stringify(withSummary({ kernel: 'x'.repeat(50 * 1024 * 1024) })));
  await openShare(page);
  await page.getByLabel('Import trace').setInputFiles(path);
  await expect(status).toContainText(
    `Import failed: lanes[0].summary.kernel "${'x'.repeat(40)}"… (52428800 characters) is not allowed: use one of ovpn-dco, mainline.`,
    { timeout: 60_000 },
  );
  expect((await status.innerText()).length).toBeLessThan(300);
  await expect(page.getByRole('list', { name: 'Replay report' })).toHaveCount(0);
  expect(await main.position()).toBe(0);
  await expect(main.preset).toHaveValue('lesson');
  expect(errors).toEqual([]);
});
