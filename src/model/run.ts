/**
 * Running a whole simulation, and the gauges sampled over time for charts.
 */
import { advanceOne, createSim } from './sim.ts';
import type { SimSettings } from './settings.ts';
import type { SimState } from './state.ts';
import { summarize, type RunSummary } from './summary.ts';
import type { TraceEvent } from './trace.ts';

/** What the chart plots over simulated time. */
export interface Gauges {
  t: number;
  kernelPeers: number;
  instances: number;
  ghosts: number;
  refused: number;
  queueBytes: number;
}

export function gaugesOf(st: SimState): Gauges {
  return {
    t: st.nowUs,
    kernelPeers: st.kernel.peerCount,
    instances: st.multi.hashCount,
    ghosts: st.counters.ghosts,
    refused: st.counters.refused,
    queueBytes: st.sock.rmem,
  };
}

export interface RunOptions {
  /** Called with every trace event, in order. */
  onTrace?: (e: TraceEvent) => void;
  /** Called every PROGRESS_EVERY model steps with the state so far (read it, never change it). */
  onProgress?: (state: SimState) => void;
}

/** Model steps between two `onProgress` calls. */
export const PROGRESS_EVERY = 1 << 16;

export function runToEnd(
  settings: Partial<SimSettings>,
  opts: RunOptions = {},
): { summary: RunSummary; state: SimState } {
  const st = createSim(settings);
  const onTrace = opts.onTrace;
  const out: TraceEvent[] | null = onTrace ? [] : null;
  const onProgress = opts.onProgress;
  let steps = 0;
  while (!st.finished) {
    advanceOne(st, out);
    if (onProgress && ++steps % PROGRESS_EVERY === 0) onProgress(st);
    if (out && onTrace) {
      for (const e of out) onTrace(e);
      out.length = 0;
    }
  }
  return { summary: summarize(st), state: st };
}
