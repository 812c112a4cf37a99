/**
 * The userspace netlink socket as the kernel sees it (net/netlink/af_netlink.c): a FIFO of
 * datagrams charged by truesize against the receive buffer, the congested flag, the pending
 * socket error, and the dump that produces its next part when the reader makes room.
 */
import { markLost, type Sim } from './core.ts';
import type { Datagram, SimState } from './state.ts';

/** Truesize of small kernel replies (ACK, ERROR, DONE, single GET_PEER reply). */
export const SMALL_TRUESIZE = 832;
/** Truesize of one dump part: a 16 KiB skb sized by libnl's peek, plus skb overhead. */
export const DUMP_PART_TRUESIZE = 16_384 + 768;

export function queueLength(st: SimState): number {
  return st.sock.queue.length - st.sock.head;
}

export function isReadable(st: SimState): boolean {
  return queueLength(st) > 0 || st.sock.error !== null;
}

function fits(st: SimState, truesize: number): boolean {
  // Since "netlink: Fix wraparounds of sk->sk_rmem_alloc" (ae8f160e, 2025) the check is made
  // after charging: rmem + truesize <= rcvbuf (512 x 832 B in 425,984 B, as measured on 6.18);
  // and, as its follow-up fixes restored, an empty queue takes one skb whatever its size.
  return st.sock.rmem === 0 || st.sock.rmem + truesize <= st.sock.rcvbuf;
}

function enqueue(st: SimState, dg: Datagram): void {
  st.sock.queue.push(dg);
  st.sock.rmem += dg.truesize;
}

/**
 * netlink_overrun: mark the socket congested and, the first time, set sk_err = ENOBUFS.
 * No version of OpenVPN sets NETLINK_NO_ENOBUFS.
 */
function overrun(st: SimState): void {
  if (!st.sock.congested) {
    st.sock.congested = true;
    st.sock.error = 'ENOBUFS';
  }
}

/**
 * Queue a datagram or drop it. Multicast notifications (netlink_broadcast_deliver) and
 * unicast replies (netlink_unicast to a non-blocking reader) are refused alike when the
 * buffer is full or the socket congested; a refused reply also counts as a dropped reply.
 * Dump parts go their own way (queueDumpPart).
 */
function deliver(sim: Sim, dg: Datagram, reply: boolean): boolean {
  const st = sim.st;
  if (!st.sock.congested && fits(st, dg.truesize)) {
    enqueue(st, dg);
    return true;
  }
  overrun(st);
  if (reply) st.counters.droppedReplies++;
  return false;
}

export function broadcast(sim: Sim, dg: Datagram): boolean {
  return deliver(sim, dg, false);
}

export function unicast(sim: Sim, dg: Datagram): boolean {
  return deliver(sim, dg, true);
}

/**
 * netlink_dump's own check for the skb of a dump part (or of NLMSG_DONE): only the buffer
 * counts, not the congested bit, and a refusal is no overrun (no sk_err, no drop). Since the
 * 2025 wraparound fix the part is charged first and refused when rmem reaches rcvbuf, unless
 * the queue was empty (one skb always fits). The caller keeps the dump running; the next
 * read that leaves rmem <= rcvbuf / 2 tries again.
 */
export function queueDumpPart(st: SimState, dg: Datagram): boolean {
  if (st.sock.rmem !== 0 && st.sock.rmem + dg.truesize >= st.sock.rcvbuf) return false;
  enqueue(st, dg);
  return true;
}

export function newDatagramId(st: SimState): number {
  return st.sock.nextDatagramId++;
}

export type RecvResult = { dg: Datagram } | { err: 'ENOBUFS' | 'EAGAIN' };

/**
 * netlink_recvmsg: a pending socket error is reported first (and cleared); otherwise one
 * datagram is dequeued. Afterwards congestion clears once the queue is empty
 * (netlink_rcv_wake) and a running dump queues its next part if rmem <= rcvbuf / 2; a part
 * that still finds no room sets sk_err = ENOBUFS, which the next read reports.
 */
export function recvmsg(sim: Sim, produceDumpPart: (sim: Sim) => boolean): RecvResult {
  const st = sim.st;
  const sock = st.sock;
  if (sock.error) {
    sock.error = null;
    return { err: 'ENOBUFS' };
  }
  if (sock.head >= sock.queue.length) return { err: 'EAGAIN' };
  const dg = sock.queue[sock.head]!;
  sock.head++;
  sock.rmem -= dg.truesize;
  if (dg.kind === 'del') st.counters.lastDelOutUs = st.nowUs;
  if (sock.head > 1024 && sock.head * 2 > sock.queue.length) {
    sock.queue = sock.queue.slice(sock.head);
    sock.head = 0;
  }
  if (sock.head >= sock.queue.length) sock.congested = false;
  if (sock.dump && sock.rmem <= sock.rcvbuf / 2 && !produceDumpPart(sim)) {
    // netlink_recvmsg reports netlink_dump's failure as sk_err (no overrun: not congested)
    sock.error = 'ENOBUFS';
    st.counters.dumpPartsRefused++;
  }
  return { dg };
}

/** Notifications dropped by the kernel make their instances ghosts as well. */
export function dropNotification(sim: Sim, peer: number): void {
  sim.st.counters.dropped++;
  markLost(sim.st, peer);
}
