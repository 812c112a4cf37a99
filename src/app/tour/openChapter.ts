/**
 * Opens a tour chapter in the mounted visualizer through its normal paths: the chapter's
 * settings and lanes go into the app store (the provider re-runs the pair, debounced), then,
 * once the run is loaded, the worker seeks to the chapter's target event and the playback
 * machine is moved to that position (so the machine, the store and the view agree).
 */
import type { SnapshotFrom } from 'xstate';
import type { TraceEvent } from '../../model/index.ts';
import { playbackMode, type PlaybackMachine } from '../../machines/playbackMachine.ts';
import { selectLaneInits, type AppStore } from '../../store/appStore.ts';
import { laneInits } from '../../store/settingsDraft.ts';
import type { Chapter } from '../../tour/chapters.ts';
import type { SimClient } from '../../worker/client.ts';
import type { PlaybackActor } from '../PlaybackProvider.tsx';
import type { Session } from '../session.ts';
import { chapterDraft, chapterLanes, matchesTarget, presetOf } from './chapterRun.ts';

type Snap = SnapshotFrom<PlaybackMachine>;

/** Where a chapter landed: the merged position and the target event found there. */
export interface Landing {
  position: number;
  event: TraceEvent | null;
}

const WAIT_MS = 60_000;

function isResting(s: Snap): boolean {
  const m = playbackMode(s);
  return (m === 'ready' || m === 'paused' || m === 'ended' || m === 'error') && !s.context.inFlight;
}

function waitFor(actor: PlaybackActor, ok: (s: Snap) => boolean): Promise<Snap> {
  return new Promise((resolve, reject) => {
    if (ok(actor.getSnapshot())) {
      resolve(actor.getSnapshot());
      return;
    }
    const timer = setTimeout(() => {
      sub.unsubscribe();
      reject(new Error('the simulation did not answer in time'));
    }, WAIT_MS);
    const sub = actor.subscribe((s) => {
      if (!ok(s)) return;
      clearTimeout(timer);
      sub.unsubscribe();
      resolve(s);
    });
  });
}

function waitForRun(store: AppStore, runs: number, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (store.getState().runs > runs) {
      resolve();
      return;
    }
    const timer = setTimeout(() => {
      un();
      resolve();
    }, ms);
    const un = store.subscribe((s) => {
      if (s.runs <= runs) return;
      clearTimeout(timer);
      un();
      resolve();
    });
  });
}

type SeekingSession = Session & Partial<Pick<SimClient, 'seekEvent' | 'getTraceRange'>>;

/**
 * Loads `chapter` and seeks to its target. `stale()` says a newer request superseded this one:
 * the function then stops at its next step and resolves with null.
 */
export async function openChapter(
  store: AppStore,
  actor: PlaybackActor,
  session: Session,
  chapter: Chapter,
  stale: () => boolean,
): Promise<Landing | null> {
  actor.send({ type: 'PAUSE' });
  const draft = chapterDraft(chapter);
  const variants = chapterLanes(chapter);
  const before = store.getState();
  const same =
    JSON.stringify(selectLaneInits(before)) === JSON.stringify(laneInits(draft, variants));
  if (!same) {
    const runs = before.runs;
    store.setState({ draft, variants, preset: presetOf(draft, variants), notes: [] });
    // The provider re-runs the pair after its debounce (a few hundred ms).
    await waitForRun(store, runs, 5_000);
  }
  if (stale()) return null;
  await waitFor(actor, (s) => playbackMode(s) !== 'loading' && isResting(s));
  if (stale()) return null;

  const t = chapter.target;
  const client = session as SeekingSession;
  let position = 0;
  let event: TraceEvent | null = null;
  if (t !== 'start' && client.seekEvent) {
    const snap = await client.seekEvent(t.lane, t.what, t.outcome, t.nth);
    if (stale()) return null;
    position = snap.pair.position;
    const lanePos = snap.pair.lanes[t.lane]?.position ?? 0;
    if (client.getTraceRange && lanePos > 0) {
      const from = Math.max(0, lanePos - 200);
      const range = await client.getTraceRange(t.lane, from, lanePos, { kinds: [t.what] });
      const hits = range.events.filter((e) => matchesTarget(e, t));
      event = hits[hits.length - 1] ?? null;
    }
    if (stale()) return null;
  }
  actor.send({ type: 'SEEK', position });
  await waitFor(actor, (s) => isResting(s) && s.context.position === position);
  return { position, event };
}
