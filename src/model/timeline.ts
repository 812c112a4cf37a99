/**
 * A run you can move through: step forward, step back, seek to any trace position. Seeking
 * restores the nearest earlier checkpoint and replays, which equals a fresh run to that
 * position because the state (PRNG included) is plain data. The trace grows as far as the
 * run has been taken and is never recomputed differently on replay.
 */
import { CHECKPOINT_BYTES } from './budget.ts';
import { CheckpointStore } from './checkpoints.ts';
import { createSim, step } from './sim.ts';
import type { SimSettings } from './settings.ts';
import type { SimState } from './state.ts';
import type { TraceEvent } from './trace.ts';

export class Timeline {
  readonly settings: SimSettings;
  readonly trace: TraceEvent[] = [];
  private st: SimState;
  /** The states this Timeline seeks back to (shared with the run's other Timelines, if any). */
  readonly checkpoints: CheckpointStore;

  /**
   * A run from the settings. Checkpoints are taken every `checkpointEvery` events at first,
   * within `checkpointBytes` (budget.ts); pass `share` to use another Timeline's store (the
   * same settings: the same run).
   */
  constructor(
    settings: Partial<SimSettings>,
    checkpointEvery = 2_000,
    opts: { share?: CheckpointStore; checkpointBytes?: number } = {},
  ) {
    this.st = createSim(settings);
    this.settings = this.st.settings;
    this.checkpoints =
      opts.share ??
      new CheckpointStore(this.st, checkpointEvery, opts.checkpointBytes ?? CHECKPOINT_BYTES);
  }

  /** The current state. Read it, never mutate it. */
  get state(): SimState {
    return this.st;
  }

  /** Trace events applied so far (the index of the next one). */
  get position(): number {
    return this.st.traceCount;
  }

  get finished(): boolean {
    return this.st.finished;
  }

  /** Total trace length, once some path has reached the end; null before. */
  get length(): number | null {
    return this.endPos;
  }
  private endPos: number | null = null;
  /**
   * Whether the state is the first step boundary at its position, as a fresh run reaches it.
   * False after silent steps past the last event (runToEnd to the finished state).
   */
  private atBoundary = true;

  private advance(): TraceEvent[] {
    const out = step(this.st);
    this.atBoundary = out.length > 0;
    for (const e of out) {
      if (e.i === this.trace.length) this.trace.push(e);
    }
    if (out.length > 0) this.checkpoints.offer(this.st);
    if (this.st.finished) this.endPos = this.st.traceCount;
    return out;
  }

  /** Moves forward until at least `n` more trace events are applied or the run ends. */
  stepForward(n = 1): TraceEvent[] {
    const target = this.position + n;
    const out: TraceEvent[] = [];
    while (!this.st.finished && this.position < target) out.push(...this.advance());
    return out;
  }

  /** Goes to the first step boundary at or after `pos` trace events (clamped to the run). */
  seek(pos: number): void {
    const target = Math.max(0, Math.floor(pos));
    if (target < this.position || target === 0 || (target === this.position && !this.atBoundary)) {
      this.st = JSON.parse(this.checkpoints.before(target, false).json) as SimState;
      this.atBoundary = true;
    }
    while (!this.st.finished && this.position < target) this.advance();
  }

  /** Steps back to the step boundary just before the current position. */
  stepBack(): void {
    const p = this.position;
    if (p === 0) return;
    this.st = JSON.parse(this.checkpoints.before(p, true).json) as SimState;
    this.atBoundary = true;
    let boundary = this.position;
    while (!this.st.finished && this.position < p) {
      this.advance();
      if (this.position < p) boundary = this.position;
    }
    this.seek(boundary);
  }

  runToEnd(): void {
    while (!this.st.finished) this.advance();
  }
}
