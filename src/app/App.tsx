import { PROTOCOL_VERSION } from '../protocol/messages.ts';
import { AppStoreProvider } from '../store/AppStoreProvider.tsx';
import { AdvancedDrawer } from './AdvancedDrawer.tsx';
import { ChartSection } from './ChartSection.tsx';
import { ControlsBar } from './ControlsBar.tsx';
import { CountsSection } from './CountsSection.tsx';
import { ErrorPanel } from './ErrorPanel.tsx';
import { Header } from './Header.tsx';
import { KeymapDialog } from './KeymapDialog.tsx';
import { LanesView } from './LanesView.tsx';
import { LogPanel } from './LogPanel.tsx';
import { PlaybackProvider, usePlayback } from './PlaybackProvider.tsx';
import { SettingsRow } from './SettingsRow.tsx';
import { useDocumentPreferences } from './useDocumentPreferences.ts';
import { useKeyboard } from './useKeyboard.ts';
import { usePlaybackState } from './usePlaybackState.ts';
import { useAppStoreApi } from '../store/AppStoreProvider.tsx';
import { selectLaneInits } from '../store/appStore.ts';

function Visualizer() {
  const { actor } = usePlayback();
  const pb = usePlaybackState();
  const store = useAppStoreApi();
  useKeyboard(actor);
  return (
    <>
      <ControlsBar />
      <SettingsRow />
      <AdvancedDrawer />
      {pb.mode === 'error' && (
        <ErrorPanel
          message={pb.error ?? 'unknown failure'}
          onRetry={() => actor.send({ type: 'LOAD', lanes: selectLaneInits(store.getState()) })}
        />
      )}
      <LanesView />
      <ChartSection />
      <LogPanel />
      <CountsSection />
    </>
  );
}

function Page() {
  useDocumentPreferences();
  return (
    <>
      <Header />
      <main>
        <PlaybackProvider fallback={<p className="placeholder">Starting the simulation…</p>}>
          <Visualizer />
        </PlaybackProvider>
      </main>
      <KeymapDialog />
      <footer className="page-footer">
        <p>Protocol v{PROTOCOL_VERSION}</p>
      </footer>
    </>
  );
}

/** One visualizer app, with its own store, worker and playback machine. */
export function App() {
  return (
    <AppStoreProvider>
      <Page />
    </AppStoreProvider>
  );
}
