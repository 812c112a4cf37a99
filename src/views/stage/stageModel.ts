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
  type KernelCpuView,
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

export interface StationLine {
  text: string;
  tone?: 'ok' | 'bad' | 'warn' | 'ghost';
  /** The width to squeeze the text into (SVG textLength) when it would not fit, px. */
  fit?: number;
}

export interface StationBox {
  key: StationKey;
  name: string;
  x: number;
  w: number;
  /** State lines under the name (short, drawn). */
  lines: StationLine[];
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

/** A line of small text that may have to be squeezed into its width (SVG textLength). */
export interface FitText {
  text: string;
  fit?: number;
}

/** One CPU's delete work as a row of the kernel station (ovpn-dco). */
export interface CpuRow {
  cpu: number;
  hogs: number;
  /** Items waiting for a kworker, asleep in synchronize_rcu, released and waking to send. */
  queued: number;
  grace: number;
  released: number;
  workers: number;
  /** Top of the row, px. */
  y: number;
  /** A delete work item started or a DEL_PEER left on this CPU in the step that led here. */
  fresh: boolean;
  /** A grace period ended in that step and this CPU has released items waking to send. */
  freshReleased: boolean;
}

/**
 * The grace-period indicator of the kernel station (ovpn-dco): the grace period in progress
 * and what its end releases, or the moment one ended (its deletions leave together).
 */
export interface GpIndicator {
  /**
   * running: a grace period is in progress; starting: one was asked for and has not begun;
   * ended: one ended in the step that led here; idle: none in progress, none asked for.
   */
  state: 'running' | 'starting' | 'ended' | 'idle';
  /** The grace period's number (1 = the run's first): in progress, asked for, or just ended. */
  number: number;
  /** Deletions its end releases (ended: released now); deletions waiting for the next. */
  released: number;
  next: number;
  /** Box, px. */
  x: number;
  y: number;
  w: number;
  h: number;
  /** Its lines of text: a title, then what its end releases (two or three in all). */
  lines: FitText[];
  /** The ring: centre, radius, and the arc of the grace period gone by (path data, may be ''). */
  ring: { cx: number; cy: number; r: number; arc: string; progress: number };
}

/** ovpn-dco's delete work in the kernel station: a row per CPU and the grace period. */
export interface KernelWork {
  /** Left edge and width of the table, px. */
  x: number;
  w: number;
  /** Baseline of the column headings. */
  headY: number;
  /** Right edge of the CPU numbers; left of the hog marks. */
  cpuRight: number;
  hogX: number;
  /** Pitch of the hog marks, px. */
  hogStep: number;
  /** Left edge of each count column (queued, in grace period, released) and their width. */
  cellX: [number, number, number];
  cellW: number;
  rowH: number;
  /** Column headings over the count columns. */
  heads: [string, string, string];
  /** Whether the hog column has its own heading ("hogs"); else the marks go unnamed. */
  hogHead: boolean;
  rows: CpuRow[];
  /** "+N CPUs" when not every CPU with work has a row. */
  more: { text: string; x: number; y: number } | null;
  gp: GpIndicator;
  /** The per-CPU work and the grace period in words (accessible names). */
  words: string;
  /** One sentence for the stage's description. */
  sentence: string;
}

export interface StageModel {
  width: number;
  height: number;
  boxTop: number;
  boxBottom: number;
  stations: StationBox[];
  tokens: StageToken[];
  /** Where a new datagram appears from: the kernel (ovpn-dco: its column of DEL_PEERs to send). */
  origin: { x: number; y: number };
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
  /** ovpn-dco: the per-CPU delete work and the grace period (null on mainline). */
  kernelWork: KernelWork | null;
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
  kernel: 1.1,
  socket: 1.0,
  reader: 1.3,
  slot: 1.05,
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
/** Font size of the station lines, px (stage.css). */
const LINE_PX = 11;

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
 * would otherwise run into the lost tray), or above `bottom` when given; with `alignBottom`,
 * the rows sit on that bottom.
 */
function cellPlaces(
  count: number,
  x: number,
  avail: number,
  top: number,
  opts: { size: number; alignBottom: boolean; bottom?: number },
): { x: number; y: number; size: number }[] {
  const bottom = opts.bottom ?? BOX_BOTTOM - 4;
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

/**
 * Advance widths of common characters in em, as in DejaVu Sans (a wide sans-serif: the
 * estimate errs on the wide side on other systems). Others count 0.62 em.
 */
const EM: Record<string, number> = {
  ' ': 0.32,
  ',': 0.32,
  '.': 0.32,
  ':': 0.34,
  ';': 0.34,
  '/': 0.34,
  '#': 0.84,
  '+': 0.84,
  '-': 0.36,
  '(': 0.39,
  ')': 0.39,
  _: 0.5,
  f: 0.35,
  i: 0.28,
  j: 0.28,
  l: 0.28,
  r: 0.41,
  t: 0.39,
  s: 0.52,
  c: 0.55,
  z: 0.53,
  m: 0.97,
  w: 0.82,
  I: 0.3,
  M: 0.86,
  W: 0.99,
};

/** Estimated width of `text` drawn at `px` in the page's sans-serif (bold a little wider), px. */
export function textWidth(text: string, px: number, bold = false): number {
  let em = 0;
  for (const ch of text) {
    em += EM[ch] ?? (ch >= '0' && ch <= '9' ? 0.64 : ch >= 'A' && ch <= 'Z' ? 0.7 : 0.62);
  }
  return em * px * (bold ? 1.1 : 1);
}

/** The narrowest a squeezed text may be against its natural width (SVG textLength). */
const MIN_SQUEEZE = 0.85;

/**
 * The first of `candidates` (longest wording first) that fits in `avail` px at `px`, squeezed
 * a little (SVG textLength) if need be; when none does, the last, squeezed into `avail`.
 */
export function fitText(
  candidates: readonly string[],
  avail: number,
  px: number,
  bold = false,
): FitText {
  const fit = Math.max(8, Math.floor(avail));
  for (const text of candidates) {
    const est = textWidth(text, px, bold);
    if (est <= avail) return { text };
    if (est * MIN_SQUEEZE <= avail) return { text, fit };
  }
  return { text: candidates[candidates.length - 1] ?? '', fit };
}

/** Path data of an arc from 12 o'clock clockwise over `frac` of a circle ('' for none). */
export function arcPath(cx: number, cy: number, r: number, frac: number): string {
  const f = Math.min(1, Math.max(0, frac));
  if (f <= 0.005) return '';
  const top = `M ${cx.toFixed(1)} ${(cy - r).toFixed(1)}`;
  if (f >= 0.995) {
    return `${top} A ${r} ${r} 0 1 1 ${cx.toFixed(1)} ${(cy + r).toFixed(1)} A ${r} ${r} 0 1 1 ${cx.toFixed(1)} ${(cy - r).toFixed(1)}`;
  }
  const a = f * 2 * Math.PI;
  const x = cx + r * Math.sin(a);
  const y = cy - r * Math.cos(a);
  return `${top} A ${r} ${r} 0 ${f > 0.5 ? 1 : 0} 1 ${x.toFixed(1)} ${y.toFixed(1)}`;
}

/** Font sizes of the kernel station's table headings and grace-period lines, px (stage.css). */
export const KW_HEAD_PX = 8.5;
export const GP_PX = 10;
/** Baseline of the table's headings, top of its first row, row pitch (px). */
const KW_HEAD_Y = 57;
export const KW_ROWS_TOP = 60;
export const KW_ROW_H = 10;
/** Rows at most (the busiest CPUs when more have work: the last row says how many more). */
export const KW_MAX_ROWS = 8;
/** The grace-period box at the bottom of the kernel station: two lines, or three with room. */
const GP_LINE_H = 11;
const GP_BOTTOM = BOX_BOTTOM - 4;
const gpHeight = (lines: number) => 5 + lines * GP_LINE_H;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

function cpuWork(c: KernelCpuView): number {
  return c.queued + c.grace + c.released;
}

function ms(us: number): string {
  return `${(Math.max(0, us) / 1000).toFixed(1)} ms`;
}

/** One CPU's work in words. */
function cpuWords(c: KernelCpuView): string {
  return `CPU ${c.cpu} (${plural(c.hogs, 'hog')}, ${plural(c.workers, 'kworker')}): ${formatCount(c.queued)} waiting for a kworker, ${formatCount(c.grace)} asleep in a grace period, ${formatCount(c.released)} released and waking to send`;
}

/** The state of RCU's grace periods as the kernel station tells it. */
function gpState(view: LaneView): {
  state: GpIndicator['state'];
  number: number;
  released: number;
  next: number;
  end: TraceEvent | null;
  words: string;
} {
  const k = view.kernel;
  let end: TraceEvent | null = null;
  for (const e of view.events) if (e.what === 'k_gp') end = e;
  const grace = k.cpus.reduce((n, c) => n + c.grace, 0);
  const done = k.gpCompleted;
  if (end) {
    const n = end.n ?? 0;
    return {
      state: 'ended',
      number: done,
      released: n,
      next: k.gp ? k.gp.current : 0,
      end,
      words: `grace period #${done} has just ended: ${plural(n, 'deletion')} released${end.field ? ` on ${end.field}` : ''}, ${n === 1 ? 'its DEL_PEER leaves' : 'their DEL_PEERs leave together'}${k.gp ? `; grace period #${done + 1} has begun for the ${formatCount(k.gp.current)} that came during it` : ''}`,
    };
  }
  if (k.gp) {
    return {
      state: 'running',
      number: done + 1,
      released: k.gp.current,
      next: k.gp.next,
      end,
      words: `grace period #${done + 1} in progress, ending in ${ms(k.gp.endsUs - view.nowUs)}: ${plural(k.gp.current, 'deletion')} released at its end, ${formatCount(k.gp.next)} came during it and wait for the next`,
    };
  }
  if (grace > 0) {
    return {
      state: 'starting',
      number: done + 1,
      released: grace,
      next: 0,
      end,
      words: `grace period #${done + 1} asked for and about to start: ${plural(grace, 'deletion')} wait for it`,
    };
  }
  return {
    state: 'idle',
    number: done,
    released: 0,
    next: 0,
    end,
    words: `no grace period in progress (${formatCount(done)} completed)`,
  };
}

/** The grace period in progress, asked for, or just ended, in words (the kernel panel too). */
export function gpWords(view: LaneView): string {
  return gpState(view).words;
}

/** Rows of the per-CPU table at most: beyond, the busiest, and the rest summed in one line. */
export const CPU_TABLE_MAX = 16;

export interface CpuTable {
  /** The CPUs listed, by number. */
  rows: KernelCpuView[];
  /** The CPUs left out (fewest items) and their items, summed. */
  hidden: { cpus: number; queued: number; grace: number; released: number };
  /** Every CPU's items, summed. */
  total: { queued: number; grace: number; released: number; workers: number };
}

/** The kernel panel's per-CPU table of an ovpn-dco lane (lane/PeerTable.tsx): every CPU with a row, or the busiest `max`. */
export function cpuTable(view: LaneView, max = CPU_TABLE_MAX): CpuTable {
  const cpus = view.kernel.cpus;
  const work = (c: KernelCpuView) => c.queued + c.grace + c.released;
  let rows = cpus;
  let left: KernelCpuView[] = [];
  if (cpus.length > max) {
    const ranked = [...cpus].sort((a, b) => work(b) - work(a) || a.cpu - b.cpu);
    rows = ranked.slice(0, max).sort((a, b) => a.cpu - b.cpu);
    left = ranked.slice(max);
  }
  const sum = (list: readonly KernelCpuView[]) =>
    list.reduce(
      (n, c) => ({
        queued: n.queued + c.queued,
        grace: n.grace + c.grace,
        released: n.released + c.released,
        workers: n.workers + c.workers,
      }),
      { queued: 0, grace: 0, released: 0, workers: 0 },
    );
  const h = sum(left);
  return {
    rows,
    hidden: { cpus: left.length, queued: h.queued, grace: h.grace, released: h.released },
    total: sum(cpus),
  };
}

/** The grace-period line under the table: the one in progress (or just ended), and the run's. */
export function gpLine(view: LaneView): string {
  const k = view.kernel;
  const words = gpWords(view);
  const runs =
    k.gpCompleted > 0
      ? ` ${formatCount(k.gpCompleted)} completed so far; a grace period lasts ${(k.gpMedianUs / 1000).toFixed(1)} ms at the median.`
      : '';
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}.${runs}`;
}

/** The grace-period box's lines: a title, then what its end releases (one line or two). */
function gpLines(
  g: ReturnType<typeof gpState>,
  done: number,
  three: boolean,
  titleAvail: number,
  avail: number,
): FitText[] {
  const n = g.number;
  const r = formatCount(g.released);
  const nx = formatCount(g.next);
  const leave = g.released === 1 ? 'leaves' : 'leave';
  const title = (suffix = '') =>
    fitText([`grace period #${n}${suffix}`, `GP #${n}${suffix}`], titleAvail, GP_PX, true);
  const line = (c: string[], bold = false) => fitText(c, avail, GP_PX, bold);
  switch (g.state) {
    case 'running':
      if (three) {
        return [
          title(),
          line([`${r} ${leave} at its end`, `${r} ${leave} at end`, `${r} ${leave}`]),
          line([`${nx} wait for the next`, `${nx} wait for next`, `${nx} wait`]),
        ];
      }
      return [
        title(),
        line(
          g.next > 0
            ? [
                `${r} ${leave} at its end, ${nx} wait`,
                `${r} ${leave} at end, ${nx} wait`,
                `${r} ${leave}, ${nx} wait`,
              ]
            : [`${r} ${leave} at its end`, `${r} ${leave} at end`, `${r} ${leave}`],
        ),
      ];
    case 'starting':
      return [
        title(),
        line([`about to start: ${r} wait`, `starting: ${r} wait`, `${r} wait for it`, `${r} wait`]),
        ...(three ? [line(['(the RCU kthread needs a CPU)', '(kthread needs a CPU)'])] : []),
      ];
    case 'ended': {
      const one = g.released === 1;
      const dp = one ? 'DEL_PEER' : 'DEL_PEERs';
      if (three) {
        return [
          title(' ends'),
          line([`${r} ${dp}`], true),
          line(one ? ['leaves'] : ['leave together', 'leave at once'], true),
        ];
      }
      return [
        title(' ends:'),
        line(
          one
            ? [`1 DEL_PEER leaves`, `1 leaves now`]
            : [
                `${r} ${dp} leave together`,
                `${r} ${dp} leave`,
                `${r} leave together`,
                `${r} leave now`,
              ],
          true,
        ),
      ];
    }
    case 'idle':
      return [
        fitText(['no grace period', 'no GP'], titleAvail, GP_PX, true),
        line(
          done > 0
            ? [
                `${formatCount(done)} completed so far`,
                `${formatCount(done)} completed`,
                `${formatCount(done)} done`,
              ]
            : ['none yet'],
        ),
      ];
  }
}

/**
 * ovpn-dco's delete work in the kernel station, inside [x0, x0 + w): a row per CPU (its number,
 * its hogs, its items waiting for a kworker, asleep in synchronize_rcu, released), at most as
 * many as fit above the grace-period box, and the box: the grace period in progress and how
 * many its end releases, or the moment one ended and its deletions leave together. A few peers
 * (up to 64) show as small cells between the two when they fit.
 */
export function buildKernelWork(
  view: LaneView,
  x0: number,
  w: number,
): { work: KernelWork; cells: MultiCell[] } {
  const k = view.kernel;
  // columns: CPU number, hog marks, three counts
  const wide = w >= 100;
  const cpuW = wide ? 16 : 12;
  const hogW = wide ? 22 : 12;
  const cpuRight = x0 + cpuW - 1;
  const hogX = x0 + cpuW + 2;
  const cellsX = hogX + hogW + 2;
  const gap = 2;
  const cellW = Math.max(8, (x0 + w - cellsX - 2 * gap) / 3);
  const cellX: [number, number, number] = [
    cellsX,
    cellsX + cellW + gap,
    cellsX + 2 * (cellW + gap),
  ];
  const headFor = (c: readonly string[]) =>
    c.find((t) => textWidth(t, KW_HEAD_PX) <= cellW + 3) ?? c[c.length - 1]!;
  const heads: [string, string, string] = [
    headFor(['queued', 'wait']),
    headFor(['in GP', 'GP']),
    headFor(['to send', 'send', 'out']),
  ];

  const freshCpus = new Set<number>();
  for (const e of view.events) {
    if ((e.what === 'k_work' || e.what === 'k_notify') && e.cpu !== undefined) freshCpus.add(e.cpu);
  }
  const g = gpState(view);

  // the rows: every CPU that fits above a two-line box, else the busiest and a last row
  // saying how many more
  const room = Math.max(
    1,
    Math.min(KW_MAX_ROWS, Math.floor((GP_BOTTOM - gpHeight(2) - 2 - KW_ROWS_TOP) / KW_ROW_H)),
  );
  let shown: KernelCpuView[] = k.cpus;
  let hidden: KernelCpuView[] = [];
  if (k.cpus.length > room) {
    const ranked = [...k.cpus].sort(
      (a, b) =>
        Number(freshCpus.has(b.cpu)) - Number(freshCpus.has(a.cpu)) ||
        cpuWork(b) - cpuWork(a) ||
        b.hogs - a.hogs ||
        a.cpu - b.cpu,
    );
    shown = ranked.slice(0, room - 1).sort((a, b) => a.cpu - b.cpu);
    hidden = ranked.slice(room - 1);
  }
  const rows: CpuRow[] = shown.map((c, j) => ({
    cpu: c.cpu,
    hogs: c.hogs,
    queued: c.queued,
    grace: c.grace,
    released: c.released,
    workers: c.workers,
    y: KW_ROWS_TOP + j * KW_ROW_H,
    fresh: freshCpus.has(c.cpu),
    freshReleased: g.end !== null && c.released > 0,
  }));
  const more =
    hidden.length > 0
      ? {
          text: `+${plural(hidden.length, 'CPU')}`,
          x: x0,
          y: KW_ROWS_TOP + rows.length * KW_ROW_H + 8,
        }
      : null;
  const rowsBottom = KW_ROWS_TOP + (rows.length + (more ? 1 : 0)) * KW_ROW_H;

  // a few peers as cells under the rows, if they fit above a two-line box; else the box takes
  // three lines when there is room
  let cells: MultiCell[] = [];
  const kCount = k.peers.length;
  if (kCount <= 64) {
    const top = rowsBottom + 3;
    const places = cellPlaces(kCount, x0, w, top, {
      size: 8,
      alignBottom: true,
      bottom: GP_BOTTOM - gpHeight(2) - 3,
    });
    if (places.length > 0 && places[0]!.y >= top && places[0]!.size >= 5) {
      cells = places.map((p, id) => ({
        ...p,
        peer: id,
        state: k.peers[id] ?? PEER.none,
        fresh: false,
      }));
    }
  }
  const three = cells.length === 0 && rowsBottom + 4 <= GP_BOTTOM - gpHeight(3);
  const gpH = gpHeight(three ? 3 : 2);
  const gpY = GP_BOTTOM - gpH;
  const ringR = 5;
  const progress =
    g.state === 'ended'
      ? 1
      : g.state === 'running' && k.gp && k.gpMedianUs > 0
        ? Math.min(1, Math.max(0, 1 - (k.gp.endsUs - view.nowUs) / k.gpMedianUs))
        : 0;
  const ringCx = x0 + w - ringR - 4;
  const ringCy = gpY + 8;
  const gp: GpIndicator = {
    state: g.state,
    number: g.number,
    released: g.released,
    next: g.next,
    x: x0,
    y: gpY,
    w,
    h: gpH,
    lines: gpLines(g, k.gpCompleted, three, w - 8 - (2 * ringR + 4), w - 8),
    ring: {
      cx: ringCx,
      cy: ringCy,
      r: ringR,
      arc: arcPath(ringCx, ringCy, ringR, progress),
      progress,
    },
  };

  // in words
  let queued = 0;
  let grace = 0;
  let released = 0;
  for (const c of k.cpus) {
    queued += c.queued;
    grace += c.grace;
    released += c.released;
  }
  const hiddenWork = hidden.reduce(
    (n, c) => ({ q: n.q + c.queued, g: n.g + c.grace, r: n.r + c.released }),
    { q: 0, g: 0, r: 0 },
  );
  const perCpu = [
    ...shown.map(cpuWords),
    ...(hidden.length > 0
      ? [
          `${plural(hidden.length, 'more CPU')}: ${formatCount(hiddenWork.q)} waiting, ${formatCount(hiddenWork.g)} in a grace period, ${formatCount(hiddenWork.r)} to send`,
        ]
      : []),
  ];
  const words = `delete work on ${plural(k.cpus.length, 'CPU')} (${plural(k.hogs, 'CPU hog')} on ${plural(k.cpuCount, 'CPU')}): ${perCpu.join('; ')}; ${g.words}`;
  const sentence = `Kernel (ovpn-dco): ${plural(queued + grace + released, 'deletion')} on ${plural(k.cpus.length, 'CPU')} with ${plural(k.hogs, 'CPU hog')} in all, ${formatCount(queued)} waiting for a kworker, ${formatCount(grace)} asleep in a grace period, ${formatCount(released)} released to send; ${g.words}.`;

  const work: KernelWork = {
    x: x0,
    w,
    headY: KW_HEAD_Y,
    cpuRight,
    hogX,
    hogStep: wide ? 5 : 3,
    cellX,
    cellW,
    rowH: KW_ROW_H,
    heads,
    hogHead: wide,
    rows,
    more,
    gp,
    words,
    sentence,
  };
  return { work, cells };
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
  const dco = view.kernel.flavour === 'ovpn-dco';
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
  const kCount = view.kernel.peers.length;
  let kernelMore: StageModel['kernelMore'] = null;
  let kernelCells: MultiCell[];
  let kernelCellLabels = false;
  let kernelWork: KernelWork | null = null;
  if (dco) {
    // ovpn-dco: the per-CPU delete work and the grace period take the station; a few peers as
    // small cells between the two when they fit
    const built = buildKernelWork(view, kc.x + pad, kc.w - 2 * pad);
    kernelWork = built.work;
    kernelCells = built.cells;
  } else {
    // mainline: a dashed token per peer to notify, the peers as cells (up to 64)
    const kTop = areaTop + 4;
    const kItems = pending.map((peer) => {
      const label = `p${peer}`;
      return { peer, label, w: tokenWidth(label) };
    });
    // With the peers drawn as cells below (up to 64), the waiting tokens keep to one row.
    const kRows = peers.length <= 64 ? 1 : 3;
    const kFlow = flow(kItems, kc.x + pad, kc.w - 2 * pad, kTop, kRows);
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
    kernelMore =
      kHidden > 0
        ? { text: `+${formatCount(kHidden)}`, x: kc.x + pad, y: kTop + kRows * TOKEN_ROW + 9 }
        : null;
    // green alive, amber with the keepalive timer armed, red expired while the scan has still
    // to send the DEL_PEER
    kernelCellLabels = kCount <= 16;
    kernelCells =
      kCount > 64
        ? []
        : cellPlaces(kCount, kc.x + pad, kc.w - 2 * pad, kTop + TOKEN_ROW + 4, {
            size: kernelCellLabels ? 16 : 8,
            alignBottom: true,
          }).map((p, id) => ({ ...p, peer: id, state: peers[id] ?? PEER.none, fresh: false }));
  }

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
          // until the kernel deletes each and sends its DEL_PEER.
          lines: [
            {
              text: `${formatCount(view.kernel.peerCount)} peer${view.kernel.peerCount === 1 ? '' : 's'}`,
            },
            {
              text: `${formatCount(deleting)} to notify`,
              tone: deleting > 0 ? 'warn' : undefined,
            },
            ...(dco
              ? []
              : [
                  fitText(
                    ['one scan, no grace period', 'one scan, no GP', 'scan, no GP'],
                    c.w - 12,
                    LINE_PX,
                  ),
                ]),
          ],
          words: dco
            ? `${formatCount(view.kernel.peerCount)} peer${view.kernel.peerCount === 1 ? '' : 's'} in the table (${formatCount(alive)} alive, ${formatCount(armed)} with the keepalive timer armed), ${formatCount(deleting)} deleted whose DEL_PEER is not sent yet; ${kernelWork!.words}`
            : `${formatCount(view.kernel.peerCount)} peer${view.kernel.peerCount === 1 ? '' : 's'} in the table (${formatCount(alive)} alive, ${formatCount(armed)} with the keepalive timer armed, ${formatCount(deleting)} expired whose DEL_PEER the scan has still to send); mainline ovpn: one scan deletes and notifies, no grace period`,
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

  // a line too long for its station is squeezed into it rather than running into the next
  for (const st of stations) {
    const avail = st.w - 12;
    for (const l of st.lines) {
      if (l.fit !== undefined) continue;
      const est =
        l.tone === 'ok' ? l.text.length * CHAR_W : textWidth(l.text, LINE_PX, l.tone !== undefined);
      if (est > avail) l.fit = Math.max(8, Math.floor(avail));
    }
  }

  const bufW = qc.w - 2 * pad;
  const lostTotal = view.lost.total;
  const kernelSentence = kernelWork
    ? kernelWork.sentence
    : 'Kernel (mainline ovpn): one scan deletes the expired peers and sends their DEL_PEERs, no per-CPU work and no grace period.';
  const summary = `${lostTotal === 0 ? 'No notification lost' : `${formatCount(lostTotal)} notification${lostTotal === 1 ? '' : 's'} lost`}, ${formatCount(ghosts)} ghost${ghosts === 1 ? '' : 's'} in multi_context; CPU load ${loadName(view.load)}. ${kernelSentence}`;
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
    kernelWork,
    origin: kernelWork
      ? {
          x: kernelWork.cellX[2] + kernelWork.cellW / 2,
          y: KW_ROWS_TOP + (Math.max(1, kernelWork.rows.length) * kernelWork.rowH) / 2,
        }
      : { x: kc.x + kc.w / 2, y: 66 },
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
