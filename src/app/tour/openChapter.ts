/**
 * Opens a tour chapter in the mounted visualizer through the playback machine: one load of the
 * chapter's run with its target event as the target (or a seek, when that run is loaded), so
 * the machine, the store and the view agree on where the chapter stands.
 */
import type { TraceEvent } from '../../model/index.ts';
import type { MoveTarget } from '../../protocol/messages.ts';
import type { AppStore } from '../../store/appStore.ts';
import type { PlaybackActor } from '../PlaybackProvider.tsx';
import { openRun } from '../share/loadRun.ts';
import type { Chapter } from './chapters.ts';
import { chapterDraft, chapterLanes, matchesTarget } from './chapterRun.ts';

/** Where a chapter landed: the merged position and the target event found there. */
export interface Landing {
  position: number;
  event: TraceEvent | null;
}

/** The machine's target for a chapter. */
export function chapterTarget(chapter: Chapter): MoveTarget {
  const t = chapter.target;
  if (t === 'start') return { kind: 'position', position: 0 };
  const target: MoveTarget = { kind: 'event', lane: t.lane, what: t.what };
  if (t.outcome !== undefined) target.outcome = t.outcome;
  if (t.nth !== undefined) target.nth = t.nth;
  return target;
}

/**
 * Loads `chapter` at its target. `stale()` says a newer request superseded this one: the
 * function then resolves with null.
 */
export async function openChapter(
  store: AppStore,
  actor: PlaybackActor,
  chapter: Chapter,
  stale: () => boolean,
): Promise<Landing | null> {
  const landed = await openRun(
    store,
    actor,
    chapterDraft(chapter),
    chapterLanes(chapter),
    chapterTarget(chapter),
  );
  if (stale()) return null;
  const t = chapter.target;
  let event: TraceEvent | null = null;
  if (t !== 'start') {
    // The landing's lane view holds the events of the step just applied: the target is there.
    const view = store.getState().frame.snapshot?.pair.lanes[t.lane];
    const hits = (view?.events ?? []).filter((e) => matchesTarget(e, t));
    event = hits[hits.length - 1] ?? null;
  }
  return { position: landed.context.position, event };
}
