import { describe, expect, it } from 'vitest';
import { resolveSettings, runToEnd, scenarioSettings } from '../model/index.ts';
import { PROTOCOL_VERSION, type LaneInit } from '../protocol/messages.ts';
import {
  SimClient,
  SimRequestError,
  workerErrorText,
  workerTransport,
  type BrowserWorker,
  type SimTransport,
} from './client.ts';
import { SimHandler } from './handler.ts';
import { HEARTBEAT } from './heartbeat.ts';

/** A transport that answers through a SimHandler asynchronously, as a worker would. */
function handlerTransport(background = false): SimTransport & { closed: boolean; sent: unknown[] } {
  let receive: (data: unknown) => void = () => {};
  const deliver = (r: unknown) => {
    if (!t.closed) receive(structuredClone(r));
  };
  const handler = new SimHandler({ background, post: (r) => setTimeout(() => deliver(r), 0) });
  const t = {
    closed: false,
    sent: [] as unknown[],
    send(message: unknown) {
      const copy = structuredClone(message);
      t.sent.push(copy);
      setTimeout(() => {
        const r = handler.handle(copy);
        if (r) deliver(r);
      }, 0);
    },
    listen(onMessage: (data: unknown) => void) {
      receive = onMessage;
    },
    close() {
      t.closed = true;
    },
  };
  return t;
}

const LESSON = resolveSettings(scenarioSettings('lesson', '2.6.14'));
const LANES: LaneInit[] = [{ settings: LESSON }, { settings: { ...LESSON, variant: '2.6.20' } }];
/** The pair's length: both lanes' whole traces, as the model runs them. */
const LESSON_LENGTH = LANES.reduce((n, l) => n + runToEnd(l.settings).summary.events, 0);

describe('SimClient', () => {
  it('inits, steps, seeks, jumps, reads the summaries and the trace', async () => {
    const client = new SimClient(handlerTransport());
    const ready = await client.init(LANES);
    expect(ready.pair.position).toBe(0);
    const stepped = await client.step('event', 1, 5);
    expect(stepped.pair.position).toBe(5);
    const back = await client.step('event', -1);
    expect(back.pair.position).toBe(4);
    const seek = await client.seek({ kind: 'position', position: 20 });
    expect(seek.pair.position).toBeGreaterThanOrEqual(20);
    const loss = await client.jump('nextLoss');
    expect(loss.pair.position).toBeGreaterThan(0);
    const ends = await client.summaries();
    expect(ends.map((l) => l.variant)).toEqual(['2.6.14', '2.6.20']);
    expect(ends.map((l) => l.length)).toEqual(ends.map((l) => l.summary.events));
    // a read does not move the pair
    expect((await client.step('event', 1, 1)).pair.position).toBeGreaterThan(loss.pair.position);
    const end = await client.jump('end');
    expect(end.pair.position).toBe(end.pair.length);
    expect((await client.getTrace(0, 0, 3)).map((e) => e.i)).toEqual([0, 1, 2]);
    const range = await client.getTraceRange(1, 0, 100, { kinds: ['loop_wake'] });
    expect(range.events.every((e) => e.what === 'loop_wake')).toBe(true);
    expect(range.total).toBe(range.known);
    client.dispose();
  });

  it('resolves whenComplete once the worker has completed both runs in the background', async () => {
    const client = new SimClient(handlerTransport(true));
    await client.init(LANES);
    const [done, step] = await Promise.all([client.whenComplete(), client.step('event', 1)]);
    expect(step.pair.position).toBe(1);
    expect(done.pair.length).toBe(LESSON_LENGTH);
    // the series rides on the first snapshot after completion, whichever that was
    expect([done.series, step.series].filter(Boolean)).toHaveLength(1);
    client.dispose();
  });

  it('sends every call at once, in call order, and settles each with its own answer', async () => {
    const t = handlerTransport();
    const client = new SimClient(t);
    await client.init(LANES);
    t.sent.length = 0;
    const first = client.seek({ kind: 'position', position: 10 });
    const second = client.step('event', 1);
    const trace = client.getTrace(0, 0, 5);
    const last = client.jump('start');
    // nothing is held back or merged: the playback machine coalesces, not the client
    expect(t.sent.map((m) => (m as { type: string }).type)).toEqual([
      'seek',
      'step',
      'getTrace',
      'jump',
    ]);
    const [a, b, c, d] = await Promise.all([first, second, trace, last]);
    expect(a.pair.position).toBeGreaterThanOrEqual(10);
    expect(b.pair.position).toBeGreaterThan(a.pair.position);
    expect(c).toHaveLength(5);
    expect(d.pair.position).toBe(0);
    client.dispose();
  });

  it('rejects with the worker’s message when a request fails', async () => {
    const client = new SimClient(handlerTransport());
    await expect(client.jump('end')).rejects.toThrow(/send init first/);
    await expect(client.seek({ kind: 'position', position: 3 })).rejects.toBeInstanceOf(
      SimRequestError,
    );
    await expect(client.init([LANES[0]!])).rejects.toThrow(/expected an array of 2 lanes/);
  });

  it('rejects pending requests on dispose and on a fatal error', async () => {
    const client = new SimClient(handlerTransport());
    const pending = client.init(LANES);
    const waiting = client.step('event', 1);
    client.dispose();
    await expect(pending).rejects.toThrow(/stopped/);
    await expect(waiting).rejects.toThrow(/stopped/);
    await expect(client.step('event', 1)).rejects.toThrow(/stopped/);

    let fatal: (m: string) => void = () => {};
    const crashed = new SimClient({
      send() {},
      listen(_onMessage, onFatal) {
        fatal = onFatal;
      },
      close() {},
    });
    const seen: string[] = [];
    crashed.onFatal((m) => seen.push(m));
    const p = crashed.jump('end');
    fatal('the simulation worker crashed: boom');
    await expect(p).rejects.toThrow(/boom/);
    expect(seen).toEqual(['the simulation worker crashed: boom']);
  });

  it('treats a response of the wrong version or shape as unusable', async () => {
    let receive: (data: unknown) => void = () => {};
    let reply: (id: number) => unknown = () => null;
    const client = new SimClient({
      send(m) {
        const id = (m as { id: number }).id;
        setTimeout(() => receive(reply(id)), 0);
      },
      listen(onMessage) {
        receive = onMessage;
      },
      close() {},
    });
    reply = (id) => ({ v: PROTOCOL_VERSION - 1, id, type: 'snapshot', lanes: [] });
    await expect(client.jump('end')).rejects.toThrow(/unusable message.*protocol version 3/);
    reply = (id) => ({ v: PROTOCOL_VERSION, id, type: 'snapshot', lanes: [] });
    await expect(client.jump('end')).rejects.toThrow(/unusable message.*pair is not an object/);
  });
});

/** A periodic timer driven by hand: `fire()` runs every started callback once. */
function manualEvery() {
  const running = new Map<number, () => void>();
  let next = 0;
  const periods: number[] = [];
  return {
    every(ms: number, fn: () => void) {
      const id = next++;
      periods.push(ms);
      running.set(id, fn);
      return () => running.delete(id);
    },
    fire(times = 1) {
      for (let i = 0; i < times; i++) for (const fn of [...running.values()]) fn();
    },
    get running() {
      return running.size;
    },
    periods,
  };
}

/** A worker that receives everything and answers only when told (or never). */
function silentTransport() {
  const t = {
    sent: [] as { id: number; type: string }[],
    closed: false,
    receive: (_data: unknown) => {},
    fatal: (_message: string) => {},
    send(message: unknown) {
      t.sent.push(message as { id: number; type: string });
    },
    listen(onMessage: (data: unknown) => void, onFatal: (message: string) => void) {
      t.receive = onMessage;
      t.fatal = onFatal;
    },
    close() {
      t.closed = true;
    },
  };
  return t;
}

describe('SimClient and a worker that stops answering', () => {
  it('fails what waits after replyTimeoutMs of silence, counted in checks, and tells onFatal once', async () => {
    const clock = manualEvery();
    const t = silentTransport();
    const client = new SimClient(t, { replyTimeoutMs: 10_000, every: clock.every });
    const seen: string[] = [];
    client.onFatal((m) => seen.push(m));
    expect(clock.running).toBe(0); // nothing waits: nothing is checked
    const p = client.jump('end');
    const caught = p.catch((e: unknown) => e);
    expect(clock.running).toBe(1);
    expect(clock.periods).toEqual([2_000]);
    clock.fire(4);
    expect(seen).toEqual([]);
    clock.fire();
    const err = await caught;
    expect(err).toBeInstanceOf(SimRequestError);
    expect((err as Error).message).toBe(
      'the simulation worker stopped answering: nothing came from it for 10 s while it had jump to answer',
    );
    expect(seen).toEqual([(err as Error).message]);
    expect(clock.running).toBe(0);
    expect(client.dead).toBe(true);
    // the next request fails at once with the same message
    await expect(client.step('event', 1)).rejects.toThrow(/stopped answering/);
  });

  it('counts heartbeats and answers as signs of life, and checks only while a request waits', async () => {
    const clock = manualEvery();
    const t = silentTransport();
    const client = new SimClient(t, { replyTimeoutMs: 5_000, every: clock.every });
    const seen: string[] = [];
    client.onFatal((m) => seen.push(m));
    const done = client.whenComplete();
    // a long background completion: the worker beats between its slices
    for (let i = 0; i < 20; i++) {
      clock.fire(4);
      t.receive(structuredClone(HEARTBEAT));
    }
    expect(seen).toEqual([]);
    // the answer settles the request and stops the checks
    const id = t.sent[0]!.id;
    t.receive({
      v: PROTOCOL_VERSION,
      id,
      type: 'error',
      requestType: 'whenComplete',
      message: 'x',
    });
    await expect(done).rejects.toThrow(/^x$/);
    expect(clock.running).toBe(0);
    clock.fire(10);
    expect(seen).toEqual([]);
    // a heartbeat outside any request is no answer and no failure
    t.receive(structuredClone(HEARTBEAT));
    expect(client.dead).toBe(false);
    // silence restarts the count from the request's start
    const late = client.summaries().catch((e: unknown) => e);
    clock.fire(5);
    expect(String(await late)).toMatch(/stopped answering.*5 s while it had summaries to answer/);
  });
});

/** A stand-in for the browser's Worker object. */
function fakeBrowserWorker() {
  const w: BrowserWorker & { posted: unknown[]; terminated: boolean } = {
    posted: [],
    terminated: false,
    onmessage: null,
    onmessageerror: null,
    onerror: null,
    postMessage(m) {
      w.posted.push(m);
    },
    terminate() {
      w.terminated = true;
    },
  };
  return w;
}

describe('workerTransport', () => {
  it('names what happened: a script that failed to load, a throw, an unreadable message', async () => {
    const cases: [(w: BrowserWorker) => void, string][] = [
      [
        (w) => w.onerror?.({}),
        'the simulation worker failed to load (its script could not be fetched or started)',
      ],
      [
        (w) => w.onerror?.({ message: 'Uncaught Error: boom' }),
        'the simulation worker threw "Error: boom"',
      ],
      [(w) => w.onmessageerror?.(), 'a message from the simulation worker was unreadable'],
    ];
    for (const [happen, message] of cases) {
      const w = fakeBrowserWorker();
      const client = new SimClient(workerTransport(w));
      const p = client.jump('end');
      happen(w);
      await expect(p).rejects.toThrow(message);
    }
    expect(workerErrorText({ message: `"${'x'.repeat(300)}` })).toMatch(
      /^the simulation worker threw "\\"x+…"$/,
    );
  });
});

describe('SimClient.restart', () => {
  it('terminates the dead worker, starts a fresh one and works there; the old one is not heard', async () => {
    const workers: ReturnType<typeof handlerTransport>[] = [];
    const fatals: ((m: string) => void)[] = [];
    const receivers: ((d: unknown) => void)[] = [];
    const client = new SimClient(() => {
      const t = handlerTransport();
      const listen = t.listen.bind(t);
      t.listen = (onMessage, onFatal) => {
        receivers.push(onMessage);
        fatals.push(onFatal);
        listen(onMessage, onFatal);
      };
      workers.push(t);
      return t;
    });
    const seen: string[] = [];
    client.onFatal((m) => seen.push(m));
    const first = await client.init(LANES, { kind: 'position', position: 30 });
    const waiting = client.step('event', 1, 3);
    fatals[0]!('the simulation worker threw "Error: boom"');
    await expect(waiting).rejects.toThrow('the simulation worker threw "Error: boom"');
    expect(client.dead).toBe(true);

    client.restart();
    expect(workers).toHaveLength(2);
    expect(workers[0]!.closed).toBe(true);
    expect(client.dead).toBe(false);
    // the fresh worker knows no run until an init: reload where the pair stood
    const again = await client.init(LANES, { kind: 'position', position: first.pair.position });
    expect(again.pair.position).toBe(first.pair.position);
    expect((await client.step('event', 1)).pair.position).toBeGreaterThan(first.pair.position);
    // a late word from the terminated worker changes nothing
    fatals[0]!('late');
    receivers[0]!({ v: PROTOCOL_VERSION, id: null, type: 'error', message: 'late' });
    expect(client.dead).toBe(false);
    // a failure of the fresh worker is heard again
    fatals[1]!('the simulation worker stopped answering');
    expect(seen).toEqual([
      'the simulation worker threw "Error: boom"',
      'the simulation worker stopped answering',
    ]);
    // an init on a dead client starts a fresh worker by itself
    const third = await client.init(LANES);
    expect(third.pair.position).toBe(0);
    expect(workers).toHaveLength(3);
    client.dispose();
    expect(workers[2]!.closed).toBe(true);
    expect(() => client.restart()).toThrow(/disposed/);
  });

  it('rejects the requests still waiting on the worker it replaces', async () => {
    const t = silentTransport();
    const client = new SimClient(() => t);
    const p = client.jump('end');
    client.restart();
    await expect(p).rejects.toThrow('the simulation worker was restarted');
    const single = new SimClient(silentTransport());
    expect(() => single.restart()).toThrow(/one transport/);
  });
});
