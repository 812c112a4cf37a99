/**
 * Two variant lanes of one run, moved in lock-step by simulated time. Pure (no worker API, no
 * clock): the worker drives it, the Node tests drive it directly.
 *
 * Merged order. Both lanes' trace events are ordered by the key (t, lane, i): simulated time,
 * then lane A (0) before lane B (1), then the lane's own trace index. The merged position is
 * lane A's position plus lane B's position: the number of merged events applied.
 *
 * Step boundaries. The model moves in whole steps and one step may emit several trace events,
 * all at the same simulated time (Timeline.seek lands on the first step boundary at or after a
 * position). A step's events are therefore contiguous in the merged order, and the pair only
 * ever rests on merged positions where both lanes are on a step boundary: stepping applies or
 * undoes a lane's whole step, and `seek` rounds up to the end of a step it would split. Each
 * lane's state at a position is the one Timeline.seek gives there (the earliest state with that
 * many events); at the end of a lane's run it is the finished state.
 *
 * Knowledge. Each lane has a cursor Timeline (the state shown) and a scout Timeline that runs
 * ahead to learn the trace, the step boundaries and the gauges. Stepping computes ahead as far
 * as it needs; `work` completes both runs in chunks. Once both are complete the two Timelines of
 * a lane are interchangeable: a move takes whichever is cheaper to bring to the target (a
 * Timeline only seeks forward by replaying), and `work` parks the other one at the end, so long
 * jumps forward restore a checkpoint instead of replaying the run.
 */
import type { Gauges, RunSummary, SimSettings, SimState, TraceEvent } from '../model/index.ts';
import type { Marker } from '../protocol/view.ts';
import {
  LOSS_OUTCOMES,
  Lane,
  SERIES_BUCKETS,
  countBefore,
  downsample,
  hasWhat,
  markerLabel,
  pointAfter,
  sameEvent,
  type Direction,
  type JumpTarget,
  type LaneIndex,
  type Point,
} from './pairLane.ts';

export {
  LOSS_OUTCOMES,
  MAX_SERIES_POINTS,
  downsample,
  sameEvent,
  type Direction,
  type JumpTarget,
  type LaneIndex,
} from './pairLane.ts';

export interface PairOptions {
  /** Trace events between two state checkpoints of each Timeline. */
  checkpointEvery?: number;
}

export class PairTimeline {
  private readonly lanes: [Lane, Lane];
  private readonly every: number;
  private a = 0;
  private b = 0;
  private done = false;
  private lossPositions: number[] = [];
  private markerList: Marker[] = [];
  private divergencePos: number | null = null;
  private seriesData: Gauges[][] | null = null;
  /** Index up to which the two known traces are equal (divergence search). */
  private sameUpTo = 0;

  constructor(settingsA: SimSettings, settingsB: SimSettings, opts: PairOptions = {}) {
    this.every = opts.checkpointEvery ?? 2_000;
    this.lanes = [new Lane(settingsA, this.every), new Lane(settingsB, this.every)];
  }

  // ---- reading ------------------------------------------------------------------------------

  get position(): number {
    return this.a + this.b;
  }
  get lanePositions(): [number, number] {
    return [this.a, this.b];
  }
  /** Total merged events, once both runs are complete. */
  get length(): number | null {
    return this.done ? this.lanes[0].length! + this.lanes[1].length! : null;
  }
  get complete(): boolean {
    return this.done;
  }
  laneState(lane: LaneIndex): SimState {
    return this.lanes[lane].cursor.state;
  }
  laneLength(lane: LaneIndex): number | null {
    return this.lanes[lane].length;
  }
  /** The lane's trace as far as computed (read only). */
  laneTrace(lane: LaneIndex): readonly TraceEvent[] {
    return this.lanes[lane].trace;
  }
  /** The trace events of the last step applied in a lane (empty at position 0). */
  lastStepEvents(lane: LaneIndex): TraceEvent[] {
    const l = this.lanes[lane];
    const p = lane === 0 ? this.a : this.b;
    if (p === 0) return [];
    return l.trace.slice(l.stepStart(p), p);
  }
  /** Markers found so far, by merged position (all of them once complete). */
  markers(): Marker[] {
    return this.done ? this.markerList : this.partialMarkers();
  }
  /** Merged position of the first difference between the lanes' traces, if known. */
  divergence(): number | null {
    if (this.done) return this.divergencePos;
    return this.partialMarkers().find((m) => m.kind === 'divergence')?.position ?? null;
  }
  /** Downsampled gauges per lane over the whole run, once complete. */
  series(): Gauges[][] | null {
    return this.seriesData;
  }

  // ---- background work -----------------------------------------------------------------------

  /**
   * Computes ahead by up to `maxSteps` model steps: first the scouts to the end of both runs,
   * then (once complete) parking the spare Timelines at the end. Returns true while work is left.
   */
  work(maxSteps: number): boolean {
    let budget = maxSteps;
    for (const lane of this.lanes) {
      while (budget > 0 && lane.scoutStep()) budget--;
      if (budget === 0) return true;
    }
    if (!this.done) this.finishCompletion();
    const half = Math.max(1, Math.floor(budget / 2));
    const more0 = this.lanes[0].park(half);
    const more1 = this.lanes[1].park(half);
    return more0 || more1;
  }

  /** Completes both runs now (synchronously). */
  completeNow(): void {
    while (this.lanes[0].scoutStep());
    while (this.lanes[1].scoutStep());
    if (!this.done) this.finishCompletion();
  }

  // ---- moving --------------------------------------------------------------------------------

  /** Moves by `count` events (whole steps) in merged order. Returns whether the pair moved. */
  stepEvent(direction: Direction, count = 1): boolean {
    return this.moveVirtually(direction, count, () => true);
  }

  /**
   * Moves by `count` read cycles: forward to just after the next step (of either lane) that
   * has a 'loop_wake' event, i.e. the start of the next pass of the event loop; back to just
   * after the latest such step before the current position (or to 0).
   */
  stepCycle(direction: Direction, count = 1): boolean {
    return this.moveVirtually(direction, count, (events) => hasWhat(events, 'loop_wake'));
  }

  /** Goes to merged position m (clamped, rounded up to a step boundary). Completes the runs. */
  seek(m: number): void {
    this.completeNow();
    const [a, b] = this.split(Math.max(0, Math.min(m, this.length!)));
    this.place(a, b);
  }

  jump(to: JumpTarget): void {
    this.completeNow();
    const m = this.position;
    switch (to) {
      case 'start':
        return this.place(0, 0);
      case 'end':
        return this.place(this.lanes[0].length!, this.lanes[1].length!);
      case 'nextLoss': {
        const p = this.lossPositions.find((x) => x > m);
        if (p !== undefined) this.seek(p);
        return;
      }
      case 'prevLoss': {
        let p: number | undefined;
        for (const x of this.lossPositions) if (x < m) p = x;
        if (p !== undefined) this.seek(p);
        return;
      }
    }
  }

  /**
   * Goes to just after the `nth` (1-based) event of `lane` matching `match`, in merged order.
   * Returns false (and stays) when the run has no such event. Completes the runs.
   */
  seekEvent(lane: LaneIndex, match: (e: TraceEvent) => boolean, nth = 1): boolean {
    this.completeNow();
    const trace = this.lanes[lane].trace;
    let seen = 0;
    for (let i = 0; i < trace.length; i++) {
      if (!match(trace[i]!) || ++seen < nth) continue;
      const p = pointAfter(this.lanes, lane, i, true);
      if (!p) return false;
      this.place(p[0], p[1]);
      return true;
    }
    return false;
  }

  /**
   * Goes to just after every event of both lanes at simulated time `us` or earlier (a step's
   * events share one time, so this is a step boundary). Completes the runs.
   */
  seekTime(us: number): void {
    this.completeNow();
    const [A, B] = this.lanes;
    this.place(countBefore(A.trace, us, true), countBefore(B.trace, us, true));
  }

  /** Each lane's end-of-run summary and length, without moving the cursors. Completes the runs. */
  ends(): { summary: RunSummary; length: number }[] {
    this.completeNow();
    return this.lanes.map((l) => ({ summary: l.endSummary!, length: l.length! }));
  }

  // ---- internals -----------------------------------------------------------------------------

  private place(a: number, b: number): void {
    this.lanes[0].place(a, this.done, this.every);
    this.lanes[1].place(b, this.done, this.every);
    this.a = a;
    this.b = b;
  }

  /** True when event i of lane A comes before event j of lane B in merged order. */
  private aFirst(i: number, j: number): boolean {
    return this.lanes[0].trace[i]!.t <= this.lanes[1].trace[j]!.t;
  }

  /**
   * Applies (or undoes) whole steps on a virtual position until `count` steps for which `stop`
   * holds were passed, then places the cursors once. Forward computes ahead as needed.
   */
  private moveVirtually(
    direction: Direction,
    count: number,
    stop: (events: readonly TraceEvent[]) => boolean,
  ): boolean {
    const [A, B] = this.lanes;
    let a = this.a;
    let b = this.b;
    let left = count;
    while (left > 0) {
      if (direction > 0) {
        const hasA = A.ensureEvent(a);
        const hasB = B.ensureEvent(b);
        if (!hasA && !hasB) break;
        if (hasA && (!hasB || this.aFirst(a, b))) {
          const end = A.know.stepEnd[a]!;
          if (stop(A.trace.slice(a, end))) left--;
          a = end;
        } else {
          const end = B.know.stepEnd[b]!;
          if (stop(B.trace.slice(b, end))) left--;
          b = end;
        }
      } else {
        if (a === 0 && b === 0) break;
        // Undo the lane whose last applied event is latest (lane B on equal time).
        if (b > 0 && (a === 0 || this.aFirst(a - 1, b - 1))) {
          b = B.stepStart(b);
        } else {
          a = A.stepStart(a);
        }
        if (a === 0 && b === 0) break;
        // Stop once the last applied step (after the undo) is one that `stop` accepts.
        const lastIsB = b > 0 && (a === 0 || this.aFirst(a - 1, b - 1));
        const events = lastIsB
          ? B.trace.slice(B.stepStart(b), b)
          : A.trace.slice(A.stepStart(a), a);
        if (stop(events)) left--;
      }
    }
    const moved = a !== this.a || b !== this.b;
    if (moved) this.place(a, b);
    // Stepping may have reached the end of both runs: finish the completion (it settles ends).
    if (!this.done && A.length !== null && B.length !== null) this.finishCompletion();
    else this.settleEnds();
    return moved;
  }

  /** Brings a lane sitting at the end of a now-known run to its finished state. */
  private settleEnds(): void {
    this.lanes[0].place(this.a, this.done, this.every);
    this.lanes[1].place(this.b, this.done, this.every);
  }

  /** Lane positions of merged position m (complete traces), rounded up to step boundaries. */
  private split(m: number): Point {
    const [A, B] = this.lanes;
    const nA = A.length!;
    const nB = B.length!;
    // The number a of lane A events among the first m merged events (binary search).
    let lo = Math.max(0, m - nB);
    let hi = Math.min(m, nA);
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.aFirst(mid, m - mid - 1)) lo = mid + 1;
      else hi = mid;
    }
    let a = lo;
    let b = m - a;
    if (a > 0 && A.know.stepEnd[a - 1]! > a) a = A.know.stepEnd[a - 1]!;
    if (b > 0 && B.know.stepEnd[b - 1]! > b) b = B.know.stepEnd[b - 1]!;
    return [a, b];
  }

  /** Both lanes' first loss, first refusal and exit, where they can be placed. */
  private laneMarkers(computeAhead: boolean): Marker[] {
    const out: Marker[] = [];
    for (const lane of [0, 1] as const) {
      const k = this.lanes[lane].know;
      for (const [kind, i] of [
        ['first-loss', k.firstLoss],
        ['first-refusal', k.firstRefusal],
        ['exit', k.exit],
      ] as const) {
        if (i < 0) continue;
        const m = this.marker(kind, lane, i, computeAhead);
        if (m) out.push(m);
      }
    }
    return out;
  }

  private partialMarkers(): Marker[] {
    const out = this.laneMarkers(false);
    const d = this.findDivergence(false);
    if (d) out.push(d);
    return out.sort((x, y) => x.position - y.position);
  }

  private marker(
    kind: Marker['kind'],
    lane: LaneIndex,
    i: number,
    computeAhead: boolean,
  ): Marker | null {
    const p = pointAfter(this.lanes, lane, i, computeAhead);
    if (!p) return null;
    const e = this.lanes[lane].trace[i]!;
    return {
      kind,
      lane,
      position: p[0] + p[1],
      t: e.t,
      event: i,
      label: markerLabel(
        kind,
        lane,
        this.lanes.map((l, j) => ({
          variant: this.laneVariant(j as LaneIndex),
          event: l.trace[i],
        })),
      ),
    };
  }

  private laneVariant(lane: LaneIndex): string {
    return this.lanes[lane].cursor.settings.variant;
  }

  /** The divergence marker: the earlier (merged order) of the first pair of differing events. */
  private findDivergence(computeAhead: boolean): Marker | null {
    const [A, B] = this.lanes;
    let k = this.sameUpTo;
    const n = Math.min(A.known, B.known);
    while (k < n && sameEvent(A.trace[k]!, B.trace[k]!)) k++;
    this.sameUpTo = k;
    const hasA = k < A.known;
    const hasB = k < B.known;
    if (!hasA && !hasB) return null; // equal so far (or entirely, when both are complete)
    if (hasA !== hasB) {
      // One lane is known further: a difference only if the other lane's run ended at k.
      const shorter = hasA ? B : A;
      if (shorter.length === null) return null;
    }
    const lane: LaneIndex = hasA && (!hasB || this.aFirst(k, k)) ? 0 : 1;
    const m = this.marker('divergence', lane, k, computeAhead);
    if (!m) return null;
    return m;
  }

  private finishCompletion(): void {
    this.done = true;
    const markers = this.laneMarkers(true);
    const d = this.findDivergence(true);
    this.divergencePos = d ? d.position : null;
    if (d) markers.push(d);
    this.markerList = markers.sort((x, y) => x.position - y.position);

    const losses = new Set<number>();
    for (const lane of [0, 1] as const) {
      const tr = this.lanes[lane].trace;
      for (let i = 0; i < tr.length; i++) {
        if (!LOSS_OUTCOMES.has(tr[i]!.outcome)) continue;
        const p = pointAfter(this.lanes, lane, i, true)!;
        losses.add(p[0] + p[1]);
      }
    }
    this.lossPositions = [...losses].sort((x, y) => x - y);
    this.seriesData = this.lanes.map((l) => downsample(l.know.samples, SERIES_BUCKETS));
    // A lane sitting at the end of its run now knows it is the end: show the finished state.
    this.settleEnds();
  }
}
