/**
 * The message protocol between the UI (main thread) and the simulation worker.
 *
 * Every message carries the protocol version `v` and a request id `id`; a response repeats the
 * id of the request it answers. The worker owns the simulation truth: the UI only ever holds the
 * latest snapshot it was sent. Messages are plain data (structured-clone safe).
 *
 * This module is pure (no DOM, no worker API) and imports only *types* from the model, so both
 * sides can use it without pulling the simulation into the UI bundle.
 */
import type {
  Gauges,
  Outcome,
  RunSummary,
  SimSettings,
  TraceEvent,
  TraceWhat,
} from '../model/index.ts';
import type { PairSnapshot } from './view.ts';
// the model's runtime lists, from its leaf module (no simulation code comes with them)
import { OUTCOMES, TRACE_WHATS } from '../model/trace.ts';

/** Bump on any incompatible change to the shapes below. */
export const PROTOCOL_VERSION = 2;

/** Lanes of a run: lane 0 (A) and lane 1 (B), same settings but the variant. */
export const LANE_COUNT = 2;
/** Trace events carried by each lane of an `end` response's digest (the latest ones). */
export const RECENT_TRACE_EVENTS = 20;
/** Most trace events one `getTrace` answers with (also the largest `limit`). */
export const MAX_TRACE_SPAN = 5_000;
/** Largest `count` of one `step` request. */
export const MAX_STEP_COUNT = 100_000;

export interface LaneInit {
  /** Checked by the model's validateSettings in the worker; a bad value is an `error` response. */
  settings: SimSettings;
}

interface Envelope {
  v: typeof PROTOCOL_VERSION;
  id: number;
}

export type StepUnit = 'event' | 'cycle';
export type StepDirection = 1 | -1;
export type JumpTarget = 'nextLoss' | 'prevLoss' | 'start' | 'end';

/**
 * Replace the pair with a fresh run of two lanes at merged position 0. Both lanes must have
 * equal settings except `variant`. Answered with `ready`; the worker then completes both runs
 * in the background (see `whenComplete`).
 */
export interface InitRequest extends Envelope {
  type: 'init';
  lanes: LaneInit[];
}
/**
 * Move `count` (default 1) units in merged time order. 'event': one model step of the lane
 * whose next event comes first (a step may emit several events, so the merged position can
 * move by more than one); back: undo the latest applied step. 'cycle': to just after the next
 * (or, back, the previous) step of either lane holding a 'loop_wake' event, i.e. one pass of
 * OpenVPN's event loop; at the end (or 0) when there is none.
 */
export interface StepRequest extends Envelope {
  type: 'step';
  unit: StepUnit;
  direction: StepDirection;
  count?: number;
}
/**
 * Go to merged `position` (clamped to the run, rounded up to the end of a step it would split).
 * Completes both runs first if the background has not yet.
 */
export interface SeekRequest extends Envelope {
  type: 'seek';
  position: number;
}
/**
 * 'start' / 'end' of the pair; 'nextLoss' / 'prevLoss': the next (previous) merged position
 * just after a step of either lane with a lost notification (outcome swallowed, overwritten,
 * wiped or dropped); no move when there is none. Completes both runs first.
 */
export interface JumpRequest extends Envelope {
  type: 'jump';
  to: JumpTarget;
}
/**
 * Just after the `nth` (1-based, default 1) event of `lane` whose `what` (and `outcome`, if
 * given) match, in merged order: how the guided tour opens a chapter on its moment. No move
 * when the run has no such event. Completes both runs first.
 */
export interface SeekEventRequest extends Envelope {
  type: 'seekEvent';
  lane: number;
  what: TraceWhat;
  outcome?: Outcome;
  nth?: number;
}
/** Both lanes to the end (as `jump` 'end'), answered with `end`: the pair plus a v1 digest. */
export interface RunToEndRequest extends Envelope {
  type: 'runToEnd';
}
/** Answered with a `snapshot` once both runs are complete (at once if they are). */
export interface WhenCompleteRequest extends Envelope {
  type: 'whenComplete';
}
/**
 * Trace events of one lane with index in [from, to), as far as computed, keeping those whose
 * `what` is in `kinds` and whose `outcome` is in `outcomes` (a filter left out keeps all). At
 * most `limit` (default and maximum MAX_TRACE_SPAN) events: the first ones, or with `tail` the
 * last ones of the range. The response says which range was actually scanned.
 */
export interface GetTraceRequest extends Envelope {
  type: 'getTrace';
  lane: number;
  from: number;
  to: number;
  kinds?: TraceWhat[];
  outcomes?: Outcome[];
  limit?: number;
  tail?: boolean;
}

export type SimRequest =
  | InitRequest
  | StepRequest
  | SeekRequest
  | JumpRequest
  | SeekEventRequest
  | RunToEndRequest
  | WhenCompleteRequest
  | GetTraceRequest;
export type SimRequestType = SimRequest['type'];
export const REQUEST_TYPES: readonly SimRequestType[] = [
  'init',
  'step',
  'seek',
  'jump',
  'seekEvent',
  'runToEnd',
  'whenComplete',
  'getTrace',
];

/** v1's per-lane digest, still sent with `end` (the counters table reads it). */
export interface LaneSnapshot {
  lane: number;
  /** Trace events applied so far in this lane. */
  position: number;
  finished: boolean;
  summary: RunSummary;
  gauges: Gauges;
  /** The last few trace events before `position` (at most RECENT_TRACE_EVENTS), oldest first. */
  recent: TraceEvent[];
}

/** Answer to `init`: the pair at position 0. */
export interface ReadyResponse extends Envelope, PairSnapshot {
  type: 'ready';
  modelVersion: number;
}
/**
 * Answer to `step`, `seek`, `jump` and `whenComplete`: the pair where it now is. `series` is
 * present on the first snapshot (or `end`) sent after both runs are complete, absent otherwise.
 */
export interface SnapshotResponse extends Envelope, PairSnapshot {
  type: 'snapshot';
}
/** Answer to `runToEnd`: the pair at its end plus the v1 per-lane digest. */
export interface EndResponse extends Envelope, PairSnapshot {
  type: 'end';
  lanes: LaneSnapshot[];
}
export interface TraceResponse extends Envelope {
  type: 'trace';
  lane: number;
  /** The range actually scanned, [from, to): continue a forward read at `to`, a tail at `from`. */
  from: number;
  to: number;
  events: TraceEvent[];
  /** Trace events of the lane computed so far. */
  known: number;
  /** The lane's total trace events, once its run is complete. */
  total: number | null;
}
/** A request that could not be served. `id` is null when the request had no readable id. */
export interface ErrorResponse {
  v: typeof PROTOCOL_VERSION;
  id: number | null;
  type: 'error';
  message: string;
  /** The type of the failed request, when it had a known one. */
  requestType?: SimRequestType;
}

export type SimResponse =
  ReadyResponse | SnapshotResponse | EndResponse | TraceResponse | ErrorResponse;
export type SimResponseType = SimResponse['type'];
export const RESPONSE_TYPES: readonly SimResponseType[] = [
  'ready',
  'snapshot',
  'end',
  'trace',
  'error',
];

/** Every trace event kind and outcome (the model's lists), for filters and validation. */
export { OUTCOMES, TRACE_WHATS };

/** Distributes Omit over a union, so each request keeps its own fields. */
type OmitEnvelope<T> = T extends unknown ? Omit<T, 'v' | 'id'> : never;
/** A request without its envelope, as callers write it. */
export type SimRequestBody = OmitEnvelope<SimRequest>;

export function makeRequest(id: number, body: SimRequestBody): SimRequest {
  return { ...body, v: PROTOCOL_VERSION, id } as SimRequest;
}

export function errorResponse(
  id: number | null,
  message: string,
  requestType?: SimRequestType,
): ErrorResponse {
  const r: ErrorResponse = { v: PROTOCOL_VERSION, id, type: 'error', message };
  if (requestType !== undefined) r.requestType = requestType;
  return r;
}

// ---------------------------------------------------------------------------------------------
// Runtime validation. Both sides receive `unknown` from postMessage: check the shape before use
// and answer with a message naming what was wrong, never throw.

export type Parsed<T> =
  | { ok: true; value: T }
  | { ok: false; id: number | null; message: string; requestType?: SimRequestType };

type Obj = Record<string, unknown>;

function isObject(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A short, safe rendering of any value for error messages. */
export function describeValue(x: unknown): string {
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (Array.isArray(x)) return `an array of ${x.length}`;
  if (typeof x === 'object') return 'an object';
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
  return String(x);
}

/** Request ids, lane indices and trace positions are all non-negative safe integers. */
function isIndex(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

/**
 * The envelope check shared by requests and responses: an object with the right version, a
 * usable id and one of the known types.
 */
function parseEnvelope<T extends string>(
  data: unknown,
  types: readonly T[],
  what: string,
  idMayBeNull: boolean,
): Parsed<{ msg: Obj; id: number | null; type: T }> {
  if (!isObject(data)) {
    return { ok: false, id: null, message: `${what} is ${describeValue(data)}, not an object` };
  }
  const idOk = isIndex(data.id) || (idMayBeNull && data.id === null);
  const id = isIndex(data.id) ? data.id : null;
  if (data.v !== PROTOCOL_VERSION) {
    return {
      ok: false,
      id,
      message: `protocol version ${describeValue(data.v)} is not supported: this side speaks version ${PROTOCOL_VERSION}`,
    };
  }
  if (typeof data.type !== 'string' || !(types as readonly string[]).includes(data.type)) {
    return {
      ok: false,
      id,
      message: `unknown ${what} type ${describeValue(data.type)}: expected one of ${types.join(', ')}`,
    };
  }
  if (!idOk) {
    return {
      ok: false,
      id: null,
      message: `${what} id ${describeValue(data.id)} is not a non-negative integer`,
    };
  }
  return { ok: true, value: { msg: data, id, type: data.type as T } };
}

/** Validates a message received by the worker. */
export function parseRequest(data: unknown): Parsed<SimRequest> {
  const env = parseEnvelope(data, REQUEST_TYPES, 'request', false);
  if (!env.ok) return env;
  const { msg, type } = env.value;
  const id = env.value.id as number;
  const bad = (message: string): Parsed<SimRequest> => ({
    ok: false,
    id,
    message: `${type}: ${message}`,
    requestType: type,
  });
  const base = { v: PROTOCOL_VERSION, id } as const;

  switch (type) {
    case 'init': {
      const lanes = msg.lanes;
      if (!Array.isArray(lanes) || lanes.length !== LANE_COUNT) {
        return bad(
          `lanes is ${describeValue(lanes)}: expected an array of ${LANE_COUNT} lanes (A and B)`,
        );
      }
      for (let i = 0; i < lanes.length; i++) {
        const lane: unknown = lanes[i];
        if (!isObject(lane) || !isObject(lane.settings)) {
          return bad(`lane ${i} has no settings object`);
        }
      }
      // The settings' values are checked by the model's validateSettings in the handler.
      return { ok: true, value: { ...base, type, lanes: lanes as LaneInit[] } };
    }
    case 'step': {
      if (msg.unit !== 'event' && msg.unit !== 'cycle') {
        return bad(`unit ${describeValue(msg.unit)} is not "event" or "cycle"`);
      }
      if (msg.direction !== 1 && msg.direction !== -1) {
        return bad(`direction ${describeValue(msg.direction)} is not 1 or -1`);
      }
      const r: StepRequest = { ...base, type, unit: msg.unit, direction: msg.direction };
      if (msg.count !== undefined) {
        if (!isIndex(msg.count) || msg.count < 1 || msg.count > MAX_STEP_COUNT) {
          return bad(
            `count ${describeValue(msg.count)} is not an integer from 1 to ${MAX_STEP_COUNT}`,
          );
        }
        r.count = msg.count;
      }
      return { ok: true, value: r };
    }
    case 'seek':
      if (!isIndex(msg.position)) {
        return bad(`position ${describeValue(msg.position)} is not a non-negative integer`);
      }
      return { ok: true, value: { ...base, type, position: msg.position } };
    case 'jump': {
      const to = msg.to;
      if (typeof to !== 'string' || !(JUMP_TARGETS as readonly string[]).includes(to)) {
        return bad(`to ${describeValue(to)} is not one of ${JUMP_TARGETS.join(', ')}`);
      }
      return { ok: true, value: { ...base, type, to: to as JumpTarget } };
    }
    case 'seekEvent': {
      if (!isIndex(msg.lane) || msg.lane >= LANE_COUNT) {
        return bad(`lane ${describeValue(msg.lane)} is not 0 or 1`);
      }
      if (typeof msg.what !== 'string' || !(TRACE_WHATS as readonly string[]).includes(msg.what)) {
        return bad(`what ${describeValue(msg.what)} is not a trace event kind`);
      }
      const r: SeekEventRequest = { ...base, type, lane: msg.lane, what: msg.what as TraceWhat };
      if (msg.outcome !== undefined) {
        if (
          typeof msg.outcome !== 'string' ||
          !(OUTCOMES as readonly string[]).includes(msg.outcome)
        ) {
          return bad(`outcome ${describeValue(msg.outcome)} is not an outcome`);
        }
        r.outcome = msg.outcome as Outcome;
      }
      if (msg.nth !== undefined) {
        if (!isIndex(msg.nth) || msg.nth < 1)
          return bad(`nth ${describeValue(msg.nth)} is not an integer from 1`);
        r.nth = msg.nth;
      }
      return { ok: true, value: r };
    }
    case 'runToEnd':
    case 'whenComplete':
      return { ok: true, value: { ...base, type } };
    case 'getTrace': {
      if (!isIndex(msg.lane) || msg.lane >= LANE_COUNT) {
        return bad(`lane ${describeValue(msg.lane)} is not 0 or 1`);
      }
      if (!isIndex(msg.from) || !isIndex(msg.to) || msg.to < msg.from) {
        return bad(
          `range ${describeValue(msg.from)} to ${describeValue(msg.to)} is not two non-negative integers with from <= to`,
        );
      }
      const r: GetTraceRequest = { ...base, type, lane: msg.lane, from: msg.from, to: msg.to };
      const kinds = stringList(msg.kinds, TRACE_WHATS, 'kinds');
      if (typeof kinds === 'string') return bad(kinds);
      if (kinds) r.kinds = kinds;
      const outcomes = stringList(msg.outcomes, OUTCOMES, 'outcomes');
      if (typeof outcomes === 'string') return bad(outcomes);
      if (outcomes) r.outcomes = outcomes;
      if (msg.limit !== undefined) {
        if (!isIndex(msg.limit) || msg.limit < 1 || msg.limit > MAX_TRACE_SPAN) {
          return bad(
            `limit ${describeValue(msg.limit)} is not an integer from 1 to ${MAX_TRACE_SPAN}`,
          );
        }
        r.limit = msg.limit;
      }
      if (msg.tail !== undefined) {
        if (typeof msg.tail !== 'boolean') {
          return bad(`tail ${describeValue(msg.tail)} is not true or false`);
        }
        r.tail = msg.tail;
      }
      return { ok: true, value: r };
    }
  }
}

export const JUMP_TARGETS: readonly JumpTarget[] = ['nextLoss', 'prevLoss', 'start', 'end'];

/**
 * An optional array of allowed strings: undefined when absent, the array when valid, or a
 * message naming the first bad entry.
 */
function stringList<T extends string>(
  x: unknown,
  allowed: readonly T[],
  name: string,
): T[] | undefined | string {
  if (x === undefined) return undefined;
  if (!Array.isArray(x)) return `${name} is ${describeValue(x)}, not an array`;
  for (let i = 0; i < x.length; i++) {
    const v: unknown = x[i];
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      return `${name}[${i}] ${describeValue(v)} is not one of ${allowed.join(', ')}`;
    }
  }
  return x as T[];
}

/** The fields every PairSnapshot-carrying response must have, checked by the client. */
function pairProblem(msg: Obj): string | null {
  const pair = msg.pair;
  if (!isObject(pair)) return 'pair is not an object';
  if (!isIndex(pair.position)) return 'pair.position is not a non-negative integer';
  if (!Array.isArray(pair.lanes) || pair.lanes.length !== LANE_COUNT) {
    return `pair.lanes is not an array of ${LANE_COUNT} lanes`;
  }
  if (!Array.isArray(msg.markers)) return 'markers is not an array';
  if (msg.series !== undefined && !Array.isArray(msg.series)) return 'series is not an array';
  return null;
}

/**
 * Validates a message received by the UI. Checks the envelope and the fields the client routes
 * on; the payload (lane views, summaries, trace events) is trusted as the worker's own output.
 */
export function parseResponse(data: unknown): Parsed<SimResponse> {
  const env = parseEnvelope(data, RESPONSE_TYPES, 'response', true);
  if (!env.ok) return env;
  const { msg, id, type } = env.value;
  const bad = (message: string): Parsed<SimResponse> => ({
    ok: false,
    id,
    message: `${type}: ${message}`,
  });
  if (type !== 'error' && id === null) return bad('only an error may have a null id');
  switch (type) {
    case 'ready': {
      if (typeof msg.modelVersion !== 'number') return bad('modelVersion is not a number');
      const p = pairProblem(msg);
      if (p) return bad(p);
      break;
    }
    case 'snapshot': {
      const p = pairProblem(msg);
      if (p) return bad(p);
      break;
    }
    case 'end': {
      const p = pairProblem(msg);
      if (p) return bad(p);
      if (!Array.isArray(msg.lanes)) return bad('lanes is not an array');
      break;
    }
    case 'trace':
      if (!isIndex(msg.lane) || !isIndex(msg.from) || !isIndex(msg.to)) {
        return bad('lane, from or to is not a non-negative integer');
      }
      if (!Array.isArray(msg.events)) return bad('events is not an array');
      break;
    case 'error':
      if (typeof msg.message !== 'string') return bad('message is not a string');
      break;
  }
  return { ok: true, value: msg as unknown as SimResponse };
}
