/**
 * The netlink socket's receive queue: one block per datagram (head first, width by truesize),
 * rmem against rcvbuf with the half-buffer mark below which the kernel produces dump parts,
 * and the congested / ENOBUFS flags.
 *
 * The blocks are painted on a canvas (described for screen readers by the queue's summary;
 * pointing at a block names it in the line below): while playing, every read shifts every
 * block, and as SVG that meant re-laying out dozens of text labels per frame.
 */
import { useId, useLayoutEffect, useRef, useState } from 'react';
import { formatCount } from '../../model/index.ts';
import type { LaneView, QueuedDatagram } from '../../protocol/view.ts';
import { fmtBytes } from '../format.ts';
import { useElementWidth } from '../useElementWidth.ts';
import { QueueBytesPicker, showQueuedBytes } from '../bytes/pickers.tsx';
import { useThemeVersion } from '../useThemeVersion.ts';
import {
  blockTitle,
  bufferFill,
  queueLayout,
  type QueueBlock,
  type QueueLayout,
} from './queueLayout.ts';

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
  return [...m].map(([k, n]) => `${formatCount(n)} ${names[k] ?? k}`).join(', ');
}

export function queueSummary(view: LaneView): string {
  const s = view.socket;
  if (s.total === 0) return 'The receive queue is empty.';
  const shown = s.queue.length < s.total ? ` (first ${formatCount(s.queue.length)}: ` : ' (';
  return `${formatCount(s.total)} datagrams queued${shown}${kindCounts(s.queue)}), ${fmtBytes(s.rmem)} of ${fmtBytes(s.rcvbuf)}.`;
}

export function SocketQueue({ view }: { view: LaneView }) {
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
        <span className="v-flag">{formatCount(s.total)} queued</span>
        {s.dumpRunning && (
          <span className={`v-flag${belowHalf ? ' is-info' : ' is-warn'}`}>
            dump running{belowHalf ? '' : ': waits for half the buffer'}
          </span>
        )}
        {s.congested && <span className="v-flag is-bad">congested: dropping</span>}
        {s.error && <span className="v-flag is-bad">{s.error} pending</span>}
      </p>
      <div ref={wrapRef} className="v-queue-area">
        <QueueCanvas
          layout={layout}
          headId={headId}
          label={queueSummary(view)}
          onPick={(dg) => showQueuedBytes(view, dg)}
        />
        {layout.hidden > 0 && (
          <p className="v-queue-more">+ {formatCount(layout.hidden)} more queued behind these</p>
        )}
      </div>
      <QueueBytesPicker view={view} />
    </section>
  );
}

const DG_KINDS: QueuedDatagram['kind'][] = ['del', 'dump', 'done', 'ack', 'error', 'reply'];

interface Palette {
  theme: number;
  fill: Record<string, string>;
  stroke: string;
  head: string;
  muted: string;
  mono: string;
}

function QueueCanvas({
  layout,
  headId,
  label,
  onPick,
}: {
  layout: QueueLayout;
  headId: number | undefined;
  label: string;
  /** A click on a block: show its bytes (the picker below is the keyboard's way). */
  onPick: (dg: QueuedDatagram) => void;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const theme = useThemeVersion();
  const palette = useRef<Palette | null>(null);
  const [hover, setHover] = useState<QueueBlock | null>(null);
  const height = Math.max(layout.height, 20);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    // colours are read once per theme (reading computed style every frame forces a layout)
    if (palette.current?.theme !== theme) palette.current = readPalette(el, theme);
    paintQueue(el, layout, height, headId, palette.current);
  }, [layout, height, headId, theme]);

  const blockAt = (
    ev: React.PointerEvent<HTMLCanvasElement> | React.MouseEvent<HTMLCanvasElement>,
  ) => {
    const box = ev.currentTarget.getBoundingClientRect();
    const x = ev.clientX - box.left;
    const y = ev.clientY - box.top;
    return (
      layout.blocks.find((b) => x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + b.h) ?? null
    );
  };
  const onMove = (ev: React.PointerEvent<HTMLCanvasElement>) => setHover(blockAt(ev));
  const shown = hover && layout.blocks.some((b) => b.dg.id === hover.dg.id) ? hover : null;

  return (
    <>
      <canvas
        ref={ref}
        role="img"
        aria-label={label}
        className="v-queue-canvas"
        onPointerMove={onMove}
        onClick={(ev) => {
          const b = blockAt(ev);
          if (b) onPick(b.dg);
        }}
        onPointerLeave={() => setHover(null)}
      />
      <p className="v-queue-hover" aria-hidden="true">
        {shown ? blockTitle(shown.dg) : '\u00a0'}
      </p>
    </>
  );
}

function readPalette(el: HTMLElement, theme: number): Palette {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const fill: Record<string, string> = {};
  for (const k of DG_KINDS) fill[k] = v(`--v-dg-${k}`, '#888');
  return {
    theme,
    fill,
    stroke: v('--v-surface', '#fff'),
    head: v('--v-fg', '#000'),
    muted: v('--v-muted', '#666'),
    mono: v('--v-mono', 'monospace'),
  };
}

type Ctx2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/**
 * Each visible canvas draws through a detached one: text drawn on a canvas in the document
 * waits for the document's style to be current (a forced style update on every frame), text
 * drawn off the document does not; copying the picture over costs one drawImage.
 */
const scratch = new WeakMap<
  HTMLCanvasElement,
  { canvas: OffscreenCanvas | HTMLCanvasElement; ctx: Ctx2D; font: string }
>();

function scratchFor(el: HTMLCanvasElement, w: number, h: number) {
  let s = scratch.get(el);
  if (!s || s.canvas.width !== w || s.canvas.height !== h) {
    const canvas =
      typeof OffscreenCanvas !== 'undefined'
        ? new OffscreenCanvas(w, h)
        : Object.assign(document.createElement('canvas'), { width: w, height: h });
    const ctx = canvas.getContext('2d') as Ctx2D | null;
    if (!ctx) return null;
    s = { canvas, ctx, font: '' };
    scratch.set(el, s);
  }
  return s;
}

function setFont(s: { ctx: Ctx2D; font: string }, font: string): void {
  if (s.font === font) return;
  s.ctx.font = font;
  s.font = font;
}

function paintQueue(
  el: HTMLCanvasElement,
  layout: QueueLayout,
  height: number,
  headId: number | undefined,
  p: Palette,
): void {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(layout.width * dpr));
  const h = Math.max(1, Math.round(height * dpr));
  if (el.width !== w || el.height !== h) {
    el.width = w;
    el.height = h;
    el.style.setProperty('width', `${layout.width}px`);
    el.style.setProperty('height', `${height}px`);
  }
  const out = el.getContext('2d');
  const sc = scratchFor(el, w, h);
  if (!out || !sc) return;
  drawQueue(sc, layout, height, headId, p);
  out.setTransform(1, 0, 0, 1, 0, 0);
  out.clearRect(0, 0, w, h);
  out.drawImage(sc.canvas, 0, 0);
}

function drawQueue(
  sc: { ctx: Ctx2D; font: string },
  layout: QueueLayout,
  height: number,
  headId: number | undefined,
  p: Palette,
): void {
  const ctx = sc.ctx;
  const dpr = window.devicePixelRatio || 1;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, layout.width, height);
  if (layout.blocks.length === 0) {
    ctx.fillStyle = p.muted;
    setFont(sc, `11px ${p.mono}`);
    ctx.textBaseline = 'alphabetic';
    ctx.textAlign = 'left';
    ctx.fillText('empty', 0, 14);
    return;
  }
  // one path per kind, one outline pass: a few draw calls, not several per block
  for (const kind of DG_KINDS) {
    ctx.beginPath();
    let any = false;
    for (const b of layout.blocks) {
      if (b.dg.kind !== kind) continue;
      ctx.rect(b.x, b.y, b.w, b.h);
      any = true;
    }
    if (!any) continue;
    ctx.fillStyle = p.fill[kind] ?? '#888';
    ctx.fill();
  }
  ctx.strokeStyle = p.stroke;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const b of layout.blocks) {
    if (b.x > 0) {
      ctx.moveTo(b.x + 0.5, b.y);
      ctx.lineTo(b.x + 0.5, b.y + b.h);
    }
  }
  ctx.stroke();
  const head = layout.blocks.find((b) => b.dg.id === headId);
  if (head) {
    ctx.strokeStyle = p.head;
    ctx.lineWidth = 1.5;
    ctx.strokeRect(head.x + 0.75, head.y + 0.75, head.w - 1.5, head.h - 1.5);
  }
  setFont(sc, `9px ${p.mono}`);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = '#ffffff';
  for (const b of layout.blocks) {
    if (b.w >= b.label.length * 5.5 + 2) ctx.fillText(b.label, b.x + b.w / 2, b.y + b.h / 2);
  }
}
