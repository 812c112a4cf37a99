import { describe, expect, it } from 'vitest';
import { resolveSettings, runToEnd, scenarioSettings } from '../model/index.ts';
import { PROTOCOL_VERSION, type LaneInit } from '../protocol/messages.ts';
import { SimClient, SimRequestError, type SimTransport } from './client.ts';
import { SimHandler } from './handler.ts';

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
