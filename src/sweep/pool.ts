/**
 * SweepPool: runs a list of jobs on a pool of sweep workers (src/worker/sweep.worker.ts) and
 * resolves with their summaries in job order, whatever order the workers finish in.
 *
 * Jobs go out in chunks (one `runJobs` message each) to cut messaging overhead; the chunk size
 * shrinks as the sweep nears its end (a quarter of the remaining jobs per worker, at most
 * `maxChunk`), so no worker is left with a long tail. One sweep at a time per pool; workers are
 * started on first use and kept for the next sweep.
 *
 * `cancel()` (or the run's AbortSignal) terminates the workers at once (a chunk in progress
 * cannot be interrupted otherwise) and rejects the run with SweepCancelled, which carries the
 * runs completed so far.
 *
 * A worker that fails is replaced and its chunk rerun on a fresh one: its `error` event (the
 * script failed to load, or it threw), `messageerror`, or silence (nothing from it, answers
 * and the heartbeats it posts after each job alike, for `replyTimeoutMs` while it holds a
 * chunk: how a worker that closed itself shows). A chunk that failed on `retries` + 1 workers
 * rejects the run with SweepFailed naming what happened (with the partial runs), as do an
 * error answer (a bad setting: the same on any worker) and an unusable message; then the
 * pool's workers are terminated and the next `run` starts fresh ones.
 *
 * The worker factory is injectable: Node tests use in-process fakes around handleSweepMessage,
 * the Node benchmark wraps worker_threads. This module imports only types from the model.
 */
import type { RunSummary, SimSettings } from '../model/index.ts';
import { isSweepHeartbeat } from './heartbeat.ts';
import { SWEEP_PROTOCOL_VERSION, parseSweepResponse, type RunJobsRequest } from './protocol.ts';

/** The parts of a Worker the pool uses (a browser Worker fits; so do test fakes). */
export interface SweepWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: { message?: string }) => void) | null;
  /** A browser Worker has it; fakes may leave it out. */
  onmessageerror?: (() => void) | null;
}
export type SweepWorkerFactory = () => SweepWorker;

export interface SweepProgress {
  done: number;
  total: number;
  elapsedMs: number;
  /** Estimated time left from the mean time per run so far; null before the first result. */
  etaMs: number | null;
}
export type ProgressListener = (p: SweepProgress) => void;

/** What the pool needs of a job (SweepJob fits). */
export interface PoolJob {
  settings: SimSettings;
}

export interface RunOptions {
  onProgress?: ProgressListener;
  signal?: AbortSignal;
}

/** Summaries by job index; undefined where the run did not complete. */
export type PartialRuns = (RunSummary | undefined)[];

export class SweepCancelled extends Error {
  override name = 'SweepCancelled';
  constructor(readonly partial: PartialRuns) {
    super('the sweep was cancelled');
  }
}

export class SweepFailed extends Error {
  override name = 'SweepFailed';
  constructor(
    message: string,
    readonly partial: PartialRuns,
    readonly jobIndex?: number,
  ) {
    super(message);
  }
}

export interface SweepPoolOptions {
  createWorker: SweepWorkerFactory;
  /** Workers (default: defaultPoolSize()). */
  size?: number;
  /** Most jobs per message (default 20). */
  maxChunk?: number;
  /** Clock for progress, ms (default performance.now). */
  now?: () => number;
  /** Silence (ms) after which a worker holding a chunk has stopped answering (default 60 s). */
  replyTimeoutMs?: number;
  /** Fresh workers a chunk is rerun on after its worker failed (default 2). */
  retries?: number;
  /** Starts the periodic silence check; returns its stop (tests drive one by hand). */
  every?: (ms: number, fn: () => void) => () => void;
}

/** Default silence before a worker with a chunk counts as gone: jobs take up to seconds each. */
export const SWEEP_REPLY_TIMEOUT_MS = 60_000;
/** Silence is counted in this many checks per timeout, so a suspended machine counts once. */
const CHECKS_PER_TIMEOUT = 5;

const realEvery = (ms: number, fn: () => void): (() => void) => {
  const id = setInterval(fn, ms);
  return () => clearInterval(id);
};

/** What a sweep worker's `error` event means, in words: a script that never ran, or a throw. */
export function sweepWorkerErrorText(ev: { message?: string } | null | undefined): string {
  const m = typeof ev?.message === 'string' ? ev.message.replace(/^Uncaught /, '') : '';
  if (!m) return 'a sweep worker failed to load (its script could not be fetched or started)';
  return `a sweep worker threw ${JSON.stringify(m.length > 200 ? `${m.slice(0, 200)}…` : m)}`;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** min(navigator.hardwareConcurrency || 2, 8). */
export function defaultPoolSize(): number {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return Math.max(1, Math.min(nav?.hardwareConcurrency || 2, 8));
}

export function progressOf(done: number, total: number, elapsedMs: number): SweepProgress {
  const etaMs = done === 0 ? (total === 0 ? 0 : null) : (elapsedMs / done) * (total - done);
  return { done, total, elapsedMs, etaMs };
}

interface Sent {
  id: number;
  from: number;
  to: number;
}

export class SweepPool {
  readonly size: number;
  private readonly maxChunk: number;
  private readonly createWorker: SweepWorkerFactory;
  private readonly now: () => number;
  private readonly replyTimeoutMs: number;
  private readonly retries: number;
  private readonly every: (ms: number, fn: () => void) => () => void;
  private workers: SweepWorker[] = [];
  /** Ends the sweep in progress: with an error, or null for success. */
  private stop: ((err: Error | null) => void) | null = null;
  private partial: PartialRuns = [];

  constructor(opts: SweepPoolOptions) {
    this.createWorker = opts.createWorker;
    this.size = Math.max(1, Math.floor(opts.size ?? defaultPoolSize()));
    this.maxChunk = Math.max(1, Math.floor(opts.maxChunk ?? 20));
    this.now = opts.now ?? (() => performance.now());
    this.replyTimeoutMs = Math.max(1, opts.replyTimeoutMs ?? SWEEP_REPLY_TIMEOUT_MS);
    this.retries = Math.max(0, Math.floor(opts.retries ?? 2));
    this.every = opts.every ?? realEvery;
  }

  get running(): boolean {
    return this.stop !== null;
  }

  /** Runs every job; resolves with their summaries in job order. */
  run(jobs: readonly PoolJob[], opts: RunOptions = {}): Promise<RunSummary[]> {
    if (this.stop) return Promise.reject(new Error('this pool is already running a sweep'));
    const total = jobs.length;
    const results: PartialRuns = new Array<RunSummary | undefined>(total);
    this.partial = results;
    const t0 = this.now();
    const report = (done: number) => opts.onProgress?.(progressOf(done, total, this.now() - t0));
    if (opts.signal?.aborted) return Promise.reject(new SweepCancelled(results));
    report(0);
    if (total === 0) return Promise.resolve([]);

    return new Promise<RunSummary[]>((resolve, reject) => {
      let next = 0;
      let done = 0;
      let nextId = 1;
      const sent = new Map<SweepWorker, Sent>();
      /** Checks in a row that heard nothing from a worker holding a chunk. */
      const silent = new Map<SweepWorker, number>();
      /** Workers each chunk (by its first job) failed on. */
      const failures = new Map<number, number>();
      let stopCheck: (() => void) | null = null;
      const onAbort = () => this.cancel();
      const settle = (err: Error | null) => {
        this.stop = null;
        this.partial = [];
        stopCheck?.();
        stopCheck = null;
        opts.signal?.removeEventListener('abort', onAbort);
        if (err) {
          this.terminateAll();
          reject(err);
        } else {
          for (const w of this.workers) unwire(w);
          resolve(results as RunSummary[]);
        }
      };
      this.stop = settle;
      opts.signal?.addEventListener('abort', onAbort);
      const live = () => this.stop === settle;

      const post = (w: SweepWorker, from: number, to: number) => {
        const msg: RunJobsRequest = {
          v: SWEEP_PROTOCOL_VERSION,
          id: nextId++,
          type: 'runJobs',
          jobs: jobs.slice(from, to).map((j, i) => ({ key: from + i, settings: j.settings })),
        };
        sent.set(w, { id: msg.id, from, to });
        silent.set(w, 0);
        w.postMessage(msg);
      };

      const dispatch = (w: SweepWorker) => {
        const remaining = total - next;
        if (remaining <= 0) return;
        const n = Math.min(this.maxChunk, Math.max(1, Math.ceil(remaining / (this.size * 4))));
        const from = next;
        next += n;
        post(w, from, from + n);
      };

      const receive = (w: SweepWorker, data: unknown) => {
        const s = sent.get(w);
        const parsed = parseSweepResponse(data);
        if (!parsed.ok)
          throw new SweepFailed(`unusable message from a sweep worker: ${parsed.message}`, results);
        const r = parsed.value;
        if (r.type === 'error') throw new SweepFailed(r.message, results, r.key);
        if (!s || r.id !== s.id || r.results.length !== s.to - s.from) {
          throw new SweepFailed(`a sweep worker answered message ${r.id} unexpectedly`, results);
        }
        r.results.forEach((x, i) => {
          if (x.key !== s.from + i)
            throw new SweepFailed(`a sweep worker returned job ${x.key} out of order`, results);
          results[x.key] = x.summary;
        });
        sent.delete(w);
        silent.delete(w);
        done += r.results.length;
        report(done);
        if (done === total) settle(null);
        else dispatch(w);
      };

      /** A worker failed: terminate it and rerun its chunk on a fresh one (or give up). */
      const lose = (w: SweepWorker, what: string) => {
        const s = sent.get(w);
        sent.delete(w);
        silent.delete(w);
        unwire(w);
        w.terminate();
        this.workers = this.workers.filter((x) => x !== w);
        if (!s) return; // idle at the sweep's tail: nothing to rerun
        const n = (failures.get(s.from) ?? 0) + 1;
        failures.set(s.from, n);
        const runs = s.to - s.from === 1 ? `run ${s.from + 1}` : `runs ${s.from + 1} to ${s.to}`;
        if (n > this.retries) {
          const tried = n === 1 ? 'its worker' : `${n} workers`;
          settle(new SweepFailed(`${what} (${runs} failed on ${tried})`, results));
          return;
        }
        let fresh: SweepWorker;
        try {
          fresh = this.createWorker();
        } catch (err) {
          const why = err instanceof Error ? err.message : String(err);
          settle(new SweepFailed(`${what}, and no fresh worker could start: ${why}`, results));
          return;
        }
        this.workers.push(fresh);
        wire(fresh);
        post(fresh, s.from, s.to);
      };

      const wire = (w: SweepWorker) => {
        w.onmessage = (ev) => {
          if (!live()) return;
          silent.set(w, 0);
          if (isSweepHeartbeat(ev.data)) return;
          try {
            receive(w, ev.data);
          } catch (err) {
            settle(err instanceof Error ? err : new Error(String(err)));
          }
        };
        w.onerror = (ev) => {
          if (live()) lose(w, sweepWorkerErrorText(ev));
        };
        w.onmessageerror = () => {
          if (live()) lose(w, 'a message from a sweep worker was unreadable');
        };
      };

      /** One periodic check: a worker with a chunk that said nothing for long enough is gone. */
      const check = () => {
        for (const w of [...sent.keys()]) {
          if (!live()) return;
          const n = (silent.get(w) ?? 0) + 1;
          silent.set(w, n);
          if (n >= CHECKS_PER_TIMEOUT) {
            lose(
              w,
              `a sweep worker stopped answering: nothing came from it for ${seconds(this.replyTimeoutMs)}`,
            );
          }
        }
      };

      try {
        while (this.workers.length < Math.min(this.size, total)) {
          this.workers.push(this.createWorker());
        }
        for (const w of this.workers) wire(w);
        for (const w of [...this.workers]) dispatch(w);
        if (live()) stopCheck = this.every(this.replyTimeoutMs / CHECKS_PER_TIMEOUT, check);
      } catch (err) {
        settle(
          new SweepFailed(
            `the sweep could not start: ${err instanceof Error ? err.message : String(err)}`,
            results,
          ),
        );
      }
    });
  }

  /** Stops the sweep in progress (its promise rejects with SweepCancelled); no-op when idle. */
  cancel(): void {
    this.stop?.(new SweepCancelled(this.partial));
  }

  /** Cancels any sweep and terminates the workers. */
  dispose(): void {
    this.cancel();
    this.terminateAll();
  }

  private terminateAll(): void {
    for (const w of this.workers) {
      unwire(w);
      w.terminate();
    }
    this.workers = [];
  }
}

function unwire(w: SweepWorker): void {
  w.onmessage = w.onerror = null;
  if (w.onmessageerror !== undefined) w.onmessageerror = null;
}
