/**
 * Runtime validation of protocol messages. Both sides receive `unknown` from postMessage: the
 * shape is checked before use, and a bad message gets an answer naming what was wrong, never a
 * throw. The shapes themselves are in messages.ts.
 */
import {
  ALIGN_MODES,
  LANE_COUNT,
  MAX_PACED_BUDGET_MS,
  MAX_STEP_COUNT,
  MAX_TRACE_SPAN,
  MOVE_TARGET_KINDS,
  PROTOCOL_VERSION,
  REQUEST_TYPES,
  RESPONSE_TYPES,
  type AlignMode,
  type GetTraceRequest,
  type InitRequest,
  type JumpTarget,
  type LaneInit,
  type MoveTarget,
  type SimRequest,
  type SimRequestType,
  type SimResponse,
  type StepRequest,
} from './messages.ts';
import { OUTCOMES, TRACE_WHATS } from '../model/index.ts';
import type { TraceWhat, Outcome } from '../model/index.ts';

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
      const r: InitRequest = { ...base, type, lanes: lanes as LaneInit[] };
      if (msg.target !== undefined) {
        const target = parseTarget(msg.target);
        if (typeof target === 'string') return bad(target);
        r.target = target;
      }
      if (msg.align !== undefined) {
        if (
          typeof msg.align !== 'string' ||
          !(ALIGN_MODES as readonly string[]).includes(msg.align)
        ) {
          return bad(`align ${describeValue(msg.align)} is not one of ${ALIGN_MODES.join(', ')}`);
        }
        r.align = msg.align as AlignMode;
      }
      return { ok: true, value: r };
    }
    case 'step': {
      if (msg.unit !== 'event' && msg.unit !== 'cycle' && msg.unit !== 'paced') {
        return bad(`unit ${describeValue(msg.unit)} is not "event", "cycle" or "paced"`);
      }
      if (msg.direction !== 1 && msg.direction !== -1) {
        return bad(`direction ${describeValue(msg.direction)} is not 1 or -1`);
      }
      const r: StepRequest = { ...base, type, unit: msg.unit, direction: msg.direction };
      if (msg.unit === 'paced') {
        if (msg.direction !== 1) return bad('a paced step goes forward only (direction 1)');
        const b = msg.budgetMs;
        if (typeof b !== 'number' || !Number.isFinite(b) || b < 0 || b > MAX_PACED_BUDGET_MS) {
          return bad(
            `budgetMs ${describeValue(b)} is not a number of ms from 0 to ${MAX_PACED_BUDGET_MS}`,
          );
        }
        r.budgetMs = b;
        if (msg.stopAtLoss !== undefined) {
          if (typeof msg.stopAtLoss !== 'boolean') {
            return bad(`stopAtLoss ${describeValue(msg.stopAtLoss)} is not true or false`);
          }
          r.stopAtLoss = msg.stopAtLoss;
        }
      } else if (msg.stopAtLoss !== undefined) {
        return bad(`stopAtLoss is for paced steps only, not ${msg.unit} steps`);
      } else if (msg.budgetMs !== undefined) {
        return bad(`budgetMs is for paced steps only, not ${msg.unit} steps`);
      }
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
    case 'seek': {
      const target = parseTarget(msg.target);
      if (typeof target === 'string') return bad(target);
      return { ok: true, value: { ...base, type, target } };
    }
    case 'jump': {
      const to = msg.to;
      if (typeof to !== 'string' || !(JUMP_TARGETS as readonly string[]).includes(to)) {
        return bad(`to ${describeValue(to)} is not one of ${JUMP_TARGETS.join(', ')}`);
      }
      return { ok: true, value: { ...base, type, to: to as JumpTarget } };
    }
    case 'whenComplete':
    case 'summaries':
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

/** The simulated time of a `time` target: up to this many µs (1000 days; the runs are shorter). */
export const MAX_TARGET_US = 86_400_000_000_000;

/** A MoveTarget, or a message naming what is wrong with it. */
export function parseTarget(x: unknown): MoveTarget | string {
  if (!isObject(x)) return `target is ${describeValue(x)}, not an object`;
  switch (x.kind) {
    case 'position':
      if (!isIndex(x.position)) {
        return `target position ${describeValue(x.position)} is not a non-negative integer`;
      }
      return { kind: 'position', position: x.position };
    case 'time':
      if (!isIndex(x.us) || x.us > MAX_TARGET_US) {
        return `target time ${describeValue(x.us)} is not a whole number of µs from 0 to ${MAX_TARGET_US}`;
      }
      return { kind: 'time', us: x.us };
    case 'event': {
      if (!isIndex(x.lane) || x.lane >= LANE_COUNT) {
        return `target lane ${describeValue(x.lane)} is not 0 or 1`;
      }
      if (typeof x.what !== 'string' || !(TRACE_WHATS as readonly string[]).includes(x.what)) {
        return `target what ${describeValue(x.what)} is not a trace event kind`;
      }
      const t: MoveTarget = { kind: 'event', lane: x.lane, what: x.what as TraceWhat };
      if (x.outcome !== undefined) {
        if (typeof x.outcome !== 'string' || !(OUTCOMES as readonly string[]).includes(x.outcome)) {
          return `target outcome ${describeValue(x.outcome)} is not an outcome`;
        }
        t.outcome = x.outcome as Outcome;
      }
      if (x.nth !== undefined) {
        if (!isIndex(x.nth) || x.nth < 1 || x.nth > Number.MAX_SAFE_INTEGER) {
          return `target nth ${describeValue(x.nth)} is not an integer from 1`;
        }
        t.nth = x.nth;
      }
      return t;
    }
    default:
      return `target kind ${describeValue(x.kind)} is not one of ${MOVE_TARGET_KINDS.join(', ')}`;
  }
}

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
    case 'summaries':
      if (!Array.isArray(msg.lanes) || msg.lanes.length !== LANE_COUNT) {
        return bad(`lanes is not an array of ${LANE_COUNT} lanes`);
      }
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
