import { describe, expect, it } from 'vitest';
import { handleRequest } from './kernel.ts';
import {
  DUMP_PART_ROOM,
  DUMP_PART_TRUESIZE,
  SMALL_TRUESIZE,
  dumpEntriesPerPart,
  largeSkbTruesize,
  skbHeadAlign,
} from './netlinkSocket.ts';
import { DEFAULT_SETTINGS, type SimSettings } from './settings.ts';
import { createSim } from './sim.ts';
import type { Datagram } from './state.ts';
import { encodeDatagram, wireContext } from './wire.ts';

/** The bytes of one GET_PEER dump entry as the given variant's kernel encodes it. */
function entryBytes(variant: SimSettings['variant']): number {
  const ctx = wireContext({ ...DEFAULT_SETTINGS, variant });
  const part = (entries: number): Datagram => ({
    id: 1,
    kind: 'dump',
    truesize: DUMP_PART_TRUESIZE,
    req: 1,
    entries,
    first: 0,
    atUs: 0,
  });
  const one = encodeDatagram(part(1), ctx).bytes.length;
  // entries are whole NLMSG-aligned messages laid end to end
  expect(encodeDatagram(part(3), ctx).bytes.length).toBe(3 * one);
  return one;
}

describe('dump part sizing follows the kernel (x86-64, 4 KiB pages)', () => {
  it("a small reply's truesize is the small head cache's object plus the sk_buff: 832", () => {
    expect(SMALL_TRUESIZE).toBe(832);
  });

  it("a part gets libnl's 16 KiB read length as its room and is charged a 32 KiB object plus the sk_buff", () => {
    expect(DUMP_PART_ROOM).toBe(16_384);
    expect(skbHeadAlign(DUMP_PART_ROOM)).toBe(16_704);
    expect(DUMP_PART_TRUESIZE).toBe(33_024);
    // a head that just fits 16 KiB stays there; one byte more doubles the object
    expect(largeSkbTruesize(16_384 - 320)).toBe(16_384 + 256);
    expect(largeSkbTruesize(16_384 - 320 + 1)).toBe(32_768 + 256);
  });

  it('refuses sizes whose head fits the kmalloc caches, naming the value', () => {
    expect(() => largeSkbTruesize(100)).toThrow(/size 100 /);
    expect(() => dumpEntriesPerPart(0)).toThrow(/0 bytes; allowed 1 to 16384/);
  });

  it("ovpn-dco's entries (172 bytes) fit 95 to a part, and that is the default setting", () => {
    const bytes = entryBytes('2.6.14');
    expect(bytes).toBe(172);
    expect(dumpEntriesPerPart(bytes)).toBe(95);
    expect(DEFAULT_SETTINGS.dumpPeersPerPart).toBe(dumpEntriesPerPart(bytes));
  });

  it("mainline's entries (152 bytes, counters that fit 32 bits) would fit 107 to a part", () => {
    const bytes = entryBytes('2.7');
    expect(bytes).toBe(152);
    expect(dumpEntriesPerPart(bytes)).toBe(107);
  });

  it('the kernel model queues 95-entry parts of 33,024 bytes, each within its room (seed 1, 200 peers)', () => {
    const sim = { st: createSim({ peers: 200, seed: 1 }), out: [] };
    handleRequest(sim, 'GET_PEER_DUMP', 1, -1, -1);
    const first = sim.st.sock.queue[sim.st.sock.head]!;
    expect(first).toMatchObject({ kind: 'dump', entries: 95, truesize: 33_024 });
    // the encoded part stays within the room the kernel gave it
    const bytes = encodeDatagram(first, wireContext(sim.st.settings)).bytes.length;
    expect(bytes).toBeLessThanOrEqual(DUMP_PART_ROOM);
    expect(bytes + 172).toBeGreaterThan(DUMP_PART_ROOM);
  });
});
