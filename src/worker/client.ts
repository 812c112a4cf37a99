/**
 * Promise-based client of the simulation worker, used by the UI. It speaks the protocol of
 * src/protocol and imports only types from the model, so the simulation code stays in the
 * worker bundle.
 *
 * Ordering and superseding. Moves (init, step, seek, jump, runToEnd) go to the worker one at a
 * time, in call order; later moves wait in the client. While a move waits, a newer one may
 * replace it: a `seek` or a `jump` to 'start' / 'end' replaces a waiting step, seek or jump
 * (only the newest target matters), and a `step` of the same unit and direction is merged into
 * a waiting one (their counts add up). Every call still gets its promise settled: a replaced or
 * merged call resolves with the snapshot of the request that replaced it (check
 * `pair.position`). So a player may fire steps faster than the worker answers and still await
 * each. Reads (getTrace, whenComplete) are never replaced; they are sent at once unless moves
 * are waiting, then after them, keeping call order.
 */
import {
  MAX_STEP_COUNT,
  makeRequest,
  type EndResponse,
  type JumpTarget,
  type LaneInit,
  type ReadyResponse,
  type SeekEventRequest,
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

/** How the client reaches a worker: a real Worker in the browser, a SimHandler in Node tests. */
export interface SimTransport {
  send(message: unknown): void;
  /** Registers the receivers: `onMessage` for every message, `onFatal` when the worker dies. */
  listen(onMessage: (data: unknown) => void, onFatal: (message: string) => void): void;
  close(): void;
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

interface Waiter {
  resolve: (r: SimResponse) => void;
  reject: (e: Error) => void;
}

/** A request: its body, what answers it, and every caller waiting for that answer. */
interface Entry {
  body: SimRequestBody;
  expect: SimResponse['type'];
  waiters: Waiter[];
}

const MOVES: ReadonlySet<SimRequestType> = new Set([
  'init',
  'step',
  'seek',
  'jump',
  'seekEvent',
  'runToEnd',
]);

function isAbsolute(body: SimRequestBody): boolean {
  return (
    body.type === 'seek' || (body.type === 'jump' && (body.to === 'start' || body.to === 'end'))
  );
}

export class SimClient {
  private nextId = 1;
  private readonly pending = new Map<number, Entry>();
  /** Requests not sent yet, in call order. */
  private readonly held: Entry[] = [];
  private moveInFlight = false;
  private closedBecause: string | null = null;
  private readonly fatalListeners = new Set<(message: string) => void>();

  constructor(private readonly transport: SimTransport) {
    transport.listen(
      (data) => this.receive(data),
      (message) => this.fail(message),
    );
  }

  /** Starts the simulation worker of this app. */
  static start(): SimClient {
    return new SimClient(workerTransport(createSimWorker()));
  }

  /** Loads a fresh run of two lanes (same settings but the variant); the pair at position 0. */
  init(lanes: readonly LaneInit[]): Promise<ReadyResponse> {
    return this.request({ type: 'init', lanes: [...lanes] }, 'ready');
  }

  /** `count` (default 1) events or read cycles forward (1) or back (-1), in merged time order. */
  step(unit: StepUnit, direction: StepDirection, count = 1): Promise<SnapshotResponse> {
    const body: SimRequestBody = { type: 'step', unit, direction };
    if (count !== 1) body.count = count;
    return this.request(body, 'snapshot');
  }

  /** To a merged position (clamped, rounded up to a step boundary). */
  seek(position: number): Promise<SnapshotResponse> {
    return this.request({ type: 'seek', position }, 'snapshot');
  }

  /** Just after the nth matching event of a lane (see SeekEventRequest). */
  seekEvent(
    lane: number,
    what: TraceWhat,
    outcome?: Outcome,
    nth?: number,
  ): Promise<SnapshotResponse> {
    const body: Omit<SeekEventRequest, 'v' | 'id'> = { type: 'seekEvent', lane, what };
    if (outcome !== undefined) body.outcome = outcome;
    if (nth !== undefined) body.nth = nth;
    return this.request(body, 'snapshot');
  }

  jump(to: JumpTarget): Promise<SnapshotResponse> {
    return this.request({ type: 'jump', to }, 'snapshot');
  }

  /** Both lanes to their end, with the v1 per-lane digest (`lanes`). */
  runToEnd(): Promise<EndResponse> {
    return this.request({ type: 'runToEnd' }, 'end');
  }

  /** Resolves once both runs are complete: the pair where it stands, with `series` if unsent. */
  whenComplete(): Promise<SnapshotResponse> {
    return this.request({ type: 'whenComplete' }, 'snapshot');
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

  /** Called once if the worker dies or sends something unusable outside any request. */
  onFatal(listener: (message: string) => void): () => void {
    this.fatalListeners.add(listener);
    return () => this.fatalListeners.delete(listener);
  }

  /** Stops the worker; pending requests reject. */
  dispose(): void {
    if (this.closedBecause === null) this.fail('the simulation worker was stopped', false);
    this.transport.close();
  }

  /** Same as dispose (the v1 name). */
  terminate(): void {
    this.dispose();
  }

  private request<T extends SimResponse['type']>(
    body: SimRequestBody,
    expect: T,
  ): Promise<ResponseOf<T>> {
    if (this.closedBecause !== null) {
      return Promise.reject(new SimRequestError(this.closedBecause, body.type));
    }
    return new Promise<ResponseOf<T>>((resolve, reject) => {
      const waiter: Waiter = { resolve: resolve as (r: SimResponse) => void, reject };
      const move = MOVES.has(body.type);
      if (move ? !this.moveInFlight && this.held.length === 0 : this.held.length === 0) {
        this.send({ body, expect, waiters: [waiter] });
        return;
      }
      const last = this.held[this.held.length - 1];
      if (move && last && this.supersede(last, body, expect, waiter)) return;
      this.held.push({ body, expect, waiters: [waiter] });
    });
  }

  /** Folds a new move into the last waiting one when allowed; true if it did. */
  private supersede(
    last: Entry,
    body: SimRequestBody,
    expect: SimResponse['type'],
    waiter: Waiter,
  ): boolean {
    const lb = last.body;
    if (isAbsolute(body) && (lb.type === 'step' || lb.type === 'seek' || lb.type === 'jump')) {
      last.body = body;
      last.expect = expect;
      last.waiters.push(waiter);
      return true;
    }
    if (
      body.type === 'step' &&
      lb.type === 'step' &&
      lb.unit === body.unit &&
      lb.direction === body.direction &&
      (lb.count ?? 1) + (body.count ?? 1) <= MAX_STEP_COUNT
    ) {
      lb.count = (lb.count ?? 1) + (body.count ?? 1);
      last.waiters.push(waiter);
      return true;
    }
    return false;
  }

  private send(entry: Entry): void {
    const id = this.nextId++;
    const move = MOVES.has(entry.body.type);
    this.pending.set(id, entry);
    if (move) this.moveInFlight = true;
    try {
      this.transport.send(makeRequest(id, entry.body));
    } catch (err) {
      this.pending.delete(id);
      if (move) this.moveInFlight = false;
      const e = err instanceof Error ? err : new Error(String(err));
      for (const w of entry.waiters) w.reject(e);
    }
  }

  /** Sends waiting requests: reads until (and including) the first move. */
  private flush(): void {
    while (this.held.length > 0 && !this.moveInFlight && this.closedBecause === null) {
      this.send(this.held.shift()!);
    }
  }

  private settle(id: number, outcome: { ok: SimResponse } | { err: Error }): void {
    const entry = this.pending.get(id);
    if (!entry) return; // an answer to a request abandoned by dispose()
    this.pending.delete(id);
    if (MOVES.has(entry.body.type)) this.moveInFlight = false;
    for (const w of entry.waiters) {
      if ('ok' in outcome) w.resolve(outcome.ok);
      else w.reject(outcome.err);
    }
    this.flush();
  }

  private receive(data: unknown): void {
    const parsed = parseResponse(data);
    if (!parsed.ok) {
      const entry = parsed.id === null ? undefined : this.pending.get(parsed.id);
      const message = `unusable message from the simulation worker: ${parsed.message}`;
      if (entry && parsed.id !== null) {
        this.settle(parsed.id, { err: new SimRequestError(message, entry.body.type) });
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
          `${entry.body.type} was answered with ${r.type}, not ${entry.expect}`,
          entry.body.type,
        ),
      });
    } else this.settle(r.id, { ok: r });
  }

  private fail(message: string, notify = true): void {
    if (this.closedBecause !== null) return;
    this.closedBecause = message;
    const entries = [...this.pending.values(), ...this.held];
    this.pending.clear();
    this.held.length = 0;
    for (const e of entries) {
      for (const w of e.waiters) w.reject(new SimRequestError(message, e.body.type));
    }
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

export function workerTransport(worker: BrowserWorker): SimTransport {
  return {
    send: (message) => worker.postMessage(message),
    listen: (onMessage, onFatal) => {
      worker.onmessage = (ev) => onMessage(ev.data);
      worker.onmessageerror = () => onFatal('a message from the simulation worker was unreadable');
      worker.onerror = (ev) => {
        onFatal(`the simulation worker crashed: ${ev.message || 'it could not be loaded'}`);
      };
    },
    close: () => worker.terminate(),
  };
}
