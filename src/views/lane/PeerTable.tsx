/** The kernel's peer table by peer id: alive, timer armed, deleted while the notification waits. */
import { useId } from 'react';
import { formatCount } from '../../model/index.ts';
import { PEER, type LaneView } from '../../protocol/view.ts';
import { CellGrid } from '../grid/CellGrid.tsx';
import { countCodes } from '../grid/gridLayout.ts';
import { PEER_STYLES } from '../grid/palettes.ts';

export function peerSummary(view: LaneView): string {
  const initial = view.summary.peers;
  const deleted = Math.max(0, initial - view.kernel.peerCount);
  const armed = countCodes(view.kernel.peers).get(PEER.armed) ?? 0;
  const parts = [`${formatCount(deleted)} of ${formatCount(initial)} peers deleted`];
  parts.push(`${formatCount(view.kernel.peerCount)} in the kernel`);
  if (armed > 0) parts.push(`${formatCount(armed)} with the keepalive timer about to fire`);
  if (view.kernel.notifyPending > 0)
    parts.push(`${formatCount(view.kernel.notifyPending)} DEL_PEER notifications still to send`);
  return `${parts.join('; ')}.`;
}

export function PeerTable({
  view,
  highlight,
  onExpirePeer,
}: {
  view: LaneView;
  highlight?: readonly number[];
  /** Expire a peer now (a click on its cell); left out where the page offers no such thing. */
  onExpirePeer?: (peer: number) => void;
}) {
  const headingId = useId();
  const mainline = view.kernel.flavour === 'mainline';
  return (
    <section className="v-panel v-peers" aria-labelledby={headingId}>
      <h3 id={headingId}>
        Kernel peers{' '}
        <span className="v-sub">{mainline ? 'ovpn, 1 s scan' : 'ovpn-dco, per-peer timers'}</span>
      </h3>
      <CellGrid
        cells={view.kernel.peers}
        styles={PEER_STYLES}
        label="Kernel peer table by peer id"
        summary={peerSummary(view)}
        noun="peer"
        highlight={highlight}
        {...(onExpirePeer
          ? {
              onCellClick: (id: number) => {
                if (view.kernel.peers[id] !== PEER.none) onExpirePeer(id);
              },
              clickHint: 'click to expire it now',
            }
          : {})}
      />
    </section>
  );
}
