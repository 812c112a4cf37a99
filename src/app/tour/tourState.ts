/**
 * Which tour chapter is open, if any. The tour belongs to the page (its address says
 * `?tour=<chapter id>`), so this is one small store per page, read by the header's "Tour"
 * button and the tour panel. Pure helpers for the address come first (unit-tested).
 */
import { createStore } from 'zustand/vanilla';
import { CHAPTERS, chapterById, type Chapter } from './chapters.ts';

/** The parameter of a chapter's link. */
export const TOUR_PARAM = 'tour';

/** The chapter id a query string names (with or without '?'), or null (none, or unknown). */
export function tourIdFromSearch(search: string): string | null {
  const q = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const id = q.get(TOUR_PARAM);
  return id !== null && chapterById(id) ? id : null;
}

/** The unknown chapter id a query string names, for a note; null when none or known. */
export function unknownTourId(search: string): string | null {
  const q = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const id = q.get(TOUR_PARAM);
  return id !== null && !chapterById(id) ? id : null;
}

/** The query string (with '?') of a chapter's own link. */
export function tourSearch(id: string): string {
  return `?${new URLSearchParams({ [TOUR_PARAM]: id }).toString()}`;
}

/** 0-based position of a chapter, -1 when unknown. */
export function chapterIndex(id: string | null): number {
  return id === null ? -1 : CHAPTERS.findIndex((c) => c.id === id);
}

/** The chapter before (-1) or after (+1) this one, or null at either end. */
export function neighbour(id: string, direction: -1 | 1): Chapter | null {
  const i = chapterIndex(id);
  if (i < 0) return null;
  return CHAPTERS[i + direction] ?? null;
}

export interface TourState {
  /** The open chapter; null when the tour is closed. */
  chapterId: string | null;
  /** A `?tour=` value that names no chapter, for a note. */
  unknown: string | null;
}

function initialState(): TourState {
  // Read through globalThis: this module is also loaded by Node tests, which have no location.
  const search = (globalThis as { location?: { search: string } }).location?.search ?? '';
  return { chapterId: tourIdFromSearch(search), unknown: unknownTourId(search) };
}

export const tourStore = createStore<TourState>()(() => initialState());

/** Opens a chapter (the panel loads it and writes its link). */
export function openTour(id: string = CHAPTERS[0]!.id): void {
  if (!chapterById(id)) return;
  tourStore.setState({ chapterId: id, unknown: null });
}

/** Closes the panel; the run and position stay where they are. */
export function closeTour(): void {
  tourStore.setState({ chapterId: null, unknown: null });
}
