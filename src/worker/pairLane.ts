/**
 * One lane of a pair: its cursor and scout Timelines, what the scout has learned (step ends,
 * gauge samples, first loss / refusal / exit), and the pure helpers of the lock-step merge.
 * See pairTimeline.ts for the merged order and step boundaries.
 */
import {
  Timeline,
  budgetStopText,
  gaugesOf,
  summarize,
  type Gauges,
  type RunSummary,
  type SimSettings,
  type TraceEvent,
  type TraceWhat,
  LOSS_OUTCOMES as MODEL_LOSS_OUTCOMES,
  formatSeconds,
} from '../model/index.ts';
import {
  MAX_LOST_VIEW,
  type LossOutcome,
  type LostNotification,
  type Marker,
} from '../protocol/view.ts';

export type LaneIndex = 0 | 1;
export type Direction = 1 | -1;
export type JumpTarget = 'nextLoss' | 'prevLoss' | 'start' | 'end';

/** Outcomes that lose a DEL_PEER notification (from the model: one definition). */
export const LOSS_OUTCOMES: ReadonlySet<string> = new Set(MODEL_LOSS_OUTCOMES);

/** Most points of one lane's gauge series (see downsample). */
export const MAX_SERIES_POINTS = 2_000;
export const SERIES_BUCKETS = Math.floor(MAX_SERIES_POINTS / 3);

/** A lane pair position: events applied in lane A and in lane B. */
export type Point = [number, number];

const LOSS_KINDS: readonly LossOutcome[] = ['overwritten', 'wiped', 'swallowed', 'dropped'];

/** What a LaneView says about the notifications lost up to a position. */
export interface LossesAt {
  recent: LostNotification[];
  total: number;
  byOutcome: Record<LossOutcome, number>;
}

/**
 * The loss events of one lane's trace, in trace order, with running counts by outcome: built
 * incrementally as the trace grows (each event is looked at once), so the losses up to any
 * position are a binary search away, never a scan of the trace. An overwrite loses the
 * notification that was in the slot: the index remembers which datagram last wrote the slot.
 */
export class LossIndex {
  readonly losses: LostNotification[] = [];
  /** cum[4k + o]: losses of outcome LOSS_KINDS[o] among losses[0..k]. */
  private cum = new Int32Array(256);
  private scanned = 0;
  private slotDg = -1;

  /** Looks at the trace events not looked at yet. */
  extend(trace: readonly TraceEvent[]): void {
    for (; this.scanned < trace.length; this.scanned++) {
      const e = trace[this.scanned]!;
      if (e.what === 'read' && e.dgKind === 'del') {
        if (e.outcome === 'overwritten') this.add(this.slotDg, e.prevPeer ?? -1, 'overwritten', e);
        else if (e.outcome === 'swallowed') this.add(e.dg ?? -1, e.peer ?? -1, 'swallowed', e);
        if (e.outcome === 'stored' || e.outcome === 'overwritten') this.slotDg = e.dg ?? -1;
      } else if (e.what === 'slot_reset' && e.outcome === 'wiped') {
        this.add(e.dg ?? this.slotDg, e.peer ?? -1, 'wiped', e);
      } else if (e.what === 'k_notify' && e.outcome === 'dropped') {
        this.add(e.dg ?? -1, e.peer ?? -1, 'dropped', e);
      }
    }
  }

  private add(dg: number, peer: number, outcome: LossOutcome, e: TraceEvent): void {
    const k = this.losses.length;
    const loss: LostNotification = { dg, peer, outcome, i: e.i };
    if (outcome === 'swallowed') loss.cb = e.cb ?? null;
    this.losses.push(loss);
    if (4 * k + 4 > this.cum.length) {
      const grown = new Int32Array(this.cum.length * 2);
      grown.set(this.cum);
      this.cum = grown;
    }
    for (let o = 0; o < 4; o++) this.cum[4 * k + o] = k > 0 ? this.cum[4 * (k - 1) + o]! : 0;
    this.cum[4 * k + LOSS_KINDS.indexOf(outcome)]!++;
  }

  /** The losses among the first `position` events (the trace must be extended that far). */
  at(position: number, max = MAX_LOST_VIEW): LossesAt {
    let lo = 0;
    let hi = this.losses.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.losses[mid]!.i < position) lo = mid + 1;
      else hi = mid;
    }
    const byOutcome = { overwritten: 0, wiped: 0, swallowed: 0, dropped: 0 };
    if (lo > 0) {
      LOSS_KINDS.forEach((o, k) => (byOutcome[o] = this.cum[4 * (lo - 1) + k]!));
    }
    return {
      recent: this.losses.slice(Math.max(0, lo - max), lo).map((l) => ({ ...l })),
      total: lo,
      byOutcome,
    };
  }
}

const lossIndexes = new WeakMap<readonly TraceEvent[], LossIndex>();

/**
 * The losses of a lane up to `position`, from the loss index kept beside its (scout's) trace:
 * one index per trace array, extended by the events added since the last call.
 */
export function lossesAt(trace: readonly TraceEvent[], position: number): LossesAt {
  let idx = lossIndexes.get(trace);
  if (!idx) {
    idx = new LossIndex();
    lossIndexes.set(trace, idx);
  }
  idx.extend(trace);
  return idx.at(position);
}

/** Growable per-event step ends plus columnar gauge samples of one lane. */
export class LaneKnowledge {
  /** stepEnd[i]: the lane position right after the step that emitted event i. */
  stepEnd = new Int32Array(1024);
  /** Gauges sampled after every step that emitted events (and at the start), time ascending. */
  readonly samples: Gauges[] = [];
  /** Lane trace index of the first loss, refusal and exit events, once seen. */
  firstLoss = -1;
  firstRefusal = -1;
  exit = -1;
  /** The loss events seen so far, for the stage's lost tray (see lossesAt). */
  readonly losses = new LossIndex();

  setStepEnd(i: number, end: number): void {
    if (i >= this.stepEnd.length) {
      const grown = new Int32Array(Math.max(this.stepEnd.length * 2, i + 1));
      grown.set(this.stepEnd);
      this.stepEnd = grown;
    }
    this.stepEnd[i] = end;
  }
}

/** Model steps of a scout between two `onBusy` calls (tens of milliseconds of work). */
export const BUSY_STEPS = 20_000;

export class Lane {
  /** tls[0] is the cursor; tls[1] the scout (before completion) or the spare (after). */
  readonly tls: [Timeline, Timeline];
  readonly know = new LaneKnowledge();
  /** The known trace (the scout's: it is always at least as far as the cursor). */
  readonly trace: TraceEvent[];
  length: number | null = null;
  /** The summary of the finished run, once the scout has finished it. */
  endSummary: RunSummary | null = null;

  private busySteps = 0;

  constructor(
    settings: SimSettings,
    checkpointEvery: number,
    private readonly onBusy?: () => void,
  ) {
    // One run: the cursor and the scout share their checkpoints (and the budget on them).
    const scout = new Timeline(settings, checkpointEvery);
    this.tls = [new Timeline(settings, checkpointEvery, { share: scout.checkpoints }), scout];
    this.trace = scout.trace;
    this.know.samples.push(gaugesOf(scout.state));
    lossIndexes.set(this.trace, this.know.losses);
  }

  get cursor(): Timeline {
    return this.tls[0];
  }
  get known(): number {
    return this.trace.length;
  }

  /** Runs the scout by one step that emits events (or to the end). False once complete. */
  scoutStep(): boolean {
    if (this.length !== null) return false;
    const scout = this.tls[1];
    const before = scout.position;
    if (this.onBusy && ++this.busySteps % BUSY_STEPS === 0) this.onBusy();
    scout.stepForward(1);
    const end = scout.position;
    const k = this.know;
    for (let i = before; i < end; i++) {
      k.setStepEnd(i, end);
      const e = this.trace[i]!;
      if (k.firstLoss < 0 && LOSS_OUTCOMES.has(e.outcome)) k.firstLoss = i;
      if (k.firstRefusal < 0 && e.what === 'refuse') k.firstRefusal = i;
      if (k.exit < 0 && e.what === 'exit') k.exit = i;
    }
    k.losses.extend(this.trace);
    if (end > before || scout.finished) k.samples.push(gaugesOf(scout.state));
    if (scout.finished) {
      this.length = end;
      this.endSummary = summarize(scout.state);
    }
    return this.length === null;
  }

  /** Makes event i known if the run has it; false if the run ends before it. */
  ensureEvent(i: number): boolean {
    while (this.known <= i && this.scoutStep());
    return i < this.known;
  }

  /** Makes the trace known past time t (strictly past when `strict`), or to the end. */
  ensureBeyond(t: number, inclusive: boolean): void {
    for (;;) {
      const last = this.trace[this.known - 1];
      if (last && (inclusive ? last.t > t : last.t >= t)) return;
      if (!this.scoutStep()) return;
    }
  }

  /** Start of the step that ends at position p (a step boundary > 0). */
  stepStart(p: number): number {
    let j = p - 1;
    while (j > 0 && this.know.stepEnd[j - 1] === p) j--;
    return j;
  }

  /** Puts the lane's cursor at step boundary p (finished state at the end of the run). */
  place(p: number, complete: boolean, checkpointEvery: number): void {
    // Learn whether p is the end of the run, so the end always shows the finished state.
    if (this.length === null) this.ensureEvent(p);
    if (complete) {
      // Either Timeline may serve: take the cheaper one (seeking forward replays every step).
      const every = Math.max(checkpointEvery, this.tls[0].checkpoints.spacing);
      const cost = (tl: Timeline) => (tl.position <= p ? p - tl.position : every);
      if (cost(this.tls[1]) < cost(this.tls[0])) this.tls.reverse();
    }
    const c = this.cursor;
    if (c.position !== p) c.seek(p);
    if (this.length !== null && p >= this.length && !c.finished) c.runToEnd();
  }

  /** After completion: moves the spare Timeline towards the end. False when it is there. */
  park(maxSteps: number): boolean {
    const spare = this.tls[1];
    if (spare.finished) return false;
    spare.stepForward(maxSteps);
    if (spare.position >= (this.length ?? Infinity)) spare.runToEnd();
    return !spare.finished;
  }
}

/** Number of events of a time-ordered trace before time t (or at t too, when `inclusive`). */
export function countBefore(trace: readonly TraceEvent[], t: number, inclusive: boolean): number {
  let lo = 0;
  let hi = trace.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const tm = trace[mid]!.t;
    if (inclusive ? tm <= t : tm < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The pair position right after the step holding event i of `lane`, or null when the other
 * lane is not known far enough (and `computeAhead` is false).
 */
export function pointAfter(
  lanes: readonly [Lane, Lane],
  lane: LaneIndex,
  i: number,
  computeAhead: boolean,
): Point | null {
  const own = lanes[lane];
  const other = lanes[lane === 0 ? 1 : 0];
  const e = own.trace[i]!;
  const end = own.know.stepEnd[i]!;
  // Lane A precedes lane B at equal time: other-lane events before e are, for lane A, those
  // strictly earlier; for lane B, those at the same time or earlier.
  const inclusive = lane === 1;
  if (computeAhead) other.ensureBeyond(e.t, inclusive);
  const last = other.trace[other.known - 1];
  const knownFarEnough =
    other.length !== null || (last !== undefined && (inclusive ? last.t > e.t : last.t >= e.t));
  if (!knownFarEnough) return null;
  const n = countBefore(other.trace, e.t, inclusive);
  return lane === 0 ? [end, n] : [n, end];
}

export function hasWhat(events: readonly TraceEvent[], what: TraceWhat): boolean {
  for (const e of events) if (e.what === what) return true;
  return false;
}

/** Whether two events (one per lane, same index) tell the same story. */
export function sameEvent(x: TraceEvent, y: TraceEvent): boolean {
  return (
    x.what === y.what &&
    x.outcome === y.outcome &&
    x.fn === y.fn &&
    x.peer === y.peer &&
    x.dg === y.dg &&
    x.dgKind === y.dgKind &&
    x.cb === y.cb &&
    x.t === y.t
  );
}

/** Each lane's variant and its trace event at the marked index (undefined: its run ended). */
export interface LaneAt {
  variant: string;
  event: TraceEvent | undefined;
}

/**
 * What a marker says: the one wording of the markers, shown as it is by the scrubber and the
 * chart. A lane's marker names its variant once; the divergence says what each lane did at the
 * first index where they differ. `at[lane].event` is the marked event.
 */
export function markerLabel(kind: Marker['kind'], lane: LaneIndex, at: readonly LaneAt[]): string {
  const { variant, event: e } = at[lane]!;
  const t = formatSeconds(e?.t ?? 0);
  switch (kind) {
    case 'first-loss': {
      // An overwrite is told by the DEL_PEER that overwrote: the one lost is the slot's before.
      const lost = e?.outcome === 'overwritten' ? e.prevPeer : e?.peer;
      return `first lost notification in ${variant} (${e?.outcome}${lost !== undefined && lost >= 0 ? `, peer ${lost}` : ''}) at ${t}`;
    }
    case 'first-refusal':
      return `first refused connection in ${variant} at ${t}`;
    case 'exit':
      return `process exit in ${variant} at ${t}`;
    case 'budget':
      return `${variant} ${budgetStopText((e?.i ?? 0) + 1)}, at ${t}`;
    case 'divergence': {
      const did = at.map(
        (l) => `${l.variant} ${l.event ? `${l.event.what} (${l.event.outcome})` : 'ends'}`,
      );
      return `lanes diverge at ${t}: ${did.join(', ')}`;
    }
  }
}

/**
 * At most ~3 points per time bucket: the samples with the bucket's largest queue bytes and
 * ghosts, and the bucket's last sample (so peaks survive and the line ends where the run does).
 * Every point is a real sample; the first sample is always kept.
 */
export function downsample(samples: readonly Gauges[], buckets: number): Gauges[] {
  if (samples.length <= buckets * 3) return samples.map((g) => ({ ...g }));
  const t0 = samples[0]!.t;
  const span = Math.max(1, samples[samples.length - 1]!.t - t0);
  const keep: number[] = [0];
  let bucket = -1;
  let maxQ = -1;
  let maxG = -1;
  let last = -1;
  const flush = () => {
    if (last < 0) return;
    for (const i of [...new Set([maxQ, maxG, last])].sort((x, y) => x - y)) {
      if (i > keep[keep.length - 1]!) keep.push(i);
    }
  };
  for (let i = 1; i < samples.length; i++) {
    const s = samples[i]!;
    const bk = Math.min(buckets - 1, Math.floor(((s.t - t0) / span) * buckets));
    if (bk !== bucket) {
      flush();
      bucket = bk;
      maxQ = maxG = last = i;
    }
    if (s.queueBytes > samples[maxQ]!.queueBytes) maxQ = i;
    if (s.ghosts > samples[maxG]!.ghosts) maxG = i;
    last = i;
  }
  flush();
  return keep.map((i) => ({ ...samples[i]! }));
}
