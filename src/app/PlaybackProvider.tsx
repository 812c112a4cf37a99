/**
 * Starts the simulation worker and the playback machine of this app, feeds the worker's answers
 * into the app store, and re-runs the pair (debounced) whenever the settings or lanes change.
 * Children render once the machine exists.
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { createActor, type ActorRefFrom } from 'xstate';
import {
  createPlaybackMachine,
  type PlaybackMachine,
  type Ticker,
} from '../machines/playbackMachine.ts';
import { selectLaneInits } from '../store/appStore.ts';
import { useAppStoreApi } from '../store/AppStoreProvider.tsx';
import { rafTicker } from './rafTicker.ts';
import { startSession, type Session } from './session.ts';

export type PlaybackActor = ActorRefFrom<PlaybackMachine>;

interface Playback {
  actor: PlaybackActor;
  session: Session;
}

const PlaybackContext = createContext<Playback | null>(null);

/** Settings changes re-run the pair this long after the last change. */
export const REINIT_DEBOUNCE_MS = 250;

export function PlaybackProvider({
  children,
  ticker = rafTicker,
  fallback,
}: {
  children: ReactNode;
  ticker?: Ticker;
  fallback?: ReactNode;
}) {
  const store = useAppStoreApi();
  const [playback, setPlayback] = useState<Playback | null>(null);

  useEffect(() => {
    const session = startSession();
    const actor = createActor(createPlaybackMachine({ client: session, ticker }), {
      input: { lanes: selectLaneInits(store.getState()) },
    });
    const sub = actor.on('snapshot', (e) => store.getState().receiveSnapshot(e.snapshot));
    const subDone = actor.on('complete', (e) => store.getState().receiveCompletion(e.snapshot));
    const unFatal = session.onFatal((message) => actor.send({ type: 'FATAL', message }));

    // Re-run when the settings or the lanes change (by value), debounced.
    let running = JSON.stringify(selectLaneInits(store.getState()));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unStore = store.subscribe((s, prev) => {
      if (s.draft === prev.draft && s.variants === prev.variants) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        const lanes = selectLaneInits(store.getState());
        const key = JSON.stringify(lanes);
        if (key === running) return;
        running = key;
        store.getState().startRun();
        actor.send({ type: 'LOAD', lanes });
      }, REINIT_DEBOUNCE_MS);
    });

    actor.start();
    setPlayback({ actor, session });
    return () => {
      clearTimeout(timer);
      unStore();
      unFatal();
      sub.unsubscribe();
      subDone.unsubscribe();
      actor.stop();
      session.dispose();
    };
  }, [store, ticker]);

  if (!playback) return fallback ?? null;
  return <PlaybackContext.Provider value={playback}>{children}</PlaybackContext.Provider>;
}

export function usePlayback(): Playback {
  const p = useContext(PlaybackContext);
  if (!p) throw new Error('usePlayback must be used inside a PlaybackProvider');
  return p;
}
