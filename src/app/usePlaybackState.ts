/**
 * What the controls read from the playback machine: the mode, the facts, and which commands it
 * accepts now (buttons are enabled by `snapshot.can(event)`).
 */
import { useSelector } from '@xstate/react';
import type { SnapshotFrom } from 'xstate';
import {
  playbackMode,
  type PlaybackMachine,
  type PlaybackMode,
} from '../machines/playbackMachine.ts';
import { usePlayback } from './PlaybackProvider.tsx';

export interface PlaybackView {
  mode: PlaybackMode;
  speed: number;
  position: number;
  length: number | null;
  error: string | null;
  canPlay: boolean;
  canPause: boolean;
  canStepBack: boolean;
  canStepForward: boolean;
  canSeek: boolean;
  canJump: boolean;
}

/** One view per machine snapshot, however many components read it. */
const views = new WeakMap<object, PlaybackView>();

function viewOf(s: SnapshotFrom<PlaybackMachine>): PlaybackView {
  const known = views.get(s);
  if (known) return known;
  const v = computeView(s);
  views.set(s, v);
  return v;
}

function computeView(s: SnapshotFrom<PlaybackMachine>): PlaybackView {
  const c = s.context;
  return {
    mode: playbackMode(s),
    speed: c.speed,
    position: c.position,
    length: c.length,
    error: c.error,
    canPlay: s.can({ type: 'PLAY' }),
    canPause: s.can({ type: 'PAUSE' }),
    canStepBack: s.can({ type: 'STEP', unit: 'event', direction: -1 }),
    canStepForward: s.can({ type: 'STEP', unit: 'event', direction: 1 }),
    canSeek: s.can({ type: 'SEEK', position: 0 }),
    canJump: s.can({ type: 'JUMP', to: 'start' }),
  };
}

function same(a: PlaybackView, b: PlaybackView): boolean {
  for (const k of Object.keys(a) as (keyof PlaybackView)[]) if (a[k] !== b[k]) return false;
  return true;
}

/** Everything the controls read; re-renders on every move (the position changes). */
export function usePlaybackState(): PlaybackView {
  const { actor } = usePlayback();
  return useSelector(actor, viewOf, same);
}

/**
 * One fact of the playback view (compared with Object.is): components that need only the mode
 * or one permission do not re-render on every move while playing.
 */
export function usePlaybackValue<T>(pick: (v: PlaybackView) => T): T {
  const { actor } = usePlayback();
  return useSelector(actor, (s) => pick(viewOf(s)));
}
