/**
 * The simulation worker: binds SimHandler to the worker's message port and nothing else, so
 * everything it does is tested in Node through handler.ts. Runs are completed in the
 * background between requests (SimHandler's `background` option). It also says it is alive
 * every HEARTBEAT_MS (heartbeat.ts) whenever its event loop is free, so the client can tell a
 * worker that computes (or completes runs in the background for a waiting `whenComplete`)
 * from one that is gone.
 */
import { errorResponse } from '../protocol/messages.ts';
import { SimHandler } from './handler.ts';
import { HEARTBEAT, HEARTBEAT_MS } from './heartbeat.ts';

// A dedicated worker's global scope (tsconfig.worker.json: the WebWorker library, no DOM).
declare const self: DedicatedWorkerGlobalScope;

const handler = new SimHandler({
  background: true,
  post: (r) => self.postMessage(r),
  // a long synchronous request (completing a run near the event budget) says it is alive too
  alive: () => self.postMessage(HEARTBEAT),
});

self.onmessage = (ev) => {
  const r = handler.handle(ev.data);
  if (r) self.postMessage(r);
};

self.onmessageerror = () => {
  self.postMessage(errorResponse(null, 'a message could not be deserialized by the worker'));
};

setInterval(() => self.postMessage(HEARTBEAT), HEARTBEAT_MS);
