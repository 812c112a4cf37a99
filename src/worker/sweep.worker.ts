/**
 * A sweep worker: binds handleSweepMessage to the worker's message port and nothing else, so
 * everything it does is tested in Node through sweepHandler.ts. One SweepPool starts several.
 */
import { sweepError } from '../sweep/protocol.ts';
import { handleSweepMessage } from './sweepHandler.ts';

// A dedicated worker's global scope (tsconfig.worker.json: the WebWorker library, no DOM).
declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (ev) => {
  self.postMessage(handleSweepMessage(ev.data));
};

self.onmessageerror = () => {
  self.postMessage(sweepError(null, 'a message could not be deserialized by the sweep worker'));
};
