/**
 * Opens a tour chapter in the mounted visualizer through its normal paths: the chapter's
 * settings and lanes go into the app store (the provider re-runs the pair, debounced), then,
 * once the run is loaded, the worker seeks to the chapter's target event and the playback
 * machine is moved to that position (so the machine, the store and the view agree).
 */
import type { TraceEvent } from '../../model/index.ts';
import type { AppStore } from '../../store/appStore.ts';
import type { Chapter } from './chapters.ts';
import type { SimClient } from '../../worker/client.ts';
import type { PlaybackActor } from '../PlaybackProvider.tsx';
import type { Session } from '../session.ts';
import { isResting, loadDraft, waitForPlayback } from '../share/loadRun.ts';
import { chapterDraft, chapterLanes, matchesTarget } from './chapterRun.ts';

/** Where a chapter landed: the merged position and the target event found there. */
export interface Landing {
  position: number;
  event: TraceEvent | null;
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
  await loadDraft(store, actor, chapterDraft(chapter), chapterLanes(chapter));
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
  await waitForPlayback(
    actor,
    (s) => isResting(s) && !s.context.inFlight && s.context.position === position,
  );
  return { position, event };
}
