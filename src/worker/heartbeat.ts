/**
 * The simulation worker's heartbeat: a message outside the protocol that says only "this
 * worker is alive". sim.worker.ts posts one every HEARTBEAT_MS while its event loop is free
 * (between requests and between the background's slices), and the handler's `alive` posts one
 * every BUSY_STEPS model steps while a synchronous request learns a long run (pairLane.ts);
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
