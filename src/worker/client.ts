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

  /**
   * Loads a fresh run of two lanes (same settings but the variant), at position 0 or at
   * `target`.
   */
  init(lanes: readonly LaneInit[], target?: MoveTarget, align?: AlignMode): Promise<ReadyResponse> {
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
    });
  }

  private settle(id: number, outcome: { ok: SimResponse } | { err: Error }): void {
    const entry = this.pending.get(id);
    if (!entry) return; // an answer to a request abandoned by dispose()
    this.pending.delete(id);
    if ('ok' in outcome) entry.resolve(outcome.ok);
    else entry.reject(outcome.err);
  }

  private receive(data: unknown): void {
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
