/**
 * Starts the simulation worker and the playback machine of this app (its first run opening at
 * `target`, a link's step), feeds the worker's answers into the app store, and re-runs the pair
 * (debounced) when the settings or lanes change to something the machine has not loaded.
 * Children render once the machine exists.
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { createActor, type ActorRefFrom } from 'xstate';
import {
  createPlaybackMachine,
  type PlaybackMachine,
  type Ticker,
} from '../machines/playbackMachine.ts';
import type { AlignMode, MoveTarget } from '../protocol/messages.ts';
import type { PairSnapshot } from '../protocol/view.ts';
import { selectLaneInits } from '../store/appStore.ts';
import { momentUs } from './readout.ts';
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

/**
 * Where a re-run after a settings change opens: the simulated time the pair shows now, or null
 * (the start) when it stands at the start.
 */
export function keepPlace(
  snapshot: PairSnapshot | null,
  align: AlignMode = 'notification',
): MoveTarget | null {
  if (!snapshot || snapshot.pair.position === 0) return null;
  return { kind: 'time', us: momentUs(snapshot, align) };
}

/** What a link asks of the first run. */
export interface PlaybackStart {
  target?: MoveTarget;
  speed?: number | null;
  align?: AlignMode | null;
}

export function PlaybackProvider({
  children,
  ticker = rafTicker,
  fallback,
  start,
}: {
  children: ReactNode;
  ticker?: Ticker;
  fallback?: ReactNode;
  /**
   * How the first run opens (a link's step, speed and alignment): read once, when the machine
   * starts, so a link lands with one load. Later links and chapters load through the machine.
   */
  start?: PlaybackStart;
}) {
  const store = useAppStoreApi();
  const [playback, setPlayback] = useState<Playback | null>(null);
  const [first] = useState(start);

  useEffect(() => {
    const session = startSession();
    const lanes = selectLaneInits(store.getState());
    const restart = () => session.restart();
    const actor = createActor(createPlaybackMachine({ client: session, ticker, restart }), {
      input: {
        lanes,
        ...(first?.target ? { target: first.target } : {}),
        ...(first?.speed != null ? { speed: first.speed } : {}),
        ...(first?.align ? { align: first.align } : {}),
      },
    });
    const sub = actor.on('snapshot', (e) => store.getState().receiveSnapshot(e.snapshot));
    const subDone = actor.on('complete', (e) => store.getState().receiveCompletion(e.snapshot));
    const subLoad = actor.on('load', () => store.getState().startRun());
    const unFatal = session.onFatal((message) => actor.send({ type: 'FATAL', message }));

    // Re-run when the settings or the lanes change to a run the machine has not loaded (by
    // value), debounced: a slider drag loads once. Whoever loads a run directly (a link, a
    // chapter, an import) sends LOAD itself, so this finds nothing to do. The new run opens at
    // the simulated moment the old one showed (just after its events at or before that time),
    // so moving a slider changes the story, not the place in it; from the start it starts.
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The place asked for by the last re-run, for a change made before that run answered.
    let asked: MoveTarget | null = null;
    // A preset (a story) is another run altogether: it opens at its start.
    let fromStart = false;
    const unStore = store.subscribe((s, prev) => {
      if (s.draft === prev.draft && s.variants === prev.variants) return;
      if (!timer) fromStart = false;
      if (s.preset !== null && s.preset !== prev.preset) fromStart = true;
      clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        const next = selectLaneInits(store.getState());
        if (JSON.stringify(next) === JSON.stringify(actor.getSnapshot().context.lanes)) return;
        const snapshot = store.getState().frame.snapshot;
        const align = actor.getSnapshot().context.align;
        const target = fromStart ? null : snapshot ? keepPlace(snapshot, align) : asked;
        asked = target;
        actor.send(target ? { type: 'LOAD', lanes: next, target } : { type: 'LOAD', lanes: next });
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
      subLoad.unsubscribe();
      actor.stop();
      session.dispose();
    };
  }, [store, ticker, first]);

  if (!playback) return fallback ?? null;
  return <PlaybackContext.Provider value={playback}>{children}</PlaybackContext.Provider>;
}

export function usePlayback(): Playback {
  const p = useContext(PlaybackContext);
  if (!p) throw new Error('usePlayback must be used inside a PlaybackProvider');
  return p;
}
