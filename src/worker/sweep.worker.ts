/**
 * A sweep worker: binds handleSweepMessage to the worker's message port and nothing else, so
 * everything it does is tested in Node through sweepHandler.ts. One SweepPool starts several.
 * After each job of a chunk it posts a heartbeat (src/sweep/heartbeat.ts), so the pool can
 * tell a worker busy with a long chunk from one that is gone.
 */
import { SWEEP_HEARTBEAT } from '../sweep/heartbeat.ts';
import { sweepError } from '../sweep/protocol.ts';
import { handleSweepMessage } from './sweepHandler.ts';

// A dedicated worker's global scope (tsconfig.worker.json: the WebWorker library, no DOM).
declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (ev) => {
  self.postMessage(handleSweepMessage(ev.data, () => self.postMessage(SWEEP_HEARTBEAT)));
};

self.onmessageerror = () => {
  self.postMessage(sweepError(null, 'a message could not be deserialized by the sweep worker'));
};
