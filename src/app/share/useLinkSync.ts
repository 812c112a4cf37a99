/**
 * Waits for the first run to land at the link's step (the playback machine's first load
 * carries it as its target), then keeps the address bar's query on the current state
 * (settings, lanes, step, and the speed and alignment where they are not the defaults) with
 * history.replaceState: debounced, and never while playing (pausing, stepping, seeking,
 * changing the speed or a setting writes it). The link's speed and alignment reach the machine
 * with its first run (PlaybackProvider's `start`), so nothing here reloads.
 */
import { useEffect } from 'react';
import { playbackMode, settledAfter } from '../../machines/playbackMachine.ts';
import { useAppStoreApi } from '../../store/AppStoreProvider.tsx';
import { usePlayback } from '../PlaybackProvider.tsx';
import { linkQuery } from './linkBoot.ts';

export const URL_WRITE_DEBOUNCE_MS = 300;

export interface LinkSyncOptions {
  /** Merged position to open at (null or 0: the start). */
  step: number | null;
  /** Keep the address bar's query up to date (the main page), or not (embeds). */
  writeUrl: boolean;
  /** Play once the step is open (embeds' autoplay). */
  autoplay?: boolean;
  /** Told when the link's step lies past the end of its run. */
  onStepBeyondEnd?: (step: number, length: number) => void;
  /** Called once the link's step is open (the embeds' `ready`). */
  onOpen?: () => void;
}

export function useLinkSync({
  step,
  writeUrl,
  autoplay,
  onStepBeyondEnd,
  onOpen,
}: LinkSyncOptions): void {
  const { actor } = usePlayback();
  const store = useAppStoreApi();
  useEffect(() => {
    const target = step ?? 0;
    let phase: 'boot' | 'open' = 'boot';
    // The machine started with the link's step, speed and alignment (PlaybackProvider's
    // `start`): the boot waits for that first load (command 1).
    const bootSeq = 1;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const write = () => {
      const s = actor.getSnapshot();
      if (playbackMode(s) === 'playing' || phase !== 'open') return;
      // While a tour chapter is open (?tour=<id>), the tour panel owns the address.
      if (new URLSearchParams(location.search).has('tour')) return;
      const st = store.getState();
      const query = linkQuery(st.draft, st.variants, s.context.position, {
        speed: s.context.speed,
        align: s.context.align,
      });
      if (location.search === `?${query}`) return;
      history.replaceState(history.state, '', `${location.pathname}?${query}${location.hash}`);
    };
    const schedule = () => {
      if (!writeUrl || phase !== 'open') return;
      clearTimeout(timer);
      timer = setTimeout(write, URL_WRITE_DEBOUNCE_MS);
    };
    const open = () => {
      phase = 'open';
      onOpen?.();
      if (autoplay) actor.send({ type: 'PLAY' });
      schedule();
    };

    const onSnapshot = (s: ReturnType<typeof actor.getSnapshot>) => {
      const mode = playbackMode(s);
      if (phase === 'boot') {
        // The first load (command 1, or the reload in the link's order) has landed.
        if (!settledAfter(s, bootSeq)) return;
        // Failed: the link's place opens once a load lands (Try again reloads it there).
        if (mode === 'error') return;
        const length = s.context.length;
        if (target > 0 && length !== null && target > length) onStepBeyondEnd?.(target, length);
        open();
        return;
      }
      if (mode !== 'playing') schedule();
    };
    const sub = actor.subscribe(onSnapshot);
    // The machine may already have settled before this effect ran.
    onSnapshot(actor.getSnapshot());
    const unStore = store.subscribe((s, prev) => {
      if (s.draft !== prev.draft || s.variants !== prev.variants) schedule();
    });
    return () => {
      sub.unsubscribe();
      unStore();
      clearTimeout(timer);
    };
  }, [actor, store, step, writeUrl, autoplay, onStepBeyondEnd, onOpen]);
}
