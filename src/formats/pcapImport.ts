/**
 * Reading the DEL_PEER notifications out of a netlink capture: one taken on a server with
 * nlmon (tcpdump -i nlmon0 -w FILE) or one dcoscope exported. Pure and bounded; never throws.
 *
 * The capture must hold the family resolution OpenVPN makes at start (a CTRL_CMD_NEWFAMILY
 * from nlctrl naming "ovpn-dco-v2", "ovpn-dco" or "ovpn" with its id): generic netlink family
 * ids are given out at run time, so without it no message can be said to be OpenVPN's. A
 * DEL_PEER notification is a message of that family with port id 0 (the kernel's multicast)
 * and command OVPN_CMD_DEL_PEER (3, ovpn-dco) or OVPN_CMD_PEER_DEL_NTF (5, mainline), its peer
 * id and reason in the nest OVPN_ATTR_DEL_PEER (4: reason 1, peer id 2) or OVPN_A_PEER (2: id
 * 1, del reason 15). Messages of other families and other netlink protocols are counted and
 * left alone.
 */
import { readPcap, NETLINK_GENERIC } from './pcap.ts';

const GENL_ID_CTRL = 0x10;
const CTRL_CMD_NEWFAMILY = 1;
const NLMSG_MIN_TYPE = 0x10;
const REASONS = ['TEARDOWN', 'USERSPACE', 'EXPIRED', 'TRANSPORT_ERROR', 'TRANSPORT_DISCONNECT'];

/** The OpenVPN families: DEL_PEER's command, its nest and the peer id and reason inside. */
const FAMILIES: Record<string, { cmd: number; nest: number; peer: number; reason: number }> = {
  'ovpn-dco-v2': { cmd: 3, nest: 4, peer: 2, reason: 1 },
  'ovpn-dco': { cmd: 3, nest: 4, peer: 2, reason: 1 },
  ovpn: { cmd: 5, nest: 2, peer: 1, reason: 15 },
};

export interface ImportedDelPeer {
  peer: number;
  /** OVPN_DEL_PEER_REASON_* name, or the number when unknown, or null when absent. */
  reason: string | null;
  /** Time since the capture's first packet, microseconds. */
  tUs: number;
}

export type DelPeerImport =
  | {
      ok: true;
      /** The OpenVPN family the capture resolved. */
      family: string;
      delPeers: ImportedDelPeer[];
      packets: number;
      /** Packets of other netlink protocols and messages of other generic families, left alone. */
      foreign: number;
    }
  | { ok: false; problem: string };

const fail = (problem: string): DelPeerImport => ({ ok: false, problem });

interface Attr {
  type: number;
  at: number;
  len: number;
}

/** The attributes in data[from, to), or null when one does not fit. */
function attrs(v: DataView, from: number, to: number, le: boolean): Attr[] | null {
  const out: Attr[] = [];
  let at = from;
  while (to - at >= 4) {
    const len = v.getUint16(at, le);
    if (len < 4 || at + len > to) return null;
    out.push({ type: v.getUint16(at + 2, le) & 0x3fff, at: at + 4, len: len - 4 });
    at += (len + 3) & ~3;
  }
  return out;
}

function uint(v: DataView, a: Attr, le: boolean): number | null {
  if (a.len === 1) return v.getUint8(a.at);
  if (a.len === 2) return v.getUint16(a.at, le);
  if (a.len === 4) return v.getUint32(a.at, le);
  return null;
}

/** Reads the DEL_PEER notifications of a capture, in order, with their times. */
export function readDelPeers(file: Uint8Array): DelPeerImport {
  const pcap = readPcap(file);
  if (!pcap.ok) return fail(pcap.problem);
  if (pcap.packets.length === 0) return fail('the capture holds no packets');
  const t0 = pcap.packets[0]!.tUs;
  const names = new Map<number, string>();
  const seen = new Set<string>();
  const delPeers: ImportedDelPeer[] = [];
  let foreign = 0;
  let family: string | null = null;
  for (const [index, p] of pcap.packets.entries()) {
    const n = index + 1;
    if (p.protocol !== NETLINK_GENERIC || p.data.length < 16) {
      foreign++;
      continue;
    }
    const v = new DataView(p.data.buffer, p.data.byteOffset, p.data.byteLength);
    // the capturing host's byte order: the one in which the first length fits the packet
    const le = v.getUint32(0, true) <= p.data.length || v.getUint32(0, false) > p.data.length;
    let at = 0;
    while (p.data.length - at >= 16) {
      const len = v.getUint32(at, le);
      if (len < 16 || at + len > p.data.length) {
        return fail(
          `packet ${n}: a netlink message at byte ${at} says it is ${len} bytes long; ${p.data.length - at} remain (at least 16 are needed)`,
        );
      }
      const type = v.getUint16(at + 4, le);
      const pid = v.getUint32(at + 12, le);
      const end = at + len;
      if (type === GENL_ID_CTRL && len >= 20 && v.getUint8(at + 16) === CTRL_CMD_NEWFAMILY) {
        const list = attrs(v, at + 20, end, le) ?? [];
        const id = list.find((a) => a.type === 1 && a.len === 2);
        const name = list.find((a) => a.type === 2 && a.len > 0);
        if (id && name) {
          const bytes = p.data.subarray(name.at, name.at + name.len);
          const text = new TextDecoder().decode(bytes).replace(/\0+$/, '');
          names.set(v.getUint16(id.at, le), text);
          seen.add(text);
        }
      } else if (type >= NLMSG_MIN_TYPE && type !== GENL_ID_CTRL && len >= 20) {
        const name = names.get(type);
        const spec = name !== undefined && Object.hasOwn(FAMILIES, name) ? FAMILIES[name] : null;
        if (!spec) {
          foreign++;
        } else {
          family ??= name!;
          if (pid === 0 && v.getUint8(at + 16) === spec.cmd) {
            const top = attrs(v, at + 20, end, le);
            const nest = top?.find((a) => a.type === spec.nest);
            const inner = nest ? attrs(v, nest.at, nest.at + nest.len, le) : null;
            const peerAttr = inner?.find((a) => a.type === spec.peer);
            const peer = peerAttr ? uint(v, peerAttr, le) : null;
            if (peer === null) {
              return fail(
                `packet ${n}: a ${name} DEL_PEER notification without a readable peer id (its attributes do not fit or the id is missing)`,
              );
            }
            const reasonAttr = inner?.find((a) => a.type === spec.reason);
            const r = reasonAttr ? uint(v, reasonAttr, le) : null;
            delPeers.push({
              peer,
              reason: r === null ? null : (REASONS[r] ?? String(r)),
              tUs: p.tUs - t0,
            });
          }
        }
      }
      // the rest (nlctrl requests, ACKs, errors, DONE) belongs to whichever family asked
      at += (len + 3) & ~3;
    }
  }
  if (family === null) {
    const known = Object.keys(FAMILIES).join(', ');
    if (![...seen].some((s) => Object.hasOwn(FAMILIES, s))) {
      const found = [...seen].map((s) => JSON.stringify(s.slice(0, 40))).join(', ');
      return fail(
        `the capture resolves no OpenVPN family (${known})${found ? `; it names ${found}` : ''}: start tcpdump on the nlmon device before OpenVPN, which resolves its family at start`,
      );
    }
  }
  if (delPeers.length === 0) {
    return fail(`the capture holds no DEL_PEER notification of ${family ?? [...seen].join(', ')}`);
  }
  return {
    ok: true,
    family: family ?? '',
    delPeers,
    packets: pcap.packets.length,
    foreign,
  };
}
