/**
 * The Node counterpart of src/worker/sweep.worker.ts for bench/sweep.bench.ts: binds the same
 * handleSweepMessage to a worker_threads port. Loaded through tsx (inherited execArgv).
 */
import { parentPort } from 'node:worker_threads';
import { handleSweepMessage } from '../src/worker/sweepHandler.ts';

const port = parentPort;
if (!port) throw new Error('sweepWorker.node.ts must run in a worker thread');
port.on('message', (data: unknown) => port.postMessage(handleSweepMessage(data)));
