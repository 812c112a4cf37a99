/**
 * A run you can move through: step forward, step back, seek to any trace position. Seeking
 * restores the nearest earlier checkpoint and replays, which equals a fresh run to that
 * position because the state (PRNG included) is plain data. The trace grows as far as the
 * run has been taken and is never recomputed differently on replay.
 */
import { createSim, step } from './sim.ts';
import type { SimSettings } from './settings.ts';
import type { SimState } from './state.ts';
import type { TraceEvent } from './trace.ts';

interface Checkpoint {
  pos: number;
  json: string;
}

export class Timeline {
  readonly settings: SimSettings;
  readonly trace: TraceEvent[] = [];
  private st: SimState;
  private readonly checkpoints: Checkpoint[] = [];
  private readonly every: number;

  constructor(settings: Partial<SimSettings>, checkpointEvery = 2_000) {
    this.st = createSim(settings);
    this.settings = this.st.settings;
    this.every = checkpointEvery;
    this.checkpoints.push({ pos: 0, json: JSON.stringify(this.st) });
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
    const last = this.checkpoints[this.checkpoints.length - 1]!;
    if (out.length > 0 && this.st.traceCount - last.pos >= this.every) {
      this.checkpoints.push({ pos: this.st.traceCount, json: JSON.stringify(this.st) });
    }
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
      let cp = this.checkpoints[0]!;
      for (const c of this.checkpoints) if (c.pos <= target) cp = c;
      this.st = JSON.parse(cp.json) as SimState;
      this.atBoundary = true;
    }
    while (!this.st.finished && this.position < target) this.advance();
  }

  /** Steps back to the step boundary just before the current position. */
  stepBack(): void {
    const p = this.position;
    if (p === 0) return;
    let cp = this.checkpoints[0]!;
    for (const c of this.checkpoints) if (c.pos < p) cp = c;
    this.st = JSON.parse(cp.json) as SimState;
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
