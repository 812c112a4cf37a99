/**
 * The page's one sweep pool (web workers, as many as the machine's cores, at most 8), started
 * on first use and stopped when the page goes away. One sweep at a time runs on it.
 */
import { SweepPool, startSweepPool, workersAvailable } from '../sweep/index.ts';
import type { PoolJob, RunOptions } from '../sweep/pool.ts';
import type { RunSummary } from '../model/index.ts';

let pool: SweepPool | null = null;

export function pagePool(): SweepPool {
  if (!pool) {
    pool = startSweepPool();
    window.addEventListener('pagehide', () => pool?.dispose(), { once: true });
  }
  return pool;
}

/** Runs jobs on the pool, or on this thread where workers are unavailable. */
export async function runJobs(jobs: readonly PoolJob[], opts: RunOptions): Promise<RunSummary[]> {
  if (workersAvailable()) return pagePool().run(jobs, opts);
  const { runOnThisThread } = await import('../sweep/local.ts');
  return runOnThisThread(jobs, opts);
}
