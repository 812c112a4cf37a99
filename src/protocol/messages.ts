/**
 * The message protocol between the UI (main thread) and the simulation worker.
 *
 * Every message carries the protocol version `v` and a request id `id`; a response repeats the
 * id of the request it answers. The worker owns the simulation truth: the UI only ever holds the
 * latest snapshot it was sent. Messages are plain data (structured-clone safe).
 *
 * This module is pure (no DOM, no worker API) and takes from the model only types and its
 * vocabulary lists (OUTCOMES, TRACE_WHATS: data, no simulation code), so both sides can use it
 * without pulling the simulation into the UI bundle.
 */
import type {
  Outcome,
  RunSummary,
  SimSettings,
  TraceEvent,
  TraceWhat,
  VariantId,
} from '../model/index.ts';
import type { PairSnapshot } from './view.ts';
// the model's vocabulary lists, through its public API (data only, defined in trace.ts)
import { OUTCOMES, TRACE_WHATS } from '../model/index.ts';

/** Bump on any incompatible change to the shapes below. */
export const PROTOCOL_VERSION = 4;

/** Lanes of a run: lane 0 (A) and lane 1 (B), same settings but the variant. */
export const LANE_COUNT = 2;
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
/** A step unit, or 'paced': whole steps while their teaching-clock cost fits a budget. */
export type StepRequestUnit = StepUnit | 'paced';
/**
 * What the lanes' merged order compares: 'time' (lock-step by simulated time) or
 * 'notification' (lane B's time warped so the same DEL_PEER reaches both readers together).
 */
export type AlignMode = 'time' | 'notification';
export const ALIGN_MODES: readonly AlignMode[] = ['notification', 'time'];
/** Largest budget of one paced step, ms at 1× (an hour). */
export const MAX_PACED_BUDGET_MS = 3_600_000;
export type StepDirection = 1 | -1;
export type JumpTarget = 'nextLoss' | 'prevLoss' | 'start' | 'end';

/**
 * Where a move lands (a `seek`, or an `init` that opens its run somewhere other than the start):
 * - `position`: a merged position (clamped to the run, rounded up to the end of a step it
 *   would split);
 * - `time`: simulated time in µs: just after every event of both lanes at or before it;
 * - `event`: just after the `nth` (1-based, default 1) event of `lane` whose `what` (and
 *   `outcome`, if given) match, in merged order ("the first overwritten DEL_PEER"); no move
 *   when the run has no such event.
 * Every target completes both runs first.
 */
export type MoveTarget =
  | { kind: 'position'; position: number }
  | { kind: 'time'; us: number }
  | { kind: 'event'; lane: number; what: TraceWhat; outcome?: Outcome; nth?: number };
export const MOVE_TARGET_KINDS: readonly MoveTarget['kind'][] = ['position', 'time', 'event'];

/**
 * Replace the pair with a fresh run of two lanes, at merged position 0 or at `target`. Both
 * lanes must have equal settings except `variant`. Answered with `ready`; without a target the
 * worker then completes both runs in the background (see `whenComplete`).
 */
export interface InitRequest extends Envelope {
  type: 'init';
  lanes: LaneInit[];
  target?: MoveTarget;
  /** The merged order of the run (default 'time'). */
  align?: AlignMode;
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
  unit: StepRequestUnit;
  direction: StepDirection;
  /** 'event' / 'cycle': how many; 'paced': at most this many steps (default MAX_STEP_COUNT). */
  count?: number;
  /**
   * 'paced' only (and required): wall ms at 1× to spend. Forward only: advances whole model
   * steps in merged order while the sum of their costs (the worker's pacing.ts) fits; the
   * snapshot's `pace` says what was spent and what the next step costs.
   */
  budgetMs?: number;
  /** 'paced' only: stop right after a step that lost a notification (a player's pause on loss). */
  stopAtLoss?: boolean;
}
/** Go to `target` (see MoveTarget). Completes both runs first if the background has not yet. */
export interface SeekRequest extends Envelope {
  type: 'seek';
  target: MoveTarget;
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
/** Answered with a `snapshot` once both runs are complete (at once if they are). */
export interface WhenCompleteRequest extends Envelope {
  type: 'whenComplete';
}
/**
 * Read only: each lane's end-of-run summary and trace length, answered with `summaries` once
 * both runs are complete (it completes them first). The pair does not move.
 */
export interface SummariesRequest extends Envelope {
  type: 'summaries';
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
  | WhenCompleteRequest
  | SummariesRequest
  | GetTraceRequest;
export type SimRequestType = SimRequest['type'];
export const REQUEST_TYPES: readonly SimRequestType[] = [
  'init',
  'step',
  'seek',
  'jump',
  'whenComplete',
  'summaries',
  'getTrace',
];

/** Answer to `init`: the pair at position 0, or at the init's target. */
export interface ReadyResponse extends Envelope, PairSnapshot {
  type: 'ready';
  modelVersion: number;
}
/**
 * Answer to `step`, `seek`, `jump` and `whenComplete`: the pair where it now is. `series` is
 * present on the first snapshot sent after both runs are complete, absent otherwise.
 */
export interface SnapshotResponse extends Envelope, PairSnapshot {
  type: 'snapshot';
  /** On the answer of a 'paced' step only. */
  pace?: PaceInfo;
}
/** What a paced step spent, and what the next one will cost (null: at the end). */
export interface PaceInfo {
  /** Wall ms at 1× of the steps taken (≤ the budget). */
  spentMs: number;
  steps: number;
  /** The step stopped right after a loss (asked with `stopAtLoss`). */
  stoppedAtLoss?: boolean;
  next: {
    /** Wall ms at 1× of the next step: its wait plus its dwell. */
    costMs: number;
    /** The wait part of costMs (the compressed simulated gap before the step). */
    waitMs: number;
    /** Merge key (simulated µs) of the last step applied and of the next one. */
    fromUs: number;
    toUs: number;
    /**
     * How the clock runs through the wait: [ms into the wait, µs since fromUs] points from
     * [0, 0] to [waitMs, toUs − fromUs]; interpolate linearly between them.
     */
    clock: [number, number][];
  } | null;
}
/** One lane at the end of its run, as `summaries` answers. */
export interface LaneEnd {
  variant: VariantId;
  summary: RunSummary;
  /** The lane's total trace events. */
  length: number;
}
/** Answer to `summaries`: both lanes' ends, lane A first. */
export interface SummariesResponse extends Envelope {
  type: 'summaries';
  lanes: LaneEnd[];
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
  ReadyResponse | SnapshotResponse | SummariesResponse | TraceResponse | ErrorResponse;
export type SimResponseType = SimResponse['type'];
export const RESPONSE_TYPES: readonly SimResponseType[] = [
  'ready',
  'snapshot',
  'summaries',
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
