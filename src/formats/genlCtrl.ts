/**
 * The generic-netlink controller ("nlctrl", family id 0x10) exchange a capture opens with: how
 * OpenVPN learns its family's dynamic id at start (libnl's genl_ctrl_resolve), as an nlmon
 * device records it. Without it Wireshark cannot tell which family a message of id N is.
 *
 *   1. OpenVPN → kernel: CTRL_CMD_GETFAMILY with CTRL_ATTR_FAMILY_NAME, flags REQUEST | ACK;
 *   2. kernel → OpenVPN: CTRL_CMD_NEWFAMILY with the family's name, id, version, header size,
 *      max attribute and multicast groups ("peers" and its id);
 *   3. kernel → OpenVPN: the ACK (NLMSG_ERROR with error 0 and the request's header).
 *
 * Numbers from the uapi header include/uapi/linux/genetlink.h
 * (https://github.com/torvalds/linux/blob/master/include/uapi/linux/genetlink.h) and the
 * netlink header and attribute layout from include/uapi/linux/netlink.h
 * (https://github.com/torvalds/linux/blob/master/include/uapi/linux/netlink.h); the messages are
 * written little-endian, like the rest of an exported capture.
 */

export const GENL_ID_CTRL = 0x10;
export const CTRL_CMD_NEWFAMILY = 1;
export const CTRL_CMD_GETFAMILY = 3;
export const CTRL_ATTR_FAMILY_ID = 1;
export const CTRL_ATTR_FAMILY_NAME = 2;
export const CTRL_ATTR_VERSION = 3;
export const CTRL_ATTR_HDRSIZE = 4;
export const CTRL_ATTR_MAXATTR = 5;
export const CTRL_ATTR_MCAST_GROUPS = 7;
export const CTRL_ATTR_MCAST_GRP_NAME = 1;
export const CTRL_ATTR_MCAST_GRP_ID = 2;
export const NLMSG_ERROR = 2;
export const NLM_F_REQUEST = 0x1;
export const NLM_F_ACK = 0x4;
export const NLA_F_NESTED = 0x8000;
export const NLMSG_HDRLEN = 16;
export const GENL_HDRLEN = 4;

const align4 = (n: number): number => (n + 3) & ~3;

/** One netlink attribute: a type and its payload (nested attributes are attributes too). */
export interface Nla {
  type: number;
  payload: Uint8Array;
}

export const u16 = (type: number, n: number): Nla => {
  const b = new Uint8Array(2);
  new DataView(b.buffer).setUint16(0, n, true);
  return { type, payload: b };
};
export const u32 = (type: number, n: number): Nla => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return { type, payload: b };
};
/** A NUL-terminated string attribute (NLA_NUL_STRING / NLA_STRING as the kernel puts it). */
export const str = (type: number, s: string): Nla => {
  const text = new TextEncoder().encode(s);
  const b = new Uint8Array(text.length + 1);
  b.set(text);
  return { type, payload: b };
};
export const nest = (type: number, children: readonly Nla[]): Nla => ({
  type: type | NLA_F_NESTED,
  payload: attrs(children),
});

/** Attributes laid out one after another, each padded to 4 bytes. */
export function attrs(list: readonly Nla[]): Uint8Array {
  let size = 0;
  for (const a of list) size += align4(4 + a.payload.length);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  let at = 0;
  for (const a of list) {
    v.setUint16(at, 4 + a.payload.length, true);
    v.setUint16(at + 2, a.type, true);
    out.set(a.payload, at + 4);
    at += align4(4 + a.payload.length);
  }
  return out;
}

export interface NlHeader {
  type: number;
  flags: number;
  seq: number;
  portId: number;
}

/** A netlink message: the 16-byte nlmsghdr and the payload, padded to 4 bytes. */
export function nlmsg(h: NlHeader, payload: Uint8Array): Uint8Array {
  const len = NLMSG_HDRLEN + payload.length;
  const out = new Uint8Array(align4(len));
  const v = new DataView(out.buffer);
  v.setUint32(0, len, true);
  v.setUint16(4, h.type, true);
  v.setUint16(6, h.flags, true);
  v.setUint32(8, h.seq >>> 0, true);
  v.setUint32(12, h.portId >>> 0, true);
  out.set(payload, NLMSG_HDRLEN);
  return out;
}

/** A generic-netlink message of family `familyId`: genlmsghdr (cmd, version, 0) and attributes. */
export function genlmsg(
  h: Omit<NlHeader, 'type'> & { familyId: number },
  cmd: number,
  version: number,
  list: readonly Nla[],
): Uint8Array {
  const body = attrs(list);
  const payload = new Uint8Array(GENL_HDRLEN + body.length);
  payload[0] = cmd;
  payload[1] = version;
  payload.set(body, GENL_HDRLEN);
  return nlmsg({ type: h.familyId, flags: h.flags, seq: h.seq, portId: h.portId }, payload);
}

/** What the resolution says about the family. */
export interface FamilyInfo {
  name: string;
  id: number;
  version: number;
  maxAttr: number;
  /** Multicast groups: name and id ("peers" carries the DEL_PEER notifications). */
  groups: readonly { name: string; id: number }[];
}

/**
 * The three messages of the family resolution, in order: the GETFAMILY request (sequence
 * `seq`, from `portId`), the NEWFAMILY reply and the ACK (both to `portId`).
 */
export function familyResolution(family: FamilyInfo, seq: number, portId: number): Uint8Array[] {
  const requestHeader = { flags: NLM_F_REQUEST | NLM_F_ACK, seq, portId };
  // libnl's genl_ctrl_resolve asks with controller version 1
  const request = genlmsg({ ...requestHeader, familyId: GENL_ID_CTRL }, CTRL_CMD_GETFAMILY, 1, [
    str(CTRL_ATTR_FAMILY_NAME, family.name),
  ]);
  const reply = genlmsg({ flags: 0, seq, portId, familyId: GENL_ID_CTRL }, CTRL_CMD_NEWFAMILY, 2, [
    str(CTRL_ATTR_FAMILY_NAME, family.name),
    u16(CTRL_ATTR_FAMILY_ID, family.id),
    u32(CTRL_ATTR_VERSION, family.version),
    u32(CTRL_ATTR_HDRSIZE, 0),
    u32(CTRL_ATTR_MAXATTR, family.maxAttr),
    nest(
      CTRL_ATTR_MCAST_GROUPS,
      family.groups.map((g, i) =>
        nest(i + 1, [u32(CTRL_ATTR_MCAST_GRP_ID, g.id), str(CTRL_ATTR_MCAST_GRP_NAME, g.name)]),
      ),
    ),
  ]);
  // the ACK: error 0 and the request's header only (no NETLINK_CAP_ACK needed for a 0)
  const ackPayload = new Uint8Array(4 + NLMSG_HDRLEN);
  ackPayload.set(request.subarray(0, NLMSG_HDRLEN), 4);
  const ack = nlmsg({ type: NLMSG_ERROR, flags: 0x100, seq, portId }, ackPayload);
  return [request, reply, ack];
}
