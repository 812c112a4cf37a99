import { describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_SETTINGS,
  MODEL_VERSION,
  Timeline,
  runToEnd,
  scenarioSettings,
  resolveSettings,
  type SimSettings,
} from '../model/index.ts';
import {
  PROTOCOL_VERSION,
  RECENT_TRACE_EVENTS,
  makeRequest,
  type SimRequestBody,
  type SimResponse,
} from '../protocol/messages.ts';
import { SimHandler } from './handler.ts';

/** The six-client lesson (28 trace events): small enough to compare many positions. */
const LESSON: SimSettings = resolveSettings(scenarioSettings('lesson', '2.6.14'));
/** A few hundred events, more than one timeline checkpoint apart when seeking. */
const LOCK: SimSettings = resolveSettings(scenarioSettings('why-the-lock', 'fix-no-lock'));

let nextId = 1;
function send(h: SimHandler, body: SimRequestBody): SimResponse {
  const id = nextId++;
  const r = h.handle(makeRequest(id, body));
  expect(r.v).toBe(PROTOCOL_VERSION);
  expect(r.id).toBe(id);
  // Every response must survive the structured clone of postMessage.
  expect(structuredClone(r)).toEqual(r);
  return r;
}

function ok<T extends SimResponse['type']>(
  r: SimResponse,
  type: T,
): Extract<SimResponse, { type: T }> {
  if (r.type !== type) throw new Error(`expected ${type}, got ${JSON.stringify(r)}`);
  return r as Extract<SimResponse, { type: T }>;
}

function loaded(...lanes: SimSettings[]): SimHandler {
  const h = new SimHandler();
  ok(send(h, { type: 'init', lanes: lanes.map((settings) => ({ settings })) }), 'ready');
  return h;
}

describe('SimHandler', () => {
  it('init gives every lane at position 0', () => {
    const h = new SimHandler();
    const r = ok(
      send(h, {
        type: 'init',
        lanes: [{ settings: LESSON }, { settings: { ...LESSON, variant: '2.6.20' } }],
      }),
      'ready',
    );
    expect(r.modelVersion).toBe(MODEL_VERSION);
    expect(r.lanes.map((l) => [l.lane, l.position, l.summary.variant])).toEqual([
      [0, 0, '2.6.14'],
      [1, 0, '2.6.20'],
    ]);
    expect(h.laneCount).toBe(2);
  });

  it('init then runToEnd gives the summary of the model’s runToEnd, for both default lanes', () => {
    const lanes = [DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, variant: '2.6.20' as const }];
    const h = loaded(...lanes);
    const r = ok(send(h, { type: 'runToEnd' }), 'snapshot');
    expect(r.lanes).toHaveLength(2);
    for (const [i, settings] of lanes.entries()) {
      const lane = r.lanes[i]!;
      expect(lane.finished).toBe(true);
      expect(lane.summary).toEqual(runToEnd(settings).summary);
      expect(lane.position).toBe(lane.summary.events);
      expect(lane.recent.length).toBe(Math.min(RECENT_TRACE_EVENTS, lane.position));
      expect(lane.recent.at(-1)?.i).toBe(lane.position - 1);
    }

    // Back across several checkpoints, then forward again: the same end, bit for bit.
    const back = ok(send(h, { type: 'seek', position: 10_123 }), 'snapshot');
    for (const lane of back.lanes) {
      expect(lane.position).toBeGreaterThanOrEqual(10_123);
      expect(lane.finished).toBe(false);
    }
    const again = ok(send(h, { type: 'runToEnd' }), 'snapshot');
    expect(again.lanes).toEqual(r.lanes);
  });

  it('seek back then forward gives identical summaries', () => {
    const h = loaded(LESSON, { ...LESSON, variant: '2.6.20' });
    const end = ok(send(h, { type: 'runToEnd' }), 'snapshot');
    const total = end.lanes[0]!.position;
    expect(total).toBeGreaterThan(10);
    const mid = Math.floor(total / 2);

    // Seeking lands on the first step boundary at or after the target.
    const atMid = ok(send(h, { type: 'seek', lane: 0, position: mid }), 'snapshot');
    const midPos = atMid.lanes[0]!.position;
    expect(midPos).toBeGreaterThanOrEqual(mid);
    expect(midPos).toBeLessThan(total);
    expect(atMid.lanes[0]!.finished).toBe(false);
    expect(atMid.lanes[0]!.summary.events).toBe(midPos);
    // The other lane did not move.
    expect(atMid.lanes[1]).toEqual(end.lanes[1]);

    // The same state as a fresh lane taken to the same position.
    const fresh = loaded(LESSON);
    expect(ok(send(fresh, { type: 'seek', position: midPos }), 'snapshot').lanes[0]).toEqual(
      atMid.lanes[0],
    );

    // Back to the start, then forward again by seeking, by stepping and by running to the end.
    const back = ok(send(h, { type: 'seek', position: 0 }), 'snapshot');
    expect(back.lanes.map((l) => l.position)).toEqual([0, 0]);
    const midAgain = ok(send(h, { type: 'step', lane: 0, delta: midPos }), 'snapshot');
    expect(midAgain.lanes[0]).toEqual(atMid.lanes[0]);
    const endAgain = ok(send(h, { type: 'runToEnd' }), 'snapshot');
    expect(endAgain).toEqual({ ...end, id: endAgain.id });
    expect(endAgain.lanes.map((l) => l.summary)).toEqual([
      runToEnd(LESSON).summary,
      runToEnd({ ...LESSON, variant: '2.6.20' }).summary,
    ]);
  });

  it('steps backwards with a negative delta, always moving back, stopping at 0', () => {
    const h = loaded(LOCK);
    const at40 = ok(send(h, { type: 'step', delta: 40 }), 'snapshot').lanes[0]!.position;
    expect(at40).toBeGreaterThanOrEqual(40);
    let pos = at40;
    for (let k = 0; k < 5; k++) {
      const back = ok(send(h, { type: 'step', delta: -1 }), 'snapshot').lanes[0]!;
      expect(back.position).toBeLessThan(pos);
      const fresh = loaded(LOCK);
      expect(
        ok(send(fresh, { type: 'seek', position: back.position }), 'snapshot').lanes[0],
      ).toEqual(back);
      pos = back.position;
    }
    const at0 = ok(send(h, { type: 'step', delta: -1000 }), 'snapshot');
    expect(at0.lanes[0]!.position).toBe(0);
  });

  it('getTrace returns the events of a range, cut to what has been computed', () => {
    const h = loaded(LOCK);
    const pos = ok(send(h, { type: 'step', delta: 25 }), 'snapshot').lanes[0]!.position;
    const r = ok(send(h, { type: 'getTrace', lane: 0, from: 5, to: 10_000 }), 'trace');
    expect([r.lane, r.from, r.to]).toEqual([0, 5, pos]);
    expect(r.events.map((e) => e.i)).toEqual(Array.from({ length: pos - 5 }, (_, k) => 5 + k));
    // After a seek back the events already computed stay readable.
    ok(send(h, { type: 'seek', position: 0 }), 'snapshot');
    const again = ok(send(h, { type: 'getTrace', lane: 0, from: 5, to: 10_000 }), 'trace');
    expect(again.events).toEqual(r.events);
  });

  describe('answers bad messages with an error, never a throw', () => {
    const cases: [string, unknown, RegExp][] = [
      ['not an object', 'hello', /request is "hello", not an object/],
      ['null', null, /request is null/],
      ['an array', [1, 2], /not an object/],
      [
        'a wrong version',
        { v: 2, id: 7, type: 'runToEnd' },
        /protocol version 2 is not supported.*version 1/,
      ],
      ['no version', { id: 7, type: 'runToEnd' }, /protocol version undefined/],
      [
        'an unknown type',
        { v: PROTOCOL_VERSION, id: 7, type: 'explode' },
        /unknown request type "explode": expected one of init, seek/,
      ],
      ['no id', { v: PROTOCOL_VERSION, type: 'runToEnd' }, /request id undefined/],
      [
        'init without lanes',
        { v: PROTOCOL_VERSION, id: 7, type: 'init' },
        /^init: lanes is undefined/,
      ],
      [
        'init with empty lanes',
        { v: PROTOCOL_VERSION, id: 7, type: 'init', lanes: [] },
        /^init: lanes is an array of 0/,
      ],
      [
        'init with a lane without settings',
        { v: PROTOCOL_VERSION, id: 7, type: 'init', lanes: [{}] },
        /^init: lane 0 has no settings object/,
      ],
      [
        'init with a bad setting',
        { v: PROTOCOL_VERSION, id: 7, type: 'init', lanes: [{ settings: { peers: -3 } }] },
        /^init: lane 0: peer count -3 is not allowed/,
      ],
      [
        'seek to a negative position',
        { v: PROTOCOL_VERSION, id: 7, type: 'seek', position: -1 },
        /^seek: position -1 is not a non-negative integer/,
      ],
      [
        'step by a fraction',
        { v: PROTOCOL_VERSION, id: 7, type: 'step', delta: 0.5 },
        /^step: delta 0.5 is not an integer/,
      ],
      [
        'getTrace with from > to',
        { v: PROTOCOL_VERSION, id: 7, type: 'getTrace', lane: 0, from: 9, to: 2 },
        /^getTrace: range 9 to 2/,
      ],
    ];
    for (const [name, message, pattern] of cases) {
      it(name, () => {
        const h = new SimHandler();
        let r: SimResponse | undefined;
        expect(() => (r = h.handle(message))).not.toThrow();
        const e = ok(r!, 'error');
        expect(e.message).toMatch(pattern);
        expect(e.v).toBe(PROTOCOL_VERSION);
        const id = (message as { id?: unknown } | null)?.id;
        expect(e.id).toBe(typeof id === 'number' ? id : null);
      });
    }

    it('a request before init', () => {
      const e = ok(new SimHandler().handle(makeRequest(3, { type: 'runToEnd' })), 'error');
      expect(e).toMatchObject({ id: 3, requestType: 'runToEnd' });
      expect(e.message).toMatch(/send init first/);
    });

    it('a lane that does not exist', () => {
      const h = loaded(LESSON);
      const e = ok(h.handle(makeRequest(4, { type: 'seek', lane: 1, position: 0 })), 'error');
      expect(e.message).toMatch(/lane 1 does not exist: lanes are 0 to 0/);
    });

    it('a failure inside the model', () => {
      const h = loaded(LESSON);
      const spy = vi.spyOn(Timeline.prototype, 'runToEnd').mockImplementation(() => {
        throw new RangeError('boom');
      });
      try {
        const e = ok(h.handle(makeRequest(6, { type: 'runToEnd' })), 'error');
        expect(e).toMatchObject({
          id: 6,
          requestType: 'runToEnd',
          message: 'runToEnd failed: boom',
        });
      } finally {
        spy.mockRestore();
      }
    });

    it('keeps the loaded lanes when a new init is refused', () => {
      const h = loaded(LESSON);
      const bad = {
        v: PROTOCOL_VERSION,
        id: 5,
        type: 'init',
        lanes: [{ settings: { seed: 'x' } }],
      };
      expect(h.handle(bad).type).toBe('error');
      expect(h.laneCount).toBe(1);
      expect(ok(send(h, { type: 'step', delta: 1 }), 'snapshot').lanes[0]!.position).toBe(1);
    });
  });
});
