/**
 * Creating a simulation and stepping it: pop the earliest event, run its handler, return the
 * trace events it emitted. Pure apart from mutating the state it is given.
 */
import { MAX_RUN_EVENTS } from './budget.ts';
import { heapPop } from './eventQueue.ts';
import { NEVER, pokeLoop, schedule, type Sim } from './core.ts';
import { hogsPerCpu, sliceUs } from './cpu.ts';
import {
  onExpire,
  onGracePeriodEnd,
  onGracePeriodStart,
  onEmit,
  onHandExpire,
  onNotify,
  onSend,
  onWork,
} from './kernel.ts';
import { onUserspace, onWake } from './loop.ts';
import { onAttempt, onBlock, onHandshake, onRestart, onTimeout, onUnblock } from './clients.ts';
import { below, normal, seedRng, uniform } from './rng.ts';
import {
  effectiveGranuleUs,
  effectiveHogs,
  effectiveKernel,
  parseEmit,
  parseExpire,
  resolveSettings,
  type SimSettings,
} from './settings.ts';
import type { Client, CpuWork, Instance, KernelPeer, SimEvent, SimState } from './state.ts';
import { FNV_OFFSET, type TraceEvent } from './trace.ts';
import { VARIANTS } from './variants.ts';

const S = 1_000_000;

/** Mixed into the seed for the kernel's own random stream ("kern"). */
const KERNEL_STREAM = 0x6b65726e;

export function createSim(input: Partial<SimSettings>): SimState {
  const settings = resolveSettings(input);
  const variant = VARIANTS[settings.variant];
  const rng = seedRng(settings.seed);
  const n = settings.peers;
  const peers: (KernelPeer | null)[] = [];
  const instances: (Instance | null)[] = new Array<Instance | null>(settings.maxClients).fill(null);
  const clients: Client[] = [];
  for (let i = 0; i < n; i++) {
    peers.push({ client: i, deadlineUs: NEVER });
    // sessions made before the run: their key is up to reneg-sec old
    const keyAge = Math.floor(uniform(rng) * settings.renegSec * S);
    instances[i] = {
      id: i,
      client: i,
      state: 'connected',
      kernelGone: false,
      ghost: false,
      createdUs: -keyAge,
      keyUs: -keyAge,
      reapAtUs: NEVER,
    };
    clients.push({ phase: 'connected', inst: i, failures: 0, gen: 0 });
  }
  const flavour = effectiveKernel(settings, variant.kernel);
  // The rig's run-level randomness, drawn from the seed (the kernel's stream): which receive CPU
  // each flow hashes to (its timer lives there), where the extra hogs sit, this run's
  // grace-period median and the phase of the timer wheel's granule grid.
  const kernelRng = seedRng(settings.seed ^ KERNEL_STREAM);
  const granuleUs = effectiveGranuleUs(settings);
  const hogs = effectiveHogs(settings);
  const cpuOf = Array.from({ length: Math.max(n, settings.maxClients) }, () =>
    below(kernelRng, settings.rxCpus),
  );
  const hogsOn = hogsPerCpu(settings.cpus, hogs, kernelRng);
  const gpMedianUs = Math.max(
    1,
    Math.round(settings.rcuGpUs * Math.exp(settings.rcuGpSpread * normal(kernelRng))),
  );
  const gridPhaseUs = Math.floor(uniform(kernelRng) * granuleUs);
  const cpus: CpuWork[] = hogsOn.map((h) => ({
    queue: [],
    head: 0,
    starting: false,
    active: 0,
    workers: 0,
    released: [],
    releasedHead: 0,
    sending: false,
    hogs: h,
  }));
  const st: SimState = {
    settings,
    variant,
    nowUs: 0,
    untilUs: Math.round(settings.untilS * S),
    seq: 0,
    events: [],
    rng,
    firewallBlocked: false,
    kernel: {
      flavour,
      peers,
      peerCount: n,
      notifyQ: [],
      notifyHead: 0,
      notifierBusy: false,
      scanPhaseUs: flavour === 'mainline' ? Math.floor(uniform(rng) * S) : 0,
      rng: kernelRng,
      cpuOf,
      cpus,
      rcu: { gpStartUs: NEVER, gpEndUs: NEVER, current: [], next: [], completed: 0 },
      gpMedianUs,
      gridPhaseUs,
      granuleUs,
      sliceUs: sliceUs(settings),
      hogs,
    },
    sock: {
      queue: [],
      head: 0,
      rmem: 0,
      rcvbuf: settings.rcvbufBytes,
      congested: false,
      error: null,
      dump: null,
      nextDatagramId: 1,
    },
    dco: {
      slotType: null,
      slotPeer: -1,
      slotReason: null,
      slotDatagram: -1,
      slotConsumed: true,
      status: 0,
      validCb: 'ovpn_handle_msg',
      locked: false,
      nextRequestId: 1,
    },
    multi: { instances, hashCount: n, freeHint: n, reapDue: [], statusDue: false },
    clients,
    loop: { phase: 'idle', stack: [], ret: 0, udpQ: [], udpHead: 0, cpuUs: 0, next: null },
    counters: {
      emitted: 0,
      queued: 0,
      dropped: 0,
      processed: 0,
      swallowed: 0,
      swallowedExpired: 0,
      swallowedBy: { dco_parse_peer_multi: 0, dco_parse_peer: 0, none: 0 },
      overwritten: 0,
      wiped: 0,
      inSlot: 0,
      readsBy: { ovpn_handle_msg: 0, dco_parse_peer_multi: 0, dco_parse_peer: 0, none: 0 },
      ghosts: 0,
      peakGhosts: 0,
      ghostsCreated: 0,
      nleAgain: 0,
      nleBusy: 0,
      nleNomem: 0,
      nleObjNotFound: 0,
      maxReadDepth: 0,
      statsSkippedLocked: 0,
      reconnectAttempts: 0,
      refused: 0,
      reconnected: 0,
      reapedByTls: 0,
      requests: 0,
      droppedReplies: 0,
      dumpPartsRefused: 0,
      firstEmitUs: -1,
      lastDelOutUs: -1,
    },
    exited: null,
    traceCount: 0,
    traceHash: FNV_OFFSET,
    finished: false,
    budgetCut: false,
  };
  schedule(st, Math.round(settings.blockAtS * S), { k: 'fw_block' });
  if (settings.unblockAtS >= 0)
    schedule(st, Math.round(settings.unblockAtS * S), { k: 'fw_unblock' });
  if (settings.statusIntervalS > 0) schedule(st, settings.statusIntervalS * S, { k: 'status' });
  const hand = parseExpire(settings.expire, settings.peers);
  if (typeof hand !== 'string') {
    for (const e of hand) schedule(st, e.atUs, { k: 'k_hand', peers: [e.peer] });
  }
  const emits = parseEmit(settings.emit, settings.peers);
  if (typeof emits !== 'string') {
    for (const e of emits) schedule(st, e.atUs, { k: 'k_emit', peers: [e.peer] });
  }
  schedule(st, st.untilUs, { k: 'end' });
  return st;
}

function dispatch(sim: Sim, ev: SimEvent): void {
  const st = sim.st;
  switch (ev.k) {
    case 'fw_block':
      return onBlock(sim);
    case 'fw_unblock':
      return onUnblock(sim);
    case 'k_expire':
      return onExpire(sim, ev.at, ev.peers ?? []);
    case 'k_hand':
      return onHandExpire(sim, ev.peers?.[0] ?? -1);
    case 'k_emit':
      return onEmit(sim, ev.peers?.[0] ?? -1);
    case 'k_notify':
      return onNotify(sim);
    case 'k_work':
      return onWork(sim, ev.c);
    case 'k_gp_start':
      return onGracePeriodStart(sim);
    case 'k_gp_end':
      return onGracePeriodEnd(sim);
    case 'k_send':
      return onSend(sim, ev.c);
    case 'c_restart':
      return onRestart(sim, ev.c);
    case 'c_attempt':
      return onAttempt(sim, ev.c, ev.gen);
    case 'c_timeout':
      return onTimeout(sim, ev.c, ev.gen);
    case 'c_handshake':
      return onHandshake(sim, ev.c, ev.gen);
    case 'wake':
      return onWake(sim);
    case 'us':
      return onUserspace(sim);
    case 'reap': {
      const inst = st.multi.instances[ev.inst];
      if (inst && inst.ghost && inst.createdUs === ev.at) {
        st.multi.reapDue.push(ev.inst);
        pokeLoop(sim);
      }
      return;
    }
    case 'status':
      st.multi.statusDue = true;
      pokeLoop(sim);
      schedule(st, st.nowUs + st.settings.statusIntervalS * S, { k: 'status' });
      return;
    case 'end':
      st.finished = true;
      return;
  }
}

/** The earliest pending event by (t, s): the heap's top or the userspace thread's one. */
function popNext(st: SimState): SimEvent | undefined {
  const top = st.events[0];
  const loop = st.loop.next;
  if (loop && (!top || loop.t < top.t || (loop.t === top.t && loop.s < top.s))) {
    st.loop.next = null;
    return loop;
  }
  return heapPop(st.events);
}

/**
 * Runs the next event. Returns the trace events it emitted (often one, sometimes none, a few
 * when the kernel reacts within the same instant). A finished run returns [].
 */
export function step(st: SimState): TraceEvent[] {
  const out: TraceEvent[] = [];
  advanceOne(st, out);
  return out;
}

/** Runs the next event, collecting its trace events into `out` (or only hashing, if null). */
export function advanceOne(st: SimState, out: TraceEvent[] | null): void {
  if (st.finished) return;
  if (st.traceCount >= MAX_RUN_EVENTS) {
    st.finished = true;
    st.budgetCut = true;
    return;
  }
  const ev = popNext(st);
  if (!ev || ev.t > st.untilUs) {
    st.finished = true;
    return;
  }
  st.nowUs = ev.t;
  dispatch({ st, out }, ev);
  if (st.exited) st.finished = true;
}

/** Steps until at least one trace event is emitted or the run ends. */
export function stepUntilTrace(st: SimState): TraceEvent[] {
  for (;;) {
    const out = step(st);
    if (out.length > 0 || st.finished) return out;
  }
}
