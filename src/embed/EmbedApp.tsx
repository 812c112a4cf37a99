/**
 * The embedded visualizer: the two lanes with their narration and compact controls, no header,
 * drawer or log. Used by embed.html (in an iframe) and by the <dcoscope-demo> element. Each
 * mount has its own store, worker and playback machine.
 */
import { useCallback, useEffect, useState } from 'react';
import { useSelector } from '@xstate/react';
import { playbackMode } from '../machines/playbackMachine.ts';
import { MODEL_VERSION } from '../model/index.ts';
import { selectLaneInits } from '../store/appStore.ts';
import { AppStoreProvider, useAppStore, useAppStoreApi } from '../store/AppStoreProvider.tsx';
import { ControlsBar } from '../app/ControlsBar.tsx';
import { ErrorPanel } from '../app/ErrorPanel.tsx';
import { LanesView } from '../app/LanesView.tsx';
import { PlaybackProvider, usePlayback } from '../app/PlaybackProvider.tsx';
import { usePlaybackState } from '../app/usePlaybackState.ts';
import { bootStart, linkQuery, type LinkBoot } from '../app/share/linkBoot.ts';
import { LinkNotices } from '../app/share/LinkNotices.tsx';
import { useLinkSync } from '../app/share/useLinkSync.ts';
import {
  countsMessage,
  readyMessage,
  stepMessage,
  type EmbedCommand,
  type EmbedMessage,
} from './messages.ts';
import './embed.css';

/** How an embed talks to its host: messages out, commands in. */
export interface EmbedBridge {
  send(message: EmbedMessage): void;
  /** Registers the command handler; returns its removal. */
  listen(onCommand: (c: EmbedCommand) => void): () => void;
}

/** Most step messages per second while playing (at rest, every position is sent). */
const STEP_MESSAGE_INTERVAL_MS = 100;

function useBridge(bridge: EmbedBridge | null, open: boolean) {
  const { actor } = usePlayback();
  const store = useAppStoreApi();
  useEffect(() => {
    if (!bridge) return;
    return bridge.listen((c) => {
      if (c.command === 'play') actor.send({ type: 'PLAY' });
      else if (c.command === 'pause') actor.send({ type: 'PAUSE' });
      else actor.send({ type: 'SEEK', position: c.position });
    });
  }, [bridge, actor]);
  useEffect(() => {
    if (!bridge || !open) return;
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let sentPosition = -1;
    let sentMode = '';
    const flush = () => {
      timer = undefined;
      const snap = store.getState().frame.snapshot;
      if (!snap) return;
      const mode = playbackMode(actor.getSnapshot());
      if (snap.pair.position === sentPosition && mode === sentMode) return;
      sentPosition = snap.pair.position;
      sentMode = mode;
      last = Date.now();
      bridge.send(stepMessage(snap, mode));
      bridge.send(countsMessage(snap));
    };
    const schedule = () => {
      if (timer !== undefined) return;
      const wait = Math.max(0, STEP_MESSAGE_INTERVAL_MS - (Date.now() - last));
      timer = setTimeout(flush, wait);
    };
    const snap = store.getState().frame.snapshot;
    if (snap) {
      bridge.send(readyMessage(MODEL_VERSION, store.getState().variants, snap));
      flush();
    }
    const unStore = store.subscribe((s, prev) => {
      if (s.frame.snapshot !== prev.frame.snapshot) schedule();
    });
    let wasError = false;
    const sub = actor.subscribe((s) => {
      if (s.value === 'error' && !wasError) {
        bridge.send({
          source: 'dcoscope',
          api: 1,
          type: 'error',
          message: s.context.error ?? 'the simulation failed',
        });
      }
      wasError = s.value === 'error';
      if (playbackMode(s) !== sentMode) schedule();
    });
    return () => {
      clearTimeout(timer);
      unStore();
      sub.unsubscribe();
    };
  }, [bridge, open, store, actor]);
}

function EmbedView({
  boot,
  bridge,
  pageUrl,
}: {
  boot: LinkBoot;
  bridge: EmbedBridge | null;
  pageUrl: (query: string) => string;
}) {
  const { actor } = usePlayback();
  const pb = usePlaybackState();
  const store = useAppStoreApi();
  const [open, setOpen] = useState(false);
  const onOpen = useCallback(() => setOpen(true), []);
  useLinkSync({
    step: boot.step,
    writeUrl: false,
    autoplay: boot.autoplay,
    onOpen,
  });
  useBridge(bridge, open);
  const draft = useAppStore((s) => s.draft);
  const variants = useAppStore((s) => s.variants);
  const position = useAppStore((s) => s.frame.snapshot?.pair.position ?? 0);
  const align = useSelector(actor, (s) => s.context.align);
  const link = pageUrl(
    linkQuery(draft, variants, pb.mode === 'playing' ? 0 : position, { speed: pb.speed, align }),
  );
  return (
    <div className="embed">
      <LinkNotices ignored={boot.ignored} otherModelVersion={boot.otherModelVersion} />
      <ControlsBar />
      {pb.mode === 'error' && (
        <ErrorPanel
          message={pb.error ?? 'unknown failure'}
          onRetry={() => actor.send({ type: 'LOAD', lanes: selectLaneInits(store.getState()) })}
        />
      )}
      <LanesView />
      <p className="embed-footer">
        <a href={link} target="_blank" rel="noopener">
          Open in dcoscope
        </a>{' '}
        (the full visualizer: settings, chart, event log)
      </p>
    </div>
  );
}

export function EmbedApp({
  boot,
  bridge = null,
  pageUrl,
}: {
  boot: LinkBoot;
  bridge?: EmbedBridge | null;
  pageUrl: (query: string) => string;
}) {
  return (
    <AppStoreProvider options={{ initial: boot }}>
      <PlaybackProvider
        fallback={<p className="placeholder">Starting the simulation…</p>}
        start={bootStart(boot)}
      >
        <EmbedView boot={boot} bridge={bridge} pageUrl={pageUrl} />
      </PlaybackProvider>
    </AppStoreProvider>
  );
}
