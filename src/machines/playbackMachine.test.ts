import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { LaneInit, MoveTarget } from '../protocol/messages.ts';
import type { PairSnapshot } from '../protocol/view.ts';
import type { PairClient } from './pairClient.ts';
import {
  coalesce,
  createPlaybackMachine,
  settledAfter,
  type PlaybackEmitted,
  type Ticker,
} from './playbackMachine.ts';

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

  init(_lanes: LaneInit[], target?: MoveTarget) {
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

function start(client: FakeClient, speed = 100, target?: MoveTarget) {
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

  it('plays at speed × elapsed time, one request at a time, until the end', async () => {
    const client = new FakeClient(100);
    const { actor, clock } = start(client, 100);
    await client.flush();
    actor.send({ type: 'PLAY' });
    expect(actor.getSnapshot().matches('playing')).toBe(true);
    clock.tick(0.05); // 100 ev/s × 50 ms = 5 events
    expect(client.calls.at(-1)).toBe('step event 1 x5');
    clock.tick(0.05); // accrues while the seek is in flight, sends nothing
    clock.tick(0.05);
    expect(client.inFlight).toBe(1);
    await client.flush();
    // The 10 events owed went out as one request as soon as the answer came.
    expect(client.calls.at(-1)).toBe('step event 1 x10');
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

  it('honours slow speeds: 2 events/s sends one event every half second', async () => {
    const client = new FakeClient(100);
    const { actor, clock } = start(client, 2);
    await client.flush();
    actor.send({ type: 'PLAY' });
    clock.tick(0.1);
    clock.tick(0.1);
    expect(client.calls).toEqual(['init']);
    clock.tick(0.1);
    clock.tick(0.1);
    clock.tick(0.1);
    expect(client.calls).toEqual(['init', 'step event 1 x1']);
  });

  it('caps a long tick (a background tab) instead of jumping', async () => {
    const client = new FakeClient(100_000);
    const { actor, clock } = start(client, 1000);
    await client.flush();
    actor.send({ type: 'PLAY' });
    clock.tick(30);
    expect(client.calls.at(-1)).toBe('step event 1 x100');
  });

  it('pausing while a request is in flight waits for its answer', async () => {
    const client = new FakeClient(100);
    const { actor, clock, seen } = start(client, 100);
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
    const { actor, clock, seen } = start(client, 100);
    await client.flush();
    actor.send({ type: 'PLAY' });
    clock.tick(0.05);
    actor.send({ type: 'LOAD', lanes: LANES });
    actor.send({ type: 'LOAD', lanes: LANES });
    expect(actor.getSnapshot().value).toBe('loading');
    expect(client.inFlight).toBe(1);
    await client.flush();
    expect(client.calls).toEqual(['init', 'step event 1 x5', 'init']);
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

  it('clamps the speed to 1..100,000 events/s', async () => {
    const client = new FakeClient(100);
    const { actor } = start(client);
    actor.send({ type: 'SET_SPEED', speed: 1e9 });
    expect(actor.getSnapshot().context.speed).toBe(100_000);
    actor.send({ type: 'SET_SPEED', speed: 0 });
    expect(actor.getSnapshot().context.speed).toBe(1);
    await client.flush();
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
