/**
 * What the playback machine needs from the simulation worker: the pair-of-lanes client of
 * protocol v4 (src/worker/client.ts implements it; the machine's tests use a fake). Every
 * method answers with the whole pair at its new position. Also the commands the machine hands
 * it, and how waiting commands are coalesced (`coalesce`).
 */
import type { AlignMode, LaneInit, MoveTarget, PaceInfo } from '../protocol/messages.ts';
import type { PairSnapshot } from '../protocol/view.ts';

export type StepUnit = 'event' | 'cycle';
export type Direction = 1 | -1;
export type JumpTarget = 'nextLoss' | 'prevLoss' | 'start' | 'end';
export type { AlignMode, MoveTarget, PaceInfo };

/** A snapshot answering a paced step: where the pair stands and what the clock spent. */
export type PacedSnapshot = PairSnapshot & { pace?: PaceInfo };

export interface PairClient {
  /**
   * Fresh runs of both lanes (same settings and seed, different variants), at position 0 or
   * at `target`.
   */
  init(lanes: LaneInit[], target?: MoveTarget, align?: AlignMode): Promise<PairSnapshot>;
  /**
   * `count` (default 1) model steps, or read cycles of the event loop, forward or back, in
   * merged time order.
   */
  step(unit: StepUnit, direction: Direction, count?: number): Promise<PairSnapshot>;
  /**
   * Forward by whole steps while their teaching-clock cost (ms at 1×) fits `budgetMs`; the
   * answer's `pace` says what was spent and what the next step costs.
   */
  paced(budgetMs: number, stopAtLoss?: boolean): Promise<PacedSnapshot>;
  /** To a merged position (clamped to the run), a simulated time or an event. */
  seek(target: MoveTarget): Promise<PairSnapshot>;
  jump(to: JumpTarget): Promise<PairSnapshot>;
  /**
   * Answers once the worker has completed both runs in the background, with the pair where it
   * then stands, the chart series and every marker.
   */
  whenComplete(): Promise<PairSnapshot>;
}

/** A request the machine hands to the worker. One is in flight at a time. */
export type Command =
  | { kind: 'init'; lanes: LaneInit[]; target?: MoveTarget; align?: AlignMode }
  | { kind: 'step'; unit: StepUnit; direction: Direction; count?: number }
  | { kind: 'paced'; budgetMs: number; stopAtLoss?: boolean }
  | { kind: 'seek'; target: MoveTarget }
  | { kind: 'jump'; to: JumpTarget };

export function runCommand(client: PairClient, c: Command): Promise<PacedSnapshot> {
  switch (c.kind) {
    case 'init':
      if (c.align !== undefined) return client.init(c.lanes, c.target, c.align);
      return c.target === undefined ? client.init(c.lanes) : client.init(c.lanes, c.target);
    case 'paced':
      return c.stopAtLoss ? client.paced(c.budgetMs, true) : client.paced(c.budgetMs);
    case 'step':
      return c.count === undefined
        ? client.step(c.unit, c.direction)
        : client.step(c.unit, c.direction, c.count);
    case 'seek':
      return client.seek(c.target);
    case 'jump':
      return client.jump(c.to);
  }
}

/** True once both runs are complete and the pair stands at their end. */
export function isAtEnd(s: PairSnapshot): boolean {
  return s.pair.length !== null && s.pair.position >= s.pair.length;
}

/** Largest step count of one request (the protocol's MAX_STEP_COUNT). */
export const MAX_ADVANCE = 100_000;

/** A target as the worker takes it (positions and times whole and non-negative). */
export function cleanTarget(t: MoveTarget): MoveTarget {
  const whole = (x: number) => (Number.isFinite(x) ? Math.max(0, Math.floor(x)) : 0);
  if (t.kind === 'position') return { kind: 'position', position: whole(t.position) };
  if (t.kind === 'time') return { kind: 'time', us: whole(t.us) };
  return t;
}

/** True for a target that is simply the start of the run. */
export function isStart(t: MoveTarget | undefined): boolean {
  return t === undefined || (t.kind === 'position' && t.position === 0);
}

/**
 * The one place where waiting commands are coalesced: what waits once `next` arrives while
 * `pending` already waits. A load replaces anything; a seek after a waiting load becomes the
 * load's target; other moves after a waiting load are dropped (the new run opens where the load
 * says); steps of the same unit and direction add up; any other move replaces the waiting one
 * (only the newest target matters).
 */
export function coalesce(pending: Command | null, next: Command): Command {
  if (!pending || next.kind === 'init') return next;
  if (pending.kind === 'init') {
    if (next.kind !== 'seek') return pending;
    const { target: _old, ...load } = pending;
    return isStart(next.target) ? load : { ...load, target: next.target };
  }
  if (
    next.kind === 'step' &&
    pending.kind === 'step' &&
    pending.unit === next.unit &&
    pending.direction === next.direction
  ) {
    const count = Math.min(MAX_ADVANCE, (pending.count ?? 1) + (next.count ?? 1));
    return { ...pending, count };
  }
  return next;
}
