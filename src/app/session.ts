/**
 * The app's connection to the simulation worker: the pair client the playback machine drives,
 * plus the read-only trace queries of the event log. Protocol v2's SimClient provides all of it.
 */
import type { TraceEvent } from '../model/index.ts';
import type { PairClient } from '../machines/pairClient.ts';
import { SimClient, type TraceQuery } from '../worker/client.ts';

export interface Session extends PairClient {
  getTrace(lane: number, from: number, to: number, query?: TraceQuery): Promise<TraceEvent[]>;
  /** Called once if the worker dies; returns the unsubscribe. */
  onFatal(listener: (message: string) => void): () => void;
  dispose(): void;
}

export function startSession(): Session {
  return SimClient.start();
}
