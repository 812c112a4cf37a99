import { DEFAULT_SETTINGS, loadName } from '../model/index.ts';
import { PROTOCOL_VERSION } from '../protocol/messages.ts';
import { CountersTable } from './CountersTable.tsx';
import { ErrorPanel } from './ErrorPanel.tsx';
import { doneText, formatCount } from './counterRows.ts';
import { DEFAULT_LANES } from './defaultRun.ts';
import { useSimRun, type RunView } from './useSimRun.ts';

const s = DEFAULT_SETTINGS;
const CAPTION =
  `Counters at the end of the default run: seed ${s.seed}, ${formatCount(s.peers)} peers, ` +
  `${loadName(s.load)} load, firewall block at ${s.blockAtS} s, ${s.untilS} s simulated`;

function statusText(view: RunView): string {
  switch (view.phase) {
    case 'running':
      return 'Running…';
    case 'done':
      return doneText(view.lanes);
    case 'error':
      return 'Stopped: the simulation failed.';
  }
}

export function App() {
  const view = useSimRun(DEFAULT_LANES);
  return (
    <>
      <header className="page-header">
        <h1>dcoscope</h1>
        <p className="tagline">
          How OpenVPN&rsquo;s data-channel offload loses DEL_PEER notifications, simulated in your
          browser.
        </p>
      </header>
      <main>
        <p className="status" role="status" aria-live="polite" aria-atomic="true">
          {statusText(view)}
        </p>
        {view.phase === 'error' && <ErrorPanel message={view.message} />}
        {view.phase === 'done' && (
          <section aria-labelledby="counters-heading">
            <h2 id="counters-heading">Default run, side by side</h2>
            <p className="legend">Rows where the lanes differ are highlighted.</p>
            <CountersTable caption={CAPTION} lanes={view.lanes} />
          </section>
        )}
      </main>
      <footer className="page-footer">
        <p>
          Protocol v{PROTOCOL_VERSION}
          {view.phase === 'done' && <> · model v{view.modelVersion}</>}
        </p>
      </footer>
    </>
  );
}
