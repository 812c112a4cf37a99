/**
 * The netlink socket's receive queue: one block per datagram (head first, width by truesize),
 * rmem against rcvbuf with the half-buffer mark below which the kernel produces dump parts,
 * and the congested / ENOBUFS flags.
 */
import { useId, useRef } from 'react';
import type { LaneView, QueuedDatagram } from '../../protocol/view.ts';
import { fmtBytes, fmtInt } from '../format.ts';
import { useElementWidth } from '../useElementWidth.ts';
import { blockTitle, bufferFill, queueLayout } from './queueLayout.ts';

function kindCounts(q: readonly QueuedDatagram[]): string {
  const m = new Map<string, number>();
  for (const d of q) m.set(d.kind, (m.get(d.kind) ?? 0) + 1);
  const names: Record<string, string> = {
    del: 'DEL_PEER',
    dump: 'dump part',
    done: 'DONE',
    ack: 'ACK',
    error: 'ERROR',
    reply: 'reply',
  };
  return [...m].map(([k, n]) => `${fmtInt(n)} ${names[k] ?? k}`).join(', ');
}

export function queueSummary(view: LaneView): string {
  const s = view.socket;
  if (s.total === 0) return 'The receive queue is empty.';
  const shown = s.queue.length < s.total ? ` (first ${fmtInt(s.queue.length)}: ` : ' (';
  return `${fmtInt(s.total)} datagrams queued${shown}${kindCounts(s.queue)}), ${fmtBytes(s.rmem)} of ${fmtBytes(s.rcvbuf)}.`;
}

export function SocketQueue({ view, reducedMotion }: { view: LaneView; reducedMotion: boolean }) {
  const headingId = useId();
  const wrapRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(wrapRef, 600);
  const s = view.socket;
  const layout = queueLayout(s.queue, s.total, { width, rows: 3 });
  const { fill, belowHalf } = bufferFill(s.rmem, s.rcvbuf);
  const headId = s.queue[0]?.id;
  return (
    <section className="v-panel v-queue" aria-labelledby={headingId}>
      <h3 id={headingId}>
        Netlink socket <span className="v-sub">receive queue, head on the left</span>
      </h3>
      <div className="v-buffer-row">
        <svg
          className={`v-buffer${s.congested ? ' is-congested' : ''}`}
          viewBox="0 0 1000 10"
          preserveAspectRatio="none"
          role="meter"
          aria-label="Queued bytes against the receive buffer"
          aria-valuemin={0}
          aria-valuemax={s.rcvbuf}
          aria-valuenow={s.rmem}
          aria-valuetext={`${fmtBytes(s.rmem)} of ${fmtBytes(s.rcvbuf)}`}
        >
          <rect className="v-buffer-track" width="1000" height="10" />
          <rect className="v-buffer-fill" width={fill * 1000} height="10" />
          <line className="v-buffer-half" x1="500" x2="500" y1="0" y2="10" />
        </svg>
        <span className="v-buffer-text">
          rmem {fmtBytes(s.rmem)} / rcvbuf {fmtBytes(s.rcvbuf)}
        </span>
      </div>
      <p className="v-flags">
        <span className="v-flag">{fmtInt(s.total)} queued</span>
        {s.dumpRunning && (
          <span className={`v-flag${belowHalf ? ' is-info' : ' is-warn'}`}>
            dump running{belowHalf ? '' : ': waits for half the buffer'}
          </span>
        )}
        {s.congested && <span className="v-flag is-bad">congested: dropping</span>}
        {s.error && <span className="v-flag is-bad">{s.error} pending</span>}
      </p>
      <div ref={wrapRef} className="v-queue-area">
        <svg
          width={layout.width}
          height={Math.max(layout.height, 20)}
          className={`v-queue-svg${reducedMotion ? '' : ' is-animated'}`}
          role="img"
          aria-label={queueSummary(view)}
        >
          {layout.blocks.map((b) => (
            <g
              key={b.dg.id}
              className={`v-dg v-dg--${b.dg.kind}${b.dg.id === headId ? ' is-head' : ''}`}
            >
              <title>{blockTitle(b.dg)}</title>
              <rect x={b.x} y={b.y} width={b.w} height={b.h} rx="2" />
              {b.w >= b.label.length * 5.5 + 2 && (
                <text x={b.x + b.w / 2} y={b.y + b.h / 2} dy="0.35em">
                  {b.label}
                </text>
              )}
            </g>
          ))}
          {layout.blocks.length === 0 && (
            <text className="v-queue-empty" x="0" y="14">
              empty
            </text>
          )}
        </svg>
        {layout.hidden > 0 && (
          <p className="v-queue-more">+ {fmtInt(layout.hidden)} more queued behind these</p>
        )}
      </div>
    </section>
  );
}
