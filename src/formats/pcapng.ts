/**
 * pcapng for netlink captures: a writer of one section with one LINKTYPE_NETLINK interface, and
 * a strict, bounded reader of the blocks a netlink capture uses. dcoscope writes its exports
 * as pcapng so that a file can say which run it is: the section header's comment carries
 * "dcoscope run: <link query>", which the import reads back to replay the very same run
 * (Wireshark shows it as the capture's comment; tshark and tcpdump read pcapng).
 *
 * Layout (the pcapng specification, https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html):
 * every block is type (4), total length (4), body, total length again (4), 32-bit aligned.
 *   Section Header Block 0x0a0d0d0a: byte-order magic 0x1a2b3c4d, version 1.0, section length
 *     -1 (unknown), options (opt_comment 1, shb_userappl 4, opt_endofopt 0).
 *   Interface Description Block 1: link type, reserved, snaplen, options (if_tsresol 9: the
 *     exponent of the time unit, default 6 = microseconds).
 *   Enhanced Packet Block 6: interface id, time stamp high and low 32 bits (in the interface's
 *     unit), captured length, original length, packet data padded to 32 bits, options.
 *   Simple Packet Block 3: original length and data, no time stamp (read at time 0).
 * The reader skips blocks it does not need (name resolution, statistics, custom blocks), and
 * reads one section: a second section header is refused. The packet data is the same as in
 * classic pcap (pcap.ts): the 16-byte cooked header, then the netlink message(s).
 *
 * Pure: bytes in, bytes out; no I/O.
 */
import {
  ARPHRD_NETLINK,
  COOKED_HEADER_BYTES,
  LINKTYPE_NETLINK,
  MAX_PCAP_BYTES,
  MAX_PCAP_RECORDS,
  MAX_RECORD_BYTES,
  NETLINK_GENERIC,
  WRITE_SNAPLEN,
  cookedHeader,
  type NetlinkPacket,
} from './pcapCommon.ts';

export const PCAPNG_SHB = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const IDB = 1;
const SPB = 3;
const EPB = 6;
const OPT_COMMENT = 1;
const SHB_USERAPPL = 4;
const IF_TSRESOL = 9;
/** Comments longer than this are cut by the reader (a link query is a few hundred bytes). */
export const MAX_COMMENT_BYTES = 1024 * 1024;

const pad4 = (n: number): number => (n + 3) & ~3;
const utf8 = new TextEncoder();

function option(code: number, value: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + pad4(value.length));
  const v = new DataView(out.buffer);
  v.setUint16(0, code, true);
  v.setUint16(2, value.length, true);
  out.set(value, 4);
  return out;
}

function block(type: number, body: Uint8Array): Uint8Array {
  const len = 12 + pad4(body.length);
  const out = new Uint8Array(len);
  const v = new DataView(out.buffer);
  v.setUint32(0, type, true);
  v.setUint32(4, len, true);
  out.set(body, 8);
  v.setUint32(len - 4, len, true);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export interface PcapngOptions {
  /** The section's comment (opt_comment). */
  comment?: string;
  /** The application that wrote the file (shb_userappl). */
  application?: string;
}

/**
 * A pcapng file (little-endian, microsecond time stamps): one section, one LINKTYPE_NETLINK
 * interface, one Enhanced Packet Block per packet behind its cooked header. Times must be whole,
 * non-negative microseconds.
 */
export function writePcapng(
  packets: readonly Omit<NetlinkPacket, 'protocol'>[],
  opts: PcapngOptions = {},
): Uint8Array {
  const shbOptions: Uint8Array[] = [];
  if (opts.comment !== undefined) shbOptions.push(option(OPT_COMMENT, utf8.encode(opts.comment)));
  if (opts.application !== undefined) {
    shbOptions.push(option(SHB_USERAPPL, utf8.encode(opts.application)));
  }
  if (shbOptions.length > 0) shbOptions.push(new Uint8Array(4)); // opt_endofopt
  const shbHead = new Uint8Array(16);
  const sv = new DataView(shbHead.buffer);
  sv.setUint32(0, BYTE_ORDER_MAGIC, true);
  sv.setUint16(4, 1, true);
  sv.setUint16(6, 0, true);
  sv.setInt32(8, -1, true); // section length unknown (64 bits of -1)
  sv.setInt32(12, -1, true);
  const parts = [block(PCAPNG_SHB, concat([shbHead, ...shbOptions]))];
  const idb = new Uint8Array(8);
  const iv = new DataView(idb.buffer);
  iv.setUint16(0, LINKTYPE_NETLINK, true);
  iv.setUint32(4, WRITE_SNAPLEN, true);
  parts.push(block(IDB, idb));
  const cooked = cookedHeader(NETLINK_GENERIC);
  for (const p of packets) {
    if (!Number.isSafeInteger(p.tUs) || p.tUs < 0) {
      throw new RangeError(`pcapng: packet time ${String(p.tUs)} is not whole microseconds >= 0`);
    }
    const len = COOKED_HEADER_BYTES + p.data.length;
    if (len > WRITE_SNAPLEN) throw new RangeError(`pcapng: packet of ${len} bytes exceeds snaplen`);
    const body = new Uint8Array(20 + pad4(len));
    const bv = new DataView(body.buffer);
    bv.setUint32(0, 0, true);
    bv.setUint32(4, Math.floor(p.tUs / 2 ** 32), true);
    bv.setUint32(8, p.tUs % 2 ** 32, true);
    bv.setUint32(12, len, true);
    bv.setUint32(16, len, true);
    body.set(cooked, 20);
    body.set(p.data, 20 + COOKED_HEADER_BYTES);
    parts.push(block(EPB, body));
  }
  return concat(parts);
}

export type PcapngReadResult =
  | { ok: true; packets: NetlinkPacket[]; comment: string | null; bigEndian: boolean }
  | { ok: false; problem: string };

const fail = (problem: string): PcapngReadResult => ({ ok: false, problem: `pcapng: ${problem}` });
const bytes = (n: number): string => `${n.toLocaleString('en-US')} bytes`;

interface Iface {
  linkType: number;
  snaplen: number;
  /** Time stamp units per microsecond (1 for the default 10^-6 s). */
  perUs: number;
}

/** The options in data[from, to) as (code, value) pairs, or null when one overruns. */
function readOptions(
  v: DataView,
  from: number,
  to: number,
  le: boolean,
): { code: number; at: number; len: number }[] | null {
  const out: { code: number; at: number; len: number }[] = [];
  let at = from;
  while (to - at >= 4) {
    const code = v.getUint16(at, le);
    const len = v.getUint16(at + 2, le);
    if (code === 0) break;
    if (at + 4 + len > to) return null;
    out.push({ code, at: at + 4, len });
    at += 4 + pad4(len);
  }
  return out;
}

/** Time stamp units per microsecond of an if_tsresol value, or null when unsupported. */
function unitsPerUs(tsresol: number): number | null {
  const neg = (tsresol & 0x80) === 0;
  const exp = tsresol & 0x7f;
  // powers of ten from 10^-6 (microseconds) to 10^-9 (nanoseconds) are what captures use
  if (neg && exp >= 6 && exp <= 9) return 10 ** (exp - 6);
  return null;
}

/**
 * Reads a pcapng file of netlink packets. Strict and bounded like readPcap: refuses, naming the
 * block and what is allowed, files larger than MAX_PCAP_BYTES, blocks that overrun the file or
 * disagree on their length, a second section, interfaces of another link type or time unit,
 * packets longer than MAX_RECORD_BYTES or without a valid cooked header. Never throws.
 */
export function readPcapng(file: Uint8Array): PcapngReadResult {
  if (file.length > MAX_PCAP_BYTES) {
    return fail(`the file is ${bytes(file.length)}; at most ${bytes(MAX_PCAP_BYTES)} is read`);
  }
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (file.length < 28 || v.getUint32(0, true) !== PCAPNG_SHB) {
    return fail('the file does not start with a section header block (0a0d0d0a, 28 bytes or more)');
  }
  let le: boolean;
  if (v.getUint32(8, true) === BYTE_ORDER_MAGIC) le = true;
  else if (v.getUint32(8, false) === BYTE_ORDER_MAGIC) le = false;
  else return fail('the section header has no byte-order magic 1a2b3c4d');
  const major = v.getUint16(12, le);
  if (major !== 1)
    return fail(`version ${major}.${v.getUint16(14, le)} is not read (allowed: 1.x)`);
  const ifaces: Iface[] = [];
  const packets: NetlinkPacket[] = [];
  let comment: string | null = null;
  let at = 0;
  let n = 0;
  while (at < file.length) {
    n++;
    const where = `block ${n} at byte ${at}`;
    if (file.length - at < 12)
      return fail(`${where} is cut short: ${file.length - at} bytes remain`);
    const type = v.getUint32(at, le);
    const len = v.getUint32(at + 4, le);
    if (len < 12 || len % 4 !== 0)
      return fail(`${where} has length ${len} (a multiple of 4, 12 or more)`);
    if (len > file.length - at) {
      return fail(
        `${where} is cut short: it says ${bytes(len)}, ${bytes(file.length - at)} remain`,
      );
    }
    if (v.getUint32(at + len - 4, le) !== len) {
      return fail(`${where}: its trailing length differs from its leading one (${len})`);
    }
    const body = at + 8;
    const end = at + len - 4;
    if (type === PCAPNG_SHB) {
      if (at !== 0) return fail(`${where} starts a second section; one section is read`);
      const opts = readOptions(v, body + 16, end, le);
      if (!opts) return fail(`${where}: an option overruns the block`);
      const c = opts.find((o) => o.code === OPT_COMMENT);
      if (c) {
        comment = new TextDecoder('utf-8', { fatal: false }).decode(
          file.subarray(c.at, c.at + Math.min(c.len, MAX_COMMENT_BYTES)),
        );
      }
    } else if (type === IDB) {
      if (end - body < 8) return fail(`${where}: an interface description needs 8 bytes`);
      const linkType = v.getUint16(body, le);
      if (linkType !== LINKTYPE_NETLINK) {
        return fail(
          `interface ${ifaces.length} has link type ${linkType}, not LINKTYPE_NETLINK (${LINKTYPE_NETLINK}); capture on an nlmon device`,
        );
      }
      const opts = readOptions(v, body + 8, end, le);
      if (!opts) return fail(`${where}: an option overruns the block`);
      const ts = opts.find((o) => o.code === IF_TSRESOL && o.len >= 1);
      const perUs = ts ? unitsPerUs(file[ts.at]!) : 1;
      if (perUs === null) {
        return fail(
          `interface ${ifaces.length} has time resolution ${file[ts!.at]} (if_tsresol); read: 6 (microseconds) to 9 (nanoseconds)`,
        );
      }
      ifaces.push({ linkType, snaplen: v.getUint32(body + 4, le), perUs });
    } else if (type === EPB || type === SPB) {
      if (packets.length >= MAX_PCAP_RECORDS) {
        return fail(`the file has more than ${MAX_PCAP_RECORDS.toLocaleString('en-US')} packets`);
      }
      const epb = type === EPB;
      const head = epb ? 20 : 4;
      if (end - body < head) return fail(`${where}: a packet block needs ${head} bytes`);
      const ifId = epb ? v.getUint32(body, le) : 0;
      const iface = ifaces[ifId];
      if (!iface) return fail(`${where}: packet of interface ${ifId}, which is not described`);
      const incl = epb
        ? v.getUint32(body + 12, le)
        : Math.min(v.getUint32(body, le), iface.snaplen || MAX_RECORD_BYTES);
      if (incl > MAX_RECORD_BYTES)
        return fail(`${where}: a packet of ${bytes(incl)}; at most 1 MiB is read`);
      const start = body + head;
      if (start + incl > end)
        return fail(`${where}: its packet of ${bytes(incl)} overruns the block`);
      if (incl < COOKED_HEADER_BYTES) {
        return fail(`${where}: a packet of ${bytes(incl)}, shorter than the netlink cooked header`);
      }
      const hatype = v.getUint16(start + 2, false);
      if (hatype !== ARPHRD_NETLINK) {
        return fail(
          `${where}: its cooked header's ARPHRD type is ${hatype}, not ARPHRD_NETLINK (${ARPHRD_NETLINK})`,
        );
      }
      const units = epb ? v.getUint32(body + 4, le) * 2 ** 32 + v.getUint32(body + 8, le) : 0;
      const tUs = Math.floor(units / iface.perUs);
      if (!Number.isSafeInteger(tUs))
        return fail(`${where}: its time stamp is beyond the safe integers`);
      packets.push({
        tUs,
        protocol: v.getUint16(start + 14, false),
        data: file.slice(start + COOKED_HEADER_BYTES, start + incl),
      });
    }
    // other blocks (name resolution, statistics, custom, ...) are skipped
    at += len;
  }
  return { ok: true, packets, comment, bigEndian: !le };
}
