import { useMemo } from 'react';
import { useAppStore } from '../store/AppStoreProvider.tsx';
import { pairTimeUs } from './readout.ts';
import { usePlaybackValue } from './usePlaybackState.ts';
import { useOnScreen } from './useOnScreen.ts';
import { useThrottled } from './useThrottled.ts';
import { Chart } from '../views/index.ts';

/**
 * The gauges of both runs over time, under the lanes (the playhead at ~10 Hz while playing, and
 * not at all while scrolled away).
 */
export function ChartSection() {
  const series = useAppStore((s) => s.frame.series);
  const markers = useAppStore((s) => s.frame.markers);
  const nowUs = useAppStore((s) => pairTimeUs(s.frame.snapshot));
  const laneVariants = useAppStore(
    (s) => s.frame.snapshot?.pair.lanes.map((l) => l.variant).join(' ') ?? s.variants.join(' '),
  );
  const playing = usePlaybackValue((v) => v.mode === 'playing');
  const [ref, onScreen] = useOnScreen<HTMLElement>();
  const shownUs = useThrottled(nowUs, playing, !onScreen);
  const variants = useMemo(() => laneVariants.split(' '), [laneVariants]);
  return (
    <section ref={ref} className="chart-section" aria-labelledby="chart-heading">
      <h2 id="chart-heading">Over time</h2>
      {series ? (
        <Chart series={series} nowUs={shownUs} variants={variants} markers={markers} />
      ) : (
        <p className="placeholder">The chart appears once both runs are computed.</p>
      )}
    </section>
  );
}
