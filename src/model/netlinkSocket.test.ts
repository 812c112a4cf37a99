import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Sim } from './core.ts';
import { handleRequest, produceDumpPart } from './kernel.ts';
import {
  broadcast,
  dropNotification,
  isReadable,
  newDatagramId,
  queueLength,
  recvmsg,
  unicast,
  DUMP_PART_TRUESIZE,
  SMALL_TRUESIZE,
} from './netlinkSocket.ts';
import { DEFAULT_SETTINGS, type SimSettings } from './settings.ts';
import { createSim } from './sim.ts';
import type { Datagram } from './state.ts';

function setup(over: Partial<SimSettings> = {}): Sim {
  return { st: createSim({ peers: 4, ...over }), out: [] };
}

function del(sim: Sim, peer = 0): Datagram {
  const st = sim.st;
  return {
    id: newDatagramId(st),
    kind: 'del',
    truesize: st.settings.truesizeBytes,
    peer,
    reason: 'EXPIRED',
    atUs: st.nowUs,
  };
}

function ack(sim: Sim): Datagram {
  return { id: newDatagramId(sim.st), kind: 'ack', truesize: SMALL_TRUESIZE, req: 1, atUs: 0 };
}

/** Broadcasts DEL notifications until one is refused; returns how many were queued. */
function fill(sim: Sim): number {
  let n = 0;
  while (broadcast(sim, del(sim, n % sim.st.settings.peers))) n++;
  return n;
}

const noDump = (): boolean => false;

describe('netlink socket: receive buffer accounting', () => {
  it('charges each queued datagram its truesize and credits it back when read', () => {
    const sim = setup();
    const sock = sim.st.sock;
    expect(sock.rmem).toBe(0);
    broadcast(sim, del(sim));
    unicast(sim, ack(sim));
    unicast(sim, {
      id: newDatagramId(sim.st),
      kind: 'dump',
      truesize: DUMP_PART_TRUESIZE,
      req: 1,
      entries: 80,
      first: 0,
      atUs: 0,
    });
    expect(sock.rmem).toBe(DEFAULT_SETTINGS.truesizeBytes + SMALL_TRUESIZE + DUMP_PART_TRUESIZE);
    expect(queueLength(sim.st)).toBe(3);
    const r = recvmsg(sim, noDump);
    expect('dg' in r && r.dg.kind).toBe('del');
    expect(sock.rmem).toBe(SMALL_TRUESIZE + DUMP_PART_TRUESIZE);
    recvmsg(sim, noDump);
    recvmsg(sim, noDump);
    expect(sock.rmem).toBe(0);
    expect(queueLength(sim.st)).toBe(0);
  });

  it('with the defaults (425,984 B, 832 B) exactly 512 notifications fit (ARCHITECTURE: the netlink socket)', () => {
    const sim = setup();
    expect(sim.st.sock.rcvbuf).toBe(425_984);
    expect(fill(sim)).toBe(512);
    expect(sim.st.sock.rmem).toBe(512 * 832);
  });

  it('exactly floor(rcvbuf / truesize) notifications fit, and at least one, for any buffer and truesize', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 4_096, max: 1_048_576 }),
        fc.integer({ min: 256, max: 65_536 }),
        (rcvbufBytes, truesizeBytes) => {
          const sim = setup({ peers: 1, rcvbufBytes, truesizeBytes });
          // an empty queue takes one skb whatever its size (the allow-one-skb rule)
          expect(fill(sim)).toBe(Math.max(1, Math.floor(rcvbufBytes / truesizeBytes)));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('FIFO: datagrams are read in the order they were queued', () => {
    const sim = setup();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const d = i % 2 === 0 ? del(sim, i % 4) : ack(sim);
      ids.push(d.id);
      if (d.kind === 'del') broadcast(sim, d);
      else unicast(sim, d);
    }
    const read: number[] = [];
    for (let r = recvmsg(sim, noDump); 'dg' in r; r = recvmsg(sim, noDump)) read.push(r.dg.id);
    expect(read).toEqual(ids);
  });
});

describe('netlink socket: overflow (netlink_overrun)', () => {
  it('the notification that does not fit is dropped, the socket becomes congested with a pending ENOBUFS', () => {
    const sim = setup();
    const n = fill(sim);
    const sock = sim.st.sock;
    expect(queueLength(sim.st)).toBe(n);
    expect(sock.rmem).toBeLessThanOrEqual(sock.rcvbuf);
    expect(sock.congested).toBe(true);
    expect(sock.error).toBe('ENOBUFS');
    expect(isReadable(sim.st)).toBe(true);
  });

  it('a reply that does not fit is dropped too and counted as a dropped reply', () => {
    const sim = setup();
    fill(sim);
    const before = queueLength(sim.st);
    expect(unicast(sim, ack(sim))).toBe(false);
    expect(queueLength(sim.st)).toBe(before);
    expect(sim.st.counters.droppedReplies).toBe(1);
  });

  it('while congested every datagram is dropped, even with room, until the queue is empty', () => {
    const sim = setup();
    const n = fill(sim);
    const sock = sim.st.sock;
    expect(recvmsg(sim, noDump)).toEqual({ err: 'ENOBUFS' });
    // read all but one: plenty of room, but still congested
    for (let i = 0; i < n - 1; i++) expect('dg' in recvmsg(sim, noDump)).toBe(true);
    expect(queueLength(sim.st)).toBe(1);
    expect(sock.rmem + 10 * sim.st.settings.truesizeBytes).toBeLessThanOrEqual(sock.rcvbuf);
    expect(sock.congested).toBe(true);
    expect(broadcast(sim, del(sim))).toBe(false);
    expect(unicast(sim, ack(sim))).toBe(false);
    expect(queueLength(sim.st)).toBe(1);
    // reading the last one empties the queue: netlink_rcv_wake clears the congestion
    expect('dg' in recvmsg(sim, noDump)).toBe(true);
    expect(sock.congested).toBe(false);
    expect(broadcast(sim, del(sim))).toBe(true);
    expect(queueLength(sim.st)).toBe(1);
  });

  it('ENOBUFS is set once per congestion episode: drops while still congested add no new error', () => {
    const sim = setup();
    fill(sim);
    expect(recvmsg(sim, noDump)).toEqual({ err: 'ENOBUFS' });
    expect(sim.st.sock.error).toBeNull();
    expect(broadcast(sim, del(sim))).toBe(false);
    expect(sim.st.sock.error).toBeNull();
  });

  it('the next recvmsg reports ENOBUFS first, without dequeuing, then the queued datagrams in order', () => {
    const sim = setup();
    const first = del(sim, 0);
    broadcast(sim, first);
    fill(sim);
    const len = queueLength(sim.st);
    const rmem = sim.st.sock.rmem;
    expect(recvmsg(sim, noDump)).toEqual({ err: 'ENOBUFS' });
    expect(queueLength(sim.st)).toBe(len);
    expect(sim.st.sock.rmem).toBe(rmem);
    const r = recvmsg(sim, noDump);
    expect('dg' in r && r.dg.id).toBe(first.id);
  });

  it('an empty socket without error reports EAGAIN and is not readable', () => {
    const sim = setup();
    expect(isReadable(sim.st)).toBe(false);
    expect(recvmsg(sim, noDump)).toEqual({ err: 'EAGAIN' });
  });

  it('a dropped notification counts as dropped and makes its (kernel-deleted) instance a ghost', () => {
    const sim = setup();
    const inst = sim.st.multi.instances[2]!;
    inst.kernelGone = true;
    dropNotification(sim, 2);
    expect(sim.st.counters.dropped).toBe(1);
    expect(inst.ghost).toBe(true);
    expect(sim.st.counters.ghosts).toBe(1);
    expect(sim.st.counters.ghostsCreated).toBe(1);
  });
});

describe('netlink socket: dump parts are produced on read (netlink_recvmsg -> netlink_dump)', () => {
  it('a running dump queues its next part only after a read leaves rmem <= rcvbuf / 2', () => {
    // 1000 peers at 95 per part (the default): 11 parts; a queue half full of notifications
    // holds parts back
    const sim = setup({ peers: 1000 });
    const st = sim.st;
    const half = st.sock.rcvbuf / 2;
    for (let i = 0; i < 300; i++) broadcast(sim, del(sim, i));
    expect(st.sock.rmem).toBeGreaterThan(half);
    handleRequest(sim, 'GET_PEER_DUMP', 1, -1, -1);
    // netlink_dump_start queues the first part at once, behind the queued notifications
    expect(st.sock.queue[st.sock.queue.length - 1]!.kind).toBe('dump');
    let producedByReads = 0;
    while (st.sock.dump) {
      const rmemBefore = st.sock.rmem;
      const idBefore = st.sock.nextDatagramId;
      const r = recvmsg(sim, produceDumpPart);
      if (!('dg' in r)) throw new Error(`unexpected ${r.err}`);
      const produced = st.sock.nextDatagramId > idBefore;
      // the kernel looks at rmem after freeing the datagram just read
      expect(produced).toBe(rmemBefore - r.dg.truesize <= half);
      if (produced) producedByReads++;
    }
    // the other parts and NLMSG_DONE were all produced by reads
    const parts = Math.ceil(1000 / st.settings.dumpPeersPerPart);
    expect(parts).toBe(11);
    expect(producedByReads).toBe(parts);
    expect(st.sock.queue[st.sock.queue.length - 1]!.kind).toBe('done');
  });
});

describe('netlink socket: netlink_dump checks room only (not the congested bit, no overrun)', () => {
  it('a part that finds no room after a read sets sk_err = ENOBUFS; the dump resumes on a later read', () => {
    // rcvbuf = one part + two notifications: the second part needs exactly rcvbuf, refused
    const truesize = 832;
    const sim = setup({
      peers: 200,
      truesizeBytes: truesize,
      rcvbufBytes: DUMP_PART_TRUESIZE + 2 * truesize,
    });
    const st = sim.st;
    handleRequest(sim, 'GET_PEER_DUMP', 1, -1, -1);
    expect(broadcast(sim, del(sim, 1))).toBe(true);
    expect(broadcast(sim, del(sim, 2))).toBe(true);
    const r1 = recvmsg(sim, produceDumpPart); // the first part; rmem is now 2 x 832
    expect('dg' in r1 && r1.dg.kind).toBe('dump');
    expect(st.sock.error).toBe('ENOBUFS');
    expect(st.sock.congested).toBe(false);
    expect(st.counters.dumpPartsRefused).toBe(1);
    expect(recvmsg(sim, produceDumpPart)).toEqual({ err: 'ENOBUFS' });
    const rest: string[] = [];
    for (let r = recvmsg(sim, produceDumpPart); 'dg' in r; r = recvmsg(sim, produceDumpPart))
      rest.push(r.dg.kind);
    // the two notifications, then (queue empty) the remaining parts and DONE
    expect(rest).toEqual(['del', 'del', 'dump', 'dump', 'done']);
  });

  it('on a buffer smaller than one part, each part goes out once the queue is empty: the dump completes', () => {
    const sim = setup({ peers: 200, rcvbufBytes: 4_096, dumpPeersPerPart: 80 });
    const st = sim.st;
    expect(DUMP_PART_TRUESIZE).toBeGreaterThan(st.sock.rcvbuf);
    handleRequest(sim, 'GET_PEER_DUMP', 1, -1, -1);
    const kinds: string[] = [];
    for (let r = recvmsg(sim, produceDumpPart); 'dg' in r; r = recvmsg(sim, produceDumpPart))
      kinds.push(r.dg.kind);
    expect(kinds).toEqual(['dump', 'dump', 'dump', 'done']);
    expect(st.sock.dump).toBeNull();
    expect(st.counters.dumpPartsRefused).toBe(0);
  });

  it('a congested socket with room still takes the parts of a dump, and nothing is dropped', () => {
    const sim = setup({ peers: 1000 });
    const st = sim.st;
    fill(sim); // congested, sk_err = ENOBUFS
    expect(st.sock.congested).toBe(true);
    // read until a dump part fits again; the queue is not empty, so congestion stays
    while (st.sock.rmem + DUMP_PART_TRUESIZE >= st.sock.rcvbuf) recvmsg(sim, noDump);
    expect(st.sock.congested).toBe(true);
    const before = { ...st.counters };
    handleRequest(sim, 'GET_PEER_DUMP', 1, -1, -1);
    expect(st.sock.queue[st.sock.queue.length - 1]).toMatchObject({ kind: 'dump', req: 1 });
    expect(st.counters.droppedReplies).toBe(before.droppedReplies);
    expect(st.counters.dumpPartsRefused).toBe(0);
    // a notification is still refused: broadcasts do honour the congested bit
    expect(broadcast(sim, del(sim))).toBe(false);
  });

  it('a dump with no room for its first part is answered with ENOBUFS and resumes on a later read', () => {
    const sim = setup({ peers: 100, dumpPeersPerPart: 80 });
    const st = sim.st;
    const truesize = st.settings.truesizeBytes;
    // room for an error reply but not for a dump part, and not congested
    while (st.sock.rmem + truesize + DUMP_PART_TRUESIZE < st.sock.rcvbuf) broadcast(sim, del(sim));
    broadcast(sim, del(sim));
    expect(st.sock.congested).toBe(false);
    expect(st.sock.rmem + DUMP_PART_TRUESIZE).toBeGreaterThanOrEqual(st.sock.rcvbuf);
    handleRequest(sim, 'GET_PEER_DUMP', 7, -1, -1);
    expect(st.counters.dumpPartsRefused).toBe(1);
    expect(st.sock.queue[st.sock.queue.length - 1]).toMatchObject({
      kind: 'error',
      errno: 'ENOBUFS',
      req: 7,
    });
    // cb_running stays set: reads that leave rmem <= rcvbuf / 2 bring the parts and DONE
    expect(st.sock.dump).toMatchObject({ req: 7, sent: 0 });
    const kinds: string[] = [];
    for (let r = recvmsg(sim, produceDumpPart); 'dg' in r; r = recvmsg(sim, produceDumpPart))
      if (r.dg.kind !== 'del')
        kinds.push(r.dg.kind === 'error' ? `error:${r.dg.errno}` : r.dg.kind);
    expect(kinds).toEqual(['error:ENOBUFS', 'dump', 'dump', 'done']);
    expect(st.sock.dump).toBeNull();
    expect(st.counters.droppedReplies).toBe(0);
  });
});
