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
import { usePlaybackValue } from './usePlaybackState.ts';
import { bootStart, type LinkBoot } from './share/linkBoot.ts';
import { ShareLayer } from './share/ShareLayer.tsx';
import { TourPanel } from './tour/TourPanel.tsx';

function Visualizer({ boot }: { boot?: LinkBoot }) {
  const { actor } = usePlayback();
  // Only the mode and the error: the shell must not re-render on every move while playing.
  const mode = usePlaybackValue((v) => v.mode);
  const error = usePlaybackValue((v) => v.error);
  useKeyboard(actor);
  // The first screen: controls, the three sliders and the two stages; the menus open over the
  // page instead of pushing the stages down, and the detail panels, chart and log sit below.
  return (
    <>
      <TourPanel />
      <ControlsBar />
      <div className="settings-bar">
        <SettingsRow />
        <AdvancedDrawer />
        <div className="share-layer">
          <ShareLayer boot={boot} />
        </div>
      </div>
      {mode === 'error' && (
        <ErrorPanel
          message={error ?? 'unknown failure'}
          onRetry={() => actor.send({ type: 'RETRY' })}
        />
      )}
      <LanesView />
      <ChartSection />
      <LogPanel />
      <CountsSection />
    </>
  );
}

function Page({ boot }: { boot?: LinkBoot }) {
  useDocumentPreferences();
  return (
    <>
      <Header />
      <main>
        <PlaybackProvider
          fallback={<p className="placeholder">Starting the simulation…</p>}
          start={bootStart(boot)}
        >
          <Visualizer boot={boot} />
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
export function App({ boot }: { boot?: LinkBoot } = {}) {
  return (
    <AppStoreProvider options={boot ? { initial: boot } : undefined}>
      <Page boot={boot} />
    </AppStoreProvider>
  );
}
