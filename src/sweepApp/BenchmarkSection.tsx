/**
 * The benchmark of the issue: a 10 x 10 grid (loads x batch sizes) of the reporter scenario,
 * `seeds` per cell, on the worker pool; then the same runs one by one on this page's thread
 * (all of them, or an evenly spread slice extrapolated to the whole grid), and the ratio.
 */
import { useId, useState } from 'react';
import { VARIANT_IDS, formatCount, type VariantId } from '../model/index.ts';
import { defaultPoolSize, resolvePlan, type SweepSpec } from '../sweep/index.ts';
import { evenlySpaced, evenlySpacedCounts, presetBase } from './form.ts';
import { durationText } from './links.ts';
import { ProgressBar } from './ProgressBar.tsx';
import { usePoolBusy, useSweepRun } from './useSweepRun.ts';

export function benchSpec(variant: VariantId, seeds: number): SweepSpec {
  const base = presetBase('reporter');
  return {
    base,
    variants: [variant],
    loads: evenlySpaced(10),
    batches: evenlySpacedCounts(10, base.peers ?? 1024),
    seeds,
  };
}

interface BenchResult {
  runs: number;
  workers: number;
  poolMs: number;
  sliceRuns: number;
  sliceMs: number;
  threadMs: number;
}

export function BenchmarkSection() {
  const [variant, setVariant] = useState<VariantId>('2.6.14');
  const [seeds, setSeeds] = useState(20);
  const [percent, setPercent] = useState(5);
  const [phase, setPhase] = useState<'idle' | 'pool' | 'thread' | 'done' | 'stopped'>('idle');
  const [result, setResult] = useState<BenchResult | null>(null);
  const { state, start, cancel } = useSweepRun();
  const busy = usePoolBusy();
  const id = useId();

  const run = async () => {
    const plan = resolvePlan(benchSpec(variant, seeds));
    setResult(null);
    setPhase('pool');
    const t0 = performance.now();
    const runs = await start(plan.jobs);
    const poolMs = performance.now() - t0;
    if (!runs) {
      setPhase('stopped');
      return;
    }
    setPhase('thread');
    const every = Math.max(1, Math.round(100 / Math.min(100, Math.max(0.1, percent))));
    const slice = plan.jobs.filter((_, i) => i % every === 0);
    const { runOnThisThread } = await import('../sweep/local.ts');
    const t1 = performance.now();
    await runOnThisThread(slice, { sliceMs: 50 });
    const sliceMs = performance.now() - t1;
    setResult({
      runs: plan.jobs.length,
      workers: defaultPoolSize(),
      poolMs,
      sliceRuns: slice.length,
      sliceMs,
      threadMs: (sliceMs / slice.length) * plan.jobs.length,
    });
    setPhase('done');
  };

  return (
    <section className="benchmark" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Benchmark</h2>
      <p className="hint">
        10 loads x 10 batch sizes of the reporter scenario on the worker pool, then a slice of the
        same runs one by one on this page&rsquo;s thread (the page is busy meanwhile).
      </p>
      <form
        className="sweep-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-variant`}>Variant</label>
          <select
            id={`${id}-variant`}
            value={variant}
            onChange={(e) => setVariant(e.target.value as VariantId)}
          >
            {VARIANT_IDS.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-seeds`}>Seeds per cell</label>
          <input
            id={`${id}-seeds`}
            type="number"
            min={1}
            max={200}
            value={seeds}
            onChange={(e) => setSeeds(Math.max(1, Math.round(Number(e.target.value) || 1)))}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-slice`}>On this thread (% of runs)</label>
          <input
            id={`${id}-slice`}
            type="number"
            min={0.1}
            max={100}
            step={0.1}
            value={percent}
            onChange={(e) => setPercent(Number(e.target.value) || 5)}
          />
        </div>
        <div className="sweep-run">
          <button type="submit" className="primary" disabled={busy || phase === 'thread'}>
            Run the benchmark
          </button>
        </div>
      </form>
      <ProgressBar
        label="Benchmark progress"
        status={state.status}
        progress={state.progress}
        error={state.error}
        onCancel={cancel}
        onRetry={() => void run()}
        retryDisabled={busy}
      />
      {phase === 'thread' && <p role="status">Running the slice on this thread…</p>}
      {result && (
        <dl
          className="bench-result"
          data-runs={result.runs}
          data-pool-ms={Math.round(result.poolMs)}
          data-slice-runs={result.sliceRuns}
          data-slice-ms={Math.round(result.sliceMs)}
          data-thread-ms={Math.round(result.threadMs)}
          data-workers={result.workers}
        >
          <dt>Worker pool ({result.workers} workers)</dt>
          <dd>
            {formatCount(result.runs)} runs in {durationText(result.poolMs)} (
            {result.poolMs < 30_000 ? 'under' : 'over'} 30 s)
          </dd>
          <dt>This thread, one by one</dt>
          <dd>
            {result.sliceRuns === result.runs ? (
              <>
                all {formatCount(result.runs)} runs in {durationText(result.sliceMs)}
              </>
            ) : (
              <>
                {formatCount(result.sliceRuns)} runs in {durationText(result.sliceMs)}: all{' '}
                {formatCount(result.runs)} would take about {durationText(result.threadMs)}
              </>
            )}
          </dd>
          <dt>Speed-up</dt>
          <dd>x{(result.threadMs / result.poolMs).toFixed(2)}</dd>
        </dl>
      )}
    </section>
  );
}
