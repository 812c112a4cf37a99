/**
 * One sweep's life on the page: idle → running (progress, throttled to a few renders a second)
 * → done | cancelled | failed, with the runs (partial after a cancel or failure).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunSummary } from '../model/index.ts';
import {
  SweepCancelled,
  SweepFailed,
  type PartialRuns,
  type PoolJob,
  type SweepProgress,
} from '../sweep/pool.ts';
import { runJobs } from './pool.ts';

export type RunStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

export interface SweepRunState {
  status: RunStatus;
  progress: SweepProgress | null;
  runs: PartialRuns | null;
  error: string | null;
  /** Increases with every start (results of an older start are dropped). */
  generation: number;
}

const IDLE: SweepRunState = {
  status: 'idle',
  progress: null,
  runs: null,
  error: null,
  generation: 0,
};
const RENDER_EVERY_MS = 150;

/** True while any sweep of this page runs (the pool takes one at a time). */
let busy = false;
const busyListeners = new Set<(b: boolean) => void>();
function setBusy(b: boolean) {
  busy = b;
  for (const l of busyListeners) l(b);
}

/** Whether the page's pool is taken by some sweep. */
export function usePoolBusy(): boolean {
  const [b, setB] = useState(busy);
  useEffect(() => {
    busyListeners.add(setB);
    return () => {
      busyListeners.delete(setB);
    };
  }, []);
  return b;
}

export function useSweepRun() {
  const [state, setState] = useState<SweepRunState>(IDLE);
  const abort = useRef<AbortController | null>(null);
  const gen = useRef(0);

  useEffect(() => () => abort.current?.abort(), []);

  const start = useCallback(async (jobs: readonly PoolJob[]): Promise<RunSummary[] | null> => {
    if (busy) return null;
    setBusy(true);
    const mine = ++gen.current;
    const controller = new AbortController();
    abort.current = controller;
    let last = 0;
    setState({ status: 'running', progress: null, runs: null, error: null, generation: mine });
    const onProgress = (p: SweepProgress) => {
      const now = performance.now();
      if (p.done !== p.total && p.done !== 0 && now - last < RENDER_EVERY_MS) return;
      last = now;
      setState((s) =>
        s.generation === mine && s.status === 'running' ? { ...s, progress: p } : s,
      );
    };
    try {
      const runs = await runJobs(jobs, { onProgress, signal: controller.signal });
      setState((s) => (s.generation === mine ? { ...s, status: 'done', runs } : s));
      return runs;
    } catch (err) {
      const partial =
        err instanceof SweepCancelled || err instanceof SweepFailed ? err.partial : null;
      const cancelled = err instanceof SweepCancelled;
      const done = partial ? partial.filter(Boolean).length : 0;
      setState((s) =>
        s.generation === mine
          ? {
              ...s,
              status: cancelled ? 'cancelled' : 'failed',
              runs: partial,
              error: cancelled ? null : err instanceof Error ? err.message : String(err),
              progress: s.progress ? { ...s.progress, done, etaMs: null } : s.progress,
            }
          : s,
      );
      return null;
    } finally {
      if (abort.current === controller) abort.current = null;
      setBusy(false);
    }
  }, []);

  const cancel = useCallback(() => abort.current?.abort(), []);

  return { state, start, cancel };
}
