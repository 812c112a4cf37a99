/**
 * The counts of a run, as printed by the CLI's --json and shown by the UI: one function turns a
 * state into a summary so both always agree.
 */
import type { SimState } from './state.ts';
import { hashHex } from './trace.ts';

export interface RunSummary {
  variant: string;
  seed: number;
  peers: number;
  batch: number | 'auto';
  load: number;
  kernel: string;
  maxClients: number;
  emitted: number;
  queued: number;
  dropped: number;
  processed: number;
  swallowed: number;
  swallowedBy: Record<string, number>;
  overwritten: number;
  wiped: number;
  inSlot: number;
  queuedAtEnd: number;
  ghosts: number;
  peakGhosts: number;
  ghostsCreated: number;
  nleAgain: number;
  nleBusy: number;
  nleNomem: number;
  maxReadDepth: number;
  statsSkippedLocked: number;
  exited: { atUs: number; reason: string } | null;
  reconnectAttempts: number;
  refused: number;
  reconnected: number;
  reapedByTls: number;
  readsBy: Record<string, number>;
  kernelPeers: number;
  instances: number;
  events: number;
  simUs: number;
  /**
   * Time from the first DEL_PEER emitted until the last one left the socket queue (read or
   * dropped); null when none was emitted or some are still queued.
   */
  drainUs: number | null;
  traceHash: string;
  /** The run was stopped by the event budget (MAX_RUN_EVENTS) before its end. */
  budgetCut: boolean;
}

/** The counters that a seed sweep aggregates (min, median, max). */
export const SWEEP_COUNTS = [
  'emitted',
  'queued',
  'dropped',
  'processed',
  'swallowed',
  'overwritten',
  'wiped',
  'queuedAtEnd',
  'ghosts',
  'peakGhosts',
  'nleAgain',
  'nleBusy',
  'nleNomem',
  'maxReadDepth',
  'reconnectAttempts',
  'refused',
  'reconnected',
  'reapedByTls',
  'events',
  'simUs',
] as const satisfies readonly (keyof RunSummary)[];
export type SweepCount = (typeof SWEEP_COUNTS)[number];

/** DEL_PEER notifications still in the socket queue. */
export function queuedDels(state: SimState): number {
  let n = 0;
  const q = state.sock.queue;
  for (let i = state.sock.head; i < q.length; i++) if (q[i]!.kind === 'del') n++;
  return n;
}

export function summarize(state: SimState): RunSummary {
  const c = state.counters;
  const s = state.settings;
  return {
    variant: s.variant,
    seed: s.seed,
    peers: s.peers,
    batch: s.batch,
    load: s.load,
    kernel: state.kernel.flavour,
    maxClients: s.maxClients,
    emitted: c.emitted,
    queued: c.queued,
    dropped: c.dropped,
    processed: c.processed,
    swallowed: c.swallowed,
    swallowedBy: { ...c.swallowedBy },
    overwritten: c.overwritten,
    wiped: c.wiped,
    inSlot: c.inSlot,
    queuedAtEnd: queuedDels(state),
    ghosts: c.ghosts,
    peakGhosts: c.peakGhosts,
    ghostsCreated: c.ghostsCreated,
    nleAgain: c.nleAgain,
    nleBusy: c.nleBusy,
    nleNomem: c.nleNomem,
    maxReadDepth: c.maxReadDepth,
    statsSkippedLocked: c.statsSkippedLocked,
    exited: state.exited ? { ...state.exited } : null,
    reconnectAttempts: c.reconnectAttempts,
    refused: c.refused,
    reconnected: c.reconnected,
    reapedByTls: c.reapedByTls,
    readsBy: { ...c.readsBy },
    kernelPeers: state.kernel.peerCount,
    instances: state.multi.hashCount,
    events: state.traceCount,
    simUs: state.nowUs,
    drainUs:
      c.firstEmitUs >= 0 && c.lastDelOutUs >= 0 && queuedDels(state) === 0
        ? c.lastDelOutUs - c.firstEmitUs
        : null,
    traceHash: hashHex(state.traceHash),
    budgetCut: state.budgetCut,
  };
}
