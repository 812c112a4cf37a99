/**
 * A run as a pcapng file (pcapng.ts; its section comment names the run, see runComment), as an
 * nlmon capture on the server would record it: the generic
 * netlink family resolution OpenVPN makes at start (so Wireshark names the family), then every
 * request OpenVPN sent and every datagram the kernel queued on its socket, at simulated time
 * (the file's clock starts at the epoch: time 0 is the run's start). Notifications the full
 * socket refused are not in it, as they are not in a real capture.
 *
 * The bytes of each message are the model's wire encoding (src/model/wire.ts); the container
 * and the controller messages are pcap.ts and genlCtrl.ts.
 */
import {
  FAMILY_NAMES,
  MODEL_VERSION,
  captureRun,
  encodeDatagram,
  encodeRequest,
  wireContext,
  resolveSettings,
  type RunSummary,
  type SimSettings,
  type SimState,
  type TraceEvent,
  type WireContext,
  type WireRequest,
} from '../model/index.ts';
import { familyResolution, type FamilyInfo } from './genlCtrl.ts';
import { writePcapng } from './pcapng.ts';
import { encodeLink } from './urlState.ts';

/** How an export's comment begins; the rest is the run's link query (urlState.ts). */
export const RUN_COMMENT_PREFIX = 'dcoscope run: ';

/** The comment that names a run: its settings and variant as a link query. */
export function runComment(settings: SimSettings): string {
  const { variant, ...rest } = settings;
  return `${RUN_COMMENT_PREFIX}${encodeLink({ settings: rest, lanes: [variant, variant], step: 0 })}`;
}

/**
 * The multicast group id the capture gives the family's "peers" group. A real kernel hands out
 * group ids from one bitmap for every family, so the number differs between machines; OpenVPN
 * only joins the group by it (a setsockopt, not in the capture).
 */
export const PEERS_GROUP_ID = 9;

/** OVPN_ATTR_MAX of ovpn-dco-v2 and OVPN_A_MAX of mainline ovpn (CTRL_ATTR_MAXATTR). */
const MAX_ATTR = { 'ovpn-dco': 8, ovpn: 3 } as const;

/** What the family resolution says for a context. */
export function familyInfo(ctx: WireContext): FamilyInfo {
  return {
    name: FAMILY_NAMES[ctx.family],
    id: ctx.familyId,
    version: 1,
    maxAttr: MAX_ATTR[ctx.family],
    groups: [{ name: 'peers', id: PEERS_GROUP_ID }],
  };
}

export interface RunPcap {
  /** The pcap file. */
  file: Uint8Array;
  summary: RunSummary;
  state: SimState;
  /** Packets in the file (the three of the family resolution included). */
  packets: number;
  /** DEL_PEER notifications in the file, in order: peer, reason and time queued. */
  delPeers: { peer: number; reason: string; tUs: number }[];
  /** Datagrams OpenVPN read that the capture did not see queued (0 unless it failed). */
  missed: number;
}

export interface RunPcapOptions {
  onTrace?: (e: TraceEvent) => void;
  onProgress?: (state: SimState) => void;
}

/** Runs the settings to the end and writes what an nlmon device would have captured. */
export function runPcap(input: Partial<SimSettings>, opts: RunPcapOptions = {}): RunPcap {
  const settings = resolveSettings(input);
  const requests = new Map<number, WireRequest>();
  const ctx: WireContext = { ...wireContext(settings), requests };
  const run = captureRun(settings, opts);
  const packets: { tUs: number; data: Uint8Array }[] = [];
  // the controller's exchange takes sequence 0: OpenVPN's requests are numbered from 1
  for (const data of familyResolution(familyInfo(ctx), 0, ctx.portId)) {
    packets.push({ tUs: 0, data });
  }
  const delPeers: RunPcap['delPeers'] = [];
  for (const m of run.messages) {
    if (m.kind === 'request') {
      requests.set(m.req, { cmd: m.cmd, peer: m.peer });
      packets.push({ tUs: m.tUs, data: encodeRequest(m.cmd, m.req, m.peer, ctx).bytes });
    } else {
      packets.push({ tUs: m.tUs, data: encodeDatagram(m.dg, ctx).bytes });
      if (m.dg.kind === 'del') delPeers.push({ peer: m.dg.peer, reason: m.dg.reason, tUs: m.tUs });
    }
  }
  return {
    file: writePcapng(packets, {
      comment: runComment(settings),
      application: `dcoscope (model version ${MODEL_VERSION})`,
    }),
    summary: run.summary,
    state: run.state,
    packets: packets.length,
    delPeers,
    missed: run.missed,
  };
}
