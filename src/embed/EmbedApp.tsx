/**
 * The embedded visualizer: the two lanes with their narration and compact controls, no header,
 * drawer or log. Used by embed.html (in an iframe) and by the <dcoscope-demo> element's app
 * chunk. Each mount has its own store, worker and playback machine. It lays out by its own
 * width (container queries, embed.css), holds still while unseen (useOffscreenPause), keeps one
 * live region (the player's), and adds one landmark and, unless asked, no headings to its
 * host's outline (outline.ts).
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useSelector } from '@xstate/react';
import { playbackMode } from '../machines/playbackMachine.ts';
import { MODEL_VERSION, SCENARIOS, VARIANTS } from '../model/index.ts';
import { AppStoreProvider, useAppStore, useAppStoreApi } from '../store/AppStoreProvider.tsx';
import { ControlsBar } from '../app/ControlsBar.tsx';
import { ErrorPanel } from '../app/ErrorPanel.tsx';
import { LanesView } from '../app/LanesView.tsx';
import { PlaybackProvider, usePlayback } from '../app/PlaybackProvider.tsx';
import { usePlaybackState } from '../app/usePlaybackState.ts';
import {
  bootStart,
  linkQuery,
  stepPastEnd,
  type IgnoredParam,
  type LinkBoot,
} from '../app/share/linkBoot.ts';
import { useLinkSync } from '../app/share/useLinkSync.ts';
import { EmbedNotices } from './EmbedNotices.tsx';
import { LaneSwitcher } from './LaneSwitcher.tsx';
import { embedOutline } from './outline.ts';
import {
  countsMessage,
  embedState,
  errorMessage,
  readyMessage,
  stepMessage,
  type EmbedCommand,
  type EmbedMessage,
  type EmbedState,
} from './messages.ts';
import type { Theme } from './options.ts';
import { useOffscreenPause, type Offscreen } from './useOffscreenPause.ts';
import './embed.css';

/** How an embed talks to its host: messages out, commands in. */
export interface EmbedBridge {
  send(message: EmbedMessage): void;
  /** Registers the command handler; returns its removal. */
  listen(onCommand: (c: EmbedCommand) => void): () => void;
}

/** Most step messages per second while playing (at rest, every position is sent). */
const STEP_MESSAGE_INTERVAL_MS = 100;

/** The embed's name for its host: "dcoscope: " and the scenario's title. */
export function embedLabel(preset: string | null): string {
  const s = preset !== null && Object.hasOwn(SCENARIOS, preset) ? SCENARIOS[preset] : undefined;
  return `dcoscope: ${s ? s.title : 'OpenVPN DCO DEL_PEER loss'}`;
}

function useBridge(bridge: EmbedBridge | null, open: boolean, theme: Theme, offscreen: Offscreen) {
  const { actor } = usePlayback();
  const store = useAppStoreApi();
  const themeRef = useRef(theme);
  // Answers a hello: the full state, once the length is known (until then, the ready to come).
  const hello = useRef<() => void>(() => {});
  useEffect(() => {
    if (!bridge) return;
    return bridge.listen((c) => {
      switch (c.command) {
        case 'play':
          if (offscreen.hidden()) offscreen.playWhenSeen();
          else actor.send({ type: 'PLAY' });
          break;
        case 'pause':
          offscreen.stayPaused();
          actor.send({ type: 'PAUSE' });
          break;
        case 'seek':
          actor.send({ type: 'SEEK', position: c.position });
          break;
        case 'hello':
          hello.current();
          break;
        case 'theme':
          // The theme is its owner's (the iframe page, the element): see EmbedApp's `theme`.
          break;
      }
    });
  }, [bridge, actor, offscreen]);
  // The ready message waits for the length: it is the length's first news.
  useEffect(() => {
    if (!bridge || !open) return;
    let readySent = false;
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let sentPosition = -1;
    let sentMode = '';
    const stateNow = (): EmbedState | null => {
      const snap = store.getState().frame.snapshot;
      const s = actor.getSnapshot();
      const length = snap?.pair.length ?? s.context.length;
      if (!snap || length === null) return null;
      return embedState(
        MODEL_VERSION,
        store.getState().variants,
        snap,
        length,
        playbackMode(s),
        themeRef.current,
      );
    };
    const flush = () => {
      timer = undefined;
      const snap = store.getState().frame.snapshot;
      if (!snap || !readySent) return;
      const mode = playbackMode(actor.getSnapshot());
      if (snap.pair.position === sentPosition && mode === sentMode) return;
      sentPosition = snap.pair.position;
      sentMode = mode;
      last = Date.now();
      bridge.send(stepMessage(snap, mode));
      bridge.send(countsMessage(snap));
    };
    const sendReady = (): boolean => {
      const state = stateNow();
      if (!state) return false;
      readySent = true;
      bridge.send(readyMessage(state));
      return true;
    };
    const schedule = () => {
      if (!readySent && sendReady()) {
        flush();
        return;
      }
      if (timer !== undefined) return;
      const wait = Math.max(0, STEP_MESSAGE_INTERVAL_MS - (Date.now() - last));
      timer = setTimeout(flush, wait);
    };
    hello.current = () => {
      const s = actor.getSnapshot();
      if (s.value === 'error') {
        bridge.send(errorMessage(s.context.error ?? 'the simulation failed'));
      } else if (sendReady()) {
        sentPosition = -1;
        flush();
      }
    };
    schedule();
    const unStore = store.subscribe((s, prev) => {
      if (s.frame.snapshot !== prev.frame.snapshot) schedule();
    });
    let wasError = false;
    const sub = actor.subscribe((s) => {
      if (s.value === 'error' && !wasError) {
        bridge.send(errorMessage(s.context.error ?? 'the simulation failed'));
      }
      wasError = s.value === 'error';
      if (!readySent || playbackMode(s) !== sentMode) schedule();
    });
    return () => {
      clearTimeout(timer);
      hello.current = () => {};
      unStore();
      sub.unsubscribe();
    };
  }, [bridge, open, store, actor]);
  useEffect(() => {
    themeRef.current = theme;
  }, [theme]);
}

export interface EmbedProps {
  boot: LinkBoot;
  bridge?: EmbedBridge | null;
  /** The full visualizer's address for a link query (index.html, next to the embed). */
  pageUrl: (query: string) => string;
  /** The theme asked for (its owner applies it; the state reports it). */
  theme?: Theme;
  /** Heading level of the embed's titles (1-6), or null: no headings (plain text). */
  headingLevel?: number | null;
  /** More ignored settings to list (the embed's own: theme, heading-level, loading). */
  ignored?: readonly IgnoredParam[];
  /** The name of the iframe document's main landmark, or null for the element (whose box is
   * the region). */
  label?: string | null;
  /** Play once open, whatever the autoplay parameter says (the reader pressed Play). */
  play?: boolean;
  /** Move the focus to the Play/Pause button once open. */
  focus?: boolean;
  /** Changes when canvases must repaint for a theme their document cannot see (the element). */
  repaint?: number;
}

function EmbedView({
  boot,
  bridge = null,
  pageUrl,
  theme = 'auto',
  headingLevel = null,
  ignored = [],
  label = null,
  play = false,
  focus = false,
  repaint = 0,
}: EmbedProps) {
  const { actor } = usePlayback();
  const pb = usePlaybackState();
  const [open, setOpen] = useState(false);
  const [root, setRoot] = useState<HTMLElement | null>(null);
  const [shown, setShown] = useState<0 | 1>(0);
  const ids = useId();
  const laneIds = [`${ids}-lane-0`, `${ids}-lane-1`] as const;
  const onOpen = useCallback(() => setOpen(true), []);
  // A step past the end opens at the end and is listed, as on the page (ShareLayer).
  const [pastEnd, setPastEnd] = useState<IgnoredParam | null>(null);
  const onStepBeyondEnd = useCallback(
    (step: number, length: number) => setPastEnd(stepPastEnd(step, length)),
    [],
  );
  useLinkSync({
    step: boot.step,
    writeUrl: false,
    autoplay: boot.autoplay || play,
    onStepBeyondEnd,
    onOpen,
  });
  const offscreen = useOffscreenPause(root, actor);
  useBridge(bridge, open, theme, offscreen);
  useEffect(() => (root ? embedOutline(root, headingLevel) : undefined), [root, headingLevel]);
  useEffect(() => {
    if (open && focus) root?.querySelector<HTMLElement>('.controls .play')?.focus();
  }, [open, focus, root]);
  const draft = useAppStore((s) => s.draft);
  const variants = useAppStore((s) => s.variants);
  const hasFrame = useAppStore((s) => s.frame.snapshot !== null);
  const position = useAppStore((s) => s.frame.snapshot?.pair.position ?? 0);
  const align = useSelector(actor, (s) => s.context.align);
  const link = pageUrl(
    linkQuery(draft, variants, pb.mode === 'playing' ? 0 : position, { speed: pb.speed, align }),
  );
  const body = (
    <>
      <EmbedNotices
        ignored={[...boot.ignored, ...ignored, ...(pastEnd ? [pastEnd] : [])]}
        otherModelVersion={boot.otherModelVersion}
        adjusted={boot.adjusted}
      />
      <ControlsBar />
      {pb.mode === 'error' && (
        <ErrorPanel
          message={pb.error ?? 'unknown failure'}
          onRetry={() => actor.send({ type: 'RETRY' })}
        />
      )}
      {hasFrame && (
        <LaneSwitcher
          titles={[VARIANTS[variants[0]].title, VARIANTS[variants[1]].title]}
          shown={shown}
          onShow={setShown}
          controls={laneIds}
        />
      )}
      <div className="embed-lanes" data-shown-lane={shown}>
        <LanesView key={repaint} narrationLive={false} laneIds={laneIds} />
      </div>
      <p className="embed-footer">
        <a href={link} target="_blank" rel="noopener">
          Open in dcoscope
        </a>{' '}
        (the full visualizer: settings, chart, event log)
      </p>
    </>
  );
  // The element's region is the loader's box; the iframe's document is the embed alone, whose
  // main content it is.
  return label === null ? (
    <div className="embed" ref={setRoot}>
      {body}
    </div>
  ) : (
    <main className="embed" ref={setRoot} aria-label={label}>
      {body}
    </main>
  );
}

export function EmbedApp(props: EmbedProps) {
  return (
    <AppStoreProvider options={{ initial: props.boot }}>
      <PlaybackProvider
        fallback={<p className="placeholder">Starting the simulation…</p>}
        start={bootStart(props.boot)}
      >
        <EmbedView {...props} />
      </PlaybackProvider>
    </AppStoreProvider>
  );
}
