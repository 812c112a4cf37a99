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

/** FNV-1a 32-bit over a string, continuing from `h`. */
export function fnv1a(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME) >>> 0;
  }
  return h;
}

export const FNV_OFFSET = 2166136261;

/** Canonical encoding of a trace event: fixed field order, absent fields empty. */
export function encodeTraceEvent(e: TraceEvent): string {
  return [
    e.i,
    e.t,
    e.actor,
    e.fn,
    e.what,
    e.outcome,
    e.dg ?? '',
    e.dgKind ?? '',
    e.peer ?? '',
    e.reason ?? '',
    e.client ?? '',
    e.cb === undefined ? '' : String(e.cb),
    e.cmd ?? '',
    e.field ?? '',
    e.prevPeer ?? '',
    e.depth ?? '',
    e.n ?? '',
    e.err ?? '',
    e.rmem,
  ].join('|');
}

export function hashHex(h: number): string {
  return h.toString(16).padStart(8, '0');
}
