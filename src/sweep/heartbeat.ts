/**
 * A sweep worker's heartbeat: a message outside the sweep protocol that says only "this worker
 * is alive". sweep.worker.ts posts one after each job of a chunk (a chunk may take many
 * seconds); the pool (pool.ts) counts any message from a worker as a sign of life and answers
 * nothing to this one. Plain data: both sides import it.
 */
export const SWEEP_HEARTBEAT = { heartbeat: 'dcoscope-sweep' } as const;

export function isSweepHeartbeat(data: unknown): boolean {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { heartbeat?: unknown }).heartbeat === SWEEP_HEARTBEAT.heartbeat
  );
}
