/**
 * Shared plumbing of the step functions: the running step's trace output, scheduling, the
 * load model and the ghost bookkeeping every mechanism uses.
 */
import { heapPush } from './eventQueue.ts';
import { expUs } from './rng.ts';
import type { Instance, SimEventBody, SimState } from './state.ts';
import { FNV_OFFSET, encodeTraceEvent, fnv1a, type TraceEvent } from './trace.ts';

/** "Never" in state: a finite sentinel, because Infinity does not survive JSON checkpoints. */
export const NEVER = Number.MAX_SAFE_INTEGER;

/** One step in progress: the state and the trace events the step emits. */
export interface Sim {
  st: SimState;
  out: TraceEvent[];
}

export function schedule(st: SimState, t: number, body: SimEventBody): void {
  heapPush(st.events, { ...body, t, s: st.seq++ });
}

/** Emits one trace event, numbering and hashing it. */
export function emit(sim: Sim, e: Omit<TraceEvent, 'i' | 't' | 'rmem'>): void {
  const st = sim.st;
  const ev: TraceEvent = { i: st.traceCount++, t: st.nowUs, rmem: st.sock.rmem, ...e };
  st.traceHash = fnv1a(st.traceHash === 0 ? FNV_OFFSET : st.traceHash, encodeTraceEvent(ev));
  sim.out.push(ev);
}

/**
 * The load model. The OpenVPN process gets the CPU in slices: after a slice of CPU time it
 * waits a scheduling delay before it runs again, and a wake-up from epoll also waits one.
 * Load scales that delay (idle 0.2 ms, stress ~29 ms, saturated 50 ms) and the cost of work.
 */
export const CPU_SLICE_US = 3_000;

export function schedMeanUs(load: number): number {
  return 200 * Math.pow(250, load);
}

export function costFactor(load: number): number {
  return 1 + 4 * load;
}

export function cost(st: SimState, baseUs: number): number {
  return Math.max(1, Math.round(baseUs * costFactor(st.settings.load)));
}

export function schedDelay(st: SimState): number {
  return expUs(st.rng, schedMeanUs(st.settings.load));
}

/** The instance of a peer id, if any. */
export function instanceOf(st: SimState, peer: number): Instance | null {
  return peer >= 0 && peer < st.multi.instances.length ? (st.multi.instances[peer] ?? null) : null;
}

/**
 * A DEL_PEER for `peer` was lost (swallowed, overwritten, wiped or dropped): if its instance
 * still exists and its kernel peer is gone, it becomes a ghost until TLS reaps it.
 */
export function markLost(st: SimState, peer: number): void {
  const inst = instanceOf(st, peer);
  if (!inst || !inst.kernelGone || inst.ghost) return;
  inst.ghost = true;
  const c = st.counters;
  c.ghosts++;
  c.ghostsCreated++;
  if (c.ghosts > c.peakGhosts) c.peakGhosts = c.ghosts;
  schedule(st, Math.max(st.nowUs, inst.reapAtUs), { k: 'reap', inst: inst.id, at: inst.createdUs });
}
