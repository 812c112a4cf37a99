import { useAppStore } from '../store/AppStoreProvider.tsx';
import { CountersTable } from './CountersTable.tsx';
import { formatCount } from './counterRows.ts';

/** Both lanes' counts at the current position. */
export function CountsSection() {
  const snapshot = useAppStore((s) => s.frame.snapshot);
  if (!snapshot) return null;
  return (
    <section className="counts-section" aria-labelledby="counters-heading">
      <h2 id="counters-heading">Counts</h2>
      <p className="legend">Rows where the lanes differ are highlighted.</p>
      <CountersTable
        caption={`Both lanes at event ${formatCount(snapshot.pair.position)}`}
        lanes={snapshot.pair.lanes}
      />
    </section>
  );
}
