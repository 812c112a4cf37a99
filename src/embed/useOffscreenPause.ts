/**
 * An embed holds still where nobody sees it: playback pauses when the embed leaves the viewport
 * (IntersectionObserver; inside an iframe, the top page's viewport) or the tab is hidden, and
 * resumes when it is seen again if it was playing. While unseen nothing plays: a play from
 * anywhere (autoplay, the host, a key) pauses at once and waits to resume. No animation frames
 * and no worker steps run meanwhile (the playback clock ticks only while playing).
 */
import { useEffect, useMemo } from 'react';
import { playbackMode } from '../machines/playbackMachine.ts';
import type { PlaybackActor } from '../app/PlaybackProvider.tsx';

export interface Offscreen {
  /** Whether the embed is unseen now. */
  hidden(): boolean;
  /** A play asked for while unseen: it starts once seen. */
  playWhenSeen(): void;
  /** A pause asked for while unseen: nothing resumes. */
  stayPaused(): void;
}

export function useOffscreenPause(el: Element | null, actor: PlaybackActor): Offscreen {
  const state = useMemo(() => ({ inView: true, tabVisible: true, resume: false }), []);
  const api = useMemo<Offscreen>(
    () => ({
      hidden: () => !state.inView || !state.tabVisible,
      playWhenSeen: () => {
        state.resume = true;
      },
      stayPaused: () => {
        state.resume = false;
      },
    }),
    [state],
  );
  useEffect(() => {
    if (!el) return;
    state.tabVisible = document.visibilityState !== 'hidden';
    const check = () => {
      const s = actor.getSnapshot();
      if (api.hidden()) {
        if (playbackMode(s) === 'playing') {
          state.resume = true;
          actor.send({ type: 'PAUSE' });
        }
      } else if (state.resume && s.can({ type: 'PLAY' })) {
        // (a pause that was in flight when it left settles first: this runs again then)
        state.resume = false;
        actor.send({ type: 'PLAY' });
      }
    };
    const io =
      typeof IntersectionObserver === 'function'
        ? new IntersectionObserver((entries) => {
            const last = entries[entries.length - 1];
            if (!last) return;
            state.inView = last.isIntersecting;
            check();
          })
        : null;
    io?.observe(el);
    const onVisibility = () => {
      state.tabVisible = document.visibilityState !== 'hidden';
      check();
    };
    document.addEventListener('visibilitychange', onVisibility);
    // A play that starts while unseen (autoplay, a key) pauses at once; a resume waits for
    // the player to settle.
    const sub = actor.subscribe((s) => {
      const hidden = api.hidden();
      const mode = playbackMode(s);
      if (!hidden && (mode === 'ended' || mode === 'error')) state.resume = false;
      if (hidden ? mode === 'playing' : state.resume && s.can({ type: 'PLAY' })) {
        queueMicrotask(check);
      }
    });
    return () => {
      io?.disconnect();
      document.removeEventListener('visibilitychange', onVisibility);
      sub.unsubscribe();
    };
  }, [el, actor, api, state]);
  return api;
}
