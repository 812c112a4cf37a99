/**
 * Trace events: one record per simulation step saying which function acted, on what, and why
 * it matters. Narration (narrate.ts) and the UI are built from these records alone.
 */
import type { CallbackName, DatagramKind, DelReason, RequestCmd } from './state.ts';

/** Why a step matters. */
export type Outcome =
  | 'processed'
  | 'swallowed'
  | 'overwritten'
  | 'wiped'
  | 'stored'
  | 'dropped'
  | 'queued'
  | 'refused'
  | 'parsed'
  | 'finished'
  | 'acked'
  | 'error'
  | 'skipped'
  | 'exit'
  | 'ghost'
  | 'closed'
  | 'created'
  | 'connected'
  | 'failed'
  | 'info';

export type Actor = 'kernel' | 'libnl' | 'openvpn' | 'client' | 'firewall';

export interface TraceEvent {
  /** Step index (0-based). */
  i: number;
  /** Simulated time, microseconds. */
  t: number;
  actor: Actor;
  /** The C function that acted (maps to upstream source via upstream.ts). */
  fn: string;
  /** What happened (see narrate.ts for the wording of each). */
  what: TraceWhat;
  outcome: Outcome;
  /** Datagram id and kind, when a datagram is involved. */
  dg?: number;
  dgKind?: DatagramKind;
  peer?: number;
  reason?: DelReason;
  client?: number;
  /** VALID callback in effect. */
  cb?: CallbackName;
  /** Request command, for requests and their replies. */
  cmd?: RequestCmd;
  /** Slot field(s) written or wiped, and the peer id that was overwritten. */
  field?: string;
  prevPeer?: number;
  /** Nesting depth of reads (1 = a top-level read). */
  depth?: number;
  /** A count (peers in a burst, entries in a dump part, queue length...). */
  n?: number;
  /** libnl error code name for errors (NLE_AGAIN, NLE_BUSY, NLE_NOMEM, NLE_OBJ_NOTFOUND). */
  err?: string;
  /** Socket queue bytes after this step. */
  rmem: number;
}

export type TraceWhat =
  | 'fw_block'
  | 'fw_unblock'
  | 'k_expire'
  | 'k_notify'
  | 'k_dump_part'
  | 'loop_wake'
  | 'cb_install'
  | 'read'
  | 'read_error'
  | 'slot_take'
  | 'slot_reset'
  | 'del_ignored'
  | 'close'
  | 'stats_skip'
  | 'request'
  | 'wait_done'
  | 'status_dump'
  | 'create'
  | 'refuse'
  | 'established'
  | 'reap'
  | 'exit'
  | 'c_restart'
  | 'c_attempt'
  | 'c_timeout';

const FNV_PRIME = 16777619;

export const FNV_OFFSET = 2166136261;

function mixStr(h: number, v: string | undefined | null): number {
  if (v === undefined) return fnvByte(h, 0);
  if (v === null) return fnvByte(h, 1);
  h = fnvByte(h, 2);
  for (let i = 0; i < v.length; i++) h = fnvByte(h, v.charCodeAt(i));
  return fnvByte(h, 3);
}

function fnvByte(h: number, b: number): number {
  return Math.imul(h ^ (b & 0xffff), FNV_PRIME) >>> 0;
}

function mixNum(h: number, v: number | undefined): number {
  if (v === undefined) return fnvByte(h, 0);
  const lo = v >>> 0;
  const hi = Math.floor(v / 4294967296) | 0;
  h = fnvByte(h, 4);
  h = fnvByte(h, lo & 0xffff);
  h = fnvByte(h, lo >>> 16);
  h = fnvByte(h, hi & 0xffff);
  return fnvByte(h, hi >>> 16);
}

/**
 * Folds one trace event into the running trace hash: FNV-1a over its fields in a fixed order
 * (numbers as 64-bit halves, strings tagged and terminated, absent fields as a marker), so
 * the hash is the same on every platform and changes with any field of any event.
 */
export function hashTraceEvent(h: number, e: TraceEvent): number {
  h = mixNum(h, e.i);
  h = mixNum(h, e.t);
  h = mixStr(h, e.actor);
  h = mixStr(h, e.fn);
  h = mixStr(h, e.what);
  h = mixStr(h, e.outcome);
  h = mixNum(h, e.dg);
  h = mixStr(h, e.dgKind);
  h = mixNum(h, e.peer);
  h = mixStr(h, e.reason);
  h = mixNum(h, e.client);
  h = mixStr(h, e.cb);
  h = mixStr(h, e.cmd);
  h = mixStr(h, e.field);
  h = mixNum(h, e.prevPeer);
  h = mixNum(h, e.depth);
  h = mixNum(h, e.n);
  h = mixStr(h, e.err);
  return mixNum(h, e.rmem);
}

export function hashHex(h: number): string {
  return h.toString(16).padStart(8, '0');
}
