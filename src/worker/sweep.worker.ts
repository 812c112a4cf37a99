/**
 * A sweep worker: binds handleSweepMessage to the worker's message port and nothing else, so
 * everything it does is tested in Node through sweepHandler.ts. One SweepPool starts several.
 */
import { sweepError } from '../sweep/protocol.ts';
import { handleSweepMessage } from './sweepHandler.ts';

/** The part of DedicatedWorkerGlobalScope used here (the app's tsconfig has DOM types, not WebWorker). */
interface WorkerScope {
  onmessage: ((ev: MessageEvent<unknown>) => void) | null;
  onmessageerror: ((ev: MessageEvent<unknown>) => void) | null;
  postMessage(message: unknown): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (ev) => {
  scope.postMessage(handleSweepMessage(ev.data));
};

scope.onmessageerror = () => {
  scope.postMessage(sweepError(null, 'a message could not be deserialized by the sweep worker'));
};
