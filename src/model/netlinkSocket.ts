/**
 * The userspace netlink socket as the kernel sees it (net/netlink/af_netlink.c): a FIFO of
 * datagrams charged by truesize against the receive buffer, the congested flag, the pending
 * socket error, and the dump that produces its next part when the reader makes room.
 */
import { markLost, type Sim } from './core.ts';
import type { Datagram, SimState } from './state.ts';

// The kernel's skb sizing on x86-64 with 4 KiB pages (net/core/skbuff.c, mm/slab_common.c,
// net/netlink/af_netlink.c); ARCHITECTURE.md, "On the wire", derives each figure.

/** PAGE_SIZE on x86-64. */
export const PAGE_BYTES = 4_096;
/** SMP_CACHE_BYTES: SKB_DATA_ALIGN rounds up to it. */
export const SKB_ALIGN_BYTES = 64;
/** SKB_DATA_ALIGN(sizeof(struct sk_buff)) on x86-64. */
export const SKB_STRUCT_BYTES = 256;
/** SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) with MAX_SKB_FRAGS 17. */
export const SKB_SHINFO_BYTES = 320;
/** MAX_TCP_HEADER: 128 + MAX_HEADER (LL_MAX_HEADER 32 + 48). */
export const MAX_TCP_HEADER_BYTES = 256;
/** KMALLOC_MAX_CACHE_SIZE with SLUB: two pages; larger heads come whole from the page allocator. */
export const KMALLOC_MAX_CACHE_BYTES = 2 * PAGE_BYTES;
/** libnl's nl_recv buffer when the socket's s_bufsize is unset (OpenVPN never sets it): 4 pages. */
export const LIBNL_RECV_BYTES = 4 * PAGE_BYTES;
/** netlink_recvmsg caps max_recvmsg_len at SKB_WITH_OVERHEAD(32768). */
export const MAX_RECVMSG_LEN_CAP = 32_768 - SKB_SHINFO_BYTES;
/** NLMSG_GOODSIZE: SKB_WITH_OVERHEAD(PAGE_SIZE), netlink_dump's smallest allocation. */
export const NLMSG_GOODSIZE = PAGE_BYTES - SKB_SHINFO_BYTES;

/** SKB_DATA_ALIGN. */
export function skbDataAlign(bytes: number): number {
  return Math.ceil(bytes / SKB_ALIGN_BYTES) * SKB_ALIGN_BYTES;
}

/** SKB_HEAD_ALIGN: the head kmalloc_reserve asks for, data plus skb_shared_info. */
export function skbHeadAlign(bytes: number): number {
  return skbDataAlign(bytes) + SKB_SHINFO_BYTES;
}

/** SKB_SMALL_HEAD_CACHE_SIZE: SKB_HEAD_ALIGN(MAX_TCP_HEADER), the small head cache's objects. */
export const SKB_SMALL_HEAD_BYTES = skbHeadAlign(MAX_TCP_HEADER_BYTES);

/**
 * Truesize of an skb from __alloc_skb(size) whose head is above KMALLOC_MAX_CACHE_SIZE:
 * kmalloc_size_roundup gives it a power-of-two run of pages, __finalize_skb_around charges
 * that whole object plus the sk_buff.
 */
export function largeSkbTruesize(size: number): number {
  const head = skbHeadAlign(size);
  if (!Number.isInteger(size) || head <= KMALLOC_MAX_CACHE_BYTES)
    throw new RangeError(
      `largeSkbTruesize: size ${String(size)} is not an integer whose head exceeds ${KMALLOC_MAX_CACHE_BYTES} bytes`,
    );
  let object = PAGE_BYTES;
  while (object < head) object *= 2;
  return object + SKB_STRUCT_BYTES;
}

/** Truesize of small kernel replies (ACK, ERROR, DONE, single GET_PEER reply): 576 + 256 = 832. */
export const SMALL_TRUESIZE = SKB_SMALL_HEAD_BYTES + SKB_STRUCT_BYTES;

/**
 * netlink_dump's alloc_size, and the room a part's messages get after its skb_reserve trim:
 * max_recvmsg_len (libnl's 16 KiB reads, under the cap) since it exceeds NLMSG_GOODSIZE.
 */
export const DUMP_PART_ROOM = Math.max(
  NLMSG_GOODSIZE,
  Math.min(LIBNL_RECV_BYTES, MAX_RECVMSG_LEN_CAP),
);

/**
 * Truesize of one dump part: a 16,704-byte head rounds up to 8 pages, 32,768 + 256 = 33,024
 * bytes; the trim leaves half of the object unused but charged. (The kernel allocates the skb
 * that carries NLMSG_DONE alike; the model still charges DONE SMALL_TRUESIZE: see
 * ARCHITECTURE.md, Fidelity.)
 */
export const DUMP_PART_TRUESIZE = largeSkbTruesize(DUMP_PART_ROOM);

/** Dump entries of `entryBytes` (each whole, NLMSG-aligned) that fit in one part. */
export function dumpEntriesPerPart(entryBytes: number): number {
  if (!Number.isInteger(entryBytes) || entryBytes < 1 || entryBytes > DUMP_PART_ROOM)
    throw new RangeError(
      `dumpEntriesPerPart: entry of ${String(entryBytes)} bytes; allowed 1 to ${DUMP_PART_ROOM}`,
    );
  return Math.floor(DUMP_PART_ROOM / entryBytes);
}

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
