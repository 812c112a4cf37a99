/**
 * Promise-based client of the simulation worker, used by the UI. It speaks the protocol of
 * src/protocol and imports only types from the model, so the simulation code stays in the
 * worker bundle.
 */
import {
  makeRequest,
  parseResponse,
  type LaneInit,
  type ReadyResponse,
  type SimRequestBody,
  type SimRequestType,
  type SimResponse,
  type SnapshotResponse,
  type TraceResponse,
} from '../protocol/messages.ts';

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

type ResponseOf<T extends SimResponse['type']> = Extract<SimResponse, { type: T }>;

interface Pending {
  expect: SimResponse['type'];
  requestType: SimRequestType;
  resolve: (r: SimResponse) => void;
  reject: (e: Error) => void;
}

export class SimClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
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

  /** Loads one fresh run per lane; resolves with the lanes at position 0. */
  init(lanes: LaneInit[]): Promise<ReadyResponse> {
    return this.request({ type: 'init', lanes }, 'ready');
  }

  seek(position: number, lane?: number): Promise<SnapshotResponse> {
    return this.request(withLane({ type: 'seek', position }, lane), 'snapshot');
  }

  step(delta: number, lane?: number): Promise<SnapshotResponse> {
    return this.request(withLane({ type: 'step', delta }, lane), 'snapshot');
  }

  runToEnd(lane?: number): Promise<SnapshotResponse> {
    return this.request(withLane({ type: 'runToEnd' }, lane), 'snapshot');
  }

  getTrace(lane: number, from: number, to: number): Promise<TraceResponse> {
    return this.request({ type: 'getTrace', lane, from, to }, 'trace');
  }

  /** Called once if the worker dies or sends something unusable outside any request. */
  onFatal(listener: (message: string) => void): () => void {
    this.fatalListeners.add(listener);
    return () => this.fatalListeners.delete(listener);
  }

  /** Stops the worker; pending requests reject. */
  terminate(): void {
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
    const id = this.nextId++;
    return new Promise<ResponseOf<T>>((resolve, reject) => {
      this.pending.set(id, {
        expect,
        requestType: body.type,
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

  private receive(data: unknown): void {
    const parsed = parseResponse(data);
    if (!parsed.ok) {
      const p = parsed.id === null ? undefined : this.pending.get(parsed.id);
      const message = `unusable message from the simulation worker: ${parsed.message}`;
      if (p && parsed.id !== null) {
        this.pending.delete(parsed.id);
        p.reject(new SimRequestError(message, p.requestType));
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
    const p = this.pending.get(r.id);
    if (!p) return; // an answer to a request abandoned by terminate()
    this.pending.delete(r.id);
    if (r.type === 'error') p.reject(new SimRequestError(r.message, r.requestType));
    else if (r.type !== p.expect) {
      p.reject(
        new SimRequestError(`${p.requestType} was answered with ${r.type}, not ${p.expect}`),
      );
    } else p.resolve(r);
  }

  private fail(message: string, notify = true): void {
    if (this.closedBecause !== null) return;
    this.closedBecause = message;
    for (const p of this.pending.values()) p.reject(new SimRequestError(message, p.requestType));
    this.pending.clear();
    if (notify) for (const l of this.fatalListeners) l(message);
  }
}

function withLane<T extends SimRequestBody>(body: T, lane: number | undefined): T {
  return lane === undefined ? body : { ...body, lane };
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
