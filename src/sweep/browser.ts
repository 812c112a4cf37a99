/**
 * The browser's sweep pool: module workers running src/worker/sweep.worker.ts, as many as
 * defaultPoolSize() (hardware threads, at most 8). Falls back to nothing: callers check
 * `workersAvailable()` and use runOnThisThread (local.ts) otherwise.
 */
import { SweepPool, defaultPoolSize, type SweepWorker } from './pool.ts';

/**
 * The browser's Worker, declared here (shadowing the DOM's global type) so this module also
 * type-checks without DOM types; at run time `Worker` is the browser's own.
 */
declare const Worker: new (url: URL, options: { type: 'module'; name?: string }) => SweepWorker;

/** True where module workers can be started (browsers; not Node). */
export function workersAvailable(): boolean {
  return typeof Worker === 'function';
}

let started = 0;

/** A module worker running sweep.worker.ts (Vite bundles it from this exact expression). */
export function createSweepWorker(): SweepWorker {
  started++;
  return new Worker(new URL('../worker/sweep.worker.ts', import.meta.url), {
    type: 'module',
    name: `dcoscope-sweep-${started}`,
  });
}

/** A pool of sweep workers sized to the machine (or `size`). */
export function startSweepPool(size = defaultPoolSize()): SweepPool {
  return new SweepPool({ createWorker: createSweepWorker, size });
}
