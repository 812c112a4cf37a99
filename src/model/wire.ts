/**
 * On the wire: the netlink bytes of every datagram the model moves, and of the requests OpenVPN
 * sends. Pure and deterministic: a datagram and a context give the same bytes every time.
 *
 * A datagram is one skb on the socket's receive queue; it holds one netlink message (a DEL_PEER
 * notification, a GET_PEER reply, an ACK or error, NLMSG_DONE) or, for a dump part, one message
 * per peer, each flagged NLM_F_MULTI. Every message is a `struct nlmsghdr` (16 bytes, host
 * order: x86-64, little-endian), then for generic netlink a `struct genlmsghdr` (4 bytes) and
 * the attributes: `struct nlattr` (length, type) and the payload, padded to NLA_ALIGNTO (4).
 * A nested attribute carries NLA_F_NESTED (0x8000) in its type, as nla_nest_start sets it.
 *
 * The layouts are read from the uapi headers (links in ARCHITECTURE.md, "On the wire"):
 * - ovpn-dco (OpenVPN 2.6): include/uapi/linux/ovpn_dco.h of OpenVPN/ovpn-dco, family
 *   "ovpn-dco-v2", version 1; the notification as ovpn_netlink_notify_del_peer builds it and a
 *   dump entry as ovpn_netlink_send_peer does (drivers/net/ovpn-dco/netlink.c);
 * - mainline ovpn (OpenVPN 2.7): include/uapi/linux/ovpn.h of Linux (generated from
 *   Documentation/netlink/specs/ovpn.yaml), family "ovpn", version 1; the notification as
 *   ovpn_nl_peer_del_notify builds it and a dump entry as ovpn_nl_send_peer does
 *   (drivers/net/ovpn/netlink.c);
 * - include/uapi/linux/netlink.h and genetlink.h for the headers, flags and NLMSG_ERROR/DONE.
 *
 * What the model does not know is filled in with fixed, documented values: the genl family id
 * (a real kernel allocates it when the module registers the family, from GENL_START_ALLOC = 19
 * up, so it differs between machines), OpenVPN's netlink port id (libnl binds its first socket
 * to the process id), the interface index, addresses, keys (zeros) and counters (zero). A
 * request's sequence number is the model's request number (libnl starts at the clock's
 * seconds). Which peers a dump part holds is not modelled either: its entries are numbered from
 * the part's first entry.
 */
import { effectiveKernel, type SimSettings } from './settings.ts';
import type { Datagram, DelReason, ReplyErrno, RequestCmd } from './state.ts';
import { VARIANTS } from './variants.ts';

/** One field of a message: its place in the bytes, its value in words, and its parts. */
export interface WireField {
  name: string;
  offset: number;
  length: number;
  value: string;
  children?: WireField[];
}

/**
 * A datagram's bytes and their fields. The fields of a one-message datagram are its nlmsghdr,
 * genlmsghdr (or nlmsgerr, or NLMSG_DONE's payload) and attributes; a dump part's fields are
 * its messages, each with those as children.
 */
export interface WireMessage {
  bytes: Uint8Array;
  fields: WireField[];
}

export type WireFamily = 'ovpn-dco' | 'ovpn';

/** A request the model sent: what an ACK or error echoes. */
export interface WireRequest {
  cmd: RequestCmd;
  peer: number;
}

export interface WireContext {
  family: WireFamily;
  familyId: number;
  portId: number;
  ifindex: number;
  /**
   * Requests by the model's request number, when known: an ACK echoes its request's header and
   * an error the whole request. Without it the request is inferred from the errno (EBUSY and
   * ENOBUFS answer the dump request; ENOENT and an ACK are shown as a DEL_PEER of peer 0) and
   * the echo's value says so.
   */
  requests?: ReadonlyMap<number, WireRequest>;
  /** The peers' keepalive (interval, timeout) in seconds, for SET_PEER and GET_PEER entries. */
  keepaliveS?: { interval: number; timeout: number };
}

/** The generic netlink family names, as the uapi headers define them. */
export const FAMILY_NAMES: Record<WireFamily, string> = {
  'ovpn-dco': 'ovpn-dco-v2',
  ovpn: 'ovpn',
};

/**
 * The family ids shown: any id the kernel could allocate (19 and up); two different ones, so
 * a capture says which family it holds even without the names.
 */
export const WIRE_FAMILY_IDS: Record<WireFamily, number> = { 'ovpn-dco': 34, ovpn: 35 };
/** OpenVPN's netlink port id: libnl binds a process's first socket to its pid. */
export const WIRE_PORT_ID = 4242;
/** The ovpn interface's index (lo is 1, the uplink 2, the VPN device 3). */
export const WIRE_IFINDEX = 3;

export function wireContext(settings: SimSettings): WireContext {
  const flavour = effectiveKernel(settings, VARIANTS[settings.variant].kernel);
  const family: WireFamily = flavour === 'mainline' ? 'ovpn' : 'ovpn-dco';
  return {
    family,
    familyId: WIRE_FAMILY_IDS[family],
    portId: WIRE_PORT_ID,
    ifindex: WIRE_IFINDEX,
    keepaliveS: { interval: settings.pingIntervalS, timeout: settings.keepaliveTimeoutS },
  };
}

// include/uapi/linux/netlink.h
export const NLMSG_HDRLEN = 16;
export const GENL_HDRLEN = 4;
export const NLA_HDRLEN = 4;
export const NLA_ALIGNTO = 4;
const NLMSG_ERROR = 2;
const NLMSG_DONE = 3;
const NLM_F_REQUEST = 0x1;
const NLM_F_MULTI = 0x2;
const NLM_F_ACK = 0x4;
const NLM_F_DUMP = 0x300; // NLM_F_ROOT | NLM_F_MATCH
const NLM_F_CAPPED = 0x100; // on NLMSG_ERROR: the request's payload is left out
const NLA_F_NESTED = 0x8000;

export function nlaAlign(n: number): number {
  return (n + NLA_ALIGNTO - 1) & ~(NLA_ALIGNTO - 1);
}

const ERRNO: Record<ReplyErrno, number> = { EBUSY: 16, ENOENT: 2, ENOBUFS: 105 };

// ovpn_dco.h: enum ovpn_nl_commands, ovpn_netlink_attrs and the per-command nests.
const DCO = {
  cmd: { NEW_PEER: 1, SET_PEER: 2, DEL_PEER: 3, NEW_KEY: 4, GET_PEER: 7 },
  attr: { IFINDEX: 1, NEW_PEER: 2, SET_PEER: 3, DEL_PEER: 4, NEW_KEY: 5, GET_PEER: 8 },
} as const;
// ovpn.h (mainline): OVPN_CMD_*, OVPN_A_*.
const OVPN = {
  cmd: { PEER_NEW: 1, PEER_SET: 2, PEER_GET: 3, PEER_DEL: 4, PEER_DEL_NTF: 5, KEY_NEW: 6 },
  attr: { IFINDEX: 1, PEER: 2, KEYCONF: 3 },
  peer: {
    ID: 1,
    REMOTE_IPV4: 2,
    REMOTE_PORT: 5,
    SOCKET: 6,
    VPN_IPV4: 8,
    LOCAL_IPV4: 10,
    LOCAL_PORT: 12,
    KEEPALIVE_INTERVAL: 13,
    KEEPALIVE_TIMEOUT: 14,
    DEL_REASON: 15,
    VPN_RX_BYTES: 16,
    VPN_TX_BYTES: 17,
    VPN_RX_PACKETS: 18,
    VPN_TX_PACKETS: 19,
    LINK_RX_BYTES: 20,
    LINK_TX_BYTES: 21,
    LINK_RX_PACKETS: 22,
    LINK_TX_PACKETS: 23,
  },
} as const;
/** enum ovpn_del_peer_reason (the same numbers in both headers). */
const DEL_REASON: Record<DelReason, number> = { USERSPACE: 1, EXPIRED: 2 };

// ---- a small attribute tree, serialized in one pass ----

type Attr =
  | { name: string; type: number; kind: 'u8' | 'u16' | 'u32'; v: number; text?: string }
  | { name: string; type: number; kind: 'be16'; v: number; text?: string }
  | { name: string; type: number; kind: 'bytes'; v: number[]; text: string }
  | { name: string; type: number; kind: 'nest'; children: Attr[] };

const u32 = (name: string, type: number, v: number, text?: string): Attr => ({
  name,
  type,
  kind: 'u32',
  v,
  text,
});
const u8 = (name: string, type: number, v: number, text?: string): Attr => ({
  name,
  type,
  kind: 'u8',
  v,
  text,
});
const u16 = (name: string, type: number, v: number, text?: string): Attr => ({
  name,
  type,
  kind: 'u16',
  v,
  text,
});
const be16 = (name: string, type: number, v: number): Attr => ({ name, type, kind: 'be16', v });
const bytes = (name: string, type: number, v: number[], text: string): Attr => ({
  name,
  type,
  kind: 'bytes',
  v,
  text,
});
const nest = (name: string, type: number, children: Attr[]): Attr => ({
  name,
  type,
  kind: 'nest',
  children,
});
const ipv4 = (name: string, type: number, a: number[]): Attr => bytes(name, type, a, a.join('.'));

function payloadLength(a: Attr): number {
  switch (a.kind) {
    case 'u8':
      return 1;
    case 'u16':
    case 'be16':
      return 2;
    case 'u32':
      return 4;
    case 'bytes':
      return a.v.length;
    case 'nest':
      return a.children.reduce((n, c) => n + nlaAlign(NLA_HDRLEN + payloadLength(c)), 0);
  }
}

function attrsLength(attrs: Attr[]): number {
  return attrs.reduce((n, a) => n + nlaAlign(NLA_HDRLEN + payloadLength(a)), 0);
}

class Writer {
  readonly buf: Uint8Array;
  private readonly dv: DataView;
  constructor(size: number) {
    this.buf = new Uint8Array(size);
    this.dv = new DataView(this.buf.buffer);
  }
  u8(at: number, v: number): void {
    this.dv.setUint8(at, v);
  }
  u16(at: number, v: number): void {
    this.dv.setUint16(at, v, true);
  }
  be16(at: number, v: number): void {
    this.dv.setUint16(at, v, false);
  }
  u32(at: number, v: number): void {
    this.dv.setUint32(at, v >>> 0, true);
  }
  s32(at: number, v: number): void {
    this.dv.setInt32(at, v, true);
  }
}

const hex = (v: number, digits: number): string => '0x' + v.toString(16).padStart(digits, '0');

function writeAttr(w: Writer, at: number, a: Attr): WireField {
  const len = NLA_HDRLEN + payloadLength(a);
  const type = a.kind === 'nest' ? a.type | NLA_F_NESTED : a.type;
  w.u16(at, len);
  w.u16(at + 2, type);
  const children: WireField[] = [
    { name: 'nla_len', offset: at, length: 2, value: String(len) },
    {
      name: 'nla_type',
      offset: at + 2,
      length: 2,
      value:
        a.kind === 'nest' ? `${hex(type, 4)} (${a.type} | NLA_F_NESTED)` : `${a.type} (${a.name})`,
    },
  ];
  const p = at + NLA_HDRLEN;
  let value: string;
  switch (a.kind) {
    case 'u8':
      w.u8(p, a.v);
      value = a.text ?? String(a.v);
      children.push({ name: 'value (u8)', offset: p, length: 1, value });
      break;
    case 'u16':
      w.u16(p, a.v);
      value = a.text ?? String(a.v);
      children.push({ name: 'value (u16)', offset: p, length: 2, value });
      break;
    case 'be16':
      w.be16(p, a.v);
      value = a.text ?? String(a.v);
      children.push({ name: 'value (be16, network order)', offset: p, length: 2, value });
      break;
    case 'u32':
      w.u32(p, a.v);
      value = a.text ?? String(a.v);
      children.push({ name: 'value (u32)', offset: p, length: 4, value });
      break;
    case 'bytes':
      a.v.forEach((b, k) => w.u8(p + k, b));
      value = a.text;
      children.push({ name: `value (${a.v.length} bytes)`, offset: p, length: a.v.length, value });
      break;
    case 'nest': {
      let q = p;
      for (const c of a.children) {
        children.push(writeAttr(w, q, c));
        q += nlaAlign(NLA_HDRLEN + payloadLength(c));
      }
      value = `${a.children.length} attributes, ${len - NLA_HDRLEN} bytes`;
      break;
    }
  }
  const padded = nlaAlign(len);
  if (padded > len) {
    children.push({
      name: 'padding (NLA_ALIGN)',
      offset: at + len,
      length: padded - len,
      value: `${padded - len} zero bytes`,
    });
  }
  return { name: a.name, offset: at, length: padded, value, children };
}

/** What one netlink message of a datagram or request holds. */
interface GenlMsg {
  kind: 'genl';
  familyId: number;
  familyName: string;
  flags: number;
  seq: number;
  portId: number;
  cmd: number;
  cmdName: string;
  attrs: Attr[];
  /** A one-line summary, for a dump part's message rows. */
  title: string;
}

function flagsText(flags: number, onError: boolean): string {
  const names: string[] = [];
  const known: [number, string][] = [
    [NLM_F_REQUEST, 'NLM_F_REQUEST'],
    [NLM_F_MULTI, 'NLM_F_MULTI'],
    [NLM_F_ACK, 'NLM_F_ACK'],
  ];
  for (const [bit, name] of known) if (flags & bit) names.push(name);
  if (onError && flags & NLM_F_CAPPED) names.push('NLM_F_CAPPED');
  else if ((flags & NLM_F_DUMP) === NLM_F_DUMP) names.push('NLM_F_DUMP');
  return `${hex(flags, 4)}${names.length ? ' (' + names.join(' | ') + ')' : ''}`;
}

function genlLength(m: GenlMsg): number {
  return NLMSG_HDRLEN + GENL_HDRLEN + attrsLength(m.attrs);
}

function writeNlmsghdr(
  w: Writer,
  at: number,
  h: { len: number; type: number; typeText: string; flags: number; seq: number; pid: number },
  onError = false,
): WireField {
  w.u32(at, h.len);
  w.u16(at + 4, h.type);
  w.u16(at + 6, h.flags);
  w.u32(at + 8, h.seq);
  w.u32(at + 12, h.pid);
  return {
    name: 'nlmsghdr',
    offset: at,
    length: NLMSG_HDRLEN,
    value: `${h.len} bytes, ${h.typeText}`,
    children: [
      { name: 'nlmsg_len', offset: at, length: 4, value: String(h.len) },
      { name: 'nlmsg_type', offset: at + 4, length: 2, value: `${hex(h.type, 4)} (${h.typeText})` },
      { name: 'nlmsg_flags', offset: at + 6, length: 2, value: flagsText(h.flags, onError) },
      { name: 'nlmsg_seq', offset: at + 8, length: 4, value: String(h.seq) },
      {
        name: 'nlmsg_pid',
        offset: at + 12,
        length: 4,
        value: h.pid === 0 ? '0 (the kernel)' : `${h.pid} (OpenVPN's netlink port)`,
      },
    ],
  };
}

/** Writes one genl message at `at`; returns its fields (nlmsghdr, genlmsghdr, attributes). */
function writeGenl(w: Writer, at: number, m: GenlMsg): WireField[] {
  const len = genlLength(m);
  const fields = [
    writeNlmsghdr(w, at, {
      len,
      type: m.familyId,
      typeText: `family ${m.familyName}`,
      flags: m.flags,
      seq: m.seq,
      pid: m.portId,
    }),
  ];
  const g = at + NLMSG_HDRLEN;
  w.u8(g, m.cmd);
  w.u8(g + 1, 1);
  fields.push({
    name: 'genlmsghdr',
    offset: g,
    length: GENL_HDRLEN,
    value: `${m.cmdName}, version 1`,
    children: [
      { name: 'cmd', offset: g, length: 1, value: `${m.cmd} (${m.cmdName})` },
      { name: 'version', offset: g + 1, length: 1, value: '1' },
      { name: 'reserved', offset: g + 2, length: 2, value: '0' },
    ],
  });
  let q = g + GENL_HDRLEN;
  for (const a of m.attrs) {
    fields.push(writeAttr(w, q, a));
    q += nlaAlign(NLA_HDRLEN + payloadLength(a));
  }
  return fields;
}

function serialize(msgs: GenlMsg[], multi = false): WireMessage {
  const total = msgs.reduce((n, m) => n + genlLength(m), 0);
  const w = new Writer(total);
  if (!multi && msgs.length === 1) return { bytes: w.buf, fields: writeGenl(w, 0, msgs[0]!) };
  const fields: WireField[] = [];
  let at = 0;
  msgs.forEach((m, k) => {
    const len = genlLength(m);
    fields.push({
      name: `message ${k + 1} of ${msgs.length}`,
      offset: at,
      length: len,
      value: m.title,
      children: writeGenl(w, at, m),
    });
    at += len;
  });
  return { bytes: w.buf, fields };
}

// ---- the messages ----

function familyName(ctx: WireContext): string {
  return FAMILY_NAMES[ctx.family];
}

function ifindexAttr(ctx: WireContext): Attr {
  return u32(ctx.family === 'ovpn' ? 'OVPN_A_IFINDEX' : 'OVPN_ATTR_IFINDEX', 1, ctx.ifindex);
}

const reasonText = (r: DelReason) => `${DEL_REASON[r]} (OVPN_DEL_PEER_REASON_${r})`;

/** Addresses shown for peer n: documentation ranges (RFC 5737) and a 10.8.0.0/16 pool. */
function vpnIp(peer: number): number[] {
  return [10, 8, ((peer + 2) >> 8) & 255, (peer + 2) & 255];
}
function remoteIp(peer: number): number[] {
  return [192, 0, 2, (peer % 254) + 1];
}
const LOCAL_IP = [198, 51, 100, 1];
const LOCAL_PORT = 1194;
const remotePort = (peer: number) => 40_000 + (peer % 20_000);

function delNotification(dg: Extract<Datagram, { kind: 'del' }>, ctx: WireContext): GenlMsg {
  const base = { kind: 'genl' as const, familyId: ctx.familyId, familyName: familyName(ctx) };
  const title = `DEL_PEER notification: peer ${dg.peer}, ${dg.reason}`;
  if (ctx.family === 'ovpn') {
    return {
      ...base,
      flags: 0,
      seq: 0,
      portId: 0,
      cmd: OVPN.cmd.PEER_DEL_NTF,
      cmdName: 'OVPN_CMD_PEER_DEL_NTF',
      title,
      attrs: [
        ifindexAttr(ctx),
        nest('OVPN_A_PEER', OVPN.attr.PEER, [
          u32(
            'OVPN_A_PEER_DEL_REASON',
            OVPN.peer.DEL_REASON,
            DEL_REASON[dg.reason],
            reasonText(dg.reason),
          ),
          u32('OVPN_A_PEER_ID', OVPN.peer.ID, dg.peer),
        ]),
      ],
    };
  }
  return {
    ...base,
    flags: 0,
    seq: 0,
    portId: 0,
    cmd: DCO.cmd.DEL_PEER,
    cmdName: 'OVPN_CMD_DEL_PEER',
    title,
    attrs: [
      ifindexAttr(ctx),
      nest('OVPN_ATTR_DEL_PEER', DCO.attr.DEL_PEER, [
        u8('OVPN_DEL_PEER_ATTR_REASON', 1, DEL_REASON[dg.reason], reasonText(dg.reason)),
        u32('OVPN_DEL_PEER_ATTR_PEER_ID', 2, dg.peer),
      ]),
    ],
  };
}

/** One peer as GET_PEER answers it (a reply, or one entry of a dump part). */
function peerEntry(peer: number, seq: number, flags: number, ctx: WireContext): GenlMsg {
  const ka = ctx.keepaliveS ?? { interval: 10, timeout: 120 };
  const base = {
    kind: 'genl' as const,
    familyId: ctx.familyId,
    familyName: familyName(ctx),
    flags,
    seq,
    portId: ctx.portId,
    title: `peer ${peer}`,
  };
  if (ctx.family === 'ovpn') {
    const P = OVPN.peer;
    const stat = (name: keyof typeof P) =>
      u32(`OVPN_A_PEER_${name}`, P[name], 0, '0 (nla_put_uint: 4 bytes while it fits)');
    return {
      ...base,
      cmd: OVPN.cmd.PEER_GET,
      cmdName: 'OVPN_CMD_PEER_GET',
      attrs: [
        nest('OVPN_A_PEER', OVPN.attr.PEER, [
          u32('OVPN_A_PEER_ID', P.ID, peer),
          ipv4('OVPN_A_PEER_VPN_IPV4', P.VPN_IPV4, vpnIp(peer)),
          u32('OVPN_A_PEER_KEEPALIVE_INTERVAL', P.KEEPALIVE_INTERVAL, ka.interval),
          u32('OVPN_A_PEER_KEEPALIVE_TIMEOUT', P.KEEPALIVE_TIMEOUT, ka.timeout),
          ipv4('OVPN_A_PEER_REMOTE_IPV4', P.REMOTE_IPV4, remoteIp(peer)),
          be16('OVPN_A_PEER_REMOTE_PORT', P.REMOTE_PORT, remotePort(peer)),
          ipv4('OVPN_A_PEER_LOCAL_IPV4', P.LOCAL_IPV4, LOCAL_IP),
          be16('OVPN_A_PEER_LOCAL_PORT', P.LOCAL_PORT, LOCAL_PORT),
          stat('VPN_RX_BYTES'),
          stat('VPN_RX_PACKETS'),
          stat('VPN_TX_BYTES'),
          stat('VPN_TX_PACKETS'),
          stat('LINK_RX_BYTES'),
          stat('LINK_RX_PACKETS'),
          stat('LINK_TX_BYTES'),
          stat('LINK_TX_PACKETS'),
        ]),
      ],
    };
  }
  // ovpn_dco.h: enum ovpn_netlink_get_peer_response_attrs
  const u64 = (name: string, type: number): Attr =>
    bytes(`OVPN_GET_PEER_RESP_ATTR_${name}`, type, [0, 0, 0, 0, 0, 0, 0, 0], '0 (u64)');
  const sockaddrIn = [
    2,
    0,
    remotePort(peer) >> 8,
    remotePort(peer) & 255,
    ...remoteIp(peer),
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
  ];
  const rip = remoteIp(peer).join('.');
  return {
    ...base,
    cmd: DCO.cmd.GET_PEER,
    cmdName: 'OVPN_CMD_GET_PEER',
    attrs: [
      nest('OVPN_ATTR_GET_PEER', DCO.attr.GET_PEER, [
        u32('OVPN_GET_PEER_RESP_ATTR_PEER_ID', 1, peer),
        ipv4('OVPN_GET_PEER_RESP_ATTR_IPV4', 3, vpnIp(peer)),
        u32('OVPN_GET_PEER_RESP_ATTR_KEEPALIVE_INTERVAL', 7, ka.interval),
        u32('OVPN_GET_PEER_RESP_ATTR_KEEPALIVE_TIMEOUT', 8, ka.timeout),
        bytes(
          'OVPN_GET_PEER_RESP_ATTR_SOCKADDR_REMOTE',
          2,
          sockaddrIn,
          `sockaddr_in AF_INET ${rip}:${remotePort(peer)}`,
        ),
        ipv4('OVPN_GET_PEER_RESP_ATTR_LOCAL_IP', 5, LOCAL_IP),
        be16('OVPN_GET_PEER_RESP_ATTR_LOCAL_PORT', 6, LOCAL_PORT),
        u64('VPN_RX_BYTES', 9),
        u32('OVPN_GET_PEER_RESP_ATTR_VPN_RX_PACKETS', 11, 0),
        u64('VPN_TX_BYTES', 10),
        u32('OVPN_GET_PEER_RESP_ATTR_VPN_TX_PACKETS', 12, 0),
        u64('LINK_RX_BYTES', 13),
        u32('OVPN_GET_PEER_RESP_ATTR_LINK_RX_PACKETS', 15, 0),
        u64('LINK_TX_BYTES', 14),
        u32('OVPN_GET_PEER_RESP_ATTR_LINK_TX_PACKETS', 16, 0),
      ]),
    ],
  };
}

function requestMsg(cmd: RequestCmd, seq: number, peer: number, ctx: WireContext): GenlMsg {
  const ka = ctx.keepaliveS ?? { interval: 10, timeout: 120 };
  const flags = NLM_F_REQUEST | NLM_F_ACK | (cmd === 'GET_PEER_DUMP' ? NLM_F_DUMP : 0);
  const base = {
    kind: 'genl' as const,
    familyId: ctx.familyId,
    familyName: familyName(ctx),
    flags,
    seq,
    portId: ctx.portId,
    title: `${cmd} request${peer >= 0 ? ` for peer ${peer}` : ''}`,
  };
  const key = (name: string, type: number, key1: string, key2: string): Attr =>
    nest(name, type, [
      bytes(key1, 1, new Array<number>(32).fill(0), '32-byte AES-256-GCM key (shown as zeros)'),
      bytes(key2, 2, new Array<number>(8).fill(0), '8-byte nonce tail (shown as zeros)'),
    ]);
  const ifx = ifindexAttr(ctx);
  if (ctx.family === 'ovpn') {
    const P = OVPN.peer;
    const peerNest = (extra: Attr[]) =>
      nest('OVPN_A_PEER', OVPN.attr.PEER, [u32('OVPN_A_PEER_ID', P.ID, peer), ...extra]);
    switch (cmd) {
      case 'GET_PEER_DUMP':
        return { ...base, cmd: OVPN.cmd.PEER_GET, cmdName: 'OVPN_CMD_PEER_GET', attrs: [ifx] };
      case 'GET_PEER':
        return {
          ...base,
          cmd: OVPN.cmd.PEER_GET,
          cmdName: 'OVPN_CMD_PEER_GET',
          attrs: [ifx, peerNest([])],
        };
      case 'NEW_PEER':
        return {
          ...base,
          cmd: OVPN.cmd.PEER_NEW,
          cmdName: 'OVPN_CMD_PEER_NEW',
          attrs: [
            ifx,
            peerNest([
              ipv4('OVPN_A_PEER_REMOTE_IPV4', P.REMOTE_IPV4, remoteIp(peer)),
              be16('OVPN_A_PEER_REMOTE_PORT', P.REMOTE_PORT, remotePort(peer)),
              u32('OVPN_A_PEER_SOCKET', P.SOCKET, 6, '6 (the UDP socket fd)'),
              ipv4('OVPN_A_PEER_VPN_IPV4', P.VPN_IPV4, vpnIp(peer)),
            ]),
          ],
        };
      case 'NEW_KEY':
        return {
          ...base,
          cmd: OVPN.cmd.KEY_NEW,
          cmdName: 'OVPN_CMD_KEY_NEW',
          attrs: [
            ifx,
            nest('OVPN_A_KEYCONF', OVPN.attr.KEYCONF, [
              u32('OVPN_A_KEYCONF_PEER_ID', 1, peer),
              u32('OVPN_A_KEYCONF_SLOT', 2, 0, '0 (OVPN_KEY_SLOT_PRIMARY)'),
              u32('OVPN_A_KEYCONF_KEY_ID', 3, 0),
              u32('OVPN_A_KEYCONF_CIPHER_ALG', 4, 1, '1 (OVPN_CIPHER_ALG_AES_GCM)'),
              key(
                'OVPN_A_KEYCONF_ENCRYPT_DIR',
                5,
                'OVPN_A_KEYDIR_CIPHER_KEY',
                'OVPN_A_KEYDIR_NONCE_TAIL',
              ),
              key(
                'OVPN_A_KEYCONF_DECRYPT_DIR',
                6,
                'OVPN_A_KEYDIR_CIPHER_KEY',
                'OVPN_A_KEYDIR_NONCE_TAIL',
              ),
            ]),
          ],
        };
      case 'SET_PEER':
        return {
          ...base,
          cmd: OVPN.cmd.PEER_SET,
          cmdName: 'OVPN_CMD_PEER_SET',
          attrs: [
            ifx,
            peerNest([
              u32('OVPN_A_PEER_KEEPALIVE_INTERVAL', P.KEEPALIVE_INTERVAL, ka.interval),
              u32('OVPN_A_PEER_KEEPALIVE_TIMEOUT', P.KEEPALIVE_TIMEOUT, ka.timeout),
            ]),
          ],
        };
      case 'DEL_PEER':
        return {
          ...base,
          cmd: OVPN.cmd.PEER_DEL,
          cmdName: 'OVPN_CMD_PEER_DEL',
          attrs: [ifx, peerNest([])],
        };
    }
  }
  switch (cmd) {
    case 'GET_PEER_DUMP':
      return { ...base, cmd: DCO.cmd.GET_PEER, cmdName: 'OVPN_CMD_GET_PEER', attrs: [ifx] };
    case 'GET_PEER':
      return {
        ...base,
        cmd: DCO.cmd.GET_PEER,
        cmdName: 'OVPN_CMD_GET_PEER',
        attrs: [
          ifx,
          nest('OVPN_ATTR_GET_PEER', DCO.attr.GET_PEER, [
            u32('OVPN_GET_PEER_ATTR_PEER_ID', 1, peer),
          ]),
        ],
      };
    case 'NEW_PEER': {
      const port = remotePort(peer);
      const sa = [2, 0, port >> 8, port & 255, ...remoteIp(peer), 0, 0, 0, 0, 0, 0, 0, 0];
      return {
        ...base,
        cmd: DCO.cmd.NEW_PEER,
        cmdName: 'OVPN_CMD_NEW_PEER',
        attrs: [
          ifx,
          nest('OVPN_ATTR_NEW_PEER', DCO.attr.NEW_PEER, [
            u32('OVPN_NEW_PEER_ATTR_PEER_ID', 1, peer),
            bytes(
              'OVPN_NEW_PEER_ATTR_SOCKADDR_REMOTE',
              2,
              sa,
              `sockaddr_in AF_INET ${remoteIp(peer).join('.')}:${port}`,
            ),
            u32('OVPN_NEW_PEER_ATTR_SOCKET', 3, 6, '6 (the UDP socket fd)'),
            ipv4('OVPN_NEW_PEER_ATTR_IPV4', 4, vpnIp(peer)),
          ]),
        ],
      };
    }
    case 'NEW_KEY':
      return {
        ...base,
        cmd: DCO.cmd.NEW_KEY,
        cmdName: 'OVPN_CMD_NEW_KEY',
        attrs: [
          ifx,
          nest('OVPN_ATTR_NEW_KEY', DCO.attr.NEW_KEY, [
            u32('OVPN_NEW_KEY_ATTR_PEER_ID', 1, peer),
            u8('OVPN_NEW_KEY_ATTR_KEY_SLOT', 2, 0, '0 (OVPN_KEY_SLOT_PRIMARY)'),
            u8('OVPN_NEW_KEY_ATTR_KEY_ID', 3, 0),
            u16('OVPN_NEW_KEY_ATTR_CIPHER_ALG', 4, 1, '1 (OVPN_CIPHER_ALG_AES_GCM)'),
            key(
              'OVPN_NEW_KEY_ATTR_ENCRYPT_KEY',
              5,
              'OVPN_KEY_DIR_ATTR_CIPHER_KEY',
              'OVPN_KEY_DIR_ATTR_NONCE_TAIL',
            ),
            key(
              'OVPN_NEW_KEY_ATTR_DECRYPT_KEY',
              6,
              'OVPN_KEY_DIR_ATTR_CIPHER_KEY',
              'OVPN_KEY_DIR_ATTR_NONCE_TAIL',
            ),
          ]),
        ],
      };
    case 'SET_PEER':
      return {
        ...base,
        cmd: DCO.cmd.SET_PEER,
        cmdName: 'OVPN_CMD_SET_PEER',
        attrs: [
          ifx,
          nest('OVPN_ATTR_SET_PEER', DCO.attr.SET_PEER, [
            u32('OVPN_SET_PEER_ATTR_PEER_ID', 1, peer),
            u32('OVPN_SET_PEER_ATTR_KEEPALIVE_INTERVAL', 2, ka.interval),
            u32('OVPN_SET_PEER_ATTR_KEEPALIVE_TIMEOUT', 3, ka.timeout),
          ]),
        ],
      };
    case 'DEL_PEER':
      return {
        ...base,
        cmd: DCO.cmd.DEL_PEER,
        cmdName: 'OVPN_CMD_DEL_PEER',
        attrs: [
          ifx,
          nest('OVPN_ATTR_DEL_PEER', DCO.attr.DEL_PEER, [
            u32('OVPN_DEL_PEER_ATTR_PEER_ID', 2, peer),
          ]),
        ],
      };
  }
}

/** The bytes OpenVPN sends for a request (nl_send_auto: NLM_F_REQUEST | NLM_F_ACK). */
export function encodeRequest(
  cmd: RequestCmd,
  seq: number,
  peer: number,
  ctx: WireContext,
): WireMessage {
  return serialize([requestMsg(cmd, seq, peer, ctx)]);
}

/** The request an ACK or error answers: known from the context, else inferred and said so. */
function requestFor(
  req: number,
  errno: ReplyErrno | null,
  ctx: WireContext,
): { r: WireRequest; known: boolean } {
  const known = ctx.requests?.get(req);
  if (known) return { r: known, known: true };
  if (errno === 'EBUSY' || errno === 'ENOBUFS')
    return { r: { cmd: 'GET_PEER_DUMP', peer: -1 }, known: true };
  return { r: { cmd: 'DEL_PEER', peer: 0 }, known: false };
}

/**
 * NLMSG_ERROR (netlink_ack): struct nlmsgerr, the error (0 for an ACK) then the request's
 * header; an error also carries the request's payload, an ACK is capped (NLM_F_CAPPED).
 * OpenVPN's socket's extended ACK TLVs are not shown (the model has no error strings).
 */
function errorMessage(req: number, errno: ReplyErrno | null, ctx: WireContext): WireMessage {
  const { r, known } = requestFor(req, errno, ctx);
  const request = requestMsg(r.cmd, req, r.peer, ctx);
  const reqLen = genlLength(request);
  const echoLen = errno ? reqLen : NLMSG_HDRLEN;
  const len = NLMSG_HDRLEN + 4 + echoLen;
  // write the request at its place first, then cut it to the echoed length
  const full = new Writer(NLMSG_HDRLEN + 4 + reqLen);
  const reqFields = writeGenl(full, NLMSG_HDRLEN + 4, request);
  const w = new Writer(len);
  w.buf.set(full.buf.subarray(0, len));
  const flags = errno ? 0 : NLM_F_CAPPED;
  const hdr = writeNlmsghdr(
    w,
    0,
    { len, type: NLMSG_ERROR, typeText: 'NLMSG_ERROR', flags, seq: req, pid: ctx.portId },
    true,
  );
  const code = errno ? -ERRNO[errno] : 0;
  w.s32(NLMSG_HDRLEN, code);
  const e = NLMSG_HDRLEN;
  const echoed = errno ? reqFields : reqFields.slice(0, 1);
  const title = `${r.cmd} request${r.peer >= 0 ? ` for peer ${r.peer}` : ''}`;
  return {
    bytes: w.buf,
    fields: [
      hdr,
      {
        name: 'nlmsgerr',
        offset: e,
        length: 4 + echoLen,
        value: errno ? `-${errno} (${code})` : '0 (ACK)',
        children: [
          {
            name: 'error',
            offset: e,
            length: 4,
            value: errno ? `${code} (-${errno})` : '0 (success: an ACK)',
          },
          {
            name: errno
              ? 'msg (the request, echoed whole)'
              : 'msg (the request header, NLM_F_CAPPED)',
            offset: e + 4,
            length: echoLen,
            value: known ? title : `${title} (assumed: the request is not known here)`,
            children: echoed,
          },
        ],
      },
    ],
  };
}

/** NLMSG_DONE ending a dump: NLM_F_MULTI and an int, the dump's status (0). */
function doneMessage(req: number, ctx: WireContext): WireMessage {
  const len = NLMSG_HDRLEN + 4;
  const w = new Writer(len);
  const hdr = writeNlmsghdr(w, 0, {
    len,
    type: NLMSG_DONE,
    typeText: 'NLMSG_DONE',
    flags: NLM_F_MULTI,
    seq: req,
    pid: ctx.portId,
  });
  return {
    bytes: w.buf,
    fields: [
      hdr,
      { name: 'status (int)', offset: NLMSG_HDRLEN, length: 4, value: '0 (the dump ended)' },
    ],
  };
}

/** The bytes of a datagram the kernel queues for OpenVPN. */
export function encodeDatagram(dg: Datagram, ctx: WireContext): WireMessage {
  switch (dg.kind) {
    case 'del':
      return serialize([delNotification(dg, ctx)]);
    case 'dump': {
      const msgs: GenlMsg[] = [];
      for (let k = 0; k < dg.entries; k++)
        msgs.push(peerEntry(dg.first + k, dg.req, NLM_F_MULTI, ctx));
      return serialize(msgs, true);
    }
    case 'reply':
      return serialize([peerEntry(dg.peer, dg.req, 0, ctx)]);
    case 'done':
      return doneMessage(dg.req, ctx);
    case 'ack':
      return errorMessage(dg.req, null, ctx);
    case 'error':
      return errorMessage(dg.req, dg.errno, ctx);
  }
}
