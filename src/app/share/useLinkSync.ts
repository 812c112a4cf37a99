/**
 * Waits for the first run to land at the link's step (the playback machine's first load
 * carries it as its target), then keeps the address bar's query on the current state
 * (settings, lanes, step, and the speed and alignment where they are not the defaults) with
 * history.replaceState: debounced, and never while playing (pausing, stepping, seeking,
 * changing the speed or a setting writes it). A link's speed is set at once; a link's
 * alignment other than the machine's reloads the first run in that order, at the link's step.
 */
import { useEffect } from 'react';
import { playbackMode, settledAfter } from '../../machines/playbackMachine.ts';
import { useAppStoreApi } from '../../store/AppStoreProvider.tsx';
import { usePlayback } from '../PlaybackProvider.tsx';
import type { AlignMode } from '../../protocol/messages.ts';
import { linkQuery, stepTarget } from './linkBoot.ts';

export const URL_WRITE_DEBOUNCE_MS = 300;

export interface LinkSyncOptions {
  /** Merged position to open at (null or 0: the start). */
  step: number | null;
  /** The link's speed (null: keep the machine's). */
  speed?: number | null;
  /** The link's merge order (null: keep the machine's). */
  align?: AlignMode | null;
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
  speed = null,
  align = null,
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
    if (speed !== null) actor.send({ type: 'SET_SPEED', speed });
    // The command the boot waits for: the first load, or the reload in the link's order.
    let bootSeq = 1;
    const ctx = actor.getSnapshot().context;
    if (align !== null && align !== ctx.align) {
      const at = stepTarget(step);
      actor.send({ type: 'LOAD', lanes: ctx.lanes, align, ...(at ? { target: at } : {}) });
      bootSeq = actor.getSnapshot().context.seq;
    }
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
        if (mode === 'error') {
          phase = 'open';
          return;
        }
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
  }, [actor, store, step, speed, align, writeUrl, autoplay, onStepBeyondEnd, onOpen]);
}
