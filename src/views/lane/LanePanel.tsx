/**
 * One lane: the variant's header and the six panels (kernel peers, multi_context, socket queue,
 * libnl reader, dco_context_t, code), laid out two columns wide in about 650 px (one column
 * when the lane is narrower, by container query). With reduced motion, a list of what the step
 * that led here changed (from the view's own trace events) replaces the animations. Everything
 * shown is a function of the view alone, so stepping back restores exactly what was shown.
 */
import { memo, useId, useMemo } from 'react';
import { formatCount, formatSeconds, VARIANTS } from '../../model/index.ts';
import type { LaneView } from '../../protocol/view.ts';
import { CodePanel } from '../code/CodePanel.tsx';
import { DcoStruct } from './DcoStruct.tsx';
import { LibnlReader } from './LibnlReader.tsx';
import { MultiContext } from './MultiContext.tsx';
import { PeerTable } from './PeerTable.tsx';
import { SocketQueue } from './SocketQueue.tsx';
import { stationPanelId } from '../stage/stations.ts';
import { stepChanges } from './stepChanges.ts';
import '../theme.css';
import './lane.css';

export interface LanePanelProps {
  view: LaneView;
  reducedMotion: boolean;
  title?: string;
  /** Expire a kernel peer now (a click on its cell in the peer table). */
  onExpirePeer?: (peer: number) => void;
}

/** Peer ids the step touched (to outline in both grids). */
export function touchedPeers(view: LaneView): number[] {
  const s = new Set<number>();
  for (const e of view.events) {
    if (e.actor === 'client' || e.actor === 'firewall') continue;
    if (e.peer !== undefined && e.peer >= 0) s.add(e.peer);
    if (e.prevPeer !== undefined && e.prevPeer >= 0) s.add(e.prevPeer);
  }
  return [...s].sort((a, b) => a - b);
}

/**
 * Memoized: while playing, the page hands it a view refreshed about ten times a second (the
 * stages above move every frame), and an unchanged view costs no render.
 */
export const LanePanel = memo(function LanePanel({
  view,
  reducedMotion,
  title,
  onExpirePeer,
}: LanePanelProps) {
  const headingId = useId();
  const v = VARIANTS[view.variant];
  const highlight = useMemo(() => touchedPeers(view), [view]);
  const changes = useMemo(() => (reducedMotion ? stepChanges(view) : []), [reducedMotion, view]);
  const progress =
    view.length !== null
      ? `event ${formatCount(view.position)} of ${formatCount(view.length)}`
      : `event ${formatCount(view.position)}`;
  return (
    <article
      className={`v-lane${reducedMotion ? ' is-reduced-motion' : ''}`}
      aria-labelledby={headingId}
      data-variant={view.variant}
    >
      <header className="v-lane-head">
        <h2 id={headingId}>{title ?? v.title}</h2>
        <p className="v-lane-summary">{v.summary}</p>
        <p className="v-lane-meta">
          {view.finished && !view.exited
            ? `finished at ${formatSeconds(view.nowUs)} · ${progress}`
            : `t = ${formatSeconds(view.nowUs)} · ${progress}`}
        </p>
        {view.exited && (
          <p className="v-lane-exit" role="note">
            OpenVPN exited at {formatSeconds(view.exited.atUs)}: {view.exited.reason}
          </p>
        )}
      </header>
      <div className="v-lane-grid">
        <div className="v-area-peers" id={stationPanelId(view.lane, 'kernel')} tabIndex={-1}>
          <PeerTable
            view={view}
            highlight={highlight}
            {...(onExpirePeer ? { onExpirePeer } : {})}
          />
        </div>
        <div className="v-area-multi" id={stationPanelId(view.lane, 'multi')} tabIndex={-1}>
          <MultiContext view={view} highlight={highlight} />
        </div>
        <div className="v-area-queue" id={stationPanelId(view.lane, 'socket')} tabIndex={-1}>
          <SocketQueue view={view} />
        </div>
        <div className="v-area-reader" id={stationPanelId(view.lane, 'reader')} tabIndex={-1}>
          <LibnlReader view={view} />
        </div>
        <div className="v-area-struct" id={stationPanelId(view.lane, 'slot')} tabIndex={-1}>
          <DcoStruct view={view} reducedMotion={reducedMotion} />
        </div>
        <div className="v-area-code">
          <CodePanel
            variant={view.variant}
            events={view.events}
            stack={view.reader.stack}
            reducedMotion={reducedMotion}
          />
        </div>
        {reducedMotion && (
          <div className="v-area-changes">
            <ChangeList changes={changes} />
          </div>
        )}
      </div>
    </article>
  );
});

function ChangeList({ changes }: { changes: string[] }) {
  const headingId = useId();
  return (
    <section className="v-panel v-changes" aria-labelledby={headingId}>
      <h3 id={headingId}>What changed in this step (before → after)</h3>
      {changes.length > 0 ? (
        <ul>
          {changes.slice(0, 24).map((c, k) => (
            <li key={k}>{c}</li>
          ))}
          {changes.length > 24 && <li>… and {changes.length - 24} more</li>}
        </ul>
      ) : (
        <p className="v-muted-line">Nothing visible changed.</p>
      )}
    </section>
  );
}
