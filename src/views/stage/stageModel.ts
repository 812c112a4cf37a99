/**
 * The stage of a lane as pure data: five stations left to right (stations.ts), every datagram
 * and request as a token with a place, the lost tray, and each station's state in words. A
 * token's place is a function of the LaneView alone (and the width it is drawn at), so the
 * picture at rest is a function of the position; Stage.tsx only draws it and glides tokens
 * between two consecutive pictures.
 */
import { formatCount, loadName, type CallbackName, type TraceEvent } from '../../model/index.ts';
import {
  INST,
  PEER,
  type LaneView,
  type LossOutcome,
  type QueuedDatagram,
  type StationKey,
} from '../../protocol/view.ts';
import { fmtBytes } from '../format.ts';
import { STATIONS } from './stations.ts';

export type TokenKind = QueuedDatagram['kind'] | 'request' | 'pending';
export type TokenPlace = StationKey | 'tray';
export type TokenState =
  'pending' | 'queued' | 'reading' | 'read' | 'inflight' | 'slot' | 'consumed' | 'lost';

export interface StageToken {
  /** Identity across positions: d<datagram id>, r<request id>, k<peer id> (kernel, unsent). */
  id: string;
  kind: TokenKind;
  label: string;
  place: TokenPlace;
  state: TokenState;
  /** Centre, px. */
  x: number;
  y: number;
  w: number;
  h: number;
  peer?: number;
  outcome?: LossOutcome;
  /** Lost or changed by the step that led here (outlined). */
  fresh: boolean;
}

export interface StationBox {
  key: StationKey;
  name: string;
  x: number;
  w: number;
  /** State lines under the name (short, drawn). */
  lines: { text: string; tone?: 'ok' | 'bad' | 'warn' | 'ghost' }[];
  /** The station's state in words, for its accessible name. */
  words: string;
  tone: 'ok' | 'bad' | 'warn' | 'idle';
}

export interface TrayGroup {
  outcome: LossOutcome;
  label: string;
  count: number;
  /** Label position (left end, baseline). */
  x: number;
  y: number;
}

export interface MultiCell {
  peer: number;
  x: number;
  y: number;
  size: number;
  state: number;
  fresh: boolean;
}

export interface StageModel {
  width: number;
  height: number;
  boxTop: number;
  boxBottom: number;
  stations: StationBox[];
  tokens: StageToken[];
  /** Text after the queue's tokens when not all fit ("+12 more"). */
  queueMore: { text: string; x: number; y: number } | null;
  kernelMore: { text: string; x: number; y: number } | null;
  /** rmem bar in the socket station. */
  buffer: { x: number; y: number; w: number; fill: number; half: number; congested: boolean };
  /** Slot gauge of multi_context: instances (incl. ghosts) and ghosts of max-clients. */
  gauge: { x: number; y: number; w: number; used: number; ghosts: number };
  cells: MultiCell[];
  /** The kernel's peers by id (PEER.*), up to 64: alive, timer armed, expired. */
  kernelCells: MultiCell[];
  kernelCellLabels: boolean;
  cellLabels: boolean;
  tray: {
    y: number;
    h: number;
    title: string;
    groups: TrayGroup[];
    earlier: { text: string; x: number; y: number } | null;
  };
  /** Everything lost so far, by outcome, and the ghosts now (for tests and the title). */
  lostTotal: number;
  ghosts: number;
  /** The VALID callback (to colour the reader) and whether it is OpenVPN's own. */
  validCb: string;
  validOk: boolean;
  /** The fate of the step's last read, under the reader's tokens. */
  readLine: { text: string; tone: 'ok' | 'bad' | 'warn' | 'info'; x: number; y: number } | null;
  summary: string;
}

/** Relative widths of the five stations (the HTML buttons use the same, in stage.css). */
export const STATION_WEIGHTS: Record<StationKey, number> = {
  kernel: 0.75,
  socket: 1.2,
  reader: 1.3,
  slot: 1.1,
  multi: 1.15,
};
export const STATION_GAP = 6;
export const STAGE_HEIGHT = 210;
const BOX_TOP = 0;
const BOX_BOTTOM = 150;
const TRAY_TOP = 157;
const TOKEN_H = 18;
/** Centre of the slot's frame in the dco_context_t station. */
export const SLOT_Y = 96;
/** Centre of the request in flight in the reader station. */
export const REQUEST_Y = 88;
const TOKEN_ROW = 22;
/** Width of one 11 px monospace character, px (estimate for fitting labels). */
export const CHAR_W = 6.8;

const OUTCOME_LABEL: Record<LossOutcome, string> = {
  overwritten: 'overwritten by the next one',
  wiped: 'wiped by the slot reset',
  swallowed: "swallowed by a request's callback",
  dropped: 'dropped: queue full',
};
const OUTCOME_SHORT: Record<LossOutcome, string> = {
  overwritten: 'overwritten',
  wiped: 'wiped',
  swallowed: 'swallowed',
  dropped: 'dropped',
};
const OUTCOME_ORDER: readonly LossOutcome[] = ['overwritten', 'wiped', 'swallowed', 'dropped'];

const KIND_LABEL: Record<QueuedDatagram['kind'], string> = {
  del: 'DEL',
  dump: 'dump',
  done: 'DONE',
  ack: 'ACK',
  error: 'ERR',
  reply: 'reply',
};
const REQUEST_LABEL: Record<string, string> = {
  GET_PEER_DUMP: 'GET dump',
  GET_PEER: 'GET peer',
  NEW_PEER: 'NEW_PEER',
  NEW_KEY: 'NEW_KEY',
  SET_PEER: 'SET_PEER',
  DEL_PEER: 'DEL req',
};

export function outcomeLabel(o: LossOutcome): string {
  return OUTCOME_LABEL[o];
}

export function tokenWidth(label: string): number {
  return Math.max(30, Math.ceil(label.length * CHAR_W) + 12);
}

function kb(n: number): string {
  return fmtBytes(n);
}

function cbText(cb: CallbackName | undefined): string {
  return cb === null ? 'NULL' : (cb ?? '?');
}

/** Splits a C name at underscores into lines of at most `max` characters. */
export function fitName(name: string, max: number): string[] {
  if (name.length <= max) return [name];
  const parts = name.split('_');
  const lines: string[] = [];
  let cur = '';
  for (let k = 0; k < parts.length; k++) {
    const piece = parts[k]! + (k < parts.length - 1 ? '_' : '');
    if (cur && (cur + piece).length > max) {
      lines.push(cur);
      cur = piece;
    } else cur += piece;
  }
  if (cur) lines.push(cur);
  return lines;
}

/** Column x and width of each station at width `width` (as CSS grid fr columns with a gap). */
export function stationColumns(width: number): { key: StationKey; x: number; w: number }[] {
  const sum = STATIONS.reduce((n, s) => n + STATION_WEIGHTS[s.key], 0);
  const unit = (width - STATION_GAP * (STATIONS.length - 1)) / sum;
  let x = 0;
  return STATIONS.map((s) => {
    const w = unit * STATION_WEIGHTS[s.key];
    const col = { key: s.key, x, w };
    x += w + STATION_GAP;
    return col;
  });
}

/** Places tokens of one station in rows inside [x0, x0 + w), from y0, at most `rows` rows. */
function flow(
  items: { w: number }[],
  x0: number,
  w: number,
  y0: number,
  rows: number,
): { placed: { x: number; y: number }[]; nextX: number; nextY: number } {
  const placed: { x: number; y: number }[] = [];
  let x = x0;
  let row = 0;
  for (const it of items) {
    if (x + it.w > x0 + w && x > x0) {
      row++;
      x = x0;
    }
    if (row >= rows) break;
    placed.push({ x: x + it.w / 2, y: y0 + row * TOKEN_ROW + TOKEN_H / 2 });
    x += it.w + 4;
  }
  return { placed, nextX: x, nextY: y0 + row * TOKEN_ROW };
}

/**
 * Places `count` square cells in rows from `x` across `avail` px, starting at `top`: as large as
 * `size` allows while every row fits above the station's bottom (64 cells in a narrow column
 * would otherwise run into the lost tray); with `alignBottom`, the rows sit on that bottom.
 */
function cellPlaces(
  count: number,
  x: number,
  avail: number,
  top: number,
  opts: { size: number; alignBottom: boolean },
): { x: number; y: number; size: number }[] {
  const bottom = BOX_BOTTOM - 4;
  let size = opts.size;
  let perRow = Math.max(1, Math.floor((avail + 3) / (size + 3)));
  const height = () => Math.ceil(count / perRow) * (size + 3);
  while (size > 4 && top + height() > bottom) {
    size--;
    perRow = Math.max(1, Math.floor((avail + 3) / (size + 3)));
  }
  const y0 = opts.alignBottom ? bottom - height() : top;
  return Array.from({ length: count }, (_, id) => ({
    x: x + (id % perRow) * (size + 3),
    y: y0 + Math.floor(id / perRow) * (size + 3),
    size,
  }));
}

/** The last read of the step (its datagram shows in the reader unless it went on elsewhere). */
function lastRead(events: readonly TraceEvent[]): TraceEvent | null {
  for (let k = events.length - 1; k >= 0; k--) {
    const e = events[k]!;
    if (e.what === 'read' && e.dg !== undefined) return e;
  }
  return null;
}

function readFateShort(e: TraceEvent): string {
  switch (e.outcome) {
    case 'swallowed':
      return 'swallowed!';
    case 'overwritten':
      return 'overwrote slot!';
    case 'stored':
      return '→ slot';
    case 'finished':
      return 'dump done';
    case 'acked':
      return 'ACK';
    case 'error':
      return `error ${e.err ?? ''}`.trim();
    default:
      return e.outcome;
  }
}

function readTone(e: TraceEvent): 'ok' | 'bad' | 'warn' | 'info' {
  if (e.outcome === 'swallowed' || e.outcome === 'overwritten') return 'bad';
  if (e.outcome === 'stored') return 'ok';
  if (e.outcome === 'error') return 'warn';
  return 'info';
}

export function buildStage(view: LaneView, width: number): StageModel {
  const W = Math.max(360, Math.floor(width));
  const cols = stationColumns(W);
  const col = Object.fromEntries(cols.map((c) => [c.key, c])) as unknown as Record<
    StationKey,
    { x: number; w: number }
  >;
  const tokens: StageToken[] = [];
  const placedIds = new Set<string>();
  const freshPeers = new Set<number>();
  for (const e of view.events) {
    if (e.outcome === 'swallowed' || e.outcome === 'wiped' || e.outcome === 'dropped') {
      if (e.peer !== undefined) freshPeers.add(e.peer);
    }
    if (e.outcome === 'overwritten' && e.prevPeer !== undefined) freshPeers.add(e.prevPeer);
  }
  const freshLost = new Set<number>();
  for (const e of view.events) {
    const l = view.lost.recent.find((r) => r.i === e.i);
    if (l) freshLost.add(l.dg);
  }
  const areaTop = 58;
  const pad = 6;

  // lost tray (first: a lost datagram is in the tray whatever else mentions it)
  const trayRows = 2;
  const trayGroups: TrayGroup[] = [];
  const trayTokY = TRAY_TOP + 6;
  const lostTokens: StageToken[] = [];
  // newest last; show as many of the newest as fit, grouped by outcome
  const recent = view.lost.recent;
  const byOutcome = new Map<LossOutcome, typeof recent>();
  for (const o of OUTCOME_ORDER) byOutcome.set(o, []);
  for (const l of recent) byOutcome.get(l.outcome)!.push(l);
  const trayTitle =
    view.lost.total === 0
      ? 'lost tray: empty (no DEL_PEER lost yet)'
      : `lost tray (${formatCount(view.lost.total)}):`;
  let tx = pad + trayTitle.length * CHAR_W + 8;
  let trow = 0;
  const trayRight = W - pad;
  let hidden = 0;
  for (const o of OUTCOME_ORDER) {
    const list = byOutcome.get(o)!;
    const count = view.lost.byOutcome[o];
    if (count === 0) continue;
    const label = `${OUTCOME_SHORT[o]} ${formatCount(count)}:`;
    const lw = label.length * CHAR_W + 6;
    if (tx + lw > trayRight && tx > pad) {
      trow++;
      tx = pad;
    }
    if (trow >= trayRows) {
      hidden += list.length;
      continue;
    }
    trayGroups.push({ outcome: o, label, count, x: tx, y: trayTokY + trow * TOKEN_ROW + 13 });
    tx += lw;
    // the newest of this outcome that fit on the rows left
    const toks = list.map((l) => {
      const lab = `p${l.peer}`;
      return { l, lab, w: tokenWidth(lab) };
    });
    let fitFrom = 0;
    // drop the oldest until the rest fits in the remaining room
    const room = trayRight - tx + (trayRows - 1 - trow) * (W - 2 * pad);
    let need = toks.reduce((n, t) => n + t.w + 4, 0);
    while (fitFrom < toks.length && need > room) {
      need -= toks[fitFrom]!.w + 4;
      fitFrom++;
    }
    hidden += fitFrom;
    for (const t of toks.slice(fitFrom)) {
      if (tx + t.w > trayRight && tx > pad) {
        trow++;
        tx = pad;
      }
      if (trow >= trayRows) {
        hidden++;
        continue;
      }
      const id = `d${t.l.dg}`;
      if (placedIds.has(id)) continue;
      placedIds.add(id);
      lostTokens.push({
        id,
        kind: 'del',
        label: t.lab,
        place: 'tray',
        state: 'lost',
        x: tx + t.w / 2,
        y: trayTokY + trow * TOKEN_ROW + TOKEN_H / 2,
        w: t.w,
        h: TOKEN_H,
        peer: t.l.peer,
        outcome: t.l.outcome,
        fresh: freshLost.has(t.l.dg),
      });
      tx += t.w + 4;
    }
    tx += 8;
  }
  hidden += Math.max(0, view.lost.total - recent.length);
  for (const l of recent) placedIds.add(`d${l.dg}`);
  tokens.push(...lostTokens);

  // dco_context_t slot
  const slot = view.slot;
  const sc = col.slot;
  if (slot.type === 'DEL_PEER' && slot.datagram > 0 && !placedIds.has(`d${slot.datagram}`)) {
    const label = `p${slot.peer}`;
    const w = tokenWidth(label);
    tokens.push({
      id: `d${slot.datagram}`,
      kind: 'del',
      label,
      place: 'slot',
      state: slot.consumed ? 'consumed' : 'slot',
      x: sc.x + sc.w / 2,
      y: SLOT_Y,
      w,
      h: TOKEN_H + 4,
      peer: slot.peer,
      fresh: view.events.some((e) => e.dg === slot.datagram),
    });
    placedIds.add(`d${slot.datagram}`);
  }

  // reader: the request in flight, the datagram read now
  const rc = col.reader;
  const req = view.reader.request;
  if (req) {
    const label = REQUEST_LABEL[req.cmd] ?? req.cmd;
    const w = Math.min(rc.w - 8, tokenWidth(label));
    tokens.push({
      id: `r${req.req}`,
      kind: 'request',
      label,
      place: 'reader',
      state: 'inflight',
      x: rc.x + rc.w / 2,
      y: REQUEST_Y,
      w,
      h: TOKEN_H,
      fresh: view.events.some((e) => e.what === 'request'),
    });
  }
  const read = lastRead(view.events);
  const queueIds = new Set(view.socket.queue.map((q) => `d${q.id}`));
  const readingDg = view.reader.reading ?? (read ? read.dg! : null);
  if (readingDg !== null) {
    const id = `d${readingDg}`;
    if (!placedIds.has(id) && !queueIds.has(id)) {
      const kind = (read && read.dg === readingDg ? read.dgKind : undefined) ?? 'dump';
      const label = kind === 'del' && read?.peer !== undefined ? `p${read.peer}` : KIND_LABEL[kind];
      tokens.push({
        id,
        kind,
        label,
        place: 'reader',
        state: view.reader.reading === readingDg ? 'reading' : 'read',
        x: rc.x + rc.w / 2,
        y: 116,
        w: tokenWidth(label),
        h: TOKEN_H,
        peer: kind === 'del' ? read?.peer : undefined,
        fresh: true,
      });
      placedIds.add(id);
    }
  }

  // socket queue, head first
  const qc = col.socket;
  const qItems = view.socket.queue
    .filter((q) => !placedIds.has(`d${q.id}`))
    .map((q) => {
      const label = q.kind === 'del' ? `p${q.peer ?? '?'}` : KIND_LABEL[q.kind];
      return { q, label, w: tokenWidth(label) };
    });
  const qFlow = flow(qItems, qc.x + pad, qc.w - 2 * pad, areaTop, 3);
  qFlow.placed.forEach((p, k) => {
    const it = qItems[k]!;
    tokens.push({
      id: `d${it.q.id}`,
      kind: it.q.kind,
      label: it.label,
      place: 'socket',
      state: 'queued',
      x: p.x,
      y: p.y,
      w: it.w,
      h: TOKEN_H,
      peer: it.q.peer,
      fresh: view.events.some((e) => e.dg === it.q.id && e.what !== 'read'),
    });
  });
  const notShown = view.socket.total - qFlow.placed.length;
  const queueMore =
    notShown > 0
      ? { text: `+${formatCount(notShown)} more`, x: qc.x + pad, y: areaTop + 3 * TOKEN_ROW + 9 }
      : null;

  // kernel: peers deleted whose notification is not sent yet
  const kc = col.kernel;
  const pending: number[] = [];
  const peers = view.kernel.peers;
  let alive = 0;
  let armed = 0;
  for (let id = 0; id < peers.length; id++) {
    const c = peers[id]!;
    if (c === PEER.deleting) pending.push(id);
    else if (c === PEER.alive) alive++;
    else if (c === PEER.armed) armed++;
  }
  const kItems = pending.map((peer) => {
    const label = `p${peer}`;
    return { peer, label, w: tokenWidth(label) };
  });
  // With the peers drawn as cells below (up to 64), the waiting tokens keep to one row.
  const kFlow = flow(kItems, kc.x + pad, kc.w - 2 * pad, areaTop, peers.length <= 64 ? 1 : 3);
  kFlow.placed.forEach((p, k) => {
    const it = kItems[k]!;
    tokens.push({
      id: `k${it.peer}`,
      kind: 'pending',
      label: it.label,
      place: 'kernel',
      state: 'pending',
      x: p.x,
      y: p.y,
      w: it.w,
      h: TOKEN_H,
      peer: it.peer,
      fresh: false,
    });
  });
  const kHidden = pending.length - kFlow.placed.length;
  const kernelMore =
    kHidden > 0
      ? {
          text: `+${formatCount(kHidden)}`,
          x: kc.x + pad,
          y: areaTop + (peers.length <= 64 ? 1 : 3) * TOKEN_ROW + 9,
        }
      : null;

  // the kernel's peers as cells at the bottom of its station (up to 64): green alive, amber
  // with the keepalive timer armed, red expired while the worker has still to send the DEL_PEER
  const kCount = view.kernel.peers.length;
  const kernelCellLabels = kCount <= 16;
  const kernelCells: MultiCell[] =
    kCount > 64
      ? []
      : cellPlaces(kCount, kc.x + pad, kc.w - 2 * pad, areaTop + TOKEN_ROW + 4, {
          size: kernelCellLabels ? 16 : 8,
          alignBottom: true,
        }).map((p, id) => ({ ...p, peer: id, state: peers[id] ?? PEER.none, fresh: false }));

  // multi_context
  const mc = col.multi;
  const inst = view.multi.instances;
  const maxC = view.multi.maxClients;
  let ghosts = 0;
  let connected = 0;
  let halfOpen = 0;
  for (let id = 0; id < inst.length; id++) {
    const c = inst[id]!;
    if (c === INST.ghost) ghosts++;
    else if (c === INST.connected || c === INST.closing) connected++;
    else if (c === INST.halfOpen) halfOpen++;
  }
  const cellLabels = maxC <= 16;
  const mAvail = mc.w - 2 * pad;
  const cells: MultiCell[] =
    maxC > 64
      ? []
      : cellPlaces(maxC, mc.x + pad, mAvail, 70, {
          size: cellLabels ? Math.min(22, Math.floor((mAvail - 3 * 3) / 4)) : 9,
          alignBottom: false,
        }).map((p, id) => ({
          ...p,
          peer: id,
          state: inst[id] ?? INST.free,
          fresh: freshPeers.has(id) && inst[id] === INST.ghost,
        }));

  // station boxes and words
  const s = view.socket;
  const qDel = s.queue.filter((q) => q.kind === 'del').length;
  const qOther = s.total - qDel;
  const cb = cbText(view.reader.validCb);
  const validOk = view.reader.validCb === 'ovpn_handle_msg';
  const deleting = pending.length;
  const readText = read
    ? `${read.dgKind === 'del' ? `DEL_PEER p${read.peer}` : (KIND_LABEL[read.dgKind ?? 'dump'] ?? read.dgKind)}: ${read.outcome}`
    : null;
  const stations: StationBox[] = cols.map((c) => {
    const name = STATIONS.find((st) => st.key === c.key)!.name;
    switch (c.key) {
      case 'kernel':
        return {
          ...c,
          name,
          // The same count as the kernel panel: peers still in the table, expired ones among them
          // until the worker deletes each and sends its DEL_PEER.
          lines: [
            {
              text: `${formatCount(view.kernel.peerCount)} peer${view.kernel.peerCount === 1 ? '' : 's'}`,
            },
            {
              text: `${formatCount(deleting)} to notify`,
              tone: deleting > 0 ? 'warn' : undefined,
            },
          ],
          words: `${formatCount(view.kernel.peerCount)} peer${view.kernel.peerCount === 1 ? '' : 's'} in the table (${formatCount(alive)} alive, ${formatCount(armed)} with the keepalive timer armed, ${formatCount(deleting)} expired whose DEL_PEER the worker has still to send)`,
          tone: deleting > 0 ? 'warn' : 'idle',
        };
      case 'socket':
        return {
          ...c,
          name,
          lines: [
            { text: `${formatCount(s.total)} queued`, tone: s.total > 1 ? 'warn' : undefined },
            s.error
              ? { text: s.error, tone: 'bad' }
              : s.congested
                ? { text: 'congested', tone: 'bad' }
                : { text: `${kb(s.rmem)}` },
          ],
          words: `${formatCount(qDel)} DEL_PEER${qOther > 0 ? ` and ${formatCount(qOther)} replies` : ''} waiting, ${kb(s.rmem)} of ${kb(s.rcvbuf)}${s.congested ? ', congested' : ''}${s.error ? `, pending error ${s.error}` : ''}`,
          tone: s.error || s.congested ? 'bad' : s.total > 0 ? 'warn' : 'idle',
        };
      case 'reader': {
        const maxChars = Math.max(8, Math.floor((c.w - 10) / CHAR_W));
        const cbLines = fitName(cb, maxChars).slice(0, 2);
        return {
          ...c,
          name,
          lines: [
            { text: 'VALID callback:' },
            ...cbLines.map((t) => ({
              text: t,
              tone: validOk ? ('ok' as const) : ('bad' as const),
            })),
            ...(view.reader.depth > 1
              ? [{ text: `nested reads: ${formatCount(view.reader.depth)}`, tone: 'bad' as const }]
              : []),
          ],
          words: `VALID callback ${cb}${validOk ? " (OpenVPN's own)" : " (a request's: a notification read now is lost)"}; ${req ? `request ${req.cmd} in flight` : 'no request in flight'}${readText ? `; last read ${readText}` : ''}`,
          tone: validOk ? (req ? 'warn' : 'idle') : 'bad',
        };
      }
      case 'slot':
        return {
          ...c,
          name,
          lines:
            slot.type === 'DEL_PEER'
              ? [
                  { text: `DEL_PEER p${slot.peer}` },
                  slot.consumed
                    ? { text: 'processed', tone: 'ok' }
                    : { text: 'not processed', tone: 'warn' },
                ]
              : [{ text: 'empty' }],
          words:
            slot.type === 'DEL_PEER'
              ? `holds the DEL_PEER of peer ${slot.peer}, ${slot.consumed ? 'processed' : 'not processed yet: the next one read overwrites it'}`
              : 'empty',
          tone: slot.type === 'DEL_PEER' && !slot.consumed ? 'warn' : 'idle',
        };
      case 'multi':
        return {
          ...c,
          name,
          lines: [
            { text: `${formatCount(view.multi.hashCount)} / ${formatCount(maxC)} slots` },
            {
              text: `${formatCount(ghosts)} ghost${ghosts === 1 ? '' : 's'}`,
              tone: ghosts > 0 ? 'ghost' : undefined,
            },
            ...(view.gauges.refused > 0
              ? [{ text: `${formatCount(view.gauges.refused)} refused`, tone: 'bad' as const }]
              : []),
          ],
          words: `${formatCount(view.multi.hashCount)} of ${formatCount(maxC)} client slots used (${formatCount(connected)} connected, ${formatCount(halfOpen)} connecting), ${formatCount(ghosts)} ghost${ghosts === 1 ? '' : 's'}, ${formatCount(view.gauges.refused)} connection${view.gauges.refused === 1 ? '' : 's'} refused`,
          tone: ghosts > 0 ? 'bad' : 'idle',
        };
    }
  });

  const bufW = qc.w - 2 * pad;
  const lostTotal = view.lost.total;
  const summary = `${lostTotal === 0 ? 'No notification lost' : `${formatCount(lostTotal)} notification${lostTotal === 1 ? '' : 's'} lost`}, ${formatCount(ghosts)} ghost${ghosts === 1 ? '' : 's'} in multi_context; CPU load ${loadName(view.load)}`;
  return {
    width: W,
    height: STAGE_HEIGHT,
    boxTop: BOX_TOP,
    boxBottom: BOX_BOTTOM,
    stations,
    tokens,
    queueMore,
    kernelMore,
    buffer: {
      x: qc.x + pad,
      y: BOX_BOTTOM - 11,
      w: bufW,
      fill: s.rcvbuf > 0 ? Math.min(1, s.rmem / s.rcvbuf) : 0,
      half: 0.5,
      congested: s.congested || s.error !== null,
    },
    gauge: {
      x: mc.x + pad,
      y: 55,
      w: mc.w - 2 * pad,
      used: maxC > 0 ? Math.min(1, view.multi.hashCount / maxC) : 0,
      ghosts: maxC > 0 ? Math.min(1, ghosts / maxC) : 0,
    },
    cells,
    kernelCells,
    kernelCellLabels,
    cellLabels,
    tray: {
      y: TRAY_TOP,
      h: STAGE_HEIGHT - TRAY_TOP,
      title: trayTitle,
      groups: trayGroups,
      earlier:
        hidden > 0
          ? { text: `+${formatCount(hidden)} earlier`, x: W - pad, y: STAGE_HEIGHT - 6 }
          : null,
    },
    lostTotal,
    ghosts,
    validCb: cb,
    validOk,
    readLine: read
      ? {
          text: readFateShort(read),
          tone: readTone(read),
          x: rc.x + rc.w / 2,
          y: BOX_BOTTOM - 7,
        }
      : null,
    summary,
  };
}
