/**
 * The worker's brain, without the worker: owns one model Timeline per lane and answers protocol
 * messages. Pure TypeScript (no DOM, no `self`), so Node tests drive it directly; sim.worker.ts
 * only binds it to postMessage.
 *
 * `handle` never throws: a malformed request, a bad setting or a failure inside the model all
 * come back as an `error` response naming the request.
 */
import {
  MODEL_VERSION,
  Timeline,
  gaugesOf,
  summarize,
  validateSettings,
  type TraceEvent,
} from '../model/index.ts';
import {
  MAX_TRACE_SPAN,
  PROTOCOL_VERSION,
  RECENT_TRACE_EVENTS,
  errorResponse,
  parseRequest,
  type GetTraceRequest,
  type InitRequest,
  type LaneSnapshot,
  type ReadyResponse,
  type SimRequest,
  type SimResponse,
  type SnapshotResponse,
  type TraceResponse,
} from '../protocol/messages.ts';

export class SimHandler {
  private lanes: Timeline[] = [];

  /** Answers one incoming message (already structured-cloned, so `unknown`). */
  handle(data: unknown): SimResponse {
    const parsed = parseRequest(data);
    if (!parsed.ok) return errorResponse(parsed.id, parsed.message, parsed.requestType);
    const req = parsed.value;
    try {
      return this.dispatch(req);
    } catch (err) {
      return errorResponse(req.id, `${req.type} failed: ${errorText(err)}`, req.type);
    }
  }

  /** Number of lanes currently loaded (0 before `init`). */
  get laneCount(): number {
    return this.lanes.length;
  }

  private dispatch(req: SimRequest): SimResponse {
    if (req.type === 'init') return this.init(req);
    if (this.lanes.length === 0) {
      return errorResponse(req.id, `${req.type}: no simulation loaded: send init first`, req.type);
    }
    if (req.lane !== undefined && req.lane >= this.lanes.length) {
      return errorResponse(
        req.id,
        `${req.type}: lane ${req.lane} does not exist: lanes are 0 to ${this.lanes.length - 1}`,
        req.type,
      );
    }
    switch (req.type) {
      case 'seek':
        for (const t of this.selected(req.lane)) t.seek(req.position);
        return this.snapshot(req.id);
      case 'step':
        for (const t of this.selected(req.lane)) stepBy(t, req.delta);
        return this.snapshot(req.id);
      case 'runToEnd':
        for (const t of this.selected(req.lane)) t.runToEnd();
        return this.snapshot(req.id);
      case 'getTrace':
        return this.trace(req);
    }
  }

  private init(req: InitRequest): ReadyResponse | SimResponse {
    const timelines: Timeline[] = [];
    for (let i = 0; i < req.lanes.length; i++) {
      const { settings, problems } = validateSettings(req.lanes[i]!.settings);
      if (problems.length > 0) {
        return errorResponse(
          req.id,
          `init: lane ${i}: ${problems.map((p) => p.message).join('; ')}`,
          'init',
        );
      }
      timelines.push(new Timeline(settings));
    }
    // Replace the lanes only once every lane was accepted.
    this.lanes = timelines;
    return {
      v: PROTOCOL_VERSION,
      id: req.id,
      type: 'ready',
      modelVersion: MODEL_VERSION,
      lanes: this.lanes.map((t, i) => laneSnapshot(t, i)),
    };
  }

  private selected(lane: number | undefined): Timeline[] {
    return lane === undefined ? this.lanes : [this.lanes[lane]!];
  }

  private snapshot(id: number): SnapshotResponse {
    return {
      v: PROTOCOL_VERSION,
      id,
      type: 'snapshot',
      lanes: this.lanes.map((t, i) => laneSnapshot(t, i)),
    };
  }

  private trace(req: GetTraceRequest): TraceResponse {
    const t = this.lanes[req.lane]!;
    const to = Math.min(req.to, t.trace.length, req.from + MAX_TRACE_SPAN);
    const from = Math.min(req.from, to);
    return {
      v: PROTOCOL_VERSION,
      id: req.id,
      type: 'trace',
      lane: req.lane,
      from,
      to,
      events: traceRange(t, from, to),
    };
  }
}

/**
 * Moves a timeline by `delta` trace events. The model moves in whole steps (one step can emit
 * several events), so a position lands on the first step boundary at or after the target; a
 * step back that would land where it started goes to the boundary just before instead.
 */
function stepBy(t: Timeline, delta: number): void {
  if (delta >= 0) {
    t.stepForward(delta);
    return;
  }
  const from = t.position;
  t.seek(Math.max(0, from + delta));
  if (t.position >= from) t.stepBack();
}

function laneSnapshot(t: Timeline, lane: number): LaneSnapshot {
  const position = t.position;
  return {
    lane,
    position,
    finished: t.finished,
    summary: summarize(t.state),
    gauges: gaugesOf(t.state),
    recent: traceRange(t, Math.max(0, position - RECENT_TRACE_EVENTS), position),
  };
}

/** Trace events [from, to) of a timeline; copies, so posting them never aliases model state. */
function traceRange(t: Timeline, from: number, to: number): TraceEvent[] {
  return t.trace.slice(from, to).map((e) => ({ ...e }));
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
