import { useAppStore } from '../store/AppStoreProvider.tsx';
import { pairTimeUs } from './readout.ts';
import { Chart } from '../views/index.ts';

/** The gauges of both runs over time, under the lanes. */
export function ChartSection() {
  const series = useAppStore((s) => s.frame.series);
  const markers = useAppStore((s) => s.frame.markers);
  const snapshot = useAppStore((s) => s.frame.snapshot);
  const variants = useAppStore((s) => s.variants);
  return (
    <section className="chart-section" aria-labelledby="chart-heading">
      <h2 id="chart-heading">Over time</h2>
      {series ? (
        <Chart
          series={series}
          nowUs={pairTimeUs(snapshot)}
          variants={snapshot ? snapshot.pair.lanes.map((l) => l.variant) : [...variants]}
          markers={markers}
        />
      ) : (
        <p className="placeholder">The chart appears once both runs are computed.</p>
      )}
    </section>
  );
}
