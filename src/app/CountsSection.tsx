import { formatCount } from '../model/index.ts';
import { useAppStore } from '../store/AppStoreProvider.tsx';
import { CountersTable } from './CountersTable.tsx';
import { usePlaybackValue } from './usePlaybackState.ts';
import { useOnScreen } from './useOnScreen.ts';
import { useThrottled } from './useThrottled.ts';

/** Both lanes' counts at the current position (~10 Hz while playing; held while scrolled away). */
export function CountsSection() {
  const latest = useAppStore((s) => s.frame.snapshot);
  const playing = usePlaybackValue((v) => v.mode === 'playing');
  const [ref, onScreen] = useOnScreen<HTMLElement>();
  const snapshot = useThrottled(latest, playing, !onScreen);
  if (!snapshot) return null;
  return (
    <section ref={ref} className="counts-section" aria-labelledby="counters-heading">
      <h2 id="counters-heading">Counts</h2>
      <p className="legend">Rows where the lanes differ are highlighted.</p>
      <CountersTable
        caption={`Both lanes at event ${formatCount(snapshot.pair.position)}`}
        lanes={snapshot.pair.lanes}
      />
    </section>
  );
}
