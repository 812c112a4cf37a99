/**
 * The worker's brain, without the worker: owns the PairTimeline of the current run and answers
 * protocol messages. Pure TypeScript (no DOM, no `self`), so Node tests drive it directly;
 * sim.worker.ts only binds it to postMessage.
 *
 * `handle` never throws: a malformed request, a bad setting or a failure inside the model all
 * come back as an `error` response naming the request.
 *
 * Background completion. With `background: true` (the worker), after `init` the handler
 * completes both runs in time slices of `sliceMs`, awaiting `tick` (a macrotask) between
 * slices, so requests are answered between slices. `whenComplete` is answered (through `post`)
 * once both runs are complete. Without it (Node tests), nothing runs between requests and
 * `whenComplete`, `seek` and `jump` complete the runs on the spot.
 */
import {
  MODEL_VERSION,
  validateSettings,
  type SimSettings,
  type TraceEvent,
} from '../model/index.ts';
import {
  LANE_COUNT,
  MAX_STEP_COUNT,
  MAX_TRACE_SPAN,
  PROTOCOL_VERSION,
  errorResponse,
  type GetTraceRequest,
  type InitRequest,
  type MoveTarget,
  type PaceInfo,
  type ReadyResponse,
  type SimRequest,
  type SimResponse,
  type SnapshotResponse,
  type SummariesResponse,
  type TraceResponse,
} from '../protocol/messages.ts';
import { parseRequest } from '../protocol/messageParse.ts';
import type { LaneView, PairSnapshot } from '../protocol/view.ts';
import { buildLaneView } from './laneView.ts';
import { lossesAt } from './pairLane.ts';
import { gapProgressUs } from './pacing.ts';
import {
  PairTimeline,
  type LaneIndex,
  type PacedResult,
  type PairOptions,
} from './pairTimeline.ts';

export interface HandlerOptions {
  /** Sends a response that is not the direct answer of `handle` (`whenComplete`, failures). */
  post?: (r: SimResponse) => void;
  /** Complete the runs in the background after `init` (needs `post`). Default false. */
  background?: boolean;
  /** Length of one background time slice, ms. */
  sliceMs?: number;
  /** Model steps between two clock checks inside a slice. */
  chunkSteps?: number;
  /** Yields to the message loop between slices. */
  tick?: () => Promise<void>;
  /** Trace events between two state checkpoints of each Timeline. */
  checkpointEvery?: number;
  /**
   * Called now and then while a request computes for long (every BUSY_STEPS model steps of a
   * run being learnt): the worker says it is alive from here, since its event loop is not free.
   */
  alive?: () => void;
}

const defaultTick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class SimHandler {
  private pairTl: PairTimeline | null = null;
  private seriesSent = false;
  private waiters: number[] = [];
  private running = false;
  private readonly post: (r: SimResponse) => void;
  private readonly background: boolean;
  private readonly sliceMs: number;
  private readonly chunkSteps: number;
  private readonly tick: () => Promise<void>;
  private readonly checkpointEvery: number | undefined;
  private readonly alive: (() => void) | undefined;

  constructor(opts: HandlerOptions = {}) {
    this.post = opts.post ?? (() => {});
    this.background = opts.background ?? false;
    this.sliceMs = opts.sliceMs ?? 20;
    this.chunkSteps = opts.chunkSteps ?? 500;
    this.tick = opts.tick ?? defaultTick;
    this.checkpointEvery = opts.checkpointEvery;
    this.alive = opts.alive;
  }

  /**
   * Answers one incoming message (already structured-cloned, so `unknown`). Returns null only
   * for a `whenComplete` that will be answered later through `post`.
   */
  handle(data: unknown): SimResponse | null {
    const parsed = parseRequest(data);
    if (!parsed.ok) return errorResponse(parsed.id, parsed.message, parsed.requestType);
    const req = parsed.value;
    try {
      return this.dispatch(req);
    } catch (err) {
      return errorResponse(req.id, `${req.type} failed: ${errorText(err)}`, req.type);
    }
  }

  /** The pair of the current run (null before `init`); for tests. */
  get pair(): PairTimeline | null {
    return this.pairTl;
  }

  /** Number of lanes currently loaded (0 before `init`). */
  get laneCount(): number {
    return this.pairTl ? LANE_COUNT : 0;
  }

  /** Whether background work is scheduled or running. */
  get busy(): boolean {
    return this.running;
  }

  private dispatch(req: SimRequest): SimResponse | null {
    if (req.type === 'init') return this.init(req);
    const pair = this.pairTl;
    if (!pair) {
      return errorResponse(req.id, `${req.type}: no simulation loaded: send init first`, req.type);
    }
    switch (req.type) {
      case 'step': {
        if (req.unit === 'paced') {
          const r = pair.stepPaced(
            req.budgetMs ?? 0,
            req.count ?? MAX_STEP_COUNT,
            req.stopAtLoss === true,
          );
          return { ...this.moved(req.id), pace: paceInfo(r) };
        }
        const count = req.count ?? 1;
        if (req.unit === 'event') pair.stepEvent(req.direction, count);
        else pair.stepCycle(req.direction, count);
        return this.moved(req.id);
      }
      case 'seek':
        moveTo(pair, req.target);
        return this.moved(req.id);
      case 'jump':
        pair.jump(req.to);
        return this.moved(req.id);
      case 'summaries': {
        const ends = pair.ends();
        const r: SummariesResponse = {
          v: PROTOCOL_VERSION,
          id: req.id,
          type: 'summaries',
          lanes: ends.map((e, l) => ({
            variant: pair.laneState(l as LaneIndex).settings.variant,
            summary: { ...e.summary },
            length: e.length,
          })),
        };
        this.kick();
        return r;
      }
      case 'whenComplete':
        if (!pair.complete && this.background) {
          this.waiters.push(req.id);
          this.kick();
          return null;
        }
        pair.completeNow();
        return this.moved(req.id);
      case 'getTrace':
        return this.trace(pair, req);
    }
  }

  private init(req: InitRequest): SimResponse {
    const settings: SimSettings[] = [];
    for (let i = 0; i < req.lanes.length; i++) {
      const { settings: s, problems } = validateSettings(req.lanes[i]!.settings);
      if (problems.length > 0) {
        return errorResponse(
          req.id,
          `init: lane ${i}: ${problems.map((p) => p.message).join('; ')}`,
          'init',
        );
      }
      settings.push(s);
    }
    const [a, b] = settings as [SimSettings, SimSettings];
    const differ = (Object.keys(a) as (keyof SimSettings)[]).filter(
      (k) => k !== 'variant' && a[k] !== b[k],
    );
    if (differ.length > 0) {
      const what = differ.map((k) => `${k} (${String(a[k])} vs ${String(b[k])})`).join(', ');
      return errorResponse(
        req.id,
        `init: both lanes must share every setting but variant; these differ: ${what}`,
        'init',
      );
    }
    // Replace the run only once both lanes were accepted.
    const opts: PairOptions = { align: req.align ?? 'time' };
    if (this.checkpointEvery !== undefined) opts.checkpointEvery = this.checkpointEvery;
    if (this.alive) opts.onBusy = this.alive;
    this.pairTl = new PairTimeline(a, b, opts);
    this.seriesSent = false;
    // A target other than the start completes both runs now (as a seek would).
    const t = req.target;
    if (t && !(t.kind === 'position' && t.position === 0)) moveTo(this.pairTl, t);
    const stale = this.waiters;
    this.waiters = [];
    for (const id of stale) {
      this.post(
        errorResponse(
          id,
          'whenComplete: a new init replaced the run it waited for',
          'whenComplete',
        ),
      );
    }
    const r: ReadyResponse = {
      ...this.pairSnapshot(),
      v: PROTOCOL_VERSION,
      id: req.id,
      type: 'ready',
      modelVersion: MODEL_VERSION,
    };
    this.kick();
    return r;
  }

  private moved(id: number): SnapshotResponse {
    const r: SnapshotResponse = {
      ...this.pairSnapshot(),
      v: PROTOCOL_VERSION,
      id,
      type: 'snapshot',
    };
    // A move after completion may leave a Timeline to park at the end again.
    this.kick();
    return r;
  }

  /** The pair as the UI sees it; `series` only on the first snapshot after completion. */
  private pairSnapshot(): PairSnapshot {
    const pair = this.pairTl!;
    const lanes: LaneView[] = [0, 1].map((l) => {
      const lane = l as LaneIndex;
      return buildLaneView(
        lane,
        pair.laneState(lane),
        copyEvents(pair.lastStepEvents(lane)),
        pair.laneLength(lane),
        lossesAt(pair.laneTrace(lane), pair.lanePositions[lane]),
      );
    });
    const snap: PairSnapshot = {
      pair: { position: pair.position, length: pair.length, lanes, momentUs: pair.momentUs },
      markers: pair.markers().map((m) => ({ ...m })),
      divergence: pair.divergence(),
    };
    const series = pair.series();
    if (series && !this.seriesSent) {
      snap.series = series;
      this.seriesSent = true;
    }
    return snap;
  }

  private trace(pair: PairTimeline, req: GetTraceRequest): TraceResponse {
    const lane = req.lane as LaneIndex;
    const tr = pair.laneTrace(lane);
    const limit = req.limit ?? MAX_TRACE_SPAN;
    const kinds = req.kinds ? new Set<string>(req.kinds) : null;
    const outcomes = req.outcomes ? new Set<string>(req.outcomes) : null;
    const keep = (e: TraceEvent) =>
      (!kinds || kinds.has(e.what)) && (!outcomes || outcomes.has(e.outcome));
    const hi = Math.min(req.to, tr.length);
    const lo = Math.min(req.from, hi);
    const events: TraceEvent[] = [];
    let from = lo;
    let to = hi;
    if (req.tail) {
      let i = hi;
      while (i > lo && events.length < limit) {
        i--;
        if (keep(tr[i]!)) events.push({ ...tr[i]! });
      }
      from = i;
      events.reverse();
    } else {
      let i = lo;
      while (i < hi && events.length < limit) {
        if (keep(tr[i]!)) events.push({ ...tr[i]! });
        i++;
      }
      to = i;
    }
    return {
      v: PROTOCOL_VERSION,
      id: req.id,
      type: 'trace',
      lane,
      from,
      to,
      events,
      known: tr.length,
      total: pair.laneLength(lane),
    };
  }

  /** Starts the background loop if it has work and is not running. */
  private kick(): void {
    if (!this.background || this.running || !this.pairTl) return;
    this.running = true;
    void this.runBackground();
  }

  private async runBackground(): Promise<void> {
    try {
      for (;;) {
        await this.tick();
        const pair = this.pairTl;
        if (!pair) break;
        const end = performance.now() + this.sliceMs;
        let more = true;
        while (more && performance.now() < end) more = pair.work(this.chunkSteps);
        if (pair.complete && this.waiters.length > 0) this.answerWaiters();
        if (!more) break;
      }
    } catch (err) {
      const message = `completing the runs failed: ${errorText(err)}`;
      const waiting = this.waiters;
      this.waiters = [];
      if (waiting.length === 0) this.post(errorResponse(null, message));
      for (const id of waiting) this.post(errorResponse(id, message, 'whenComplete'));
    } finally {
      this.running = false;
    }
  }

  private answerWaiters(): void {
    const snap = this.pairSnapshot();
    const ids = this.waiters;
    this.waiters = [];
    for (const id of ids) this.post({ ...snap, v: PROTOCOL_VERSION, id, type: 'snapshot' });
  }
}

/** Moves the pair to a target (see MoveTarget); every target completes the runs first. */
function moveTo(pair: PairTimeline, target: MoveTarget): void {
  switch (target.kind) {
    case 'position':
      pair.seek(target.position);
      return;
    case 'time':
      pair.seekTime(target.us);
      return;
    case 'event': {
      const { what, outcome } = target;
      pair.seekEvent(
        target.lane as LaneIndex,
        (e) => e.what === what && (outcome === undefined || e.outcome === outcome),
        target.nth ?? 1,
      );
      return;
    }
  }
}

/** Points of the clock through a wait, for the UI to interpolate (see PaceInfo). */
export const CLOCK_POINTS = 3;

/** A paced step's answer: what it spent, and the next step's cost and clock through its wait. */
function paceInfo(r: PacedResult): PaceInfo {
  const n = r.next;
  const lost = r.lost ? { stoppedAtLoss: true } : {};
  if (!n) return { spentMs: r.spentMs, steps: r.steps, next: null, ...lost };
  const gap = n.toUs - n.fromUs;
  const clock: [number, number][] = [];
  for (let k = 0; k < CLOCK_POINTS; k++) {
    const ms = (n.waitMs * k) / (CLOCK_POINTS - 1);
    clock.push([ms, k === CLOCK_POINTS - 1 ? gap : gapProgressUs(gap, ms)]);
  }
  return { spentMs: r.spentMs, steps: r.steps, next: { ...n, clock }, ...lost };
}

/** Copies, so posting them never aliases model state. */
function copyEvents(events: readonly TraceEvent[]): TraceEvent[] {
  return events.map((e) => ({ ...e }));
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
