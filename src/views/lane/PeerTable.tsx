/**
 * The kernel's peer table by peer id: alive, timer armed, deleted while the notification waits;
 * for ovpn-dco, its delete work per CPU and the RCU grace period its deletions wait out.
 */
import { useId } from 'react';
import { formatCount } from '../../model/index.ts';
import { PEER, type LaneView } from '../../protocol/view.ts';
import { CellGrid } from '../grid/CellGrid.tsx';
import { countCodes } from '../grid/gridLayout.ts';
import { PEER_STYLES } from '../grid/palettes.ts';
import { cpuTable, gpLine } from '../stage/stageModel.ts';
import '../stage/stage.css';

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

/** ovpn-dco's delete work per CPU and the grace period (the stage's kernel station, in full). */
function CpuWork({ view }: { view: LaneView }) {
  const k = view.kernel;
  const t = cpuTable(view);
  return (
    <div className="v-cpu-work">
      <table className="v-cpu-table">
        <caption>
          Delete work per CPU{' '}
          <span className="v-sub">
            {formatCount(k.rxCpus)} receive CPU{k.rxCpus === 1 ? '' : 's'} · {formatCount(k.hogs)}{' '}
            CPU hog{k.hogs === 1 ? '' : 's'} on {formatCount(k.cpuCount)} CPU
            {k.cpuCount === 1 ? '' : 's'}
          </span>
        </caption>
        <thead>
          <tr>
            <th scope="col">CPU</th>
            <th scope="col">hogs</th>
            <th scope="col">queued</th>
            <th scope="col">in grace period</th>
            <th scope="col">released</th>
            <th scope="col">kworkers</th>
          </tr>
        </thead>
        <tbody>
          {t.rows.map((c) => (
            <tr key={c.cpu} data-cpu={c.cpu}>
              <th scope="row">{c.cpu}</th>
              <td>{formatCount(c.hogs)}</td>
              <td>{formatCount(c.queued)}</td>
              <td className={c.grace > 0 ? 'is-grace' : undefined}>{formatCount(c.grace)}</td>
              <td className={c.released > 0 ? 'is-released' : undefined}>
                {formatCount(c.released)}
              </td>
              <td>{formatCount(c.workers)}</td>
            </tr>
          ))}
          {t.hidden.cpus > 0 && (
            <tr className="is-more">
              <th scope="row">+{formatCount(t.hidden.cpus)}</th>
              <td />
              <td>{formatCount(t.hidden.queued)}</td>
              <td>{formatCount(t.hidden.grace)}</td>
              <td>{formatCount(t.hidden.released)}</td>
              <td />
            </tr>
          )}
        </tbody>
        {k.cpus.length > 1 && (
          <tfoot>
            <tr>
              <th scope="row">all</th>
              <td>{formatCount(k.hogs)}</td>
              <td>{formatCount(t.total.queued)}</td>
              <td>{formatCount(t.total.grace)}</td>
              <td>{formatCount(t.total.released)}</td>
              <td>{formatCount(t.total.workers)}</td>
            </tr>
          </tfoot>
        )}
      </table>
      <p className="v-muted-line v-gp-text">{gpLine(view)}</p>
    </div>
  );
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
        <span className="v-sub">
          {mainline ? 'ovpn, 1 s scan, no grace period' : 'ovpn-dco, per-peer timers'}
        </span>
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
      {!mainline && <CpuWork view={view} />}
    </section>
  );
}
