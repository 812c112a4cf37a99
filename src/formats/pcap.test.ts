import { describe, expect, it } from 'vitest';
import {
  ARPHRD_NETLINK,
  COOKED_HEADER_BYTES,
  LINKTYPE_NETLINK,
  MAX_PCAP_BYTES,
  NETLINK_GENERIC,
  PCAP_HEADER_BYTES,
  RECORD_HEADER_BYTES,
  cookedHeader,
  readPcap,
  writePcap,
} from './pcap.ts';
import {
  CTRL_ATTR_FAMILY_ID,
  CTRL_ATTR_FAMILY_NAME,
  CTRL_CMD_GETFAMILY,
  CTRL_CMD_NEWFAMILY,
  GENL_ID_CTRL,
  NLMSG_ERROR,
  familyResolution,
} from './genlCtrl.ts';

const msg = (...b: number[]) => new Uint8Array(b);
const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

describe('cooked header', () => {
  it('is 16 bytes: outgoing, ARPHRD_NETLINK, no address, the netlink protocol (big-endian)', () => {
    const h = cookedHeader(NETLINK_GENERIC);
    expect(h.length).toBe(COOKED_HEADER_BYTES);
    const v = view(h);
    expect(v.getUint16(0)).toBe(4);
    expect(v.getUint16(2)).toBe(ARPHRD_NETLINK);
    expect(v.getUint16(4)).toBe(0);
    expect([...h.subarray(6, 14)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(v.getUint16(14)).toBe(16);
  });
});

describe('writePcap', () => {
  it('writes the classic pcap header (LE, µs, version 2.4, link type 253) and one record per packet', () => {
    const file = writePcap([
      { tUs: 1_500_000, data: msg(1, 2, 3, 4) },
      { tUs: 2_000_001, data: msg(5, 6, 7, 8, 9, 10, 11, 12) },
    ]);
    const v = view(file);
    expect(v.getUint32(0, true)).toBe(0xa1b2c3d4);
    expect([v.getUint16(4, true), v.getUint16(6, true)]).toEqual([2, 4]);
    expect(v.getUint32(20, true)).toBe(LINKTYPE_NETLINK);
    expect(file.length).toBe(
      PCAP_HEADER_BYTES + 2 * (RECORD_HEADER_BYTES + COOKED_HEADER_BYTES) + 4 + 8,
    );
    // first record: 1 s + 500,000 µs, 20 bytes captured and on the wire
    const r = PCAP_HEADER_BYTES;
    expect([v.getUint32(r, true), v.getUint32(r + 4, true)]).toEqual([1, 500_000]);
    expect([v.getUint32(r + 8, true), v.getUint32(r + 12, true)]).toEqual([20, 20]);
    expect(v.getUint16(r + RECORD_HEADER_BYTES + 2)).toBe(ARPHRD_NETLINK);
  });

  it('refuses a time that is not whole microseconds >= 0', () => {
    expect(() => writePcap([{ tUs: -1, data: msg() }])).toThrow(/-1/);
    expect(() => writePcap([{ tUs: 0.5, data: msg() }])).toThrow(/0\.5/);
  });
});

describe('readPcap', () => {
  it('reads back what writePcap wrote: times, protocol and bytes', () => {
    const packets = [
      { tUs: 0, data: msg(16, 0, 0, 0) },
      { tUs: 123_456_789, data: msg(1, 2, 3) },
    ];
    const r = readPcap(writePcap(packets));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.packets.map((p) => [p.tUs, p.protocol, [...p.data]])).toEqual([
      [0, NETLINK_GENERIC, [16, 0, 0, 0]],
      [123_456_789, NETLINK_GENERIC, [1, 2, 3]],
    ]);
  });

  it('reads a big-endian, nanosecond file', () => {
    const le = writePcap([{ tUs: 3_000_250, data: msg(9, 9) }]);
    const be = new Uint8Array(le.length);
    be.set(le);
    const v = view(be);
    const src = view(le);
    v.setUint32(0, 0xa1b23c4d, false);
    for (const o of [4, 6]) v.setUint16(o, src.getUint16(o, true), false);
    for (const o of [8, 12, 16, 20]) v.setUint32(o, src.getUint32(o, true), false);
    const r0 = PCAP_HEADER_BYTES;
    v.setUint32(r0, 3, false);
    v.setUint32(r0 + 4, 250_999, false); // ns
    v.setUint32(r0 + 8, src.getUint32(r0 + 8, true), false);
    v.setUint32(r0 + 12, src.getUint32(r0 + 12, true), false);
    const r = readPcap(be);
    expect(r).toMatchObject({ ok: true, nanosecond: true, bigEndian: true });
    if (r.ok) expect(r.packets[0]!.tUs).toBe(3_000_250);
  });

  const good = () => writePcap([{ tUs: 5, data: msg(1, 2, 3, 4) }]);
  const problem = (b: Uint8Array): string => {
    const r = readPcap(b);
    expect(r.ok).toBe(false);
    return r.ok ? '' : r.problem;
  };

  it('names what is wrong: not pcap, pcapng, another link type', () => {
    expect(problem(new TextEncoder().encode('{"format":"dcoscope-trace"} and more text'))).toMatch(
      /pcap magic.*a1b2c3d4/,
    );
    const ng = good();
    view(ng).setUint32(0, 0x0a0d0d0a, true);
    expect(problem(ng)).toMatch(/pcapng/);
    const eth = good();
    view(eth).setUint32(20, 1, true);
    expect(problem(eth)).toMatch(/link type 1 is not LINKTYPE_NETLINK \(253\)/);
    expect(problem(msg(1, 2, 3))).toMatch(/3 bytes, shorter than a pcap file header/);
  });

  it('names a record cut short, with its number and offset', () => {
    const b = good();
    expect(problem(b.subarray(0, b.length - 1))).toMatch(/record 1 at byte 24 is cut short/);
    expect(problem(b.subarray(0, PCAP_HEADER_BYTES + 5))).toMatch(/record 1 at byte 24.*header/);
  });

  it('refuses records longer than the snaplen, captured > original, and no cooked header', () => {
    const long = good();
    view(long).setUint32(16, 8, true); // snaplen 8
    expect(problem(long)).toMatch(/20 bytes long; at most 8 bytes/);
    const orig = good();
    view(orig).setUint32(PCAP_HEADER_BYTES + 12, 3, true);
    expect(problem(orig)).toMatch(/original length \(3\) is less than its captured length \(20\)/);
    const cooked = good();
    view(cooked).setUint16(PCAP_HEADER_BYTES + RECORD_HEADER_BYTES + 2, 1);
    expect(problem(cooked)).toMatch(/ARPHRD type is 1, not ARPHRD_NETLINK \(824\)/);
  });

  it('refuses a file over the size limit without reading it', () => {
    const huge = { length: MAX_PCAP_BYTES + 1 } as unknown as Uint8Array;
    expect(problem(huge)).toMatch(/at most 268,435,456 bytes/);
  });
});

describe('familyResolution', () => {
  const [request, reply, ack] = familyResolution(
    { name: 'ovpn-dco-v2', id: 0x1d, version: 1, maxAttr: 9, groups: [{ name: 'peers', id: 7 }] },
    42,
    1234,
  );

  it('asks nlctrl for the family by name (GETFAMILY, REQUEST|ACK, the seq and port)', () => {
    const v = view(request!);
    expect(v.getUint32(0, true)).toBe(request!.length);
    expect(v.getUint16(4, true)).toBe(GENL_ID_CTRL);
    expect(v.getUint16(6, true)).toBe(0x5);
    expect([v.getUint32(8, true), v.getUint32(12, true)]).toEqual([42, 1234]);
    expect(request![16]).toBe(CTRL_CMD_GETFAMILY);
    expect(v.getUint16(22, true)).toBe(CTRL_ATTR_FAMILY_NAME);
    expect(new TextDecoder().decode(request!.subarray(24, 24 + 11))).toBe('ovpn-dco-v2');
  });

  it('answers NEWFAMILY with the name and the id, then ACKs with error 0', () => {
    const v = view(reply!);
    expect(v.getUint16(4, true)).toBe(GENL_ID_CTRL);
    expect(reply![16]).toBe(CTRL_CMD_NEWFAMILY);
    // attributes: name (4 + 12 bytes, padded to 16), then the id
    expect(v.getUint16(20, true)).toBe(16);
    expect(v.getUint16(36 + 2, true)).toBe(CTRL_ATTR_FAMILY_ID);
    expect(v.getUint16(36 + 4, true)).toBe(0x1d);
    const a = view(ack!);
    expect(a.getUint16(4, true)).toBe(NLMSG_ERROR);
    expect(a.getInt32(16, true)).toBe(0);
    expect([...ack!.subarray(20, 36)]).toEqual([...request!.subarray(0, 16)]);
  });
});
