import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Sim } from './core.ts';
import { handleRequest } from './kernel.ts';
import { DEFAULT_SETTINGS, type SimSettings } from './settings.ts';
import { createSim } from './sim.ts';
import type { Datagram, DelReason, ReplyErrno, RequestCmd } from './state.ts';
import {
  FAMILY_NAMES,
  GENL_HDRLEN,
  NLMSG_HDRLEN,
  encodeDatagram,
  encodeRequest,
  nlaAlign,
  wireContext,
  type WireContext,
  type WireField,
  type WireMessage,
} from './wire.ts';

const DCO: WireContext = { family: 'ovpn-dco', familyId: 34, portId: 4242, ifindex: 3 };
const OVPN: WireContext = { family: 'ovpn', familyId: 35, portId: 4242, ifindex: 3 };

const hexOf = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
const bytesOf = (s: string) => s.trim().split(/\s+/).join(' ');

const del = (peer: number, reason: DelReason): Datagram => ({
  id: 1,
  kind: 'del',
  truesize: 832,
  peer,
  reason,
  atUs: 0,
});

describe('DEL_PEER notification bytes', () => {
  it('ovpn-dco: nlmsghdr, genlmsghdr, IFINDEX and the DEL_PEER nest (reason u8, peer id)', () => {
    const m = encodeDatagram(del(7, 'EXPIRED'), DCO);
    // worked by hand from ovpn_dco.h: OVPN_CMD_DEL_PEER = 3, OVPN_ATTR_IFINDEX = 1,
    // OVPN_ATTR_DEL_PEER = 4 (| NLA_F_NESTED), OVPN_DEL_PEER_ATTR_REASON = 1 (u8: len 5, padded
    // to 8), OVPN_DEL_PEER_ATTR_PEER_ID = 2, OVPN_DEL_PEER_REASON_EXPIRED = 2
    expect(hexOf(m.bytes)).toBe(
      bytesOf(`
        30 00 00 00  22 00  00 00  00 00 00 00  00 00 00 00
        03 01 00 00
        08 00 01 00  03 00 00 00
        14 00 04 80
        05 00 01 00  02 00 00 00
        08 00 02 00  07 00 00 00`),
    );
    expect(m.fields.map((f) => f.name)).toEqual([
      'nlmsghdr',
      'genlmsghdr',
      'OVPN_ATTR_IFINDEX',
      'OVPN_ATTR_DEL_PEER',
    ]);
  });

  it('mainline ovpn: OVPN_CMD_PEER_DEL_NTF with OVPN_A_PEER (DEL_REASON u32, ID)', () => {
    const m = encodeDatagram(del(7, 'USERSPACE'), OVPN);
    // ovpn.h: OVPN_CMD_PEER_DEL_NTF = 5, OVPN_A_IFINDEX = 1, OVPN_A_PEER = 2,
    // OVPN_A_PEER_DEL_REASON = 15, OVPN_A_PEER_ID = 1, OVPN_DEL_PEER_REASON_USERSPACE = 1
    expect(hexOf(m.bytes)).toBe(
      bytesOf(`
        30 00 00 00  23 00  00 00  00 00 00 00  00 00 00 00
        05 01 00 00
        08 00 01 00  03 00 00 00
        14 00 02 80
        08 00 0f 00  01 00 00 00
        08 00 01 00  07 00 00 00`),
    );
    const peerNest = m.fields[3]!;
    expect(peerNest.name).toBe('OVPN_A_PEER');
    expect(peerNest.children!.slice(2).map((f) => [f.name, f.value])).toEqual([
      ['OVPN_A_PEER_DEL_REASON', '1 (OVPN_DEL_PEER_REASON_USERSPACE)'],
      ['OVPN_A_PEER_ID', '7'],
    ]);
  });

  it('a peer id above 2^31 is written unsigned, little-endian', () => {
    const m = encodeDatagram(del(0x89abcdef, 'EXPIRED'), DCO);
    expect(hexOf(m.bytes.subarray(44, 48))).toBe('ef cd ab 89');
  });
});

describe('wireContext', () => {
  it('takes the family from the variant kernel flavour, or from the kernel setting', () => {
    const s = (over: Partial<SimSettings>): SimSettings => ({ ...DEFAULT_SETTINGS, ...over });
    expect(wireContext(s({ variant: '2.6.14' })).family).toBe('ovpn-dco');
    expect(wireContext(s({ variant: '2.7' })).family).toBe('ovpn');
    expect(wireContext(s({ variant: '2.6.14', kernel: 'mainline' })).family).toBe('ovpn');
    expect(FAMILY_NAMES).toEqual({ 'ovpn-dco': 'ovpn-dco-v2', ovpn: 'ovpn' });
  });
});

/** Walks the bytes as a netlink reader would: messages by nlmsg_len, attributes by nla_len. */
function walk(bytes: Uint8Array): { messages: number; types: number[] } {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const types: number[] = [];
  while (at < bytes.length) {
    const len = dv.getUint32(at, true);
    const type = dv.getUint16(at + 4, true);
    types.push(type);
    expect(len).toBeGreaterThanOrEqual(NLMSG_HDRLEN);
    expect(at + len).toBeLessThanOrEqual(bytes.length);
    expect(len % 4).toBe(0);
    if (type >= 16) walkAttrs(dv, at + NLMSG_HDRLEN + GENL_HDRLEN, at + len);
    at += len;
  }
  expect(at).toBe(bytes.length);
  return { messages: types.length, types };
}

function walkAttrs(dv: DataView, from: number, to: number): void {
  let at = from;
  while (at < to) {
    const len = dv.getUint16(at, true);
    const type = dv.getUint16(at + 2, true);
    expect(len).toBeGreaterThanOrEqual(4);
    expect(at + len).toBeLessThanOrEqual(to);
    if (type & 0x8000) walkAttrs(dv, at + 4, at + len);
    for (let k = at + len; k < at + nlaAlign(len); k++) expect(dv.getUint8(k)).toBe(0);
    at += nlaAlign(len);
  }
  expect(at).toBe(to);
}

/** Children tile their parent; the top level tiles the bytes. */
function expectTiled(fields: WireField[], from: number, to: number): void {
  let at = from;
  for (const f of fields) {
    expect(f.offset).toBe(at);
    expect(f.length).toBeGreaterThan(0);
    if (f.children) expectTiled(f.children, f.offset, f.offset + f.length);
    at += f.length;
  }
  expect(at).toBe(to);
}

function expectWellFormed(m: WireMessage): void {
  walk(m.bytes);
  expectTiled(m.fields, 0, m.bytes.length);
}

const reasons: DelReason[] = ['EXPIRED', 'USERSPACE'];
const errnos: ReplyErrno[] = ['EBUSY', 'ENOENT', 'ENOBUFS'];
const cmds: RequestCmd[] = [
  'GET_PEER_DUMP',
  'GET_PEER',
  'NEW_PEER',
  'NEW_KEY',
  'SET_PEER',
  'DEL_PEER',
];

const arbDatagram: fc.Arbitrary<Datagram> = fc.oneof(
  fc.record({
    id: fc.nat(),
    kind: fc.constant('del' as const),
    truesize: fc.constant(832),
    peer: fc.nat(100_000),
    reason: fc.constantFrom(...reasons),
    atUs: fc.nat(),
  }),
  fc.record({
    id: fc.nat(),
    kind: fc.constant('dump' as const),
    truesize: fc.constant(17_152),
    req: fc.nat(10_000),
    entries: fc.integer({ min: 1, max: 120 }),
    first: fc.nat(10_000),
    atUs: fc.nat(),
  }),
  fc.record({
    id: fc.nat(),
    kind: fc.constantFrom('done' as const, 'ack' as const),
    truesize: fc.constant(832),
    req: fc.nat(10_000),
    atUs: fc.nat(),
  }),
  fc.record({
    id: fc.nat(),
    kind: fc.constant('error' as const),
    truesize: fc.constant(832),
    req: fc.nat(10_000),
    errno: fc.constantFrom(...errnos),
    atUs: fc.nat(),
  }),
  fc.record({
    id: fc.nat(),
    kind: fc.constant('reply' as const),
    truesize: fc.constant(832),
    req: fc.nat(10_000),
    peer: fc.nat(100_000),
    atUs: fc.nat(),
  }),
);

describe('every datagram kind and request', () => {
  it('encodes with nlmsg_len chains equal to the byte length, NLA_ALIGN padding and tiled fields (fast-check)', () => {
    fc.assert(
      fc.property(arbDatagram, fc.constantFrom(DCO, OVPN), (dg, ctx) => {
        const m = encodeDatagram(dg, ctx);
        expectWellFormed(m);
        const { messages, types } = walk(m.bytes);
        if (dg.kind === 'dump') {
          expect(messages).toBe(dg.entries);
          expect(types.every((t) => t === ctx.familyId)).toBe(true);
        } else expect(messages).toBe(1);
        if (dg.kind === 'done') expect(types).toEqual([3]);
        if (dg.kind === 'ack' || dg.kind === 'error') expect(types).toEqual([2]);
      }),
    );
  });

  it('requests carry NLM_F_REQUEST | NLM_F_ACK, the dump NLM_F_DUMP, the sequence and port id', () => {
    for (const ctx of [DCO, OVPN]) {
      for (const cmd of cmds) {
        const m = encodeRequest(cmd, 77, cmd === 'GET_PEER_DUMP' ? -1 : 5, ctx);
        expectWellFormed(m);
        const dv = new DataView(m.bytes.buffer);
        expect(dv.getUint32(0, true)).toBe(m.bytes.length);
        expect(dv.getUint16(4, true)).toBe(ctx.familyId);
        expect(dv.getUint16(6, true)).toBe(cmd === 'GET_PEER_DUMP' ? 0x305 : 0x005);
        expect(dv.getUint32(8, true)).toBe(77);
        expect(dv.getUint32(12, true)).toBe(4242);
      }
    }
  });

  it('an error echoes the whole request it answers, an ACK only its header (NLM_F_CAPPED)', () => {
    const requests = new Map([[9, { cmd: 'SET_PEER' as const, peer: 4 }]]);
    const ctx = { ...DCO, requests };
    const request = encodeRequest('SET_PEER', 9, 4, ctx).bytes;
    const err = encodeDatagram(
      { id: 2, kind: 'error', truesize: 832, req: 9, errno: 'ENOENT', atUs: 0 },
      ctx,
    ).bytes;
    const dv = new DataView(err.buffer);
    expect(dv.getInt32(16, true)).toBe(-2);
    expect(dv.getUint16(6, true)).toBe(0);
    expect(hexOf(err.subarray(20))).toBe(hexOf(request));
    const ack = encodeDatagram({ id: 3, kind: 'ack', truesize: 832, req: 9, atUs: 0 }, ctx);
    const av = new DataView(ack.bytes.buffer);
    expect(ack.bytes.length).toBe(36);
    expect(av.getUint16(6, true)).toBe(0x100);
    expect(av.getInt32(16, true)).toBe(0);
    expect(hexOf(ack.bytes.subarray(20))).toBe(hexOf(request.subarray(0, 16)));
    expect(ack.fields[1]!.children![1]!.value).not.toMatch(/assumed/);
  });

  it('an ACK whose request is not known says it assumed one', () => {
    const ack = encodeDatagram({ id: 3, kind: 'ack', truesize: 832, req: 9, atUs: 0 }, DCO);
    expect(ack.fields[1]!.children![1]!.value).toMatch(/assumed/);
  });

  it('a dump part: one NLM_F_MULTI GET_PEER message per entry, numbered from its first entry', () => {
    const m = encodeDatagram(
      { id: 4, kind: 'dump', truesize: 17_152, req: 12, entries: 3, first: 40, atUs: 0 },
      DCO,
    );
    expect(m.fields.map((f) => f.value)).toEqual(['peer 40', 'peer 41', 'peer 42']);
    const dv = new DataView(m.bytes.buffer);
    expect(dv.getUint16(6, true)).toBe(2);
    expect(dv.getUint32(8, true)).toBe(12);
    expect(dv.getUint8(16)).toBe(7); // OVPN_CMD_GET_PEER
  });

  it('the datagrams the kernel model queues for requests all encode (seed 1)', () => {
    const sim: Sim = { st: createSim({ peers: 4, seed: 1 }), out: [] };
    let req = 100;
    for (const cmd of cmds) handleRequest(sim, cmd, req++, 1, 0);
    handleRequest(sim, 'GET_PEER', req, 999, 0);
    const queued = sim.st.sock.queue.slice(sim.st.sock.head);
    expect(new Set(queued.map((d) => d.kind))).toEqual(new Set(['dump', 'ack', 'error', 'reply']));
    for (const d of queued) expectWellFormed(encodeDatagram(d, wireContext(sim.st.settings)));
  });

  it('is deterministic: equal inputs give equal bytes and fields', () => {
    fc.assert(
      fc.property(arbDatagram, (dg) => {
        expect(encodeDatagram(dg, OVPN)).toEqual(encodeDatagram(structuredClone(dg), OVPN));
      }),
      { numRuns: 50 },
    );
  });
});
