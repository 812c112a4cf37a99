/**
 * Starts the simulation worker, loads the given lanes and runs them to the end. Holds nothing
 * but the phase and the latest snapshot the worker sent; the worker owns the simulation.
 */
import { useEffect, useState } from 'react';
import type { LaneInit, LaneSnapshot } from '../protocol/messages.ts';
import { SimClient } from '../worker/client.ts';

export type RunView =
  | { phase: 'running' }
  | { phase: 'done'; lanes: LaneSnapshot[]; modelVersion: number }
  | { phase: 'error'; message: string };

const RUNNING: RunView = { phase: 'running' };

/** `lanes` must be stable (a constant or memoized): a new array starts a new run. */
export function useSimRun(lanes: readonly LaneInit[]): RunView {
  const [view, setView] = useState<RunView>(RUNNING);

  useEffect(() => {
    let live = true;
    const client = SimClient.start();
    const fail = (message: string) => {
      if (live) setView({ phase: 'error', message });
    };
    client.onFatal(fail);
    setView((v) => (v.phase === 'running' ? v : RUNNING));
    client
      .init([...lanes])
      .then(async (ready) => {
        const end = await client.runToEnd();
        if (live) setView({ phase: 'done', lanes: end.lanes, modelVersion: ready.modelVersion });
      })
      .catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
    return () => {
      live = false;
      client.terminate();
    };
  }, [lanes]);

  return view;
}
