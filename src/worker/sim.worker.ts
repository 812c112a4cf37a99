/**
 * The simulation worker: binds SimHandler to the worker's message port and nothing else, so
 * everything it does is tested in Node through handler.ts. Runs are completed in the
 * background between requests (SimHandler's `background` option).
 */
import { errorResponse } from '../protocol/messages.ts';
import { SimHandler } from './handler.ts';

/** The part of DedicatedWorkerGlobalScope used here (the app's tsconfig has DOM types, not WebWorker). */
interface WorkerScope {
  onmessage: ((ev: MessageEvent<unknown>) => void) | null;
  onmessageerror: ((ev: MessageEvent<unknown>) => void) | null;
  postMessage(message: unknown): void;
}

const scope = self as unknown as WorkerScope;
const handler = new SimHandler({ background: true, post: (r) => scope.postMessage(r) });

scope.onmessage = (ev) => {
  const r = handler.handle(ev.data);
  if (r) scope.postMessage(r);
};

scope.onmessageerror = () => {
  scope.postMessage(errorResponse(null, 'a message could not be deserialized by the worker'));
};
