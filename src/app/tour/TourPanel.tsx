/**
 * The guided tour's panel: the open chapter's title, narration and "look at" hint, the list of
 * chapters, Back / Next, and Leave (closes the panel, keeps the run and position). Opening a
 * chapter loads its settings and lanes through the store, waits for the run, seeks to its
 * target event, and writes the chapter's own link (?tour=<id>) into the address bar.
 */
import { useEffect, useId, useRef, useState, type MouseEvent } from 'react';
import { useStore } from 'zustand';
import { encodeLink } from '../../formats/urlState.ts';
import { useAppStoreApi } from '../../store/AppStoreProvider.tsx';
import { CHAPTERS, chapterById } from './chapters.ts';
import { narrationText } from '../../views/narrationModel.ts';
import { stationPanelId } from '../../views/index.ts';
import type { Chapter } from './chapters.ts';
import { usePlayback } from '../PlaybackProvider.tsx';
import { chapterLanes, describeTarget } from './chapterRun.ts';
import { openChapter, type Landing } from './openChapter.ts';
import {
  chapterIndex,
  closeTour,
  neighbour,
  openTour,
  tourIdFromSearch,
  tourSearch,
  tourStore,
} from './tourState.ts';
import './tour.css';

type Status =
  { kind: 'loading' } | { kind: 'ready'; landing: Landing } | { kind: 'error'; message: string };

/** Writes a chapter's link: replaces the entry when the address already names it. */
/**
 * Points the page at the chapter's station: the store's focus (the stage highlights it), and
 * that station on the lane the chapter talks about scrolled into view (its stage box, or its
 * detail panel when the stage does not draw it).
 */
function focusStation(store: ReturnType<typeof useAppStoreApi>, chapter: Chapter): void {
  store.getState().setFocusStation(chapter.station);
  const lane = chapter.target === 'start' ? 0 : chapter.target.lane;
  requestAnimationFrame(() => {
    const onStage = document.querySelectorAll<Element>(
      `.v-stage [data-station="${chapter.station}"]`,
    )[lane];
    const el = onStage ?? document.getElementById(stationPanelId(lane, chapter.station));
    el?.scrollIntoView({ block: 'nearest' });
  });
}

function writeChapterUrl(id: string): void {
  const search = tourSearch(id);
  if (location.search === search) return;
  const url = `${location.pathname}${search}${location.hash}`;
  if (tourIdFromSearch(location.search) === null) history.replaceState(history.state, '', url);
  else history.pushState(history.state, '', url);
}

export function TourPanel() {
  const chapterId = useStore(tourStore, (s) => s.chapterId);
  const unknown = useStore(tourStore, (s) => s.unknown);
  const { actor } = usePlayback();
  const store = useAppStoreApi();
  const [status, setStatus] = useState<Status>({ kind: 'loading' });
  const [announce, setAnnounce] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  const generation = useRef(0);

  // Back and forward in the browser's history move between chapters (or leave the tour).
  useEffect(() => {
    const onPop = () => {
      const id = tourIdFromSearch(location.search);
      if (id) openTour(id);
      else if (tourStore.getState().chapterId !== null) closeTour();
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  useEffect(() => {
    if (chapterId === null) return;
    const chapter = chapterById(chapterId);
    if (!chapter) return;
    const mine = ++generation.current;
    let cancelled = false;
    const stale = () => cancelled || generation.current !== mine;
    writeChapterUrl(chapter.id);
    const n = chapterIndex(chapter.id) + 1;
    setStatus({ kind: 'loading' });
    setAnnounce(`Chapter ${n} of ${CHAPTERS.length}: ${chapter.title}. Loading.`);
    openChapter(store, actor, chapter, stale).then(
      (landing) => {
        if (!landing || stale()) return;
        focusStation(store, chapter);
        setStatus({ kind: 'ready', landing });
        setAnnounce(`Chapter ${n} of ${CHAPTERS.length}: ${chapter.title}. Ready.`);
      },
      (err: unknown) => {
        if (stale()) return;
        const message = err instanceof Error ? err.message : String(err);
        setStatus({ kind: 'error', message });
        setAnnounce(`Chapter ${n} could not be opened: ${message}`);
      },
    );
    // A button that became disabled (Back on the first chapter, Next on the last) loses focus:
    // give it to the chapter's heading instead.
    const active = document.activeElement;
    if (
      (active instanceof HTMLButtonElement && active.disabled) ||
      (active === document.body && tourStore.getState().chapterId === chapter.id)
    ) {
      headingRef.current?.focus();
    }
    return () => {
      cancelled = true;
    };
  }, [chapterId, store, actor]);

  // Leaving the tour (the button, or the browser's Back) clears the focus.
  useEffect(() => {
    if (chapterId === null) store.getState().setFocusStation(null);
  }, [chapterId, store]);

  if (chapterId === null) {
    if (unknown === null) return null;
    return (
      <p className="tour-note" role="status">
        There is no tour chapter named {JSON.stringify(unknown)}.{' '}
        <button type="button" onClick={() => openTour()}>
          Start the tour
        </button>
      </p>
    );
  }
  const chapter = chapterById(chapterId)!;
  const index = chapterIndex(chapterId);
  const prev = neighbour(chapterId, -1);
  const next = neighbour(chapterId, 1);

  const go = (id: string) => (e: MouseEvent) => {
    if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    openTour(id);
  };

  const leave = () => {
    generation.current++;
    const st = store.getState();
    const position = actor.getSnapshot().context.position;
    const query = encodeLink({
      settings: st.draft,
      lanes: [st.variants[0], st.variants[1]],
      step: position,
    });
    history.replaceState(history.state, '', `${location.pathname}?${query}${location.hash}`);
    closeTour();
    document.querySelector<HTMLElement>('[data-tour-open]')?.focus();
  };

  const landed = status.kind === 'ready' ? status.landing : null;
  const landedText = landed?.event ? narrationText([landed.event]).announce : null;

  return (
    <section
      className="tour-panel"
      aria-labelledby={headingId}
      data-chapter={chapter.id}
      data-chapter-station={chapter.station}
      data-status={status.kind}
    >
      <div className="tour-head">
        <p className="tour-progress">
          Guided tour · chapter {index + 1} of {CHAPTERS.length}
        </p>
        <progress max={CHAPTERS.length} value={index + 1} aria-label="Tour progress">
          {index + 1} of {CHAPTERS.length}
        </progress>
      </div>
      <h2 id={headingId} ref={headingRef} tabIndex={-1} className="tour-title">
        {chapter.title}
      </h2>
      <div className="tour-body">
        <div className="tour-text">
          {chapter.text.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </div>
        <p className="tour-lookat">
          <strong>Look at: </strong>
          {chapter.lookAt}
        </p>
        <p
          className="tour-status"
          data-position={landed?.position ?? ''}
          data-landed-what={landed?.event?.what ?? ''}
          data-landed-outcome={landed?.event?.outcome ?? ''}
        >
          {status.kind === 'loading' && `Loading the chapter’s run…`}
          {status.kind === 'error' && `This chapter could not be opened: ${status.message}`}
          {status.kind === 'ready' &&
            (landedText
              ? `Stopped just after: ${landedText}`
              : `Stopped at ${describeTarget(chapter.target, chapterLanes(chapter))}.`)}
        </p>
      </div>
      <div className="tour-buttons">
        <button type="button" disabled={!prev} onClick={() => prev && openTour(prev.id)}>
          ← Back
        </button>
        <button
          type="button"
          className="tour-next"
          disabled={!next}
          onClick={() => next && openTour(next.id)}
        >
          Next →
        </button>
        <button type="button" className="tour-leave" onClick={leave}>
          Leave tour
        </button>
      </div>
      <nav className="tour-chapters" aria-label="Tour chapters">
        <ol>
          {CHAPTERS.map((c) => (
            <li key={c.id}>
              <a
                href={tourSearch(c.id)}
                aria-current={c.id === chapter.id ? 'step' : undefined}
                onClick={go(c.id)}
              >
                {c.title}
              </a>
            </li>
          ))}
        </ol>
      </nav>
      <p className="v-sr-only" aria-live="polite" aria-atomic="true">
        {announce}
      </p>
    </section>
  );
}
