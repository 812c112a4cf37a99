/**
 * The benchmark, in the browser: a 10 x 10 grid (loads x batch sizes) of the reporter
 * scenario with 20 seeds per cell for one variant (2,000 runs) on the sweeps page's worker pool,
 * then the same runs one by one on the page's own thread (all of them by default; a slice,
 * extrapolated, with BENCH_SLICE_PERCENT). Prints the times and the ratio; asserts no speed (machines differ), only that both parts ran.
 *
 * BENCH_SEEDS (default 20) and BENCH_SLICE_PERCENT (default 100) adjust it. Speed figures belong
 * to `npm run bench` (which sets DCOSCOPE_BENCH=1), not to every test run: skipped otherwise.
 */
import { expect, test } from '@playwright/test';

const SEEDS = Number(process.env.BENCH_SEEDS ?? 20);
const SLICE_PERCENT = Number(process.env.BENCH_SLICE_PERCENT ?? 100);

test('sweep benchmark: 10 x 10 reporter grid in the pool vs this thread', async ({ page }) => {
  test.skip(!process.env.DCOSCOPE_BENCH, 'a benchmark: run with npm run bench');
  test.setTimeout(240_000);
  await page.goto('./sweeps.html');
  const bench = page.getByRole('region', { name: 'Benchmark' });
  await bench.getByLabel('Variant').selectOption('2.6.14');
  await bench.getByLabel('Seeds per cell').fill(String(SEEDS));
  await bench.getByLabel('On this thread (% of runs)').fill(String(SLICE_PERCENT));
  await bench.getByRole('button', { name: 'Run the benchmark' }).click();
  const result = bench.locator('dl.bench-result');
  await expect(result).toBeVisible({ timeout: 230_000 });
  const n = async (attr: string) => Number(await result.getAttribute(attr));
  const runs = await n('data-runs');
  const poolMs = await n('data-pool-ms');
  const workers = await n('data-workers');
  const sliceRuns = await n('data-slice-runs');
  const sliceMs = await n('data-slice-ms');
  const threadMs = await n('data-thread-ms');
  expect(runs).toBe(100 * SEEDS);
  expect(sliceRuns).toBeGreaterThan(0);
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(
    [
      `sweep benchmark (reporter, 2.6.14, 10 loads x 10 batch sizes x ${SEEDS} seeds = ${runs} runs)`,
      `  worker pool (${workers} workers): ${s(poolMs)} (${poolMs < 30_000 ? 'under' : 'over'} 30 s)`,
      sliceRuns === runs
        ? `  page thread, one by one: ${s(sliceMs)}`
        : `  page thread: ${sliceRuns} runs in ${s(sliceMs)}, so all ${runs} ≈ ${s(threadMs)}`,
      `  speed-up: x${(threadMs / poolMs).toFixed(2)}`,
    ].join('\n'),
  );
});
