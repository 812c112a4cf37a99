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
import type { Gauges, RunSummary, SimSettings, TraceEvent } from '../model/index.ts';

/** Bump on any incompatible change to the shapes below. */
export const PROTOCOL_VERSION = 1;

/** Most lanes one worker runs side by side. */
export const MAX_LANES = 4;
/** Trace events carried by each lane of a snapshot (the latest ones). */
export const RECENT_TRACE_EVENTS = 20;
/** Most trace events one `getTrace` answers with; a longer range is cut at `from + MAX_TRACE_SPAN`. */
export const MAX_TRACE_SPAN = 5_000;

export interface LaneInit {
  /** Checked by the model's validateSettings in the worker; a bad value is an `error` response. */
  settings: SimSettings;
}

interface Envelope {
  v: typeof PROTOCOL_VERSION;
  id: number;
}

/** Replace every lane with a fresh run of the given settings, at position 0. */
export interface InitRequest extends Envelope {
  type: 'init';
  lanes: LaneInit[];
}
/**
 * Move one lane (or every lane when `lane` is absent) to `position` trace events applied. The
 * model moves in whole steps (a step may emit several events), so a lane lands on the first step
 * boundary at or after `position`, or at the end of the run if it is shorter.
 */
export interface SeekRequest extends Envelope {
  type: 'seek';
  lane?: number;
  position: number;
}
/**
 * Move by `delta` trace events, one lane or every lane, landing on a step boundary as for `seek`.
 * A negative delta steps back, by at least one step when not at position 0.
 */
export interface StepRequest extends Envelope {
  type: 'step';
  lane?: number;
  delta: number;
}
/** Run one lane (or every lane) until the simulation finishes. */
export interface RunToEndRequest extends Envelope {
  type: 'runToEnd';
  lane?: number;
}
/**
 * Trace events `from` (inclusive) to `to` (exclusive) of one lane, as far as the lane has been
 * computed (which may be beyond its position after a seek back).
 */
export interface GetTraceRequest extends Envelope {
  type: 'getTrace';
  lane: number;
  from: number;
  to: number;
}

export type SimRequest =
  InitRequest | SeekRequest | StepRequest | RunToEndRequest | GetTraceRequest;
export type SimRequestType = SimRequest['type'];
export const REQUEST_TYPES: readonly SimRequestType[] = [
  'init',
  'seek',
  'step',
  'runToEnd',
  'getTrace',
];

/** What the UI knows about one lane: the latest state the worker reported. */
export interface LaneSnapshot {
  lane: number;
  /** Trace events applied so far. */
  position: number;
  finished: boolean;
  summary: RunSummary;
  gauges: Gauges;
  /** The last few trace events before `position` (at most RECENT_TRACE_EVENTS), oldest first. */
  recent: TraceEvent[];
}

/** Answer to `init`: the lanes at position 0. */
export interface ReadyResponse extends Envelope {
  type: 'ready';
  modelVersion: number;
  lanes: LaneSnapshot[];
}
/** Answer to `seek`, `step` and `runToEnd`: every lane, whichever moved. */
export interface SnapshotResponse extends Envelope {
  type: 'snapshot';
  lanes: LaneSnapshot[];
}
export interface TraceResponse extends Envelope {
  type: 'trace';
  lane: number;
  /** The range actually returned (cut to what has been computed and to MAX_TRACE_SPAN). */
  from: number;
  to: number;
  events: TraceEvent[];
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

export type SimResponse = ReadyResponse | SnapshotResponse | TraceResponse | ErrorResponse;
export type SimResponseType = SimResponse['type'];
export const RESPONSE_TYPES: readonly SimResponseType[] = ['ready', 'snapshot', 'trace', 'error'];

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
  const optionalLane = (): string | null =>
    msg.lane === undefined || isIndex(msg.lane)
      ? null
      : `lane ${describeValue(msg.lane)} is not a lane index`;
  const base = { v: PROTOCOL_VERSION, id } as const;

  switch (type) {
    case 'init': {
      const lanes = msg.lanes;
      if (!Array.isArray(lanes) || lanes.length < 1 || lanes.length > MAX_LANES) {
        return bad(
          `lanes is ${describeValue(lanes)}: expected an array of 1 to ${MAX_LANES} lanes`,
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
    case 'seek': {
      const laneProblem = optionalLane();
      if (laneProblem) return bad(laneProblem);
      if (!isIndex(msg.position)) {
        return bad(`position ${describeValue(msg.position)} is not a non-negative integer`);
      }
      const r: SeekRequest = { ...base, type, position: msg.position };
      if (msg.lane !== undefined) r.lane = msg.lane as number;
      return { ok: true, value: r };
    }
    case 'step': {
      const laneProblem = optionalLane();
      if (laneProblem) return bad(laneProblem);
      if (typeof msg.delta !== 'number' || !Number.isSafeInteger(msg.delta)) {
        return bad(`delta ${describeValue(msg.delta)} is not an integer`);
      }
      const r: StepRequest = { ...base, type, delta: msg.delta };
      if (msg.lane !== undefined) r.lane = msg.lane as number;
      return { ok: true, value: r };
    }
    case 'runToEnd': {
      const laneProblem = optionalLane();
      if (laneProblem) return bad(laneProblem);
      const r: RunToEndRequest = { ...base, type };
      if (msg.lane !== undefined) r.lane = msg.lane as number;
      return { ok: true, value: r };
    }
    case 'getTrace': {
      if (!isIndex(msg.lane)) return bad(`lane ${describeValue(msg.lane)} is not a lane index`);
      if (!isIndex(msg.from) || !isIndex(msg.to) || msg.to < msg.from) {
        return bad(
          `range ${describeValue(msg.from)} to ${describeValue(msg.to)} is not two non-negative integers with from <= to`,
        );
      }
      return { ok: true, value: { ...base, type, lane: msg.lane, from: msg.from, to: msg.to } };
    }
  }
}

/**
 * Validates a message received by the UI. Checks the envelope and the fields the client routes
 * on; the payload (summaries, trace events) is trusted as the worker's own output.
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
    case 'ready':
      if (typeof msg.modelVersion !== 'number') return bad('modelVersion is not a number');
      if (!Array.isArray(msg.lanes)) return bad('lanes is not an array');
      break;
    case 'snapshot':
      if (!Array.isArray(msg.lanes)) return bad('lanes is not an array');
      break;
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
