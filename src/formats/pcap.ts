/**
 * The pcap container for netlink captures: a writer and a strict, bounded reader of classic
 * pcap files of link type LINKTYPE_NETLINK (253), as tcpdump writes them from an nlmon device.
 *
 * Layout (https://www.tcpdump.org/linktypes/LINKTYPE_NETLINK.html and the pcap file format,
 * https://www.tcpdump.org/manpages/pcap-savefile.5.html):
 *   file header (24 bytes): magic, version 2.4, thiszone 0, sigfigs 0, snaplen, link type;
 *   per record (16 bytes): ts_sec, ts_usec (ts_nsec with the nanosecond magic), incl_len,
 *     orig_len; then incl_len bytes of packet data.
 * The packet data of LINKTYPE_NETLINK is a 16-byte "cooked" header (the Linux SLL header as
 * libpcap builds it for an ARPHRD_NETLINK device; all fields big-endian) followed by the netlink
 * message(s) in the capturing host's byte order:
 *   0  packet type   (2)  4 = PACKET_OUTGOING: everything an nlmon tap sees is "outgoing"
 *   2  ARPHRD type   (2)  824 = ARPHRD_NETLINK
 *   4  address length(2)  0
 *   6  address       (8)  zero
 *  14  protocol      (2)  the netlink protocol (16 = NETLINK_GENERIC)
 * Wireshark's netlink dissector checks the ARPHRD type and takes the protocol as the netlink
 * family; it guesses the messages' byte order from their length field. The writer writes
 * little-endian (x86 and arm64 servers), microsecond timestamps.
 *
 * Pure: bytes in, bytes out; no I/O.
 */

import { readPcapng, PCAPNG_SHB } from './pcapng.ts';
import {
  ARPHRD_NETLINK,
  COOKED_HEADER_BYTES,
  LINKTYPE_NETLINK,
  MAX_PCAP_BYTES,
  MAX_PCAP_RECORDS,
  MAX_RECORD_BYTES,
  NETLINK_GENERIC,
  PCAP_HEADER_BYTES,
  RECORD_HEADER_BYTES,
  WRITE_SNAPLEN,
  cookedHeader,
  type NetlinkPacket,
} from './pcapCommon.ts';

export * from './pcapCommon.ts';

const MAGIC_US = 0xa1b2c3d4;
const MAGIC_NS = 0xa1b23c4d;

/**
 * A classic pcap file (little-endian, microsecond timestamps, LINKTYPE_NETLINK) holding the
 * packets in order, each behind its cooked header. Times must be whole, non-negative
 * microseconds; they are written as they are (simulated time counts from the epoch).
 */
export function writePcap(packets: readonly Omit<NetlinkPacket, 'protocol'>[]): Uint8Array {
  let size = PCAP_HEADER_BYTES;
  for (const p of packets) size += RECORD_HEADER_BYTES + COOKED_HEADER_BYTES + p.data.length;
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  v.setUint32(0, MAGIC_US, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setInt32(8, 0, true);
  v.setUint32(12, 0, true);
  v.setUint32(16, WRITE_SNAPLEN, true);
  v.setUint32(20, LINKTYPE_NETLINK, true);
  const cooked = cookedHeader(NETLINK_GENERIC);
  let at = PCAP_HEADER_BYTES;
  for (const p of packets) {
    if (!Number.isSafeInteger(p.tUs) || p.tUs < 0) {
      throw new RangeError(`pcap: packet time ${String(p.tUs)} is not whole microseconds >= 0`);
    }
    const len = COOKED_HEADER_BYTES + p.data.length;
    if (len > WRITE_SNAPLEN) throw new RangeError(`pcap: packet of ${len} bytes exceeds snaplen`);
    v.setUint32(at, Math.floor(p.tUs / 1e6), true);
    v.setUint32(at + 4, p.tUs % 1e6, true);
    v.setUint32(at + 8, len, true);
    v.setUint32(at + 12, len, true);
    out.set(cooked, at + RECORD_HEADER_BYTES);
    out.set(p.data, at + RECORD_HEADER_BYTES + COOKED_HEADER_BYTES);
    at += RECORD_HEADER_BYTES + len;
  }
  return out;
}

export type PcapReadResult =
  | {
      ok: true;
      packets: NetlinkPacket[];
      nanosecond: boolean;
      bigEndian: boolean;
      /** The capture's comment (pcapng's section comment; dcoscope's exports name their run). */
      comment?: string;
    }
  | { ok: false; problem: string };

const fail = (problem: string): PcapReadResult => ({ ok: false, problem });
const hex32 = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
const bytes = (n: number): string => `${n.toLocaleString('en-US')} bytes`;

/**
 * Reads a pcap file of netlink packets, classic or pcapng (pcapng.ts, whose section comment it
 * returns). Strict and bounded: refuses, with a message naming the value and what is allowed,
 * files larger than MAX_PCAP_BYTES, other non-pcap data, link types other than LINKTYPE_NETLINK, records cut short or longer than the
 * snaplen or MAX_RECORD_BYTES, more than MAX_PCAP_RECORDS records, and packets without a valid
 * cooked header. Never throws.
 */
export function readPcap(file: Uint8Array): PcapReadResult {
  if (file.length > MAX_PCAP_BYTES) {
    return fail(
      `the file is ${bytes(file.length)}; at most ${bytes(MAX_PCAP_BYTES)} (256 MiB) is read`,
    );
  }
  if (file.length < PCAP_HEADER_BYTES) {
    return fail(
      `the file is ${bytes(file.length)}, shorter than a pcap file header (${PCAP_HEADER_BYTES} bytes)`,
    );
  }
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const magicLe = v.getUint32(0, true);
  const magicBe = v.getUint32(0, false);
  let little: boolean;
  let nanosecond: boolean;
  if (magicLe === MAGIC_US || magicLe === MAGIC_NS) {
    little = true;
    nanosecond = magicLe === MAGIC_NS;
  } else if (magicBe === MAGIC_US || magicBe === MAGIC_NS) {
    little = false;
    nanosecond = magicBe === MAGIC_NS;
  } else if (magicLe === PCAPNG_SHB) {
    const ng = readPcapng(file);
    if (!ng.ok) return ng;
    return {
      ok: true,
      packets: ng.packets,
      nanosecond: false,
      bigEndian: ng.bigEndian,
      ...(ng.comment !== null ? { comment: ng.comment } : {}),
    };
  } else {
    return fail(
      `the file does not start with a pcap magic number (found ${hex32(magicBe)}; allowed a1b2c3d4 or a1b23c4d in either byte order)`,
    );
  }
  const major = v.getUint16(4, little);
  const minor = v.getUint16(6, little);
  if (major !== 2) return fail(`pcap version ${major}.${minor} is not read (allowed: 2.x)`);
  const snaplen = v.getUint32(16, little);
  // the link type's low 16 bits; the upper bits hold the FCS length, unused here
  const linkType = v.getUint32(20, little) & 0xffff;
  if (linkType !== LINKTYPE_NETLINK) {
    return fail(
      `link type ${linkType} is not LINKTYPE_NETLINK (${LINKTYPE_NETLINK}); capture on an nlmon device (ip link add nlmon0 type nlmon; tcpdump -i nlmon0 -w FILE)`,
    );
  }
  const maxRecord = Math.min(MAX_RECORD_BYTES, snaplen === 0 ? MAX_RECORD_BYTES : snaplen);
  const packets: NetlinkPacket[] = [];
  let at = PCAP_HEADER_BYTES;
  while (at < file.length) {
    const n = packets.length + 1;
    if (packets.length >= MAX_PCAP_RECORDS) {
      return fail(`the file has more than ${MAX_PCAP_RECORDS.toLocaleString('en-US')} records`);
    }
    if (file.length - at < RECORD_HEADER_BYTES) {
      return fail(
        `record ${n} at byte ${at} is cut short: its header needs ${RECORD_HEADER_BYTES} bytes, ${file.length - at} remain`,
      );
    }
    const sec = v.getUint32(at, little);
    const frac = v.getUint32(at + 4, little);
    const incl = v.getUint32(at + 8, little);
    const orig = v.getUint32(at + 12, little);
    if (frac >= (nanosecond ? 1e9 : 1e6)) {
      return fail(
        `record ${n} at byte ${at}: the fraction of its time stamp (${frac}) is not below ${nanosecond ? '1,000,000,000 ns' : '1,000,000 µs'}`,
      );
    }
    if (incl > maxRecord) {
      return fail(
        `record ${n} at byte ${at} is ${bytes(incl)} long; at most ${bytes(maxRecord)} (the snaplen, or 1 MiB) is read`,
      );
    }
    if (orig < incl) {
      return fail(
        `record ${n} at byte ${at}: its original length (${orig}) is less than its captured length (${incl})`,
      );
    }
    const start = at + RECORD_HEADER_BYTES;
    if (file.length - start < incl) {
      return fail(
        `record ${n} at byte ${at} is cut short: it says ${bytes(incl)}, ${bytes(file.length - start)} remain`,
      );
    }
    if (incl < COOKED_HEADER_BYTES) {
      return fail(
        `record ${n} at byte ${at} is ${bytes(incl)}, shorter than the netlink cooked header (${COOKED_HEADER_BYTES} bytes)`,
      );
    }
    const hatype = v.getUint16(start + 2, false);
    if (hatype !== ARPHRD_NETLINK) {
      return fail(
        `record ${n} at byte ${at}: its cooked header's ARPHRD type is ${hatype}, not ARPHRD_NETLINK (${ARPHRD_NETLINK})`,
      );
    }
    const protocol = v.getUint16(start + 14, false);
    const tUs = sec * 1e6 + (nanosecond ? Math.floor(frac / 1000) : frac);
    packets.push({
      tUs,
      protocol,
      data: file.slice(start + COOKED_HEADER_BYTES, start + incl),
    });
    at = start + incl;
  }
  return { ok: true, packets, nanosecond, bigEndian: !little };
}
