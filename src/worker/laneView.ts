/**
 * Builds what a lane shows (protocol/view.ts) from the simulation state. Pure: the worker calls
 * it after every move; tests call it in Node.
 */
import {
  gaugesOf,
  pendingDeletions,
  forEachPendingWork,
  summarize,
  type Frame,
  type SimState,
  type TraceEvent,
} from '../model/index.ts';
import {
  INST,
  type KernelCpuView,
  MAX_QUEUE_VIEW,
  PEER,
  type LaneView,
  type LostNotification,
  type LossOutcome,
  type QueuedDatagram,
  type ReaderFrame,
} from '../protocol/view.ts';

const NEVER = Number.MAX_SAFE_INTEGER;

function frameView(st: SimState, fr: Frame): ReaderFrame {
  const v = st.variant;
  switch (fr.f) {
    case 'loop_pass':
      return { fn: v.kernel === 'mainline' ? 'multi_io_process_io' : 'multi_process_io_udp' };
    case 'dco_do_read':
      return { fn: v.readFn };
    case 'recvmsgs':
      return { fn: 'recvmsgs', depth: fr.depth };
    case 'ovpn_nl_msg_send':
      return { fn: fr.caller, cmd: fr.cmd };
    case 'connection_established':
      return { fn: 'multi_process_incoming_link' };
    default:
      return { fn: fr.f };
  }
}

/** What the lane has lost up to its position (the worker's loss index: pairLane.ts lossesAt). */
export interface LaneLosses {
  recent: LostNotification[];
  total: number;
  byOutcome: Record<LossOutcome, number>;
}

export const NO_LOSSES: LaneLosses = {
  recent: [],
  total: 0,
  byOutcome: { overwritten: 0, wiped: 0, swallowed: 0, dropped: 0 },
};

/** The request waiting in the innermost ovpn_nl_msg_send frame, if any. */
function requestView(st: SimState): LaneView['reader']['request'] {
  for (let k = st.loop.stack.length - 1; k >= 0; k--) {
    const fr = st.loop.stack[k]!;
    if (fr.f === 'ovpn_nl_msg_send') return { req: fr.req, cmd: fr.cmd, cb: fr.cb, peer: fr.peer };
  }
  return null;
}

/** The datagram the innermost read frame still holds (a dump part between its entries). */
function readingView(st: SimState): number | null {
  for (let k = st.loop.stack.length - 1; k >= 0; k--) {
    const fr = st.loop.stack[k]!;
    if (fr.f === 'recvmsgs') return fr.dg >= 0 ? fr.dg : null;
  }
  return null;
}

export function buildLaneView(
  lane: number,
  st: SimState,
  events: TraceEvent[],
  length: number | null,
  losses: LaneLosses = NO_LOSSES,
): LaneView {
  const size = Math.max(st.settings.peers, st.settings.maxClients);
  const peers = new Uint8Array(size);
  const notifying = new Set<number>();
  for (let i = st.kernel.notifyHead; i < st.kernel.notifyQ.length; i++) {
    notifying.add(st.kernel.notifyQ[i]!.peer);
  }
  const perCpu = new Map<number, KernelCpuView>();
  const cpuView = (cpu: number): KernelCpuView => {
    let v = perCpu.get(cpu);
    if (!v) {
      const c = st.kernel.cpus[cpu];
      v = { cpu, hogs: c?.hogs ?? 0, queued: 0, grace: 0, released: 0, workers: c?.workers ?? 0 };
      perCpu.set(cpu, v);
    }
    return v;
  };
  if (st.kernel.flavour === 'ovpn-dco') {
    for (let cpu = 0; cpu < st.settings.rxCpus; cpu++) cpuView(cpu);
    forEachPendingWork(st.kernel, (w, stage) => {
      notifying.add(w.peer);
      cpuView(w.cpu)[stage]++;
    });
  }
  // A peer whose keepalive expired waits for the kernel, which deletes it (ovpn-dco: from the
  // table at once) and sends its DEL_PEER: it shows as expired until then, not as alive.
  st.kernel.peers.forEach((p, id) => {
    if (notifying.has(id)) peers[id] = PEER.deleting;
    else if (p) peers[id] = p.deadlineUs < NEVER ? PEER.armed : PEER.alive;
  });
  for (const id of notifying) peers[id] = PEER.deleting;
  const instances = new Uint8Array(size);
  st.multi.instances.forEach((inst, id) => {
    if (!inst) return;
    instances[id] = inst.ghost
      ? INST.ghost
      : inst.kernelGone
        ? INST.closing
        : inst.state === 'half-open'
          ? INST.halfOpen
          : INST.connected;
  });
  const queue: QueuedDatagram[] = [];
  const sock = st.sock;
  for (let i = sock.head; i < sock.queue.length && queue.length < MAX_QUEUE_VIEW; i++) {
    const d = sock.queue[i]!;
    const q: QueuedDatagram = { id: d.id, kind: d.kind, truesize: d.truesize };
    if (d.kind === 'del') {
      q.peer = d.peer;
      q.reason = d.reason;
    } else {
      q.req = d.req;
      if (d.kind === 'dump') {
        q.entries = d.entries;
        q.first = d.first;
      }
      if (d.kind === 'error') q.errno = d.errno;
      if (d.kind === 'reply') q.peer = d.peer;
    }
    queue.push(q);
  }
  const stack = st.loop.stack.map((fr) => frameView(st, fr));
  const depth = st.loop.stack.reduce((n, fr) => (fr.f === 'recvmsgs' ? n + 1 : n), 0);
  return {
    lane,
    variant: st.settings.variant,
    position: st.traceCount,
    length,
    finished: st.finished,
    nowUs: st.nowUs,
    summary: summarize(st),
    gauges: gaugesOf(st),
    kernel: {
      flavour: st.kernel.flavour,
      peerCount: st.kernel.peerCount,
      peers,
      notifyPending: pendingDeletions(st.kernel),
      cpus: [...perCpu.values()].sort((a, b) => a.cpu - b.cpu),
      cpuCount: st.settings.cpus,
      hogs: st.kernel.hogs,
      rxCpus: st.settings.rxCpus,
      gp:
        st.kernel.rcu.gpEndUs < NEVER
          ? {
              endsUs: st.kernel.rcu.gpEndUs,
              current: st.kernel.rcu.current.length,
              next: st.kernel.rcu.next.length,
            }
          : null,
      gpCompleted: st.kernel.rcu.completed,
      gpMedianUs: st.kernel.gpMedianUs,
    },
    socket: {
      rmem: sock.rmem,
      rcvbuf: sock.rcvbuf,
      congested: sock.congested,
      error: sock.error,
      dumpRunning: sock.dump !== null,
      total: sock.queue.length - sock.head,
      queue,
    },
    reader: {
      validCb: st.dco.validCb,
      locked: st.dco.locked,
      status: st.dco.status,
      stack,
      depth,
      loopPhase: st.loop.phase,
      request: requestView(st),
      reading: readingView(st),
    },
    slot: {
      type: st.dco.slotType,
      peer: st.dco.slotPeer,
      reason: st.dco.slotReason,
      consumed: st.dco.slotConsumed,
      datagram: st.dco.slotDatagram,
    },
    multi: {
      maxClients: st.settings.maxClients,
      hashCount: st.multi.hashCount,
      instances,
    },
    events,
    lost: {
      recent: losses.recent,
      total: losses.total,
      byOutcome: { ...losses.byOutcome },
    },
    load: st.settings.load,
    exited: st.exited ? { ...st.exited } : null,
  };
}
