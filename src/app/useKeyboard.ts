import { useEffect } from 'react';
import { useAppStoreApi } from '../store/AppStoreProvider.tsx';
import { keyAction, targetOwnsKey } from './keymap.ts';
import type { PlaybackActor } from './PlaybackProvider.tsx';
import { playbackMode } from '../machines/playbackMachine.ts';

/** The player's keys on the whole document (see keymap.ts), unless the focus owns the key. */
export function useKeyboard(actor: PlaybackActor): void {
  const store = useAppStoreApi();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || store.getState().keymapOpen) return;
      const action = keyAction(e);
      if (!action) return;
      const t = e.target instanceof HTMLElement ? e.target : null;
      if (
        targetOwnsKey(
          t && {
            tagName: t.tagName,
            type: (t as HTMLInputElement).type,
            isContentEditable: t.isContentEditable,
            role: t.getAttribute('role'),
          },
          e.key,
        )
      ) {
        return;
      }
      e.preventDefault();
      switch (action.type) {
        case 'toggle':
          actor.send({
            type: playbackMode(actor.getSnapshot()) === 'playing' ? 'PAUSE' : 'PLAY',
          });
          break;
        case 'step':
          actor.send({ type: 'STEP', unit: action.unit, direction: action.direction });
          break;
        case 'jump':
          actor.send({ type: 'JUMP', to: action.to });
          break;
        case 'keymap':
          store.getState().setKeymapOpen(true);
          break;
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [actor, store]);
}
