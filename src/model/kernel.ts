/**
 * The kernel module: the peer table with keepalive expiry, the worker that sends DEL_PEER
 * notifications, and the synchronous handling of userspace requests (replies, ACKs, errors,
 * dumps). ovpn-dco (2.6): per-peer timers rounded up to the timer-wheel granule, deletion and
 * notification from a kworker. Mainline ovpn (2.7): one keepalive work scanning every peer at
 * whole-second deadlines, all expired peers deleted and notified in one pass.
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
import { uniform } from './rng.ts';
import type { DelReason, ReplyErrno, RequestCmd, SimState } from './state.ts';
import { NO_FIELDS } from './trace.ts';

const S = 1_000_000;

/** When a peer last heard from at `lastRecvUs` expires, for this kernel flavour. */
export function expiryTime(st: SimState, lastRecvUs: number): number {
  const raw = lastRecvUs + st.settings.keepaliveTimeoutS * S;
  if (st.kernel.flavour === 'mainline') {
    // keepalive work re-armed at whole-second deadlines, at a fixed phase within the second
    const ph = st.kernel.scanPhaseUs;
    return Math.ceil((raw - ph) / S) * S + ph;
  }
  const g = st.settings.granuleUs;
  return Math.ceil(raw / g) * g;
}

/** Spacing between bursts when the batch size is forced. */
function burstSpacing(st: SimState): number {
  return st.kernel.flavour === 'mainline' ? S : st.settings.granuleUs;
}

/**
 * The firewall starts blocking: each peer's last received packet is its client's last
 * keepalive ping before the block; its timer fires one keepalive timeout later, rounded.
 * With a forced batch size, peers expire in groups of exactly that many instead.
 */
export function armExpiries(sim: Sim): void {
  const st = sim.st;
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

/** Timers (or the keepalive scan) firing at `at`: every peer due then goes to the worker. */
export function onExpire(sim: Sim, at: number, group: number[]): void {
  const st = sim.st;
  const due = group.filter((id) => st.kernel.peers[id]?.deadlineUs === at);
  if (due.length > 0) expirePeers(sim, due, false);
}

/**
 * A peer expired by hand (a user clicked it, or the `expire` setting): its keepalive runs out
 * now, as if its timer fired. Nothing happens to a peer that is not in the table or is already
 * waiting for the worker.
 */
export function onHandExpire(sim: Sim, id: number): void {
  const k = sim.st.kernel;
  if (!k.peers[id]) return;
  for (let i = k.notifyHead; i < k.notifyQ.length; i++) if (k.notifyQ[i]!.peer === id) return;
  expirePeers(sim, [id], true);
}

/** Peers whose keepalive ran out go to the worker, which deletes each and sends its DEL_PEER. */
function expirePeers(sim: Sim, ids: readonly number[], byHand: boolean): void {
  const k = sim.st.kernel;
  for (const id of ids) {
    k.peers[id]!.deadlineUs = NEVER;
    k.notifyQ.push({ peer: id, reason: 'EXPIRED' });
  }
  emit(sim, {
    ...NO_FIELDS,
    actor: 'kernel',
    fn: k.flavour === 'mainline' ? 'ovpn_peer_keepalive_work' : 'ovpn_peer_expire',
    what: 'k_expire',
    outcome: 'info',
    n: ids.length,
    ...(byHand ? { peer: ids[0]!, field: 'by hand' } : {}),
  });
  startNotifier(sim);
}

function notifierGap(st: SimState): number {
  // ovpn-dco: one delete_work per peer on a kworker; mainline: a loop inside the scan.
  const base =
    st.kernel.flavour === 'mainline' ? st.settings.notifierGapUs / 2 : st.settings.notifierGapUs;
  return Math.max(1, Math.round(base * (1 + 4 * st.settings.load) * (0.5 + uniform(st.rng))));
}

function startNotifier(sim: Sim): void {
  const st = sim.st;
  if (st.kernel.notifierBusy || st.kernel.notifyHead >= st.kernel.notifyQ.length) return;
  st.kernel.notifierBusy = true;
  schedule(st, st.nowUs + notifierGap(st), { k: 'k_notify' });
}

/** The worker deletes one peer and multicasts its DEL_PEER to the "peers" group. */
export function onNotify(sim: Sim): void {
  const st = sim.st;
  const k = st.kernel;
  const item = k.notifyQ[k.notifyHead++]!;
  if (k.notifyHead === k.notifyQ.length) {
    k.notifyQ = [];
    k.notifyHead = 0;
  }
  deletePeer(st, item.peer);
  const queued = sendDelNotification(sim, item.peer, item.reason);
  emit(sim, {
    ...NO_FIELDS,
    actor: 'kernel',
    fn: k.flavour === 'mainline' ? 'ovpn_nl_peer_del_notify' : 'ovpn_netlink_notify_del_peer',
    what: 'k_notify',
    outcome: queued ? 'queued' : 'dropped',
    peer: item.peer,
    reason: item.reason,
    dg: st.sock.nextDatagramId - 1,
    dgKind: 'del',
  });
  k.notifierBusy = false;
  startNotifier(sim);
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
        st.kernel.notifyQ.push({ peer, reason: 'USERSPACE' });
        reply('ack');
        startNotifier(sim);
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
