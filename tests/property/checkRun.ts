/**
 * Runs one simulation step by step and checks the invariants of ARCHITECTURE.md as it goes.
 * Every check throws with the time, step and counters involved, so fast-check reports the
 * failing settings together with what broke.
 */
import {
  createSim,
  pendingDeletions,
  step,
  type Datagram,
  type SimSettings,
  type SimState,
  type TraceEvent,
  type VariantId,
} from '../../src/model/index.ts';

export interface RunCheck {
  st: SimState;
  trace: TraceEvent[];
  /** Time of the first notification the kernel dropped, or null. */
  firstDropUs: number | null;
  /** Drops whose instance was alive (not yet a ghost): each makes one ghost. */
  liveDrops: number;
  /** How many times the run was quiet (invariant 2 checked) and not exited. */
  quietChecks: number;
}

function fail(st: SimState, what: string): never {
  const c = st.counters;
  throw new Error(
    `${what}\n  at t=${st.nowUs} us, trace position ${st.traceCount}, variant ${st.settings.variant}\n  counters ${JSON.stringify(c)}`,
  );
}

/** DEL_PEER notifications waiting in the socket queue. */
export function queuedDels(st: SimState): number {
  let n = 0;
  for (let i = st.sock.head; i < st.sock.queue.length; i++)
    if (st.sock.queue[i]!.kind === 'del') n++;
  return n;
}

/** Invariant 1: every emitted DEL is accounted for exactly once. */
function checkConservation(st: SimState, inQueue: number): void {
  const c = st.counters;
  if (c.emitted !== c.queued + c.dropped)
    fail(st, `emitted ${c.emitted} != queued ${c.queued} + dropped ${c.dropped}`);
  const accounted = c.processed + c.swallowed + c.overwritten + c.wiped + inQueue + c.inSlot;
  if (c.queued !== accounted)
    fail(
      st,
      `queued ${c.queued} != processed ${c.processed} + swallowed ${c.swallowed} + overwritten ${c.overwritten} + wiped ${c.wiped} + in queue ${inQueue} + in slot ${c.inSlot}`,
    );
  if (c.inSlot < 0 || c.inSlot > 1) fail(st, `inSlot ${c.inSlot} outside 0..1`);
  if (
    c.swallowed !==
    c.swallowedBy.dco_parse_peer_multi + c.swallowedBy.dco_parse_peer + c.swallowedBy.none
  )
    fail(st, `swallowed ${c.swallowed} != sum of swallowedBy`);
}

/**
 * Invariant 3: how each variant makes ghosts. Every lost DEL of a live instance makes exactly
 * one ghost: swallowed by a wrong callback (2.6.14, the RFC patch), overwritten or wiped in
 * the slot (2.7-prefix), or dropped by overflow (all).
 */
function checkGhostOrigins(st: SimState, variant: VariantId, liveDrops: number): void {
  const c = st.counters;
  let expected: number;
  switch (variant) {
    case '2.6.14':
    case '2.6-rfc-patch':
      if (c.overwritten + c.wiped !== 0) fail(st, `${variant} overwrote or wiped the slot`);
      expected = c.swallowedExpired + liveDrops;
      break;
    case '2.7-prefix':
      if (c.swallowed !== 0) fail(st, `2.7-prefix swallowed ${c.swallowed} with a wrong callback`);
      expected = c.overwritten + c.wiped + liveDrops;
      break;
    case '2.6.20':
    case '2.7':
    case 'fix-no-lock':
      if (c.swallowed + c.overwritten + c.wiped !== 0)
        fail(st, `${variant} lost a DEL other than by overflow`);
      expected = liveDrops;
      break;
  }
  if (c.ghostsCreated !== expected)
    fail(st, `ghostsCreated ${c.ghostsCreated} != ${expected} expected for ${variant}`);
  if (c.ghosts !== c.ghostsCreated - c.reapedByTls)
    fail(st, `ghosts ${c.ghosts} != created ${c.ghostsCreated} - reaped ${c.reapedByTls}`);
}

/** The run is quiet: nothing queued, nothing left to notify, nothing running, no error. */
export function isQuiet(st: SimState): boolean {
  return (
    st.sock.head >= st.sock.queue.length &&
    st.sock.error === null &&
    pendingDeletions(st.kernel) === 0 &&
    !st.kernel.notifierBusy &&
    st.loop.stack.length === 0
  );
}

/** Invariant 2: the instances bound to kernel peers are exactly the kernel's peers. */
function checkSynced(st: SimState): void {
  const kernelIds: number[] = [];
  st.kernel.peers.forEach((p, id) => {
    if (p) kernelIds.push(id);
  });
  const bound: number[] = [];
  st.multi.instances.forEach((inst) => {
    if (!inst) return;
    if (inst.ghost) fail(st, `instance ${inst.id} is a ghost while quiet`);
    if (inst.kernelGone) fail(st, `instance ${inst.id} outlived its kernel peer while quiet`);
    if (inst.state === 'connected') bound.push(inst.id);
  });
  if (kernelIds.join() !== bound.join())
    fail(st, `kernel peers [${kernelIds.join()}] != connected instances [${bound.join()}]`);
  if (st.kernel.peerCount !== kernelIds.length)
    fail(st, `kernel.peerCount ${st.kernel.peerCount} != ${kernelIds.length} peers in the table`);
}

const SYNCED_VARIANTS: readonly VariantId[] = ['2.6.20', '2.7', 'fix-no-lock'];

/**
 * Runs `settings` to the end, checking invariants 1, 3 and 5 after every step and invariant 2
 * at every quiet moment (for the variants it applies to). Invariant 4 needs the whole run and
 * is checked by the caller from the result.
 */
export function checkRun(settings: Partial<SimSettings>): RunCheck {
  const st = createSim(settings);
  const variant = st.settings.variant;
  const max = st.settings.maxClients;
  const trace: TraceEvent[] = [];
  // the ghosts after the previous step, by peer id: creation time (NaN = no ghost), reap time
  const ghostCreated = new Float64Array(st.multi.instances.length).fill(Number.NaN);
  const ghostReapAt = new Float64Array(st.multi.instances.length);
  // DELs in the socket queue, recounted only when the queue moved
  let dels = 0;
  let queueKey: [Datagram[], number, number] = [st.sock.queue, -1, -1];
  let firstDropUs: number | null = null;
  let liveDrops = 0;
  let quietChecks = 0;
  let reapedBefore = 0;
  while (!st.finished) {
    const out = step(st);
    const c = st.counters;
    for (const e of out) {
      trace.push(e);
      if (e.what === 'k_notify' && e.outcome === 'dropped') {
        if (firstDropUs === null) firstDropUs = e.t;
        // a drop makes a ghost of an instance that was alive (not a ghost) before this step
        const inst = st.multi.instances[e.peer!];
        if (inst?.ghost && Number.isNaN(ghostCreated[inst.id]!)) liveDrops++;
      }
      // invariant 5: refusals only while the hash holds max-clients entries
      if (e.what === 'refuse' && (e.n! < max || st.multi.hashCount < max))
        fail(st, `client ${e.client} refused with ${e.n} of ${max} in the hash`);
      if (e.what === 'create' && e.n! > max) fail(st, `hash holds ${e.n} > max-clients ${max}`);
    }

    const q = st.sock;
    if (queueKey[0] !== q.queue || queueKey[1] !== q.head || queueKey[2] !== q.queue.length) {
      dels = queuedDels(st);
      queueKey = [q.queue, q.head, q.queue.length];
    }
    checkConservation(st, dels);

    // ghosts now, compared with the ghosts after the previous step
    let count = 0;
    let present = 0;
    let vanished = 0;
    const instances = st.multi.instances;
    for (let id = 0; id < instances.length; id++) {
      const inst = instances[id];
      if (inst) present++;
      const was = ghostCreated[id]!;
      if (!Number.isNaN(was)) {
        if (inst && inst.createdUs === was) {
          if (!inst.ghost) fail(st, `instance ${id} stopped being a ghost without closing`);
        } else {
          // invariant 5: a ghost disappears only through a TLS reap, at or after its reap time
          vanished++;
          if (st.nowUs < ghostReapAt[id]!)
            fail(st, `ghost ${id} closed before its reap time ${ghostReapAt[id]}`);
          if (!out.some((e) => e.what === 'close' && e.peer === id && e.field === 'ghost'))
            fail(st, `ghost ${id} vanished without multi_close_instance`);
        }
      }
      if (inst?.ghost) {
        count++;
        ghostCreated[id] = inst.createdUs;
        ghostReapAt[id] = inst.reapAtUs;
      } else {
        ghostCreated[id] = Number.NaN;
      }
    }
    if (present !== st.multi.hashCount)
      fail(st, `hashCount ${st.multi.hashCount} != ${present} instances present`);
    if (present > max) fail(st, `${present} instances > max-clients ${max}`);
    if (count !== c.ghosts) fail(st, `counters.ghosts ${c.ghosts} != ${count} ghost instances`);
    if (vanished !== c.reapedByTls - reapedBefore)
      fail(st, `${vanished} ghosts vanished, reapedByTls grew by ${c.reapedByTls - reapedBefore}`);
    reapedBefore = c.reapedByTls;

    checkGhostOrigins(st, variant, liveDrops);

    if (SYNCED_VARIANTS.includes(variant) && !st.exited && c.dropped === 0 && isQuiet(st)) {
      checkSynced(st);
      quietChecks++;
    }
  }
  return { st, trace, firstDropUs, liveDrops, quietChecks };
}

/**
 * How long after the first drop the exit may still be pending when the run ends. The drop
 * sets a pending ENOBUFS that the very next recvmsg reports, and every read path turns it
 * into an exit. Until then the loop may (a) sleep a wake-up delay, (b) finish the frame it is
 * in and (c) serve up to one UDP packet per pass before DCO_READ, waiting after every slice of
 * CPU while each hog on its CPU runs one (cpu.ts). A wake waits at most a slice plus an
 * exponential latency, and a slice's wait at most (hogs per CPU, rounded up) slices; a burst
 * of at most ~220 clients costs a few tens of ms of CPU, about a dozen slices: 40 of the
 * largest waits (the latency's mean counted 20 times over) bound it with room to spare. The
 * fixed 100 ms covers the CPU time itself.
 */
export function exitMarginUs(st: SimState): number {
  const perCpu = Math.ceil(st.kernel.hogs / st.settings.cpus);
  const worst = st.kernel.sliceUs * (perCpu + 1) + 20 * st.settings.wakeUs;
  return 40 * worst + 100_000;
}
