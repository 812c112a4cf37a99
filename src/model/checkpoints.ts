/**
 * The states a run can seek back to, within a byte budget. Checkpoints are JSON strings of the
 * whole state taken at step boundaries at least `spacing` trace events apart. When the next one
 * would take the store past its budget, every other checkpoint (never the first, at position 0)
 * is dropped and the spacing doubles: the memory stays under the budget whatever the state's
 * size or the run's length, and a seek replays at most about one spacing of events.
 *
 * The Timelines of one run (the page's cursor and scout) may share one store: the run is
 * deterministic, so a state at a position is the same whoever reached it, and only the one
 * furthest ahead adds checkpoints.
 */
import type { SimState } from './state.ts';

export interface Checkpoint {
  pos: number;
  json: string;
}

export class CheckpointStore {
  private readonly list: Checkpoint[];
  private bytes: number;
  private gap: number;

  constructor(
    initial: SimState,
    spacing: number,
    private readonly maxBytes: number,
  ) {
    const json = JSON.stringify(initial);
    this.list = [{ pos: 0, json }];
    this.bytes = json.length;
    this.gap = Math.max(1, Math.floor(spacing));
  }

  /** Trace events between two checkpoints (doubles each time the store thins). */
  get spacing(): number {
    return this.gap;
  }
  get count(): number {
    return this.list.length;
  }
  /** Bytes held (one per character: state JSON is ASCII). */
  get size(): number {
    return this.bytes;
  }

  /** Offers the state at a step boundary; kept when it is a spacing past the last one. */
  offer(st: SimState): void {
    const last = this.list[this.list.length - 1]!;
    if (st.traceCount - last.pos < this.gap) return;
    const json = JSON.stringify(st);
    while (this.bytes + json.length > this.maxBytes && this.list.length > 1) this.thin();
    // The spacing may have doubled: keep the new state only if it is still far enough.
    const kept = this.list[this.list.length - 1]!;
    if (st.traceCount - kept.pos < this.gap) return;
    if (this.bytes + json.length > this.maxBytes) return; // one state larger than the budget
    this.list.push({ pos: st.traceCount, json });
    this.bytes += json.length;
  }

  /** The latest checkpoint at or before `pos` (strictly before, when `strict`). */
  before(pos: number, strict: boolean): Checkpoint {
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const p = this.list[mid]!.pos;
      if (strict ? p < pos : p <= pos) lo = mid + 1;
      else hi = mid;
    }
    return this.list[Math.max(0, lo - 1)]!;
  }

  private thin(): void {
    const kept = this.list.filter((_, i) => i % 2 === 0);
    this.list.length = 0;
    this.list.push(...kept);
    this.bytes = kept.reduce((n, c) => n + c.json.length, 0);
    this.gap *= 2;
  }
}
