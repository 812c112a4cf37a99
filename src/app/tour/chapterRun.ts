/**
 * Pure parts of opening a chapter: the settings it runs (over the model's defaults), and
 * whether a trace event is the one its target names. Unit-tested.
 */
import { validateSettings, type TraceEvent } from '../../model/index.ts';
import { chapterById, type Chapter, type TourTarget } from './chapters.ts';
import type { Draft, Lanes } from '../../store/settingsDraft.ts';
import { presetOf } from '../share/linkBoot.ts';

/** The chapter's settings over the defaults, without the variant (the lanes carry it). */
export function chapterDraft(chapter: Chapter): Draft {
  const { settings } = validateSettings({ ...chapter.settings, variant: chapter.lanes[0] });
  const rest: Partial<typeof settings> = { ...settings };
  delete rest.variant;
  return rest as Draft;
}

export function chapterLanes(chapter: Chapter): Lanes {
  return [chapter.lanes[0], chapter.lanes[1]];
}

export function matchesTarget(e: TraceEvent, t: TourTarget): boolean {
  return e.what === t.what && (t.outcome === undefined || e.outcome === t.outcome);
}

/** A short description of a target, for the panel: "left lane: read (swallowed), 2nd". */
export function describeTarget(t: TourTarget | 'start', laneNames: Lanes): string {
  if (t === 'start') return 'the start of the run';
  const nth = t.nth && t.nth > 1 ? `, occurrence ${t.nth}` : '';
  const outcome = t.outcome ? ` (${t.outcome})` : '';
  return `${laneNames[t.lane]} lane: ${t.what}${outcome}${nth}`;
}

/**
 * What the page boots with for `?tour=<chapter>`: the chapter's own settings and lanes at step
 * 0 (so the page starts on the chapter's run, not the default preset's); null for any other
 * address.
 */
export function chapterBoot(
  search: string,
): { draft: Draft; variants: Lanes; preset: string | null; step: number } | null {
  const q = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const chapter = chapterById(q.get('tour') ?? '');
  if (!chapter) return null;
  const draft = chapterDraft(chapter);
  const variants = chapterLanes(chapter);
  return { draft, variants, preset: presetOf(draft, variants), step: 0 };
}

/** The query without its `tour` parameter (an unknown chapter is the tour panel's to report). */
export function withoutTour(search: string): string {
  const q = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  q.delete('tour');
  return q.toString();
}
