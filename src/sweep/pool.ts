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
 * runs completed so far. A worker error or an unusable message rejects with SweepFailed (also
 * with the partial runs) and terminates the pool's workers too. The next `run` starts fresh
 * workers.
 *
 * The worker factory is injectable: Node tests use in-process fakes around handleSweepMessage,
 * the Node benchmark wraps worker_threads. This module imports only types from the model.
 */
import type { RunSummary, SimSettings } from '../model/index.ts';
import { SWEEP_PROTOCOL_VERSION, parseSweepResponse, type RunJobsRequest } from './protocol.ts';

/** The parts of a Worker the pool uses (a browser Worker fits; so do test fakes). */
export interface SweepWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: { message?: string }) => void) | null;
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
  private workers: SweepWorker[] = [];
  /** Ends the sweep in progress: with an error, or null for success. */
  private stop: ((err: Error | null) => void) | null = null;
  private partial: PartialRuns = [];

  constructor(opts: SweepPoolOptions) {
    this.createWorker = opts.createWorker;
    this.size = Math.max(1, Math.floor(opts.size ?? defaultPoolSize()));
    this.maxChunk = Math.max(1, Math.floor(opts.maxChunk ?? 20));
    this.now = opts.now ?? (() => performance.now());
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
      const onAbort = () => this.cancel();
      const settle = (err: Error | null) => {
        this.stop = null;
        this.partial = [];
        opts.signal?.removeEventListener('abort', onAbort);
        if (err) {
          this.terminateAll();
          reject(err);
        } else {
          for (const w of this.workers) w.onmessage = w.onerror = null;
          resolve(results as RunSummary[]);
        }
      };
      this.stop = settle;
      opts.signal?.addEventListener('abort', onAbort);

      const dispatch = (w: SweepWorker) => {
        const remaining = total - next;
        if (remaining <= 0) return;
        const n = Math.min(this.maxChunk, Math.max(1, Math.ceil(remaining / (this.size * 4))));
        const msg: RunJobsRequest = {
          v: SWEEP_PROTOCOL_VERSION,
          id: nextId++,
          type: 'runJobs',
          jobs: jobs.slice(next, next + n).map((j, i) => ({ key: next + i, settings: j.settings })),
        };
        sent.set(w, { id: msg.id, from: next, to: next + n });
        next += n;
        w.postMessage(msg);
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
        done += r.results.length;
        report(done);
        if (done === total) settle(null);
        else dispatch(w);
      };

      try {
        while (this.workers.length < Math.min(this.size, total)) {
          this.workers.push(this.createWorker());
        }
        for (const w of this.workers) {
          w.onmessage = (ev) => {
            if (this.stop !== settle) return;
            try {
              receive(w, ev.data);
            } catch (err) {
              settle(err instanceof Error ? err : new Error(String(err)));
            }
          };
          w.onerror = (ev) => {
            if (this.stop !== settle) return;
            settle(
              new SweepFailed(
                `a sweep worker crashed: ${ev.message || 'it could not be loaded'}`,
                results,
              ),
            );
          };
        }
        for (const w of this.workers) dispatch(w);
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
      w.onmessage = w.onerror = null;
      w.terminate();
    }
    this.workers = [];
  }
}
