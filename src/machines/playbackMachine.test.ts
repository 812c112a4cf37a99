import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { AlignMode, LaneInit, MoveTarget } from '../protocol/messages.ts';
import type { PairSnapshot } from '../protocol/view.ts';
import type { PacedSnapshot, PairClient } from './pairClient.ts';
import {
  coalesce,
  createPlaybackMachine,
  settledAfter,
  type PlaybackEmitted,
  type Ticker,
} from './playbackMachine.ts';

/** The fake's cost of every step at 1× (ms), and the wait part of it. */
const STEP_MS = 100;
const WAIT_MS = 40;

const LANES: LaneInit[] = [{ settings: {} as LaneInit['settings'] }];
const OTHER_LANES: LaneInit[] = [{ settings: { seed: 2 } as LaneInit['settings'] }];

/** Where a target puts the fake pair: positions as given, time in ms, events at 40 + nth. */
function place(t: MoveTarget): number {
  if (t.kind === 'position') return t.position;
  if (t.kind === 'time') return Math.floor(t.us / 1000);
  return 40 + (t.nth ?? 1);
}

function label(t: MoveTarget): string {
  if (t.kind === 'position') return `${t.position}`;
  if (t.kind === 'time') return `t=${t.us}`;
  return `${t.what}${t.outcome ? `/${t.outcome}` : ''}#${t.nth ?? 1}`;
}

function snap(position: number, length: number | null): PairSnapshot {
  return { pair: { position, length, lanes: [] }, markers: [], divergence: null };
}

/**
 * A fake worker: a pair of runs of `total` events whose length becomes known once the end is
 * reached. Answers are held until `flush` (or immediately with `auto`), and it records how many
 * requests were in flight at once.
 */
class FakeClient implements PairClient {
  position = 0;
  reachedEnd = false;
  calls: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private held: (() => void)[] = [];
  failNext: string | null = null;

  constructor(
    readonly total: number,
    public auto = false,
  ) {}

  private answer(call: string, move: () => void): Promise<PairSnapshot> {
    this.calls.push(call);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const fail = this.failNext;
    this.failNext = null;
    return new Promise((resolve, reject) => {
      const settle = () => {
        this.inFlight--;
        if (fail) {
          reject(new Error(fail));
          return;
        }
        move();
        this.position = Math.max(0, Math.min(this.total, this.position));
        if (this.position >= this.total) this.reachedEnd = true;
        resolve(snap(this.position, this.reachedEnd ? this.total : null));
      };
      if (this.auto) queueMicrotask(settle);
      else this.held.push(settle);
    });
  }

  /** Answers every held request, in order. */
  async flush(): Promise<void> {
    while (this.held.length > 0) {
      this.held.shift()!();
      await settleMicrotasks();
    }
  }

  aligns: (AlignMode | undefined)[] = [];
  init(_lanes: LaneInit[], target?: MoveTarget, align?: AlignMode) {
    this.aligns.push(align);
    return this.answer(target ? `init at ${label(target)}` : 'init', () => {
      this.position = target ? place(target) : 0;
      this.reachedEnd = false;
    });
  }
  step(unit: 'event' | 'cycle', direction: 1 | -1, count?: number) {
    const n = count ?? 1;
    return this.answer(`step ${unit} ${direction}${count === undefined ? '' : ` x${n}`}`, () => {
      this.position += direction * n * (unit === 'cycle' ? 10 : 1);
    });
  }
  /** Every step costs STEP_MS at 1×, the first WAIT_MS of it a wait of 1 s simulated. */
  /** A step that loses a notification ends here (for stopAtLoss). */
  lossAt: number | null = null;
  paced(budgetMs: number, stopAtLoss = false): Promise<PacedSnapshot> {
    let steps = 0;
    let stopped = false;
    const p = this.answer(`paced ${budgetMs}${stopAtLoss ? ' stop at loss' : ''}`, () => {
      steps = Math.min(this.total - this.position, Math.floor(budgetMs / STEP_MS));
      const loss = this.lossAt;
      if (stopAtLoss && loss !== null && this.position < loss && this.position + steps >= loss) {
        steps = loss - this.position;
        stopped = true;
      }
      this.position += steps;
    });
    return p.then((snapshot) => ({
      ...snapshot,
      pace: {
        spentMs: steps * STEP_MS,
        steps,
        ...(stopped ? { stoppedAtLoss: true } : {}),
        next:
          this.position >= this.total
            ? null
            : {
                costMs: STEP_MS,
                waitMs: WAIT_MS,
                fromUs: this.position * 1e6,
                toUs: (this.position + 1) * 1e6,
                clock: [
                  [0, 0],
                  [WAIT_MS / 2, 900_000],
                  [WAIT_MS, 1e6],
                ],
              },
      },
    }));
  }
  private completions: ((s: PairSnapshot) => void)[] = [];
  whenComplete() {
    return new Promise<PairSnapshot>((resolve) => this.completions.push(resolve));
  }
  /** Both runs are now known: answers every whenComplete. */
  async complete(): Promise<void> {
    const done = this.completions.splice(0);
    for (const r of done) r({ ...snap(this.position, this.total), series: [[], []] });
    await settleMicrotasks();
  }
  seek(target: MoveTarget) {
    return this.answer(`seek ${label(target)}`, () => {
      this.position = place(target);
    });
  }
  jump(to: 'nextLoss' | 'prevLoss' | 'start' | 'end') {
    return this.answer(`jump ${to}`, () => {
      this.position = to === 'start' ? 0 : to === 'end' ? this.total : this.position + 5;
    });
  }
}

async function settleMicrotasks(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

/** A clock the test advances by hand. */
function fakeTicker(): { ticker: Ticker; tick: (dt: number) => void; running: () => boolean } {
  let cb: ((dt: number) => void) | null = null;
  return {
    ticker: (onTick) => {
      cb = onTick;
      return () => {
        cb = null;
      };
    },
    tick: (dt) => cb?.(dt),
    running: () => cb !== null,
  };
}

function start(client: FakeClient, speed = 10, target?: MoveTarget) {
  const clock = fakeTicker();
  const actor = createActor(createPlaybackMachine({ client, ticker: clock.ticker }), {
    input: target ? { lanes: LANES, speed, target } : { lanes: LANES, speed },
  });
  const seen: PairSnapshot[] = [];
  actor.on('snapshot', (e) => {
    if (e.type === 'snapshot') seen.push(e.snapshot);
  });
  actor.start();
  return { actor, clock, seen };
}

describe('playbackMachine', () => {
  it('loads, then is ready at position 0', async () => {
    const client = new FakeClient(100);
    const { actor, seen } = start(client);
    expect(actor.getSnapshot().value).toBe('loading');
    expect(actor.getSnapshot().can({ type: 'PLAY' })).toBe(false);
    await client.flush();
    expect(actor.getSnapshot().value).toBe('ready');
    expect(actor.getSnapshot().context.position).toBe(0);
    expect(actor.getSnapshot().can({ type: 'PLAY' })).toBe(true);
    expect(actor.getSnapshot().can({ type: 'STEP', unit: 'event', direction: -1 })).toBe(false);
    expect(actor.getSnapshot().can({ type: 'STEP', unit: 'event', direction: 1 })).toBe(true);
    expect(seen).toHaveLength(1);
  });

  it('plays at speed × elapsed time on the teaching clock, one request at a time, until the end', async () => {
    const client = new FakeClient(100);
    const { actor, clock } = start(client, 10);
    await client.flush();
    actor.send({ type: 'PLAY' });
    expect(actor.getSnapshot().matches('playing')).toBe(true);
    clock.tick(0.05); // 10× × 50 ms = 500 ms of the clock (5 steps of 100 ms)
    expect(client.calls.at(-1)).toBe('paced 500');
    clock.tick(0.05); // accrues while the step is in flight, sends nothing
    clock.tick(0.05);
    expect(client.inFlight).toBe(1);
    await client.flush();
    // The 1,000 ms owed went out as one request as soon as the answer came.
    expect(client.calls.slice(1)).toEqual(['paced 500', 'paced 1000']);
    expect(actor.getSnapshot().context.position).toBe(15);
    for (let i = 0; i < 40 && actor.getSnapshot().value !== 'ended'; i++) {
      clock.tick(0.1);
      await client.flush();
    }
    expect(actor.getSnapshot().value).toBe('ended');
    expect(actor.getSnapshot().context.position).toBe(100);
    expect(actor.getSnapshot().context.length).toBe(100);
    expect(clock.running()).toBe(false);
    expect(client.maxInFlight).toBe(1);
    expect(actor.getSnapshot().can({ type: 'PLAY' })).toBe(false);
  });

  it("honours slow speeds, and asks nothing while the next step's cost accrues (0.2×)", async () => {
    const client = new FakeClient(100);
    const { actor, clock } = start(client, 0.2);
    await client.flush();
    actor.send({ type: 'PLAY' });
    clock.tick(0.1); // 20 ms owed, the next cost unknown: ask
    expect(client.calls).toEqual(['init', 'paced 20']);
    await client.flush();
    expect(actor.getSnapshot().context.position).toBe(0);
    expect(actor.getSnapshot().context.nextCostMs).toBe(STEP_MS);
    clock.tick(0.1);
    clock.tick(0.1);
    clock.tick(0.1);
    expect(client.calls).toEqual(['init', 'paced 20']);
    clock.tick(0.1); // 100 ms owed: the step's cost
    expect(client.calls).toEqual(['init', 'paced 20', 'paced 100']);
    await client.flush();
    expect(actor.getSnapshot().context.position).toBe(1);
    expect(actor.getSnapshot().context.owedMs).toBe(0);
  });

  it("runs the clock through the next step's wait while it accrues, along the worker's points", async () => {
    const client = new FakeClient(100);
    const { actor, clock } = start(client, 0.1);
    await client.flush();
    actor.send({ type: 'PLAY' });
    clock.tick(0.1); // 10 ms: ask
    await client.flush();
    expect(actor.getSnapshot().context.clockUs).toBeNull();
    clock.tick(0.1); // 20 ms into a 40 ms wait: the middle point, 0.9 s
    expect(actor.getSnapshot().context.clockUs).toBeCloseTo(900_000);
    clock.tick(0.1); // 30 ms: halfway between 0.9 s and 1 s
    expect(actor.getSnapshot().context.clockUs).toBeCloseTo(950_000);
    clock.tick(0.1);
    clock.tick(0.1); // past the wait: the next step's time
    expect(actor.getSnapshot().context.clockUs).toBeCloseTo(1_000_000);
    actor.send({ type: 'PAUSE' });
    expect(actor.getSnapshot().context.clockUs).toBeNull();
  });

  it('pauses right after a loss when asked, and plays on from there', async () => {
    const client = new FakeClient(100);
    client.lossAt = 7;
    const { actor, clock } = start(client, 10);
    await client.flush();
    actor.send({ type: 'SET_PAUSE_ON_LOSS', on: true });
    actor.send({ type: 'PLAY' });
    clock.tick(0.1); // 1,000 ms owed: ten steps, but the loss ends the seventh
    await client.flush();
    expect(client.calls.at(-1)).toBe('paced 1000 stop at loss');
    expect(actor.getSnapshot().value).toBe('paused');
    expect(actor.getSnapshot().context.position).toBe(7);
    actor.send({ type: 'PLAY' });
    clock.tick(0.1);
    await client.flush();
    expect(actor.getSnapshot().matches('playing')).toBe(true);
    expect(actor.getSnapshot().context.position).toBe(17);
    // Not asked: a loss does not stop the player.
    actor.send({ type: 'SET_PAUSE_ON_LOSS', on: false });
    expect(actor.getSnapshot().context.pauseOnLoss).toBe(false);
  });

  it('caps a long tick (a background tab) instead of jumping', async () => {
    const client = new FakeClient(100_000);
    const { actor, clock } = start(client, 100);
    await client.flush();
    actor.send({ type: 'PLAY' });
    clock.tick(30); // counted as 0.1 s: 100× × 100 ms
    expect(client.calls.at(-1)).toBe('paced 10000');
  });

  it('pausing while a request is in flight waits for its answer', async () => {
    const client = new FakeClient(100);
    const { actor, clock, seen } = start(client, 10);
    await client.flush();
    actor.send({ type: 'PLAY' });
    clock.tick(0.05);
    actor.send({ type: 'PAUSE' });
    expect(actor.getSnapshot().value).toBe('seeking');
    expect(clock.running()).toBe(false);
    await client.flush();
    expect(actor.getSnapshot().value).toBe('paused');
    expect(actor.getSnapshot().context.position).toBe(5);
    expect(seen.at(-1)?.pair.position).toBe(5);
  });

  it('steps by event and by cycle, forward and back', async () => {
    const client = new FakeClient(100, true);
    const { actor } = start(client);
    await settleMicrotasks();
    actor.send({ type: 'STEP', unit: 'cycle', direction: 1 });
    expect(actor.getSnapshot().value).toBe('seeking');
    await settleMicrotasks();
    expect(actor.getSnapshot().value).toBe('paused');
    actor.send({ type: 'STEP', unit: 'event', direction: 1 });
    await settleMicrotasks();
    expect(actor.getSnapshot().context.position).toBe(11);
    actor.send({ type: 'STEP', unit: 'event', direction: -1 });
    await settleMicrotasks();
    expect(actor.getSnapshot().context.position).toBe(10);
    expect(client.calls).toEqual(['init', 'step cycle 1', 'step event 1', 'step event -1']);
  });

  it('opens its first run at a target in one request, paused there', async () => {
    const client = new FakeClient(100);
    const { actor, seen } = start(client, 100, { kind: 'position', position: 30 });
    await client.flush();
    expect(client.calls).toEqual(['init at 30']);
    expect(actor.getSnapshot().value).toBe('paused');
    expect(actor.getSnapshot().context.position).toBe(30);
    expect(seen.map((s) => s.pair.position)).toEqual([30]);
  });

  it('LOAD with a target lands there in one request: a time, an event; the start is "ready"', async () => {
    const client = new FakeClient(100);
    const { actor } = start(client);
    await client.flush();
    actor.send({ type: 'LOAD', lanes: OTHER_LANES, target: { kind: 'time', us: 12_000 } });
    await client.flush();
    expect(client.calls.at(-1)).toBe('init at t=12000');
    expect(actor.getSnapshot().value).toBe('paused');
    expect(actor.getSnapshot().context.position).toBe(12);
    expect(actor.getSnapshot().context.lanes).toBe(OTHER_LANES);
    const event: MoveTarget = { kind: 'event', lane: 0, what: 'read', outcome: 'overwritten' };
    actor.send({ type: 'LOAD', lanes: LANES, target: event });
    await client.flush();
    expect(client.calls.at(-1)).toBe('init at read/overwritten#1');
    expect(actor.getSnapshot().context.position).toBe(41);
    // a target that is the start is no target: the cheap init, and a fresh 'ready' player
    actor.send({ type: 'LOAD', lanes: LANES, target: { kind: 'position', position: 0 } });
    await client.flush();
    expect(client.calls.at(-1)).toBe('init');
    expect(actor.getSnapshot().value).toBe('ready');
  });

  it('emits load for every run asked for, and counts commands so a caller can wait for its own', async () => {
    const client = new FakeClient(100);
    const { actor } = start(client);
    const loads: LaneInit[][] = [];
    actor.on('load', (e) => {
      if (e.type === 'load') loads.push(e.lanes);
    });
    await client.flush();
    expect(settledAfter(actor.getSnapshot(), 1)).toBe(true);
    actor.send({ type: 'SEEK', position: 10 });
    const mine = actor.getSnapshot().context.seq;
    expect(mine).toBe(2);
    expect(settledAfter(actor.getSnapshot(), mine)).toBe(false);
    actor.send({ type: 'LOAD', lanes: OTHER_LANES });
    const load = actor.getSnapshot().context.seq;
    expect(loads).toEqual([OTHER_LANES]);
    // the load waits behind the seek in flight: nobody is done yet
    expect(settledAfter(actor.getSnapshot(), mine)).toBe(false);
    await client.flush();
    expect(client.calls).toEqual(['init', 'seek 10', 'init']);
    expect(settledAfter(actor.getSnapshot(), mine)).toBe(true);
    expect(settledAfter(actor.getSnapshot(), load)).toBe(true);
    expect(actor.getSnapshot().context.done).toBe(load);
  });

  it('coalesces waiting commands in one place: steps add up, absolute moves replace, a seek becomes a waiting load’s target', () => {
    const step = { kind: 'step', unit: 'event', direction: 1 } as const;
    const init = { kind: 'init', lanes: LANES } as const;
    const seek10 = { kind: 'seek', target: { kind: 'position', position: 10 } } as const;
    expect(coalesce(null, step)).toEqual(step);
    expect(coalesce(step, step)).toEqual({ ...step, count: 2 });
    expect(coalesce({ ...step, count: 99_999 }, { ...step, count: 5 })).toEqual({
      ...step,
      count: 100_000,
    });
    expect(coalesce(step, { ...step, direction: -1 })).toEqual({ ...step, direction: -1 });
    expect(coalesce(step, { kind: 'step', unit: 'cycle', direction: 1 })).toEqual({
      kind: 'step',
      unit: 'cycle',
      direction: 1,
    });
    expect(coalesce(step, seek10)).toEqual(seek10);
    expect(coalesce(seek10, { kind: 'jump', to: 'end' })).toEqual({ kind: 'jump', to: 'end' });
    expect(coalesce(seek10, init)).toEqual(init);
    expect(coalesce(init, seek10)).toEqual({ ...init, target: seek10.target });
    expect(coalesce(init, step)).toEqual(init);
    expect(coalesce(init, { kind: 'jump', to: 'end' })).toEqual(init);
  });

  it('steps pressed while one is in flight add up into one request', async () => {
    const client = new FakeClient(100);
    const { actor } = start(client);
    await client.flush();
    for (let i = 0; i < 5; i++) actor.send({ type: 'STEP', unit: 'event', direction: 1 });
    await client.flush();
    expect(client.calls).toEqual(['init', 'step event 1', 'step event 1 x4']);
    expect(actor.getSnapshot().context.position).toBe(5);
  });

  it('a seek sent while a load waits lands the load there (a link followed by its step)', async () => {
    const client = new FakeClient(100);
    const { actor } = start(client);
    await client.flush();
    actor.send({ type: 'STEP', unit: 'event', direction: 1 });
    actor.send({ type: 'LOAD', lanes: OTHER_LANES });
    actor.send({ type: 'SEEK', position: 25 });
    await client.flush();
    expect(client.calls).toEqual(['init', 'step event 1', 'init at 25']);
    expect(actor.getSnapshot().context.position).toBe(25);
  });

  it('keeps only the latest seek while one is in flight (scrubbing)', async () => {
    const client = new FakeClient(100);
    const { actor } = start(client);
    await client.flush();
    actor.send({ type: 'SEEK', position: 10 });
    actor.send({ type: 'SEEK', position: 20 });
    actor.send({ type: 'SEEK', position: 30 });
    expect(client.inFlight).toBe(1);
    await client.flush();
    expect(client.calls).toEqual(['init', 'seek 10', 'seek 30']);
    expect(actor.getSnapshot().value).toBe('paused');
    expect(actor.getSnapshot().context.position).toBe(30);
    expect(client.maxInFlight).toBe(1);
  });

  it('jumps to the end and to the start', async () => {
    const client = new FakeClient(100, true);
    const { actor } = start(client);
    await settleMicrotasks();
    actor.send({ type: 'JUMP', to: 'end' });
    await settleMicrotasks();
    expect(actor.getSnapshot().value).toBe('ended');
    expect(actor.getSnapshot().can({ type: 'STEP', unit: 'event', direction: 1 })).toBe(false);
    expect(actor.getSnapshot().can({ type: 'STEP', unit: 'event', direction: -1 })).toBe(true);
    actor.send({ type: 'JUMP', to: 'start' });
    await settleMicrotasks();
    expect(actor.getSnapshot().value).toBe('paused');
    expect(actor.getSnapshot().context.position).toBe(0);
  });

  it('a new load while a request is in flight waits for it, then drops its answer', async () => {
    const client = new FakeClient(100);
    const { actor, clock, seen } = start(client, 10);
    await client.flush();
    actor.send({ type: 'PLAY' });
    clock.tick(0.05);
    actor.send({ type: 'LOAD', lanes: LANES });
    actor.send({ type: 'LOAD', lanes: LANES });
    expect(actor.getSnapshot().value).toBe('loading');
    expect(client.inFlight).toBe(1);
    await client.flush();
    expect(client.calls).toEqual(['init', 'paced 500', 'init']);
    expect(actor.getSnapshot().value).toBe('ready');
    expect(seen.map((s) => s.pair.position)).toEqual([0, 0]);
    expect(client.maxInFlight).toBe(1);
  });

  it('goes to error when the worker fails, and loads again from there', async () => {
    const client = new FakeClient(100);
    client.failNext = 'init: injected failure';
    const { actor } = start(client);
    await client.flush();
    expect(actor.getSnapshot().value).toBe('error');
    expect(actor.getSnapshot().context.error).toBe('init: injected failure');
    expect(actor.getSnapshot().can({ type: 'PLAY' })).toBe(false);
    actor.send({ type: 'LOAD', lanes: LANES });
    await client.flush();
    expect(actor.getSnapshot().value).toBe('ready');
    expect(actor.getSnapshot().context.error).toBeNull();
  });

  it('clamps the speed to 0.1× .. 10,000×', async () => {
    const client = new FakeClient(100);
    const { actor } = start(client);
    actor.send({ type: 'SET_SPEED', speed: 1e9 });
    expect(actor.getSnapshot().context.speed).toBe(10_000);
    actor.send({ type: 'SET_SPEED', speed: 0 });
    expect(actor.getSnapshot().context.speed).toBe(0.1);
    await client.flush();
  });

  it('loads aligned by notification unless told otherwise, and later loads keep the alignment', async () => {
    const client = new FakeClient(100);
    const { actor } = start(client);
    await client.flush();
    expect(client.aligns).toEqual(['notification']);
    actor.send({
      type: 'LOAD',
      lanes: LANES,
      align: 'time',
      target: { kind: 'position', position: 7 },
    });
    await client.flush();
    expect(actor.getSnapshot().context.align).toBe('time');
    expect(client.calls.at(-1)).toBe('init at 7');
    actor.send({ type: 'LOAD', lanes: OTHER_LANES });
    await client.flush();
    expect(client.aligns).toEqual(['notification', 'time', 'time']);
  });
});

describe('playbackMachine and a dead worker', () => {
  it('FATAL stops playback in any mode', async () => {
    const client = new FakeClient(100);
    const { actor, clock } = start(client);
    await client.flush();
    actor.send({ type: 'PLAY' });
    actor.send({ type: 'FATAL', message: 'the simulation worker crashed' });
    expect(actor.getSnapshot().value).toBe('error');
    expect(actor.getSnapshot().context.error).toMatch(/crashed/);
    expect(clock.running()).toBe(false);
  });
});

describe('playbackMachine: Try again (RETRY)', () => {
  function startWithRestart(client: FakeClient, target?: MoveTarget) {
    const clock = fakeTicker();
    const restarts: number[] = [];
    const actor = createActor(
      createPlaybackMachine({
        client,
        ticker: clock.ticker,
        restart: () => restarts.push(client.calls.length),
      }),
      { input: target ? { lanes: LANES, target, align: 'time' } : { lanes: LANES } },
    );
    const loads: PlaybackEmitted[] = [];
    actor.on('load', (e) => loads.push(e));
    actor.start();
    return { actor, clock, restarts, loads };
  }

  it('after a dead worker, starts a fresh one and reloads the run at the position it showed', async () => {
    const client = new FakeClient(100);
    const { actor, clock, restarts, loads } = startWithRestart(client);
    await client.flush();
    actor.send({ type: 'SEEK', position: 37 });
    await client.flush();
    actor.send({ type: 'PLAY' });
    clock.tick(0.05);
    actor.send({ type: 'FATAL', message: 'the simulation worker stopped answering' });
    await client.flush(); // the lost step's answer comes to nothing
    expect(actor.getSnapshot().value).toBe('error');
    const shown = actor.getSnapshot().context.position;
    expect(shown).toBe(37);
    expect(restarts).toEqual([]);
    actor.send({ type: 'RETRY' });
    expect(restarts).toHaveLength(1);
    expect(actor.getSnapshot().value).toBe('loading');
    expect(actor.getSnapshot().context.error).toBeNull();
    await client.flush();
    // the fresh worker first, then the one reload
    expect(client.calls.slice(restarts[0])).toEqual([`init at ${shown}`]);
    expect(client.aligns.at(-1)).toBe('notification');
    expect(actor.getSnapshot().value).toBe('paused');
    expect(actor.getSnapshot().context.position).toBe(shown);
    // the same run, not a new one: the view keeps its frame
    expect(loads).toEqual([]);
    actor.send({ type: 'STEP', unit: 'event', direction: 1 });
    await client.flush();
    expect(actor.getSnapshot().context.position).toBe(shown + 1);
  });

  it('reopens a run that never landed at the target its load asked for, in its order', async () => {
    const client = new FakeClient(100);
    client.failNext = 'the simulation worker failed to load';
    const { actor, restarts } = startWithRestart(client, { kind: 'position', position: 12 });
    await client.flush();
    expect(actor.getSnapshot().value).toBe('error');
    actor.send({ type: 'RETRY' });
    await client.flush();
    expect(restarts).toHaveLength(1);
    expect(client.calls).toEqual(['init at 12', 'init at 12']);
    expect(client.aligns).toEqual(['time', 'time']);
    expect(actor.getSnapshot().context.position).toBe(12);
  });

  it('retries a failed load of other lanes with those lanes and its target, not the old place', async () => {
    const client = new FakeClient(100);
    const { actor } = startWithRestart(client);
    await client.flush();
    actor.send({ type: 'SEEK', position: 50 });
    await client.flush();
    client.failNext = 'init: injected failure';
    actor.send({ type: 'LOAD', lanes: OTHER_LANES, target: { kind: 'time', us: 9_000 } });
    await client.flush();
    expect(actor.getSnapshot().value).toBe('error');
    actor.send({ type: 'RETRY' });
    await client.flush();
    expect(client.calls.at(-1)).toBe('init at t=9000');
    expect(actor.getSnapshot().context.lanes).toBe(OTHER_LANES);
    expect(actor.getSnapshot().context.position).toBe(9);
  });

  it('reloads a run that stood at its start at the start, and at its end at the end', async () => {
    const client = new FakeClient(100);
    const { actor } = startWithRestart(client);
    await client.flush();
    actor.send({ type: 'FATAL', message: 'dead' });
    actor.send({ type: 'RETRY' });
    await client.flush();
    expect(client.calls).toEqual(['init', 'init']);
    expect(actor.getSnapshot().value).toBe('ready');
    actor.send({ type: 'JUMP', to: 'end' });
    await client.flush();
    actor.send({ type: 'FATAL', message: 'dead' });
    actor.send({ type: 'RETRY' });
    await client.flush();
    expect(client.calls.at(-1)).toBe('init at 100');
    expect(actor.getSnapshot().value).toBe('ended');
  });

  it('is ignored outside error', async () => {
    const client = new FakeClient(100);
    const { actor, restarts } = startWithRestart(client);
    await client.flush();
    actor.send({ type: 'RETRY' });
    expect(actor.getSnapshot().value).toBe('ready');
    expect(restarts).toEqual([]);
    expect(client.calls).toEqual(['init']);
  });
});

describe('playbackMachine and the background completion', () => {
  it('learns the length and emits the completed pair once both runs are known', async () => {
    const client = new FakeClient(100);
    const { actor } = start(client);
    const completed: PairSnapshot[] = [];
    actor.on('complete', (e: PlaybackEmitted) => {
      if (e.type === 'complete') completed.push(e.snapshot);
    });
    await client.flush();
    expect(actor.getSnapshot().context.length).toBeNull();
    await client.complete();
    expect(actor.getSnapshot().context.length).toBe(100);
    expect(completed).toHaveLength(1);
    expect(completed[0]?.series).toBeDefined();
  });

  it('ignores the completion of a run replaced by a newer init', async () => {
    const client = new FakeClient(100);
    const { actor } = start(client);
    const completed: PairSnapshot[] = [];
    actor.on('complete', (e: PlaybackEmitted) => {
      if (e.type === 'complete') completed.push(e.snapshot);
    });
    await client.flush();
    actor.send({ type: 'LOAD', lanes: LANES });
    await client.flush();
    await client.complete();
    // Only the second init's completion counts.
    expect(completed).toHaveLength(1);
  });
});
