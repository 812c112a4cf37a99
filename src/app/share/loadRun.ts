/**
 * Moves a mounted app to a run and a place in it through the playback machine, the only thing
 * that moves the worker: the settings and lanes go into the store (so the sliders show them),
 * and the machine gets one command, a load with a target (or, when the run is already loaded,
 * a seek to the target). Then it waits, by subscription, for the machine to answer that command.
 */
import type { SnapshotFrom } from 'xstate';
import {
  settledAfter,
  type PlaybackEvent,
  type PlaybackMachine,
} from '../../machines/playbackMachine.ts';
import type { AlignMode, MoveTarget } from '../../protocol/messages.ts';
import { type AppStore } from '../../store/appStore.ts';
import { laneInits, type Draft, type Lanes } from '../../store/settingsDraft.ts';
import type { PlaybackActor } from '../PlaybackProvider.tsx';
import { presetOf } from './linkBoot.ts';

type Snap = SnapshotFrom<PlaybackMachine>;

/** A safety net: no answer within this long is reported as an error. */
export const ANSWER_TIMEOUT_MS = 60_000;

/** Resolves with the first snapshot (now or later) that satisfies `ok`. */
export function waitForPlayback(
  actor: PlaybackActor,
  ok: (s: Snap) => boolean,
  timeoutMs = ANSWER_TIMEOUT_MS,
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

/**
 * Sends one event to the machine and resolves once the command it asked for (or a newer one
 * that replaced it) was answered and the player rests.
 */
export function command(actor: PlaybackActor, event: PlaybackEvent): Promise<Snap> {
  actor.send(event);
  const seq = actor.getSnapshot().context.seq;
  return waitForPlayback(actor, (s) => settledAfter(s, seq));
}

/** Pauses and resolves once nothing is in flight or waiting. */
export function pauseAndSettle(actor: PlaybackActor): Promise<Snap> {
  return command(actor, { type: 'PAUSE' });
}

/**
 * Opens the run of `draft` and `variants` at `target` (the start when left out): one load with
 * that target, or a seek when this run is already loaded. Resolves with the machine where it
 * landed.
 */
export function openRun(
  store: AppStore,
  actor: PlaybackActor,
  draft: Draft,
  variants: Lanes,
  target?: MoveTarget,
  align?: AlignMode,
): Promise<Snap> {
  actor.send({ type: 'PAUSE' });
  const lanes = laneInits(draft, variants);
  const c = actor.getSnapshot().context;
  const loaded =
    JSON.stringify(c.lanes) === JSON.stringify(lanes) && (align === undefined || align === c.align);
  store.setState({ draft, variants, preset: presetOf(draft, variants), notes: [] });
  if (loaded) {
    return command(actor, { type: 'SEEK', target: target ?? { kind: 'position', position: 0 } });
  }
  return command(actor, {
    type: 'LOAD',
    lanes,
    ...(target ? { target } : {}),
    ...(align ? { align } : {}),
  });
}
