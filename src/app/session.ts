/**
 * The app's connection to the simulation worker: the pair client the playback machine drives
 * (the only caller that moves the pair), plus the read-only queries of the event log and the
 * exports. Protocol v3's SimClient provides all of it.
 */
import type { TraceEvent } from '../model/index.ts';
import type { PairClient } from '../machines/pairClient.ts';
import type { LaneEnd } from '../protocol/messages.ts';
import { SimClient, type TraceQuery } from '../worker/client.ts';

export interface Session extends PairClient {
  getTrace(lane: number, from: number, to: number, query?: TraceQuery): Promise<TraceEvent[]>;
  /** Both lanes' end-of-run summaries and lengths, without moving the pair. */
  summaries(): Promise<LaneEnd[]>;
  /** Called once if the worker dies; returns the unsubscribe. */
  onFatal(listener: (message: string) => void): () => void;
  /** Terminates the worker and starts a fresh one (the error panel's "Try again"). */
  restart(): void;
  dispose(): void;
}

export function startSession(): Session {
  return SimClient.start();
}
