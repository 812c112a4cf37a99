/**
 * Poke the kernel: expire a peer at the moment shown, by number here or by clicking its cell in
 * a lane's kernel peer table. The run re-runs with that expiry and stays at the same simulated
 * time (the link carries it as `expire=`).
 */
import { useCallback, useId, useState } from 'react';
import { MAX_HAND_EXPIRIES } from '../model/index.ts';
import { useAppStore, useAppStoreApi } from '../store/AppStoreProvider.tsx';
import { expiryText, handExpiries, withExpiry } from './handExpiry.ts';
import { usePlayback } from './PlaybackProvider.tsx';
import { momentUs } from './readout.ts';

/** Expires `peer` now: the moment the page shows. */
export function useExpireNow(): (peer: number) => void {
  const store = useAppStoreApi();
  const { actor } = usePlayback();
  // Stable, so the memoized lane panels that take it do not re-render for it.
  return useCallback(
    (peer: number) => {
      const st = store.getState();
      const atUs = momentUs(st.frame.snapshot, actor.getSnapshot().context.align);
      st.setField('expire', withExpiry(st.draft, peer, atUs));
    },
    [store, actor],
  );
}

export function HandExpiryForm() {
  const draft = useAppStore((s) => s.draft);
  const setField = useAppStore((s) => s.setField);
  const expireNow = useExpireNow();
  const [peer, setPeer] = useState(0);
  const inputId = useId();
  const list = handExpiries(draft);
  const full = list.length >= MAX_HAND_EXPIRIES;
  return (
    <form
      className="hand-expiry"
      aria-label="Expire a peer by hand"
      onSubmit={(e) => {
        e.preventDefault();
        if (Number.isInteger(peer) && peer >= 0 && peer < draft.peers) expireNow(peer);
      }}
    >
      <label htmlFor={inputId}>Expire peer</label>
      <input
        id={inputId}
        type="number"
        min={0}
        max={draft.peers - 1}
        step={1}
        value={peer}
        onChange={(e) => setPeer(Math.trunc(Number(e.target.value)))}
      />
      <button type="submit" disabled={full}>
        now
      </button>
      <span className="hand-expiry-list">
        {list.length === 0
          ? 'or click a peer in a kernel peer table.'
          : `Expired by hand: ${expiryText(list)}.`}
      </span>
      {list.length > 0 && (
        <button type="button" className="link" onClick={() => setField('expire', '')}>
          Clear
        </button>
      )}
    </form>
  );
}
