/**
 * Trace events: one record per simulation step saying which function acted, on what, and why
 * it matters. Narration (narrate.ts) and the UI are built from these records alone.
 */
import type { CallbackName, DatagramKind, DelReason, RequestCmd } from './state.ts';

/** Why a step matters. */
/** Every outcome, as a runtime list (filters and message validation read it). */
export const OUTCOMES = [
  'processed',
  'swallowed',
  'overwritten',
  'wiped',
  'stored',
  'dropped',
  'blocked',
  'queued',
  'refused',
  'parsed',
  'finished',
  'acked',
  'error',
  'skipped',
  'exit',
  'ghost',
  'closed',
  'created',
  'connected',
  'failed',
  'info',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Outcomes that lose a DEL_PEER notification (a 'dropped' is always an overflow drop). */
export const LOSS_OUTCOMES: readonly Outcome[] = ['swallowed', 'overwritten', 'wiped', 'dropped'];

export function isLoss(e: Pick<TraceEvent, 'outcome'>): boolean {
  return (LOSS_OUTCOMES as readonly string[]).includes(e.outcome);
}

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
  /** The CPU a kernel step ran on (ovpn-dco's timers and delete work). */
  cpu?: number;
  /** Socket queue bytes after this step. */
  rmem: number;
}

type RequiredKey = 'actor' | 'fn' | 'what' | 'outcome';
type OptionalKey = Exclude<keyof TraceEvent, RequiredKey | 'i' | 't' | 'rmem'>;

/**
 * What a step reports to emit (core.ts): a trace event without the fields emit adds (i, t,
 * rmem), with every optional field present, if only as undefined. Build one by spreading
 * NO_FIELDS first: then every report has the same keys in the same order, so V8 gives them
 * one hidden class and emit's reads stay monomorphic (mixed shapes made them megamorphic and
 * cost a third of a run's time).
 */
export type StepReport = Pick<TraceEvent, RequiredKey> & {
  [K in OptionalKey]-?: TraceEvent[K] | undefined;
};

/** Every field of a StepReport, unset: spread it first into each report. */
export const NO_FIELDS = {
  actor: undefined,
  fn: undefined,
  what: undefined,
  outcome: undefined,
  dg: undefined,
  dgKind: undefined,
  peer: undefined,
  reason: undefined,
  client: undefined,
  cb: undefined,
  cmd: undefined,
  field: undefined,
  prevPeer: undefined,
  depth: undefined,
  n: undefined,
  err: undefined,
  cpu: undefined,
} as unknown as Omit<StepReport, RequiredKey>;

/** Every trace event kind, as a runtime list (filters and message validation read it). */
export const TRACE_WHATS = [
  'fw_block',
  'fw_unblock',
  'k_expire',
  'k_notify',
  'k_work',
  'k_gp',
  'k_dump_part',
  'loop_wake',
  'cb_install',
  'read',
  'read_error',
  'slot_take',
  'slot_reset',
  'del_ignored',
  'close',
  'stats_skip',
  'request',
  'wait_done',
  'status_dump',
  'create',
  'refuse',
  'established',
  'reap',
  'exit',
  'c_restart',
  'c_attempt',
  'c_timeout',
] as const;
export type TraceWhat = (typeof TRACE_WHATS)[number];

const FNV_PRIME = 16777619;

export const FNV_OFFSET = 2166136261;

function fnvByte(h: number, b: number): number {
  return Math.imul(h ^ (b & 0xffff), FNV_PRIME) >>> 0;
}

/** FNV-1a of a string's UTF-16 code units; memoized (trace strings come from a small set). */
const stringCodes = new Map<string, number>();
export function stringCode(v: string): number {
  let c = stringCodes.get(v);
  if (c === undefined) {
    c = FNV_OFFSET;
    for (let i = 0; i < v.length; i++) c = fnvByte(c, v.charCodeAt(i));
    stringCodes.set(v, c);
  }
  return c;
}

/** One murmur3 (x86, 32-bit) round: folds a 32-bit word into the hash. */
function mix32(h: number, x: number): number {
  let k = Math.imul(x, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function mixStr(h: number, v: string | undefined | null): number {
  if (v === undefined) return mix32(h, 0x7fff0001);
  if (v === null) return mix32(h, 0x7fff0002);
  return mix32(h, stringCode(v));
}

function mixNum(h: number, v: number | undefined): number {
  if (v === undefined) return mix32(h, 0x7fff0003);
  return mix32(mix32(h, v >>> 0), Math.floor(v / 4294967296) | 0);
}

/**
 * Folds one trace event into the running trace hash: murmur3 rounds over its fields in a
 * fixed order (numbers as two 32-bit halves, strings as the FNV-1a of their characters, absent
 * fields as a marker), so the hash is the same on every platform and changes with any field.
 */
export function hashTraceEvent(
  h: number,
  i: number,
  t: number,
  e: StepReport,
  rmem: number,
): number {
  h = mixNum(h, i);
  h = mixNum(h, t);
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
  h = mixNum(h, e.cpu);
  return mixNum(h, rmem) >>> 0;
}

export function hashHex(h: number): string {
  return h.toString(16).padStart(8, '0');
}
