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
 * Alignment. With `align: 'notification'` the merge key is not `t` but an aligned key: once
 * both runs are known, lane A keeps its own time as its key and lane B's time is warped onto
 * lane A's, piecewise-linearly between anchors (the common prefix's last time, then each time
 * both lanes read the DEL_PEER of the same peer, the nth read of a peer matched to the nth,
 * kept while both times increase). So the same notification reaches both readers in
 * consecutive steps (lane A first), while each lane's own clock stays untouched. Every move in
 * this mode completes both runs first; the order (and all the invariants below) is the same
 * with the key in place of `t`. `align: 'time'` is the plain lock-step by simulated time.
 *
 * Pacing. `stepPaced` advances whole steps in merged order while their teaching-clock cost
 * (pacing.ts: the wait since the previous step, by key, plus a dwell on the step's events) fits
 * a budget, and says what it spent and what the next step would cost.
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
import type { AlignMode } from '../protocol/messages.ts';
import { gapMs, stepCostMs } from './pacing.ts';
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
  /** What the merged order compares: simulated time (default) or aligned notifications. */
  align?: AlignMode;
  /** Called every BUSY_STEPS model steps spent learning the runs (a sign of life). */
  onBusy?: () => void;
}

/** What a paced step did, and what the next one would take (null at the end). */
export interface PacedResult {
  /** Wall ms at 1× of the steps taken. */
  spentMs: number;
  /** Model steps taken. */
  steps: number;
  next: NextStep | null;
  /** The paced step stopped after a step that lost a notification (`stopAtLoss`). */
  lost: boolean;
}

export interface NextStep {
  /** Wall ms at 1× of the next step (its wait plus its dwell). */
  costMs: number;
  /** The wait part of costMs. */
  waitMs: number;
  /** Merge key (µs) of the last step applied (0 at the start) and of the next step. */
  fromUs: number;
  toUs: number;
}

export class PairTimeline {
  private readonly lanes: [Lane, Lane];
  private readonly every: number;
  readonly align: AlignMode;
  /** Aligned merge keys per lane event, once complete in 'notification' mode. */
  private keys: [Float64Array, Float64Array] | null = null;
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
    this.align = opts.align ?? 'time';
    const busy = opts.onBusy;
    this.lanes = [new Lane(settingsA, this.every, busy), new Lane(settingsB, this.every, busy)];
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
    if (this.done) return this.markerList;
    // In aligned mode positions exist only once both runs (and so the anchors) are known.
    return this.align === 'time' ? this.partialMarkers() : [];
  }
  /** Merged position of the first difference between the lanes' traces, if known. */
  divergence(): number | null {
    if (this.done) return this.divergencePos;
    if (this.align !== 'time') return null;
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
    this.completeIfAligned();
    return this.moveVirtually(direction, count, () => true);
  }

  /**
   * Moves by `count` read cycles: forward to just after the next step (of either lane) that
   * has a 'loop_wake' event, i.e. the start of the next pass of the event loop; back to just
   * after the latest such step before the current position (or to 0).
   */
  stepCycle(direction: Direction, count = 1): boolean {
    this.completeIfAligned();
    return this.moveVirtually(direction, count, (events) => hasWhat(events, 'loop_wake'));
  }

  /**
   * Advances whole steps in merged order while the sum of their costs (pacing.ts, at 1×) fits
   * `budgetMs`, at most `maxSteps`. A budget smaller than the next step's cost moves nothing.
   * With `stopAtLoss`, it stops right after a step that lost a notification (swallowed,
   * overwritten, wiped or dropped), so a player can pause on it.
   */
  stepPaced(budgetMs: number, maxSteps: number, stopAtLoss = false): PacedResult {
    this.completeIfAligned();
    let a = this.a;
    let b = this.b;
    let spent = 0;
    let steps = 0;
    let lost = false;
    let next = this.nextStep(a, b);
    while (next && steps < maxSteps && spent + next.costMs <= budgetMs) {
      spent += next.costMs;
      steps++;
      const from = next.lane === 0 ? a : b;
      if (next.lane === 0) a = next.end;
      else b = next.end;
      if (stopAtLoss) {
        const trace = this.lanes[next.lane].trace;
        for (let i = from; i < next.end && !lost; i++) lost = LOSS_OUTCOMES.has(trace[i]!.outcome);
      }
      next = this.nextStep(a, b);
      if (lost) break;
    }
    if (a !== this.a || b !== this.b) this.place(a, b);
    if (!this.done && this.lanes[0].length !== null && this.lanes[1].length !== null) {
      this.finishCompletion();
    } else this.settleEnds();
    const info = next && {
      costMs: next.costMs,
      waitMs: next.waitMs,
      fromUs: next.fromUs,
      toUs: next.toUs,
    };
    return { spentMs: spent, steps, next: info, lost };
  }

  /** What the next paced step from the current position costs (null at the end). */
  nextCost(): NextStep | null {
    this.completeIfAligned();
    const n = this.nextStep(this.a, this.b);
    return n && { costMs: n.costMs, waitMs: n.waitMs, fromUs: n.fromUs, toUs: n.toUs };
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
      const p = this.pointAfter(lane, i, true);
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
    if (this.keys) {
      // Aligned: the time is lane A's (its keys are its own times); lane B at the same key.
      this.place(countKeys(this.keys[0], us, true), countKeys(this.keys[1], us, true));
      return;
    }
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
    return this.key(0, i) <= this.key(1, j);
  }

  /**
   * The pair's moment in its merge order: the key of the latest event applied (0 at the start).
   * A `time` target at this key lands here again.
   */
  get momentUs(): number {
    let m = 0;
    if (this.a > 0) m = Math.max(m, this.key(0, this.a - 1));
    if (this.b > 0) m = Math.max(m, this.key(1, this.b - 1));
    return m;
  }

  /** The merge key of event i of a lane: its time, or its aligned key. */
  private key(lane: LaneIndex, i: number): number {
    return this.keys ? this.keys[lane][i]! : this.lanes[lane].trace[i]!.t;
  }

  /** In aligned mode the order exists once both runs are known: complete them first. */
  private completeIfAligned(): void {
    if (this.align !== 'time' && !this.done) this.completeNow();
  }

  /** The pair position right after the step holding event i of `lane` (see pairLane.ts). */
  private pointAfter(lane: LaneIndex, i: number, computeAhead: boolean): Point | null {
    if (!this.keys) return pointAfter(this.lanes, lane, i, computeAhead);
    const end = this.lanes[lane].know.stepEnd[i]!;
    const n = countKeys(this.keys[lane === 0 ? 1 : 0], this.keys[lane][i]!, lane === 1);
    return lane === 0 ? [end, n] : [n, end];
  }

  /**
   * The step that comes next in merged order from lane positions (a, b): its lane, end and
   * teaching-clock cost (the wait since the last applied step, by key, plus its dwell).
   */
  private nextStep(a: number, b: number): (NextStep & { lane: LaneIndex; end: number }) | null {
    const [A, B] = this.lanes;
    const hasA = A.ensureEvent(a);
    const hasB = B.ensureEvent(b);
    if (!hasA && !hasB) return null;
    const lane: LaneIndex = hasA && (!hasB || this.aFirst(a, b)) ? 0 : 1;
    const start = lane === 0 ? a : b;
    const L = this.lanes[lane];
    const end = L.know.stepEnd[start]!;
    let from = 0;
    if (a > 0) from = Math.max(from, this.key(0, a - 1));
    if (b > 0) from = Math.max(from, this.key(1, b - 1));
    const to = this.key(lane, start);
    const gap = Math.max(0, to - from);
    return {
      lane,
      end,
      costMs: stepCostMs(L.trace.slice(start, end), gap),
      waitMs: gapMs(gap),
      fromUs: from,
      toUs: Math.max(from, to),
    };
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
      const l = this.lanes[lane];
      const k = l.know;
      const cutAt = l.endSummary?.budgetCut ? l.length! - 1 : -1;
      for (const [kind, i] of [
        ['first-loss', k.firstLoss],
        ['first-refusal', k.firstRefusal],
        ['exit', k.exit],
        ['budget', cutAt],
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
    const p = this.pointAfter(lane, i, computeAhead);
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
    const k = this.scanSame();
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

  /** Advances sameUpTo over what both lanes know; returns it. */
  private scanSame(): number {
    const [A, B] = this.lanes;
    let k = this.sameUpTo;
    const n = Math.min(A.known, B.known);
    while (k < n && sameEvent(A.trace[k]!, B.trace[k]!)) k++;
    this.sameUpTo = k;
    return k;
  }

  private finishCompletion(): void {
    this.done = true;
    if (this.align === 'notification') {
      this.scanSame();
      this.keys = this.alignedKeys();
    }
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
        const p = this.pointAfter(lane, i, true)!;
        losses.add(p[0] + p[1]);
      }
    }
    this.lossPositions = [...losses].sort((x, y) => x - y);
    this.seriesData = this.lanes.map((l) => downsample(l.know.samples, SERIES_BUCKETS));
    // A lane sitting at the end of its run now knows it is the end: show the finished state.
    this.settleEnds();
  }

  /** The anchors of the warp (lane A time, lane B time), increasing in both. */
  alignmentAnchors(): [number, number][] {
    if (!this.done) return [];
    const [A, B] = this.lanes;
    // The common prefix (sameUpTo: the first index where the traces differ) shares its
    // times: it stays as it is.
    const common = this.sameUpTo > 0 ? A.trace[this.sameUpTo - 1]!.t : 0;
    const anchors: [number, number][] = [[common, common]];
    const nthReads = (tr: readonly TraceEvent[]) => {
      const seen = new Map<number, number>();
      const out = new Map<string, number>();
      const order: string[] = [];
      for (const e of tr) {
        if (e.what !== 'read' || e.dgKind !== 'del' || e.peer === undefined) continue;
        const n = (seen.get(e.peer) ?? 0) + 1;
        seen.set(e.peer, n);
        const id = `${e.peer}:${n}`;
        if (!out.has(id)) {
          out.set(id, e.t);
          order.push(id);
        }
      }
      return { out, order };
    };
    const ra = nthReads(A.trace);
    const rb = nthReads(B.trace);
    for (const id of ra.order) {
      const tb = rb.out.get(id);
      if (tb === undefined) continue; // read in one lane only: not an anchor
      const ta = ra.out.get(id)!;
      const [la, lb] = anchors[anchors.length - 1]!;
      if (ta > la && tb > lb) anchors.push([ta, tb]);
    }
    return anchors;
  }

  /** Lane A keys = its times; lane B's times warped onto lane A's between the anchors. */
  private alignedKeys(): [Float64Array, Float64Array] {
    const [A, B] = this.lanes;
    const anchors = this.alignmentAnchors();
    const ka = Float64Array.from(A.trace, (e) => e.t);
    const kb = new Float64Array(B.trace.length);
    let s = 0; // the segment: anchors[s] .. anchors[s + 1]
    for (let j = 0; j < kb.length; j++) {
      const t = B.trace[j]!.t;
      while (s + 1 < anchors.length && anchors[s + 1]![1] <= t) s++;
      const [a0, b0] = anchors[s]!;
      if (t <= b0 && s === 0)
        kb[j] = t; // the common prefix (and anything at its end)
      else if (s + 1 < anchors.length) {
        const [a1, b1] = anchors[s + 1]!;
        kb[j] = a0 + ((t - b0) * (a1 - a0)) / (b1 - b0);
      } else kb[j] = a0 + (t - b0); // after the last anchor: lane B's own pace
    }
    return [ka, kb];
  }
}

/** Number of keys (ascending) before k, or at k too when `inclusive`. */
function countKeys(keys: Float64Array, k: number, inclusive: boolean): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const km = keys[mid]!;
    if (inclusive ? km <= k : km < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
