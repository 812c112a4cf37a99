/**
 * runOnThisThread: the same jobs as a SweepPool, run one by one on the calling thread. The
 * baseline of the sweep benchmark, and the fallback where workers are unavailable. Works in
 * time slices of `sliceMs`, yielding to the event loop (a macrotask) between slices so a page
 * stays responsive between slices (not during one run: a long run still blocks). Resolves with
 * the summaries in job order; an abort rejects with SweepCancelled carrying the partial runs.
 *
 * Imports the model itself (unlike pool.ts): load it lazily in the UI when it is needed.
 */
import { runToEnd, type RunSummary } from '../model/index.ts';
import {
  SweepCancelled,
  SweepFailed,
  progressOf,
  type PartialRuns,
  type PoolJob,
  type RunOptions,
} from './pool.ts';

export interface LocalRunOptions extends RunOptions {
  /** Longest stretch of runs between two yields, ms (default 30; 0 = yield after every run). */
  sliceMs?: number;
  /** Yields to the event loop (default: setTimeout 0). */
  tick?: () => Promise<void>;
  now?: () => number;
}

const defaultTick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function runOnThisThread(
  jobs: readonly PoolJob[],
  opts: LocalRunOptions = {},
): Promise<RunSummary[]> {
  const now = opts.now ?? (() => performance.now());
  const tick = opts.tick ?? defaultTick;
  const sliceMs = opts.sliceMs ?? 30;
  const total = jobs.length;
  const results: PartialRuns = new Array<RunSummary | undefined>(total);
  const t0 = now();
  opts.onProgress?.(progressOf(0, total, 0));
  let sliceStart = t0;
  for (let i = 0; i < total; i++) {
    if (opts.signal?.aborted) throw new SweepCancelled(results);
    try {
      results[i] = runToEnd(jobs[i]!.settings).summary;
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      throw new SweepFailed(`job ${i} failed: ${text}`, results, i);
    }
    const t = now();
    opts.onProgress?.(progressOf(i + 1, total, t - t0));
    if (i + 1 < total && t - sliceStart >= sliceMs) {
      await tick();
      sliceStart = now();
    }
  }
  return results as RunSummary[];
}
