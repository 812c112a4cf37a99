import { useId, useState } from 'react';
import { BUDGET_LIMIT_TEXT } from '../model/index.ts';
import { useAppStore } from '../store/AppStoreProvider.tsx';
import { usePlayback } from './PlaybackProvider.tsx';
import { markerGoTo, markerPercent, markerText, positionText } from './readout.ts';
import { usePlaybackState } from './usePlaybackState.ts';

/** The timeline: a slider over merged positions, with the markers and the divergence tick. */
export function Scrubber() {
  const { actor } = usePlayback();
  const pb = usePlaybackState();
  const frame = useAppStore((s) => s.frame);
  const id = useId();
  // While dragging, the thumb follows the pointer; the machine catches up seek by seek.
  const [drag, setDrag] = useState<number | null>(null);

  const markers = frame.markers.filter((m) => m.kind !== 'divergence');
  const divergence = frame.divergence;
  const divergenceMarker = frame.markers.find((m) => m.kind === 'divergence');
  const max = Math.max(
    1,
    pb.length ?? 0,
    pb.position,
    ...markers.map((m) => m.position),
    divergence ?? 0,
  );
  const value = drag ?? pb.position;
  const cuts = markers.filter((m) => m.kind === 'budget');
  const seek = (position: number) => actor.send({ type: 'SEEK', position });

  return (
    <div className="scrubber">
      <label htmlFor={id}>Position</label>
      <div className="scrubber-track">
        <input
          id={id}
          type="range"
          min={0}
          max={max}
          step={1}
          value={Math.min(value, max)}
          disabled={!pb.canSeek}
          aria-valuetext={positionText(frame.snapshot)}
          onChange={(e) => {
            const v = Number(e.target.value);
            setDrag(v);
            seek(v);
          }}
          onPointerUp={() => setDrag(null)}
          onKeyUp={() => setDrag(null)}
          onBlur={() => setDrag(null)}
        />
        <ul className="markers" aria-label="Markers">
          {markers.map((m) => (
            <li
              key={`${m.kind}-${m.lane}`}
              className={`marker marker-${m.kind} lane-${m.lane}`}
              data-kind={m.kind}
              data-lane={m.lane}
              data-position={m.position}
              style={{ left: `${markerPercent(m.position, max)}%` }}
            >
              <button
                type="button"
                title={markerText(m)}
                aria-label={markerGoTo(m)}
                disabled={!pb.canSeek}
                onClick={() => seek(m.position)}
              />
            </li>
          ))}
          {divergence !== null && divergenceMarker && (
            <li
              className="marker marker-divergence"
              data-kind="divergence"
              data-position={divergence}
              style={{ left: `${markerPercent(divergence, max)}%` }}
            >
              <button
                type="button"
                title={markerText(divergenceMarker)}
                aria-label={markerGoTo(divergenceMarker)}
                disabled={!pb.canSeek}
                onClick={() => seek(divergence)}
              />
            </li>
          )}
        </ul>
      </div>
      {cuts.length > 0 && (
        <p className="budget-note" role="status">
          This run is cut short: {cuts.map((m) => m.label).join('; ')} ({BUDGET_LIMIT_TEXT}). The
          counts are those of the run up to there.
        </p>
      )}
    </div>
  );
}
