import { describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_SETTINGS,
  MODEL_VERSION,
  Timeline,
  createSim,
  resolveSettings,
  runToEnd,
  scenarioSettings,
  stepUntilTrace,
  type SimSettings,
} from '../model/index.ts';
import {
  MAX_TRACE_SPAN,
  PROTOCOL_VERSION,
  makeRequest,
  type SimRequestBody,
  type SimResponse,
} from '../protocol/messages.ts';
import { SimHandler } from './handler.ts';
import { BUSY_STEPS } from './pairLane.ts';
import { LOSS_OUTCOMES } from './pairTimeline.ts';

/** The six-client lesson: small enough to compare many positions. */
const LESSON: SimSettings = resolveSettings(scenarioSettings('lesson', '2.6.14'));
const LESSON_B: SimSettings = { ...LESSON, variant: '2.6.20' };
/** The pair's length: both lanes' whole traces, as the model runs them. */
const LESSON_LENGTH = runToEnd(LESSON).summary.events + runToEnd(LESSON_B).summary.events;
const DEFAULT_B: SimSettings = { ...DEFAULT_SETTINGS, variant: '2.6.20' };

let nextId = 1;
function send(h: SimHandler, body: SimRequestBody): SimResponse {
  const id = nextId++;
  const r = h.handle(makeRequest(id, body));
  if (!r) throw new Error('no direct answer');
  expect(r.v).toBe(PROTOCOL_VERSION);
  expect(r.id).toBe(id);
  // Every response must survive the structured clone of postMessage.
  expect(structuredClone(r)).toEqual(r);
  return r;
}

function ok<T extends SimResponse['type']>(
  r: SimResponse | null,
  type: T,
): Extract<SimResponse, { type: T }> {
  if (!r || r.type !== type) throw new Error(`expected ${type}, got ${JSON.stringify(r)}`);
  return r as Extract<SimResponse, { type: T }>;
}

function loaded(a: SimSettings = LESSON, b: SimSettings = LESSON_B): SimHandler {
  const h = new SimHandler();
  ok(send(h, { type: 'init', lanes: [{ settings: a }, { settings: b }] }), 'ready');
  return h;
}

describe('SimHandler', () => {
  it('init gives both lanes at position 0, as a PairSnapshot', () => {
    const h = new SimHandler();
    const r = ok(
      send(h, { type: 'init', lanes: [{ settings: LESSON }, { settings: LESSON_B }] }),
      'ready',
    );
    expect(r.modelVersion).toBe(MODEL_VERSION);
    expect(r.pair.position).toBe(0);
    expect(r.pair.length).toBeNull();
    expect(r.pair.lanes.map((l) => [l.lane, l.position, l.variant, l.events.length])).toEqual([
      [0, 0, '2.6.14', 0],
      [1, 0, '2.6.20', 0],
    ]);
    expect(r.series).toBeUndefined();
    expect(h.laneCount).toBe(2);
  });

  it('steps by event and cycle, seeks and jumps, answering with the pair where it stands', () => {
    const h = loaded();
    const s1 = ok(send(h, { type: 'step', unit: 'event', direction: 1 }), 'snapshot');
    expect(s1.pair.position).toBe(1);
    expect(s1.pair.lanes[0]!.events).toHaveLength(1);
    const s5 = ok(send(h, { type: 'step', unit: 'event', direction: 1, count: 4 }), 'snapshot');
    expect(s5.pair.position).toBe(5);
    const back = ok(send(h, { type: 'step', unit: 'event', direction: -1, count: 5 }), 'snapshot');
    expect(back.pair.position).toBe(0);
    const cycle = ok(send(h, { type: 'step', unit: 'cycle', direction: 1 }), 'snapshot');
    expect(cycle.pair.lanes.some((l) => l.events.some((e) => e.what === 'loop_wake'))).toBe(true);
    // the first snapshot after completion carries the series, later ones do not
    const seek = ok(
      send(h, { type: 'seek', target: { kind: 'position', position: 30 } }),
      'snapshot',
    );
    expect(seek.pair.length).toBe(LESSON_LENGTH);
    expect(seek.series).toHaveLength(2);
    expect(seek.pair.position).toBeGreaterThanOrEqual(30);
    const loss = ok(send(h, { type: 'jump', to: 'nextLoss' }), 'snapshot');
    expect(loss.series).toBeUndefined();
    expect(loss.pair.lanes.some((l) => l.events.some((e) => LOSS_OUTCOMES.has(e.outcome)))).toBe(
      true,
    );
    expect(loss.markers.map((m) => m.kind).sort()).toEqual(['divergence', 'first-loss']);
    expect(loss.divergence).toBe(loss.markers.find((m) => m.kind === 'divergence')!.position);
    const end = ok(send(h, { type: 'jump', to: 'end' }), 'snapshot');
    expect(end.pair.position).toBe(LESSON_LENGTH);
    expect(end.pair.lanes.every((l) => l.finished && l.length === l.position)).toBe(true);
  });

  it('a paced step spends at most its budget, says the next cost, and runs the clock through the wait', () => {
    const h = loaded();
    const first = ok(
      send(h, { type: 'step', unit: 'paced', direction: 1, budgetMs: 0 }),
      'snapshot',
    );
    expect(first.pair.position).toBe(0);
    expect(first.pace).toMatchObject({ spentMs: 0, steps: 0 });
    const next = first.pace!.next!;
    expect(next.costMs).toBeGreaterThan(0);
    expect(next.clock[0]).toEqual([0, 0]);
    expect(next.clock[next.clock.length - 1]).toEqual([next.waitMs, next.toUs - next.fromUs]);
    const r = ok(
      send(h, { type: 'step', unit: 'paced', direction: 1, budgetMs: 20_000 }),
      'snapshot',
    );
    expect(r.pace!.spentMs).toBeLessThanOrEqual(20_000);
    expect(r.pace!.spentMs + r.pace!.next!.costMs).toBeGreaterThan(20_000);
    expect(r.pair.position).toBeGreaterThan(0);
    // a step count bounds it too
    const one = ok(
      send(h, { type: 'step', unit: 'paced', direction: 1, budgetMs: 3_600_000, count: 1 }),
      'snapshot',
    );
    expect(one.pace!.steps).toBe(1);
    // to the end: nothing next
    const end = ok(
      send(h, { type: 'step', unit: 'paced', direction: 1, budgetMs: 3_600_000 }),
      'snapshot',
    );
    expect(end.pair.position).toBe(end.pair.length);
    expect(end.pace!.next).toBeNull();
  });

  it('init with align notification completes on the first move and reads the same DEL_PEER in both lanes together', () => {
    const h = new SimHandler();
    const lanes = [{ settings: LESSON }, { settings: LESSON_B }];
    ok(send(h, { type: 'init', lanes, align: 'notification' }), 'ready');
    expect(h.pair!.align).toBe('notification');
    const reads: [number, number][] = [];
    for (;;) {
      const before = h.pair!.lanePositions;
      const r = ok(send(h, { type: 'step', unit: 'event', direction: 1 }), 'snapshot');
      // the lane that moved: its view's events are the step just applied
      const lane = h.pair!.lanePositions[0] !== before[0] ? 0 : 1;
      for (const e of r.pair.lanes[lane]!.events)
        if (e.what === 'read' && e.dgKind === 'del') reads.push([lane, e.peer!]);
      if (r.pair.position === r.pair.length) break;
    }
    // every DEL_PEER read of lane A is followed at once by lane B's read of the same peer
    expect(reads.length).toBe(12);
    for (let k = 0; k < reads.length; k += 2) {
      expect(reads[k]![0]).toBe(0);
      expect(reads[k + 1]).toEqual([1, reads[k]![1]]);
    }
  });

  it('summaries gives the model’s end-of-run summaries for both default lanes without moving the pair', () => {
    const h = loaded(DEFAULT_SETTINGS, DEFAULT_B);
    const at = ok(send(h, { type: 'step', unit: 'event', direction: 1, count: 7 }), 'snapshot');
    const r = ok(send(h, { type: 'summaries' }), 'summaries');
    expect(r.lanes).toHaveLength(2);
    for (const [i, settings] of [DEFAULT_SETTINGS, DEFAULT_B].entries()) {
      const lane = r.lanes[i]!;
      const model = runToEnd(settings).summary;
      expect(lane.variant).toBe(settings.variant);
      expect(lane.summary).toEqual(model);
      expect(lane.length).toBe(model.events);
    }
    // The pair stayed where it was: the next snapshot is still at the same position.
    const still = ok(
      send(h, { type: 'step', unit: 'event', direction: 1, count: 0 + 1 }),
      'snapshot',
    );
    expect(still.pair.position).toBeGreaterThan(at.pair.position);
    expect(still.pair.position - at.pair.position).toBeLessThanOrEqual(3);
  });

  it('init with a target opens the run there: a position, a simulated time, an event', () => {
    const lanes = [{ settings: LESSON }, { settings: LESSON_B }];
    const byPos = ok(
      send(new SimHandler(), { type: 'init', lanes, target: { kind: 'position', position: 30 } }),
      'ready',
    );
    const ref = loaded();
    const seek = ok(
      send(ref, { type: 'seek', target: { kind: 'position', position: 30 } }),
      'snapshot',
    );
    expect(byPos.pair.position).toBe(seek.pair.position);
    expect(byPos.pair.lanes).toEqual(seek.pair.lanes);
    expect(byPos.pair.length).toBe(LESSON_LENGTH);

    // time: every event at or before t is applied, none after
    const t = 125_000_000;
    const byTime = ok(
      send(new SimHandler(), { type: 'init', lanes, target: { kind: 'time', us: t } }),
      'ready',
    );
    for (const lane of [0, 1]) {
      const trace = ok(send(ref, { type: 'getTrace', lane, from: 0, to: 1e9 }), 'trace').events;
      expect(byTime.pair.lanes[lane]!.position).toBe(trace.filter((e) => e.t <= t).length);
    }

    // event: just after the first overwritten/swallowed DEL_PEER read in lane 0
    const byEvent = ok(
      send(new SimHandler(), {
        type: 'init',
        lanes,
        target: { kind: 'event', lane: 0, what: 'read', outcome: 'swallowed', nth: 2 },
      }),
      'ready',
    );
    const swallowed = ok(
      send(ref, {
        type: 'getTrace',
        lane: 0,
        from: 0,
        to: 1e9,
        kinds: ['read'],
        outcomes: ['swallowed'],
      }),
      'trace',
    ).events;
    expect(swallowed.length).toBeGreaterThanOrEqual(2);
    const events = byEvent.pair.lanes[0]!.events;
    expect(events.some((e) => e.i === swallowed[1]!.i)).toBe(true);
    expect(byEvent.pair.lanes[0]!.position).toBeGreaterThan(swallowed[1]!.i);
  });

  it('a bad target is an error naming it, and the run is not replaced', () => {
    const h = loaded();
    const lanes = [{ settings: DEFAULT_SETTINGS }, { settings: DEFAULT_B }];
    const bad = [
      { kind: 'position', position: -1 },
      { kind: 'time', us: 1.5 },
      { kind: 'event', lane: 2, what: 'read' },
      { kind: 'event', lane: 0, what: 'nope' },
      { kind: 'teleport' },
    ];
    for (const target of bad) {
      const r = h.handle({ v: PROTOCOL_VERSION, id: 99, type: 'init', lanes, target });
      expect(r?.type).toBe('error');
      expect(r?.type === 'error' && r.message).toMatch(/^init: target/);
    }
    expect(h.pair!.laneState(0).settings.peers).toBe(LESSON.peers);
  });

  it('getTrace pages and filters by kind and outcome', () => {
    const h = loaded(DEFAULT_SETTINGS, DEFAULT_B);
    send(h, { type: 'whenComplete' });
    const all = ok(send(h, { type: 'getTrace', lane: 0, from: 0, to: 10 }), 'trace');
    expect(all.events.map((e) => e.i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(all.total).toBe(all.known);
    const wakes = ok(
      send(h, { type: 'getTrace', lane: 1, from: 0, to: 1e9, kinds: ['loop_wake'], limit: 5 }),
      'trace',
    );
    expect(wakes.events).toHaveLength(5);
    expect(wakes.events.every((e) => e.what === 'loop_wake')).toBe(true);
    expect(wakes.to).toBe(wakes.events.at(-1)!.i + 1);
    const lastLosses = ok(
      send(h, {
        type: 'getTrace',
        lane: 0,
        from: 0,
        to: 1e9,
        outcomes: ['dropped', 'swallowed'],
        limit: 3,
        tail: true,
      }),
      'trace',
    );
    expect(lastLosses.events).toHaveLength(3);
    expect(lastLosses.from).toBe(lastLosses.events[0]!.i);
    expect(lastLosses.to).toBe(all.known);
    const capped = ok(send(h, { type: 'getTrace', lane: 0, from: 0, to: 1e9 }), 'trace');
    expect(capped.events).toHaveLength(MAX_TRACE_SPAN);
    expect(capped.to).toBe(MAX_TRACE_SPAN);
  });

  it('answers whenComplete later in background mode, through post', async () => {
    const posted: SimResponse[] = [];
    const h = new SimHandler({ background: true, post: (r) => posted.push(r), sliceMs: 5 });
    ok(
      h.handle(
        makeRequest(1, { type: 'init', lanes: [{ settings: LESSON }, { settings: LESSON_B }] }),
      ),
      'ready',
    );
    expect(h.handle(makeRequest(2, { type: 'whenComplete' }))).toBeNull();
    // requests are answered while the runs complete
    ok(h.handle(makeRequest(3, { type: 'step', unit: 'event', direction: 1 })), 'snapshot');
    await vi.waitFor(() => expect(posted).toHaveLength(1), { timeout: 10_000 });
    const done = ok(posted[0]!, 'snapshot');
    expect(done.id).toBe(2);
    expect(done.pair.length).toBe(LESSON_LENGTH);
    expect(done.pair.position).toBe(1);
    expect(done.series).toHaveLength(2);
    await vi.waitFor(() => expect(h.busy).toBe(false));
  });

  it('inits 10,000 peers: both lanes show every peer, steps move forward and back', () => {
    // (its timings: bench/handler.bench.ts)
    const big = { ...DEFAULT_SETTINGS, peers: 10_000, maxClients: 10_000 };
    const h = new SimHandler();
    const ready = ok(
      send(h, {
        type: 'init',
        lanes: [{ settings: big }, { settings: { ...big, variant: '2.6.20' } }],
      }),
      'ready',
    );
    for (const lane of ready.pair.lanes) expect(lane.kernel.peers).toHaveLength(10_000);
    let position = ready.pair.position;
    for (let k = 0; k < 5; k++) {
      const r = ok(send(h, { type: 'step', unit: 'event', direction: 1 }), 'snapshot');
      expect(r.pair.position).toBeGreaterThan(position);
      position = r.pair.position;
    }
    const back = ok(send(h, { type: 'step', unit: 'event', direction: -1 }), 'snapshot');
    expect(back.pair.position).toBeLessThan(position);
  });

  describe('answers a bad message with an error, never a throw:', () => {
    const lanes = [{ settings: LESSON }, { settings: LESSON_B }];
    const cases: [string, unknown, RegExp][] = [
      ['not an object', 'hello', /request is "hello", not an object/],
      ['null', null, /request is null/],
      ['an array', [1, 2], /not an object/],
      [
        'a wrong version',
        { v: 1, id: 7, type: 'step', delta: 1 },
        /protocol version 1 is not supported.*version 4/,
      ],
      ['no version', { id: 7, type: 'jump', to: 'end' }, /protocol version undefined/],
      [
        'an unknown type',
        { v: PROTOCOL_VERSION, id: 7, type: 'explode' },
        /unknown request type "explode": expected one of init, step, seek, jump/,
      ],
      ['no id', { v: PROTOCOL_VERSION, type: 'summaries' }, /request id undefined/],
      [
        'init without lanes',
        { v: PROTOCOL_VERSION, id: 7, type: 'init' },
        /^init: lanes is undefined/,
      ],
      [
        'init with one lane',
        { v: PROTOCOL_VERSION, id: 7, type: 'init', lanes: [lanes[0]] },
        /^init: lanes is an array of 1: expected an array of 2 lanes/,
      ],
      [
        'init with a lane without settings',
        { v: PROTOCOL_VERSION, id: 7, type: 'init', lanes: [{}, lanes[1]] },
        /^init: lane 0 has no settings object/,
      ],
      [
        'init with a bad setting',
        {
          v: PROTOCOL_VERSION,
          id: 7,
          type: 'init',
          lanes: [lanes[0], { settings: { ...LESSON_B, peers: -3 } }],
        },
        /^init: lane 1: peer count -3 is not allowed/,
      ],
      [
        'init with lanes differing in more than the variant',
        {
          v: PROTOCOL_VERSION,
          id: 7,
          type: 'init',
          lanes: [lanes[0], { settings: { ...LESSON_B, seed: 2, load: 0.5 } }],
        },
        /^init: both lanes must share every setting but variant; these differ: seed \(1 vs 2\), load \(0 vs 0.5\)/,
      ],
      [
        'step with a v1 delta',
        { v: PROTOCOL_VERSION, id: 7, type: 'step', delta: 3 },
        /^step: unit undefined is not "event", "cycle" or "paced"/,
      ],
      [
        'step with direction 0',
        { v: PROTOCOL_VERSION, id: 7, type: 'step', unit: 'event', direction: 0 },
        /^step: direction 0 is not 1 or -1/,
      ],
      [
        'step with a fractional count',
        { v: PROTOCOL_VERSION, id: 7, type: 'step', unit: 'cycle', direction: 1, count: 0.5 },
        /^step: count 0.5 is not an integer from 1/,
      ],
      [
        'a paced step without a budget',
        { v: PROTOCOL_VERSION, id: 7, type: 'step', unit: 'paced', direction: 1 },
        /^step: budgetMs undefined is not a number of ms from 0 to 3600000/,
      ],
      [
        'a paced step back',
        { v: PROTOCOL_VERSION, id: 7, type: 'step', unit: 'paced', direction: -1, budgetMs: 5 },
        /^step: a paced step goes forward only/,
      ],
      [
        'an event step with a budget',
        { v: PROTOCOL_VERSION, id: 7, type: 'step', unit: 'event', direction: 1, budgetMs: 5 },
        /^step: budgetMs is for paced steps only/,
      ],
      [
        'init with an unknown alignment',
        { v: PROTOCOL_VERSION, id: 7, type: 'init', lanes, align: 'vibes' },
        /^init: align "vibes" is not one of notification, time/,
      ],
      [
        'seek to a negative position',
        { v: PROTOCOL_VERSION, id: 7, type: 'seek', target: { kind: 'position', position: -1 } },
        /^seek: target position -1 is not a non-negative integer/,
      ],
      [
        'seek with a bare position (protocol v2)',
        { v: PROTOCOL_VERSION, id: 7, type: 'seek', position: 5 },
        /^seek: target is undefined, not an object/,
      ],
      [
        'jump to nowhere',
        { v: PROTOCOL_VERSION, id: 7, type: 'jump', to: 'middle' },
        /^jump: to "middle" is not one of nextLoss, prevLoss, start, end/,
      ],
      [
        'getTrace with from > to',
        { v: PROTOCOL_VERSION, id: 7, type: 'getTrace', lane: 0, from: 9, to: 2 },
        /^getTrace: range 9 to 2/,
      ],
      [
        'getTrace of lane 2',
        { v: PROTOCOL_VERSION, id: 7, type: 'getTrace', lane: 2, from: 0, to: 2 },
        /^getTrace: lane 2 is not 0 or 1/,
      ],
      [
        'getTrace with an unknown kind',
        {
          v: PROTOCOL_VERSION,
          id: 7,
          type: 'getTrace',
          lane: 0,
          from: 0,
          to: 2,
          kinds: ['read', 'nap'],
        },
        /^getTrace: kinds\[1\] "nap" is not one of fw_block/,
      ],
      [
        'getTrace with outcomes not an array',
        { v: PROTOCOL_VERSION, id: 7, type: 'getTrace', lane: 0, from: 0, to: 2, outcomes: 'lost' },
        /^getTrace: outcomes is "lost", not an array/,
      ],
      [
        'getTrace with a limit of 0',
        { v: PROTOCOL_VERSION, id: 7, type: 'getTrace', lane: 0, from: 0, to: 2, limit: 0 },
        /^getTrace: limit 0 is not an integer from 1 to 5000/,
      ],
    ];
    for (const [name, message, pattern] of cases) {
      it(name, () => {
        const h = new SimHandler();
        let r: SimResponse | null = null;
        expect(() => (r = h.handle(message))).not.toThrow();
        const e = ok(r, 'error');
        expect(e.message).toMatch(pattern);
        expect(e.v).toBe(PROTOCOL_VERSION);
        const id = (message as { id?: unknown } | null)?.id;
        expect(e.id).toBe(typeof id === 'number' ? id : null);
      });
    }

    it('a request before init', () => {
      const e = ok(new SimHandler().handle(makeRequest(3, { type: 'jump', to: 'end' })), 'error');
      expect(e).toMatchObject({ id: 3, requestType: 'jump' });
      expect(e.message).toMatch(/send init first/);
    });

    it('a failure inside the model', () => {
      const h = loaded();
      const spy = vi.spyOn(Timeline.prototype, 'stepForward').mockImplementation(() => {
        throw new RangeError('boom');
      });
      try {
        const e = ok(h.handle(makeRequest(6, { type: 'jump', to: 'end' })), 'error');
        expect(e).toMatchObject({ id: 6, requestType: 'jump', message: 'jump failed: boom' });
      } finally {
        spy.mockRestore();
      }
    });

    it('keeps the loaded run when a new init is refused', () => {
      const h = loaded();
      const bad = {
        v: PROTOCOL_VERSION,
        id: 5,
        type: 'init',
        lanes: [{ settings: { seed: 'x' } }, lanes[1]],
      };
      expect(h.handle(bad)?.type).toBe('error');
      expect(h.laneCount).toBe(2);
      const r = ok(send(h, { type: 'step', unit: 'event', direction: 1 }), 'snapshot');
      expect(r.pair.position).toBe(1);
    });
  });
});

describe('signs of life during a long request', () => {
  it('seed 1: a jump to the end of a day-long 1,024-peer pair calls alive once per BUSY_STEPS steps learnt, and never for a lesson', () => {
    const day: SimSettings = resolveSettings({
      seed: 1,
      peers: 1024,
      maxClients: 1024,
      untilS: 86_400,
      variant: '2.6.14',
    });
    const alive = vi.fn();
    const h = new SimHandler({ alive });
    ok(
      send(h, {
        type: 'init',
        lanes: [{ settings: day }, { settings: { ...day, variant: '2.6.20' } }],
      }),
      'ready',
    );
    expect(alive).not.toHaveBeenCalled();
    ok(send(h, { type: 'jump', to: 'end' }), 'snapshot');
    // each lane's scout calls it once per BUSY_STEPS of its own steps
    const steps = [day, { ...day, variant: '2.6.20' as const }].map((s) => {
      const st = createSim(s);
      let n = 0;
      while (!st.finished) {
        stepUntilTrace(st);
        n++;
      }
      return n;
    });
    expect(alive).toHaveBeenCalledTimes(steps.reduce((k, n) => k + Math.floor(n / BUSY_STEPS), 0));

    const quiet = vi.fn();
    const l = new SimHandler({ alive: quiet });
    ok(send(l, { type: 'init', lanes: [{ settings: LESSON }, { settings: LESSON_B }] }), 'ready');
    ok(send(l, { type: 'jump', to: 'end' }), 'snapshot');
    expect(quiet).not.toHaveBeenCalled();
  });
});
