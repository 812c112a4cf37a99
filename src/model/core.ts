/**
 * Shared plumbing of the step functions: the running step's trace output, scheduling, OpenVPN's
 * share of the CPU contention model (cpu.ts) and the ghost bookkeeping every mechanism uses.
 */
import { heapPush } from './eventQueue.ts';
import { openvpnHogs, sliceWaitUs, wakeWaitUs } from './cpu.ts';
import type { Instance, SimEvent, SimEventBody, SimState } from './state.ts';
import { hashTraceEvent, type StepReport, type TraceEvent } from './trace.ts';

/** "Never" in state: a finite sentinel, because Infinity does not survive JSON checkpoints. */
export const NEVER = Number.MAX_SAFE_INTEGER;

/** One step in progress: the state and, when collected, the trace events the step emits. */
export interface Sim {
  st: SimState;
  /** Null when nobody reads the events (the hash is still computed). */
  out: TraceEvent[] | null;
}

/** The queue's record of an event: the body's fields in the one shape of SimEvent. */
function eventOf(st: SimState, t: number, body: SimEventBody): SimEvent {
  const b = body as Partial<Omit<SimEvent, 't' | 's'>> & Pick<SimEvent, 'k'>;
  return {
    t,
    s: st.seq++,
    k: b.k,
    c: b.c ?? -1,
    gen: b.gen ?? -1,
    inst: b.inst ?? -1,
    at: b.at ?? -1,
    peers: b.peers ?? null,
  };
}

export function schedule(st: SimState, t: number, body: SimEventBody): void {
  heapPush(st.events, eventOf(st, t, body));
}

/** Schedules the userspace thread's next event (a wake or its next action). */
export function scheduleLoop(st: SimState, t: number, k: 'wake' | 'us'): void {
  st.loop.next = eventOf(st, t, { k });
}

/**
 * Something became ready (a datagram queued, a UDP packet, a timer due): a sleeping loop wakes
 * after a scheduling delay. Here rather than in loop.ts so that the mechanisms that wake the
 * loop (kernel, clients) need not import the loop, which imports them through its frames.
 */
export function pokeLoop(sim: Sim): void {
  const st = sim.st;
  if (st.loop.phase !== 'idle' || st.exited) return;
  st.loop.phase = 'woken';
  scheduleLoop(st, st.nowUs + schedDelay(st), 'wake');
}

/** Emits one trace event: numbers it, folds it into the trace hash, hands it to the reader. */
export function emit(sim: Sim, e: StepReport): void {
  const st = sim.st;
  const i = st.traceCount++;
  st.traceHash = hashTraceEvent(st.traceHash, i, st.nowUs, e, st.sock.rmem);
  if (!sim.out) return;
  // one object shape for every event keeps consumers monomorphic
  sim.out.push({
    i,
    t: st.nowUs,
    actor: e.actor,
    fn: e.fn,
    what: e.what,
    outcome: e.outcome,
    dg: e.dg,
    dgKind: e.dgKind,
    peer: e.peer,
    reason: e.reason,
    client: e.client,
    cb: e.cb,
    cmd: e.cmd,
    field: e.field,
    prevPeer: e.prevPeer,
    depth: e.depth,
    n: e.n,
    err: e.err,
    cpu: e.cpu,
    rmem: st.sock.rmem,
  });
}

/** The CPU time of a step: its base cost (contention adds waits, never CPU time). */
export function cost(_st: SimState, baseUs: number): number {
  return Math.max(1, Math.round(baseUs));
}

/**
 * OpenVPN wakes from epoll: it waits for a CPU (behind a hog's slice when every CPU has one),
 * plus the wake-up latency (cpu.ts).
 */
export function schedDelay(st: SimState): number {
  const hogs = openvpnHogs(st.rng, st.settings.cpus, st.kernel.hogs);
  return wakeWaitUs(st.rng, hogs, st.kernel.sliceUs, st.settings.wakeUs);
}

/** OpenVPN used up a slice of CPU time: the hogs on its CPU each run one before it resumes. */
export function sliceDelay(st: SimState): number {
  return sliceWaitUs(openvpnHogs(st.rng, st.settings.cpus, st.kernel.hogs), st.kernel.sliceUs);
}

/** The instance of a peer id, if any. */
export function instanceOf(st: SimState, peer: number): Instance | null {
  return peer >= 0 && peer < st.multi.instances.length ? (st.multi.instances[peer] ?? null) : null;
}

/**
 * When TLS reaps an instance whose client is gone: its keys renegotiated every reneg-sec while
 * the client was alive, so the last key was made at the latest renegotiation before now; that
 * key fails to renegotiate and expires reneg-sec + tran-window after it was made.
 */
export function tlsReapTime(st: SimState, firstKeyUs: number): number {
  const reneg = st.settings.renegSec * 1_000_000;
  const lastKey = firstKeyUs + Math.floor((st.nowUs - firstKeyUs) / reneg) * reneg;
  return lastKey + reneg + st.settings.tranWindowS * 1_000_000;
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
  inst.reapAtUs = tlsReapTime(st, inst.keyUs);
  schedule(st, inst.reapAtUs, { k: 'reap', inst: inst.id, at: inst.createdUs });
}
