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
import {
  DEFAULT_SETTINGS,
  MAX_EMITS,
  MAX_EXPIRE_S,
  MODEL_VERSION,
  SCENARIOS,
  SETTING_RANGES,
  scenarioSettings,
  showValue,
  validateSettings,
  type SimSettings,
} from '../model/index.ts';
import { readPcap, NETLINK_GENERIC, type PcapReadResult } from './pcap.ts';
import { RUN_COMMENT_PREFIX } from './pcapRun.ts';
import { decodeLink } from './urlState.ts';

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
  return delPeersOf(readPcap(file));
}

function delPeersOf(pcap: PcapReadResult): DelPeerImport {
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

/** Seconds the page's run goes on after a capture's last DEL_PEER (OpenVPN reads the storm). */
export const RUN_AFTER_LAST_S = 60;

export interface CaptureOptions {
  /**
   * How messages name the capture (already quoted or prefixed, as the caller shows it), e.g.
   * `--import-pcap "storm.pcap"` or `"storm.pcap"`.
   */
  name: string;
  /**
   * Fit the run to the capture instead of refusing (the page, which has no flag to ask for):
   * raise the peer count and max-clients to hold its highest peer id, the run length to go
   * RUN_AFTER_LAST_S past its last DEL_PEER, and leave out hand expiries; each said in a note.
   * Without it (the CLI) a peer beyond the run's peers is refused, and nothing else changes.
   */
  fit?: boolean;
  /**
   * A dcoscope export naming its run (default true): replay that run itself. False (the CLI,
   * whose --import-pcap sets the emission schedule): its DEL_PEERs as a schedule like any
   * capture's, with a note giving the run's link query.
   */
  ownRun?: boolean;
}

export type CaptureSettings =
  | {
      ok: true;
      /** The base with the capture's emission schedule (or the exported run's own settings). */
      settings: SimSettings;
      /** What else was changed or is worth knowing, as sentences without a final period. */
      notes: string[];
      /** The OpenVPN family the capture resolved ('' for an export holding no DEL_PEER). */
      family: string;
      /** DEL_PEER notifications read. */
      count: number;
      /** The first and last DEL_PEER, seconds after the capture's first packet (0 when none). */
      firstS: number;
      lastS: number;
      /** A capture dcoscope exported, carrying its run's link: that run, not a schedule. */
      fromExport: boolean;
    }
  | {
      ok: false;
      /** The whole message, naming the capture. */
      problem: string;
      /** When refused for a peer beyond the base's peers (never with `fit`): the peers needed. */
      needPeers?: number;
    };

const count = (n: number): string => n.toLocaleString('en-US');

/** A link query as a note shows it: as written when plainly one, else quoted and cut. */
function shownQuery(query: string): string {
  return /^[\w.,@%&=+:~-]{1,4000}$/.test(query) ? query : showValue(query);
}

/** The run a dcoscope export's comment names: its settings over the defaults (or its scenario). */
function exportedRun(
  query: string,
  base: SimSettings,
  name: string,
): { settings: SimSettings; notes: string[] } | string {
  const link = decodeLink(query);
  const notes = ['a dcoscope export: its own run, replayed'];
  let over: Partial<SimSettings> = DEFAULT_SETTINGS;
  if (link.scenario !== null) {
    if (Object.hasOwn(SCENARIOS, link.scenario)) over = scenarioSettings(link.scenario);
    else notes.push(`its run names no known scenario ${showValue(link.scenario)}: defaults used`);
  }
  const checked = validateSettings({ ...over, ...link.settings, variant: base.variant });
  if (checked.problems.length > 0) {
    return `${name} carries a dcoscope run that is not valid here: ${checked.problems.map((p) => p.message).join('; ')}`;
  }
  if (link.modelVersion !== null && link.modelVersion !== MODEL_VERSION) {
    notes.push(
      `its run was made with model version ${link.modelVersion}; this is model version ${MODEL_VERSION}, so the replay can differ`,
    );
  }
  for (const x of link.ignored) {
    notes.push(`its run's ${x.param}=${showValue(x.value)} is left out: ${x.reason}`);
  }
  return { settings: checked.settings, notes };
}

/**
 * A capture as a run's settings: its DEL_PEER notifications (readDelPeers) become the base's
 * emission schedule (`emit`: the kernel sends each at its time since the capture's first
 * packet, keepalive timers off), checked against the model's limits; or, for a capture
 * dcoscope exported with its run's link in a comment, that run's own settings. Pure, never
 * throws; every refusal names the capture and what is allowed. The base's variant is kept.
 */
export function captureSettings(
  file: Uint8Array,
  base: SimSettings,
  options: CaptureOptions,
): CaptureSettings {
  const { name, fit = false, ownRun = true } = options;
  const pcap = readPcap(file);
  if (!pcap.ok) return { ok: false, problem: `${name} is not read: ${pcap.problem}` };
  const read = delPeersOf(pcap);
  const comment = pcap.comment;
  const exported = comment?.startsWith(RUN_COMMENT_PREFIX) === true;
  if (exported && ownRun) {
    const run = exportedRun(comment!.slice(RUN_COMMENT_PREFIX.length), base, name);
    if (typeof run === 'string') return { ok: false, problem: run };
    const d = read.ok ? read.delPeers : [];
    return {
      ok: true,
      settings: run.settings,
      notes: run.notes,
      family: read.ok ? read.family : '',
      count: d.length,
      firstS: d.length > 0 ? d[0]!.tUs / 1e6 : 0,
      lastS: d.length > 0 ? d[d.length - 1]!.tUs / 1e6 : 0,
      fromExport: true,
    };
  }
  if (!read.ok) return { ok: false, problem: `${name} is not read: ${read.problem}` };
  const n = read.delPeers.length;
  if (n > MAX_EMITS) {
    return {
      ok: false,
      problem: `${name} holds ${count(n)} DEL_PEER notifications; a replayed schedule takes at most ${count(MAX_EMITS)}`,
    };
  }
  const bad = read.delPeers.find((d) => d.tUs < 0 || d.tUs > MAX_EXPIRE_S * 1e6);
  if (bad) {
    return {
      ok: false,
      problem: `${name} notifies peer ${bad.peer} at ${bad.tUs / 1e6} s from its first packet; a schedule goes from 0 to ${MAX_EXPIRE_S} s`,
    };
  }
  let top = 0;
  for (const d of read.delPeers) top = Math.max(top, d.peer);
  const firstS = read.delPeers[0]!.tUs / 1e6;
  const lastS = read.delPeers[n - 1]!.tUs / 1e6;
  const settings: SimSettings = { ...base };
  const notes: string[] = [];
  if (top >= settings.peers) {
    const maxPeers = SETTING_RANGES.peers.max;
    if (!fit || top >= maxPeers) {
      const range = `${settings.peers} peers (0 to ${settings.peers - 1})`;
      return {
        ok: false,
        problem: fit
          ? `${name} notifies peer ${count(top)}, beyond the ${count(maxPeers)} peers (0 to ${count(maxPeers - 1)}) a run may have`
          : `${name} notifies peer ${top}, beyond this run's ${range}`,
        ...(fit ? {} : { needPeers: top + 1 }),
      };
    }
    notes.push(
      `peers raised from ${count(settings.peers)} to ${count(top + 1)} to hold peer ${count(top)}, the highest the capture notifies`,
    );
    settings.peers = top + 1;
    if (settings.maxClients < settings.peers) {
      notes.push(
        `max-clients raised from ${count(settings.maxClients)} to ${count(settings.peers)}, the peer count`,
      );
      settings.maxClients = settings.peers;
    }
  }
  if (fit) {
    const until = Math.min(SETTING_RANGES.untilS.max, Math.ceil(lastS) + RUN_AFTER_LAST_S);
    if (settings.untilS < until) {
      notes.push(
        `run length raised from ${count(settings.untilS)} s to ${count(until)} s, ${RUN_AFTER_LAST_S} s past the last DEL_PEER`,
      );
      settings.untilS = until;
    }
    if (settings.expire !== '') {
      notes.push(
        `the hand expiries (expire ${showValue(settings.expire)}) are left out: the capture's DEL_PEERs are the kernel's only ones`,
      );
      settings.expire = '';
    }
  }
  settings.emit = read.delPeers.map((d) => `${d.peer}@${d.tUs / 1e6}`).join(',');
  const checked = validateSettings(settings);
  if (checked.problems.length > 0) {
    return { ok: false, problem: `${name}: ${checked.problems.map((p) => p.message).join('; ')}` };
  }
  if (exported) {
    notes.push(
      `a dcoscope export, replayed as an emission schedule; its own run: ${shownQuery(comment!.slice(RUN_COMMENT_PREFIX.length))}`,
    );
  }
  if (read.foreign > 0) {
    notes.push(
      `${count(read.foreign)} packets or messages of other netlink protocols or families are left alone`,
    );
  }
  return {
    ok: true,
    settings: checked.settings,
    notes,
    family: read.family,
    count: n,
    firstS,
    lastS,
    fromExport: false,
  };
}

/**
 * Whether a file's first bytes are a capture's: classic pcap (a1b2c3d4, or a1b23c4d with
 * nanoseconds, in either byte order) or pcapng (a section header, 0a0d0d0a). Imports tell a
 * capture from a trace file by this, not by the file's name.
 */
export function isCaptureMagic(head: Uint8Array): boolean {
  if (head.length < 4) return false;
  const v = new DataView(head.buffer, head.byteOffset, 4);
  const be = v.getUint32(0, false);
  const le = v.getUint32(0, true);
  const pcap = [0xa1b2c3d4, 0xa1b23c4d];
  return pcap.includes(be) || pcap.includes(le) || be === 0x0a0d0d0a;
}
