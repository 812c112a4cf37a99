import { describe, expect, it } from 'vitest';
import { resolveSettings, scenarioSettings } from '../model/index.ts';
import { PROTOCOL_VERSION } from '../protocol/messages.ts';
import { SimClient, SimRequestError, type SimTransport } from './client.ts';
import { SimHandler } from './handler.ts';

/** A transport that answers through a SimHandler asynchronously, as a worker would. */
function handlerTransport(handler = new SimHandler()): SimTransport & { closed: boolean } {
  let receive: (data: unknown) => void = () => {};
  const t = {
    closed: false,
    send(message: unknown) {
      const copy = structuredClone(message);
      setTimeout(() => {
        if (!t.closed) receive(structuredClone(handler.handle(copy)));
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

describe('SimClient', () => {
  it('inits, steps, runs to the end and reads the trace', async () => {
    const client = new SimClient(handlerTransport());
    const ready = await client.init([{ settings: LESSON }]);
    expect(ready.lanes[0]!.position).toBe(0);
    const stepped = await client.step(5);
    expect(stepped.lanes[0]!.position).toBeGreaterThanOrEqual(5);
    const end = await client.runToEnd();
    expect(end.lanes[0]!.finished).toBe(true);
    const trace = await client.getTrace(0, 0, 3);
    expect(trace.events.map((e) => e.i)).toEqual([0, 1, 2]);
  });

  it('rejects with the worker’s message when a request fails', async () => {
    const client = new SimClient(handlerTransport());
    await expect(client.runToEnd()).rejects.toThrow(/send init first/);
    await expect(client.runToEnd()).rejects.toBeInstanceOf(SimRequestError);
  });

  it('answers concurrent requests by id', async () => {
    const client = new SimClient(handlerTransport());
    await client.init([{ settings: LESSON }]);
    const [a, b] = await Promise.all([client.seek(3), client.getTrace(0, 0, 1000)]);
    expect(a.lanes[0]!.position).toBeGreaterThanOrEqual(3);
    expect(b.to).toBe(a.lanes[0]!.position);
  });

  it('rejects pending requests on terminate and on a fatal error', async () => {
    const client = new SimClient(handlerTransport());
    const pending = client.init([{ settings: LESSON }]);
    client.terminate();
    await expect(pending).rejects.toThrow(/stopped/);
    await expect(client.step(1)).rejects.toThrow(/stopped/);

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
    const p = crashed.runToEnd();
    fatal('the simulation worker crashed: boom');
    await expect(p).rejects.toThrow(/boom/);
    expect(seen).toEqual(['the simulation worker crashed: boom']);
  });

  it('treats a response of the wrong version as unusable', async () => {
    let receive: (data: unknown) => void = () => {};
    const client = new SimClient({
      send(m) {
        const id = (m as { id: number }).id;
        setTimeout(() => receive({ v: PROTOCOL_VERSION + 1, id, type: 'snapshot', lanes: [] }), 0);
      },
      listen(onMessage) {
        receive = onMessage;
      },
      close() {},
    });
    await expect(client.runToEnd()).rejects.toThrow(/unusable message.*protocol version 2/);
  });
});
