/**
 * What the two capture containers (pcap.ts, pcapng.ts) share: the limits of the readers, the
 * link type and the 16-byte cooked header of LINKTYPE_NETLINK packets (see pcap.ts for the
 * layout), and the packet as both readers return it.
 */

export const LINKTYPE_NETLINK = 253;
export const ARPHRD_NETLINK = 824;
export const NETLINK_GENERIC = 16;
/** sll_pkttype of every packet an nlmon device hands to a packet socket. */
export const PACKET_OUTGOING = 4;
export const COOKED_HEADER_BYTES = 16;
export const PCAP_HEADER_BYTES = 24;
export const RECORD_HEADER_BYTES = 16;
/** Snapshot length the writer declares (tcpdump's default). */
export const WRITE_SNAPLEN = 262_144;

/** The reader refuses files larger than this (a capture of a whole long run is a few MB). */
export const MAX_PCAP_BYTES = 256 * 1024 * 1024;
/** ...and records longer than this (a netlink skb is at most a few pages; dumps use 16 KiB). */
export const MAX_RECORD_BYTES = 1024 * 1024;
/** ...and files of more records than this. */
export const MAX_PCAP_RECORDS = 2_000_000;

/** One packet: when (microseconds since the epoch of the file) and its netlink bytes. */
export interface NetlinkPacket {
  tUs: number;
  /** The netlink protocol from the cooked header (16 = generic netlink). */
  protocol: number;
  /** The netlink message(s), without the cooked header. */
  data: Uint8Array;
}

/** The 16-byte cooked header of a netlink packet of the given protocol. */
export function cookedHeader(protocol: number = NETLINK_GENERIC): Uint8Array {
  const b = new Uint8Array(COOKED_HEADER_BYTES);
  const v = new DataView(b.buffer);
  v.setUint16(0, PACKET_OUTGOING);
  v.setUint16(2, ARPHRD_NETLINK);
  v.setUint16(4, 0);
  v.setUint16(14, protocol);
  return b;
}
