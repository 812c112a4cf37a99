/**
 * Loads a run into a mounted app through its normal path (the store's settings and lanes, the
 * provider's debounced re-run, then a seek), and waits for the player to rest.
 */
import type { SnapshotFrom } from 'xstate';
import { playbackMode, type PlaybackMachine } from '../../machines/playbackMachine.ts';
import { selectLaneInits, type AppStore } from '../../store/appStore.ts';
import { laneInits, type Draft, type Lanes } from '../../store/settingsDraft.ts';
import type { PlaybackActor } from '../PlaybackProvider.tsx';
import { presetOf } from './linkBoot.ts';

type Snap = SnapshotFrom<PlaybackMachine>;

/** Resolves with the first snapshot (now or later) that satisfies `ok`. */
export function waitForPlayback(
  actor: PlaybackActor,
  ok: (s: Snap) => boolean,
  timeoutMs = 60_000,
): Promise<Snap> {
  return new Promise((resolve, reject) => {
    const now = actor.getSnapshot();
    if (ok(now)) {
      resolve(now);
      return;
    }
    const timer = setTimeout(() => {
      sub.unsubscribe();
      reject(new Error('the simulation did not answer in time'));
    }, timeoutMs);
    const sub = actor.subscribe((s) => {
      if (!ok(s)) return;
      clearTimeout(timer);
      sub.unsubscribe();
      resolve(s);
    });
  });
}

export const isResting = (s: Snap): boolean => {
  const m = playbackMode(s);
  return m === 'ready' || m === 'paused' || m === 'ended' || m === 'error';
};

function waitForStore(store: AppStore, ok: () => boolean, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (ok()) {
      resolve(true);
      return;
    }
    const timer = setTimeout(() => {
      un();
      resolve(false);
    }, timeoutMs);
    const un = store.subscribe(() => {
      if (!ok()) return;
      clearTimeout(timer);
      un();
      resolve(true);
    });
  });
}

/**
 * Sets the settings and lanes (paused) and waits until their run is loaded and the player
 * rests. A run equal to the one already loaded is kept as it is.
 */
export async function loadDraft(
  store: AppStore,
  actor: PlaybackActor,
  draft: Draft,
  variants: Lanes,
): Promise<void> {
  actor.send({ type: 'PAUSE' });
  const before = store.getState();
  const same =
    JSON.stringify(selectLaneInits(before)) === JSON.stringify(laneInits(draft, variants));
  if (!same) {
    const runs = before.runs;
    store.setState({ draft, variants, preset: presetOf(draft, variants), notes: [] });
    // The provider re-runs the pair after its debounce; a run equal to the one already running
    // does not restart, so give up waiting after a while.
    await waitForStore(store, () => store.getState().runs > runs, 5_000);
  }
  await waitForPlayback(actor, (s) => playbackMode(s) !== 'loading' && isResting(s));
}

/** Sets the settings and lanes, waits for their run, then seeks to `step`. */
export async function loadRunAt(
  store: AppStore,
  actor: PlaybackActor,
  draft: Draft,
  variants: Lanes,
  step: number,
): Promise<void> {
  await loadDraft(store, actor, draft, variants);
  if (actor.getSnapshot().context.position !== step) {
    actor.send({ type: 'SEEK', position: step });
    await waitForPlayback(actor, (s) => isResting(s) && !s.context.inFlight);
  }
}
