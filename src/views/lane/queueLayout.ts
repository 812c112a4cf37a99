/**
 * Where each queued datagram's block goes: blocks flow left to right, head first, wrapping over
 * a few rows; width grows with the square root of truesize (a DEL_PEER of 832 B is a small
 * block, a 17 KiB dump part about 4.5 times wider), so dozens stay visible. Blocks that do not
 * fit are counted, together with datagrams the view did not carry.
 */
import { scaleSqrt } from 'd3-scale';
import type { QueuedDatagram } from '../../protocol/view.ts';

export interface QueueBlock {
  dg: QueuedDatagram;
  x: number;
  y: number;
  w: number;
  h: number;
  /** Short label drawn in the block when it is wide enough. */
  label: string;
}

export interface QueueLayout {
  blocks: QueueBlock[];
  /** Datagrams queued but not drawn (beyond the rows, or beyond the view's list). */
  hidden: number;
  width: number;
  height: number;
}

export interface QueueLayoutOptions {
  width: number;
  rows?: number;
  rowHeight?: number;
  gap?: number;
  /** Width of a block of `refTruesize` bytes. */
  refWidth?: number;
  refTruesize?: number;
}

export function blockLabel(d: QueuedDatagram): string {
  switch (d.kind) {
    case 'del':
      return d.peer !== undefined ? String(d.peer) : 'DEL';
    case 'dump':
      return `dump${d.entries !== undefined ? ` ${d.entries}` : ''}`;
    case 'done':
      return 'DONE';
    case 'ack':
      return 'ACK';
    case 'error':
      return 'ERR';
    case 'reply':
      return 'reply';
  }
}

/** Spelled out, for tooltips and the screen-reader list. */
export function blockTitle(d: QueuedDatagram): string {
  const size = `${d.truesize} B`;
  switch (d.kind) {
    case 'del':
      return `#${d.id} DEL_PEER peer ${d.peer ?? '?'}${d.reason ? ` ${d.reason}` : ''}, ${size}`;
    case 'dump':
      return `#${d.id} GET_PEER dump part, ${d.entries ?? '?'} peers, ${size}`;
    case 'done':
      return `#${d.id} NLMSG_DONE, ${size}`;
    case 'ack':
      return `#${d.id} ACK, ${size}`;
    case 'error':
      return `#${d.id} ERROR ${d.errno ?? ''}, ${size}`;
    case 'reply':
      return `#${d.id} GET_PEER reply${d.peer !== undefined ? ` for peer ${d.peer}` : ''}, ${size}`;
  }
}

export function queueLayout(
  queue: readonly QueuedDatagram[],
  total: number,
  opts: QueueLayoutOptions,
): QueueLayout {
  const rows = opts.rows ?? 3;
  const rowHeight = opts.rowHeight ?? 20;
  const gap = opts.gap ?? 2;
  const width = Math.max(40, opts.width);
  const widthOf = scaleSqrt()
    .domain([0, opts.refTruesize ?? 832])
    .range([0, opts.refWidth ?? 24]);
  const blocks: QueueBlock[] = [];
  let x = 0;
  let row = 0;
  for (const dg of queue) {
    const w = Math.min(width, Math.max(6, Math.round(widthOf(dg.truesize))));
    if (x + w > width) {
      row++;
      x = 0;
    }
    if (row >= rows) break;
    blocks.push({ dg, x, y: row * (rowHeight + gap), w, h: rowHeight, label: blockLabel(dg) });
    x += w + gap;
  }
  const usedRows = blocks.length === 0 ? 1 : blocks[blocks.length - 1]!.y / (rowHeight + gap) + 1;
  return {
    blocks,
    hidden: Math.max(0, total - blocks.length),
    width,
    height: usedRows * (rowHeight + gap) - gap,
  };
}

/** Fraction 0..1 of the receive buffer in use, and whether the kernel may queue dump parts. */
export function bufferFill(rmem: number, rcvbuf: number): { fill: number; belowHalf: boolean } {
  const fill = rcvbuf > 0 ? Math.min(1, Math.max(0, rmem / rcvbuf)) : 0;
  return { fill, belowHalf: rmem <= rcvbuf / 2 };
}
