/**
 * The kernel module: the peer table with keepalive expiry, the deletions that send DEL_PEER
 * notifications, and the synchronous handling of userspace requests (replies, ACKs, errors,
 * dumps). ovpn-dco (2.6): per-peer timers on their flows' receive CPUs, filed in the timer
 * wheel's granule grid; at expiry the peer is unhashed and one delete work item per peer runs
 * on that CPU's kworkers, sleeps one RCU grace period, then multicasts the notification.
 * Mainline ovpn (2.7): one keepalive work scanning every peer at whole-second deadlines, all
 * expired peers deleted and notified in one pass.
 */
import { NEVER, cost, emit, instanceOf, pokeLoop, schedule, type Sim } from './core.ts';
import {
  broadcast,
  dropNotification,
  newDatagramId,
  queueDumpPart,
  unicast,
  DUMP_PART_TRUESIZE,
  SMALL_TRUESIZE,
} from './netlinkSocket.ts';
import { wakeWaitUs } from './cpu.ts';
import { uniform } from './rng.ts';
import type {
  DeleteWork,
  DelReason,
  KernelState,
  ReplyErrno,
  RequestCmd,
  SimState,
} from './state.ts';
import { NO_FIELDS } from './trace.ts';

const S = 1_000_000;

/** Most delete work items active at once on one CPU (alloc_workqueue's max_active 0: 256). */
export const MAX_ACTIVE_PER_CPU = 256;

/** When a peer last heard from at `lastRecvUs` expires, for this kernel flavour. */
export function expiryTime(st: SimState, lastRecvUs: number): number {
  const raw = lastRecvUs + st.settings.keepaliveTimeoutS * S;
  if (st.kernel.flavour === 'mainline') {
    // keepalive work re-armed at whole-second deadlines, at a fixed phase within the second
    const ph = st.kernel.scanPhaseUs;
    return Math.ceil((raw - ph) / S) * S + ph;
  }
  // the timer wheel files a timer in the first bucket after its expiry: the next boundary of
  // the granule grid, whose phase is this run's (jiffies did not start at the run's zero)
  const g = st.kernel.granuleUs;
  const ph = st.kernel.gridPhaseUs;
  return (Math.floor((raw - ph) / g) + 1) * g + ph;
}

/** Spacing between bursts when the batch size is forced. */
function burstSpacing(st: SimState): number {
  return st.kernel.flavour === 'mainline' ? S : st.kernel.granuleUs;
}

/**
 * The firewall starts blocking: each peer's last received packet is its client's last
 * keepalive ping before the block; its timer fires one keepalive timeout later, rounded.
 * With a forced batch size, peers expire in groups of exactly that many instead.
 */
export function armExpiries(sim: Sim): void {
  const st = sim.st;
  // A replayed emission schedule (settings.emit) is the kernel's only source of DEL_PEERs.
  if (st.settings.emit !== '') return;
  const ids: number[] = [];
  const deadlines = new Map<number, number[]>();
  for (let id = 0; id < st.kernel.peers.length; id++) {
    const p = st.kernel.peers[id];
    if (!p) continue;
    const lastRecv = st.nowUs - Math.floor(uniform(st.rng) * st.settings.pingIntervalS * S);
    p.deadlineUs = expiryTime(st, lastRecv);
    ids.push(id);
  }
  const batch = st.settings.batch;
  if (typeof batch === 'number') {
    const first = Math.min(...ids.map((id) => st.kernel.peers[id]!.deadlineUs));
    ids.forEach((id, rank) => {
      st.kernel.peers[id]!.deadlineUs = first + Math.floor(rank / batch) * burstSpacing(st);
    });
  }
  for (const id of ids) {
    const d = st.kernel.peers[id]!.deadlineUs;
    const group = deadlines.get(d);
    if (group) group.push(id);
    else deadlines.set(d, [id]);
  }
  for (const d of [...deadlines.keys()].sort((a, b) => a - b)) {
    schedule(st, d, { k: 'k_expire', at: d, peers: deadlines.get(d)! });
  }
}

/** Traffic resumes for peers whose clients never gave up: their timers are pushed back. */
export function disarmExpiries(st: SimState): void {
  for (const p of st.kernel.peers) {
    if (p && st.clients[p.client]?.phase === 'connected') p.deadlineUs = NEVER;
  }
}

/** Timers (or the keepalive scan) firing at `at`: every peer due then is deleted. */
export function onExpire(sim: Sim, at: number, group: number[]): void {
  const st = sim.st;
  const due = group.filter((id) => st.kernel.peers[id]?.deadlineUs === at);
  if (due.length > 0) expirePeers(sim, due, false);
}

/** Whether a peer's deletion is under way (unhashed or queued, its DEL_PEER not sent yet). */
export function isDeleting(k: KernelState, peer: number): boolean {
  for (let i = k.notifyHead; i < k.notifyQ.length; i++)
    if (k.notifyQ[i]!.peer === peer) return true;
  let found = false;
  forEachPendingWork(k, (w) => {
    if (w.peer === peer) found = true;
  });
  return found;
}

/**
 * ovpn-dco's deletions in flight, each with where it is: queued on a CPU, asleep in a grace
 * period, or released. A callback, not a list: the worker calls it on every view it builds.
 */
export function forEachPendingWork(
  k: KernelState,
  visit: (w: DeleteWork, stage: WorkStage) => void,
): void {
  for (const c of k.cpus) {
    for (let i = c.head; i < c.queue.length; i++) visit(c.queue[i]!, 'queued');
    for (let i = c.releasedHead; i < c.released.length; i++) visit(c.released[i]!, 'released');
  }
  for (const w of k.rcu.current) visit(w, 'grace');
  for (const w of k.rcu.next) visit(w, 'grace');
}

/** Deletions whose DEL_PEER is not sent yet, in either flavour. */
export function pendingDeletions(k: KernelState): number {
  let n = k.notifyQ.length - k.notifyHead + k.rcu.current.length + k.rcu.next.length;
  for (const c of k.cpus) n += c.queue.length - c.head + c.released.length - c.releasedHead;
  return n;
}

/** Where a deletion is: waiting for a kworker, in synchronize_rcu, or waking to notify. */
export type WorkStage = 'queued' | 'grace' | 'released';

/**
 * A peer expired by hand (a user clicked it, or the `expire` setting): its keepalive runs out
 * now, as if its timer fired. Nothing happens to a peer that is not in the table (ovpn-dco
 * unhashes a peer as soon as its deletion starts) or is already queued for deletion.
 */
export function onHandExpire(sim: Sim, id: number): void {
  const k = sim.st.kernel;
  if (!k.peers[id] || isDeleting(k, id)) return;
  expirePeers(sim, [id], true);
}

/**
 * A replayed emission (settings.emit): the kernel deletes the peer and sends its DEL_PEER now,
 * as the capture saw it sent, without ovpn-dco's delete work or grace period. A peer that is
 * not in the kernel at that moment (never re-added since an earlier entry) is skipped, said in
 * the trace.
 */
export function onEmit(sim: Sim, id: number): void {
  const k = sim.st.kernel;
  if (!k.peers[id] || isDeleting(k, id)) {
    emit(sim, {
      ...NO_FIELDS,
      actor: 'kernel',
      fn: k.flavour === 'mainline' ? 'ovpn_nl_peer_del_notify' : 'ovpn_netlink_notify_del_peer',
      what: 'k_notify',
      outcome: 'skipped',
      peer: id,
      reason: 'EXPIRED',
    });
    return;
  }
  k.peers[id]!.deadlineUs = NEVER;
  deletePeer(sim.st, id);
  notify(sim, { peer: id, reason: 'EXPIRED', cpu: -1 });
}

/**
 * Peers whose keepalive ran out. ovpn-dco: each timer fired on its CPU, which unhashes the
 * peer (later dumps omit it) and queues its delete work on that CPU. Mainline: the scan
 * deletes and notifies each in turn.
 */
function expirePeers(sim: Sim, ids: readonly number[], byHand: boolean): void {
  const k = sim.st.kernel;
  const dco = k.flavour === 'ovpn-dco';
  for (const id of ids) {
    k.peers[id]!.deadlineUs = NEVER;
    if (dco) {
      deletePeer(sim.st, id);
      queueWork(sim, { peer: id, reason: 'EXPIRED', cpu: k.cpuOf[id] ?? 0 });
    } else k.notifyQ.push({ peer: id, reason: 'EXPIRED', cpu: -1 });
  }
  emit(sim, {
    ...NO_FIELDS,
    actor: 'kernel',
    fn: dco ? 'ovpn_peer_expire' : 'ovpn_peer_keepalive_work',
    what: 'k_expire',
    outcome: 'info',
    n: ids.length,
    ...(byHand ? { peer: ids[0]!, field: 'by hand' } : {}),
    ...(dco && ids.length === 1 ? { cpu: k.cpuOf[ids[0]!] ?? 0 } : {}),
  });
  if (!dco) startNotifier(sim);
}

/** ovpn-dco: a delete work item joins its CPU's queue; a kworker comes to start it. */
function queueWork(sim: Sim, w: DeleteWork): void {
  const c = sim.st.kernel.cpus[w.cpu]!;
  c.queue.push(w);
  startWorker(sim, w.cpu);
}

/**
 * The next item on a CPU needs a kworker: an idle one is woken (it waits behind the CPU's
 * hogs like any task), or the pool creates one first. Concurrency management starts the next
 * item as soon as the running worker sleeps, so items start one after another.
 */
function startWorker(sim: Sim, cpu: number): void {
  const st = sim.st;
  const c = st.kernel.cpus[cpu]!;
  if (c.starting || c.head >= c.queue.length || c.active >= MAX_ACTIVE_PER_CPU) return;
  c.starting = true;
  let wait = wakeWaitUs(st.kernel.rng, c.hogs, st.kernel.sliceUs, st.settings.wakeUs);
  if (c.active >= c.workers) {
    c.workers++;
    wait += Math.round(st.settings.workerCreateUs);
  }
  schedule(st, st.nowUs + Math.max(1, wait), { k: 'k_work', c: cpu });
}

/**
 * A kworker starts a delete work item (ovpn_peer_delete_work → ovpn_peer_release →
 * netif_napi_del → synchronize_net): it sleeps until a grace period that began after this
 * call has ended, and the next item on the CPU can start.
 */
export function onWork(sim: Sim, cpu: number): void {
  const st = sim.st;
  const k = st.kernel;
  const c = k.cpus[cpu]!;
  c.starting = false;
  const w = c.queue[c.head++]!;
  if (c.head === c.queue.length) {
    c.queue = [];
    c.head = 0;
  }
  c.active++;
  let field: string;
  if (k.rcu.gpEndUs === NEVER) {
    // no grace period running: this one waits for the one it asks for (or one already asked
    // for and not started yet), which starts when the RCU kthread gets a CPU
    k.rcu.current.push(w);
    if (k.rcu.gpStartUs === NEVER) {
      k.rcu.gpStartUs = st.nowUs + Math.max(1, gpKthreadWait(st));
      schedule(st, k.rcu.gpStartUs, { k: 'k_gp_start' });
      field = 'asks for a grace period';
    } else field = 'joins the grace period about to start';
  } else {
    k.rcu.next.push(w);
    field = 'waits for the next grace period';
  }
  emit(sim, {
    ...NO_FIELDS,
    actor: 'kernel',
    fn: 'ovpn_peer_delete_work',
    what: 'k_work',
    outcome: 'info',
    peer: w.peer,
    reason: w.reason,
    cpu,
    field,
    n: k.rcu.completed + (k.rcu.gpEndUs === NEVER ? 1 : 2),
  });
  startWorker(sim, cpu);
}

/**
 * The RCU grace-period kthread (SCHED_OTHER by default) is woken to start a grace period: it
 * waits for a CPU like any task, on a CPU with this rig's average share of hogs.
 */
function gpKthreadWait(st: SimState): number {
  const hogs = Math.round(st.kernel.hogs / st.settings.cpus);
  return wakeWaitUs(st.kernel.rng, hogs, st.kernel.sliceUs, st.settings.wakeUs);
}

/** The RCU kthread starts the grace period that was asked for. */
export function onGracePeriodStart(sim: Sim): void {
  const st = sim.st;
  const k = st.kernel;
  k.rcu.gpStartUs = NEVER;
  k.rcu.gpEndUs = st.nowUs + gracePeriodUs(st);
  schedule(st, k.rcu.gpEndUs, { k: 'k_gp_end' });
}

/** One grace period: this run's median, varied ±50 %, never shorter than a tick. */
function gracePeriodUs(st: SimState): number {
  const tick = Math.round(S / st.settings.hz);
  return Math.max(tick, Math.round(st.kernel.gpMedianUs * (0.5 + uniform(st.kernel.rng))));
}

/**
 * A grace period ends: its waiters are released (each CPU's kworkers run once the CPU is
 * theirs, so a CPU's released items leave together), and the waiters that came during it
 * start the next one.
 */
export function onGracePeriodEnd(sim: Sim): void {
  const st = sim.st;
  const k = st.kernel;
  const released = k.rcu.current;
  k.rcu.completed++;
  k.rcu.current = k.rcu.next;
  k.rcu.next = [];
  if (k.rcu.current.length > 0) {
    k.rcu.gpEndUs = st.nowUs + gracePeriodUs(st);
    schedule(st, k.rcu.gpEndUs, { k: 'k_gp_end' });
  } else k.rcu.gpEndUs = NEVER;
  const cpus = new Set<number>();
  for (const w of released) {
    k.cpus[w.cpu]!.released.push(w);
    cpus.add(w.cpu);
  }
  emit(sim, {
    ...NO_FIELDS,
    actor: 'kernel',
    fn: 'synchronize_rcu',
    what: 'k_gp',
    outcome: 'info',
    n: released.length,
    field: `${cpus.size} CPU${cpus.size === 1 ? '' : 's'}`,
  });
  for (const cpu of [...cpus].sort((a, b) => a - b)) {
    const c = k.cpus[cpu]!;
    if (c.sending) continue;
    c.sending = true;
    const wait = wakeWaitUs(k.rng, c.hogs, k.sliceUs, st.settings.wakeUs);
    schedule(st, st.nowUs + Math.max(1, wait), { k: 'k_send', c: cpu });
  }
}

/** A released kworker multicasts its DEL_PEER; the CPU's next released one follows. */
export function onSend(sim: Sim, cpu: number): void {
  const st = sim.st;
  const c = st.kernel.cpus[cpu]!;
  const w = c.released[c.releasedHead++]!;
  if (c.releasedHead === c.released.length) {
    c.released = [];
    c.releasedHead = 0;
  }
  c.active--;
  notify(sim, w);
  if (c.releasedHead < c.released.length) {
    schedule(st, st.nowUs + notifierGap(st), { k: 'k_send', c: cpu });
  } else c.sending = false;
  startWorker(sim, cpu);
}

/** Gap between two notifications sent back to back (mainline: a loop inside the scan). */
function notifierGap(st: SimState): number {
  return Math.max(1, Math.round(st.settings.notifierGapUs * (0.5 + uniform(st.kernel.rng))));
}

function startNotifier(sim: Sim): void {
  const st = sim.st;
  if (st.kernel.notifierBusy || st.kernel.notifyHead >= st.kernel.notifyQ.length) return;
  st.kernel.notifierBusy = true;
  schedule(st, st.nowUs + notifierGap(st), { k: 'k_notify' });
}

/** Mainline's scan deletes one peer and multicasts its DEL_PEER to the "peers" group. */
export function onNotify(sim: Sim): void {
  const st = sim.st;
  const k = st.kernel;
  const item = k.notifyQ[k.notifyHead++]!;
  if (k.notifyHead === k.notifyQ.length) {
    k.notifyQ = [];
    k.notifyHead = 0;
  }
  deletePeer(st, item.peer);
  notify(sim, item);
  k.notifierBusy = false;
  startNotifier(sim);
}

function notify(sim: Sim, w: DeleteWork): void {
  const st = sim.st;
  const queued = sendDelNotification(sim, w.peer, w.reason);
  emit(sim, {
    ...NO_FIELDS,
    actor: 'kernel',
    fn:
      st.kernel.flavour === 'mainline' ? 'ovpn_nl_peer_del_notify' : 'ovpn_netlink_notify_del_peer',
    what: 'k_notify',
    outcome: queued ? 'queued' : 'dropped',
    peer: w.peer,
    reason: w.reason,
    dg: st.sock.nextDatagramId - 1,
    dgKind: 'del',
    ...(w.cpu >= 0 ? { cpu: w.cpu } : {}),
  });
}

function deletePeer(st: SimState, peer: number): void {
  if (!st.kernel.peers[peer]) return;
  st.kernel.peers[peer] = null;
  st.kernel.peerCount--;
  const inst = instanceOf(st, peer);
  if (inst) inst.kernelGone = true;
}

function sendDelNotification(sim: Sim, peer: number, reason: DelReason): boolean {
  const st = sim.st;
  st.counters.emitted++;
  if (st.counters.firstEmitUs < 0) st.counters.firstEmitUs = st.nowUs;
  const dg = {
    id: newDatagramId(st),
    kind: 'del' as const,
    truesize: st.settings.truesizeBytes,
    peer,
    reason,
    atUs: st.nowUs,
  };
  const ok = broadcast(sim, dg);
  if (ok) st.counters.queued++;
  else {
    dropNotification(sim, peer);
    st.counters.lastDelOutUs = st.nowUs;
  }
  pokeLoop(sim);
  return ok;
}

/**
 * A request arrives with sendmsg and is handled synchronously: its replies are queued behind
 * whatever is already waiting. Returns a short description of what was queued.
 */
export function handleRequest(
  sim: Sim,
  cmd: RequestCmd,
  req: number,
  peer: number,
  client: number,
): string {
  const st = sim.st;
  const reply = (kind: 'ack' | 'done') =>
    unicast(sim, { id: newDatagramId(st), kind, truesize: SMALL_TRUESIZE, req, atUs: st.nowUs });
  const error = (errno: ReplyErrno) =>
    unicast(sim, {
      id: newDatagramId(st),
      kind: 'error',
      truesize: SMALL_TRUESIZE,
      req,
      errno,
      atUs: st.nowUs,
    });
  let what: string;
  switch (cmd) {
    case 'GET_PEER_DUMP':
      if (st.sock.dump) {
        error('EBUSY');
        what = 'EBUSY: a dump is already running on this socket';
      } else {
        st.sock.dump = { req, sent: 0, entriesDone: false };
        if (produceDumpPart(sim)) {
          what = 'dump started, first part queued';
        } else {
          // __netlink_dump_start returns netlink_dump's -ENOBUFS, which netlink_rcv_skb acks
          // as an error; the dump stays running (cb_running) and resumes on a later read
          st.counters.dumpPartsRefused++;
          error('ENOBUFS');
          what = 'dump started, but no room for its first part: ENOBUFS error reply';
        }
      }
      break;
    case 'GET_PEER':
      if (st.kernel.peers[peer]) {
        unicast(sim, {
          id: newDatagramId(st),
          kind: 'reply',
          truesize: SMALL_TRUESIZE,
          req,
          peer,
          atUs: st.nowUs,
        });
        reply('ack');
        what = 'reply and ACK queued';
      } else {
        error('ENOENT');
        what = 'ENOENT: no such peer';
      }
      break;
    case 'NEW_PEER':
      if (!st.kernel.peers[peer]) st.kernel.peerCount++;
      st.kernel.peers[peer] = { client, deadlineUs: NEVER };
      reply('ack');
      what = 'peer added, ACK queued';
      break;
    case 'NEW_KEY':
    case 'SET_PEER':
      if (st.kernel.peers[peer]) {
        reply('ack');
        what = 'ACK queued';
      } else {
        error('ENOENT');
        what = 'ENOENT: no such peer';
      }
      break;
    case 'DEL_PEER':
      if (st.kernel.peers[peer]) {
        st.kernel.peers[peer]!.deadlineUs = NEVER;
        if (st.kernel.flavour === 'ovpn-dco') {
          // unhashed now; the delete work runs on the CPU of the request (OpenVPN's, CPU 0)
          deletePeer(st, peer);
          queueWork(sim, { peer, reason: 'USERSPACE', cpu: 0 });
        } else {
          st.kernel.notifyQ.push({ peer, reason: 'USERSPACE', cpu: -1 });
          startNotifier(sim);
        }
        reply('ack');
        what = 'peer deletion queued, ACK queued';
      } else {
        error('ENOENT');
        what = 'ENOENT: no such peer';
      }
      break;
  }
  pokeLoop(sim);
  return what;
}

/**
 * netlink_dump: put the next part (up to dumpPeersPerPart entries) or, once every entry is
 * out, NLMSG_DONE, which ends the dump. Called at dump start and after reads. Returns false
 * when the buffer had no room for it (queueDumpPart): the dump stays running.
 */
export function produceDumpPart(sim: Sim): boolean {
  const st = sim.st;
  const d = st.sock.dump;
  if (!d) return false;
  if (d.entriesDone) {
    const ok = queueDumpPart(st, {
      id: newDatagramId(st),
      kind: 'done',
      truesize: SMALL_TRUESIZE,
      req: d.req,
      atUs: st.nowUs,
    });
    if (!ok) return false;
    st.sock.dump = null;
    emitDump(sim, 'done', 0);
    return true;
  }
  const remaining = Math.max(0, st.kernel.peerCount - d.sent);
  if (remaining === 0) {
    d.entriesDone = true;
    return produceDumpPart(sim);
  }
  const entries = Math.min(st.settings.dumpPeersPerPart, remaining);
  const ok = queueDumpPart(st, {
    id: newDatagramId(st),
    kind: 'dump',
    truesize: DUMP_PART_TRUESIZE,
    req: d.req,
    entries,
    first: d.sent,
    atUs: st.nowUs,
  });
  if (!ok) return false;
  d.sent += entries;
  if (d.sent >= st.kernel.peerCount) d.entriesDone = true;
  emitDump(sim, 'dump', entries);
  return true;
}

function emitDump(sim: Sim, kind: 'dump' | 'done', entries: number): void {
  emit(sim, {
    ...NO_FIELDS,
    actor: 'kernel',
    fn: 'netlink_dump',
    what: 'k_dump_part',
    outcome: 'queued',
    dg: sim.st.sock.nextDatagramId - 1,
    dgKind: kind,
    n: entries,
    cmd: 'GET_PEER_DUMP',
  });
}

/** Cost of the kernel work a request triggers, charged to the caller's sendmsg. */
export function requestCost(st: SimState): number {
  return cost(st, st.settings.costRequestUs);
}
