/**
 * The simulation worker's heartbeat: a message outside the protocol that says only "this
 * worker is alive and its event loop is free". sim.worker.ts posts one every HEARTBEAT_MS
 * (between requests and between the background's slices, never during a synchronous request);
 * the client (client.ts) counts any message, this one included, as a sign of life and answers
 * nothing to it. Plain data, no DOM or worker types: both sides import it.
 */

/** How often the worker says it is alive. */
export const HEARTBEAT_MS = 1_000;

export const HEARTBEAT = { heartbeat: 'dcoscope-sim' } as const;

export function isHeartbeat(data: unknown): boolean {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { heartbeat?: unknown }).heartbeat === HEARTBEAT.heartbeat
  );
}
