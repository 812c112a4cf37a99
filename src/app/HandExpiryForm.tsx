/**
 * Poke the kernel: expire a peer at the moment shown, by number here or by clicking its cell in
 * a lane's kernel peer table. The run re-runs with that expiry and stays at the same simulated
 * time (the link carries it as `expire=`).
 */
import { useCallback, useId, useState } from 'react';
import { MAX_HAND_EXPIRIES } from '../model/index.ts';
import { useAppStore, useAppStoreApi } from '../store/AppStoreProvider.tsx';
import { peerFromText } from '../store/settingsDraft.ts';
import { expiryText, handExpiries, withExpiry } from './handExpiry.ts';
import { usePlayback } from './PlaybackProvider.tsx';
import { momentUs } from './readout.ts';
import './fields.css';

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
  // the peer as typed, read in the one number syntax on submit (2.7 is no peer, nor is 0x1)
  const [peer, setPeer] = useState('0');
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const errorId = useId();
  const list = handExpiries(draft);
  const full = list.length >= MAX_HAND_EXPIRIES;
  return (
    <form
      className="hand-expiry"
      aria-label="Expire a peer by hand"
      onSubmit={(e) => {
        e.preventDefault();
        const read = peerFromText(peer, draft.peers);
        if (!read.ok) {
          setError(read.message);
          return;
        }
        setError(null);
        expireNow(read.peer);
      }}
    >
      <label htmlFor={inputId}>Expire peer</label>
      <input
        id={inputId}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        value={peer}
        aria-invalid={error !== null}
        aria-describedby={error !== null ? errorId : undefined}
        onChange={(e) => {
          setPeer(e.target.value);
          setError(null);
        }}
      />
      <button type="submit" disabled={full}>
        now
      </button>
      {error !== null && (
        <span id={errorId} className="field-error" role="alert">
          {error}
        </span>
      )}
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
