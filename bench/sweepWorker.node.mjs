// Entry of the benchmark's worker threads: tsx registers its loader in the main thread only,
// so each worker registers it itself, then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./sweepWorker.node.ts');
