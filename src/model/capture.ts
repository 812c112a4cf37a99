/**
 * What an nlmon device would record of a run: every request OpenVPN sends and every datagram
 * the kernel queues on OpenVPN's netlink socket, in order, with the simulated time of each.
 *
 * nlmon taps a netlink skb when it is queued to the receiving socket (and when userspace
 * sends one to the kernel), so a notification the full socket refused is not in a capture and
 * a queued one appears at the time it was queued, however late OpenVPN reads it. That is what
 * this records: a datagram's `atUs` is when the socket took it.
 *
 * How: the run is stepped as runToEnd steps it, with a trace sink whose push first takes the
 * datagrams queued since the last trace event (datagram ids grow in the order they are made,
 * and every one made is queued at once or dropped), so requests and the replies they cause keep
 * their order. A datagram that was queued and read again between two trace events would be
 * missed; `missed` counts reads of datagrams never seen queued (the tests check it is 0).
 *
 * Pure and deterministic, like the rest of the model: the same settings give the same capture.
 */
import { PROGRESS_EVERY, type RunOptions } from './run.ts';
import type { SimSettings } from './settings.ts';
import { advanceOne, createSim } from './sim.ts';
import type { Datagram, RequestCmd, SimState } from './state.ts';
import { summarize, type RunSummary } from './summary.ts';
import type { TraceEvent } from './trace.ts';

/** One message an nlmon capture of the run holds. */
export type CapturedMessage =
  | {
      kind: 'request';
      tUs: number;
      cmd: RequestCmd;
      /** The model's request number (the message's netlink sequence number). */
      req: number;
      /** The peer the request names, or -1 (a dump). */
      peer: number;
    }
  | { kind: 'datagram'; tUs: number; dg: Datagram };

export interface CaptureResult {
  summary: RunSummary;
  state: SimState;
  messages: CapturedMessage[];
  /** Datagrams read by OpenVPN that were never seen queued (0 unless the method fails). */
  missed: number;
}

/** Runs the settings to the end, recording what an nlmon capture would hold. */
export function captureRun(settings: Partial<SimSettings>, opts: RunOptions = {}): CaptureResult {
  const st = createSim(settings);
  const messages: CapturedMessage[] = [];
  let lastId = -1;
  let missed = 0;

  /** Takes the datagrams queued since the last look (newest at the queue's end). */
  const takeQueued = (): void => {
    const q = st.sock.queue;
    let k = q.length;
    while (k > 0 && q[k - 1]!.id > lastId) k--;
    for (; k < q.length; k++) {
      const dg = q[k]!;
      messages.push({ kind: 'datagram', tUs: dg.atUs, dg });
      lastId = dg.id;
    }
  };

  const onTrace = opts.onTrace;
  const forward: TraceEvent[] = [];
  const sink: TraceEvent[] = [];
  // the model's emit pushes each event here as it happens: look at the queue first
  sink.push = (...events: TraceEvent[]): number => {
    for (const e of events) {
      takeQueued();
      if (e.what === 'request' && e.cmd !== undefined && e.n !== undefined) {
        messages.push({ kind: 'request', tUs: e.t, cmd: e.cmd, req: e.n, peer: e.peer ?? -1 });
      } else if (e.what === 'read' && e.dg !== undefined && e.dg > lastId) {
        missed++;
      }
      if (onTrace) forward.push(e);
    }
    return 0;
  };

  const onProgress = opts.onProgress;
  let steps = 0;
  while (!st.finished) {
    advanceOne(st, sink);
    takeQueued();
    if (onProgress && ++steps % PROGRESS_EVERY === 0) onProgress(st);
    if (onTrace) {
      for (const e of forward) onTrace(e);
      forward.length = 0;
    }
  }
  return { summary: summarize(st), state: st, messages, missed };
}
