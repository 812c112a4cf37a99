import { useId } from 'react';
import { LOAD_LEVELS, formatCount } from '../model/index.ts';
import { useAppStore } from '../store/AppStoreProvider.tsx';
import { LOAD_NAMES, PEER_STOPS, loadIndex, peerStopIndex } from '../store/settingsDraft.ts';

/** The three settings that matter most, always visible: peer count, batch size, load. */
export function SettingsRow() {
  const draft = useAppStore((s) => s.draft);
  const setField = useAppStore((s) => s.setField);
  const notes = useAppStore((s) => s.notes);
  const peersId = useId();
  const batchId = useId();
  const autoId = useId();
  const loadId = useId();
  const auto = draft.batch === 'auto';
  const batch = auto ? Math.min(draft.peers, 16) : (draft.batch as number);
  const loadName = LOAD_NAMES[loadIndex(draft.load)]!;

  return (
    <section className="settings-row" aria-label="Main settings">
      <div className="field">
        <label htmlFor={peersId}>Peers</label>
        <input
          id={peersId}
          type="range"
          min={0}
          max={PEER_STOPS.length - 1}
          step={1}
          value={peerStopIndex(draft.peers)}
          aria-valuetext={`${formatCount(draft.peers)} peers`}
          onChange={(e) => setField('peers', PEER_STOPS[Number(e.target.value)]!)}
        />
        <output htmlFor={peersId}>{formatCount(draft.peers)}</output>
      </div>
      <div className="field">
        <label htmlFor={batchId}>Batch size</label>
        <input
          id={batchId}
          type="range"
          min={1}
          max={Math.max(1, draft.peers)}
          step={1}
          value={batch}
          disabled={auto}
          aria-valuetext={auto ? 'auto' : `${formatCount(batch)} per burst`}
          onChange={(e) => setField('batch', Number(e.target.value))}
        />
        <output htmlFor={batchId}>{auto ? 'auto' : formatCount(batch)}</output>
        <span className="checkbox">
          <input
            id={autoId}
            type="checkbox"
            checked={auto}
            onChange={(e) => setField('batch', e.target.checked ? 'auto' : batch)}
          />
          <label htmlFor={autoId}>auto</label>
        </span>
      </div>
      <div className="field">
        <label htmlFor={loadId}>Load</label>
        <input
          id={loadId}
          type="range"
          min={0}
          max={LOAD_NAMES.length - 1}
          step={1}
          value={loadIndex(draft.load)}
          aria-valuetext={loadName}
          onChange={(e) => setField('load', LOAD_LEVELS[LOAD_NAMES[Number(e.target.value)]!])}
        />
        <output htmlFor={loadId}>{loadName}</output>
      </div>
      <div className="notes" aria-live="polite">
        {notes.map((n) => (
          <p key={n} className="note">
            {n}
          </p>
        ))}
      </div>
    </section>
  );
}
