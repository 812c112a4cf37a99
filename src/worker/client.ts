/**
 * Promise-based client of the simulation worker, used by the UI. It speaks the protocol of
 * src/protocol and imports only types from the model, so the simulation code stays in the
 * worker bundle.
 *
 * Every call is sent at once and settled by the answer with its id; the worker answers in the
 * order it receives requests. The client neither holds nor merges requests: the playback
 * machine (src/machines) is the only caller that moves the pair, and it keeps one move in
 * flight and coalesces the moves that wait. Reads (`getTrace`, `summaries`, `whenComplete`)
 * never move the pair.
 *
 * A worker that fails is detected and named: its `error` event (the script failed to load, or
 * it threw), `messageerror`, an unusable message outside any request, or silence: nothing at
 * all from it (answers and heartbeats alike, heartbeat.ts) for `replyTimeoutMs` (60 s) while a
 * request waits, which is how a worker that closed itself shows. Every waiting request then
 * rejects with that message and `onFatal` listeners hear it once. `restart()` terminates the
 * worker and starts a fresh one (an `init` on a dead client does so by itself); the playback
 * machine then reloads the run where it stood.
 */
import {
  makeRequest,
  type AlignMode,
  type JumpTarget,
  type LaneEnd,
  type LaneInit,
  type MoveTarget,
  type ReadyResponse,
  type SimRequestBody,
  type SimRequestType,
  type SimResponse,
  type SnapshotResponse,
  type StepDirection,
  type StepUnit,
  type TraceResponse,
} from '../protocol/messages.ts';
import { parseResponse } from '../protocol/messageParse.ts';
import type { Outcome, TraceEvent, TraceWhat } from '../model/index.ts';
import { isHeartbeat } from './heartbeat.ts';

/** How the client reaches a worker: a real Worker in the browser, a SimHandler in Node tests. */
export interface SimTransport {
  send(message: unknown): void;
  /** Registers the receivers: `onMessage` for every message, `onFatal` when the worker dies. */
  listen(onMessage: (data: unknown) => void, onFatal: (message: string) => void): void;
  close(): void;
}

/**
 * Default silence (ms) after which a worker with a request waiting has stopped answering. The
 * worker beats every second whenever its event loop is free, so this bounds only its longest
 * synchronous piece of work: opening a 10,000-peer, 2,000 s run at its end took 15 s in Node
 * on a slow 2-core machine, so a page waits four times that before it gives up.
 */
export const REPLY_TIMEOUT_MS = 60_000;
/** Silence is counted in this many checks per timeout, so a suspended machine counts once. */
const CHECKS_PER_TIMEOUT = 5;

/** Starts a periodic callback every `ms`; returns its stop. */
export type Every = (ms: number, fn: () => void) => () => void;

const realEvery: Every = (ms, fn) => {
  const id = setInterval(fn, ms);
  return () => clearInterval(id);
};

export interface SimClientOptions {
  /** Silence (ms) with a request waiting after which the worker counts as stopped answering. */
  replyTimeoutMs?: number;
  /** The periodic check's timer (tests inject one they drive by hand). */
  every?: Every;
}

/** A request the worker refused or failed, with the worker's message. */
export class SimRequestError extends Error {
  override name = 'SimRequestError';
  readonly requestType: SimRequestType | undefined;
  constructor(message: string, requestType?: SimRequestType) {
    super(message);
    this.requestType = requestType;
  }
}

/** Filters and paging of a trace query (see GetTraceRequest). */
export interface TraceQuery {
  kinds?: TraceWhat[];
  outcomes?: Outcome[];
  limit?: number;
  tail?: boolean;
}

type ResponseOf<T extends SimResponse['type']> = Extract<SimResponse, { type: T }>;

/** A request sent and waiting for its answer. */
interface Entry {
  type: SimRequestType;
  expect: SimResponse['type'];
  resolve: (r: SimResponse) => void;
  reject: (e: Error) => void;
}

export class SimClient {
  private nextId = 1;
  private readonly pending = new Map<number, Entry>();
  private closedBecause: string | null = null;
  private disposed = false;
  private readonly fatalListeners = new Set<(message: string) => void>();
  private transport!: SimTransport;
  /** Counts the transports opened; a retired one's messages are ignored. */
  private generation = 0;
  private readonly connect: (() => SimTransport) | null;
  private readonly replyTimeoutMs: number;
  private readonly every: Every;
  /** The silence check, running while any request waits. */
  private stopCheck: (() => void) | null = null;
  /** Whether anything came from the worker since the last check. */
  private heard = false;
  private silentChecks = 0;

  /**
   * `connect` is the worker's transport, or a function that opens one (then `restart` can
   * open another).
   */
  constructor(connect: SimTransport | (() => SimTransport), options: SimClientOptions = {}) {
    this.connect = typeof connect === 'function' ? connect : null;
    this.replyTimeoutMs = Math.max(1, options.replyTimeoutMs ?? REPLY_TIMEOUT_MS);
    this.every = options.every ?? realEvery;
    this.open(typeof connect === 'function' ? connect() : connect);
  }

  /** Starts the simulation worker of this app (`restart` starts a fresh one). */
  static start(options: SimClientOptions = {}): SimClient {
    return new SimClient(() => workerTransport(createSimWorker()), options);
  }

  /** True once the worker failed or stopped answering (until `restart`). */
  get dead(): boolean {
    return this.closedBecause !== null && !this.disposed;
  }

  /**
   * Terminates the worker and starts a fresh one: requests still waiting reject (the worker
   * that had them is gone); the fresh worker knows no run until an `init`. The `onFatal`
   * listeners stay.
   */
  restart(): void {
    if (this.disposed) throw new Error('the simulation client was disposed: it cannot restart');
    if (!this.connect) throw new Error('this client has one transport: it cannot restart');
    this.retire('the simulation worker was restarted');
    this.closedBecause = null;
    this.open(this.connect());
  }

  /**
   * Loads a fresh run of two lanes (same settings but the variant), at position 0 or at
   * `target`.
   */
  init(lanes: readonly LaneInit[], target?: MoveTarget, align?: AlignMode): Promise<ReadyResponse> {
    // A new run needs no old worker: after a failure, load it on a fresh one.
    if (this.dead && this.connect) this.restart();
    const body: SimRequestBody = { type: 'init', lanes: [...lanes] };
    if (target !== undefined) body.target = target;
    if (align !== undefined) body.align = align;
    return this.request(body, 'ready');
  }

  /** Forward by whole steps while their teaching-clock cost fits `budgetMs` (ms at 1×). */
  paced(budgetMs: number, stopAtLoss = false): Promise<SnapshotResponse> {
    const body: SimRequestBody = { type: 'step', unit: 'paced', direction: 1, budgetMs };
    if (stopAtLoss) body.stopAtLoss = true;
    return this.request(body, 'snapshot');
  }

  /** `count` (default 1) events or read cycles forward (1) or back (-1), in merged time order. */
  step(unit: StepUnit, direction: StepDirection, count = 1): Promise<SnapshotResponse> {
    const body: SimRequestBody = { type: 'step', unit, direction };
    if (count !== 1) body.count = count;
    return this.request(body, 'snapshot');
  }

  /** To a position, a simulated time or an event (see MoveTarget). */
  seek(target: MoveTarget): Promise<SnapshotResponse> {
    return this.request({ type: 'seek', target }, 'snapshot');
  }

  jump(to: JumpTarget): Promise<SnapshotResponse> {
    return this.request({ type: 'jump', to }, 'snapshot');
  }

  /** Resolves once both runs are complete: the pair where it stands, with `series` if unsent. */
  whenComplete(): Promise<SnapshotResponse> {
    return this.request({ type: 'whenComplete' }, 'snapshot');
  }

  /** Both lanes' end-of-run summaries and lengths; the pair does not move. */
  async summaries(): Promise<LaneEnd[]> {
    return (await this.request({ type: 'summaries' }, 'summaries')).lanes;
  }

  /** Trace events [from, to) of a lane, filtered (see TraceQuery): the events only. */
  async getTrace(
    lane: number,
    from: number,
    to: number,
    query: TraceQuery = {},
  ): Promise<TraceEvent[]> {
    return (await this.getTraceRange(lane, from, to, query)).events;
  }

  /** As getTrace, with the range actually scanned and the lane's known and total lengths. */
  getTraceRange(
    lane: number,
    from: number,
    to: number,
    query: TraceQuery = {},
  ): Promise<TraceResponse> {
    return this.request({ type: 'getTrace', lane, from, to, ...query }, 'trace');
  }

  /**
   * Called once per worker if it dies, stops answering or sends something unusable outside any
   * request (again for a restarted worker that fails).
   */
  onFatal(listener: (message: string) => void): () => void {
    this.fatalListeners.add(listener);
    return () => this.fatalListeners.delete(listener);
  }

  /** Stops the worker; pending requests reject. */
  dispose(): void {
    if (this.disposed) return;
    this.retire('the simulation worker was stopped');
    this.disposed = true;
  }

  /** Opens a transport and listens to it (and to nothing older). */
  private open(transport: SimTransport): void {
    const generation = ++this.generation;
    this.transport = transport;
    transport.listen(
      (data) => {
        if (generation === this.generation) this.receive(data);
      },
      (message) => {
        if (generation === this.generation) this.fail(message);
      },
    );
  }

  /** Fails what waits (without telling the listeners) and closes the transport. */
  private retire(message: string): void {
    if (this.closedBecause === null) this.fail(message, false);
    this.closedBecause = message;
    this.generation++;
    this.transport.close();
  }

  /** Keeps the silence check running exactly while some request waits. */
  private watch(): void {
    if (this.pending.size === 0) {
      this.stopCheck?.();
      this.stopCheck = null;
      return;
    }
    if (this.stopCheck) return;
    this.heard = false;
    this.silentChecks = 0;
    this.stopCheck = this.every(this.replyTimeoutMs / CHECKS_PER_TIMEOUT, () => this.check());
  }

  /** One periodic check: enough consecutive checks with nothing heard is a dead worker. */
  private check(): void {
    if (this.heard) {
      this.heard = false;
      this.silentChecks = 0;
      return;
    }
    if (++this.silentChecks < CHECKS_PER_TIMEOUT) return;
    const waiting = [...new Set([...this.pending.values()].map((e) => e.type))].join(', ');
    this.fail(
      `the simulation worker stopped answering: nothing came from it for ` +
        `${seconds(this.replyTimeoutMs)} while it had ${waiting} to answer`,
    );
  }

  private request<T extends SimResponse['type']>(
    body: SimRequestBody,
    expect: T,
  ): Promise<ResponseOf<T>> {
    if (this.closedBecause !== null) {
      return Promise.reject(new SimRequestError(this.closedBecause, body.type));
    }
    return new Promise<ResponseOf<T>>((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, {
        type: body.type,
        expect,
        resolve: resolve as (r: SimResponse) => void,
        reject,
      });
      try {
        this.transport.send(makeRequest(id, body));
      } catch (err) {
        this.pending.delete(id);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
      this.watch();
    });
  }

  private settle(id: number, outcome: { ok: SimResponse } | { err: Error }): void {
    const entry = this.pending.get(id);
    if (!entry) return; // an answer to a request abandoned by dispose()
    this.pending.delete(id);
    this.watch();
    if ('ok' in outcome) entry.resolve(outcome.ok);
    else entry.reject(outcome.err);
  }

  private receive(data: unknown): void {
    this.heard = true;
    if (isHeartbeat(data)) return;
    const parsed = parseResponse(data);
    if (!parsed.ok) {
      const entry = parsed.id === null ? undefined : this.pending.get(parsed.id);
      const message = `unusable message from the simulation worker: ${parsed.message}`;
      if (entry && parsed.id !== null) {
        this.settle(parsed.id, { err: new SimRequestError(message, entry.type) });
      } else {
        this.fail(message);
      }
      return;
    }
    const r = parsed.value;
    if (r.id === null) {
      // An error the worker could not tie to a request: nothing can be trusted any more.
      this.fail(`the simulation worker reported: ${r.type === 'error' ? r.message : r.type}`);
      return;
    }
    const entry = this.pending.get(r.id);
    if (!entry) return;
    if (r.type === 'error') {
      this.settle(r.id, { err: new SimRequestError(r.message, r.requestType) });
    } else if (r.type !== entry.expect) {
      this.settle(r.id, {
        err: new SimRequestError(
          `${entry.type} was answered with ${r.type}, not ${entry.expect}`,
          entry.type,
        ),
      });
    } else this.settle(r.id, { ok: r });
  }

  private fail(message: string, notify = true): void {
    if (this.closedBecause !== null) return;
    this.closedBecause = message;
    const entries = [...this.pending.values()];
    this.pending.clear();
    this.watch();
    for (const e of entries) e.reject(new SimRequestError(message, e.type));
    if (notify) for (const l of this.fatalListeners) l(message);
  }
}

/**
 * The parts of the browser's Worker this client uses. Declared here, shadowing the DOM's global
 * type, so this module also type-checks without DOM types (its tests run in Node); at run time
 * `Worker` is the browser's own.
 */
export interface BrowserWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onmessageerror: (() => void) | null;
  onerror: ((ev: { message?: string }) => void) | null;
}
declare const Worker: new (url: URL, options: { type: 'module'; name?: string }) => BrowserWorker;

/** The module worker running sim.worker.ts (Vite bundles it from this exact expression). */
export function createSimWorker(): BrowserWorker {
  return new Worker(new URL('./sim.worker.ts', import.meta.url), {
    type: 'module',
    name: 'dcoscope-sim',
  });
}

/** A worker's error message, quoted safely and cut short. */
function quoted(message: string): string {
  const m = message.replace(/^Uncaught /, '');
  return JSON.stringify(m.length > 200 ? `${m.slice(0, 200)}…` : m);
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** What a worker's `error` event means, in words: a script that never ran, or a throw. */
export function workerErrorText(ev: { message?: string } | null | undefined): string {
  const m = typeof ev?.message === 'string' ? ev.message : '';
  return m
    ? `the simulation worker threw ${quoted(m)}`
    : 'the simulation worker failed to load (its script could not be fetched or started)';
}

export function workerTransport(worker: BrowserWorker): SimTransport {
  return {
    send: (message) => worker.postMessage(message),
    listen: (onMessage, onFatal) => {
      worker.onmessage = (ev) => onMessage(ev.data);
      worker.onmessageerror = () => onFatal('a message from the simulation worker was unreadable');
      worker.onerror = (ev) => onFatal(workerErrorText(ev));
    },
    close: () => {
      worker.onmessage = worker.onmessageerror = worker.onerror = null;
      worker.terminate();
    },
  };
}
