import { useEffect, useId, useState } from 'react';
import { LOAD_LEVELS, effectiveHogs, formatCount } from '../model/index.ts';
import { useAppStore } from '../store/AppStoreProvider.tsx';
import { LOAD_NAMES, PEER_STOPS, loadIndex, peerStopIndex } from '../store/settingsDraft.ts';
import { usePlayback } from './PlaybackProvider.tsx';

/**
 * What the load is on the rig, in words: the CPU hogs it stands for (a preset of 4 per CPU at
 * saturation), or the hogs setting that overrides it.
 */
function loadWords(d: { load: number; hogs: number; cpus: number }): string {
  const hogs = effectiveHogs(d);
  const set = d.hogs >= 0 ? ' (set by hogs: the slider has no effect)' : '';
  if (hogs === 0) return `no CPU hogs on the ${formatCount(d.cpus)} CPUs${set}`;
  return `like stress-ng --cpu ${formatCount(hogs)} on ${formatCount(d.cpus)} CPUs${set}`;
}

/** "1.234 ms" / "56 µs": how long the DEL_PEERs waited in the socket. */
function drainText(us: number): string {
  return us >= 1000 ? `${(us / 1000).toFixed(1)} ms` : `${formatCount(us)} µs`;
}

/**
 * With batch 'auto' the kernel's timers group the expiries: once the run is complete, the
 * largest group the kernel sent in each lane (its k_expire events), read from the worker's trace
 * without moving the pair. Null until known, or when the batch is fixed.
 */
function useAutoBatch(auto: boolean): number[] | null {
  const { session } = usePlayback();
  const runs = useAppStore((s) => s.runs);
  const [sizes, setSizes] = useState<{ runs: number; sizes: number[] } | null>(null);
  useEffect(() => {
    if (!auto) return;
    let cancelled = false;
    // summaries() answers once both runs are complete, with each lane's trace length.
    session
      .summaries()
      .then((ends) =>
        Promise.all(
          ends.map((end, lane) =>
            session
              .getTrace(lane, 0, end.length, { kinds: ['k_expire'] })
              .then((events) => events.reduce((m, e) => Math.max(m, e.n ?? 0), 0)),
          ),
        ),
      )
      .then(
        (s) => {
          if (!cancelled) setSizes({ runs, sizes: s });
        },
        () => {
          // a newer run replaced this one: its own answer will come
        },
      );
    return () => {
      cancelled = true;
    };
  }, [auto, runs, session]);
  return auto && sizes && sizes.runs === runs ? sizes.sizes : null;
}

/** The three settings that matter most, always visible: peer count, batch size, load. */
export function SettingsRow() {
  const draft = useAppStore((s) => s.draft);
  const setField = useAppStore((s) => s.setField);
  const notes = useAppStore((s) => s.notes);
  const drains = useAppStore((s) =>
    (s.frame.snapshot?.pair.lanes ?? []).map((l) => l.summary.drainUs).join(','),
  );
  const peersId = useId();
  const batchId = useId();
  const autoId = useId();
  const loadId = useId();
  const auto = draft.batch === 'auto';
  const picked = useAutoBatch(auto);
  const largest = picked ? Math.max(...picked) : null;
  const batch = auto ? Math.max(1, Math.min(draft.peers, largest ?? 1)) : (draft.batch as number);
  const loadName = LOAD_NAMES[loadIndex(draft.load)]!;
  const batchText = auto
    ? picked === null
      ? 'auto'
      : `auto (${picked.every((p) => p === picked[0]) ? formatCount(picked[0]!) : picked.map(formatCount).join(' / ')})`
    : formatCount(batch);
  const drainUs = drains.split(',').filter((d) => d !== '' && d !== 'null');

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
          aria-valuetext={
            auto
              ? largest === null
                ? 'auto: the kernel timers group the expiries'
                : `auto: largest burst ${formatCount(largest)}`
              : `${formatCount(batch)} per burst`
          }
          onChange={(e) => setField('batch', Number(e.target.value))}
        />
        <output
          htmlFor={batchId}
          data-auto-batch={picked?.join(',') ?? ''}
          title={
            auto
              ? 'auto: the kernel timers group the expiries; in brackets the largest burst each lane got'
              : undefined
          }
        >
          {batchText}
        </output>
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
          aria-valuetext={`${loadName}: ${loadWords(draft)}`}
          onChange={(e) => setField('load', LOAD_LEVELS[LOAD_NAMES[Number(e.target.value)]!])}
        />
        <output htmlFor={loadId}>{loadName}</output>
        <span className="load-effect" data-load={loadName}>
          {loadWords(draft)}
          {drainUs.length > 0 &&
            ` · queue drained in ${drainUs.map((d) => drainText(Number(d))).join(' / ')}`}
        </span>
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
